"""The event classes of press releases (``resources/events/release_types.tsv``): a sitting, a phone
call, a decree signed, a ceremony, a greeting, retyped from the type the trigger rules or the
learned layer gave."""
from __future__ import annotations

from functools import lru_cache

from ... import resources
from ...resources import fold
from ..common import lemma
from .event import SYMMETRIC


@lru_cache(maxsize=1)
def _rows() -> dict:
    out: dict = {}
    for r in resources.table("events/release_types"):
        key = (fold(r["lemma"]), r["pos"].upper())
        out.setdefault(key, []).append((frozenset(r["from"].upper().split("|")),
                                        frozenset(fold(w) for w in r["with"].split("|") if w), r["type"].upper()))
    return out


def release_type(ev) -> str | None:
    """The release class for ``ev``, or None when none applies."""
    rows = _rows()
    word = ev.noun if ev.noun is not None else ev.trigger
    pos = "NOUN" if word.pos_ in ("NOUN", "PROPN") else "VERB"
    cands = rows.get((lemma(word), pos)) or rows.get((lemma(ev.pred), "VERB")) or []
    if not cands:
        return None
    near = {lemma(ev.pred)}
    for t in {ev.trigger, ev.pred, word}:
        near.update(lemma(c) for c in t.children)
    for frm, with_, typ in sorted(cands, key=lambda c: not c[1]):
        if ev.type in frm and (not with_ or with_ & near):
            return typ
    return None


def retype(events: list) -> list:
    """Give each event its release class where one applies; returns the retyped events."""
    out = []
    for ev in events:
        typ = release_type(ev)
        if typ is not None and typ != ev.type:
            if typ not in SYMMETRIC:
                # "X подписал указ": the signer, a PARTNER of an agreement, is the decree's AGENT
                ev.args = [("AGENT" if r == "PARTNER" else r, t, m) for r, t, m in ev.args]
            ev.type = typ
            out.append(ev)
    return out


def _first_sentence(sdoc):
    return next((s for s in sdoc.sents if s.text.strip()), None)


def _future(tok) -> bool:
    """"проведёт переговоры", "будет подписан": an announced event, not the day's."""
    return "Fut" in tok.morph.get("Tense") or any(
        c.dep_ in ("aux", "aux:pass") and "Fut" in c.morph.get("Tense") for c in tok.children)


def _in_first(h, first) -> list:
    return [m for m in h.mentions if first.start <= m.trigger.i < first.end]


def lead_of(happenings: list, sdoc):
    """The happening the document's first sentence reports: of its typed events, the one whose
    predicate is the sentence's main verb (or joined to it), else the first told."""
    first = _first_sentence(sdoc)
    if first is None:
        return None
    cands = [h for h in happenings if h.first.type != "OTHER" and _in_first(h, first)]
    if not cands:
        return None
    root = first.root
    mains = {root.i} | {c.i for c in root.children if c.dep_ == "conj"}
    for h in cands:
        if any(m.pred.i in mains for m in _in_first(h, first)):
            return h
    return min(cands, key=lambda h: _in_first(h, first)[0].trigger.i)


def lead_sentence_fill(row: dict, h, sdoc, published_at: str | None) -> None:
    """A press release reports the day's events: a typed event of the first sentence, told in the
    past or present, with no day of its own (none, or only a year or month: "премии за 2024 год")
    takes the publication day."""
    if not published_at or row["type"] == "OTHER":
        return
    first = _first_sentence(sdoc)
    if first is None:
        return
    ms = _in_first(h, first)
    if not ms or any(_future(m.pred) for m in ms):
        return
    v, ve = row.get("date_value"), row.get("date_value_end")
    if v and not _coarse(v, ve):
        return
    day = str(published_at)[:10]
    row["date_value"] = row["date_value_end"] = day


def _coarse(v: str, ve: str | None) -> bool:
    """Longer than a fortnight: a year or a month, not the day of an event."""
    import datetime as dt

    try:
        a = dt.date.fromisoformat(str(v)[:10])
        b = dt.date.fromisoformat(str(ve or v)[:10])
    except ValueError:
        return False
    return (b - a).days > 14
