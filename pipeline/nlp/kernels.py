"""A faster forward pass for slovnet's CNN taggers (NER, morphology, syntax), on their own weights.

slovnet's numpy ``Conv1d`` copies every input three times into an im2col matrix and works in
(batch, channels, length) layout, which costs further copies around each layer. Here the layout
stays (batch, length, channels) and a width-3 convolution is one matrix product of the input with
the three kernel columns side by side, whose slices are added shifted by one position. The first
layer's input is a function of the (word id, shape id) pair alone, so its product is taken once
per distinct pair of the batch (news repeats its words) and gathered.

The sums run in another order than slovnet's, so values differ in the last float bits; tags,
heads and relations were compared with slovnet's own forward pass (``benchmarks/kernels.py``,
``tests/nlp/test_kernels.py``) and the dev scores shown in ``docs/performance.md``.
"""
from __future__ import annotations

import numpy as np


class _Layer:
    def __init__(self, layer):
        w = layer.conv.weight.array  # (filters, in, 3)
        if w.shape[2] != 3 or layer.conv.padding != 1:
            raise ValueError("only width-3 convolutions padded by one are supported")
        self.filters = w.shape[0]
        # (in, 3 * filters): the kernel's columns for x[t-1], x[t], x[t+1], side by side
        self.w = np.ascontiguousarray(np.concatenate([w[:, :, k].T for k in range(3)], axis=1))
        self.bias = layer.conv.bias.array
        n = layer.norm
        self.mean, self.std, self.gamma, self.beta = n.mean.array, n.std.array, n.weight.array, n.bias.array

    def finish(self, p: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        """Shifted sum of the three kernel products ``p`` (batch, length, 3 * filters), then ReLU,
        batch norm and the padding zeroed, as slovnet's layer does."""
        f = self.filters
        y = p[:, :, f:2 * f] + self.bias
        y[:, 1:] += p[:, :-1, :f]
        y[:, :-1] += p[:, 1:, 2 * f:]
        np.maximum(y, 0, out=y)
        y = (y - self.mean) / self.std * self.gamma + self.beta
        y[pad_mask] = 0
        return y

    def __call__(self, x: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        b, n, c = x.shape
        p = (x.reshape(b * n, c) @ self.w).reshape(b, n, -1)
        return self.finish(p, pad_mask)


class FastTagger:
    """Stands in for a slovnet ``NER``/``Morph``/``Syntax`` module inside its ``Infer``: the same
    call signature and ``head``/``rel`` attributes, the encoder computed as above."""

    def __init__(self, model):
        self.model = model
        self.head = model.head
        self.rel = getattr(model, "rel", None)
        emb = model.emb
        self.codes = emb.word.codes.array  # (qdim, centroids, chunk)
        self.indexes = emb.word.indexes.array
        self.qdims = np.arange(self.codes.shape[0])
        self.shapes = emb.shape.weight.array
        self.n_shapes = self.shapes.shape[0]
        self.layers = [_Layer(layer) for layer in model.encoder.layers]

    def _embed(self, word_id: np.ndarray, shape_id: np.ndarray) -> np.ndarray:
        words = self.codes[self.qdims, self.indexes[word_id]].reshape(len(word_id), -1)
        return np.concatenate((words, self.shapes[shape_id]), axis=-1)

    def encode(self, word_id: np.ndarray, shape_id: np.ndarray, pad_mask: np.ndarray) -> np.ndarray:
        b, n = word_id.shape
        pair = word_id.astype(np.int64) * self.n_shapes + shape_id
        uniq, inverse = np.unique(pair.ravel(), return_inverse=True)
        first = self.layers[0]
        p = (self._embed(uniq // self.n_shapes, uniq % self.n_shapes) @ first.w)[inverse]
        x = first.finish(p.reshape(b, n, -1), pad_mask)
        for layer in self.layers[1:]:
            x = layer(x, pad_mask)
        return x

    def __call__(self, word_id, shape_id, pad_mask):
        x = self.encode(word_id, shape_id, pad_mask)
        if self.rel is None:
            return self.head(x)
        from slovnet.exec.model import SyntaxPred

        head_id = self.head(x)
        rel_id = self.rel(x, self.head.decode(head_id, ~pad_mask))
        return SyntaxPred(head_id, rel_id)


def speed_up(natasha_model):
    """Put a ``FastTagger`` in place of the module of a Natasha tagger's ``infer`` (once)."""
    infer = natasha_model.infer
    if not isinstance(infer.model, FastTagger):
        infer.model = FastTagger(infer.model)
    return natasha_model
