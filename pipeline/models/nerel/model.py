"""The NEREL tagger at run time: numpy only (the weights were trained with torch, see
``training/nerel_train.py``; torch is not needed to run it).

Input per sentence: the (n, 8) int array of ``features.featurize``. Output: spans
(start, end, type) in sentence token positions, nested where the model nests them.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .features import MAX_CHARS
from .tags import LEVELS, TYPES, decode

HERE = Path(__file__).resolve().parent
WEIGHTS = HERE / "weights.npz"
META = HERE / "meta.json"


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class NerelTagger:
    """BiLSTM tagger; ``navec_pq`` is navec's product-quantized table (Natasha's ``NewsEmbedding().pq``)."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict, navec_pq):
        self.meta = meta
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.layers = int(meta["layers"])
        self.hidden = int(meta["hidden"])
        self.types = tuple(meta["types"])
        if self.types != TYPES or int(meta["levels"]) != LEVELS:
            raise ValueError("NEREL weights do not match pipeline.models.nerel.tags")
        self.pq = navec_pq
        self.lstm = []
        for k in range(self.layers):
            dirs = []
            for sfx in ("", "_reverse"):
                wih = self.w[f"lstm.weight_ih_l{k}{sfx}"]
                whh = self.w[f"lstm.weight_hh_l{k}{sfx}"]
                b = self.w[f"lstm.bias_ih_l{k}{sfx}"] + self.w[f"lstm.bias_hh_l{k}{sfx}"]
                dirs.append((np.ascontiguousarray(wih.T), np.ascontiguousarray(whh.T), b))
            self.lstm.append(dirs)
        if "conv.weight" in self.w:  # torch Conv1d (out, in, k) -> (k * in, out)
            cw = self.w["conv.weight"]
            self.conv_w = np.ascontiguousarray(cw.transpose(2, 1, 0).reshape(-1, cw.shape[0]))
        self.out_w = np.ascontiguousarray(self.w["out.weight"].T)
        self.out_b = self.w["out.bias"]

    def _embed(self, x: np.ndarray) -> np.ndarray:
        pq = self.pq
        words = pq.codes[pq.qdims, pq.indexes[x[..., 0]]].reshape(*x.shape[:-1], pq.dim)
        w = self.w
        h = w["hash.weight"]
        parts = [words, h[x[..., 1]] + h[x[..., 2]] + h[x[..., 3]], w["shape.weight"][x[..., 4]],
                 w["pos.weight"][x[..., 5]], w["case.weight"][x[..., 6]]]
        if "ner.weight" in w:  # a model trained without Natasha's NER tag has none
            parts.append(w["ner.weight"][x[..., 7]])
        if "char.weight" in w:
            parts.append(self._chars(x[..., 8:8 + MAX_CHARS]))
        return np.concatenate(parts, axis=-1).astype(np.float32)

    def _chars(self, c: np.ndarray) -> np.ndarray:
        """Character CNN: embeddings, a width-3 convolution, ReLU, max over the word's characters."""
        w = self.w
        e = w["char.weight"][c]  # (..., C, 32)
        pad = np.zeros_like(e[..., :1, :])
        left = np.concatenate([pad, e[..., :-1, :]], axis=-2)
        right = np.concatenate([e[..., 1:, :], pad], axis=-2)
        h = np.concatenate([left, e, right], axis=-1) @ self.conv_w + w["conv.bias"]
        h = np.maximum(h, 0.0) * (c > 0)[..., None]
        return h.max(axis=-2)

    def _direction(self, X, lens, wih_t, whh_t, b, reverse: bool, G=None):
        """One LSTM direction over X (batch, length, in); ``G``, when given, is ``X @ wih_t + b``
        already computed."""
        B, L = (X if G is None else G).shape[:2]
        H = self.hidden
        if reverse:
            t = np.arange(L)[None, :]
            rev = np.where(t < lens[:, None], lens[:, None] - 1 - t, t)
            if G is None:
                X = X[np.arange(B)[:, None], rev]
            else:
                G = G[np.arange(B)[:, None], rev]
        if G is None:
            G = X @ wih_t + b
        h = np.zeros((B, H), dtype=np.float32)
        c = np.zeros((B, H), dtype=np.float32)
        out = np.empty((B, L, H), dtype=np.float32)
        for t_ in range(L):
            g = G[:, t_] + h @ whh_t
            i = _sigmoid(g[:, :H])
            f = _sigmoid(g[:, H:2 * H])
            gg = np.tanh(g[:, 2 * H:3 * H])
            o = _sigmoid(g[:, 3 * H:])
            c = f * c + i * gg
            h = o * np.tanh(c)
            out[:, t_] = h
        if reverse:
            out = out[np.arange(B)[:, None], rev]
        return out

    def tags(self, feats: Sequence[np.ndarray]) -> list[np.ndarray]:
        """(n, LEVELS, TYPES) tag array of each sentence, sentences of one padded batch."""
        lens = np.array([len(f) for f in feats])
        L = int(lens.max())
        x = np.zeros((len(feats), L, feats[0].shape[1]), dtype=np.int64)
        x[:, :, 0] = self.pq.vectors - 1  # pad: navec's <pad> row
        for b, f in enumerate(feats):
            x[b, :len(f)] = f
        # The first layer's input projection depends on a token's feature row alone: computed
        # once per distinct row of the batch (news repeats its words) and gathered.
        rows = np.ascontiguousarray(x.reshape(-1, x.shape[-1]))
        _, first, inverse = np.unique(rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))),
                                      return_index=True, return_inverse=True)
        Xu = self._embed(rows[first])
        X = None
        for k, dirs in enumerate(self.lstm):
            if k == 0:
                G = [(Xu @ d[0] + d[2])[inverse.ravel()].reshape(len(feats), L, -1) for d in dirs]
                X = np.concatenate([self._direction(None, lens, *dirs[0], reverse=False, G=G[0]),
                                    self._direction(None, lens, *dirs[1], reverse=True, G=G[1])], axis=-1)
                continue
            X = np.concatenate([self._direction(X, lens, *dirs[0], reverse=False),
                                self._direction(X, lens, *dirs[1], reverse=True)], axis=-1)
        logits = (X @ self.out_w + self.out_b).reshape(len(feats), L, LEVELS, len(TYPES), 3)
        tags = logits.argmax(-1).astype(np.uint8)
        return [tags[b, :n] for b, n in enumerate(lens)]

    def spans(self, feats: Sequence[np.ndarray], batch_tokens: int = 4000) -> list[list[tuple[int, int, str]]]:
        """(start, end, NEREL type) of each sentence, token positions within the sentence;
        sentences are batched by length within ``batch_tokens`` padded tokens."""
        from ...nlp.batching import one_blas_thread

        with one_blas_thread():  # deterministic, and far faster than threads spinning for a core
            return self._spans(feats, batch_tokens)

    def _spans(self, feats: Sequence[np.ndarray], batch_tokens: int) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = [[] for _ in feats]
        order = sorted((i for i in range(len(feats)) if len(feats[i])), key=lambda i: len(feats[i]))
        batch: list[int] = []

        def flush():
            for i, t in zip(batch, self.tags([feats[i] for i in batch])):
                out[i] = sorted({(a, z, TYPES[ty]) for a, z, _, ty in decode(t)})

        for i in order:
            if batch and len(feats[i]) * (len(batch) + 1) > batch_tokens:
                flush()
                batch = []
            batch.append(i)
        if batch:
            flush()
        return out


class CnnTagger(NerelTagger):
    """The same features and output as the BiLSTM's, through width-3 convolutions (ReLU, then
    batch norm folded into a scale and shift), dilated; padding zeroed after every layer, as in
    training (``training/nerel_train.py``, ``CnnTagger``)."""

    def __init__(self, weights: dict[str, np.ndarray], meta: dict, navec_pq):
        self.meta = meta
        self.w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items()}
        self.types = tuple(meta["types"])
        if self.types != TYPES or int(meta["levels"]) != LEVELS:
            raise ValueError("NEREL weights do not match pipeline.models.nerel.tags")
        self.pq = navec_pq
        self.layers = []
        for k, d in enumerate(meta["dilations"]):
            cw = self.w[f"convs.{k}.weight"]  # torch (out, in, 3) -> (in, 3 * out): the taps side by side
            w = np.ascontiguousarray(cw.transpose(1, 2, 0).reshape(cw.shape[1], -1))
            g, beta = self.w[f"norms.{k}.weight"], self.w[f"norms.{k}.bias"]
            mean, var = self.w[f"norms.{k}.running_mean"], self.w[f"norms.{k}.running_var"]
            scale = (g / np.sqrt(var + 1e-5)).astype(np.float32)
            self.layers.append((int(d), w, self.w[f"convs.{k}.bias"], scale, (beta - mean * scale).astype(np.float32)))
        self.out_w = np.ascontiguousarray(self.w["out.weight"].T)
        self.out_b = self.w["out.bias"]

    @staticmethod
    def _shift_add(Y: np.ndarray, d: int) -> np.ndarray:
        """(B, L, 3 * C) tap products -> (B, L, C): tap 0 reads the token ``d`` before, tap 2 ``d`` after."""
        B, L, C3 = Y.shape
        Y = Y.reshape(B, L, 3, C3 // 3)
        out = Y[:, :, 1].copy()
        if d < L:
            out[:, d:] += Y[:, :-d, 0]
            out[:, :-d] += Y[:, d:, 2]
        return out

    def tags(self, feats: Sequence[np.ndarray]) -> list[np.ndarray]:
        logits, lens = self.logits(feats)
        tags = logits.argmax(-1).astype(np.uint8)
        return [tags[b, :n] for b, n in enumerate(lens)]

    def logits(self, feats: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(batch, length, LEVELS, TYPES, 3) scores of one padded batch, and the lengths."""
        lens = np.array([len(f) for f in feats])
        B, L = len(feats), int(lens.max())
        x = np.zeros((B, L, feats[0].shape[1]), dtype=np.int64)
        x[:, :, 0] = self.pq.vectors - 1
        for b, f in enumerate(feats):
            x[b, :len(f)] = f
        mask = (np.arange(L)[None, :] < lens[:, None]).astype(np.float32)[..., None]
        # the first layer's tap products depend on a token's feature row alone: once per distinct row
        rows = np.ascontiguousarray(x.reshape(-1, x.shape[-1]))
        _, first, inverse = np.unique(rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))),
                                      return_index=True, return_inverse=True)
        h = None
        for k, (d, w, b, scale, shift) in enumerate(self.layers):
            if k == 0:
                Y = (self._embed(rows[first]) @ w)[inverse.ravel()].reshape(B, L, -1) * mask
            else:
                Y = h @ w
            h = self._shift_add(Y, d)
            h += b
            np.maximum(h, 0.0, out=h)
            h *= scale
            h += shift
            h *= mask
        return (h @ self.out_w + self.out_b).reshape(B, L, LEVELS, len(TYPES), 3), lens


def read_meta(path: Path = META) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load(weights_path: Path = WEIGHTS, meta_path: Path = META) -> NerelTagger:
    """A tagger from its weights and meta (``meta["arch"]``: ``bilstm``, the default, or ``cnn``)."""
    from ...nlp.models import _embedding

    with np.load(weights_path) as z:
        weights = {k: z[k] for k in z.files}
    meta = read_meta(meta_path)
    cls = CnnTagger if meta.get("arch") == "cnn" else NerelTagger
    return cls(weights, meta, _embedding().pq)


@lru_cache(maxsize=1)
def tagger() -> NerelTagger:
    """The shipped model, loaded once per process."""
    return load()
