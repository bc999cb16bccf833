"""Date patterns, each read into an unresolved :class:`Fact` (no anchor, no calendar).

A rule is a compiled pattern, the trigger class that wakes it (see ``triggers``) and a reader
``match -> Fact | list[Fact] | None``; ``resolve`` turns facts into intervals, keyed by
``Fact.type``. Adding an expression class is one rule here and one resolver there.
"""
from __future__ import annotations

import re

from . import vocab as V
from .pieces import (
    B, DASH, DECADE_INNER, E, MONTH, ORD_SMALL, NUM, REL_ADJ, S, S0, SHIFT_UNITS, WD, WD_PREFIX,
    WD_SUFFIX, WMOD, YSUF, YW, YWP, alt, bare_hour, day, monthd, ry, time, time_suffix, ynum, yearpart,
)


class Fact:
    """What a pattern read: ``type`` names the resolver; other fields default to None."""

    def __init__(self, type: str, start: int, end: int, prio: int, **fields):
        self.type, self.start, self.end, self.prio = type, start, end, prio
        self.__dict__.update(fields)

    def __getattr__(self, name):  # only called for fields a reader did not set
        return None

    def __repr__(self):
        return f"Fact({self.__dict__})"


# ---------------------------------------------------------------------------------------------
# Group readers

def span(m, skip="skip"):
    """The match span without a leading preposition group."""
    s = m.start()
    if skip in m.re.groupindex and m.group(skip) is not None:
        s = m.end(skip)
        while s < m.end() and m.string[s].isspace():
            s += 1
    return s, m.end()


def at_sentence_start(m, group: str) -> bool:
    """Whether the group opens a sentence: "Пятница будет рабочим днём", "Лето выдалось жарким"."""
    low, j = m.string, m.start(group) - 1
    while j >= 0 and low[j] in " \t\"«(":
        j -= 1
    return j < 0 or low[j] in ".!?…\n"


def month_of(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return V.MONTHS.get(w) or V.MONTH_ABBR.get(w)


def day_of(m, p="") -> int | None:
    d = m.group(p + "d")
    if d is not None:
        return int(d)
    w = m.group(p + "dw")
    if w is not None:
        return V.ORD_DAYS.get(re.sub(r"\s+", " ", w.lower()))
    return None


def num(word: str | None) -> int | float | None:
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    total = 0
    for p in w.split(" "):
        if p not in V.NUM_WORDS:
            return None
        total += V.NUM_WORDS[p]
    return total


_PM = ("дня", "вечера", "пополудни")


def time_of(m, p=""):
    """(hour, minute) from a ``time`` group set, or None when the groups are empty."""
    gd = m.groupdict()
    if gd.get(p + "h") is not None:
        h, mi = int(gd[p + "h"]), int(gd[p + "mi"])
        tp = gd.get(p + "tp0")
    elif gd.get(p + "hh") is not None or gd.get(p + "hb") is not None or gd.get(p + "bh") is not None:
        h = num(gd.get(p + "hh") or gd.get(p + "hb") or gd.get(p + "bh"))
        if not isinstance(h, int) or h > 23:
            return None
        mi = int(gd.get(p + "mm") or gd.get(p + "mm2") or 0)
        tp = gd.get(p + "tp") or gd.get(p + "tpb")
    elif gd.get(p + "noon") is not None:
        return (12, 0) if gd[p + "noon"].lower() == "полдень" else (0, 0)
    else:
        return None
    tp = (tp or "").lower()
    if (tp in _PM or tp.startswith("после")) and h < 12:
        h += 12
    elif tp == "ночи" and h == 12:
        h = 0
    return h, mi


def year_of(m, p="") -> dict:
    """Fields of a ``yearpart``: ``year`` written out, or ``ryoff`` relative to the anchor's year."""
    gd = m.groupdict()
    y = gd.get(p + "y")
    if y is not None:
        return {"year": int(y), "ryoff": None}
    if gd.get(p + "ry") is not None:
        return {"year": None, "ryoff": V.rel_offset(gd[p + "ry"])}
    if gd.get(p + "sg") is not None:  # "с.г.": this year
        return {"year": None, "ryoff": 0}
    return {"year": None, "ryoff": None}


def ordinal(tok: str) -> int | None:
    t = tok.lower()
    if t in V.ORD_SMALL:
        return V.ORD_SMALL[t]
    if t in V.ROMAN:
        return V.ROMAN[t]
    return int(t[0]) if re.match(r"\d", t) else None


def _decade(m, cue: bool) -> dict | None:
    """``DECADE_INNER`` fields; two-digit and spelled-out decades need a year word unless ``cue``."""
    if m["dec"] is not None:
        ds = m["dec"]
        if len(ds) == 2:
            return {"dec": int(ds), "short": True} if (m["dyw"] is not None or cue) else None
        return {"dec": int(ds), "short": False}
    if m["decw"] is not None:
        if m["dyw"] is None and not cue:
            return None
        return {"dec": V.DECADE_WORDS[m["decw"].lower()], "short": True}
    return None


# ---------------------------------------------------------------------------------------------
# Patterns and their readers

_TAIL_OK = rf"(?=[^\S\n]*(?:[.,;:!?)»]|$)|{S}(?:в|во|с|со|по|до|и|или|г\.|года?){E}|{S0}{DASH})"
_BEFORE_TIME = rf"(?=(?:{S0},{S0}|{S})(?:(?:в|во|к){S})?[012]?\d:[0-5]\d)"  # "15.2 в 10:00"
_AFTER_VERB = r"(?P<bare>(?![\d%]|[.,]\d))"  # "состоится 15.2 в мэрии": the reader checks the verb
_VERB_BEFORE = re.compile(r"([а-яё]+)[^\S\n]+$")
P_NUMDATE = re.compile(  # "01.02.2023", "27. 05.99", "01.04." and "15.02" (no year: the nearest)
    rf"{B}{WD_PREFIX}(?<![\w.,/:])(?P<d>[0-3]?\d)\.(?:[^\S\n](?=\d{{2}}\.\d))?(?P<m>[01]?\d)"
    rf"(?:\.(?P<y>\d{{4}}|\d{{2}})(?!\d|[.,:]\d)(?:{S0}(?:{YW}))?|(?<=\d\d\.\d\d)\.(?![\w.])|(?<=\d\d\.\d\d)(?![\d.,]){_TAIL_OK}|(?![\d%]|[.,]\d){_BEFORE_TIME}|{_AFTER_VERB})"
    rf"(?:(?:{S0},{S0}|{S})(?:(?:в|во|к|около){S})?{time('t')}(?!{S0}{DASH}{S0}\d))?")


def r_numdate(m):
    ys = m["y"]
    if m["bare"] is not None:
        vm = _VERB_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
        if vm is None or vm.group(1) not in V.EVENT_VERBS:
            return None
    return Fact("numdate", m.start(), m.end(), 2, day=int(m["d"]), month=int(m["m"]),
                year=int(ys) if ys else None, short=bool(ys) and len(ys) == 2, time=time_of(m, "t"))


P_ISO = re.compile(
    r"(?<![\w.\-/])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:(?:[tT]|[^\S\n])(?P<th>[01]\d|2[0-3]):(?P<tmi>[0-5]\d)(?::\d\d(?:\.\d+)?)?)?(?![\w\-])")


def r_iso(m):
    hm = (int(m["th"]), int(m["tmi"])) if m["th"] is not None else None
    return Fact("iso", m.start(), m.end(), 2, day=int(m["d"]), month=int(m["m"]), year=int(m["y"]), time=hm)


_IN_YEAR = rf"(?:в{S}(?=[12]\d{{3}}{S0}(?:год|г\.)))?"  # "14 декабря в 1989 году"
P_DM = re.compile(
    rf"{B}{WD_PREFIX}{day('')}{S}{monthd('')}(?:{S}{_IN_YEAR}{yearpart('')}|{S}(?P<yy>\d{{2}})(?={S}\d{{1,2}}:\d\d))?"
    rf"{WD_SUFFIX}{time_suffix('t')}")  # "2 Декабрь 95 11:15": a two-digit year only before a time
P_MD = re.compile(rf"{B}{WD_PREFIX}{monthd('')}{S}{day('')}{S0},{S0}{ynum('')}{time_suffix('t')}")  # "Авг 26, 2015"


def _weekday(m):
    gd = m.groupdict()
    w = gd.get("wd0") or gd.get("wd1") or gd.get("wd2")
    if w:
        return V.WEEKDAYS[w.lower()]
    return V.WEEKDAY_ABBR[gd["wd0a"].lower()] if gd.get("wd0a") else None


def r_dm(m):
    d, mo = day_of(m), month_of(m["m"])
    if d is None or mo is None or not 1 <= d <= 31:
        return None
    yp = year_of(m)
    if m.groupdict().get("yy"):
        yp = {"year": int(m["yy"]), "ryoff": None, "short": True}
    return Fact("dm", m.start(), m.end(), 2, day=d, month=mo, time=time_of(m, "t"), weekday=_weekday(m), **yp)


P_ENUM_D = re.compile(  # "20 и 21 марта", "18, 23 и 26 января": the leading days
    rf"(?<![\w.,:/])(?P<list>[0-3]?\d(?:{S0},{S0}[0-3]?\d)*){S}(?:и|или){S}{day('')}{S}{monthd('')}"
    rf"(?:{S}{yearpart('')})?")


def r_enum_d(m):
    mo = month_of(m["m"])
    if mo is None:
        return None
    base = m.start("list")
    days = [(base + nm.start(), base + nm.end(), int(nm.group())) for nm in re.finditer(r"\d+", m["list"])]
    return Fact("enum_d", m.start(), m.end(), 2, days=days, month=mo, **year_of(m))


P_ENUM_Y = re.compile(  # "в 1995 и 2002 году": the leading years
    rf"{B}(?P<list>[12]\d{{3}}(?:{S0},{S0}[12]\d{{3}})*){S}(?:и|или){S}[12]\d{{3}}{S0}(?:{YWP}|{YW})")


def r_enum_y(m):
    base = m.start("list")
    years = [(base + nm.start(), base + nm.end(), int(nm.group())) for nm in re.finditer(r"\d+", m["list"])]
    last = re.search(r"([12]\d{3})\D*$", m.group())
    years.append((m.start() + last.start(1), m.end(), int(last.group(1))))
    return Fact("enum_y", m.start(), m.end(), 4, years=years)


_RSEP = rf"(?(pre){S}(?:по|до|на){S}|{S0}{DASH}{S0})"
_RPRE = rf"(?:(?P<pre>с|со|от){S})?"
P_RANGE_D = re.compile(
    rf"{B}{_RPRE}{day('a')}(?:{S}{monthd('a')}(?:{S}{ynum('a')}(?:{S0}{YW})?)?)?{_RSEP}"
    rf"{day('b')}{S}{monthd('b')}(?:{S}{yearpart('b')})?")


def r_range_d(m):
    d1, d2, m2 = day_of(m, "a"), day_of(m, "b"), month_of(m["bm"])
    if None in (d1, d2, m2):
        return None
    return Fact("range_d", m.start(), m.end(), 1, day1=d1, day2=d2, month1=month_of(m["am"]) if m["am"] else None,
                month2=m2, year1=int(m["ay"]) if m["ay"] else None, **year_of(m, "b"))


_QUANTITY = rf"(?:%|(?:{alt(w for w in V.QUANTITY_WORDS if w != '%')})(?![а-яё]))"  # "с 1.5 до 2.3 млн"
_NUMD_A = (r"(?P<ad>[0-3]?\d)(?:\.(?:(?P<am>[01]?\d)(?:\.(?:(?P<ay>\d{4}|\d{2})(?!\d)"
           rf"(?:{S0}{YW})?)?)?)?)?")
_NUMD_B = rf"(?P<bd>[0-3]?\d)\.(?P<bm>[01]?\d)(?:\.(?:(?P<by>\d{{4}}|\d{{2}})(?!\d)(?:{S0}{YW})?)?)?(?![\d]|[.,]\d)"
P_RANGE_N = re.compile(  # "с 01.02.2023 по 05.02.2023", "14. - 15.10.", "14./15.10.2018", "14 - 15.10.18"
    rf"(?<![\w.,/]){_RPRE}{_NUMD_A}(?:{S0}(?:{DASH}|/){S0}|{S}(?:по|до){S}){_NUMD_B}(?!{S0}{_QUANTITY})")


def r_range_n(m):
    if m["am"] is None and int(m["ad"]) > int(m["bd"]):
        return None  # "5 - 1.2" is a score or a sum, not a range
    ys = m["ay"], m["by"]
    return Fact("range_n", m.start(), m.end(), 1, day1=int(m["ad"]), day2=int(m["bd"]),
                month1=int(m["am"]) if m["am"] else None, month2=int(m["bm"]),
                year1=int(ys[0]) if ys[0] else None, year2=int(ys[1]) if ys[1] else None,
                short1=bool(ys[0]) and len(ys[0]) == 2, short2=bool(ys[1]) and len(ys[1]) == 2)


P_RANGE_M = re.compile(
    rf"{B}{_RPRE}(?P<am>{MONTH})(?:{S}{ynum('a')}(?:{S0}{YW})?)?{_RSEP}(?P<bm>{MONTH})(?:{S}{yearpart('b')})?")


def r_range_m(m):
    return Fact("range_m", m.start(), m.end(), 1, month1=month_of(m["am"]), month2=month_of(m["bm"]),
                year1=int(m["ay"]) if m["ay"] else None, **year_of(m, "b"))


P_RANGE_Y = re.compile(
    rf"{B}(?:(?P<inn>в|во){S})?{_RPRE}(?P<ay>[12]\d{{3}})(?!\d)(?:{YSUF}(?!\w))?(?:{S0}(?P<ayw>{YW}))?{_RSEP}(?P<by>[12]\d{{3}})(?!\d){YSUF}?"
    rf"(?:{S0}(?P<byw>{YWP}|{YW}))?")


def r_range_y(m):
    if m["ayw"] is None and m["byw"] is None and m["inn"] is None:
        return None  # "2010-2012" alone may be a score or a model; "в 2010–2012" is years
    return Fact("range_y", *span(m, "inn"), 1, year1=int(m["ay"]), year2=int(m["by"]))


P_RANGE_T = re.compile(rf"(?<![\w:.]){_RPRE}{time('a')}(?(pre){S}до{S}|{S0}(?:{DASH}|/){S0}){time('b')}")


def r_range_t(m):
    t1, t2 = time_of(m, "a"), time_of(m, "b")
    if t1 is None or t2 is None or t1 == t2:
        return None
    return Fact("clock", m.start(), m.end(), 3, kind="range", t1=t1, t2=t2)


P_MY = re.compile(rf"{B}(?P<m>{MONTH}){S}{yearpart('')}")


def r_my(m):
    return Fact("my", m.start(), m.end(), 3, month=month_of(m["m"]), **year_of(m))


P_REL_MONTH = re.compile(rf"{B}(?P<adj>{REL_ADJ}){S}(?P<m>{MONTH})")  # "в следующем мае", "прошлым летом" is a season


def r_rel_month(m):
    off = V.rel_offset(m["adj"])
    return None if off is None else Fact("rel_month", m.start(), m.end(), 3, month=month_of(m["m"]), off=off)


P_MONTH = re.compile(rf"{B}(?P<skip>в|во|с|со|по|до|к|от|на|после|начиная{S}с|вплоть{S}до){S}(?P<m>{MONTH})")


def r_month(m):
    return Fact("month", *span(m), 4, month=month_of(m["m"]))


P_YEAR = re.compile(
    rf"{B}(?P<y>[12]\d{{3}})(?!\d){YSUF}?{S0}{YW}"
    rf"|{B}(?P<skip>в|во|к|до|с|со){S}(?P<y2>[12]\d{{3}})(?:{YSUF}(?![\w-])|(?=[^\S\n]*(?:[,;:)]|{DASH}{S}|\.(?!\d))))"
    rf"|(?<=\()(?P<y3>(?:1[5-9]|20)\d\d)(?=\))")  # "в 2019-м", "В 1976 — поступил", "(1994)"


def r_year(m):
    return Fact("year", *span(m), 4, year=int(m["y"] or m["y2"] or m["y3"]))


P_QUARTER = re.compile(
    rf"{B}(?P<q>{ORD_SMALL}|[1-4](?:-?(?:й|го|ого|м|ом|ый))?|iv|i{{1,3}}){E}{S0}"
    rf"(?:квартал(?:а|е|у|ом)?{E}|кв\.)(?:{S}{yearpart('')})?")


def r_quarter(m):
    q = ordinal(m["q"])
    if q is None or not 1 <= q <= 4:
        return None
    return Fact("part", m.start(), m.end(), 3, unit="quarter", n=q, **year_of(m))


P_HALF = re.compile(
    rf"{B}(?P<h>{ORD_SMALL}|[12](?:-?(?:е|ое|го|ого|м|ом))?|ii|i){E}{S0}полугоди(?:е|я|ю|и|ем){E}"
    rf"(?:{S}{yearpart('')})?"
    rf"|{B}(?P<h2>перв(?:ой|ая|ую)|втор(?:ой|ая|ую)){S}половин(?:е|а|у|ы){E}{S}"
    rf"(?:{yearpart('x')}|(?P<cur>года){E})")


def r_half(m):
    h, p = (ordinal(m["h"]), "") if m["h"] is not None else (ordinal(m["h2"]), "x")
    if h not in (1, 2):
        return None
    return Fact("part", m.start(), m.end(), 3, unit="half", n=h, **year_of(m, p))


P_SEASON = re.compile(rf"{B}(?:(?P<adj>{REL_ADJ}){S})?(?P<s>{alt(V.SEASONS)}){E}(?:{S}{yearpart('')})?")


def r_season(m):
    word, adj = m["s"].lower(), m["adj"]
    yp = year_of(m)
    has_year = yp["year"] is not None or yp["ryoff"] is not None
    if word not in V.SEASON_ADVERBS and adj is None and not has_year and not (
            word in V.SEASON_NOM and at_sentence_start(m, "s")):
        return None
    if adj is not None and has_year:
        return None  # "этого лета 2020" is not a construction; let the parts match alone
    return Fact("season", m.start(), m.end(), 3, season=V.SEASONS[word], adj=adj is not None,
                adjoff=V.rel_offset(adj) if adj else None, **yp)


P_DECADE = re.compile(rf"{B}{DECADE_INNER}")


def r_decade(m):
    dec = _decade(m, cue=False)
    return Fact("decade", m.start(), m.end(), 3, **dec) if dec else None


P_MOD = re.compile(
    rf"{B}(?P<mod>начал[еоау]|середин[еаыу]|конц[еау]|конец){E}{S}"
    rf"(?:(?P<m>{MONTH})(?:{S}{yearpart('')})?|{ynum('n')}(?:{S0}{YW})?|{ry('r')}"
    rf"|(?P<cur>года|месяца|текущего{S}месяца|этого{S}месяца){E}|{DECADE_INNER})")


def r_mod(m):
    mod = m["mod"].lower()
    part = 0 if mod.startswith("нач") else 1 if mod.startswith("серед") else 2
    s, e = m.start(), m.end()
    if m["m"] is not None:
        return Fact("mod", s, e, 3, of="month", part=part, month=month_of(m["m"]), **year_of(m))
    if m["cur"] is not None and "месяц" in m["cur"].lower():
        return Fact("mod", s, e, 3, of="this_month", part=part)
    if m["ny"] is not None:
        return Fact("mod", s, e, 3, of="year", part=part, year=int(m["ny"]))
    if m["rry"] is not None or m["rsg"] is not None or m["cur"] is not None:
        off = V.rel_offset(m["rry"]) if m["rry"] else 0
        return Fact("mod", s, e, 3, of="year", part=part, year=None, ryoff=off)
    dec = _decade(m, cue=True)
    return Fact("mod", s, e, 3, of="decade", part=part, **dec) if dec else None


P_REL_ADV = re.compile(rf"{B}(?P<adv>{alt(V.REL_DAYS).replace(chr(92) + ' ', S)}){E}{time_suffix('t')}")


def r_rel_adv(m):
    return Fact("rel_day", m.start(), m.end(), 3, days=V.REL_DAYS[re.sub(r"\s+", " ", m["adv"].lower())], time=time_of(m, "t"))


P_REL_UNIT = re.compile(
    rf"{B}(?P<adj>{REL_ADJ}|сего){S}(?P<unit>году|года|год|месяце|месяца|месяц|неделе|недели|неделю|неделя"
    rf"|квартале|квартала|квартал|полугодии|полугодия|полугодие){E}")


def r_rel_unit(m):
    off = V.rel_offset(m["adj"])
    if off is None:
        return None
    u = m["unit"].lower()
    unit = ("year" if u.startswith("год") else "month" if u.startswith("месяц")
            else "week" if u.startswith("недел") else "quarter" if u.startswith("квартал") else "half")
    return Fact("rel_unit", m.start(), m.end(), 4, unit=unit, off=off)


_PART = rf"(?:(?P<n>{NUM}){S0})?(?P<u>{SHIFT_UNITS}){E}"
_AMOUNT = rf"(?:{NUM}{S0})?{SHIFT_UNITS}{E}(?:{S}(?:и{S})?(?:{NUM}{S0})?{SHIFT_UNITS}{E})*"
RX_PART = re.compile(_PART)
P_SHIFT = re.compile(  # "через две недели", "спустя полгода", "2 ч. 21 мин. назад", "около 23 часов назад"
    rf"{B}(?:(?P<via>через|спустя){S}(?P<amt>{_AMOUNT})"
    rf"|(?:(?:около|примерно|почти){S})?(?P<amt2>{_AMOUNT})(?:{S}тому)?{S}назад{E})")


_YEARS_IN = {"decade": 10, "halfcentury": 50}


def amount(text: str, genitive: bool = False) -> list | None:
    """[(unit, n), ...] of "2 ч. 21 мин.", "полтора года"; None when a count is no number.

    ``genitive``: after "в течение" a bare "года" is one year, not a missing count."""
    parts = []
    for pm in RX_PART.finditer(text):
        form, nw = pm["u"].lower(), pm["n"]
        n = num(nw)
        if nw is not None and n is None:
            return None
        if n is None:
            if form in V.PLURAL_UNITS and not (genitive and form in V.GENITIVE_UNITS):
                return None  # "несколько лет назад": the count is not a number
            n = 1
        unit = V.SHIFT_UNITS[form]
        if unit in _YEARS_IN:  # "десятилетие", "полвека": counted in years
            unit, n = "year", n * _YEARS_IN[unit]
        parts.append((unit, n))
    return parts or None


def r_shift(m):
    future = m["via"] is not None
    parts = amount(m["amt"] if future else m["amt2"])
    if parts is None:
        return None
    return Fact("shift", m.start(), m.end(), 3, parts=parts, sign=1 if future else -1)


_SPAN_PREPS = rf"в{S}течение|на{S}протяжении|в{S}продолжение|сроком{S}(?:до|на)|на{S}срок{S}до|на|за|к"
_ABOUT = r"около|почти|более|менее|свыше|примерно|до"
P_DURATION = re.compile(  # "в течение двух недель", "на 5 лет", "три месяца", "около 10 часов", "к 24 годам"
    rf"{B}(?:(?P<pre>{_SPAN_PREPS}){S})?(?:(?P<about>{_ABOUT}){S})?(?P<amt>{_AMOUNT})")


def r_duration(m):
    pre = re.sub(r"\s+", " ", (m["pre"] or "").lower())
    parts = amount(m["amt"], genitive=bool(pre))
    if parts is None:
        return None
    counted = RX_PART.match(m["amt"])["n"] is not None
    if not counted and not pre and parts[0][0] not in ("halfyear", "halfhour"):
        return None  # a bare "год" names no length on its own; "за год", "в течение года" do
    about = (m["about"] or "").lower()
    if not pre and about in ("", "до") and all(u == "year" for u, _ in parts) and m["amt"][:1].isdigit():
        return None  # a bare "85 лет", "до 60 лет" is mostly an age; "шли к этому пять лет" is a length
    if pre == "к" and not counted:
        return None  # "к году" is no length
    s = m.start() if pre and pre not in ("на", "за", "к") else m.start("about") if m["about"] else m.start("amt")
    return Fact("duration", s, m.end(), 6, parts=parts)


P_SET = re.compile(  # "ежегодно", "каждый понедельник", "каждые два года", "по пятницам"
    rf"{B}(?:(?P<adv>{alt(V.RECURRENCES)})"
    rf"|кажд(?:ый|ую|ое|ые|ых|ого|ом){S}(?:(?P<wd>{WD})|(?P<amt>{_AMOUNT}))"
    rf"|по{S}(?P<wdp>{alt(V.WEEKDAY_PLURAL)})){E}")


def r_set(m):
    if m["adv"]:
        return Fact("set", m.start(), m.end(), 4, period=V.RECURRENCES[m["adv"].lower()], gran="day")
    if m["wd"] or m["wdp"]:
        return Fact("set", m.start(), m.end(), 4, period="P1W", gran="day")
    parts = amount(m["amt"])
    return Fact("set", m.start(), m.end(), 4, parts=parts) if parts else None


P_SPAN = re.compile(  # "последние 2 недели", "в ближайшие три дня", "за последний год"
    rf"{B}(?:(?P<skip>за|в|на|в{S}течение){S})?(?P<dir>последн|следующ|ближайш|прошедш|предыдущ)"
    rf"(?P<end>ие|их|ий|юю|ее|ей|его|ее|ое|ем){S}(?:(?P<n>{NUM}){S})?(?P<u>{SHIFT_UNITS}){E}")


def r_span(m):
    sign = 1 if m["dir"].lower() in ("следующ", "ближайш") else -1
    form, nw = m["u"].lower(), m["n"]
    unit = V.SHIFT_UNITS[form]
    n = num(nw)
    if nw is not None and not isinstance(n, int) or unit.startswith("half"):
        return None
    scale = 10 if unit == "decade" else 1  # "последнее десятилетие": ten years
    unit = "year" if unit == "decade" else unit
    if n is None:  # "последний месяц", "последнюю неделю", "последние сутки"; "последние дни" is vague
        if sign > 0 or form not in ("неделю", "месяц", "год", "час", "сутки", "десятилетие"):
            return None
        n = 1
    return Fact("span", *span(m), 4, unit=unit, n=n * scale, sign=sign)


P_HOLIDAY = re.compile(rf"{B}(?P<hol>{alt(V.HOLIDAYS).replace(chr(92) + ' ', S)}){E}(?:{S}{ynum('')}(?:{S0}{YW})?)?")


def r_holiday(m):
    mo, d = V.HOLIDAYS[re.sub(r"\s+", " ", m["hol"].lower())]
    return Fact("holiday", m.start(), m.end(), 3, month=mo, day=d, year=int(m["y"]) if m["y"] else None)


_WMOD_PL = rf"(?:(?:{'|'.join(V.DEICTIC_WEEKDAY)})(?:ие|их)|эти|этих)"
P_WEEKEND = re.compile(rf"{B}(?:в|на){S}(?:(?P<wmod>{_WMOD_PL}){S})?(?P<we>выходные|выходных){E}")


def r_weekend(m):
    mode = {-1: "before", 1: "after", 0: None}.get(V.rel_offset(m["wmod"])) if m["wmod"] else None
    return Fact("weekday", m.start("wmod") if m["wmod"] else m.start("we"), m.end(), 4, weekday=5, mode=mode,
                weekend=True)


P_WEEKDAY = re.compile(
    rf"{B}(?:(?P<skip>в|во|на|к|до|с|со|по){S})?(?:(?P<wmod>{WMOD}){S})?(?P<wd>{WD}){time_suffix('t')}")


def r_weekday(m):
    if m["skip"] is None and m["wmod"] is None and not (
            m["wd"].lower() in V.WEEKDAY_NOM and at_sentence_start(m, "wd")):
        return None
    mode = None
    if m["wmod"] is not None:
        mode = {-1: "before", 1: "after", 0: None}.get(V.rel_offset(m["wmod"]))
    elif (m["skip"] or "").lower() in ("к", "до"):
        mode = "after"  # "до пятницы": a deadline lies ahead
    s = m.start("wmod") if m["wmod"] is not None else m.start("wd")
    return Fact("weekday", s, m.end(), 4, weekday=V.WEEKDAYS[m["wd"].lower()], mode=mode, time=time_of(m, "t"))


P_TIME = re.compile(rf"(?<![\w:.,])(?:(?P<skip>в|во|к|около|до|после|с|со|на){S})?(?:{time('')}|(?<=в ){bare_hour('')})")


def r_time(m):
    skip = (m["skip"] or "").lower()
    hm = time_of(m, "")
    if hm is None:
        return None
    if m["h"] is None and not (m["tp"] or m["tpb"] or m["mm2"]) and not (
            skip in ("в", "во", "к")
            or skip in ("с", "со", "после") and (m["hh"] or "").isdigit()
            or skip == "до" and (m["hh"] or "").isdigit() and hm[0] >= 13):
        return None  # "около 10 часов", "до трёх часов в день" are durations; "после 14 часов" is a time
    return Fact("clock", *span(m), 5, kind="time", t1=hm, t2=hm)


P_LABEL_TIME = re.compile(  # "Начало: 15 часов", "Начало совещания: 15 часов"
    rf"{B}(?P<skip>(?:{alt(V.TIME_LABELS)})(?:{S}[а-яё]+)?{S0}:){S0}{time('')}")


def r_label_time(m):
    """"Начало: 15 часов": after a schedule label a count of hours is a time of day."""
    hm = time_of(m, "")
    return None if hm is None else Fact("clock", *span(m), 5, kind="time", t1=hm, t2=hm)


P_WEEKDAY_ABBR = re.compile(  # "в сб 10:00", "в пт. в 19:00": an abbreviation only before a time
    rf"{B}(?:в|во|на|к|до|с|со|по){S}(?P<wd0a>{alt(V.WEEKDAY_ABBR)})\.?(?!\w)"
    rf"(?:{S0},{S0}|{S})(?:(?:в|во|к){S})?{time('t')}")


def r_weekday_abbr(m):
    return Fact("weekday", m.start("wd0a"), m.end(), 4, weekday=V.WEEKDAY_ABBR[m["wd0a"].lower()], mode=None,
                time=time_of(m, "t"))


def _vague_token(tok: str) -> str:
    alts = [re.escape(a[:-1]) + r"[а-яё]*" if a.endswith("*") else re.escape(a) for a in tok.split("/")]
    return "(?:" + "|".join(alts) + ")"


def vague_pattern(pattern: str) -> str:
    """A vague.tsv pattern as a regex: leading optional words, then words joined by spaces."""
    out, first = "", True
    for tok in pattern.split():
        opt = tok.endswith("?")
        rx = _vague_token(tok.rstrip("?"))
        if first and opt:
            out += rf"(?:{rx}{S})?"
        elif first:
            out, first = out + rx, False
        else:
            out += rf"(?:{S}{rx})?" if opt else rf"{S}{rx}"
    return out


# one pattern per row, woken by its own key only (trigger class "vague:N")
P_VAGUE = tuple(re.compile(B + vague_pattern(p) + E) for p, _ in V.VAGUE)
_VAGUE_GRAN = (("десятилет", "decade"), ("век", "decade"), ("столет", "decade"), ("сезон", "season"),
               ("год", "year"), ("лет", "year"), ("месяц", "month"), ("недел", "week"))


def r_vague(m):
    """"в последние годы", "на днях", "в том же году": a date NEREL marks, with no value we can trust."""
    low = m.group()
    gran = next((g for stem, g in _VAGUE_GRAN if stem in low), "day")
    return Fact("vague", m.start(), m.end(), 7, gran=gran)


# (trigger class or classes, pattern, reader), tried in this order
RULES = (
    ("mon", P_RANGE_D, r_range_d), ("ndate", P_RANGE_N, r_range_n), ("mon", P_RANGE_M, r_range_m),
    ("year", P_RANGE_Y, r_range_y), ("time", P_RANGE_T, r_range_t),
    ("ndate", P_NUMDATE, r_numdate), ("iso", P_ISO, r_iso), ("mon", P_DM, r_dm), ("mon", P_MD, r_dm),
    ("mon", P_ENUM_D, r_enum_d), ("year", P_ENUM_Y, r_enum_y),
    ("mod", P_MOD, r_mod), ("quarter", P_QUARTER, r_quarter), ("half", P_HALF, r_half),
    ("season", P_SEASON, r_season), ("decade", P_DECADE, r_decade), ("mon", P_MY, r_my),
    ("mon", P_MONTH, r_month), ("mon", P_REL_MONTH, r_rel_month), ("year", P_YEAR, r_year),
    ("adv", P_REL_ADV, r_rel_adv), (("unit", "quarter", "half"), P_REL_UNIT, r_rel_unit),
    ("shift", P_SHIFT, r_shift), ("span", P_SPAN, r_span), (("unit", "time"), P_DURATION, r_duration),
    ("set", P_SET, r_set), ("holiday", P_HOLIDAY, r_holiday),
    ("weekday", P_WEEKDAY, r_weekday), ("wdabbr", P_WEEKDAY_ABBR, r_weekday_abbr), ("time", P_LABEL_TIME, r_label_time), ("weekday", P_WEEKEND, r_weekend), ("time", P_TIME, r_time),
    *((f"vague:{i}", rx, r_vague) for i, rx in enumerate(P_VAGUE)),
)
