"""``rupress_nerel``: the NEREL tagger as a spaCy component; nested spans in ``doc.spans["nerel"]``.

It reads razdel tokens, sentences, Natasha's POS and case (``natasha_morph``) and Natasha's
NER (``doc.ents`` as ``natasha_ner`` left them), so it runs after those. Labels are NEREL's
29 types as annotated (PERSON, ORGANIZATION, CITY, PROFESSION, ...); ``doc.ents`` is untouched.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from .features import doc_rows, doc_sentences, featurize, token_rows

SPANS_KEY = "nerel"


@Language.factory(
    "rupress_nerel",
    assigns=[f"doc.spans"],
    requires=["token.is_sent_start", "token.pos", "token.morph"],
    default_config={"spans_key": SPANS_KEY, "batch_tokens": 4000},
)
def make_nerel(nlp: Language, name: str, spans_key: str, batch_tokens: int):
    return NerelComponent(name, spans_key=spans_key, batch_tokens=batch_tokens)


class NerelComponent:
    def __init__(self, name: str = "rupress_nerel", spans_key: str = SPANS_KEY, batch_tokens: int = 4000):
        from .model import tagger

        self.name = name
        self.spans_key = spans_key
        self.batch_tokens = batch_tokens
        self.model = tagger()

    def __call__(self, doc: Doc) -> Doc:
        self.process([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self.process(batch)
            yield from batch

    def process(self, docs: list[Doc]) -> None:
        from ...nlp.models import _embedding

        vocab = _embedding().vocab
        where, feats = [], []
        for d, doc in enumerate(docs):
            rows = doc_rows(doc)
            for idx in doc_sentences(doc):
                where.append((d, idx))
                feats.append(featurize(vocab, token_rows(doc, idx, rows)))
        found = self.model.spans(feats, self.batch_tokens) if feats else []
        out: list[list[Span]] = [[] for _ in docs]
        for (d, idx), spans in zip(where, found):
            doc = docs[d]
            out[d].extend(Span(doc, idx[a], idx[z - 1] + 1, label=t) for a, z, t in spans)
        for doc, spans in zip(docs, out):
            doc.spans[self.spans_key] = sorted(spans, key=lambda s: (s.start, -s.end, s.label_))
