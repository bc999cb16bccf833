"""The ``entities`` extractor: mention and entity rows from the corrected NER and the NEREL tagger."""
from __future__ import annotations

import bisect

from ..base import Context
from .mentions import Mention, extract_all_mentions


class _Disjoint:
    """Non-overlapping [start, end) intervals, sorted: does a span overlap one of them? (log time;
    the pairwise test it replaces made a long text's mentions quadratic)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect.bisect_left(self.starts, b) - 1  # the last interval starting before b
        return k >= 0 and self.ends[k] > a

    def add(self, a: int, b: int) -> None:
        k = bisect.bisect_left(self.starts, a)
        self.starts.insert(k, a)
        self.ends.insert(k, b)


def _inside_another(spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans lying within another, different span of ``spans`` (one sweep by start)."""
    out: set[tuple[int, int]] = set()
    reach = -1
    for a, b in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if reach >= b:  # an earlier span starts no later and ends no sooner
            out.add((a, b))
        reach = max(reach, b)
    return out


def flat_layer(base: list[Mention], extra: list[Mention]) -> set[int]:
    """``id()`` of the mentions of one flat layer (no two overlap): the outermost PER/ORG/LOC
    mentions, then the other labels' mentions, longest first, where they overlap none kept."""
    kept = _Disjoint()
    out: set[int] = set()
    inner = _inside_another([(m.start, m.end) for m in base])
    for m in base:
        if (m.start, m.end) not in inner and not kept.overlaps(m.start, m.end):
            kept.add(m.start, m.end)
            out.add(id(m))
    for m in sorted(extra, key=lambda m: (m.start - m.end, m.start)):
        if not kept.overlaps(m.start, m.end):
            kept.add(m.start, m.end)
            out.add(id(m))
    return out


def run(ctx: Context) -> dict[str, list[dict]]:
    mentions, entities, extra = extract_all_mentions(ctx.sdoc, spans=ctx.settings.entity_spans)
    did = ctx.doc.doc_id
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    extra = sorted(extra, key=lambda m: (m.start, m.end, m.label))
    for m in ordered + extra:  # PER/ORG/LOC ids first: they do not depend on the other labels
        s, e, text = ctx.span(m.start, m.end)
        m.orig = (s, e)
        m.mention_id = ctx.make_id("m", s, e)
    # an entity is named by its first mention, so its id survives mentions added elsewhere
    ent_ids = [ctx.make_id("e", *min(m.orig for m in ent.mentions)) for ent in entities]
    flat = flat_layer(ordered, extra)
    extra_ids = {id(m) for m in extra}
    rows = sorted(ordered + extra, key=lambda m: (m.start, m.end, id(m) in extra_ids))
    mrows = [{
        "doc_id": did, "mention_id": m.mention_id, "start": m.orig[0], "end": m.orig[1],
        "text": ctx.doc.text[m.orig[0]:m.orig[1]], "label": m.label, "normal": m.normal,
        "entity_id": ent_ids[m.entity] if m.entity is not None else None,
        "sentence_id": m.sentence_id, "source": m.source, "nested": id(m) not in flat,
    } for m in rows]
    erows = [{
        "entity_id": ent_ids[k], "doc_id": did, "label": ent.label, "name": ent.name,
        "n_mentions": len(ent.mentions), "first_start": ent.mentions[0].orig[0],
        "abbreviation": ent.abbreviation,
    } for k, ent in enumerate(entities)]
    ctx.results.mentions = mentions  # as found: downstream lookups prefer the first found of overlapping ones
    ctx.results.entities = entities
    ctx.results.entity_ids = ent_ids
    ctx.results.other_mentions = extra
    return {"mentions": mrows, "entities": erows}
