"""Every lexicon rupress reads, as data files beside this module, and the one way to read them.

``words("entities/org_descriptors")`` is a word list (``.txt``: one entry a line, ``#`` comments);
``table("lexicons/positions")`` the rows of a ``.tsv`` lexicon (first row the header). ``fold``
is the one comparison key for words: lower case, ё as е.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def fold(s: str) -> str:
    """Comparison key for a word: lower case, ё read as е."""
    return s.lower().replace("ё", "е")


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A word list: ``resources/NAME.txt``."""
    out = set()
    for line in (ROOT / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line)
    return frozenset(out)


@lru_cache(maxsize=None)
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``resources/NAME.tsv``; ``#`` lines and blank lines are skipped."""
    with open(ROOT / f"{name}.tsv", encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple({k.strip(): (v or "").strip() for k, v in row.items() if k}
                 for row in csv.DictReader(lines, delimiter="\t"))
