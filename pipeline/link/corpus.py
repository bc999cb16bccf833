"""Link document-level entities across the corpus into ``corpus_entities``: one ``corpus_entity_id`` for the
same person, organisation or place in every document. It needs every document, so ``pipeline.run`` calls
``link_corpus`` once on the concatenated tables, after the chunks.


Organisations and places are folded to comparison keys: lower case, ё as е, quotes and legal forms
dropped (ПАО «Сбербанк» → сбербанк), the quoted name standing for the whole (Банк «Северный
капитал» → северный капитал), a trailing country qualifier dropped (ФСБ России → фсб), place
descriptors dropped (город Москва → москва), and names listed in ``resources/entities/aliases.tsv``
mapped to their canonical name (Сбер → сбербанк). Entities sharing a key are one corpus entity. An
abbreviation (ФНС) joins the one full name in the corpus it abbreviates or was given for.

People are read as surname, first name and initials: full names join on surname and first name;
``И. Н. Федосеев`` and a bare ``Федосеев`` join the one person with that surname (and initial) when
there is exactly one, and stay apart when it is ambiguous.

Ids are content-derived (``ORG:сбербанк``, ``PER:силуанов антон``), so they are the same in every
run over the same documents, whatever the chunking.
"""
from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from ..extractors.entities.orgs import QUOTES, corpus_keys, key_label
from ..extractors.entities.people import parses
from ..resources import fold
from ..ingest.published import YEARS
from ..tables import schema
from ..tables.core import Tables, frame

_INITIAL = re.compile(r"^(?:[A-ZА-ЯЁ]\.)+$|^[A-ZА-ЯЁ]$")
_SMALL = {"и", "в", "на", "по", "для", "с", "о", "об", "при", "имени", "им", "of", "the", "and", "for", "de"}


def _acronym(key: str) -> str | None:
    toks = [t for t in re.split(r"[ \-]", key) if t and t not in _SMALL]
    if len(toks) < 2 or not all(t[0].isalpha() for t in toks):
        return None
    return "".join(t[0] for t in toks)


# --------------------------------------------------------------------------- people


@lru_cache(maxsize=50_000)
def _kind(tok: str) -> str:
    """``initial``, ``patr``, ``name``, ``surn`` or ``?`` for one token of a person's name."""
    if _INITIAL.match(tok):
        return "initial"
    low = fold(tok)
    if low.endswith(("вич", "вна", "ична", "ич")) and len(low) > 5:
        return "patr"
    tags = [str(p.tag) for p in parses(low)[:3]]
    if tags and "Patr" in tags[0]:
        return "patr"
    first = tags[0] if tags else ""
    if "Name" in first and "nomn" in first and "Surn" not in first:
        return "name"
    if "Surn" in first:
        return "surn"
    return "?"


def person_parts(name: str) -> tuple[str | None, str | None, str | None]:
    """(surname, first name, first initial), folded; any may be None (``Дмитрий Олегович`` has no surname)."""
    raw = re.sub(r"([А-ЯЁA-Z]\.)(?=[А-ЯЁA-Z])", r"\1 ", name.strip())
    toks = [t for t in raw.replace(",", " ").split() if t]
    if not toks:
        return None, None, None
    kinds = [_kind(t) for t in toks]
    initials = [t for t, k in zip(toks, kinds) if k == "initial"]
    rest = [(t, k) for t, k in zip(toks, kinds) if k not in ("initial", "patr")]
    surname = first = None
    if len(rest) == 1:
        t, k = rest[0]
        if k == "name" and (any(k2 == "patr" for k2 in kinds) or len(toks) == 1) and not initials:
            first = t  # Дмитрий Олегович, or a first name alone
        else:
            surname = t
    elif len(rest) >= 2:
        (t0, k0), (tl, kl) = rest[0], rest[-1]
        if k0 != "name" and kl == "name":  # Федосеев Игорь
            surname, first = t0, tl
        elif kinds[-1] == "patr" and k0 != "name":  # Федосеев Игорь Николаевич
            surname, first = t0, rest[1][0]
        else:
            first, surname = t0, tl
    initial = fold(first[0]) if first else (fold(initials[0][0]) if initials else None)
    return (fold(surname) if surname else None, fold(first) if first else None, initial)


# --------------------------------------------------------------------------- linking


class _Union:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, i: int) -> int:
        while self.p[i] != i:
            self.p[i] = self.p[self.p[i]]
            i = self.p[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.p[max(a, b)] = min(a, b)


_OBLIQUE = (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"),
            ("ова", "ов"), ("ову", "ов"), ("овым", "ов"), ("ове", "ов"), ("ева", "ев"), ("еву", "ев"), ("евым", "ев"),
            ("еве", "ев"), ("ина", "ин"), ("ину", "ин"), ("иным", "ин"), ("ине", "ин"), ("ского", "ский"),
            ("скому", "ский"), ("ским", "ский"), ("ском", "ский"))


def _surname_forms(sur: str) -> list[str]:
    """Nominatives ``sur`` may be an oblique case of; the caller keeps only those seen in the corpus."""
    out = [sur[: -len(a)] + b for a, b in _OBLIQUE if sur.endswith(a) and len(sur) > len(a) + 1]
    # a surname declined as a noun: Маккаррика/Маккаррику (Маккаррик), Мендонсы (Мендонса), Гарсии (Гарсия)
    for ends, stems in ((("а", "у", "е"), ("",)), (("ом", "ым"), ("",)), (("ы", "е", "у", "ой"), ("а",)),
                        (("и", "ю", "ей"), ("я",))):
        for a in ends:
            if sur.endswith(a) and len(sur) > len(a) + 2:
                out += [sur[: -len(a)] + b for b in stems]
    return out


def _link_people(idx: list[int], names: list[str], uf: _Union) -> dict[int, str]:
    """Union people in ``idx``; returns a cluster key for every root."""
    parts = {i: person_parts(names[i]) for i in idx}
    full: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_surname_first: dict[str, set[str]] = defaultdict(set)
    for i, (sur, first, _) in parts.items():
        if sur and first:
            full[(sur, first)].append(i)
            by_surname_first[sur].add(first)
    for members in full.values():
        for j in members[1:]:
            uf.join(members[0], j)
    # a full name with its surname left oblique (Алана Гарсии read as Гарсии Алан) joins the nominative one
    for (sur, first), members in list(full.items()):
        form = next((v for v in _surname_forms(sur) if (v, first) in full), None)
        if form:
            uf.join(full[(form, first)][0], members[0])
    # a surname left in an oblique case (Белозёровой) joins the nominative one seen in the corpus
    known = set(by_surname_first) | {p[0] for p in parts.values() if p[0] and p[2]}
    for i, (sur, first, ini) in list(parts.items()):
        if sur and not first and sur not in known:
            form = next((v for v in _surname_forms(sur) if v in known), None)
            if form:
                parts[i] = (form, first, ini)
    # a lone word read as a first name that is no one's first name here but a known surname, or
    # one of its oblique cases (Мендонсы beside Джордж Мендонса), is that surname
    firsts_known = {f for fs in by_surname_first.values() for f in fs}
    for i, (sur, first, ini) in list(parts.items()):
        if first and not sur and first not in firsts_known and " " not in names[i].strip():
            form = next((v for v in [first] + _surname_forms(first) if v in by_surname_first), None)
            if form:
                parts[i] = (form, None, None)
    initial_only: dict[tuple[str, str], list[int]] = defaultdict(list)
    bare: dict[str, list[int]] = defaultdict(list)
    for i, (sur, first, ini) in parts.items():
        if sur and not first and ini:
            initial_only[(sur, ini)].append(i)
        elif sur and not first:
            bare[sur].append(i)
    for (sur, ini), members in initial_only.items():
        fits = [f for f in by_surname_first.get(sur, ()) if f[0] == ini]
        target = full[(sur, fits[0])][0] if len(fits) == 1 else members[0]
        for j in members:
            uf.join(target, j)
    for sur, members in bare.items():
        firsts = by_surname_first.get(sur, set())
        inis = {ini for (s, ini) in initial_only if s == sur} - {f[0] for f in firsts}
        if len(firsts) == 1 and not inis:
            target = full[(sur, next(iter(firsts)))][0]
        elif not firsts and len(inis) == 1:
            target = initial_only[(sur, next(iter(inis)))][0]
        else:
            target = members[0]
        for j in members:
            uf.join(target, j)
    keys: dict[int, str] = {}
    for i, (sur, first, ini) in parts.items():
        r = uf.find(i)
        k = f"{sur} {first}" if sur and first else f"{sur} {ini}." if sur and ini else sur or \
            (fold(names[i]) if names[i] else "?")
        rank = (2 if sur and first else 1 if sur and ini else 0)
        if r not in keys or rank > keys[r][0] or rank == keys[r][0] and k < keys[r][1]:
            keys[r] = (rank, k)
    return {r: k for r, (_, k) in keys.items()}


# the columns the linking reads: a streamed run loads only these for the whole corpus
LINK_COLUMNS = schema.LINK_COLUMNS  # what the linker reads of each table


def _plausible_iso(d) -> bool:
    """An ISO publication date within ``published.YEARS`` (tables written before the window held others)."""
    return isinstance(d, str) and len(d) >= 10 and d[:4].isdigit() and d[4] == "-" and \
        YEARS[0] <= int(d[:4]) <= YEARS[1]


def link_corpus(tables: Tables) -> Tables:
    """``tables`` with ``corpus_entities`` filled and ``entities.corpus_entity_id`` set."""
    ents = tables["entities"]
    if not len(ents):
        return tables
    cid_of, corpus = link_entities(ents, tables["documents"])
    out = Tables(dict(tables))
    e = ents.copy()
    e["corpus_entity_id"] = pd.Series(cid_of, dtype="string", index=e.index)  # the schema's dtype
    out["entities"] = e
    out["corpus_entities"] = corpus
    return out


def _linked_by_name(label, name: str, cache: dict[str, bool]) -> bool:
    """True when every row with this label and name is linked to every other one by the rules below:
    a named organisation or place, a person whose name has a surname."""
    if not name:
        return False
    if label in ("ORG", "LOC"):
        return True
    if label != "PER":
        return False
    if name not in cache:
        cache[name] = person_parts(name)[0] is not None
    return cache[name]


def link_entities(ents: pd.DataFrame, docs: pd.DataFrame) -> tuple[list[str | None], pd.DataFrame]:
    """(``corpus_entity_id`` of every row of ``ents``, the ``corpus_entities`` table). Reads only
    ``LINK_COLUMNS`` of both frames."""
    rep_of, cid_rep, corpus = link_parts([ents], docs)
    return [cid_rep[r] for r in rep_of], corpus


class LinkOutOfMemory(MemoryError):
    """The corpus linker ran out of memory: one line for the command to print, the rows read so far."""


def link_parts(parts: Iterable[pd.DataFrame], docs: pd.DataFrame) -> tuple[array, list[str | None], pd.DataFrame]:
    """``link_entities`` over the entity rows of ``parts`` in order, read one part at a time:
    (the representative of every row, the ``corpus_entity_id`` of every representative, ``corpus_entities``).
    Out of memory: ``LinkOutOfMemory`` saying how far it got."""
    seen = [0, 0]  # entity rows read, distinct names
    try:
        return _link_parts(parts, docs, seen)
    except MemoryError:
        pass  # out of the handler first, so the frames holding the linker's memory are let go
    raise LinkOutOfMemory(f"out of memory linking entities across documents (corpus_entities) after "
                          f"{seen[0]:,} entity rows, {seen[1]:,} distinct names")


def _link_parts(parts, docs, seen):
    # Rows that are sure to be linked together (same label, name and abbreviation, and a name the
    # rules key on) are linked once, as one weighted representative: the result is the same, and
    # a corpus of a million entity rows holds one record per distinct name, 4 bytes per row and 4
    # bytes per (name, document) pair (documents by number: rows arrive document by document).
    rep_of = array("i")
    rep_index: dict[tuple, int] = {}
    labels, names, abbrs, weight, n_mentions, docs_of = [], [], [], [], [], []
    person_cache: dict[str, bool] = {}
    doc_ids = docs["doc_id"].astype(object).tolist() if len(docs) else []
    doc_no: dict = {d: i for i, d in enumerate(doc_ids)}
    for ents in parts:
        seen[0], seen[1] = len(rep_of), len(labels)
        for lab, name, abbr, did, nm in zip(ents["label"].astype(object).tolist(),
                                            ents["name"].astype(object).tolist(),
                                            ents["abbreviation"].astype(object).tolist(),
                                            ents["doc_id"].astype(object).tolist(),
                                            ents["n_mentions"].astype(object).tolist()):
            name = str(name) if name is not None and name == name else ""
            abbr = abbr if isinstance(abbr, str) and abbr else None
            key = (lab, name, abbr) if _linked_by_name(lab, name, person_cache) else None
            r = rep_index.get(key) if key is not None else None
            if r is None:
                r = len(labels)
                labels.append(lab)
                names.append(name)
                abbrs.append(abbr)
                weight.append(0)
                n_mentions.append(0)
                docs_of.append(array("i"))
                if key is not None:
                    rep_index[key] = r
            rep_of.append(r)
            weight[r] += 1
            n_mentions[r] += int(nm) if nm is not None and nm == nm else 0
            d = doc_no.get(did)
            if d is None:  # a document the documents table does not list: numbered all the same
                d = doc_no[did] = len(doc_no)
            ds = docs_of[r]
            if not ds or ds[-1] != d:
                ds.append(d)
    seen[0], seen[1] = len(rep_of), len(labels)
    del rep_index
    n = len(labels)
    if not n:
        return rep_of, [], frame("corpus_entities", [])
    uf = _Union(n)

    # organisations and places: shared keys
    owner: dict[tuple[str, str], int] = {}
    canon_of: dict[tuple[str, str], str] = {}
    acr_long: dict[tuple[str, str], set[str]] = defaultdict(set)
    acr_short: dict[tuple[str, str], list[int]] = defaultdict(list)
    ent_key: dict[int, str] = {}
    link_label: dict[int, str] = {}
    for i in range(n):
        if labels[i] not in ("ORG", "LOC") or not names[i]:
            continue
        lab = link_label[i] = key_label(labels[i], names[i])
        k, canon = corpus_keys(lab, names[i])
        ent_key[i] = k
        if canon:
            canon_of[(lab, k)] = canon
        keys = [k]
        if abbrs[i]:
            ak, acanon = corpus_keys(lab, abbrs[i])
            keys.append(ak)
            if acanon:
                canon_of[(lab, ak)] = acanon
        for key in keys:
            if (lab, key) in owner:
                uf.join(owner[(lab, key)], i)
            else:
                owner[(lab, key)] = i
        short = names[i].strip(QUOTES + " ")
        if short.isupper() and 2 <= len(short) <= 8 and " " not in short:
            acr_short[(lab, fold(short))].append(i)
        else:
            acr = _acronym(k)
            if acr:
                acr_long[(lab, acr)].add(k)
    for (lab, acr), members in acr_short.items():
        longs = acr_long.get((lab, acr), set())
        if len(longs) == 1:
            target = owner[(lab, next(iter(longs)))]
            for j in members:
                uf.join(target, j)

    # One place or body whatever one document's label guess: a one-word name tagged PER that is no
    # person's name (Калуга, Твиттер) or an unquoted one-word ORG or LOC joins the entity the other
    # label gives that key, the label with more rows winning; a quoted name («Россия» the channel)
    # and a longer name (Банк России) keep their own.
    key_weight: Counter = Counter()
    for i, k in ent_key.items():
        key_weight[(link_label[i], k)] += weight[i]
    for i in range(n):
        name = names[i].strip()
        if not name or " " in name or any(q in name for q in QUOTES):
            continue
        if labels[i] == "PER":
            if _kind(name) != "?":
                continue
            own, others = 0, ("LOC", "ORG")
        elif i in ent_key:
            own = key_weight[(link_label[i], ent_key[i])]
            others = ("LOC",) if link_label[i] == "ORG" else ("ORG",)
        else:
            continue
        best = max(((key_weight[(o, k)], o, k) for o in others
                    for k in [corpus_keys(o, name)[0]] if (o, k) in owner), default=None)
        if best and best[0] > own:
            uf.join(owner[(best[1], best[2])], i)

    # people
    per = [i for i in range(n) if labels[i] == "PER" and names[i]]
    per_keys = _link_people(per, names, uf)

    # clusters
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    published = docs["published_at"].astype(object).tolist() if len(docs) else []
    rows, cid_rep = [], [None] * n
    used: set[str] = set()
    for root in sorted(groups, key=lambda r: min(groups[r])):
        members = groups[root]
        labs: Counter = Counter()
        for i in members:
            labs[link_label.get(i, labels[i])] += weight[i]
        lab = labs.most_common(1)[0][0]
        name_docs: Counter = Counter()
        name_mentions: Counter = Counter()
        for i in members:
            name_docs[names[i]] += weight[i]
            name_mentions[names[i]] += n_mentions[i]
        if lab == "PER":
            key = per_keys.get(root) or fold(names[root])
            full = [nm for nm in name_docs if person_parts(nm)[0] and person_parts(nm)[1]] or list(name_docs)
            name = max(full, key=lambda nm: (name_docs[nm], name_mentions[nm], len(nm.split()), nm))
        else:
            ks: Counter = Counter()
            for i in members:
                if i in ent_key:
                    ks[ent_key[i]] += weight[i]
            canon = next((canon_of[(lab, k)] for k in ks if (lab, k) in canon_of), "")
            key = corpus_keys(lab, canon)[0] if canon else ks.most_common(1)[0][0] if ks else fold(names[root])
            name = canon or max(name_docs, key=lambda nm: (name_docs[nm], name_mentions[nm], -len(nm), nm))
        cid = f"{lab}:{key}"
        k = 2
        while cid in used:
            cid, k = f"{lab}:{key}#{k}", k + 1
        used.add(cid)
        aliases = sorted(({names[i] for i in members} | {abbrs[i] for i in members if abbrs[i]}) - {name})
        in_docs = {d for i in members for d in docs_of[i]}
        dates = [d[:10] for d in (published[x] for x in in_docs if x < len(published)) if _plausible_iso(d)]
        for i in members:
            cid_rep[i] = cid
        rows.append({"corpus_entity_id": cid, "label": lab, "name": name, "aliases": " | ".join(aliases) or None,
                     "n_documents": len(in_docs), "n_mentions": sum(n_mentions[i] for i in members),
                     "first_seen": min(dates) if dates else None, "last_seen": max(dates) if dates else None})
    rows.sort(key=lambda r: (-r["n_documents"], -r["n_mentions"], ("PER", "ORG", "LOC").index(r["label"])
                             if r["label"] in ("PER", "ORG", "LOC") else 3, r["name"], r["corpus_entity_id"]))
    return rep_of, cid_rep, frame("corpus_entities", rows)
