"""The ``events`` extractor: find triggers, collect arguments, filter, date, merge, group the
mentions of one happening (``coref``), write rows."""
from __future__ import annotations

from spacy.tokens import Token

from ..base import Context
from ..common import MentionIndex, lemma, sentence_bounds
from .arguments import collect, location_of
from .coref import corefer
from .event import SIDE_ROLES, TRANSACTIONS, Event
from .filters import negated
from .learned import add_learned
from .merge import complete_signer, drop_topics, merge_anaphoric, parties, retype_frames, two_sided
from .posts import POST_TYPES, post_arguments, posts_in_clause
from .release import (add_venue, decreed_dates, drop_furniture, drop_quoted_other, lead_of, lead_sentence,
                      lead_sentence_fill, remote_venue, reported_today, retype)
from .timing import assign_dates
from .triggers import find_triggers


def extract_events(ctx: Context) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows of ``events`` (one per happening), ``event_arguments`` and ``event_mentions``."""
    sdoc = ctx.sdoc
    # the sentence a press release's own event is told in; a long document's later windows have none
    lead_sent = lead_sentence(sdoc) if not (ctx.doc.meta or {}).get("window") else None
    mi = MentionIndex.from_results(ctx.results)
    events = find_triggers(sdoc, mi)
    found = list(events)
    for ev in events:
        collect(ev, mi)
        ev.location = location_of(ev, mi)
    events = drop_topics(events)
    # A bare noun ("сделка", "договор") with nothing attached says nothing about an occurrence
    # of its own; it may tell again one told before (``coref``).
    bare = [ev for ev in events if ev.voice == "nominal" and not ev.args and not negated(ev)]
    events = [ev for ev in events if (ev.voice != "nominal" or ev.args) and not negated(ev)]
    assign_dates(events, sdoc, ctx.results.dates or [], mi)
    backrefs = [ev for ev in events if ev.is_backref]  # "в ходе визита": the visit told again
    events = [ev for ev in events if not ev.is_backref]
    # Nobody named, no place, no time of its own: a generic statement ("предлагает покупать
    # лицензии", "рассмотреть вопрос о выделении средств").
    events = [ev for ev in events if ev.location is not None or (ev.date is not None and not ev.date_inherited)
              or any(m is not None for _, _, m in ev.args) or reported_today(ev, lead_sent, ctx.doc.published_at)]
    refs: list = []
    events = merge_anaphoric(events, refs)
    events = [ev for ev in events if two_sided(ev)]
    # A purchase, loan or agreement is defined by its parties: none named, none to report
    # ("300 млн рублей будут направлены на ремонт школ", "при покупке книг студенты получат").
    # A noun alone tells of one only in passing ("иностранных инвестиций Китая", "без
    # сотрудничества с X"); it must name both sides. A verb tells that it happened.
    complete_signer(events)
    retype(events)  # "подписал указ" is a DECREE, no transaction that needs a partner
    events = [ev for ev in events if ev.type not in TRANSACTIONS or parties(ev) >= (
        2 if ev.voice == "nominal" else 1)]

    if ctx.settings.learned_events:
        events = add_learned(events, found, sdoc, mi, ctx.results.dates or [], ctx.results.positions or ())
        retype_frames(events, found)
    for ev in retype(events):
        # a learned OTHER event retyped ("телефонный разговор X с Президентом Y") takes the rules'
        # named parties ("Y", where the learned layer read "Президентом" as an AGENT); not "более"
        rule = Event(ev.type, ev.trigger, ev.pred, ev.noun, ev.voice)
        collect(rule, mi)
        named = [a for a in rule.args if a[2] is not None]
        if any(r in SIDE_ROLES for r, _, _ in named):
            ev.args = [a for a in ev.args if a[0] not in SIDE_ROLES]
        had = {t.i for _, t, _ in ev.args}
        ev.args += [a for a in named if a[1].i not in had]
        if ev.location is None:
            ev.location = location_of(ev, mi)
    events = drop_quoted_other(events, sdoc, bool((ctx.doc.meta or {}).get("in_transcript")))
    drop_furniture(events + bare + backrefs, sdoc)
    happenings = corefer(events, bare + backrefs, refs)
    lead = lead_of(happenings, lead_sent)
    if lead is not None:
        add_venue(lead.first, mi)

    did = ctx.doc.doc_id
    erows: list[dict] = []
    arows: list[dict] = []
    mrows: list[dict] = []
    for h in happenings:
        first = h.first
        ts, te, ttext = _trigger_span(ctx, first)
        eid = ctx.make_id("v", ts, te)
        ss, se = sentence_bounds(sdoc, first.trigger)
        ss, se, _ = ctx.span(ss, se)
        d = next((m.date for m in h.mentions if m.date is not None and not m.date_inherited),
                 next((m.date for m in h.mentions if m.date is not None), None))
        loc = next((m.location for m in h.mentions if m.location is not None), None)
        scores = [m.score for m in h.mentions if m.score is not None]
        erows.append({
            "doc_id": did, "event_id": eid, "type": first.type, "trigger": ttext,
            "trigger_start": ts, "trigger_end": te, "sentence_start": ss, "sentence_end": se,
            "date_value": getattr(d, "value", None) if d is not None else None,
            "date_value_end": getattr(d, "value_end", None) if d is not None else None,
            "location": (mi.name(loc) or loc.normal) if loc is not None else None,
            "voice": first.voice,
            "location_entity_id": mi.entity_id(loc) if loc is not None else None,
            "lemma": lemma(first.noun if first.noun is not None else first.trigger),
            "score": max(scores) if scores else None,
            "n_mentions": len(h.mentions),
            "lead": h is lead,
        })
        lead_sentence_fill(erows[-1], h, lead_sent, ctx.doc.published_at)
        seen = set()
        for k, ev in enumerate(h.mentions):
            ms, me, mtext = (ts, te, ttext) if k == 0 else _trigger_span(ctx, ev)
            mid = ctx.make_id("vm", ms, me)
            s0, s1 = sentence_bounds(sdoc, ev.trigger)
            s0, s1, _ = ctx.span(s0, s1)
            mrows.append({"doc_id": did, "event_id": eid, "mention_id": mid, "start": ms, "end": me,
                          "text": mtext, "sentence_start": s0, "sentence_end": s1,
                          "lemma": lemma(ev.noun if ev.noun is not None else ev.trigger),
                          "voice": ev.voice, "score": ev.score})
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
                              "score": ev.arg_scores.get((role, tok.i)), "mention_id": mid})
            if first.type in POST_TYPES:
                people = [(a["start"], a["end"]) for a in arows
                          if a["event_id"] == eid and a["role"] in ("OBJECT", "AGENT") and a["entity_id"]]
                for a in post_arguments(ctx, mi, people, (s0, s1)) or posts_in_clause(ctx, mi, ev):
                    if (a["role"], a["start"], a["end"]) not in seen:
                        seen.add((a["role"], a["start"], a["end"]))
                        arows.append({"doc_id": did, "event_id": eid, **a, "mention_id": mid})
            if h is lead and k == 0 and erows[-1]["location"] is None:
                venue = remote_venue(lead_sent)  # "провёл в режиме видеоконференции совещание"
                if venue is not None:
                    os_, oe, otext = ctx.span(venue[0], venue[1])
                    erows[-1]["location"] = venue[2]
                    arows.append({"doc_id": did, "event_id": eid, "role": "LOCATION", "entity_id": None,
                                  "text": otext, "start": os_, "end": oe, "score": None, "mention_id": mid})
            md = ev.date
            if md is not None and not ev.date_inherited and getattr(md, "start", None) is not None \
                    and ("TIME", md.start, md.end) not in seen:
                seen.add(("TIME", md.start, md.end))
                os_, oe, otext = ctx.span(md.start, md.end)
                arows.append({"doc_id": did, "event_id": eid, "role": "TIME", "entity_id": None,
                              "text": otext, "start": os_, "end": oe,
                              "score": ev.arg_scores.get(("TIME", -1)), "mention_id": mid})
    decreed_dates(erows)
    ctx.results.events = erows
    return erows, arows, mrows


def _trigger_span(ctx: Context, ev) -> tuple[int, int, str]:
    """Original-text offsets and text of a mention's trigger: verb and noun together when close
    ("подписали соглашение"), else the event's noun ("Встреча … прошла"), else the trigger word."""
    sdoc = ctx.sdoc
    t0, t1 = ev.trigger, ev.noun if ev.noun is not None else ev.trigger
    a, b = min(t0.i, t1.i), max(t0.i, t1.i)
    if b - a > 3:
        a = b = t1.i
    return ctx.span(sdoc[a].idx, sdoc[b].idx + len(sdoc[b].text))


def _phrase(tok: Token) -> tuple[int, int]:
    """A short surface for an argument without a mention: the word with adjacent modifiers."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("amod", "flat", "compound", "nummod")
                    and abs(c.i - tok.i) <= 3]
    a = min(t.i for t in toks)
    b = max(t.i for t in toks)
    doc = tok.doc
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def run(ctx: Context) -> dict[str, list[dict]]:
    erows, arows, mrows = extract_events(ctx)
    return {"events": erows, "event_arguments": arows, "event_mentions": mrows}
