"""The words dates are written with, read once from ``pipeline/resources/dates/*.tsv``."""
from __future__ import annotations

from ... import resources


def _split(cell: str) -> list[str]:
    return [w for w in cell.split("|") if w]


def _rows(name: str):
    return resources.table(f"dates/{name}")


MONTHS: dict[str, int] = {f: int(r["month"]) for r in _rows("months") for f in _split(r["forms"])}
MONTH_ABBR: dict[str, int] = {f: int(r["month"]) for r in _rows("months") for f in _split(r["abbreviations"])}

NUM_WORDS: dict[str, float] = {r["word"]: float(r["value"]) if "." in r["value"] else int(r["value"])
                               for r in _rows("numbers")}
UNIT_WORDS = {r["word"] for r in _rows("numbers") if r["role"] == "unit"}
TENS_WORDS = {r["word"] for r in _rows("numbers") if r["role"] == "tens"}

ORD_STEMS: dict[int, list[str]] = {int(r["n"]): _split(r["stems"]) for r in _rows("ordinals")}
SMALL_ORDINALS = [int(r["n"]) for r in _rows("ordinals") if r["small"] == "yes"]
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

WEEKDAYS: dict[str, int] = {f: int(r["weekday"]) for r in _rows("weekdays") for f in _split(r["forms"])}
WEEKDAY_NOM = {_split(r["forms"])[0] for r in _rows("weekdays")}  # the first form is the nominative
WEEKDAY_PLURAL: dict[str, int] = {r["plural"]: int(r["weekday"]) for r in _rows("weekdays") if r.get("plural")}
RECURRENCES: dict[str, str] = {r["word"]: r["period"] for r in _rows("recurrences")}
WEEKDAY_ABBR: dict[str, int] = {f: int(r["weekday"]) for r in _rows("weekdays") for f in _split(r["abbreviations"])}

SEASONS: dict[str, int] = {}
SEASON_ADVERBS: set[str] = set()
for _r in _rows("seasons"):
    for _f in _split(_r["forms"]) + _split(_r["adverb"]):
        SEASONS[_f] = int(_r["season"])
    SEASON_ADVERBS.update(_split(_r["adverb"]))

SEASON_NOM = {_split(r["forms"])[0] for r in _rows("seasons")}
DECADE_WORDS: dict[str, int] = {r["stem"]: int(r["decade"]) for r in _rows("decades")}

_DEICTIC = [(r["stem"], int(r["offset"]), set(_split(r["uses"]))) for r in _rows("deictic")]
DEICTIC_YEAR = [s for s, _, uses in _DEICTIC if "year" in uses]
DEICTIC_WEEKDAY = [s for s, _, uses in _DEICTIC if "weekday" in uses]

REL_DAYS: dict[str, int] = {r["word"]: int(r["days"]) for r in _rows("relative_days")}
HOLIDAYS: dict[str, tuple[int, int]] = {f: (int(r["month"]), int(r["day"])) for r in _rows("holidays")
                                        for f in _split(r["forms"])}

SHIFT_UNITS: dict[str, str] = {r["form"]: r["unit"] for r in _rows("units")}
PLURAL_UNITS = {r["form"] for r in _rows("units") if r["plural"] == "yes"}
GENITIVE_UNITS = {r["form"] for r in _rows("units") if r.get("singular_genitive") == "yes"}


def rel_offset(word: str) -> int | None:
    """Year/month/week offset named by a deictic adjective, or None."""
    w = word.lower()
    for stem, off, _ in _DEICTIC:
        if w.startswith(stem):
            return off
    return None


_ORD_ENDS = ("ое", "ого", "ому", "ым", "ом")  # the day is neuter: первое, первого, первому ...
_ORD_ENDS_SOFT = ("ье", "ьего", "ьему", "ьим", "ьем")  # третье, третьего ...


def _ord_forms(n: int) -> list[str]:
    """Ordinal day words in every case: "первое", "третьего", "двадцать пятому" (every stem spelling)."""
    if n in ORD_STEMS:
        return [s + e for s in ORD_STEMS[n] for e in (_ORD_ENDS_SOFT if n == 3 else _ORD_ENDS)]
    tens, units = divmod(n, 10)
    return [{2: "двадцать", 3: "тридцать"}[tens] + " " + w for w in _ord_forms(units)]


ORD_DAYS: dict[str, int] = {w: n for n in range(1, 32) for w in _ord_forms(n)}

ORD_SMALL: dict[str, int] = {}
for _n in SMALL_ORDINALS:
    _ends = (("ий", "ьего", "ьем", "ьему", "ьим", "ья", "ьей", "ью", "ье") if _n == 3 else
             ("ый", "ой", "ого", "ом", "ому", "ым", "ая", "ую", "ое"))
    for _stem in ORD_STEMS[_n]:
        for _e in _ends:
            ORD_SMALL[_stem + _e] = _n

# vague phrases ("в последние годы", "на днях"): (pattern, key) in the notation of vague.tsv
VAGUE: list[tuple[str, str]] = [(r["pattern"], r["key"]) for r in _rows("vague")]
TIME_LABELS: set[str] = {r["word"] for r in _rows("time_labels")}
QUANTITY_WORDS: set[str] = {r["word"] for r in _rows("quantity_words")}
EVENT_VERBS: set[str] = {r["word"] for r in _rows("event_verbs")}
