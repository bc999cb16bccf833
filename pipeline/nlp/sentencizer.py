"""``natasha_sentencizer``: sentence starts from razdel."""
from __future__ import annotations

import re

import numpy as np
import razdel
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc


_LINE = re.compile(r"(?<!\n)\n[^\S\n]*(?=\S)")


def line_starts(text: str) -> set[int]:
    """Where a line after a single line break begins, unless it opens in lower case (a wrapped
    sentence). A list's lines (``ПЕТРОВ Иван – министр …``) have no final stop; razdel would run them
    into one sentence and a post would find its holder on the neighbouring line. A blank line
    (a headline over its lead) is left to razdel: the events stage dates a headline's event by
    its lead's date in the same sentence."""
    return {m.end() for m in _LINE.finditer(text) if not text[m.end()].islower()}


# A sentence is cut at this length. Every extractor compares the candidates of a sentence with each
# other (a trigger with each argument, a post with each name), so a text with no full stop (a 5.5 MB
# list run on with commas) was one sentence, and its work grew with its square. No sentence of the
# dev sets comes near it (razdel's longest: factRuEval 988, NEREL dev 581, NEREL train 1,746,
# releases-dev 1,750 characters).
MAX_SENTENCE_CHARS = 2000
# where a run-on sentence is cut: after a semicolon, a comma or a colon, or before a dash, with a space
_BREAK = re.compile(r"[;,:](?=\s)|\s(?=[–—-]\s)")
_SPACE = re.compile(r"\s")


def _cut(text: str, lo: int, hi: int) -> int:
    """Where a sentence running from ``lo`` past ``hi`` is cut: after its last break in the second half
    of [lo, hi), else after its last whitespace there, else at ``hi``."""
    mid = lo + (hi - lo) // 2
    for pattern in (_BREAK, _SPACE):
        last = None
        for m in pattern.finditer(text, mid, hi):
            last = m
        if last is not None:
            return last.end()
    return hi


def capped(text: str, starts: list[int], limit: int | None = None) -> list[int]:
    """``starts`` (sorted sentence starts) with a start added wherever a sentence runs over ``limit``
    characters (default ``MAX_SENTENCE_CHARS``, read at each call); linear in the text."""
    limit = limit or MAX_SENTENCE_CHARS
    out: list[int] = []
    bounds = starts + [len(text)]
    for a, b in zip(bounds, bounds[1:]):
        out.append(a)
        pos = a
        while b - pos > limit:
            pos = _cut(text, pos, pos + limit)
            out.append(pos)
    return out


@Language.factory("natasha_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str):
    return NatashaSentencizer()


class NatashaSentencizer:
    """Sentence starts from razdel's sentenize, and at each line break before a line that does not
    open in lower case, a sentence over ``MAX_SENTENCE_CHARS`` cut (``capped``); whitespace tokens
    never start a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        starts = capped(doc.text, sorted({0} | {s.start for s in razdel.sentenize(doc.text)} | line_starts(doc.text))) \
            if doc.text.strip() else []
        n = len(doc)
        if not n:
            return doc
        attrs = doc.to_array([IDX, IS_SPACE]).tolist()
        flags = [False] * n
        si = 0
        first = None
        for i, (idx, sp) in enumerate(attrs):
            if sp:
                continue
            while si < len(starts) and starts[si] <= idx:
                si += 1
                flags[i] = True
            if first is None:
                flags[i] = True
                first = i
        if attrs[0][1] and first is not None:
            # leading whitespace joins the first sentence instead of making one of its own
            flags[first] = False
        flags[0] = True
        arr = np.array([1 if f else -1 for f in flags], dtype=np.int64).astype(np.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], arr)
        return doc

