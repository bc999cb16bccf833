"""Natasha's NER off, measured: the entity rules start from the NEREL tagger's PER/ORG/LOC spans
(CITY, COUNTRY, ... -> LOC; outermost) instead of ``doc.ents``, then any ``rupress`` command runs.

    python benchmarks/ner_off.py [--names] eval factru ../shared/eval/factru-dev --no-baseline
    python benchmarks/ner_off.py [--names] eval nerel ../shared/eval/nerel/dev --no-baseline

``--names``: only the tagger's places that read as a name (``learned.reads_as_name``), as the
``add_names`` policy keeps them. Natasha's NER still runs, because the NEREL tagger reads its tags
as a feature: the figures are what the rules would get from the tagger's spans at best (a tagger
retrained without the feature would be no better).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    names = "--names" in sys.argv
    sys.argv = [a for a in sys.argv if a != "--names"]
    from spacy.util import filter_spans

    from pipeline.extractors.entities.learned import model_spans, reads_as_name
    from pipeline.models.nerel import component

    run = component.NerelComponent.process

    def process(self, docs):
        run(self, docs)
        for doc in docs:
            spans = [s for s in model_spans(doc) if s.label_ in ("PER", "ORG", "LOC")
                     and not (names and s.label_ == "LOC" and not reads_as_name(s))]
            doc.ents = filter_spans(spans)

    component.NerelComponent.process = process
    from pipeline.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
