"""Regular-expression pieces the date grammar is assembled from (patterns run on lower-cased text)."""
from __future__ import annotations

import re

from . import vocab as V


def alt(words) -> str:
    """An alternation of literal words, longest first so a prefix never wins."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


def trie(words) -> str:
    """An alternation of literal words as a prefix tree: the regex engine tries one branch per letter."""
    ws = sorted(set(words))
    by: dict[str, list] = {}
    for w in ws:
        if w:
            by.setdefault(w[0], []).append(w[1:])
    parts = [re.escape(c) + trie(rest) for c, rest in by.items()]
    body = "" if not parts else parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in ws and body else body


S = r"[^\S\n]+"  # same-line whitespace
S0 = r"[^\S\n]*"
DASH = r"[-‐‑‒–—―]"
B = r"(?<!\w)"
E = r"(?!\w)"

MONTH = alt(V.MONTHS) + E
MONTH_ABBR = alt(V.MONTH_ABBR) + r"(?:\.|(?!\w))"  # "5 окт. 2020", "15 фев"
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
HOUR_WORD = (rf"(?:двадцать(?:{S}(?:один|два|три))?|"
             rf"{alt(w for w, v in V.NUM_WORDS.items() if w in V.UNIT_WORDS or (isinstance(v, int) and 10 <= v <= 19))})")
TP = rf"(?:утра|дня|вечера|ночи|пополудни|после{S}полудня)"  # part of the day after an hour
TP_BARE = rf"(?:утра|вечера|ночи|пополудни|после{S}полудня)"  # "в 4 утра"; "2 дня" is two days


def day(p: str) -> str:
    return (rf"(?:(?<![\w.,:/])(?P<{p}d>[0-3]?\d)(?:-?(?:ого|его|го|ое|ье|е|ому|ему|му))?(?!\w)"
            rf"|(?P<{p}dw>{ORD_DAY})(?!\w))")


def monthd(p: str) -> str:
    return rf"(?P<{p}m>{MONTH}|{MONTH_ABBR})"


def ynum(p: str) -> str:
    return rf"(?P<{p}y>[12]\d{{3}})(?!\d){YSUF}?(?:(?![\w-])|(?=г))"  # "2005г."


def ry(p: str) -> str:
    return rf"(?:(?P<{p}ry>{REL_GEN}){S}года{E}|(?P<{p}sg>с\.{S0}г\.))"


def yearpart(p: str) -> str:
    """A year after a month, quarter or season: the number needs no year word there."""
    return rf"(?:{ynum(p)}(?:{S0}{YW})?|{ry(p)})"


def time(p: str) -> str:
    """A clock time: "15:30", "15:30ч", "в 3 часа дня", "17ч10", "8 вечера", "пятнадцать часов", "полдень"."""
    return (
        rf"(?:(?P<{p}h>[01]?\d|2[0-3]):(?P<{p}mi>[0-5]\d)(?::[0-5]\d)?(?![\d:])(?:{S0}ч(?:\.|{E}))?"
        rf"(?:{S}(?P<{p}tp0>{TP}){E})?"
        rf"|(?P<{p}hh>[01]?\d|2[0-3]|{HOUR_WORD}){S0}(?:час(?:а|ов|ам)?{E}|ч(?:\.|{E}|(?=[0-5]\d(?!\d))))"
        rf"(?:{S0}(?P<{p}mm>[0-5]?\d){S0}(?:минут[аы]?{E}|мин\.?)|(?<=ч)(?P<{p}mm2>[0-5]\d)(?!\d))?"
        rf"(?:{S}(?P<{p}tp>{TP}){E})?"
        rf"|(?<![\d.,])(?P<{p}hb>[01]?\d|2[0-3]|{HOUR_WORD}){S}(?P<{p}tpb>{TP_BARE}){E}"
        rf"|(?P<{p}noon>полдень|полночь){E})"
    )


def bare_hour(p: str) -> str:
    """An hour with no word after it, at the end of a clause: "в субботу в девять.", "в 15."."""
    return rf"(?P<{p}bh>[01]?\d|2[0-3]|{HOUR_WORD})(?!\w)(?![.,]\d)(?!{S0}[^\s.!?;,)])"


def time_suffix(p: str) -> str:
    # "10 марта в 12:00", "01.02.2023, 15:30", "в субботу в девять"; not the start of a time range
    return (rf"(?:(?:{S0},{S0}|{S})(?:(?:в|во|к|около){S})?{time(p)}(?!{S0}(?:{DASH}|до{S})\d)"
            rf"|{S}(?:в|во){S}{bare_hour(p)})?")


WD_PREFIX = rf"(?:(?:{WMOD}{S})?(?P<wd0>{WD}){S0},?{S0}|(?P<wd0a>{alt(V.WEEKDAY_ABBR)})\.?{S0},{S0})?"
WD_SUFFIX = rf"(?:{S0},{S0}(?:(?:в|во){S})?(?P<wd1>{WD})|{S0}\({S0}(?P<wd2>{WD}){S0}\))?"

DECADE_INNER = (
    rf"(?:(?P<dec>(?:1\d|20)\d0|\d0)-?(?:х|е|ых|ые|ми){E}|(?P<decw>{alt(V.DECADE_WORDS)})(?:ые|ых|ым|ыми){E})"
    rf"(?:{S0}(?P<dyw>год(?:ы|ах|ов|ам|ами){E}|гг\.?))?"
)
