"""``natasha_morph``: slovnet part of speech and features, pymorphy2 lemmas."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from slovnet.conll import parse_conll_tag
from spacy.attrs import LEMMA, MORPH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from .batching import BatchComponent, infer, sentence_pieces, words_and_space
from .models import morph_model, morph_vocab

# Whitespace tokens carry this POS; they attach to a neighbour inside their sentence.
SPACE = "SPACE"


@Language.factory(
    "natasha_morph",
    assigns=["token.pos", "token.morph", "token.lemma"],
    requires=["token.is_sent_start"],
    default_config={"batch_tokens": 1000, "lemmas": True},
)
def make_morph(nlp: Language, name: str, batch_tokens: int, lemmas: bool):
    return NatashaMorph(batch_tokens=batch_tokens, lemmas=lemmas)


class NatashaMorph(BatchComponent):
    """slovnet morphology into ``token.pos_``/``token.morph``; pymorphy2 lemmas into ``token.lemma_``."""

    def __init__(self, batch_tokens: int = 1000, lemmas: bool = True):
        self.batch_tokens = batch_tokens
        self.lemmas = lemmas
        self.model = morph_model()
        self._morph_cache: dict = {}
        self._tags: dict[int, tuple[str, int, tuple]] = {}

    def _tag(self, tag_id: int) -> tuple[str, int, tuple]:
        """(pos, spaCy POS id, sorted feats) of a model tag id, as slovnet's markup parses it."""
        got = self._tags.get(tag_id)
        if got is None:
            pos, feats = parse_conll_tag(self.model.infer.decoder.tags_vocab.decode(tag_id))
            got = (pos, POS_IDS.get(pos, POS_IDS["X"]), tuple(sorted(feats.items())) if feats else ())
            self._tags[tag_id] = got
        return got

    def process(self, docs: list[Doc]) -> None:
        items, where = [], []
        doc_words = []
        for d, doc in enumerate(docs):
            words, space = words_and_space(doc)
            doc_words.append(words)
            for _, _, group in sentence_pieces(doc, 500, space):
                items.append([words[i] for i in group])
                where.append((d, group))
        results = infer(self.model, items, self.batch_tokens)
        arrays = []
        for doc, words in zip(docs, doc_words):
            # whitespace tokens keep these values: POS SPACE, no features, the text as lemma
            arr = np.zeros((len(doc), 3), dtype=np.uint64)
            arr[:, 0] = POS_IDS[SPACE]
            strings = doc.vocab.strings
            arr[:, 2] = [strings.add(w) for w in words]
            arrays.append(arr)
        lemma_ids: dict = {}  # (string store, word, tag id) -> lemma hash, for this batch
        for (d, group), tag_ids in zip(where, results):
            doc = docs[d]
            words = doc_words[d]
            arr = arrays[d]
            morphology = doc.vocab.morphology
            strings = doc.vocab.strings
            pos_col, morph_col, lemma_col = [], [], []
            for i, tag_id in zip(group, tag_ids.tolist()):
                pos, pos_id, ftuple = self._tag(tag_id)
                pos_col.append(pos_id)
                morph_col.append(_morph_hash(self._morph_cache, morphology, ftuple))
                if self.lemmas:
                    key = (id(strings), words[i], tag_id)
                    h = lemma_ids.get(key)
                    if h is None:
                        h = lemma_ids[key] = strings.add(_lemma(words[i], pos, ftuple))
                    lemma_col.append(h)
            arr[group, 0] = pos_col
            arr[group, 1] = morph_col
            if self.lemmas:
                arr[group, 2] = lemma_col
        for doc, arr in zip(docs, arrays):
            doc.from_array([POS, MORPH, LEMMA], arr)


def _morph_hash(cache: dict, morphology, feats: tuple) -> int:
    if not feats:
        return 0
    key = (id(morphology), feats)  # hashes live in one vocab's morphology table
    h = cache.get(key)
    if h is None:
        h = morphology.add("|".join(f"{k}={v}" for k, v in feats))
        cache[key] = h
    return h


@lru_cache(maxsize=200_000)
def _lemma(word: str, pos: str, feats: tuple) -> str:
    if pos in ("PUNCT", "NUM", "SYM", "X") or not any(c.isalpha() for c in word):
        return word.lower() if pos != "PUNCT" else word
    try:
        lemma = morph_vocab().lemmatize(word, pos, dict(feats))
    except Exception:  # pymorphy2 has no analysis for some shapes
        return word.lower()
    return _proper_lemma(word, lemma, dict(feats)) if pos == "PROPN" else lemma


_ADJ_ENDINGS = ("ый", "ий", "ой")


def _proper_lemma(word: str, lemma: str, feats: dict) -> str:
    """A proper name keeps its own lemma: pymorphy2 reads an unknown surname such as ``Силуанов`` as a short
    adjective and gives ``силуановый``; a name is not an adjective, so the ending goes (``силуанов``)."""
    low = word.lower()
    if lemma.endswith(_ADJ_ENDINGS) and not low.endswith(_ADJ_ENDINGS) and not low.endswith(("ая", "ое", "ые")):
        return low if feats.get("Case") == "Nom" else lemma[:-2]
    return lemma

