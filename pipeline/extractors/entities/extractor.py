"""The ``entities`` extractor: mention and entity rows from the corrected NER."""
from __future__ import annotations

from ..base import Context
from .mentions import extract_mentions


def run(ctx: Context) -> dict[str, list[dict]]:
    mentions, entities = extract_mentions(ctx.sdoc, spans=ctx.settings.entity_spans)
    did = ctx.doc.doc_id
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    for m in ordered:
        s, e, text = ctx.span(m.start, m.end)
        m.orig = (s, e)
        m.mention_id = ctx.make_id("m", s, e)
    # an entity is named by its first mention, so its id survives mentions added elsewhere
    ent_ids = [ctx.make_id("e", *min(m.orig for m in ent.mentions)) for ent in entities]
    mrows = [{
        "doc_id": did, "mention_id": m.mention_id, "start": m.orig[0], "end": m.orig[1],
        "text": ctx.doc.text[m.orig[0]:m.orig[1]], "label": m.label, "normal": m.normal,
        "entity_id": ent_ids[m.entity] if m.entity is not None else None,
        "sentence_id": m.sentence_id, "source": m.source,
    } for m in ordered]
    erows = [{
        "entity_id": ent_ids[k], "doc_id": did, "label": ent.label, "name": ent.name,
        "n_mentions": len(ent.mentions), "first_start": ent.mentions[0].orig[0],
        "abbreviation": ent.abbreviation,
    } for k, ent in enumerate(entities)]
    ctx.results.mentions = mentions  # as found: downstream lookups prefer the first found of overlapping ones
    ctx.results.entities = entities
    ctx.results.entity_ids = ent_ids
    return {"mentions": mrows, "entities": erows}
