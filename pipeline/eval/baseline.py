"""Plain natasha NER, the reference the project's mentions are compared with."""
from __future__ import annotations

import sys
from functools import lru_cache
from typing import Sequence


@lru_cache(maxsize=1)
def _models():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_mentions(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """Segmenter + NewsNERTagger on each text; spans as (start, stop, type)."""
    from natasha import Doc

    segmenter, tagger = _models()
    out = []
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        out.append([(s.start, s.stop, s.type) for s in doc.spans])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pipeline.evaluation.baseline PATH``: plain-natasha mention scores on a corpus."""
    from .factru import read_corpus
    from .scoring import format_table, score_mentions

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m pipeline.evaluation.baseline CORPUS_DIR", file=sys.stderr)
        return 2
    docs = read_corpus(args[0])
    pred = dict(zip((d.doc_id for d in docs), natasha_mentions([d.text for d in docs])))
    print(format_table(score_mentions(docs, pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
