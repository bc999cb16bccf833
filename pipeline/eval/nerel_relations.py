"""NEREL EVENT mentions and relations against rupress's ``events``, ``event_arguments`` and ``roles``.

Matching (``docs/evaluation.md``, "NEREL events and relations"): a predicted EVENT mention is right
when its trigger span overlaps a gold EVENT entity; a predicted relation ``(TYPE, arg1, arg2)`` is
right when a gold relation of the same type has an arg1 overlapping the predicted arg1 and an arg2
overlapping the predicted arg2. Matching is one to one (greedy, in text order), so a gold item is
found at most once and a second prediction on it is a false positive. Gold items are counted once
per distinct pair of spans (NEREL sometimes repeats a relation on nested entities).

How rupress's rows read as NEREL relations (arg1 -> arg2, as NEREL orders them; "trigger" is the
``event_mentions`` row the argument was read from, its ``mention_id``, else the event's trigger):

- ``AGENT``: an ``AGENT`` argument -> its event's trigger;
- ``PARTICIPANT_IN``: a ``PARTICIPANT``, ``PARTNER`` argument, or an ``OBJECT`` that is an entity;
- ``ARGUMENT``: AGENT and PARTICIPANT_IN together, the role not told apart (both sides);
- ``TAKES_PLACE_IN``: event trigger -> a ``LOCATION`` argument (or the event's location mention);
- ``POINT_IN_TIME``: event trigger -> a ``TIME`` argument;
- ``ORGANIZES``: an ``ORGANIZER`` argument -> the trigger;
- ``WORKS_AS``: roles person -> position phrase;
- ``WORKPLACE``: roles person -> organisation mention, and position phrase -> organisation mention
  (NEREL links both the person and the profession to the workplace); every ``posts`` row, held or
  not, as position phrase -> its organisation mention (``org_start``/``org_end``).
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .nerel import NerelDoc, read_corpus
from .scoring import PRF, format_table

Span = tuple[int, int]
Rel = tuple[str, Span, Span]

RELATIONS = ("AGENT", "PARTICIPANT_IN", "ARGUMENT", "TAKES_PLACE_IN", "POINT_IN_TIME", "ORGANIZES",
             "WORKS_AS", "WORKPLACE")
ARG_ROLES = {"AGENT": "AGENT", "PARTICIPANT": "PARTICIPANT_IN", "PARTNER": "PARTICIPANT_IN",
             "LOCATION": "TAKES_PLACE_IN", "TIME": "POINT_IN_TIME", "ORGANIZER": "ORGANIZES"}
EVENT_ARG2 = ("TAKES_PLACE_IN", "POINT_IN_TIME")  # relations where the event is arg1


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gold_events(doc: NerelDoc) -> list[Span]:
    return sorted({(e.start, e.end) for e in doc.entities if e.type == "EVENT"})


def gold_relations(doc: NerelDoc) -> list[Rel]:
    """The relations scored, as (type, arg1 span, arg2 span); ARGUMENT = AGENT ∪ PARTICIPANT_IN."""
    ents = {e.entity_id: e for e in doc.entities}
    out: set[Rel] = set()
    for typ, a, b in doc.relations:
        if a not in ents or b not in ents:
            continue
        ea, eb = ents[a], ents[b]
        pair = ((ea.start, ea.end), (eb.start, eb.end))
        if typ in RELATIONS:
            out.add((typ, *pair))
        if typ in ("AGENT", "PARTICIPANT_IN"):
            out.add(("ARGUMENT", *pair))
    return sorted(out)


def match(gold: Sequence, pred: Sequence, key=lambda x: (x,)) -> PRF:
    """One-to-one greedy matching of spans (or tuples of spans) that overlap at every position."""
    prf = PRF()
    used = [False] * len(gold)
    for p in pred:
        pk = key(p)
        for i, g in enumerate(gold):
            if used[i]:
                continue
            gk = key(g)
            if len(gk) == len(pk) and all(_overlaps(x, y) for x, y in zip(gk, pk)):
                used[i] = True
                prf.tp += 1
                break
        else:
            prf.fp += 1
    prf.fn += used.count(False)
    return prf


def score(docs: Sequence[NerelDoc], pred_events: Mapping[str, Iterable[Span]],
          pred_rels: Mapping[str, Iterable[Rel]]) -> dict[str, PRF]:
    out = {"EVENT": PRF(), **{r: PRF() for r in RELATIONS}}
    for doc in docs:
        pe = sorted(set(pred_events.get(doc.doc_id, ())))
        out["EVENT"] = out["EVENT"] + match(gold_events(doc), pe)
        gr = gold_relations(doc)
        pr = sorted(set(pred_rels.get(doc.doc_id, ())))
        for r in RELATIONS:
            out[r] = out[r] + match([g for g in gr if g[0] == r], [p for p in pr if p[0] == r],
                                    key=lambda x: (x[1], x[2]))
    return out


def _sym(rels: list[Rel]) -> list[Rel]:
    """ARGUMENT copies of AGENT and PARTICIPANT_IN predictions."""
    return [("ARGUMENT", a, b) for t, a, b in rels if t in ("AGENT", "PARTICIPANT_IN")]


def predictions(tables) -> tuple[dict[str, list[Span]], dict[str, list[Rel]]]:
    """Event mention spans and relations read from rupress's tables (see the module doc)."""
    ev_spans: dict[str, list[Span]] = defaultdict(list)
    trig: dict[str, Span] = {}
    ev_doc: dict[str, str] = {}
    events = tables["events"]
    try:
        mentions = tables["event_mentions"]
    except KeyError:
        mentions = None
    for r in events.to_dict(orient="records"):
        sp = (int(r["trigger_start"]), int(r["trigger_end"]))
        trig[r["event_id"]] = sp
        ev_doc[r["event_id"]] = r["doc_id"]
        ev_spans[r["doc_id"]].append(sp)
    men_span: dict[str, Span] = {}
    if mentions is not None:
        for r in mentions.to_dict(orient="records"):
            sp = (int(r["start"]), int(r["end"]))
            ev_spans[r["doc_id"]].append(sp)
            men_span[r["mention_id"]] = sp
    rels: dict[str, list[Rel]] = defaultdict(list)
    have_loc: set[str] = set()
    for a in tables["event_arguments"].to_dict(orient="records"):
        eid = a["event_id"]
        if eid not in trig:
            continue
        sp = (int(a["start"]), int(a["end"]))
        role = a["role"]
        rel = ARG_ROLES.get(role)
        if role == "OBJECT" and isinstance(a.get("entity_id"), str):
            rel = "PARTICIPANT_IN"
        if rel is None:
            continue
        if rel == "TAKES_PLACE_IN":
            have_loc.add(eid)
        # the mention the argument was read from: NEREL links each telling to its own arguments
        t = men_span.get(a.get("mention_id"), trig[eid]) if isinstance(a.get("mention_id"), str) else trig[eid]
        pair = (t, sp) if rel in EVENT_ARG2 else (sp, t)
        rels[a["doc_id"]].append((rel, *pair))
    # mentions by entity, for the event's location and the role's organisation
    by_entity: dict[str, list[Span]] = defaultdict(list)
    m = tables["mentions"]
    for eid, s, e in zip(m["entity_id"], m["start"], m["end"]):
        if isinstance(eid, str):
            by_entity[eid].append((int(s), int(e)))

    def nearest(entity_id, pos: int) -> Span | None:
        spans = by_entity.get(entity_id) if isinstance(entity_id, str) else None
        return min(spans, key=lambda x: abs(x[0] - pos)) if spans else None

    for r in events.to_dict(orient="records"):
        if r["event_id"] in have_loc:
            continue
        loc = nearest(r.get("location_entity_id"), int(r["trigger_start"]))
        if loc is not None:
            rels[r["doc_id"]].append(("TAKES_PLACE_IN", trig[r["event_id"]], loc))
    for r in tables["roles"].to_dict(orient="records"):
        d = r["doc_id"]
        per = (int(r["person_start"]), int(r["person_end"]))
        pos = (int(r["position_start"]), int(r["position_end"]))
        rels[d].append(("WORKS_AS", per, pos))
        org = nearest(r.get("org_entity_id"), pos[0])
        if org is not None:
            rels[d].append(("WORKPLACE", per, org))
            rels[d].append(("WORKPLACE", pos, org))
    try:
        posts = tables["posts"]
    except KeyError:
        posts = None
    if posts is not None:
        for r in posts.to_dict(orient="records"):
            pos = (int(r["position_start"]), int(r["position_end"]))
            rels[r["doc_id"]].append(("WORKPLACE", pos, (int(r["org_start"]), int(r["org_end"]))))
    for d in list(rels):
        rels[d] += _sym(rels[d])
    return ev_spans, rels


def evaluate_nerel_relations(path: str | Path, limit: int | None = None, learned: bool = True,
                             learned_roles: bool = True) -> str:
    """A plain-text report: EVENT mentions and each relation, P/R/F1 with the overlap rule;
    ``learned=False`` scores the event rules alone, ``learned_roles=False`` the role rules alone."""
    from ..run import Options
    from .runner import predict

    gold = read_corpus(path)
    if limit:
        gold = gold[:limit]
    tables, secs = predict(gold, Options(extractors=("entities", "dates", "roles", "events"),
                                         learned_events=learned, learned_roles=learned_roles))
    ev, rels = predictions(tables)
    res = score(gold, ev, rels)
    lines = [f"NEREL events and relations: {len(gold)} document{'' if len(gold) == 1 else 's'} from {path}"
             + ("" if learned else " (rules only)") + ("" if learned_roles else " (roles: rules only)"),
             "EVENT: trigger overlaps a gold EVENT; relations: both ends overlap, one to one", "",
             format_table(res), "",
             f"Speed: rupress entities, dates, roles, events {len(gold) / secs:.1f} docs/s ({secs:.1f} s)"]
    return "\n".join(lines)


if __name__ == "__main__":  # python -m pipeline.eval.nerel_relations PATH [LIMIT] [--rules-only]
    args = [a for a in sys.argv[1:] if a != "--rules-only"]
    if not args:
        sys.exit("usage: python -m pipeline.eval.nerel_relations PATH [LIMIT] [--rules-only]")
    print(evaluate_nerel_relations(args[0], int(args[1]) if len(args) > 1 else None,
                                   learned="--rules-only" not in sys.argv))
