"""The ``roles`` extractor: positions, their holders and organisations, as rows of the roles table."""
from __future__ import annotations

from ..base import Context
from ..common import MentionIndex, lemma
from . import address, learned
from .linking import (
    appointment_context,
    org_for,
    person_above,
    person_below,
    person_by_verb,
    person_dash,
    person_fallback,
)
from .lists import list_line_roles
from .positions import find_positions
from .role import Role


def rule_roles(sdoc, mi: MentionIndex, positions: list | None = None) -> list[Role]:
    """The hand rules' roles: every post phrase (``positions``, found when not given) with the
    holder the rules find (``how`` says by which rule) and its organisation."""
    positions = find_positions(sdoc, mi) if positions is None else positions
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
        links[pos.head.i] = (got[0], appointed, got[1]) if got is not None else (None, appointed, "")
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
                    links[pos.head.i] = (links[p][0], links[pos.head.i][1] or links[p][1], "conj")
                    break

    orgs = {p.head.i: org_for(p, None, mi) for p in positions}
    # A post named again without its holder: "президент Франции Николя Саркози … президент Франции прибыл".
    known: dict = {}
    for pos in positions:
        person, appointed, _ = links[pos.head.i]
        org = orgs[pos.head.i]
        key = (lemma(pos.head), mi.entity_id(org) if org is not None else None)
        if person is not None and key[1] is not None:
            known.setdefault(key, set()).add(mi.entity_id(person) or person.normal)
            known.setdefault(("person", key), person)
        elif person is None and key[1] is not None and len(known.get(key, ())) == 1 \
                and pos.kind == "official":
            links[pos.head.i] = (known[("person", key)], appointed, "known")

    out = []
    for pos in positions:
        person, appointed, how = links[pos.head.i]
        org = orgs[pos.head.i]
        out.append(Role.of_position(pos, person, org, appointed, how))
    return out


def _kept(roles: list[Role]) -> list[Role]:
    """The rule roles that become rows: a holder found, an occupation only with its organisation,
    no address or speaker's words (``address.no_role``)."""
    return [r for r in roles if r.person is not None and not (r.kind == "profession" and r.org is None)
            and not address.no_role(r.head.doc, r.person, r.tokens, r.head)]


def role_rows(ctx: Context, mi: MentionIndex, roles: list[Role]) -> list[dict]:
    """Rows of the roles table, offsets in the original text; one per holder and post head."""
    did = ctx.doc.doc_id
    rows: list[dict] = []
    seen = set()
    for role in roles:
        person, org = role.person, role.org
        key = (person.start, role.head.i)
        if key in seen:
            continue
        seen.add(key)
        ps, pe, _ = ctx.span(person.start, person.end)
        qs, qe, qtext = ctx.span(role.start, role.end)
        rows.append({
            "doc_id": did, "role_id": ctx.make_id("r", ps, qs),
            "person_entity_id": mi.entity_id(person), "person": mi.name(person),
            "person_start": ps, "person_end": pe,
            "position": role.normal, "position_text": qtext,
            "position_start": qs, "position_end": qe,
            "org_entity_id": mi.entity_id(org) if org else None,
            "org": mi.name(org) if org else None,
            "appointment": bool(role.appointed),
            "score": role.score,
            "kind": "post" if role.kind == "official" or org is not None else "occupation",
        })
    return rows


def post_rows(ctx: Context, mi: MentionIndex, roles: list[Role], rows: list[dict], unheld: list[Role]) -> list[dict]:
    """Rows of the posts table: each post phrase with its organisation, held (``role_id``: the
    first roles row with that phrase) or not (``на пост президента Мали``)."""
    did = ctx.doc.doc_id
    row_of = {}
    for r in rows:
        row_of.setdefault((r["position_start"], r["position_end"]), r)
    out: dict[tuple[int, int], dict] = {}
    for role in list(roles) + list(unheld):
        if role.org is None:
            continue
        qs, qe, qtext = ctx.span(role.start, role.end)
        if (qs, qe) in out:
            continue
        held = row_of.get((qs, qe)) if role.person is not None else None
        os_, oe, otext = ctx.span(role.org.start, role.org.end)
        out[(qs, qe)] = {
            "doc_id": did, "post_id": None, "position": role.normal, "position_text": qtext,
            "position_start": qs, "position_end": qe,
            "org_entity_id": mi.entity_id(role.org), "org": mi.name(role.org),
            "org_text": otext, "org_start": os_, "org_end": oe,
            "role_id": held["role_id"] if held else None, "score": role.score,
        }
    for (qs, qe), r in sorted(out.items()):
        r["post_id"] = ctx.make_id("q", qs, qe)
    return [r for _, r in sorted(out.items())]


def _extract(ctx: Context) -> tuple[list[dict], list[dict]]:
    sdoc = ctx.sdoc
    mi = MentionIndex.from_results(ctx.results)
    ctx.results.positions = find_positions(sdoc, mi)  # the events extractor reads them too
    rules = rule_roles(sdoc, mi, ctx.results.positions)
    unheld: list[Role] = []
    if ctx.settings.learned_roles and learned.available():
        roles = learned.learned_roles(sdoc, mi, rules, unheld=unheld)
    else:
        roles = _kept(rules)
        unheld = [r for r in rules if r.person is None and r.org is not None]
    roles = roles + list_line_roles(sdoc, mi, roles)
    rows = role_rows(ctx, mi, roles)
    ctx.results.roles = rows
    return rows, post_rows(ctx, mi, roles, rows, unheld)


def extract_roles(ctx: Context) -> list[dict]:
    """Rows of the roles table (``run`` also gives the posts table)."""
    return _extract(ctx)[0]


def run(ctx: Context) -> dict[str, list[dict]]:
    roles, posts = _extract(ctx)
    return {"roles": roles, "posts": posts}
