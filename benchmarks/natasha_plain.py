"""Plain Natasha's documented full pipeline, the one every benchmark compares against: Segmenter,
NewsMorphTagger, NewsSyntaxParser, NewsNERTagger and span normalization, one ``Doc`` at a time,
numpy's default BLAS threads."""
from __future__ import annotations

from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter


def load() -> tuple:
    """The models, loaded once."""
    seg, vocab, emb = Segmenter(), MorphVocab(), NewsEmbedding()
    return seg, vocab, NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)


def spans(text: str, models: tuple) -> list:
    """Natasha's normalized spans of one text."""
    seg, vocab, morph, syntax, ner = models
    d = Doc(text)
    d.segment(seg)
    d.tag_morph(morph)
    d.parse_syntax(syntax)
    d.tag_ner(ner)
    for s in d.spans:
        s.normalize(vocab)
    return d.spans
