"""The ``dates`` extractor: one row per date expression, resolved against the anchor."""
from __future__ import annotations

from ..base import Context
from .driver import extract_dates


def run(ctx: Context) -> dict[str, list[dict]]:
    found = extract_dates(ctx.norm.text, ctx.anchor, doc=ctx.sdoc)
    did = ctx.doc.doc_id
    rows = []
    for d in found:
        s, e, text = ctx.span(d.start, d.end)
        rows.append({
            "doc_id": did, "date_id": ctx.make_id("d", s, e), "start": s, "end": e, "text": text,
            "kind": d.kind, "value": d.value, "value_end": d.value_end,
            "granularity": d.granularity, "anchor": d.anchor, "duration": d.duration, "open": d.open,
        })
    # a length, a repetition or a vague phrase dates no event: later stages see points and intervals only
    ctx.results.dates = [d for d in found if d.kind not in ("duration", "set", "vague")]
    return {"dates": rows}
