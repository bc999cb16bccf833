"""``natasha_syntax``: slovnet dependencies, repaired into one tree per sentence."""
from __future__ import annotations

from typing import Sequence

import numpy as np
from spacy.attrs import DEP, HEAD, IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from .batching import BatchComponent, infer, sentence_pieces, words_and_space
from .models import syntax_model


@Language.factory(
    "natasha_syntax",
    assigns=["token.head", "token.dep"],
    requires=["token.is_sent_start"],
    default_config={"batch_tokens": 1000, "max_sentence_tokens": 200},
)
def make_syntax(nlp: Language, name: str, batch_tokens: int, max_sentence_tokens: int):
    return NatashaSyntax(batch_tokens=batch_tokens, max_sentence_tokens=max_sentence_tokens)


def repair_tree(heads: Sequence[int], rels: Sequence[str]) -> tuple[list[int], list[str]]:
    """Turn independent best-head choices into one tree.

    ``heads`` are 1-based (0 = root) as slovnet gives them. Returns 0-based heads where the root
    points to itself, and the relations (extra roots and cycle breakers become ``parataxis``).
    """
    n = len(heads)
    h = [x - 1 if 0 < x <= n else -1 for x in heads]
    rels = list(rels)
    for i in range(n):
        if h[i] == i:
            h[i] = -1
    roots = [i for i in range(n) if h[i] < 0]
    if roots:
        root = next((i for i in roots if rels[i] == "root"), roots[0])
    else:
        root = next((i for i in range(n) if rels[i] == "root"), 0)
    for i in roots:
        if i != root:
            h[i] = root
            rels[i] = "parataxis"
    h[root] = root
    rels[root] = "root"
    # Break cycles: any token that cannot reach the root within n steps is re-attached.
    state = [0] * n  # 0 unknown, 1 on current path, 2 reaches root
    state[root] = 2
    for start in range(n):
        path = []
        i = start
        while state[i] == 0:
            state[i] = 1
            path.append(i)
            i = h[i]
        if state[i] == 1:  # found a cycle; cut it at i
            h[i] = root
            rels[i] = "parataxis"
        for j in path:
            state[j] = 2
    return h, rels


class NatashaSyntax(BatchComponent):
    """slovnet dependencies repaired into one tree per sentence, set as ``token.head``/``token.dep_``."""

    def __init__(self, batch_tokens: int = 1000, max_sentence_tokens: int = 200):
        self.batch_tokens = batch_tokens
        self.max_sentence_tokens = max_sentence_tokens
        self.model = syntax_model()

    def process(self, docs: list[Doc]) -> None:
        items, where = [], []
        spaces = []
        for d, doc in enumerate(docs):
            words, space = words_and_space(doc)
            spaces.append(space)
            for s, e, piece in sentence_pieces(doc, self.max_sentence_tokens, space):
                items.append([words[i] for i in piece])
                where.append((d, s, e, piece))
        results = infer(self.model, items, self.batch_tokens)
        rels_vocab = self.model.infer.decoder.rels_vocab
        per_doc: list[dict] = [dict() for _ in docs]
        for (d, s, e, piece), (head_ids, rel_ids) in zip(where, results):
            heads = head_ids.tolist()
            rels = [rels_vocab.decode(r) for r in rel_ids]
            per_doc[d].setdefault((s, e), []).append((piece, heads, rels))
        for doc, sents, space in zip(docs, per_doc, spaces):
            self._set(doc, sents, space)

    def _set(self, doc: Doc, sents: dict, space: list[int] | None = None) -> None:
        n = len(doc)
        if space is None:
            space = doc.to_array(IS_SPACE).tolist()
        head = list(range(n))
        dep = ["dep"] * n
        for (s, e), pieces in sents.items():
            sent_root = None
            for piece, heads, rels in pieces:
                h, r = repair_tree(heads, rels)
                piece_root = None
                for k, i in enumerate(piece):
                    if h[k] == k:
                        piece_root = i
                        head[i] = i
                    else:
                        head[i] = piece[h[k]]
                    dep[i] = r[k]
                if sent_root is None:
                    sent_root = piece_root
                else:
                    # pieces of an over-long sentence hang off its first piece's root
                    head[piece_root] = sent_root
                    dep[piece_root] = "parataxis"
            for i in range(s, e):
                if space[i]:
                    head[i] = i - 1 if i > s else _next_content(space, i, e, sent_root)
                    dep[i] = "dep"
        rel_heads = np.array(head, dtype=np.int64) - np.arange(n, dtype=np.int64)
        arr = np.zeros((n, 2), dtype=np.uint64)
        arr[:, 0] = rel_heads.astype(np.uint64)
        strings = doc.vocab.strings
        arr[:, 1] = [strings.add(x) for x in dep]
        doc.from_array([HEAD, DEP], arr)


def _next_content(space: list[int], i: int, end: int, fallback) -> int:
    for j in range(i + 1, end):
        if not space[j]:
            return j
    return fallback if fallback is not None else i

