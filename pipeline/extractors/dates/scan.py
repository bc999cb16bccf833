"""Run the grammar: each rule only in windows around its trigger words, facts resolved to candidates.

Finding triggers by one token pass is far cheaper than one more regex pass per pattern.
"""
from __future__ import annotations

import re

from . import vocab as V
from .grammar import RULES
from .pieces import trie
from .resolve import resolve

_EXACT: dict[str, set] = {}


def _add(words, cls):
    for w in words:
        _EXACT.setdefault(w, set()).add(cls)


_add(V.MONTHS, "mon")
_add(V.MONTH_ABBR, "mon")  # "15 фев" without its dot
_add(("летом", "лето", "лета", "лете"), "season")
_add(V.REL_DAYS, "adv")
_add((w.split()[0] for w in V.HOLIDAYS), "holiday")
_add(("год", "году", "года", "месяц", "месяце", "месяца", "неделе", "недели", "неделю", "неделя"), "unit")
_add((w for w in V.SHIFT_UNITS if not w.endswith(".")), "unit")  # durations: "три месяца"
_add(("назад", "через", "спустя"), "shift")
_add((*V.RECURRENCES, *V.WEEKDAY_PLURAL), "set")
_add(V.WEEKDAY_ABBR, "wdabbr")  # "в сб 10:00"
_add(("среда", "среду", "среды", "среде", "средой", "выходные", "выходных"), "weekday")
_add(("сегодняшний", "сегодняшнего", "сегодняшнему", "сегодняшним", "вчерашний", "вчерашнего", "завтрашний",
      "завтрашнего"), "adv")
_add(("полдень", "полночь", "утра", "вечера", "ночи", "пополудни", "полудня", "ч"), "time")
_DOTTED = {w: "mon" for w in V.MONTH_ABBR}
_DOTTED.update({"кв": "quarter", "ч": "time", "мин": "unit"})  # "1 кв.", "10 ч.", "5 мин."
_PREFIXES: dict[str, list] = {}
for _stem, _cls in (
    ("квартал", "quarter"), ("полугод", "half"), ("половин", "half"), ("зим", "season"),
    ("весн", "season"), ("осен", "season"), ("понедельник", "weekday"), ("вторник", "weekday"),
    ("четверг", "weekday"), ("пятниц", "weekday"), ("суббот", "weekday"), ("воскресень", "weekday"),
    ("кажд", "set"), ("последн", "span"), ("следующ", "span"), ("ближайш", "span"), ("прошедш", "span"), ("предыдущ", "span"),
    ("начал", "mod"), ("середин", "mod"), ("конц", "mod"), ("конец", "mod"), ("час", "time"),
    *((stem, "decade") for stem in V.DECADE_WORDS),
):
    _PREFIXES.setdefault(_stem[:3], []).append((_stem, _cls))
for _i, (_, _key) in enumerate(V.VAGUE):  # a vague phrase wakes on its key word ("на днях": "днях")
    for _w in _key.split("/"):
        if _w.endswith("*"):
            _PREFIXES.setdefault(_w[:3], []).append((_w[:-1], f"vague:{_i}"))
        else:
            _add((_w,), f"vague:{_i}")
# only numbers and words that start like a trigger reach the Python loop (a tenth of the tokens)
_TOKEN = re.compile(r"\d+|(?<![а-яё])"
                    + trie(set(_EXACT) | set(_DOTTED) | {st for v in _PREFIXES.values() for st, _ in v})
                    + r"[а-яё]*")
_DECADE_SUFFIXES = ("-х", "-е", "-ых", "-ые", "-ми", "х", "е", "ых", "ые", "ми")
_BACK, _FWD = 48, 72  # no match reaches further from its trigger
_FWD_BY = {"unit": 12}  # a unit word ends its match ("три месяца", "в прошлом году")


def triggers(low: str):
    """Yield (class, start, end) for each trigger in lower-cased text."""
    n = len(low)
    for m in _TOKEN.finditer(low):
        w = m.group()
        s, e = m.span()
        nxt = low[e] if e < n else ""
        if w[0].isdigit():
            if len(w) == 4 and w[0] in "12":
                yield "year", s, e
                if nxt == "-":
                    yield "iso", s, e
            if nxt == ".":
                yield "ndate", s, e
            elif nxt == ":":
                yield "time", s, e
            if len(w) <= 2 and low[s - 2:s] == "в ":
                yield "time", s, e  # "в 15.": a bare hour
            if w[-1] == "0" and low.startswith(_DECADE_SUFFIXES, e):
                yield "decade", s, e
            continue
        for cls in _EXACT.get(w, ()):
            yield cls, s, e
        if nxt == "." and w in _DOTTED:
            yield _DOTTED[w], s, e
        for stem, cls in _PREFIXES.get(w[:3], ()):
            if w.startswith(stem):
                yield cls, s, e


def _merge(spans):
    out = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def windows(low: str) -> dict[str, list]:
    """Merged [lo, hi] windows around each trigger class's hits."""
    n = len(low)
    out: dict[str, list] = {}
    for cls, s, e in triggers(low):
        lo, hi = max(0, s - _BACK), min(n, e + _FWD_BY.get(cls, _FWD))
        while hi < n and not low[hi].isspace():
            hi += 1
        out.setdefault(cls, []).append([lo, hi])
    return {cls: _merge(w) for cls, w in out.items()}


def lower(text: str) -> str:
    """Lower case with offsets kept: a few characters lower-case to two."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def facts(low: str, full: bool = False) -> list:
    """Facts from every rule, in trigger windows (or over the whole text when ``full``)."""
    wins = windows(low)
    out = []
    for cls, rx, read in RULES:
        if full:
            spans = ((0, len(low)),)
        elif isinstance(cls, tuple):
            spans = _merge(sorted(w for c in cls for w in wins.get(c, ())))
        else:
            spans = wins.get(cls, ())
        for lo, hi in spans:
            for m in rx.finditer(low, lo, hi):
                f = read(m)
                if f is None:
                    continue
                out.extend(f if isinstance(f, list) else (f,))
    return out


def scan(low: str, a, full: bool = False, now=None) -> list:
    """Resolved candidates for lower-cased text against anchor date ``a`` (and time ``now``)."""
    cands = []
    for f in facts(low, full):
        try:
            c = resolve(f, a, now)
        except (OverflowError, ValueError):  # an interval past the calendar's ends (anchor 9999-12-31): no date
            continue
        if c is None:
            continue
        cands.extend(c if isinstance(c, list) else (c,))
    return cands
