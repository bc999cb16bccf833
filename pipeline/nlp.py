"""A Russian spaCy pipeline backed by Natasha's models (razdel, slovnet, navec, pymorphy2).

``load()`` returns a ``spacy.Language`` whose tokenizer is razdel's and whose components are
registered with ``@Language.factory``: ``natasha_sentencizer``, ``natasha_morph``,
``natasha_syntax`` and ``natasha_ner``. Everything loads from the installed wheels: no downloads.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np
import razdel
import spacy
from spacy.attrs import LEMMA, MORPH, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Whitespace tokens carry this POS; they attach to a neighbour inside their sentence.
SPACE = "SPACE"

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _embedding():
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def morph_model():
    from natasha import NewsMorphTagger

    return NewsMorphTagger(_embedding())


@lru_cache(maxsize=1)
def syntax_model():
    from natasha import NewsSyntaxParser

    return NewsSyntaxParser(_embedding())


@lru_cache(maxsize=1)
def ner_model():
    from natasha import NewsNERTagger

    return NewsNERTagger(_embedding())


@lru_cache(maxsize=1)
def morph_vocab():
    from natasha import MorphVocab

    return MorphVocab()


# --------------------------------------------------------------------------- tokenizer


class RazdelTokenizer:
    """Tokenize with razdel; gaps other than one space become whitespace tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for tok in razdel.tokenize(text):
            gap = text[pos:tok.start]
            if gap:
                _add_gap(gap, words, spaces)
            words.append(tok.text)
            spaces.append(False)
            pos = tok.stop
        tail = text[pos:]
        if tail:
            _add_gap(tail, words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            yield self(text)

    # spaCy serializes tokenizers; razdel has no state to save.
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if gap[0] == " " and words and not spaces[-1] and not words[-1].isspace():
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


@spacy.registry.tokenizers("rupress.RazdelTokenizer.v1")
def create_razdel_tokenizer():
    def make(nlp):
        return RazdelTokenizer(nlp.vocab)

    return make


# --------------------------------------------------------------------------- helpers


def _content_tokens(doc: Doc) -> list[int]:
    return [t.i for t in doc if not t.is_space]


def _sentence_groups(doc: Doc, max_len: int | None = None) -> list[list[int]]:
    """Indices of non-space tokens per sentence, sentences longer than max_len split in pieces."""
    groups: list[list[int]] = []
    for sent in doc.sents:
        idx = [t.i for t in sent if not t.is_space]
        if not idx:
            continue
        if max_len and len(idx) > max_len:
            for k in range(0, len(idx), max_len):
                groups.append(idx[k:k + max_len])
        else:
            groups.append(idx)
    return groups


def _budget_batches(items: list[list[str]], budget: int) -> Iterator[list[int]]:
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


def _infer(model, items: list[list[str]], budget: int) -> list:
    """Run a slovnet infer over word lists in token-budget batches; results in input order."""
    out: list = [None] * len(items)
    for chunk in _budget_batches(items, budget):
        batch = [items[i] for i in chunk]
        # One encoder batch per chunk: the padded matrix is what the budget bounds.
        model.infer.encoder.batch_size = len(batch)
        with _lock:
            results = list(model.infer(batch))
        for i, res in zip(chunk, results):
            out[i] = res
    return out


class _BatchComponent:
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


# --------------------------------------------------------------------------- sentencizer


@Language.factory("natasha_sentencizer")
def make_sentencizer(nlp: Language, name: str):
    return NatashaSentencizer()


class NatashaSentencizer:
    """Sentence starts from razdel's sentenize; whitespace tokens never start a sentence."""

    def __call__(self, doc: Doc) -> Doc:
        starts = sorted(s.start for s in razdel.sentenize(doc.text)) if doc.text.strip() else []
        flags = [False] * len(doc)
        si = 0
        first_content = True
        for t in doc:
            if t.is_space:
                continue
            while si < len(starts) and starts[si] <= t.idx:
                si += 1
                flags[t.i] = True
            if first_content:
                flags[t.i] = True
                first_content = False
        if len(doc) and doc[0].is_space:
            # leading whitespace joins the first sentence instead of making one of its own
            first = next((t.i for t in doc if not t.is_space), None)
            if first is not None:
                flags[first] = False
        if len(doc):
            flags[0] = True
            arr = np.array([1 if f else -1 for f in flags], dtype=np.int64).astype(np.uint64).reshape(-1, 1)
            doc.from_array([SENT_START], arr)
        return doc


# --------------------------------------------------------------------------- morphology


@Language.factory(
    "natasha_morph",
    default_config={"batch_tokens": 1000, "lemmas": True},
)
def make_morph(nlp: Language, name: str, batch_tokens: int, lemmas: bool):
    return NatashaMorph(batch_tokens=batch_tokens, lemmas=lemmas)


class NatashaMorph(_BatchComponent):
    """slovnet morphology into ``token.pos_``/``token.morph``; pymorphy2 lemmas into ``token.lemma_``."""

    def __init__(self, batch_tokens: int = 1000, lemmas: bool = True):
        self.batch_tokens = batch_tokens
        self.lemmas = lemmas
        self.model = morph_model()
        self._morph_cache: dict = {}

    def process(self, docs: list[Doc]) -> None:
        items, where = [], []
        for d, doc in enumerate(docs):
            for group in _sentence_groups(doc, 500):
                items.append([doc[i].text for i in group])
                where.append((d, group))
        results = _infer(self.model, items, self.batch_tokens)
        arrays = []
        for doc in docs:
            # whitespace tokens keep these values: POS SPACE, no features, the text as lemma
            arr = np.zeros((len(doc), 3), dtype=np.uint64)
            arr[:, 0] = POS_IDS[SPACE]
            strings = doc.vocab.strings
            arr[:, 2] = [strings.add(t.text) for t in doc]
            arrays.append(arr)
        for (d, group), markup in zip(where, results):
            doc = docs[d]
            arr = arrays[d]
            morphology = doc.vocab.morphology
            strings = doc.vocab.strings
            for i, mt in zip(group, markup.tokens):
                feats = mt.feats
                ftuple = tuple(sorted(feats.items())) if feats else ()
                arr[i, 0] = POS_IDS.get(mt.pos, POS_IDS["X"])
                arr[i, 1] = _morph_hash(self._morph_cache, morphology, ftuple)
                if self.lemmas:
                    arr[i, 2] = strings.add(_lemma(doc[i].text, mt.pos, ftuple))
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
        return morph_vocab().lemmatize(word, pos, dict(feats))
    except Exception:  # pymorphy2 has no analysis for some shapes
        return word.lower()


# --------------------------------------------------------------------------- syntax


@Language.factory(
    "natasha_syntax",
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


class NatashaSyntax(_BatchComponent):
    """slovnet dependencies repaired into one tree per sentence, set as ``token.head``/``token.dep_``."""

    def __init__(self, batch_tokens: int = 1000, max_sentence_tokens: int = 200):
        self.batch_tokens = batch_tokens
        self.max_sentence_tokens = max_sentence_tokens
        self.model = syntax_model()

    def process(self, docs: list[Doc]) -> None:
        items, where = [], []
        for d, doc in enumerate(docs):
            for sent in doc.sents:
                idx = [t.i for t in sent if not t.is_space]
                if not idx:
                    continue
                pieces = [idx[k:k + self.max_sentence_tokens]
                          for k in range(0, len(idx), self.max_sentence_tokens)]
                for p, piece in enumerate(pieces):
                    items.append([doc[i].text for i in piece])
                    where.append((d, sent.start, sent.end, p, piece))
        results = _infer(self.model, items, self.batch_tokens)
        per_doc: list[dict] = [dict() for _ in docs]
        for (d, s, e, p, piece), markup in zip(where, results):
            heads = [int(t.head_id) for t in markup.tokens]
            rels = [t.rel for t in markup.tokens]
            per_doc[d].setdefault((s, e), []).append((piece, heads, rels))
        for doc, sents in zip(docs, per_doc):
            self._set(doc, sents)

    def _set(self, doc: Doc, sents: dict) -> None:
        n = len(doc)
        head = np.arange(n, dtype=np.int64)
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
                if doc[i].is_space:
                    head[i] = i - 1 if i > s else _next_content(doc, i, e, sent_root)
                    dep[i] = "dep"
        rel_heads = (head - np.arange(n, dtype=np.int64)).astype(np.int64)
        arr = np.zeros((n, 2), dtype=np.uint64)
        arr[:, 0] = rel_heads.astype(np.uint64)
        strings = doc.vocab.strings
        arr[:, 1] = [strings.add(x) for x in dep]
        from spacy.attrs import DEP, HEAD

        doc.from_array([HEAD, DEP], arr)


def _next_content(doc: Doc, i: int, end: int, fallback) -> int:
    for j in range(i + 1, end):
        if not doc[j].is_space:
            return j
    return fallback if fallback is not None else i


# --------------------------------------------------------------------------- NER


@Language.factory(
    "natasha_ner",
    default_config={"batch_tokens": 20000, "max_chunk_tokens": 2000},
)
def make_ner(nlp: Language, name: str, batch_tokens: int, max_chunk_tokens: int):
    return NatashaNER(batch_tokens=batch_tokens, max_chunk_tokens=max_chunk_tokens)


class NatashaNER(_BatchComponent):
    """slovnet NER (PER, ORG, LOC) over whole documents into ``doc.ents``.

    Long documents are cut at sentence ends into chunks of at most ``max_chunk_tokens`` tokens.
    """

    def __init__(self, batch_tokens: int = 20000, max_chunk_tokens: int = 2000):
        self.batch_tokens = batch_tokens
        self.max_chunk_tokens = max_chunk_tokens
        self.model = ner_model()

    def _chunks(self, doc: Doc) -> list[list[int]]:
        chunks: list[list[int]] = []
        cur: list[int] = []
        for sent in doc.sents:
            idx = [t.i for t in sent if not t.is_space]
            if cur and len(cur) + len(idx) > self.max_chunk_tokens:
                chunks.append(cur)
                cur = []
            cur.extend(idx)
            while len(cur) > self.max_chunk_tokens:
                chunks.append(cur[:self.max_chunk_tokens])
                cur = cur[self.max_chunk_tokens:]
        if cur:
            chunks.append(cur)
        return chunks

    def process(self, docs: list[Doc]) -> None:
        items, where = [], []
        for d, doc in enumerate(docs):
            for chunk in self._chunks(doc):
                items.append([doc[i].text for i in chunk])
                where.append((d, chunk))
        model = self.model
        infer = model.infer
        tags_out: list = [None] * len(items)
        for chunk_ids in _budget_batches(items, self.batch_tokens):
            batch = [items[i] for i in chunk_ids]
            infer.encoder.batch_size = len(batch)
            with _lock:
                inputs = infer.encoder(batch)
                preds = list(infer.decoder(infer.process(inputs)))
            for i, p in zip(chunk_ids, preds):
                tags_out[i] = p
        spans: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        for (d, chunk), tags in zip(where, tags_out):
            spans[d].extend(_bio_spans(chunk, tags))
        for doc, ss in zip(docs, spans):
            ents = [Span(doc, s, e, label=label) for s, e, label in ss]
            doc.ents = filter_spans(ents)


def _bio_spans(idx: list[int], tags: list[str]) -> Iterator[tuple[int, int, str]]:
    start = None
    label = None
    prev = None
    for i, tag in zip(idx, tags):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                yield start, prev + 1, label
                start = None
            if tag != "O":
                start, label = i, tag[2:]
        prev = i
    if start is not None:
        yield start, prev + 1, label


# --------------------------------------------------------------------------- loading

DEFAULT_COMPONENTS = ("natasha_sentencizer", "natasha_morph", "natasha_syntax", "natasha_ner")


def load(components: Sequence[str] = DEFAULT_COMPONENTS, config: dict | None = None) -> Language:
    """A Russian ``spacy.Language`` with razdel tokens and Natasha's models as components.

    ``components`` chooses which of the four to add (the sentencizer is needed by the others);
    ``config`` maps a component name to its settings, e.g. ``{"natasha_ner": {"batch_tokens": 8000}}``.
    """
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "rupress.RazdelTokenizer.v1"}}})
    config = config or {}
    for name in components:
        nlp.add_pipe(name, config=config.get(name, {}))
    return nlp


@lru_cache(maxsize=4)
def shared(components: tuple[str, ...] = DEFAULT_COMPONENTS) -> Language:
    """One pipeline per process and component set (models load once)."""
    return load(components)
