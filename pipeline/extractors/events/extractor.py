"""The ``events`` extractor: find triggers, collect arguments, filter, date, merge, write rows."""
from __future__ import annotations

from spacy.tokens import Token

from ..base import Context
from ..common import MentionIndex, lemma, sentence_bounds
from .arguments import collect, location_of
from .event import TRANSACTIONS
from .filters import negated
from .learned import add_learned
from .merge import complete_signer, drop_topics, merge_anaphoric, parties, two_sided
from .timing import assign_dates
from .triggers import find_triggers


def extract_events(ctx: Context) -> tuple[list[dict], list[dict]]:
    sdoc = ctx.sdoc
    mi = MentionIndex.from_results(ctx.results)
    events = find_triggers(sdoc, mi)
    found = list(events)
    for ev in events:
        collect(ev, mi)
        ev.location = location_of(ev, mi)
    events = drop_topics(events)
    # A bare noun ("сделка", "договор") with nothing attached says nothing about an occurrence.
    events = [ev for ev in events if (ev.voice != "nominal" or ev.args) and not negated(ev)]
    assign_dates(events, sdoc, ctx.results.dates or [], mi)
    # Nobody named, no place, no time of its own: a generic statement ("предлагает покупать
    # лицензии", "рассмотреть вопрос о выделении средств").
    events = [ev for ev in events if ev.location is not None or (ev.date is not None and not ev.date_inherited)
              or any(m is not None for _, _, m in ev.args)]
    events = merge_anaphoric(events)
    events = [ev for ev in events if two_sided(ev)]
    # A purchase, loan or agreement is defined by its parties: none named, none to report
    # ("300 млн рублей будут направлены на ремонт школ", "при покупке книг студенты получат").
    # A noun alone tells of one only in passing ("иностранных инвестиций Китая", "без
    # сотрудничества с X"); it must name both sides. A verb tells that it happened.
    complete_signer(events)
    events = [ev for ev in events if ev.type not in TRANSACTIONS or parties(ev) >= (
        2 if ev.voice == "nominal" else 1)]

    if ctx.settings.learned_events:
        events = add_learned(events, found, sdoc, mi, ctx.results.dates or [])

    did = ctx.doc.doc_id
    erows: list[dict] = []
    arows: list[dict] = []
    for ev in events:
        if ev.is_backref:
            continue
        t0, t1 = ev.trigger, ev.noun if ev.noun is not None else ev.trigger
        a, b = min(t0.i, t1.i), max(t0.i, t1.i)
        if b - a > 3:
            a = b = ev.trigger.i
        ts, te, ttext = ctx.span(sdoc[a].idx, sdoc[b].idx + len(sdoc[b].text))
        eid = ctx.make_id("v", ts, te)
        ss, se = sentence_bounds(sdoc, ev.trigger)
        ss, se, _ = ctx.span(ss, se)
        d = ev.date
        erows.append({
            "doc_id": did, "event_id": eid, "type": ev.type, "trigger": ttext,
            "trigger_start": ts, "trigger_end": te, "sentence_start": ss, "sentence_end": se,
            "date_value": getattr(d, "value", None) if d is not None else None,
            "date_value_end": getattr(d, "value_end", None) if d is not None else None,
            "location": mi.name(ev.location) if ev.location is not None else None,
            "voice": ev.voice,
            "location_entity_id": mi.entity_id(ev.location) if ev.location is not None else None,
            "lemma": lemma(ev.noun if ev.noun is not None else ev.trigger),
            "score": ev.score,
        })
        seen = set()
        for role, tok, m in ev.args:
            if m is not None:
                s, e = m.start, m.end
            else:
                s, e = _phrase(tok)
            key = (role, s, e)
            if key in seen:
                continue
            seen.add(key)
            os_, oe, otext = ctx.span(s, e)
            arows.append({"doc_id": did, "event_id": eid, "role": role,
                          "entity_id": mi.entity_id(m) if m is not None else None,
                          "text": otext, "start": os_, "end": oe,
                          "score": ev.arg_scores.get((role, tok.i))})
        if d is not None and not ev.date_inherited and getattr(d, "start", None) is not None:
            os_, oe, otext = ctx.span(d.start, d.end)
            arows.append({"doc_id": did, "event_id": eid, "role": "TIME", "entity_id": None,
                          "text": otext, "start": os_, "end": oe, "score": ev.arg_scores.get(("TIME", -1))})
    ctx.results.events = erows
    return erows, arows


def _phrase(tok: Token) -> tuple[int, int]:
    """A short surface for an argument without a mention: the word with adjacent modifiers."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("amod", "flat", "compound", "nummod")
                    and abs(c.i - tok.i) <= 3]
    a = min(t.i for t in toks)
    b = max(t.i for t in toks)
    doc = tok.doc
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def run(ctx: Context) -> dict[str, list[dict]]:
    erows, arows = extract_events(ctx)
    return {"events": erows, "event_arguments": arows}
