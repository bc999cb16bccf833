"""The event classes of press releases (``resources/events/release_types.tsv``): a sitting, a phone
call, a decree signed, a ceremony, a greeting, retyped from the type the trigger rules or the
learned layer gave."""
from __future__ import annotations

import re
from functools import lru_cache

from ... import resources
from ...nlp.views import sentences
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


def lead_sentence(sdoc):
    """The lead: the first sentence with words that is not a line of page furniture (a line break
    ends a sentence, so "События" above the lead is a sentence of its own, its line break included)."""
    furniture = furniture_lines(sdoc.text)
    for s in sentences(sdoc):
        if s.text.strip() and not any(a <= s.start_char and s.end_char <= b + 1 for a, b in furniture):
            return s
    return None


def _future(tok) -> bool:
    """"проведёт переговоры", "будет подписан": an announced event, not the day's."""
    return "Fut" in tok.morph.get("Tense") or any(
        c.dep_ in ("aux", "aux:pass") and "Fut" in c.morph.get("Tense") for c in tok.children)


def _in_first(h, first) -> list:
    return [m for m in h.mentions if first.start <= m.trigger.i < first.end]


def lead_of(happenings: list, first):
    """The happening the lead sentence ``first`` reports: of its typed events, the one whose
    predicate is the sentence's main verb (or joined to it), else the first told."""
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


def lead_sentence_fill(row: dict, h, first, published_at: str | None) -> None:
    """A press release reports the day's events: a typed event of the first sentence, told in the
    past or present, with no day of its own (none, or only a year or month: "премии за 2024 год")
    takes the publication day."""
    if not published_at or row["type"] == "OTHER" or first is None:
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


@lru_cache(maxsize=1)
def _furniture() -> frozenset:
    return frozenset(fold(w) for w in resources.words("events/page_furniture"))


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines that are page furniture ("События", "Статус материала:")."""
    out, pos = [], 0
    words = _furniture()
    for line in text.split("\n"):
        key = fold(line.strip().rstrip(":").strip())
        if key in words or any(key.startswith(w + ":") for w in words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def drop_furniture(events: list, sdoc) -> None:
    """Page furniture is never an event's argument."""
    spans = furniture_lines(sdoc.text)
    if not spans:
        return
    for ev in events:
        ev.args = [a for a in ev.args if not any(s <= a[1].idx < e for s, e in spans)]


_SPEAKER = re.compile(r"(?m)^[ \t]*(?:(?:[А-ЯЁ]\.[ \t]?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?|([А-ЯЁа-яё ]{3,20})):")


def transcript_start(text: str) -> int | None:
    """Offset of the first line that opens a transcript turn ("В.Путин: …", "Вопрос: …"), or None."""
    labels = resources.words("events/speaker_labels")
    for m in _SPEAKER.finditer(text):
        if m.group(1) is None or fold(m.group(1).strip()) in labels:
            return m.start()
    return None


def drop_quoted_other(events: list, sdoc, in_transcript: bool = False) -> list:
    """A transcript's speakers tell of many happenings in passing ("выросла", "построены"): the
    learned layer's ``OTHER`` events in it are no events of the release; typed ones stay.
    ``in_transcript``: the text is a window of a long document whose transcript began before it."""
    start = 0 if in_transcript else transcript_start(sdoc.text)
    if start is None:
        return events
    return [ev for ev in events if ev.type != "OTHER" or ev.trigger.idx < start]


@lru_cache(maxsize=1)
def _remote() -> tuple:
    return tuple((re.compile(r["pattern"], re.I), r["location"]) for r in resources.table("events/remote_venues"))


def remote_venue(first) -> tuple[int, int, str] | None:
    """``(start, end, location)`` of a venue at a distance in the lead sentence ``first``
    ("в режиме видеоконференции"), or None."""
    if first is None:
        return None
    for rx, loc in _remote():
        m = rx.search(first.text)
        if m:
            return first.start_char + m.start(), first.start_char + m.end(), loc
    return None


def reported_today(ev, first, published_at: str | None) -> bool:
    """A typed event of the lead sentence ``first`` of a dated document, told in the past or present:
    the publication day is its time ("Президент побеседовал с лауреатами")."""
    return bool(published_at) and first is not None and ev.type != "OTHER" \
        and first.start <= ev.trigger.i < first.end and not _future(ev.pred)


def venue_mentions(ev, mi) -> list:
    """Places and facilities in a "в/на …" phrase of the event's predicate or noun, with the names
    below them ("в Екатерининском зале Большого Кремлёвского дворца": the hall and the palace)."""
    from ..common import preps

    out: list = []
    heads = [ev.pred] + ([ev.noun] if ev.noun is not None and ev.noun is not ev.pred else [])
    for h in heads:
        for c in h.children:
            if not (c.dep_.startswith("obl") or c.dep_ == "nmod") or not preps(c) & {"в", "во", "на"}:
                continue
            for t in c.subtree:
                if t.dep_ == "acl:relcl" or t.i == ev.trigger.i:
                    break
                m = mi.at(t.i, ("LOC",)) or next((o for o in mi.others if o.label == "FACILITY"
                                                  and o.tokens[0] <= t.i < o.tokens[1]), None)
                if m is not None and all(m is not x for x in out):
                    out.append(m)
    return out


def add_venue(ev, mi) -> None:
    """The lead's venue as written in its sentence wins over a place read elsewhere in the clause
    ("В Кремлёвском дворце прошли переговоры с X, который находится в России")."""
    ms = venue_mentions(ev, mi)
    if not ms:
        return
    have = {t.i for r, t, _ in ev.args if r == "LOCATION"}
    doc = ev.trigger.doc
    for m in ms:
        root = doc[m.tokens[0]:m.tokens[1]].root
        if root.i not in have:
            ev.args.append(("LOCATION", root, m))
    ev.location = next((m for m in ms if m.label == "LOC"), ms[0])


DECREED = ("APPOINTMENT", "DEPARTURE")


def decreed_dates(rows: list[dict]) -> None:
    """"Президент подписал Указ …" then "Назначить Петрова …", "освобождён от должности": an
    undated appointment or dismissal of a document whose lead is a dated decree is that decree's
    content and takes its day."""
    lead = next((r for r in rows if r.get("lead") and r["type"] == "DECREE" and r.get("date_value")), None)
    if lead is None:
        return
    for r in rows:
        if r["type"] in DECREED and not r.get("date_value"):
            r["date_value"], r["date_value_end"] = lead["date_value"], lead["date_value_end"]
