"""Regular-expression pieces the date grammar is assembled from (patterns run on lower-cased text)."""
from __future__ import annotations

import re

from . import vocab as V


def alt(words) -> str:
    """An alternation of literal words, longest first so a prefix never wins."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


S = r"[^\S\n]+"  # same-line whitespace
S0 = r"[^\S\n]*"
DASH = r"[-‐‑‒–—―]"
B = r"(?<!\w)"
E = r"(?!\w)"

MONTH = alt(V.MONTHS) + E
MONTH_ABBR = alt(V.MONTH_ABBR) + r"\."
YW = rf"(?:год(?:а|у|ом)?{E}|г\.|г{E})"  # singular year word
YWP = rf"(?:год(?:ы|ах|ов|ам|ами){E}|гг\.|гг{E})"
YSUF = r"(?:-(?:ого|го|ом|ый|м|й))"
REL_GEN = alt([s + ("ого" if s.endswith("л") else "его") for s in V.DEICTIC_YEAR] + ["этого", "сего"])
REL_ADJ = (rf"(?:(?:{'|'.join(V.DEICTIC_YEAR)})"
           r"(?:ий|ый|ая|ое|ого|его|ом|ем|ой|ей|ую|юю|им|ым|ую)|эт(?:от|а|о|ого|ой|ом|им|у|ую))")
ORD_DAY = alt(V.ORD_DAYS).replace("\\ ", S)
ORD_SMALL = alt(V.ORD_SMALL)
WD = alt(V.WEEKDAYS) + E
WMOD = (rf"(?:(?:{'|'.join(V.DEICTIC_WEEKDAY)})"
        r"(?:ий|ый|ая|ое|ого|его|ую|юю|ей|ой|ее|ем|ом)|эт(?:от|у|ой|им|а))")
NUM = (rf"(?:\d{{1,3}}|{alt(V.TENS_WORDS)}(?:{S}{alt(V.UNIT_WORDS)})?"
       rf"|{alt(set(V.NUM_WORDS) - V.TENS_WORDS)})")
SHIFT_UNITS = alt(V.SHIFT_UNITS)


def day(p: str) -> str:
    return rf"(?:(?<![\w.,:/])(?P<{p}d>[0-3]?\d)(?:-?(?:ого|го|ое|е))?(?!\w)|(?P<{p}dw>{ORD_DAY})(?!\w))"


def monthd(p: str) -> str:
    return rf"(?P<{p}m>{MONTH}|{MONTH_ABBR})"


def ynum(p: str) -> str:
    return rf"(?P<{p}y>[12]\d{{3}})(?!\d){YSUF}?(?![\w-])"


def ry(p: str) -> str:
    return rf"(?:(?P<{p}ry>{REL_GEN}){S}года{E}|(?P<{p}sg>с\.{S0}г\.))"


def yearpart(p: str) -> str:
    """A year after a month, quarter or season: the number needs no year word there."""
    return rf"(?:{ynum(p)}(?:{S0}{YW})?|{ry(p)})"


def time(p: str) -> str:
    return (
        rf"(?:(?P<{p}h>[01]?\d|2[0-3]):(?P<{p}mi>[0-5]\d)(?::[0-5]\d)?(?![\d:])"
        rf"|(?P<{p}hh>[01]?\d|2[0-3]){S0}(?:час(?:а|ов|ам)?{E}|ч\.)"
        rf"(?:{S0}(?P<{p}mm>[0-5]?\d){S0}(?:минут[аы]?{E}|мин\.?))?"
        rf"(?:{S}(?P<{p}tp>утра|дня|вечера|ночи){E})?"
        rf"|(?P<{p}noon>полдень|полночь){E})"
    )


def time_suffix(p: str) -> str:
    # "10 марта в 12:00", "01.02.2023, 15:30"; not the start of a time range
    return (rf"(?:(?:{S0},{S0}|{S})(?:(?:в|во|к|около){S})?{time(p)}"
            rf"(?!{S0}(?:{DASH}|до{S})\d))?")


WD_PREFIX = rf"(?:(?:{WMOD}{S})?(?P<wd0>{WD}){S0},?{S0})?"
WD_SUFFIX = rf"(?:{S0},{S0}(?:(?:в|во){S})?{WD}|{S0}\({S0}{WD}{S0}\))?"

DECADE_INNER = (
    rf"(?:(?P<dec>(?:1\d|20)\d0|\d0)-?(?:х|е|ых|ые|ми){E}|(?P<decw>{alt(V.DECADE_WORDS)})(?:ые|ых|ым|ыми){E})"
    rf"(?:{S0}(?P<dyw>год(?:ы|ах|ов|ам|ами){E}|гг\.?))?"
)
