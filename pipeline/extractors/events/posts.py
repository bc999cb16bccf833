"""The post and organisation of an appointment or departure, read from the ``roles`` rows.

"Иван Петров назначен генеральным директором компании «Ромашка»": the roles extractor has found
(Петров, генеральный директор, «Ромашка»); the event takes that post (``POSITION``) and its
organisation (``ORGANIZATION``) when the person is one of its sides and the post is in the
mention's sentence. Offsets are the original text's, as in the rows.
"""
from __future__ import annotations

POST_TYPES = ("APPOINTMENT", "DEPARTURE")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def post_arguments(ctx, mi, people: list[tuple[int, int]], sentence: tuple[int, int]) -> list[dict]:
    """Argument rows (without doc_id/event_id/mention_id) for the post of each person named in
    ``people`` (original offsets) whose role's position lies in ``sentence``."""
    out = []
    for r in ctx.results.roles or ():
        per = (r["person_start"], r["person_end"])
        pos = (r["position_start"], r["position_end"])
        if not any(_overlaps(per, p) for p in people) or not (sentence[0] <= pos[0] and pos[1] <= sentence[1]):
            continue
        out.append({"role": "POSITION", "entity_id": None, "text": r["position_text"],
                    "start": pos[0], "end": pos[1], "score": None})
        org = r.get("org_entity_id")
        if org is None:
            continue
        best = None
        for m in mi.mentions:
            if mi.entity_id(m) != org:
                continue
            s, e, text = ctx.span(m.start, m.end)
            if sentence[0] <= s and e <= sentence[1] and (best is None or abs(s - pos[0]) < abs(best[0] - pos[0])):
                best = (s, e, text)
        if best is not None:
            out.append({"role": "ORGANIZATION", "entity_id": org, "text": best[2],
                        "start": best[0], "end": best[1], "score": None})
    return out


def posts_in_clause(ctx, mi, ev) -> list[dict]:
    """"покинул пост генерального директора «Газпрома»": with no role row to read (nobody's post
    is stated, only left), the post phrase under the event's word and the organisation under it.
    The post phrases are the roles extractor's (``results.positions``)."""
    sub = {t.i for t in ev.pred.subtree}
    out = []
    for p in ctx.results.positions or ():
        if p.head.i not in sub:
            continue
        a, b = p.tokens[0].idx, p.tokens[-1].idx + len(p.tokens[-1].text)
        s, e, text = ctx.span(a, b)
        out.append({"role": "POSITION", "entity_id": None, "text": text, "start": s, "end": e, "score": None})
        for t in p.head.subtree:
            m = mi.at(t.i, ("ORG",))
            if m is not None:
                s, e, text = ctx.span(m.start, m.end)
                out.append({"role": "ORGANIZATION", "entity_id": mi.entity_id(m), "text": text,
                            "start": s, "end": e, "score": None})
                break
    return out
