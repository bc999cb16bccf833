"""``natasha_ner``: slovnet PER/ORG/LOC spans over whole documents into ``doc.ents``."""
from __future__ import annotations

from typing import Iterator

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .batching import BatchComponent, infer, sentence_bounds, words_and_space
from .models import ner_model


@Language.factory(
    "natasha_ner",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    requires=["token.is_sent_start"],
    default_config={"batch_tokens": 20000, "max_chunk_tokens": 2000},
)
def make_ner(nlp: Language, name: str, batch_tokens: int, max_chunk_tokens: int):
    return NatashaNER(batch_tokens=batch_tokens, max_chunk_tokens=max_chunk_tokens)


class NatashaNER(BatchComponent):
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
        for s, e in sentence_bounds(doc):
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
            words, space = words_and_space(doc)
            for chunk in self._chunks(doc, space):
                items.append([words[i] for i in chunk])
                where.append((d, chunk))
        preds = infer(self.model, items, self.batch_tokens)
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

