"""Russian date expressions: find them in text and resolve them to ISO intervals.

``extract_dates(text, anchor=None, doc=None)`` returns :class:`DateMatch` rows sorted by start and
non-overlapping; ``find_dateline(text)`` reads the trailing dateline of a release. Everything is
hand-written regular expressions compiled at import; see ``docs/dates.md`` for the rules.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["DateMatch", "extract_dates", "find_dateline", "KINDS", "GRANULARITIES"]

KINDS = (
    "date", "range", "relative", "time", "datetime", "dateline", "month", "year",
    "quarter", "half", "season", "decade", "weekday",
)
GRANULARITIES = ("year", "half", "quarter", "season", "month", "week", "day", "minute", "decade")


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    kind: str
    value: str | None
    value_end: str | None
    granularity: str
    anchor: str | None


# ---------------------------------------------------------------------------------------------
# Vocabulary

_MONTH_FORMS = {
    1: "январь января январе январю январём январем",
    2: "февраль февраля феврале февралю февралём февралем",
    3: "март марта марте марту мартом",
    4: "апрель апреля апреле апрелю апрелем",
    5: "май мая мае маю маем",
    6: "июнь июня июне июню июнем",
    7: "июль июля июле июлю июлем",
    8: "август августа августе августу августом",
    9: "сентябрь сентября сентябре сентябрю сентябрём сентябрем",
    10: "октябрь октября октябре октябрю октябрём октябрем",
    11: "ноябрь ноября ноябре ноябрю ноябрём ноябрем",
    12: "декабрь декабря декабре декабрю декабрём декабрем",
}
_MONTHS = {f: n for n, forms in _MONTH_FORMS.items() for f in forms.split()}
_MONTH_ABBR = {
    "янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8,
    "сен": 9, "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
}

_UNITS_WORDS = {
    "один": 1, "одну": 1, "одного": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
}
_NUM_WORDS = dict(_UNITS_WORDS)
_NUM_WORDS.update({
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
    "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100,
    "пару": 2, "пара": 2,
})

_ORD_STEMS = {1: "перв", 2: "втор", 3: "трет", 4: "четверт", 5: "пят", 6: "шест", 7: "седьм",
              8: "восьм", 9: "девят", 10: "десят", 11: "одиннадцат", 12: "двенадцат",
              13: "тринадцат", 14: "четырнадцат", 15: "пятнадцат", 16: "шестнадцат",
              17: "семнадцат", 18: "восемнадцат", 19: "девятнадцат", 20: "двадцат", 30: "тридцат"}


def _ord_gen(n: int) -> str:
    # genitive masculine: "первого", "третьего", "двадцать пятого"
    if n in _ORD_STEMS:
        stem = _ORD_STEMS[n]
        return stem + ("ьего" if n == 3 else "ого")
    tens, units = divmod(n, 10)
    return {2: "двадцать", 3: "тридцать"}[tens] + " " + _ord_gen(units)


_ORD_DAYS = {_ord_gen(n): n for n in range(1, 32)}
_ORD_DAYS.update({k.replace("четверт", "четвёрт"): v for k, v in list(_ORD_DAYS.items()) if "четверт" in k})

_ORD_SMALL = {}
for _n, _stem in ((1, "перв"), (2, "втор"), (3, "трет"), (4, "четверт"), (4, "четвёрт")):
    _ends = ("ий", "ьего", "ьем", "ьему", "ьим", "ья", "ьей", "ью", "ье") if _n == 3 else \
        ("ый", "ой", "ого", "ом", "ому", "ым", "ая", "ую", "ое")
    for _e in _ends:
        _ORD_SMALL[_stem + _e] = _n
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_WEEKDAYS = {}
for _n, _forms in enumerate((
    "понедельник понедельника понедельнику понедельником",
    "вторник вторника вторнику вторником",
    "среда среду среды среде средой",
    "четверг четверга четвергу четвергом",
    "пятница пятницу пятницы пятнице пятницей",
    "суббота субботу субботы субботе субботой",
    "воскресенье воскресенья воскресенью воскресеньем",
)):
    for _f in _forms.split():
        _WEEKDAYS[_f] = _n

_SEASONS = {  # 0 winter, 1 spring, 2 summer, 3 autumn
    "зимой": 0, "зима": 0, "зиму": 0, "зимы": 0, "зиме": 0,
    "весной": 1, "весна": 1, "весну": 1, "весны": 1, "весне": 1,
    "летом": 2, "лето": 2, "лета": 2, "лете": 2,
    "осенью": 3, "осень": 3, "осени": 3,
}
_SEASON_ADVERBS = {"зимой", "весной", "летом", "осенью"}

_DECADE_WORDS = {
    "нулев": 0, "десят": 10, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
    "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90,
}


def _rel_offset(word: str) -> int | None:
    """Year/month/week offset named by a deictic adjective, or None."""
    w = word.lower()
    if w.startswith("позапрошл"):
        return -2
    if w.startswith(("прошл", "минувш", "прошедш", "предыдущ")):
        return -1
    if w.startswith(("следующ", "будущ", "наступающ", "грядущ")):
        return 1
    if w.startswith(("эт", "текущ", "нынешн", "сего", "уходящ")):
        return 0
    return None


# ---------------------------------------------------------------------------------------------
# Regular expression pieces

def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


S = r"[^\S\n]+"  # same-line whitespace
S0 = r"[^\S\n]*"
DASH = r"[-‐‑‒–—―]"
B = r"(?<!\w)"
E = r"(?!\w)"

MONTH = _alt(_MONTHS) + E
MONTH_ABBR = _alt(_MONTH_ABBR) + r"\."
YW = rf"(?:год(?:а|у|ом)?{E}|г\.|г{E})"  # singular year word
YWP = rf"(?:год(?:ы|ах|ов|ам|ами){E}|гг\.|гг{E})"
YSUF = r"(?:-(?:ого|го|ом|ый|м|й))"
REL_GEN = r"(?:позапрошлого|прошлого|минувшего|прошедшего|предыдущего|этого|текущего|нынешнего|сего|уходящего|следующего|будущего|наступающего|грядущего)"
REL_ADJ = (r"(?:(?:позапрошл|прошл|минувш|прошедш|предыдущ|текущ|нынешн|уходящ|следующ|будущ|наступающ|грядущ)"
           r"(?:ий|ый|ая|ое|ого|его|ом|ем|ой|ей|ую|юю|им|ым|ую)|эт(?:от|а|о|ого|ой|ом|им|у|ую))")
ORD_DAY = _alt(_ORD_DAYS).replace("\\ ", S)
ORD_SMALL = _alt(_ORD_SMALL)
WD = _alt(_WEEKDAYS) + E
WMOD = (r"(?:(?:прошл|минувш|прошедш|предыдущ|следующ|ближайш|будущ|наступающ|текущ|нынешн)"
        r"(?:ий|ый|ая|ое|ого|его|ую|юю|ей|ой|ее|ем|ом)|эт(?:от|у|ой|им|а))")
NUM = (r"(?:\d{1,3}|(?:двадцать|тридцать|сорок|пятьдесят|шестьдесят|семьдесят|восемьдесят|девяносто)"
       rf"(?:{S}{_alt(_UNITS_WORDS)})?|{_alt(set(_NUM_WORDS) - {'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят', 'восемьдесят', 'девяносто'})})")
SHIFT_UNITS = r"(?:дн(?:я|ей)|день|сутки|суток|недел(?:ю|и|ь)|месяц(?:а|ев)?|год(?:а)?|лет|полгода|полугода)"


def _day(p: str) -> str:
    return rf"(?:(?<![\w.,:/])(?P<{p}d>[0-3]?\d)(?:-?(?:ого|го|ое|е))?(?!\w)|(?P<{p}dw>{ORD_DAY})(?!\w))"


def _monthd(p: str) -> str:
    return rf"(?P<{p}m>{MONTH}|{MONTH_ABBR})"


def _ynum(p: str) -> str:
    return rf"(?P<{p}y>[12]\d{{3}})(?!\d){YSUF}?(?![\w-])"


def _ry(p: str) -> str:
    return rf"(?:(?P<{p}ry>{REL_GEN}){S}года{E}|(?P<{p}sg>с\.{S0}г\.))"


def _yearpart(p: str) -> str:
    """A year after a month, quarter or season: the number needs no year word there."""
    return rf"(?:{_ynum(p)}(?:{S0}{YW})?|{_ry(p)})"


def _time(p: str) -> str:
    return (
        rf"(?:(?P<{p}h>[01]?\d|2[0-3]):(?P<{p}mi>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
        rf"|(?P<{p}hh>[01]?\d|2[0-3]){S0}(?:час(?:а|ов|ам)?{E}|ч\.)"
        rf"(?:{S0}(?P<{p}mm>[0-5]?\d){S0}(?:минут[аы]?{E}|мин\.?))?"
        rf"(?:{S}(?P<{p}tp>утра|дня|вечера|ночи){E})?"
        rf"|(?P<{p}noon>полдень|полночь){E})"
    )


def _time_suffix(p: str) -> str:
    # "10 марта в 12:00", "01.02.2023, 15:30"; not the start of a time range
    return (rf"(?:(?:{S0},{S0}|{S})(?:(?:в|во|к|около){S})?{_time(p)}"
            rf"(?!{S0}(?:{DASH}|до{S})\d))?")


WD_PREFIX = rf"(?:(?:{WMOD}{S})?(?P<wd0>{WD}){S0},?{S0})?"
WD_SUFFIX = rf"(?:{S0},{S0}(?:(?:в|во){S})?{WD}|{S0}\({S0}{WD}{S0}\))?"

_FLAGS = 0  # patterns run over lower-cased text

P_NUMDATE = re.compile(
    rf"{B}{WD_PREFIX}(?<![\w.,/:])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{{4}}|\d{{2}})(?!\d|[.,:]\d)"
    rf"(?:{S0}(?:{YW}))?(?:(?:{S0},{S0}|{S})(?:(?:в|во|к|около){S})?{_time('t')}(?!{S0}{DASH}{S0}\d))?",
    _FLAGS)
P_ISO = re.compile(
    r"(?<![\w.\-/])(?P<y>[12]\d{3})-(?P<m>[01]\d)-(?P<d>[0-3]\d)"
    r"(?:(?:[tT]|[^\S\n])(?P<th>[01]\d|2[0-3]):(?P<tmi>[0-5]\d)(?::\d\d(?:\.\d+)?)?)?(?![\w\-])",
    _FLAGS)
P_DM = re.compile(
    rf"{B}{WD_PREFIX}{_day('')}{S}{_monthd('')}(?:{S}{_yearpart('')})?{WD_SUFFIX}{_time_suffix('t')}", _FLAGS)
P_ENUM_D = re.compile(  # "20 и 21 марта", "18, 23 и 26 января": the leading days
    rf"(?<![\w.,:/])(?P<list>[0-3]?\d(?:{S0},{S0}[0-3]?\d)*){S}(?:и|или){S}{_day('')}{S}{_monthd('')}"
    rf"(?:{S}{_yearpart('')})?", _FLAGS)
P_ENUM_Y = re.compile(  # "в 1995 и 2002 году": the leading years
    rf"{B}(?P<list>[12]\d{{3}}(?:{S0},{S0}[12]\d{{3}})*){S}(?:и|или){S}[12]\d{{3}}{S0}(?:{YWP}|{YW})", _FLAGS)
_RSEP = rf"(?(pre){S}(?:по|до|на){S}|{S0}{DASH}{S0})"
_RPRE = rf"(?:(?P<pre>с|со|от){S})?"
P_RANGE_D = re.compile(
    rf"{B}{_RPRE}{_day('a')}(?:{S}{_monthd('a')}(?:{S}{_ynum('a')}(?:{S0}{YW})?)?)?{_RSEP}"
    rf"{_day('b')}{S}{_monthd('b')}(?:{S}{_yearpart('b')})?",
    _FLAGS)
_NUMD = r"(?P<{p}d>[0-3]?\d)\.(?P<{p}m>[01]?\d)\.(?P<{p}y>\d{{4}}|\d{{2}})(?!\d|[.,]\d)(?:{S0}{YW})?"
P_RANGE_N = re.compile(
    rf"(?<![\w.,/]){_RPRE}{_NUMD.format(p='a', S0=S0, YW=YW)}{_RSEP}{_NUMD.format(p='b', S0=S0, YW=YW)}",
    _FLAGS)
P_RANGE_M = re.compile(
    rf"{B}{_RPRE}(?P<am>{MONTH})(?:{S}{_ynum('a')}(?:{S0}{YW})?)?{_RSEP}(?P<bm>{MONTH})(?:{S}{_yearpart('b')})?",
    _FLAGS)
P_RANGE_Y = re.compile(
    rf"{B}{_RPRE}(?P<ay>[12]\d{{3}})(?!\d)(?:{YSUF}(?!\w))?(?:{S0}(?P<ayw>{YW}))?{_RSEP}(?P<by>[12]\d{{3}})(?!\d){YSUF}?"
    rf"(?:{S0}(?P<byw>{YWP}|{YW}))?",
    _FLAGS)
P_RANGE_T = re.compile(
    rf"(?<![\w:.]){_RPRE}{_time('a')}(?(pre){S}до{S}|{S0}{DASH}{S0}){_time('b')}", _FLAGS)
P_MY = re.compile(rf"{B}(?P<m>{MONTH}){S}{_yearpart('')}", _FLAGS)
P_MONTH = re.compile(
    rf"{B}(?P<skip>в|во|с|со|по|до|к|от|после|начиная{S}с|вплоть{S}до){S}(?P<m>{MONTH})", _FLAGS)
P_YEAR = re.compile(
    rf"{B}(?P<y>[12]\d{{3}})(?!\d){YSUF}?{S0}{YW}"
    rf"|{B}(?P<skip>в|во|к|до|с|со){S}(?P<y2>[12]\d{{3}}){YSUF}(?![\w-])",
    _FLAGS)
P_QUARTER = re.compile(
    rf"{B}(?P<q>{ORD_SMALL}|[1-4](?:-?(?:й|го|ого|м|ом|ый))?|iv|i{{1,3}}){E}{S0}"
    rf"(?:квартал(?:а|е|у|ом)?{E}|кв\.)(?:{S}{_yearpart('')})?",
    _FLAGS)
P_HALF = re.compile(
    rf"{B}(?P<h>{ORD_SMALL}|[12](?:-?(?:е|ое|го|ого|м|ом))?|ii|i){E}{S0}полугоди(?:е|я|ю|и|ем){E}"
    rf"(?:{S}{_yearpart('')})?"
    rf"|{B}(?P<h2>перв(?:ой|ая|ую)|втор(?:ой|ая|ую)){S}половин(?:е|а|у|ы){E}{S}"
    rf"(?:{_yearpart('x')}|(?P<cur>года){E})",
    _FLAGS)
P_SEASON = re.compile(
    rf"{B}(?:(?P<adj>{REL_ADJ}){S})?(?P<s>{_alt(_SEASONS)}){E}(?:{S}{_yearpart('')})?", _FLAGS)
_DECADE_INNER = (
    rf"(?:(?P<dec>(?:1\d|20)\d0|\d0)-?(?:х|е|ых|ые|ми){E}|(?P<decw>{_alt(_DECADE_WORDS)})(?:ые|ых|ым|ыми){E})"
    rf"(?:{S0}(?P<dyw>год(?:ы|ах|ов|ам|ами){E}|гг\.?))?"
)
P_DECADE = re.compile(rf"{B}{_DECADE_INNER}", _FLAGS)
P_MOD = re.compile(
    rf"{B}(?P<mod>начал[еоау]|середин[еаыу]|конц[еау]|конец){E}{S}"
    rf"(?:(?P<m>{MONTH})(?:{S}{_yearpart('')})?|{_ynum('n')}(?:{S0}{YW})?|{_ry('r')}"
    rf"|(?P<cur>года|месяца|текущего{S}месяца|этого{S}месяца){E}|{_DECADE_INNER})",
    _FLAGS)
P_REL_ADV = re.compile(rf"{B}(?P<adv>позавчера|вчера|сегодня|послезавтра|завтра){E}{_time_suffix('t')}", _FLAGS)
P_REL_UNIT = re.compile(
    rf"{B}(?P<adj>{REL_ADJ}|сего){S}(?P<unit>году|года|год|месяце|месяца|месяц|неделе|недели|неделю|неделя"
    rf"|квартале|квартала|квартал|полугодии|полугодия|полугодие){E}",
    _FLAGS)
P_SHIFT = re.compile(
    rf"{B}(?:(?P<via>через){S}(?:(?P<n>{NUM}){S})?(?P<u>{SHIFT_UNITS}){E}"
    rf"|(?:(?P<n2>{NUM}){S})?(?P<u2>{SHIFT_UNITS}){E}(?:{S}тому)?{S}назад{E})",
    _FLAGS)
P_WEEKDAY = re.compile(
    rf"{B}(?:(?P<skip>в|во|на|к|до|с|со|по){S})?(?:(?P<wmod>{WMOD}){S})?(?P<wd>{WD}){_time_suffix('t')}",
    _FLAGS)
P_TIME = re.compile(
    rf"(?<![\w:.,])(?:(?P<skip>в|во|к|около|до|после|с|со|на){S})?{_time('')}", _FLAGS)

_DATELINE_LINE = re.compile(
    rf"(?:^|[\s,;|])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{{4}}|\d{{2}})(?:{S0}г\.)?"
    rf"(?:{S}(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d))?{S0}$")
_SENT_BREAK = re.compile(r"[.!?…]+[\"»)]*\s+(?=[\"«(]*[А-ЯЁA-Z0-9])|\n")
_DEADLINE_TAIL = re.compile(rf"(?:^|(?<=\W))(?:к|до){S}$", re.IGNORECASE)
_WORD = re.compile(r"[А-Яа-яЁё]+")


# ---------------------------------------------------------------------------------------------
# Calendar helpers

def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _month_iv(y, m):
    return dt.date(y, m, 1), dt.date(y, m, _last_day(y, m))


def _year_iv(y):
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _quarter_iv(y, q):
    return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _last_day(y, 3 * q))


def _half_iv(y, h):
    return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))


def _season_iv(y, s):
    """Winter of year y runs from December of y-1 to the end of February of y."""
    if s == 0:
        return dt.date(y - 1, 12, 1), dt.date(y, 2, _last_day(y, 2))
    m0 = (3, 6, 9)[s - 1]
    return dt.date(y, m0, 1), dt.date(y, m0 + 2, _last_day(y, m0 + 2))


def _week_iv(d):
    mon = d - dt.timedelta(days=d.weekday())
    return mon, mon + dt.timedelta(days=6)


def _add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return dt.date(y, m + 1, min(d.day, _last_day(y, m + 1)))


def _dist(a: dt.date, iv) -> int:
    s, e = iv
    if s <= a <= e:
        return 0
    return (s - a).days if a < s else (a - e).days


def _nearest(anchor: dt.date, make):
    """The instance (over the anchor's year and its neighbours) nearest the anchor."""
    best = None
    for y in (anchor.year, anchor.year - 1, anchor.year + 1):  # ties keep the anchor's year
        try:
            iv = make(y)
        except ValueError:
            continue
        d = _dist(anchor, iv)
        if best is None or d < best[0]:
            best = (d, iv)
    return best[1] if best else None


def _two_digit_year(yy: int, anchor: dt.date | None) -> int:
    if anchor is None:
        return 2000 + yy if yy <= 69 else 1900 + yy
    y = anchor.year // 100 * 100 + yy
    return y - 100 if y > anchor.year + 1 else y


def _ok_year(y: int) -> bool:
    return 1000 <= y <= 2199


def _month_of(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTH_ABBR.get(w)


def _day_of(m, p="") -> int | None:
    d = m.group(p + "d")
    if d is not None:
        return int(d)
    w = m.group(p + "dw")
    if w is not None:
        return _ORD_DAYS.get(re.sub(r"\s+", " ", w.lower()))
    return None


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    parts = w.split(" ")
    total = 0
    for p in parts:
        if p not in _NUM_WORDS:
            return None
        total += _NUM_WORDS[p]
    return total


def _time_of(m, p=""):
    """(hour, minute) from a ``_time`` group set, or None when the groups are empty."""
    gd = m.groupdict()
    if gd.get(p + "h") is not None:
        return int(gd[p + "h"]), int(gd[p + "mi"])
    if gd.get(p + "hh") is not None:
        h = int(gd[p + "hh"])
        mi = int(gd[p + "mm"]) if gd.get(p + "mm") else 0
        tp = (gd.get(p + "tp") or "").lower()
        if tp in ("дня", "вечера") and h < 12:
            h += 12
        elif tp == "ночи" and h == 12:
            h = 0
        return h, mi
    if gd.get(p + "noon") is not None:
        return (12, 0) if gd[p + "noon"].lower() == "полдень" else (0, 0)
    return None


def _year_of(m, p, anchor):
    """(year, used_anchor) from a ``_yearpart`` group set; year None when absent/unresolvable."""
    gd = m.groupdict()
    y = gd.get(p + "y")
    if y is not None:
        return int(y), False
    if _rel(m, p):
        if anchor is None:
            return None, True
        ry = gd.get(p + "ry")
        return anchor.year + (_rel_offset(ry) if ry else 0), True
    return None, False


def _rel(m, p="") -> bool:
    """Whether a ``_yearpart`` names the year relative to the anchor ("прошлого года", "с.г.")."""
    gd = m.groupdict()
    return gd.get(p + "ry") is not None or gd.get(p + "sg") is not None


# ---------------------------------------------------------------------------------------------
# Candidates

class _C:
    __slots__ = ("start", "end", "kind", "gran", "v0", "v1", "anchored", "prio", "extra")

    def __init__(self, start, end, kind, gran, v0=None, v1=None, anchored=False, prio=5, extra=None):
        self.start, self.end, self.kind, self.gran = start, end, kind, gran
        self.v0, self.v1, self.anchored, self.prio, self.extra = v0, v1, anchored, prio, extra


def _span(m, skip="skip"):
    s = m.start()
    if skip in m.re.groupindex and m.group(skip) is not None:
        s = m.end(skip)
        while s < m.end() and m.string[s].isspace():
            s += 1
    return s, m.end()


def _with_time(c: _C, hm):
    """Attach (hour, minute) to a single-day candidate."""
    if hm is None:
        return c
    c.gran = "minute"
    if c.kind == "date":
        c.kind = "datetime"
    if c.v0 is not None:
        c.v0 = c.v1 = dt.datetime(c.v0.year, c.v0.month, c.v0.day, *hm)
    return c


def _day_date(y, mo, d, anchor):
    """A day with an optional year: (iv, anchored) or (None, anchored) when unresolvable."""
    if y is not None:
        try:
            x = dt.date(y, mo, d)
        except ValueError:
            return None, False
        return (x, x), False
    if anchor is None:
        return None, True

    def make(yy):
        x = dt.date(yy, mo, d)
        return x, x
    return _nearest(anchor, make), True


def _h_numdate(m, a):
    d, mo, ys = int(m["d"]), int(m["m"]), m["y"]
    used = len(ys) == 2
    y = _two_digit_year(int(ys), a) if used else int(ys)
    if not (1 <= mo <= 12) or not _ok_year(y):
        return None
    try:
        x = dt.date(y, mo, d)
    except ValueError:
        return None
    c = _C(m.start(), m.end(), "date", "day", x, x, anchored=used and a is not None, prio=2)
    return _with_time(c, _time_of(m, "t"))


def _h_iso(m, a):
    try:
        x = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    c = _C(m.start(), m.end(), "date", "day", x, x, prio=2)
    if m["th"] is not None:
        _with_time(c, (int(m["th"]), int(m["tmi"])))
    return c


def _h_dm(m, a):
    d = _day_of(m)
    mo = _month_of(m["m"])
    if d is None or mo is None or not 1 <= d <= 31:
        return None
    y, used = _year_of(m, "", a)
    if y is not None and not _ok_year(y):
        return None
    if y is None and not _rel(m):
        iv, used = _day_date(None, mo, d, a)
    elif y is None:
        iv = None
    else:
        iv, _ = _day_date(y, mo, d, a)
        if iv is None:
            return None
    kind = "relative" if _rel(m) else "date"
    c = _C(m.start(), m.end(), kind, "day", *(iv or (None, None)), anchored=used and a is not None, prio=2)
    return _with_time(c, _time_of(m, "t"))


def _fill_range(a, y1, m1, d1, y2, m2, d2, anchor, used):
    """Resolve a day range whose left side may lack month and year."""
    if m1 is None:
        m1 = m2
    if y2 is None:
        if anchor is None:
            return None, True
        e_iv = _nearest(anchor, lambda yy: (dt.date(yy, m2, d2), dt.date(yy, m2, d2)))
        if e_iv is None:
            return None, True
        y2, used = e_iv[0].year, True
    if y1 is None:
        y1 = y2 if (m1, d1) <= (m2, d2) else y2 - 1
    try:
        return (dt.date(y1, m1, d1), dt.date(y2, m2, d2)), used
    except ValueError:
        return None, used


def _h_range_d(m, a):
    d1, d2 = _day_of(m, "a"), _day_of(m, "b")
    m2 = _month_of(m["bm"])
    m1 = _month_of(m["am"]) if m["am"] else None
    if None in (d1, d2, m2):
        return None
    y1 = int(m["ay"]) if m["ay"] else None
    y2, used = _year_of(m, "b", a)
    if _rel(m, "b") and y2 is None:
        return _C(m.start(), m.end(), "range", "day", prio=1)
    iv, used2 = _fill_range(a, y1, m1, d1, y2, m2, d2, a, used)
    if iv is None and not used2:
        return None
    if iv is not None and iv[0] > iv[1]:
        return None
    return _C(m.start(), m.end(), "range", "day", *(iv or (None, None)), anchored=used2 and a is not None, prio=1)


def _h_range_n(m, a):
    out = []
    used = False
    for p in "ab":
        ys = m[p + "y"]
        y = _two_digit_year(int(ys), a) if len(ys) == 2 else int(ys)
        used |= len(ys) == 2
        try:
            out.append(dt.date(y, int(m[p + "m"]), int(m[p + "d"])))
        except ValueError:
            return None
    if out[0] > out[1]:
        return None
    return _C(m.start(), m.end(), "range", "day", out[0], out[1], anchored=used and a is not None, prio=1)


def _h_range_m(m, a):
    m1, m2 = _month_of(m["am"]), _month_of(m["bm"])
    y1 = int(m["ay"]) if m["ay"] else None
    y2, used = _year_of(m, "b", a)
    if y2 is None and y1 is not None and not _rel(m, "b"):
        y2 = y1 if m2 >= m1 else y1 + 1
    if y2 is None:
        if a is None or _rel(m, "b"):
            return _C(m.start(), m.end(), "range", "month", prio=1)
        iv = _nearest(a, lambda yy: _month_iv(yy, m2))
        y2, used = iv[0].year, True
    if y1 is None:
        y1 = y2 if m1 <= m2 else y2 - 1
    s, e = _month_iv(y1, m1)[0], _month_iv(y2, m2)[1]
    if s > e:
        return None
    return _C(m.start(), m.end(), "range", "month", s, e, anchored=used and a is not None, prio=1)


def _h_range_y(m, a):
    if m["ayw"] is None and m["byw"] is None:
        return None
    y1, y2 = int(m["ay"]), int(m["by"])
    if not (_ok_year(y1) and _ok_year(y2)) or y1 >= y2:
        return None
    return _C(m.start(), m.end(), "range", "year", dt.date(y1, 1, 1), dt.date(y2, 12, 31), prio=1)


def _h_range_t(m, a):
    t1, t2 = _time_of(m, "a"), _time_of(m, "b")
    if t1 is None or t2 is None or t1 == t2:
        return None
    return _C(m.start(), m.end(), "range", "minute", prio=3, extra=("time", t1, t2))


def _h_my(m, a):
    mo = _month_of(m["m"])
    y, used = _year_of(m, "", a)
    kind = "relative" if _rel(m) else "month"
    if y is None:
        return _C(m.start(), m.end(), kind, "month", prio=3) if _rel(m) else None
    if not _ok_year(y):
        return None
    return _C(m.start(), m.end(), kind, "month", *_month_iv(y, mo), anchored=used, prio=3)


def _h_month(m, a):
    s, e = _span(m)
    mo = _month_of(m["m"])
    if a is None:
        return _C(s, e, "month", "month", prio=4)
    return _C(s, e, "month", "month", *_nearest(a, lambda yy: _month_iv(yy, mo)), anchored=True, prio=4)


def _h_enum_d(m, a):
    mo = _month_of(m["m"])
    y, used = _year_of(m, "", a)
    if mo is None or (y is not None and not _ok_year(y)):
        return None
    out = []
    base = m.start("list")
    for nm in re.finditer(r"\d+", m["list"]):
        d = int(nm.group())
        if y is None and _rel(m):
            iv = None
        else:
            iv, used2 = _day_date(y, mo, d, a)
            used = used or used2
            if iv is None and y is not None:
                return None
        out.append(_C(base + nm.start(), base + nm.end(), "relative" if _rel(m) else "date", "day",
                      *(iv or (None, None)), anchored=used and a is not None, prio=2))
    return out


def _h_enum_y(m, a):
    out = []
    base = m.start("list")
    for nm in re.finditer(r"\d+", m["list"]):
        y = int(nm.group())
        if not _ok_year(y):
            return None
        out.append(_C(base + nm.start(), base + nm.end(), "year", "year", *_year_iv(y), prio=4))
    last = re.search(r"([12]\d{3})\D*$", m.group())
    y = int(last.group(1))
    if not _ok_year(y):
        return None
    out.append(_C(m.start() + last.start(1), m.end(), "year", "year", *_year_iv(y), prio=4))
    return out


def _h_year(m, a):
    s, e = _span(m)
    y = int(m["y"] or m["y2"])
    if not _ok_year(y):
        return None
    return _C(s, e, "year", "year", *_year_iv(y), prio=4)


def _ordinal(tok: str) -> int | None:
    t = tok.lower()
    if t in _ORD_SMALL:
        return _ORD_SMALL[t]
    if t in _ROMAN:
        return _ROMAN[t]
    dm = re.match(r"\d", t)
    return int(t[0]) if dm else None


def _h_quarter(m, a):
    q = _ordinal(m["q"])
    if q is None or not 1 <= q <= 4:
        return None
    return _part_of_year(m, a, "", "quarter", _quarter_iv, q)


def _h_half(m, a):
    if m["h"] is not None:
        h, p = _ordinal(m["h"]), ""
    else:
        h, p = _ordinal(m["h2"]), "x"
    if h not in (1, 2):
        return None
    return _part_of_year(m, a, p, "half", _half_iv, h)


def _part_of_year(m, a, p, name, interval, n):
    """A quarter or half of the named year, else of the anchor's year; unresolved without either."""
    y, used = _year_of(m, p, a)
    kind = "relative" if _rel(m, p) else name
    if y is None:
        if a is None:
            return _C(m.start(), m.end(), kind, name, prio=3)
        y, used = a.year, True
    return _C(m.start(), m.end(), kind, name, *interval(y, n), anchored=used, prio=3)


def _h_season(m, a):
    word = m["s"].lower()
    s = _SEASONS[word]
    adj = m["adj"]
    y, used = _year_of(m, "", a)
    has_year = m["y"] is not None or _rel(m)
    if word not in _SEASON_ADVERBS and adj is None and not has_year:
        return None
    if adj is not None and has_year:
        return None  # "этого лета 2020" is not a construction; let the parts match alone
    kind = "relative" if (adj is not None or _rel(m)) else "season"
    start, end = m.start(), m.end()
    if y is not None:
        return _C(start, end, kind, "season", *_season_iv(y, s), anchored=used, prio=3)
    if a is None:
        return _C(start, end, kind, "season", prio=3)
    off = _rel_offset(adj) if adj else None
    if off is None or off == 0:
        iv = _nearest(a, lambda yy: _season_iv(yy, s))
    elif off < 0:
        ivs = [_season_iv(yy, s) for yy in range(a.year - 2, a.year + 2)]
        past = [iv for iv in ivs if iv[1] < a]
        iv = past[off] if len(past) >= -off else None
    else:
        ivs = [_season_iv(yy, s) for yy in range(a.year - 1, a.year + 3)]
        iv = [iv for iv in ivs if iv[0] > a][off - 1]
    return _C(start, end, kind, "season", *(iv or (None, None)), anchored=True, prio=3)


def _decade_year(m, a, cue=False):
    """First year of the decade named by ``_DECADE_INNER`` groups, or None.

    Two-digit and spelled-out decades need a year word unless ``cue`` ("в конце 80-х")."""
    if m["dec"] is not None:
        ds = m["dec"]
        if len(ds) == 2:
            if m["dyw"] is None and not cue:
                return None
            return _two_digit_year(int(ds), a)
        return int(ds)
    if m["decw"] is not None:
        if m["dyw"] is None and not cue:
            return None
        return _two_digit_year(_DECADE_WORDS[m["decw"].lower()], a)
    return None


def _h_decade(m, a):
    y0 = _decade_year(m, a)
    if y0 is None or not _ok_year(y0):
        return None
    used = (m["dec"] is not None and len(m["dec"]) == 2) or m["decw"] is not None
    return _C(m.start(), m.end(), "decade", "decade", dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31),
              anchored=used and a is not None, prio=3)


def _part(mod: str) -> int:
    mod = mod.lower()
    return 0 if mod.startswith("нач") else 1 if mod.startswith("серед") else 2


def _h_mod(m, a):
    part = _part(m["mod"])
    s, e = m.start(), m.end()
    if m["m"] is not None:  # part of a month: days 1-10, 11-20, 21-end
        mo = _month_of(m["m"])
        y, used = _year_of(m, "", a)
        if y is None and not _rel(m):
            if a is None:
                return _C(s, e, "month", "day", anchored=False, prio=3)
            iv = _nearest(a, lambda yy: _month_iv(yy, mo))
            y, used = iv[0].year, True
        if y is None:
            return _C(s, e, "relative", "day", prio=3)
        kind = "relative" if _rel(m) else "month"
        return _C(s, e, kind, "day", *_month_part(y, mo, part), anchored=used, prio=3)
    if m["cur"] is not None and "месяц" in m["cur"].lower():
        if a is None:
            return _C(s, e, "relative", "day", prio=3)
        return _C(s, e, "relative", "day", *_month_part(a.year, a.month, part), anchored=True, prio=3)
    if m["ny"] is not None or _rel(m, "r") or m["cur"] is not None:
        if m["ny"] is not None:
            y, used, kind = int(m["ny"]), False, "year"
            if not _ok_year(y):
                return None
        else:
            kind = "relative"
            if a is None:
                return _C(s, e, kind, "quarter", prio=3)
            y = a.year + (_rel_offset(m["rry"]) if m["rry"] else 0)
            used = True
        q0, q1 = ((1, 1), (2, 3), (4, 4))[part]
        return _C(s, e, kind, "quarter", _quarter_iv(y, q0)[0], _quarter_iv(y, q1)[1], anchored=used, prio=3)
    y0 = _decade_year(m, a, cue=True)
    if y0 is None or not _ok_year(y0):
        return None
    lo, hi = ((0, 3), (4, 6), (7, 9))[part]
    return _C(s, e, "decade", "year", dt.date(y0 + lo, 1, 1), dt.date(y0 + hi, 12, 31),
              anchored=m["decw"] is not None or (m["dec"] is not None and len(m["dec"]) == 2),
              prio=3)


def _month_part(y, mo, part):
    last = _last_day(y, mo)
    lo, hi = ((1, 10), (11, 20), (21, last))[part]
    return dt.date(y, mo, lo), dt.date(y, mo, hi)


def _h_rel_adv(m, a):
    off = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}[m["adv"].lower()]
    c = _C(m.start(), m.end(), "relative", "day", prio=3)
    if a is not None:
        x = a + dt.timedelta(days=off)
        c.v0 = c.v1 = x
        c.anchored = True
    return _with_time(c, _time_of(m, "t"))


def _h_rel_unit(m, a):
    off = _rel_offset(m["adj"])
    if off is None:
        return None
    unit = m["unit"].lower()
    gran = ("year" if unit.startswith("год") else "month" if unit.startswith("месяц")
            else "week" if unit.startswith("недел") else "quarter" if unit.startswith("квартал") else "half")
    c = _C(m.start(), m.end(), "relative", gran, prio=4)
    if a is None:
        return c
    c.anchored = True
    if gran == "year":
        c.v0, c.v1 = _year_iv(a.year + off)
    elif gran == "month":
        x = _add_months(a.replace(day=1), off)
        c.v0, c.v1 = _month_iv(x.year, x.month)
    elif gran == "week":
        c.v0, c.v1 = _week_iv(a + dt.timedelta(days=7 * off))
    elif gran == "quarter":
        q = (a.month - 1) // 3 + off
        y, q = a.year + q // 4, q % 4 + 1
        c.v0, c.v1 = _quarter_iv(y, q)
    else:
        h = (a.month - 1) // 6 + off
        y, h = a.year + h // 2, h % 2 + 1
        c.v0, c.v1 = _half_iv(y, h)
    return c


_PLURAL_UNITS = {"дня", "дней", "недели", "недель", "месяца", "месяцев", "года", "лет", "суток"}


def _h_shift(m, a):
    future = m["via"] is not None
    unit = (m["u"] or m["u2"]).lower()
    nw = m["n"] if future else m["n2"]
    n = _num(nw) if nw is not None else None
    if nw is not None and n is None:
        return None
    if n is None:
        if unit in _PLURAL_UNITS:
            return None  # "несколько лет назад": the count is not a number
        n = 1
    sign = 1 if future else -1
    if unit.startswith(("дн", "ден", "сут")):
        gran, days = "day", n
    elif unit.startswith("недел"):
        gran, days = "day", 7 * n
    elif unit in ("полгода", "полугода"):
        gran, months = "month", 6 * n
    elif unit.startswith("месяц"):
        gran, months = "month", n
    else:
        gran, months = "year", 12 * n
    c = _C(m.start(), m.end(), "relative", gran, prio=3)
    if a is None:
        return c
    c.anchored = True
    if gran == "day":
        c.v0 = c.v1 = a + dt.timedelta(days=sign * days)
    else:
        x = _add_months(a, sign * months)
        c.v0, c.v1 = _month_iv(x.year, x.month) if gran == "month" else _year_iv(x.year)
    return c


def _h_weekday(m, a):
    if m["skip"] is None and m["wmod"] is None:
        return None
    s = m.start("wmod") if m["wmod"] is not None else m.start("wd")
    wd = _WEEKDAYS[m["wd"].lower()]
    mode = None
    if m["wmod"] is not None:
        off = _rel_offset(m["wmod"])
        if m["wmod"].lower().startswith("ближайш"):
            off = 1
        mode = {-1: "before", 1: "after", 0: None}.get(off)
    elif (m["skip"] or "").lower() in ("к", "до"):
        mode = "after"  # "до пятницы": a deadline lies ahead
    c = _C(s, m.end(), "weekday", "day", anchored=a is not None, prio=4, extra=("weekday", wd, mode))
    hm = _time_of(m, "t")
    if hm is not None:
        c.gran = "minute"
        c.extra = ("weekday", wd, mode, hm)
    return c


def _h_time(m, a):
    s, e = _span(m)
    skip = (m["skip"] or "").lower()
    if m["h"] is None and skip not in ("в", "во", "к"):
        return None  # "10 часов" alone is a duration
    hm = _time_of(m, "")
    return _C(s, e, "time", "minute", prio=5, extra=("time", hm, hm))


# Each pattern runs only in windows around its triggers: words (or digit shapes) that any match
# contains. Finding them by token lookup is far cheaper than one more regex pass per pattern.
_TOKEN = re.compile(r"[а-яё]+|\d+")
_EXACT: dict[str, str] = {w: "mon" for w in _MONTHS}
_EXACT.update({w: "season" for w in ("летом", "лето", "лета", "лете")})
_EXACT.update({w: "adv" for w in ("вчера", "позавчера", "сегодня", "завтра", "послезавтра")})
_EXACT.update({w: "unit" for w in ("год", "году", "года", "месяц", "месяце", "месяца", "неделе", "недели",
                                   "неделю", "неделя")})
_EXACT.update({w: "shift" for w in ("назад", "через")})
_EXACT.update({w: "weekday" for w in ("среда", "среду", "среды", "среде", "средой")})
_EXACT.update({w: "time" for w in ("полдень", "полночь")})
_DOTTED = {w: "mon" for w in _MONTH_ABBR}
_DOTTED.update({"кв": "quarter", "ч": "time"})  # "1 кв.", "10 ч."
_PREFIXES: dict[str, list] = {}
for _stem, _cls in (
    ("квартал", "quarter"), ("полугод", "half"), ("половин", "half"), ("зим", "season"),
    ("весн", "season"), ("осен", "season"), ("понедельник", "weekday"), ("вторник", "weekday"),
    ("четверг", "weekday"), ("пятниц", "weekday"), ("суббот", "weekday"), ("воскресень", "weekday"),
    ("начал", "mod"), ("середин", "mod"), ("конц", "mod"), ("конец", "mod"), ("час", "time"),
    *((stem, "decade") for stem in _DECADE_WORDS),
):
    _PREFIXES.setdefault(_stem[:3], []).append((_stem, _cls))
_DECADE_SUFFIXES = ("-х", "-е", "-ых", "-ые", "-ми", "х", "е", "ых", "ые", "ми")


def _triggers(low: str):
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
            if w[-1] == "0" and low.startswith(_DECADE_SUFFIXES, e):
                yield "decade", s, e
            continue
        cls = _EXACT.get(w)
        if cls is not None:
            yield cls, s, e
        if nxt == "." and w in _DOTTED:
            yield _DOTTED[w], s, e
        for stem, cls in _PREFIXES.get(w[:3], ()):
            if w.startswith(stem):
                yield cls, s, e


_PATTERNS = (
    ("mon", P_RANGE_D, _h_range_d), ("ndate", P_RANGE_N, _h_range_n), ("mon", P_RANGE_M, _h_range_m),
    ("year", P_RANGE_Y, _h_range_y), ("time", P_RANGE_T, _h_range_t),
    ("ndate", P_NUMDATE, _h_numdate), ("iso", P_ISO, _h_iso), ("mon", P_DM, _h_dm),
    ("mon", P_ENUM_D, _h_enum_d), ("year", P_ENUM_Y, _h_enum_y),
    ("mod", P_MOD, _h_mod), ("quarter", P_QUARTER, _h_quarter), ("half", P_HALF, _h_half),
    ("season", P_SEASON, _h_season), ("decade", P_DECADE, _h_decade), ("mon", P_MY, _h_my),
    ("mon", P_MONTH, _h_month), ("year", P_YEAR, _h_year),
    ("adv", P_REL_ADV, _h_rel_adv), (("unit", "quarter", "half"), P_REL_UNIT, _h_rel_unit), ("shift", P_SHIFT, _h_shift),
    ("weekday", P_WEEKDAY, _h_weekday), ("time", P_TIME, _h_time),
)
_BACK, _FWD = 48, 72  # no match reaches further from its trigger


def _windows(low: str):
    """Merged (lo, hi) windows around each trigger class's hits."""
    n = len(low)
    out: dict[str, list] = {}
    for cls, s, e in _triggers(low):
        lo, hi = max(0, s - _BACK), min(n, e + _FWD)
        while hi < n and not low[hi].isspace():
            hi += 1
        wins = out.setdefault(cls, [])
        if wins and lo <= wins[-1][1]:
            wins[-1][1] = max(wins[-1][1], hi)
        else:
            wins.append([lo, hi])
    return out


def _merge(spans):
    out = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


# ---------------------------------------------------------------------------------------------
# Weekday tense

def _tense_from_token(tok):
    tense = tok.morph.get("Tense")
    if tense:
        t = tense[0]
        if t == "Past":
            return "past"
        if t == "Fut" or "Perf" in tok.morph.get("Aspect"):
            return "fut"
        return "pres"
    for ch in tok.children:
        if ch.pos_ == "AUX" and "Fut" in ch.morph.get("Tense"):
            return "fut"
    return None


def _tense_from_doc(doc, start, end):
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except Exception:
        span = None
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX"):
            t = _tense_from_token(tok)
            if t:
                return t
        if tok.head.i == tok.i:
            break
        tok = tok.head
    try:
        sent = span.sent
    except Exception:
        return None
    best = None
    for t in sent:
        if t.pos_ in ("VERB", "AUX") and not (start <= t.idx < end):
            tt = _tense_from_token(t)
            if tt:
                d = abs(t.i - span.root.i)
                if best is None or d < best[0]:
                    best = (d, tt)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _morph():
    try:
        import yargy.morph  # noqa: F401  (its import patches pymorphy2 for Python 3.11)
        import pymorphy2

        return pymorphy2.MorphAnalyzer()
    except Exception:
        return None


@lru_cache(maxsize=4096)
def _word_tense(word: str):
    w = word.lower()
    if w in ("будет", "будут", "буду", "будем", "будете", "будешь"):
        return "fut"
    morph = _morph()
    if morph is not None:
        for p in morph.parse(w)[:1]:
            if p.tag.POS == "VERB":
                return {"past": "past", "futr": "fut", "pres": "pres"}.get(p.tag.tense)
        return None
    # no analyser: past-tense endings only
    if re.search(r"(?:[аеиоуяыю]л|[аеиоуяыю]л[аои]|[аеиоуяыю]л(?:ся|ась|ось|ись))$", w) and len(w) > 4:
        return "past"
    return None


def _sentence_bounds(text, start, end):
    lo = 0
    for mm in _SENT_BREAK.finditer(text, max(0, start - 400), start):
        lo = mm.end()
    mm = _SENT_BREAK.search(text, end)
    hi = mm.start() if mm else len(text)
    return lo, hi


def _tense_heuristic(text, start, end):
    lo, hi = _sentence_bounds(text, start, end)
    words = []
    for wm in _WORD.finditer(text, lo, hi):
        if wm.end() <= start:
            words.append((start - wm.end(), wm.group()))
        elif wm.start() >= end:
            words.append((wm.start() - end, wm.group()))
    words.sort()
    for _, w in words[:24]:
        t = _word_tense(w)
        if t:
            return t
    return None


def _resolve_weekday(wd, mode, tense, a: dt.date):
    if mode == "before" or (mode is None and tense == "past"):
        back = (a.weekday() - wd) % 7
        if mode == "before" and back == 0:
            back = 7
        return a - dt.timedelta(days=back)
    if mode == "after" or (mode is None and tense == "fut"):
        fwd = (wd - a.weekday()) % 7 or 7
        return a + dt.timedelta(days=fwd)
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    return a - dt.timedelta(days=back) if back <= fwd else a + dt.timedelta(days=fwd)


# ---------------------------------------------------------------------------------------------
# Dateline

def _dateline(text: str, anchor: dt.date | None):
    """(start, end, value) of a trailing dateline, or None."""
    end = len(text)
    seen = 0
    while end > 0 and seen < 2:
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0:
            return None
        lo = text.rfind("\n", 0, end) + 1
        line = text[lo:end]
        seen += 1
        if len(line.strip()) > 80:
            return None
        m = _DATELINE_LINE.search(line)
        if m:
            ys = m["y"]
            y = _two_digit_year(int(ys), anchor) if len(ys) == 2 else int(ys)
            try:
                x = dt.date(y, int(m["m"]), int(m["d"]))
            except ValueError:
                return None
            if m["h"] is not None:
                x = dt.datetime(x.year, x.month, x.day, int(m["h"]), int(m["mi"]))
            return lo + m.start("d"), lo + m.end(), x
        end = lo
    return None


def _iso(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M")
    return v.isoformat()


def _as_date(anchor) -> dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, str):
        return dt.date.fromisoformat(anchor[:10])
    raise TypeError(f"anchor must be a date, datetime or ISO string, not {type(anchor).__name__}")


def find_dateline(text: str, anchor=None) -> str | None:
    """ISO date (or datetime) of a trailing dateline such as ``17.09.15 10:05``, else None.

    Two-digit years: 00..69 -> 20xx without ``anchor``; with it, the anchor pivot rule.
    """
    r = _dateline(text, _as_date(anchor))
    return _iso(r[2]) if r else None


# ---------------------------------------------------------------------------------------------
# Main entry point

def _select(cands):
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    taken = []
    for c in cands:
        if c.end <= c.start:
            continue
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def _same_sentence(text, i, j):
    return _SENT_BREAK.search(text, min(i, j), max(i, j)) is None


def _scan(low: str, a, full: bool = False) -> list:
    """Candidates from every pattern, in trigger windows (or over the whole text when ``full``)."""
    wins = _windows(low)
    cands = []
    for cls, rx, handler in _PATTERNS:
        if full:
            spans = ((0, len(low)),)
        elif isinstance(cls, tuple):
            spans = _merge(sorted(w for c in cls for w in wins.get(c, ())))
        else:
            spans = wins.get(cls, ())
        for lo, hi in spans:
            for m in rx.finditer(low, lo, hi):
                c = handler(m, a)
                if c is None:
                    continue
                if isinstance(c, list):
                    cands.extend(c)
                else:
                    cands.append(c)
    return cands


def extract_dates(text: str, anchor=None, doc=None) -> list[DateMatch]:
    """Date expressions in ``text``, resolved against ``anchor`` where they need one."""
    a = _as_date(anchor)
    if not text:
        return []
    cands = _scan(_lower(text), a)
    dl = _dateline(text, a)
    if dl is not None:
        s, e, v = dl
        cands.append(_C(s, e, "dateline", "minute" if isinstance(v, dt.datetime) else "day", v, v,
                        anchored=False, prio=0))
    rows = _select(cands)

    # deadlines: "к 2030 году", "до конца года" keep their preposition
    prev_end = 0
    for c in rows:
        if c.kind not in ("range", "time", "dateline") and c.start - prev_end >= 2:
            lo = max(prev_end, c.start - 4)
            mm = _DEADLINE_TAIL.search(text, lo, c.start)
            if mm is not None and (mm.start() == 0 or not text[mm.start() - 1].isalnum()):
                c.start = mm.start()
        prev_end = c.end

    for i, c in enumerate(rows):
        if not c.extra:
            continue
        if c.extra[0] == "weekday":
            if a is None:
                continue
            _, wd, mode = c.extra[:3]
            tense = None
            if mode is None:
                tense = _tense_from_doc(doc, c.start, c.end) if doc is not None else None
                if tense is None:
                    tense = _tense_heuristic(text, c.start, c.end)
            x = _resolve_weekday(wd, mode, tense, a)
            c.v0 = c.v1 = x
            if len(c.extra) > 3:
                c.v0 = c.v1 = dt.datetime(x.year, x.month, x.day, *c.extra[3])
        elif c.extra[0] == "time":
            t1, t2 = c.extra[1], c.extra[2]
            day, by = None, None
            order = list(range(i - 1, -1, -1)) + list(range(i + 1, len(rows)))
            for j in order:
                o = rows[j]
                if o.gran in ("day", "minute") and o.v0 is not None and o.v0 == o.v1 and o.kind != "time" \
                        and not (o.extra and o.extra[0] == "time") \
                        and _same_sentence(text, min(o.end, c.start), max(o.start, c.end)):
                    day = o.v0 if not isinstance(o.v0, dt.datetime) else o.v0.date()
                    by = day
                    break
            if day is None and a is not None:
                day, by = a, a
            c.extra = ("time", t1, t2, by)
            if day is not None:
                c.v0 = dt.datetime(day.year, day.month, day.day, *t1)
                c.v1 = dt.datetime(day.year, day.month, day.day, *t2)
                if c.v1 < c.v0:  # "с 23:00 до 5:00" runs past midnight
                    c.v1 += dt.timedelta(days=1)

    out = []
    for c in rows:
        anchor_iso = None
        if c.extra and c.extra[0] == "time":
            anchor_iso = _iso(c.extra[3]) if len(c.extra) > 3 else None
        elif c.anchored and a is not None:
            anchor_iso = a.isoformat()
        out.append(DateMatch(c.start, c.end, text[c.start:c.end], c.kind, _iso(c.v0), _iso(c.v1),
                             c.gran, anchor_iso))
    return out
