"""One event per happening: the mentions of a document that tell the same happening again.

Two mentions corefer when they are of one type (for learned ``OTHER`` events: one trigger-lemma
family, ``resources/events/coref_families.tsv``) and their arguments agree: dates that overlap,
the same place when both name one, and participants of which one side's set holds the other's
(``X встретился с Y`` … ``встреча X и Y`` … ``встреча прошла``; not ``X встретился с Z``).
Mentions that tell nothing of their own (``в ходе визита``, a bare ``соглашение было подписано``)
join the last event of their type told before them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ... import resources
from ...resources import fold
from ..common import lemma
from .event import SIDE_ROLES, Event
from .merge import _another

NOT_COREFERENT = resources.words("events/not_coreferent")
PLURALIA = resources.words("events/pluralia")


def _families() -> dict[str, str]:
    return {fold(r["lemma"]): r["family"] for r in resources.table("events/coref_families")}


FAMILIES = _families()
# "первый контракт", "второй визит": one of several, not the one told before
ORDINALS = tuple(stem for r in resources.table("dates/ordinals") for stem in r["stems"].split("|"))


def _one_of_several(ev: Event) -> bool:
    """"два контракта", "соглашения", "первый контракт", "аналогичная встреча": the noun counts or
    picks out one of several happenings, so it is not the one told before (nor one to join)."""
    n = ev.noun
    if n is None:
        return False
    if _another(n) or "Plur" in n.morph.get("Number") and lemma(n) not in PLURALIA:
        return True
    return any(c.dep_.startswith("nummod") or c.pos_ == "NUM" or
               (c.dep_ == "amod" and lemma(c).startswith(ORDINALS) and lemma(c)[-2:] in ("ый", "ой", "ий"))
               for c in n.children)



@dataclass
class Happening:
    """The mentions of one happening, in text order (frames after the rest): the first names it."""

    mentions: list = field(default_factory=list)
    sides: set = field(default_factory=set)  # entity keys of its participants and objects

    @property
    def first(self) -> Event:
        return self.mentions[0]


def family(ev: Event) -> str:
    if ev.type != "OTHER":
        return ev.type
    w = lemma(ev.noun if ev.noun is not None else ev.trigger)
    return "OTHER:" + FAMILIES.get(w, w)


def _sides(ev: Event) -> set:
    return {m.entity if m.entity is not None else m.tokens
            for r, _, m in ev.args if m is not None and r in SIDE_ROLES + ("OBJECT",)}


def _interval(ev: Event):
    d = ev.date
    v = getattr(d, "value", None) if d is not None else None
    if not v:
        return None
    return str(v)[:10], str(getattr(d, "value_end", None) or v)[:10]


# A visit or a forum lasts days: "прибыл 12 апреля" … "визит завершится в пятницу" is one visit.
SPREAD_DAYS = {"VISIT": 7, "CONFERENCE": 7}


def _gap(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Days between two ISO intervals (0 when they overlap)."""
    try:
        lo, hi = (a, b) if a[0] <= b[0] else (b, a)
        return max(0, (dt.date.fromisoformat(hi[0]) - dt.date.fromisoformat(lo[1])).days)
    except ValueError:
        return 0 if a[0] <= b[1] and b[0] <= a[1] else 10 ** 6


def _dates_agree(h: Happening, ev: Event) -> bool:
    b = _interval(ev)
    if b is None:
        return True
    spread = SPREAD_DAYS.get(ev.type, 0)
    for m in h.mentions:
        a = _interval(m)
        if a is not None and _gap(a, b) > spread:
            return False
    return True


def _place_of(ev: Event):
    loc = ev.location
    if loc is None:
        return None
    return loc.entity if loc.entity is not None else loc.tokens


def _places_agree(h: Happening, ev: Event) -> bool:
    p = _place_of(ev)
    return p is None or all(_place_of(m) in (None, p) for m in h.mentions)


def compatible(h: Happening, ev: Event) -> bool:
    if family(h.first) != family(ev) or ev.type in NOT_COREFERENT:
        return False
    if _one_of_several(ev) or any(_one_of_several(m) for m in h.mentions):
        return False
    s = _sides(ev)
    if s and h.sides and not (s <= h.sides or h.sides <= s):
        return False
    return _dates_agree(h, ev) and _places_agree(h, ev)


def _word(ev: Event) -> str:
    return lemma(ev.noun if ev.noun is not None else ev.trigger)


def _antecedent(happenings: list[Happening], ev: Event) -> Happening | None:
    """The last compatible happening told with the same word (``визит`` … ``визит``), else the
    last compatible one."""
    ok = [h for h in happenings if compatible(h, ev)]
    w = _word(ev)
    same = [h for h in ok if any(_word(m) == w for m in h.mentions)]
    return (same or ok or [None])[-1]


def corefer(events: list[Event], bare: list[Event] = (), anaphors: list = ()) -> list[Happening]:
    """Group the kept ``events`` into happenings, in text order; then attach ``bare`` mentions
    (no argument of their own) to the last happening of their type before them, and
    ``anaphors`` (``(mention, antecedent event)``) to their antecedent's happening. A bare mention
    with nothing to join is dropped, as the rules drop it."""
    out: list[Happening] = []
    where: dict[int, Happening] = {}
    for ev in sorted(events, key=lambda e: e.trigger.i):
        h = _antecedent(out, ev)
        if h is None:
            h = Happening()
            out.append(h)
        h.mentions.append(ev)
        h.sides |= _sides(ev)
        where[id(ev)] = h
    for ev, ante in anaphors:
        h = where.get(id(ante))
        if h is not None and h.first.trigger.i < ev.trigger.i:
            h.mentions.append(ev)
    for ev in bare:
        h = _antecedent([h for h in out if h.first.trigger.i < ev.trigger.i], ev)
        if h is not None:
            h.mentions.append(ev)
    for h in out:
        # a frame ("церемония" of "церемония подписания") does not name the event it tells
        frames_last = not all(m.frame for m in h.mentions)  # (a list being sorted reads as empty)
        h.mentions.sort(key=lambda e: (e.frame and frames_last, e.trigger.i))
    return out
