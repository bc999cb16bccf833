"""Build ``pipeline/resources/entities/place_adjectives.tsv``: adjectives of places (``российский``,
``тульский``) and the place each names, as a text writes it (``Россия``, ``Тула``).

Three sources, the first that gives an adjective wins:

1. NEREL train (``../shared/eval/nerel/train``): a one-word adjective annotated as a place type
   (COUNTRY, CITY, ...) and linked to Wikidata; its place is the nominative name the corpus writes
   most often for that Wikidata item (``американских`` -> Q30 -> ``США``). Kept when the adjective is
   annotated as a place at least as often as a language or nationality (``русский`` is neither).
2. ``countries.tsv`` (the project's country list with each country's adjective).
3. pymorphy2's dictionary (OpenCorpora): every toponym (``Geox``) noun, the adjectives derived from
   it by the regular suffixes (``Тула`` -> ``тульский``, ``Казань`` -> ``казанский``, ``Курск`` ->
   ``курский``), kept when the dictionary knows the adjective (of two toponyms deriving it, the one that shares the
   longer beginning with it, then one whose last letter alone gave way: Курск, not Кура; Самара, not Самар or Самария),
   unless NEREL train writes it in lower case twice or more and never as a place (``октябрьский``: of the revolution).

Run: ``python training/place_adjectives.py [NEREL_TRAIN]``; the file is committed.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline/resources/entities/place_adjectives.tsv"
NEREL = ROOT.parent / "shared/eval/nerel/train"
PLACE_TYPES = {"COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION"}
# regular derivations: (noun ending dropped, adjective ending added)
SUFFIXES = ("ский", "ской", "ийский", "анский", "янский", "инский", "енский", "ьский", "овский", "евский", "ёвский",
            "цкий", "ий")


def _morph():
    from natasha import MorphVocab

    return MorphVocab()


def _adj_lemma(morph, word: str) -> str | None:
    parses = morph.parse(word.lower())
    if not parses or parses[0].tag.POS != "ADJF":
        return None
    return parses[0].normal_form


def _is_nominative(morph, text: str) -> bool:
    """A place's name in the nominative: ``Тула``, ``США``, ``Нидерланды``, ``Босния и Герцеговина``;
    not ``Рима`` (a genitive read first), nor an adjective alone (``Австралийский`` in a body's name)."""
    if any(c.isdigit() for c in text) or text.endswith("-") or len(text) < 2:
        return False
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "и"]
    tags = [morph.parse(w)[0].tag for w in words]
    if not all("nomn" in t or {"Fixd", "Abbr"} & t.grammemes for t in tags):
        return False
    return len(words) > 1 or bool({"Geox", "Fixd", "Abbr"} & tags[0].grammemes)


def never_places(morph, path: Path) -> set[str]:
    """Adjective lemmas NEREL train writes in lower case twice or more and never annotates as a place."""
    seen: Counter = Counter()
    placed: set[str] = set()
    cache: dict[str, str | None] = {}
    for txt in sorted(path.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans = set()
        ann = txt.with_suffix(".ann")
        for line in ann.read_text(encoding="utf-8").splitlines() if ann.exists() else ():
            bits = line.split("\t")
            if line.startswith("T") and len(bits) == 3 and bits[1].split()[0] in PLACE_TYPES:
                locs = bits[1].split()[1:]
                spans.add((int(locs[0]), int(locs[-1])))
        for mo in re.finditer(r"[а-яё]+(?:-[а-яё]+)*", text):  # lower case: not a word of a name
            w = mo.group().lower()
            if not w.endswith(("ий", "ый", "ой", "ая", "ое", "ые", "их", "ых", "им", "ым", "ом", "ем", "ую", "юю", "ей",
                               "ого", "его", "ому", "ему", "ими", "ыми", "яя", "ее", "ие")):
                continue
            if w not in cache:
                cache[w] = _adj_lemma(morph, w)
            lem = cache[w]
            if lem:
                seen[lem] += 1
                if (mo.start(), mo.end()) in spans:
                    placed.add(lem)
    return {lem for lem, n in seen.items() if n >= 2 and lem not in placed}


def from_nerel(morph, path: Path, known: set[str] = frozenset()) -> dict[str, tuple[str, int]]:
    """adjective lemma -> (place name, times annotated as a place); of the item's names, one of
    ``known`` (the country list's: ``Россия``, not ``РФ``) first, then the most written."""
    lemma_q: dict[str, Counter] = defaultdict(Counter)
    lemma_types: dict[str, Counter] = defaultdict(Counter)
    q_names: dict[str, Counter] = defaultdict(Counter)
    q_label: dict[str, str] = {}
    for ann in sorted(path.glob("*.ann")):
        ents, links = {}, {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            bits = line.split("\t")
            if line.startswith("T") and len(bits) == 3:
                ents[bits[0]] = (bits[1].split()[0], bits[2])
            elif line.startswith("N") and len(bits) >= 2:
                ref = bits[1].split()
                if len(ref) == 3 and ref[2].startswith("Wikidata:Q"):
                    links[ref[1]] = ref[2].split(":", 1)[1]
                    if len(bits) > 2 and bits[2]:
                        q_label.setdefault(links[ref[1]], bits[2])
        for tid, (typ, text) in ents.items():
            q = links.get(tid)
            if typ in PLACE_TYPES and q and text[:1].isupper() and _is_nominative(morph, text):
                q_names[q][text] += 1
            if " " in text or "-" in text[1:2]:
                continue
            lem = _adj_lemma(morph, text)
            if lem is None:
                continue
            lemma_types[lem][typ if typ not in PLACE_TYPES else "PLACE"] += 1
            if typ in PLACE_TYPES and q:
                lemma_q[lem][q] += 1
    out = {}
    for lem, qs in lemma_q.items():
        types = lemma_types[lem]
        if types["PLACE"] < max(types["LANGUAGE"], types["NATIONALITY"] // 2, 1):
            continue
        q, n = qs.most_common(1)[0]
        names = q_names.get(q)
        name = min(names, key=lambda s: (s not in known, -names[s], len(s), s)) if names else q_label.get(q, "")
        if name and not name[:1].islower():
            out[lem] = (name, types["PLACE"])
    return out


def from_countries() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from pipeline.resources import table

    out = {}
    for row in table("entities/countries"):
        adj = row.get("adjective", "")
        if adj and adj not in out:
            out[adj] = row["name"]
    return out


def from_pymorphy(morph) -> dict[str, str]:
    geo: dict[str, str] = {}
    for word, tag, normal, _, idx in morph.dictionary.iter_known_words():
        if idx == 0 and "Geox" in tag and "NOUN" in tag and "sing" in tag and "nomn" in tag and len(normal) > 2:
            geo.setdefault(normal, normal)
    derived: dict[str, dict[str, int]] = defaultdict(dict)  # adjective -> {toponym: letters dropped}
    for noun in geo:
        stems = {noun}
        if noun[-1] in "аяоеьйиы":
            stems.add(noun[:-1])
        if noun.endswith(("ия", "ья", "ея")):
            stems.add(noun[:-2])
        for stem in sorted(stems, key=len, reverse=True):
            for suf in SUFFIXES:
                if suf == "ий" and not stem.endswith(("ск", "цк")):
                    continue
                cand = stem + suf
                if _known_adjective(morph, cand):
                    derived[cand].setdefault(noun, len(noun) - len(stem))
    out = {}
    for adj, nouns in derived.items():
        # Курск and Кура both derive курский: the toponym sharing the longer beginning with it wins
        # (then one whose last letter alone gave way: Самара, not Самар or Самария)
        ranked = sorted(nouns, key=lambda n: (-_common_prefix(n, adj), nouns[n] != 1, -len(n), n))
        out[adj] = _title(ranked[0])
    return out


def _common_prefix(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k


def _known_adjective(morph, word: str) -> bool:
    return morph.word_is_known(word) and any(p.tag.POS == "ADJF" and p.normal_form == word and "Geox" not in p.tag
                                             for p in morph.parse(word))


def _title(name: str) -> str:
    return "-".join(w[:1].upper() + w[1:] for w in name.split("-"))


def build(nerel: Path = NEREL) -> list[tuple[str, str, str]]:
    morph = _morph()
    rows: dict[str, tuple[str, str]] = {}
    countries = from_countries()
    if nerel.is_dir():
        for adj, (name, _) in from_nerel(morph, nerel, set(countries.values())).items():
            rows[adj] = (name, "nerel")
    for adj, name in countries.items():
        rows.setdefault(adj, (name, "countries"))
    never = never_places(morph, nerel) if nerel.is_dir() else set()
    for adj, name in from_pymorphy(morph).items():
        if adj not in never:
            rows.setdefault(adj, (name, "pymorphy"))
    return sorted((adj, name, src) for adj, (name, src) in rows.items())


HEADER = """# Adjectives of places and the place each names (training/place_adjectives.py writes this file):
# «российских» is a mention of Россия, «тульского» of Тула. adjective: masculine nominative lemma,
# lower case; place: the name as texts write it in the nominative; source: nerel (NEREL train,
# an adjective annotated as a place and linked to Wikidata; the name the corpus writes most for
# that item), countries (countries.tsv), pymorphy (a toponym of pymorphy2's dictionary and the
# adjective its regular suffixes derive, when one toponym derives it). Read by
# pipeline/extractors/entities/places.py.
"""


def main(argv: list[str]) -> None:
    nerel = Path(argv[0]) if argv else NEREL
    rows = build(nerel)
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        fh.write("adjective\tplace\tsource\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print(f"{len(rows)} adjectives -> {OUT}", Counter(r[2] for r in rows))


if __name__ == "__main__":
    main(sys.argv[1:])
