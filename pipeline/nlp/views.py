"""Per-document array views of a parsed ``Doc``: what the components and extractors read of every
token, without a spaCy ``Token`` per look-up.

``doc.sents`` and ``for t in doc`` build a Python ``Token`` object per token on every pass, and
the pipeline made a dozen such passes per document (sentence bounds for each tagger, the NEREL
features, the event and role layers); the arrays here are read with one ``Doc.to_array`` each.
Every function returns what the ``Token`` reads would (tests compare them on parsed documents).
"""
from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LEMMA, MORPH, ORTH, POS, SENT_START
from spacy.tokens import Doc

_IOB = ("", "I", "O", "B")  # Token.ent_iob_ by ENT_IOB id


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each sentence, as ``doc.sents`` gives them (a sentence opens at every token
    whose ``is_sent_start`` is True, and at token 0)."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]  # as spaCy does (raises where it raises)
    flags = doc.to_array(SENT_START)
    starts = [0] + (np.flatnonzero(flags[1:] == 1) + 1).tolist()
    return list(zip(starts, starts[1:] + [len(doc)]))


def sentences(doc: Doc) -> list:
    """The sentence ``Span`` objects ``doc.sents`` yields."""
    return [doc[s:e] for s, e in sentence_bounds(doc)]


# hash -> string: a spaCy hash is the string's own (the same in every vocabulary), and a dict look-up
# is several times cheaper than StringStore's, which decodes the string again on every call
_STRINGS: dict[int, str] = {}


def _decode(doc: Doc, hashes: list[int]) -> list[str]:
    cache = _STRINGS
    if len(cache) > 1_000_000:  # bounded over a long run
        cache.clear()
    out = list(map(cache.get, hashes))
    if None in out:
        strings = doc.vocab.strings
        for i, v in enumerate(out):
            if v is None:
                h = hashes[i]
                out[i] = cache[h] = strings[h] if h else ""
    return out


def texts(doc: Doc) -> list[str]:
    return _decode(doc, doc.to_array(ORTH).tolist())


def with_pos(doc: Doc, tags: tuple[str, ...]) -> list[int]:
    """Indices of the non-space tokens whose ``pos_`` is one of ``tags``, in order."""
    arr = doc.to_array([POS, IS_SPACE])
    want = [doc.vocab.strings[t] for t in tags]
    return np.flatnonzero(np.isin(arr[:, 0], want) & (arr[:, 1] == 0)).tolist()


def texts_at(doc: Doc, idx: list[int]) -> list[str]:
    """``doc[i].text`` of each ``i`` in ``idx``."""
    return _decode(doc, doc.to_array(ORTH)[idx].tolist()) if idx else []


def folded_lemmas(doc: Doc) -> list[str]:
    """``fold(Token.lemma_ or Token.text)`` of every token (the comparison key of a word)."""
    from ..resources import fold

    arr = doc.to_array([LEMMA, ORTH])
    keys = np.where(arr[:, 0] != 0, arr[:, 0], arr[:, 1]).tolist()
    cache = _FOLDED
    if len(cache) > 1_000_000:
        cache.clear()
    out = list(map(cache.get, keys))
    if None in out:
        for i, v in enumerate(out):
            if v is None:
                out[i] = cache[keys[i]] = fold(_decode(doc, [keys[i]])[0])
    return out


_FOLDED: dict[int, str] = {}  # hash of the lemma (or text) -> its fold


def spaces(doc: Doc) -> list[int]:
    """1 for a whitespace token (``Token.is_space``), else 0."""
    return doc.to_array(IS_SPACE).tolist()


def puncts(doc: Doc) -> list[int]:
    """1 for a punctuation token (``Token.is_punct``), else 0."""
    return doc.to_array(IS_PUNCT).tolist()


def pos_tags(doc: Doc) -> list[str]:
    """``Token.pos_`` of every token."""
    return _decode(doc, doc.to_array(POS).tolist())


def deps(doc: Doc) -> list[str]:
    return _decode(doc, doc.to_array(DEP).tolist())


def lemmas(doc: Doc) -> list[str]:
    """``Token.lemma_`` of every token ("" where none was set)."""
    return _decode(doc, doc.to_array(LEMMA).tolist())


def heads(doc: Doc) -> list[int]:
    """``Token.head.i`` of every token."""
    return (np.arange(len(doc)) + doc.to_array(HEAD).astype(np.int64)).tolist()


def morph_keys(doc: Doc) -> list[int]:
    """The hash of every token's morphology (``Token.morph.key``): equal keys, equal features."""
    return doc.to_array(MORPH).tolist()


def morph_dict(doc: Doc, key: int, cache: dict) -> dict[str, str]:
    """``Token.morph.to_dict()`` of a morphology key, parsed once per key in ``cache``."""
    got = cache.get(key)
    if got is None:
        # as MorphAnalysis.to_dict reads it (its to_json is the key's string, "_" read as "")
        got = doc.vocab.morphology.feats_to_dict(doc.vocab.strings[key]) if key else {}
        cache[key] = got
    return got


def ner_tags(doc: Doc) -> list[str]:
    """``"O"`` or ``"{ent_iob_}-{ent_type_}"`` of every token (the BIO tag of ``doc.ents``)."""
    arr = doc.to_array([ENT_IOB, ENT_TYPE])
    types = _decode(doc, arr[:, 1].tolist())
    return ["O" if not t else f"{_IOB[b]}-{t}" for b, t in zip(arr[:, 0].tolist(), types)]
