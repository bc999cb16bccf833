"""Fixtures shared by the extractor tests (with ``--import-mode=importlib`` test modules cannot import
each other, so shared helpers live here)."""
import pytest

NO_SPACE_BEFORE = {".", ",", "»", ")"}


def _parse(rows: str, ents=(), dates=()):
    """A Context over the tree in ``rows`` (``word lemma POS head dep [Feats]``, head a token index,
    the root its own head), with ``ents`` as (first, end, label[, name]) token spans and ``dates``
    as (first, end, value, value_end, granularity)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from pipeline.extractors.base import Context, Results
    from pipeline.extractors.dates import DateMatch
    from pipeline.extractors.entities.mentions import Entity, Mention
    from pipeline.text import normalize
    from pipeline.types import Document

    toks = [line.split() for line in rows.strip().splitlines()]
    words = [t[0] for t in toks]
    spaces = [i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and w != "«" for i, w in enumerate(words)]
    doc = Doc(Vocab(), words=words, spaces=spaces, lemmas=[t[1] for t in toks], pos=[t[2] for t in toks],
              heads=[int(t[3]) for t in toks], deps=[t[4] for t in toks],
              morphs=[t[5] if len(t) > 5 else "" for t in toks])
    mentions, entities = [], []
    for k, (a, b, label, *name) in enumerate(ents):
        span = doc[a:b]
        mentions.append(Mention(span.start_char, span.end_char, label, span.text, span.text, 0,
                                tokens=(a, b), entity=k))
        entities.append(Entity(label, [mentions[-1]], name=name[0] if name else span.text))
    found = [DateMatch(doc[a].idx, doc[b - 1].idx + len(doc[b - 1]), doc[a:b].text, "date", v, e, g, None)
             for a, b, v, e, g in dates]
    results = Results(mentions=mentions, entities=entities, entity_ids=[f"d:e{k}" for k in range(len(entities))],
                      dates=found)
    return Context(Document("d", doc.text, "test"), normalize(doc.text), doc, results=results)


@pytest.fixture
def parse():
    """``parse(rows, ents=(), dates=())``: a hand-built parse as a Context, so a rule test states the
    tree it assumes."""
    return _parse
