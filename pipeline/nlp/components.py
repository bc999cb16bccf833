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
from slovnet.shape import word_shape
from spacy.attrs import DEP, HEAD, IDX, IS_SPACE, LEMMA, MORPH, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from slovnet.conll import parse_conll_tag

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


def _words_and_space(doc: Doc) -> tuple[list[str], list[int]]:
    """Token texts and the whitespace mask, read without creating Token objects."""
    strings = doc.vocab.strings
    arr = doc.to_array([ORTH, IS_SPACE])
    return [strings[h] for h in arr[:, 0].tolist()], arr[:, 1].tolist()


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sents]


def _sentence_pieces(doc: Doc, max_len: int, space: list[int]) -> list[tuple[int, int, list[int]]]:
    """(sentence start, sentence end, non-space token indices) per sentence, sentences longer
    than ``max_len`` tokens cut into consecutive pieces."""
    pieces: list[tuple[int, int, list[int]]] = []
    for s, e in _sentence_bounds(doc):
        idx = [i for i in range(s, e) if not space[i]]
        for k in range(0, len(idx), max_len):
            pieces.append((s, e, idx[k:k + max_len]))
    return pieces


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


def _infer(model, items: list[list[str]], budget: int, cache: dict | None = None) -> list:
    """Raw slovnet predictions for word lists, in token-budget batches; results in input order.

    Does what ``model.infer(batch)`` does with one encoder batch per chunk (the padded matrix is
    what the budget bounds), minus building markup objects: morph gives tag-id arrays, syntax
    (head ids, relation ids) pairs, NER tag-id lists.
    """
    infer = model.infer
    encoder = infer.encoder
    cache = {} if cache is None else cache
    out: list = [None] * len(items)
    with _lock, _one_blas_thread():
        for chunk in _budget_batches(items, budget):
            encoded = [_encode(encoder, items[i], cache) for i in chunk]
            preds = list(infer.process([encoder.input(encoded)]))
            for i, res in zip(chunk, preds):
                out[i] = res
    return out


def _one_blas_thread():
    """Run the models on one BLAS thread.

    Multi-threaded BLAS sums in an order that depends on the thread count, and slovnet's syntax
    head choice can flip on such rounding: with one thread the output is the same on every
    machine, in one process or in many workers.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


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
            words, space = _words_and_space(doc)
            doc_words.append(words)
            for _, _, group in _sentence_pieces(doc, 500, space):
                items.append([words[i] for i in group])
                where.append((d, group))
        results = _infer(self.model, items, self.batch_tokens)
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
        spaces = []
        for d, doc in enumerate(docs):
            words, space = _words_and_space(doc)
            spaces.append(space)
            for s, e, piece in _sentence_pieces(doc, self.max_sentence_tokens, space):
                items.append([words[i] for i in piece])
                where.append((d, s, e, piece))
        results = _infer(self.model, items, self.batch_tokens)
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

    def _chunks(self, doc: Doc, space: list[int] | None = None) -> list[list[int]]:
        if space is None:
            space = doc.to_array(IS_SPACE).tolist()
        chunks: list[list[int]] = []
        cur: list[int] = []
        for s, e in _sentence_bounds(doc):
            idx = [i for i in range(s, e) if not space[i]]
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
            words, space = _words_and_space(doc)
            for chunk in self._chunks(doc, space):
                items.append([words[i] for i in chunk])
                where.append((d, chunk))
        preds = _infer(self.model, items, self.batch_tokens)
        tags_out = list(self.model.infer.decoder(preds))
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
