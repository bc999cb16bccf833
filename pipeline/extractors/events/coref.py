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



@dataclass(frozen=True)
class Told:
    """What the coreference rule reads of one mention: built from an ``Event`` here (``told``), and
    from a window's written rows when the windows of a long document are joined (``run.windows``)."""

    family: str
    type: str
    word: str  # the trigger's (or noun's) lemma
    several: bool  # one of several happenings ("два контракта", "первый визит")
    sides: frozenset  # entity keys of the participants and objects
    interval: tuple[str, str] | None  # ISO dates
    place: object  # an entity key, or None


def told(ev: Event) -> Told:
    return Told(family(ev), ev.type, _word(ev), _one_of_several(ev), frozenset(_sides(ev)), _interval(ev),
                _place_of(ev))


@dataclass
class Happening:
    """The mentions of one happening, in text order (frames after the rest): the first names it."""

    mentions: list = field(default_factory=list)
    sides: set = field(default_factory=set)  # entity keys of its participants and objects
    told: list = field(default_factory=list)  # the mentions' ``Told``, for the rule

    @property
    def first(self) -> Event:
        return self.mentions[0]

    def add(self, ev, t: Told, sides: bool = True) -> None:
        self.mentions.append(ev)
        self.told.append(t)
        if sides:  # an anaphor or a bare mention joins a happening without widening its participants
            self.sides |= t.sides


def family(ev: Event) -> str:
    if ev.type != "OTHER":
        return ev.type
    w = lemma(ev.noun if ev.noun is not None else ev.trigger)
    return "OTHER:" + FAMILIES.get(w, w)


def family_of(type_: str, word: str) -> str:
    """``family`` from a written row's type and lemma."""
    return type_ if type_ != "OTHER" else "OTHER:" + FAMILIES.get(fold(word), fold(word))


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


def _place_of(ev: Event):
    loc = ev.location
    if loc is None:
        return None
    return loc.entity if loc.entity is not None else loc.tokens


def agree(mentions: list[Told], sides: set, t: Told) -> bool:
    """May ``t`` tell again the happening told by ``mentions`` (whose participants are ``sides``)?"""
    if mentions[0].family != t.family or t.type in NOT_COREFERENT:
        return False
    if t.several or any(m.several for m in mentions):
        return False
    if t.sides and sides and not (t.sides <= sides or sides <= t.sides):
        return False
    if t.interval is not None:
        spread = SPREAD_DAYS.get(t.type, 0)
        if any(m.interval is not None and _gap(m.interval, t.interval) > spread for m in mentions):
            return False
    return t.place is None or all(m.place in (None, t.place) for m in mentions)


def _word(ev: Event) -> str:
    return lemma(ev.noun if ev.noun is not None else ev.trigger)


def antecedent(happenings: list, t: Told, told_of=lambda h: h.told, sides_of=lambda h: h.sides):
    """The last compatible happening told with the same word (``визит`` … ``визит``), else the
    last compatible one."""
    ok = [h for h in happenings if agree(told_of(h), sides_of(h), t)]
    same = [h for h in ok if any(m.word == t.word for m in told_of(h))]
    return (same or ok or [None])[-1]


def corefer(events: list[Event], bare: list[Event] = (), anaphors: list = ()) -> list[Happening]:
    """Group the kept ``events`` into happenings, in text order; then attach ``bare`` mentions
    (no argument of their own) to the last happening of their type before them, and
    ``anaphors`` (``(mention, antecedent event)``) to their antecedent's happening. A bare mention
    with nothing to join is dropped, as the rules drop it."""
    out: list[Happening] = []
    where: dict[int, Happening] = {}
    for ev in sorted(events, key=lambda e: e.trigger.i):
        t = told(ev)
        h = antecedent(out, t)
        if h is None:
            h = Happening()
            out.append(h)
        h.add(ev, t)
        where[id(ev)] = h
    for ev, ante in anaphors:
        h = where.get(id(ante))
        if h is not None and h.first.trigger.i < ev.trigger.i:
            h.add(ev, told(ev), sides=False)
    for ev in bare:
        t = told(ev)
        h = antecedent([h for h in out if h.first.trigger.i < ev.trigger.i], t)
        if h is not None:
            h.add(ev, t, sides=False)
    for h in out:
        # a frame ("церемония" of "церемония подписания") does not name the event it tells
        frames_last = not all(m.frame for m in h.mentions)  # (a list being sorted reads as empty)
        h.mentions.sort(key=lambda e: (e.frame and frames_last, e.trigger.i))
    return out
