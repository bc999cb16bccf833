"""The ``roles`` extractor: positions, their holders and organisations, as rows of the roles table."""
from __future__ import annotations

from ..base import Context
from ..common import MentionIndex, lemma
from .linking import (
    appointment_context,
    org_for,
    person_above,
    person_below,
    person_by_verb,
    person_dash,
    person_fallback,
)
from .positions import find_positions


def extract_roles(ctx: Context) -> list[dict]:
    sdoc = ctx.sdoc
    mi = MentionIndex.from_results(ctx.results)
    positions = find_positions(sdoc, mi)
    links: dict[int, tuple] = {}
    for pos in positions:
        dash = person_dash(pos, mi)
        got = (dash, "dash") if dash is not None else person_below(pos, mi) or person_above(pos, mi)
        appointed = appointment_context(pos.head)
        if got is None:
            r = person_by_verb(pos, mi)
            if r is not None:
                got = (r[0], "verb")
                appointed = appointed or r[1]
        if got is None:
            m = person_fallback(pos, mi)
            if m is not None:
                got = (m, "adjacent")
        if got is not None:
            links[pos.head.i] = (got[0], appointed)
        else:
            links[pos.head.i] = (None, appointed)
    # Coordinated posts share their holder: "министр финансов и вице-премьер Антон Силуанов".
    by_head = {p.head.i: p for p in positions}
    for _ in range(2):
        for pos in positions:
            if links[pos.head.i][0] is not None:
                continue
            peers = []
            if pos.head.dep_ == "conj" and pos.head.head.i in by_head:
                peers.append(pos.head.head.i)
            peers += [c.i for c in pos.head.children if c.dep_ == "conj" and c.i in by_head]
            for p in peers:
                if links[p][0] is not None:
                    links[pos.head.i] = (links[p][0], links[pos.head.i][1] or links[p][1])
                    break

    orgs = {p.head.i: org_for(p, None, mi) for p in positions}
    # A post named again without its holder: "президент Франции Николя Саркози … президент Франции прибыл".
    known: dict = {}
    for pos in positions:
        person, appointed = links[pos.head.i]
        org = orgs[pos.head.i]
        key = (lemma(pos.head), mi.entity_id(org) if org is not None else None)
        if person is not None and key[1] is not None:
            known.setdefault(key, set()).add(mi.entity_id(person) or person.normal)
            known.setdefault(("person", key), person)
        elif person is None and key[1] is not None and len(known.get(key, ())) == 1 \
                and pos.kind == "official":
            links[pos.head.i] = (known[("person", key)], appointed)

    did = ctx.doc.doc_id
    rows: list[dict] = []
    seen = set()
    for pos in positions:
        person, appointed = links[pos.head.i]
        if person is None:
            continue
        org = orgs[pos.head.i]
        if pos.kind == "profession" and org is None:
            continue  # "писатель", "врач": an occupation, not a post, unless tied to an organisation
        key = (person.start, pos.head.i)
        if key in seen:
            continue
        seen.add(key)
        pid = mi.entity_id(person)
        ps, pe, _ = ctx.span(person.start, person.end)
        s_char = pos.tokens[0].idx
        e_char = pos.tokens[-1].idx + len(pos.tokens[-1].text)
        qs, qe, qtext = ctx.span(s_char, e_char)
        rows.append({
            "doc_id": did, "role_id": ctx.make_id("r", ps, qs),
            "person_entity_id": pid, "person": mi.name(person),
            "person_start": ps, "person_end": pe,
            "position": pos.normal, "position_text": qtext,
            "position_start": qs, "position_end": qe,
            "org_entity_id": mi.entity_id(org) if org else None,
            "org": mi.name(org) if org else None,
            "appointment": bool(appointed),
        })
    ctx.results.roles = rows
    return rows


def run(ctx: Context) -> dict[str, list[dict]]:
    return {"roles": extract_roles(ctx)}
