"""The ``entities`` extractor: mention and entity rows from the corrected NER and the NEREL tagger."""
from __future__ import annotations

import bisect

from ..base import Context
from . import bodies, places
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


def parents(rows: list[Mention], extra_ids: set[int]) -> dict[int, Mention]:
    """``id()`` of a mention -> the smallest mention it sits in (same span: a tagger-label mention
    sits in the PER/ORG/LOC one). ``rows`` sorted by (start, end); one sweep with a stack of open
    mentions, so the work follows the nesting depth, not the number of mentions squared."""
    order = sorted(rows, key=lambda m: (m.start, -m.end, id(m) in extra_ids))
    out: dict[int, Mention] = {}
    stack: list[Mention] = []
    for m in order:
        while stack and stack[-1].end <= m.start:
            stack.pop()
        best = None
        for o in reversed(stack):  # innermost first; a crossing mention is passed over
            if best is not None and (o.start, o.end) != (best.start, best.end):
                break
            if o.start <= m.start and m.end <= o.end and (
                    (o.start, o.end) != (m.start, m.end) or (id(o) not in extra_ids and id(m) in extra_ids)):
                if best is None or id(best) in extra_ids:  # of two with one span, the PER/ORG/LOC one
                    best = o
        if best is not None:
            out[id(m)] = best
        stack.append(m)
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
    # an entity is named by its first mention (its first name, when it has one: an adjective or a
    # common noun before it does not rename it), so its id survives mentions added elsewhere
    ent_ids = [ctx.make_id("e", *min(m.orig for m in ent.mentions
                                     if m.form == "name" or all(x.form != "name" for x in ent.mentions)))
               for ent in entities]
    flat = flat_layer(ordered, extra)
    extra_ids = {id(m) for m in extra}
    rows = sorted(ordered + extra, key=lambda m: (m.start, m.end, id(m) in extra_ids))
    parent = parents(rows, extra_ids)
    mrows = [{
        "doc_id": did, "mention_id": m.mention_id, "start": m.orig[0], "end": m.orig[1],
        "text": ctx.doc.text[m.orig[0]:m.orig[1]], "label": m.label, "normal": m.normal,
        "entity_id": ent_ids[m.entity] if m.entity is not None else None,
        "sentence_id": m.sentence_id, "source": m.source, "nested": id(m) not in flat, "form": m.form,
        "parent": parent[id(m)].mention_id if id(m) in parent and id(m) not in flat else None,
    } for m in rows]
    erows = [{
        "entity_id": ent_ids[k], "doc_id": did, "label": ent.label, "name": ent.name,
        "n_mentions": len(ent.mentions), "first_start": ent.mentions[0].orig[0],
        "abbreviation": ent.abbreviation, "generic": all(m.form == "generic" for m in ent.mentions),
    } for k, ent in enumerate(entities)]
    # as found: downstream lookups prefer the first found of overlapping ones; roles and events do not
    # read place adjectives and bodies' common nouns (no argument of theirs yet)
    ctx.results.mentions = [m for m in mentions if m.source not in (places.SOURCE, bodies.SOURCE)]
    ctx.results.entities = entities
    ctx.results.entity_ids = ent_ids
    ctx.results.other_mentions = extra
    return {"mentions": mrows, "entities": erows}
