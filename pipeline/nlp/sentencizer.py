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


@Language.factory("natasha_sentencizer", assigns=["token.is_sent_start"])
def make_sentencizer(nlp: Language, name: str):
    return NatashaSentencizer()


class NatashaSentencizer:
    """Sentence starts from razdel's sentenize, and at each line break before a line that does not
    open in lower case; whitespace tokens never start a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        starts = sorted({s.start for s in razdel.sentenize(doc.text)} | line_starts(doc.text)) \
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

