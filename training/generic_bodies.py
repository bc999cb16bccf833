"""Build ``pipeline/resources/entities/generic_bodies.txt``: common nouns that on their own stand for
one body (``правительство``, ``полиция``, ``парламент``), measured on NEREL train.

A lemma is kept when NEREL train annotates its bare lower-case uses (a word outside any
organisation or post it is part of: not ``главы правительства``) as an organisation in at least
three documents, at least three times and in at least 70 % of those uses, and pymorphy2 reads it as an inanimate noun
(``талибы``, ``единороссы`` are members, not bodies).

Run: ``python training/generic_bodies.py [NEREL_TRAIN]``; the file is committed.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline/resources/entities/generic_bodies.txt"
NEREL = ROOT.parent / "shared/eval/nerel/train"
# 70 %: кабинет (8 of 12, the cabinet) is also a room, which press releases write often
MIN_ANNOTATED, MIN_SHARE, MIN_DOCS = 3, 0.7, 3
HOLDERS = {"ORGANIZATION", "PROFESSION", "EVENT", "LAW", "AWARD", "WORK_OF_ART", "FACILITY"}


def measure(path: Path) -> dict[str, tuple[int, int]]:
    """noun lemma -> (bare uses annotated ORG, bare uses)."""
    from natasha import MorphVocab

    morph = MorphVocab()
    cache: dict[str, str | None] = {}

    def noun(w: str) -> str | None:
        if w not in cache:
            p = morph.parse(w)
            cache[w] = p[0].normal_form if p and p[0].tag.POS == "NOUN" and "inan" in p[0].tag else None
        return cache[w]

    ann_docs: Counter = Counter()
    for ann in sorted(path.glob("*.ann")):
        seen = set()
        for line in ann.read_text(encoding="utf-8").splitlines():
            bits = line.split("\t")
            if line.startswith("T") and len(bits) == 3 and bits[1].split()[0] == "ORGANIZATION":
                t = bits[2]
                if " " not in t and t[:1].islower() and noun(t):
                    seen.add(noun(t))
        ann_docs.update(seen)
    # in three documents at least: one text's nickname for a firm (ириска) is no common noun for bodies
    lemmas = {lem for lem, n in ann_docs.items() if n >= MIN_DOCS}
    annotated: Counter = Counter()
    uses: Counter = Counter()
    for txt in sorted(path.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        ann = txt.with_suffix(".ann")
        orgs, holders = set(), []
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.exists() else ():
            bits = line.split("\t")
            if line.startswith("T") and len(bits) == 3:
                typ, *locs = bits[1].split()
                try:
                    a, b = int(locs[0]), int(locs[-1])
                except (ValueError, IndexError):
                    continue
                if typ == "ORGANIZATION":
                    orgs.add((a, b))
                if typ in HOLDERS:
                    holders.append((a, b))
        for mo in re.finditer(r"[а-яё-]+", text):
            lem = noun(mo.group())
            if lem not in lemmas:
                continue
            s, e = mo.span()
            if (s, e) in orgs:
                annotated[lem] += 1
                uses[lem] += 1
            elif not any(a <= s and e <= b for a, b in holders):
                uses[lem] += 1
    return {lem: (annotated[lem], uses[lem]) for lem in lemmas}


HEADER = """# Common nouns that on their own stand for one body («правительство выделило», «полиция задержала»):
# a bare lower-case one is an ORG mention, form `descriptor` when the document names one body with
# that noun (joined to it), else `generic` (pipeline/extractors/entities/bodies.py). Measured by
# training/generic_bodies.py on NEREL train: annotated as an organisation in at least 70 % of its
# bare uses, at least 3 times, in 3 documents (lemma  annotated/uses on the comment line).
"""


def main(argv: list[str]) -> None:
    path = Path(argv[0]) if argv else NEREL
    got = measure(path)
    kept = sorted(lem for lem, (a, n) in got.items() if a >= MIN_ANNOTATED and n and a / n >= MIN_SHARE)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for lem in kept:
            a, n = got[lem]
            fh.write(f"{lem}  # {a}/{n}\n")
    print(f"{len(kept)} nouns -> {OUT}:", ", ".join(kept))
    print("dropped:", ", ".join(f"{lem} {a}/{n}" for lem, (a, n) in sorted(got.items()) if lem not in kept))


if __name__ == "__main__":
    main(sys.argv[1:])
