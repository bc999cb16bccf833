"""What the model components share: reading tokens from arrays, token-budget batches, one lock."""
from __future__ import annotations

import threading
from typing import Iterable, Iterator

from slovnet.shape import word_shape
from spacy.attrs import IS_SPACE, ORTH
from spacy.tokens import Doc

from . import views

_lock = threading.Lock()


def words_and_space(doc: Doc) -> tuple[list[str], list[int]]:
    """Token texts and the whitespace mask, read without creating Token objects."""
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, IS_SPACE])
    return [strings[h] for h in arr[:, 0].tolist()], arr[:, 1].tolist()


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    return views.sentence_bounds(doc)


def sentence_pieces(doc: Doc, max_len: int, space: list[int]) -> list[tuple[int, int, list[int]]]:
    """(sentence start, sentence end, non-space token indices) per sentence, sentences longer
    than ``max_len`` tokens cut into consecutive pieces."""
    pieces: list[tuple[int, int, list[int]]] = []
    for s, e in sentence_bounds(doc):
        idx = [i for i in range(s, e) if not space[i]]
        for k in range(0, len(idx), max_len):
            pieces.append((s, e, idx[k:k + max_len]))
    return pieces


def budget_batches(items: list[list[str]], budget: int) -> Iterator[list[int]]:
    """Indices of items, sorted by length, chunked so each chunk's padded size stays within budget."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    chunk: list[int] = []
    longest = 0
    for i in order:
        n = max(1, len(items[i]))
        if chunk and max(longest, n) * (len(chunk) + 1) > budget:
            yield chunk
            chunk, longest = [], 0
        chunk.append(i)
        longest = max(longest, n)
    if chunk:
        yield chunk


def _encode(encoder, words: list[str], cache: dict) -> tuple[list[int], list[int]]:
    """slovnet's ``WordShapeEncoder.item`` with the per-word ids memoized (the same words recur)."""
    word_ids, shape_ids = [], []
    for w in words:
        ids = cache.get(w)
        if ids is None:
            ids = (encoder.words_vocab.encode(w.lower()), encoder.shapes_vocab.encode(word_shape(w)))
            cache[w] = ids
        word_ids.append(ids[0])
        shape_ids.append(ids[1])
    return word_ids, shape_ids


def infer(model, items: list[list[str]], budget: int, cache: dict | None = None) -> list:
    """Raw slovnet predictions for word lists, in token-budget batches; results in input order.

    Does what ``model.infer(batch)`` does with one encoder batch per chunk (the padded matrix is
    what the budget bounds), minus building markup objects: morph gives tag-id arrays, syntax
    (head ids, relation ids) pairs, NER tag-id lists.
    """
    infer = model.infer
    encoder = infer.encoder
    cache = {} if cache is None else cache
    out: list = [None] * len(items)
    with _lock, one_blas_thread():
        for chunk in budget_batches(items, budget):
            encoded = [_encode(encoder, items[i], cache) for i in chunk]
            preds = list(infer.process([encoder.input(encoded)]))
            for i, res in zip(chunk, preds):
                out[i] = res
    return out


def one_blas_thread():
    """Run the models on one BLAS thread.

    Multi-threaded BLAS sums in an order that depends on the thread count, and slovnet's syntax
    head choice can flip on such rounding: with one thread the output is the same on every
    machine, in one process or in many workers. It is also much faster: on a loaded machine
    OpenBLAS's extra threads spin waiting for a core (measured: the NEREL BiLSTM 13x slower with
    numpy's default two threads than with one, at 2.5x the CPU time).
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class BatchComponent:
    """A component that processes docs in groups so the models see large, length-sorted batches."""

    def __call__(self, doc: Doc) -> Doc:
        self.process([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        buf: list[Doc] = []
        for doc in docs:
            buf.append(doc)
            if len(buf) >= batch_size:
                self.process(buf)
                yield from buf
                buf = []
        if buf:
            self.process(buf)
            yield from buf

    def process(self, docs: list[Doc]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

