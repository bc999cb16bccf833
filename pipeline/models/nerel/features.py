"""Token features of the NEREL tagger, shared by training (``training/nerel_prepare.py``) and
the run-time component, so both see the same ids.

A token is read as (text, UD POS, UD case, Natasha NER BIO tag). Ids are fixed by the lists
here and by crc32 hashing, so they do not depend on the training data or on the process.
"""
from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np

POS = ("", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
       "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X")
CASES = ("", "Nom", "Gen", "Dat", "Acc", "Loc", "Ins", "Par", "Voc")
NER_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
PUNCT = "«»\"'“”„()[],.;:!?-–—/№%$€₽+&@#*"
# shape: script x case pattern, or a punctuation mark of its own, or digits
SHAPES = (("?",) + tuple(f"{s}{c}" for s in "cl" for c in ("x", "X", "Xx", "xX", "X-"))
          + tuple(f"p{ch}" for ch in PUNCT) + ("d", "d.", "dx", "o"))
SHAPE_ID = {s: i for i, s in enumerate(SHAPES)}
POS_ID = {p: i for i, p in enumerate(POS)}
CASE_ID = {c: i for i, c in enumerate(CASES)}
NER_ID = {t: i for i, t in enumerate(NER_TAGS)}
HASH_BUCKETS = 1 << 16  # word, suffix-2 and suffix-3 share one hashed table
# characters of a word for the character CNN: case kept; ids 0 pad, 1 any other character
CHARS = ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя" "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
         "abcdefghijklmnopqrstuvwxyz" "ABCDEFGHIJKLMNOPQRSTUVWXYZ" "0123456789" + PUNCT)
CHAR_ID = {ch: i + 2 for i, ch in enumerate(dict.fromkeys(CHARS))}
N_CHARS = len(CHAR_ID) + 2
MAX_CHARS = 16  # a longer word keeps its first and last 8
N_COLS = 8 + MAX_CHARS


def shape(word: str) -> str:
    if len(word) == 1 and word in PUNCT:
        return "p" + word
    if word.isdigit():
        return "d"
    if any(ch.isdigit() for ch in word):
        return "d." if not any(ch.isalpha() for ch in word) else "dx"
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return "o"
    script = "c" if any("\u0400" <= ch <= "\u04ff" for ch in letters) else "l"
    if "-" in word and word[:1].isupper():
        case = "X-"
    elif all(ch.isupper() for ch in letters):
        case = "X" if len(letters) > 1 else "Xx"
    elif all(ch.islower() for ch in letters):
        case = "x"
    elif letters[0].isupper() and all(ch.islower() for ch in letters[1:]):
        case = "Xx"
    else:
        case = "xX"
    return script + case


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % HASH_BUCKETS


def hashes(word: str) -> tuple[int, int, int]:
    low = word.lower().replace("ё", "е")
    return _h("w:" + low), _h("3:" + low[-3:]), _h("2:" + low[-2:])


def navec_id(vocab, word: str) -> int:
    low = word.lower().replace("ё", "е")
    return vocab.get(low, vocab.unk_id)


def char_ids(word: str) -> list[int]:
    if len(word) > MAX_CHARS:
        word = word[:MAX_CHARS // 2] + word[-(MAX_CHARS // 2):]
    return [CHAR_ID.get(ch, 1) for ch in word]


def word_columns(vocab, word: str) -> np.ndarray:
    """The columns that depend on the word alone: navec id, the three hashes, shape, character ids
    (POS, case and NER left 0)."""
    row = np.zeros(N_COLS, dtype=np.int32)
    c = char_ids(word)
    row[8:8 + len(c)] = c
    row[0] = navec_id(vocab, word)
    row[1:4] = hashes(word)
    row[4] = SHAPE_ID.get(shape(word), 0)
    return row


_WORDS: dict = {}  # (id(vocab), word) -> word_columns: words recur, their columns never change
_VOCABS: dict = {}  # id -> vocab, kept alive so an id in _WORDS is never another vocab's


def featurize(vocab, tokens: Sequence[tuple[str, str, str, str]]) -> np.ndarray:
    """(n, N_COLS) int32: navec id, word hash, suffix-3 hash, suffix-2 hash, shape, POS, case,
    NER, then MAX_CHARS character ids (0-padded)."""
    out = np.empty((len(tokens), N_COLS), dtype=np.int32)
    vid = id(vocab)
    _VOCABS.setdefault(vid, vocab)
    for i, (word, pos, case, ner) in enumerate(tokens):
        row = _WORDS.get((vid, word))
        if row is None:
            if len(_WORDS) > 200_000:  # bounded over a long run
                _WORDS.clear()
            row = _WORDS[(vid, word)] = word_columns(vocab, word)
        out[i] = row
        out[i, 5] = POS_ID.get(pos, 0)
        out[i, 6] = CASE_ID.get(case, 0)
        out[i, 7] = NER_ID.get(ner, 0)
    return out


def doc_sentences(doc, max_tokens: int = 200) -> list[list[int]]:
    """Token indices of each sentence of a parsed ``Doc``, whitespace tokens left out; a
    sentence longer than ``max_tokens`` is cut into pieces."""
    from ...nlp.views import sentence_bounds, spaces

    space = spaces(doc)
    out = []
    for s, e in sentence_bounds(doc):
        idx = [i for i in range(s, e) if not space[i]]
        for k in range(0, len(idx), max_tokens):
            if idx[k:k + max_tokens]:
                out.append(idx[k:k + max_tokens])
    return out


def doc_rows(doc) -> list[tuple[str, str, str, str]]:
    """(text, POS, case, Natasha NER BIO tag) of every token of ``doc``, read from its arrays."""
    from ...nlp import views

    cache: dict = {}
    cases = {}
    for key in set(views.morph_keys(doc)):
        # Token.morph.get("Case")[0]: the first of the key's (sorted) values
        case = views.morph_dict(doc, key, cache).get("Case", "")
        cases[key] = case.split(",")[0]
    return list(zip(views.texts(doc), views.pos_tags(doc), [cases[k] for k in views.morph_keys(doc)],
                    views.ner_tags(doc)))


def token_rows(doc, idx: Sequence[int], rows: list | None = None) -> list[tuple[str, str, str, str]]:
    """(text, POS, case, Natasha NER BIO tag) of the tokens ``idx`` of ``doc``; ``rows``: its
    ``doc_rows`` when the caller has them."""
    rows = doc_rows(doc) if rows is None else rows
    return [rows[i] for i in idx]
