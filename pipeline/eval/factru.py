"""Reader for the factRuEval-2016 corpus format (``book_N.txt/.tokens/.spans/.objects/.coref/.facts``).

Offsets in the annotation files are character offsets into the ``.txt`` file. The reader keeps
the text exactly as stored unless the ``.tokens`` file shows that the offsets were computed on a
text without a BOM or with ``\\n`` line ends; then it uses that variant so offsets agree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# factRuEval object type -> NER label; types not listed (Project, Facility) are not NER targets.
LABELS = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}

# The dev set names the job field "Position", the published test set "Job".
POSITION_FIELDS = ("Position", "Job")

Span = tuple[int, int]


@dataclass
class GoldMention:
    start: int
    end: int
    label: str  # PER | ORG | LOC
    text: str
    object_id: str


@dataclass
class GoldFact:
    fact_id: str
    type: str
    # (field, char spans covered by the argument): every mention of a coref entity, or one span.
    args: list[tuple[str, list[Span]]]
    # Normalised value written after each argument, parallel to ``args``.
    arg_values: list[str] = field(default_factory=list)
    # Lines without a span reference, e.g. ("Type", "купля/продажа"), ("Модальность", "возможность").
    attributes: list[tuple[str, str]] = field(default_factory=list)

    def args_by_field(self, *fields: str) -> list[list[Span]]:
        """Span lists of all arguments whose field is one of ``fields``."""
        return [spans for f, spans in self.args if f in fields]

    def values_by_field(self, *fields: str) -> list[str]:
        return [v for (f, _), v in zip(self.args, self.arg_values) if f in fields]

    def attribute(self, name: str) -> str | None:
        for k, v in self.attributes:
            if k == name:
                return v
        return None

    @property
    def position_spans(self) -> list[list[Span]]:
        return self.args_by_field(*POSITION_FIELDS)

    @property
    def position_values(self) -> list[str]:
        return self.values_by_field(*POSITION_FIELDS)


@dataclass
class GoldNormal:
    """A mention of a coreference chain and the normal form expected for it."""
    start: int
    end: int
    label: str  # PER | ORG
    text: str
    # Accepted normal forms; a PER mention has one, an ORG mention every ``name`` of its chain.
    expected: tuple[str, ...]


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    mentions: list[GoldMention]
    facts: list[GoldFact]
    normals: list[GoldNormal] = field(default_factory=list)


MENTION_MODES = ("union", "names")
# Under mode "names" an Org mention is each of its org_name spans, a Location/LocOrg mention
# each of its loc_name spans (the convention of the natasha/naeval NER benchmarks).
_NAME_SPAN = {"Org": "org_name", "Location": "loc_name", "LocOrg": "loc_name"}


def read_corpus(path, mentions: str = "union") -> list[GoldDoc]:
    """Read every ``book_N.txt`` under ``path`` with its annotation; sorted by N.

    ``mentions="union"``: one mention per object, from its first span's start to its last
    span's end. ``mentions="names"``: Person as union; Org/Location/LocOrg only their name
    spans; then mentions overlapping an earlier, longer one are dropped.
    """
    if mentions not in MENTION_MODES:
        raise ValueError(f"mentions must be one of {MENTION_MODES}, not {mentions!r}")
    root = Path(path)
    books = []
    for p in root.glob("book_*.txt"):
        m = re.fullmatch(r"book_(\d+)", p.stem)
        if m:
            books.append((int(m.group(1)), p.stem))
    if not books:
        raise FileNotFoundError(f"no book_N.txt files in {root}")
    return [read_document(root, stem, mentions) for _, stem in sorted(books)]


def read_document(root, stem: str, mentions: str = "union") -> GoldDoc:
    root = Path(root)

    def lines(ext: str) -> list[str]:
        p = root / f"{stem}.{ext}"
        if not p.exists():
            return []
        return p.read_text(encoding="utf-8-sig").splitlines()

    with open(root / f"{stem}.txt", encoding="utf-8", newline="") as fh:
        raw = fh.read()
    text = _align_text(raw, _parse_tokens(lines("tokens")))

    typed_spans = _parse_spans(lines("spans"))
    spans = {sid: (v[0][1], v[0][2]) for sid, v in typed_spans.items()}
    objects = _parse_objects(lines("objects"))
    groups = _parse_coref(lines("coref"))
    attributes = _parse_coref_attributes(lines("coref"))

    # Mention span of every object (all types, so facts can point at Project/Facility too).
    object_span: dict[str, Span] = {}
    for oid, (_, span_ids) in objects.items():
        parts = [spans[s] for s in span_ids if s in spans]
        if parts:
            object_span[oid] = (min(s for s, _ in parts), max(e for _, e in parts))

    candidates: list[tuple[int, int, str, str]] = []
    for oid, (otype, span_ids) in objects.items():
        label = LABELS.get(otype)
        if label is None or oid not in object_span:
            continue
        if mentions == "names" and otype in _NAME_SPAN:
            want = _NAME_SPAN[otype]
            for sid in span_ids:
                for stype, s, e in typed_spans.get(sid, ()):
                    if stype == want:
                        candidates.append((s, e, label, oid))
        else:
            s, e = object_span[oid]
            candidates.append((s, e, label, oid))
    if mentions == "names":
        candidates = _drop_overlapping(candidates)

    out: list[GoldMention] = []
    seen: set[tuple[int, int, str]] = set()
    for s, e, label, oid in candidates:
        if (s, e, label) not in seen:
            seen.add((s, e, label))
            out.append(GoldMention(s, e, label, text[s:e], oid))
    out.sort(key=lambda m: (m.start, m.end, m.label))

    facts = _parse_facts(lines("facts"), spans, groups, object_span)
    normals = _gold_normals(text, typed_spans, objects, groups, attributes)
    return GoldDoc(doc_id=stem, text=text, mentions=out, facts=facts, normals=normals)


# Person span type -> the chain attributes that normalise it (``firstname1``, ``lastname1``: a second
# first name or surname of the same person).
_PERSON_PARTS = {"name": "firstname", "surname": "lastname", "patronymic": "patronymic", "nickname": "nickname"}
_INITIAL = re.compile(r"[A-ZА-ЯЁ]")


def _gold_normals(text, typed_spans, objects, groups, attributes) -> list[GoldNormal]:
    """Expected normal forms of the Person and Org mentions that are in a coreference chain.

    Person: the chain's normalised parts for the parts the mention has, in the mention's order
    (``Юрия Лужкова`` -> ``Юрий Лужков``, ``Лужкова`` -> ``Лужков``); a part written as an initial
    stays the initial (``В.``), a part already equal to a value of the chain stays as written, a part
    in Latin letters when the chain has it in Cyrillic only stays as written; of several values
    (``Bernd``, ``Бернд``) the one sharing the longest prefix with the words, two values for two
    words (``firstname``, ``firstname1``: ``Жан-Мари``) both. A mention with a part its chain does not
    normalise, or whose chain value does not begin like the word (a spelling corrected by the
    annotators) is left out.
    Org: any ``name`` of the chain. The span is the mention's union span, as in ``read_corpus``.
    """
    chain_of = {oid: gid for gid, oids in groups.items() for oid in oids}
    out: list[GoldNormal] = []
    for oid, (otype, span_ids) in objects.items():
        attrs = attributes.get(chain_of.get(oid, ""), {})
        parts = [(v[0][1], v[0][2], [t for t, _, _ in v]) for v in (typed_spans.get(sid) for sid in span_ids) if v]
        if not parts or not attrs:
            continue
        start, end = min(p[0] for p in parts), max(p[1] for p in parts)
        if otype == "Person":
            normal = _person_normal([(text[s:e], types) for s, e, types in sorted(parts)], attrs)
            if normal:
                out.append(GoldNormal(start, end, "PER", text[start:end], (normal,)))
        elif otype == "Org" and attrs.get("name"):
            out.append(GoldNormal(start, end, "ORG", text[start:end], tuple(attrs["name"])))
    seen: set[tuple[int, int, str]] = set()
    kept = []
    for g in sorted(out, key=lambda g: (g.start, g.end, g.label)):  # stable: file order among equals
        if (g.start, g.end, g.label) not in seen:
            seen.add((g.start, g.end, g.label))
            kept.append(g)
    return kept


def _person_normal(parts: list[tuple[str, list[str]]], attrs: dict[str, list[str]]) -> str | None:
    """The chain's value for each part (surface, span types) of a Person mention, joined; None when
    a part has no value or the annotators spelled the name otherwise (``Сааакашвили`` ->
    ``Саакашвили``: a correction, not a normal form)."""
    base = [b for b in _PERSON_PARTS.values() if _value_keys(attrs, b)]
    # a part written as a value of the chain claims that value's part (Ху Линем: Ху typed a first
    # name is the chain's surname, so Линем is the first name)
    claimed = {}
    for i, (surface, _) in enumerate(parts):
        for b in base:
            if any(_fold(v) == _fold(surface) for k in _value_keys(attrs, b) for v in attrs[k]):
                claimed[i] = b
                break
    words = []
    for i, (surface, types) in enumerate(parts):
        if _INITIAL.fullmatch(surface):
            words.append(surface + ".")
            continue
        if i in claimed:
            words.append(surface)
            continue
        # a span repeated with a second type (surname and nickname): the first the chain has
        own = [_PERSON_PARTS[t] for t in types if t in _PERSON_PARTS and _PERSON_PARTS[t] in base]
        taken = {b for j, b in claimed.items() if j != i}
        if own and own[0] in taken:
            free = [b for b in base if b not in taken]
            own = free if len(free) == 1 else []
        if not own:
            return None
        keys = _value_keys(attrs, own[0])
        values = [v for k in keys for v in attrs[k] if v]
        if _LATIN.search(surface) and not any(_LATIN.search(v) for v in values):
            words.append(surface)  # a name in Latin letters is not inflected; the chain transliterates it
            continue
        pieces = re.split(r"([\s-]+)", surface)
        if len(keys) > 1 and len(pieces[::2]) == len(keys):  # Реджеп Тайип, Саишвили-Чантурия
            chosen = [_closest([v for v in attrs[k] if v], w) for k, w in zip(keys, pieces[::2])]
            pairs = list(zip(pieces[::2], chosen))
            pieces[::2] = chosen
            value = "".join(pieces)
        else:
            value = _closest(values, surface)
            pairs = [(surface, value)]
        for w, v in pairs:
            if _common_prefix(w, v) < min(len(w), len(v)) - 3:
                return None
        words.append(value)
    return " ".join(words)


_LATIN = re.compile(r"[A-Za-z]")


def _fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(_fold(a), _fold(b)):
        if x != y:
            break
        n += 1
    return n


def _value_keys(attrs: dict[str, list[str]], key: str) -> list[str]:
    """``key``, ``key1``, ``key2`` ... that the chain has with a value, in that order."""
    found = [k for k, vs in attrs.items() if re.fullmatch(key + r"\d*", k) and any(vs)]
    return sorted(found, key=lambda k: int(k[len(key):] or 0))


def _closest(values: list[str], surface: str) -> str:
    """Of several values (``Bernd``, ``Бернд``) the one sharing the longest prefix with ``surface``."""
    return max((v for v in values if v), key=lambda v: _common_prefix(v, surface))  # ties: the first, the chain's main value


def _drop_overlapping(items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    # Stable sort keeps file order among equal spans, so ties resolve the same way every run.
    kept: list[tuple[int, int, str, str]] = []
    for it in sorted(items, key=lambda x: (x[0], -x[1])):
        if kept and kept[-1][1] > it[0]:
            continue
        kept.append(it)
    return kept


def _parse_tokens(lines: list[str]) -> list[tuple[int, int, str]]:
    out = []
    for line in lines:
        p = line.split(" ", 3)
        if len(p) == 4 and p[1].isdigit() and p[2].isdigit():
            out.append((int(p[1]), int(p[2]), p[3].strip()))
    return out


def _align_text(raw: str, tokens: list[tuple[int, int, str]]) -> str:
    """Pick the text variant (as stored / no BOM / LF line ends) on which token offsets agree."""
    variants = [raw]
    if raw.startswith("\ufeff"):
        variants.append(raw[1:])
    for v in list(variants):
        if "\r\n" in v:
            variants.append(v.replace("\r\n", "\n"))
    if len(variants) == 1 or not tokens:
        return raw

    def agreement(t: str) -> int:
        return sum(t[s : s + n] == tok for s, n, tok in tokens)

    # Ties go to the earlier variant, i.e. the text as stored.
    return max(variants, key=agreement)


def _parse_spans(lines: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """``span_id type start length first_token_id n_tokens # ...`` -> {span_id: [(type, start, end)]}.

    A span id can repeat with a second type (e.g. surname and nickname over the same word).
    """
    out: dict[str, list[tuple[str, int, int]]] = {}
    for line in lines:
        p = line.split("#", 1)[0].split()
        if len(p) >= 4 and p[2].isdigit() and p[3].isdigit():
            start = int(p[2])
            out.setdefault(p[0], []).append((p[1], start, start + int(p[3])))
    return out


def _parse_objects(lines: list[str]) -> dict[str, tuple[str, list[str]]]:
    """``object_id Type span_id ... # text`` -> {object_id: (Type, [span_id, ...])}."""
    out: dict[str, tuple[str, list[str]]] = {}
    for line in lines:
        p = line.split("#", 1)[0].split()
        if len(p) >= 2:
            out[p[0]] = (p[1], p[2:])
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _parse_coref(lines: list[str]) -> dict[str, list[str]]:
    """Blocks whose first line is ``group_id object_id ...`` -> {group_id: [object_id, ...]}."""
    out: dict[str, list[str]] = {}
    for block in _blocks(lines):
        p = block[0].split()
        if p and p[0].isdigit():
            out[p[0]] = p[1:]
    return out


def _parse_coref_attributes(lines: list[str]) -> dict[str, dict[str, list[str]]]:
    """{group_id: {attribute: [value, ...]}} from the ``attribute value`` lines of each block."""
    out: dict[str, dict[str, list[str]]] = {}
    for block in _blocks(lines):
        p = block[0].split()
        if not p or not p[0].isdigit():
            continue
        attrs: dict[str, list[str]] = {}
        for line in block[1:]:
            k, _, v = line.partition(" ")
            attrs.setdefault(k, []).append(v.strip())
        out[p[0]] = attrs
    return out


_FACT_HEADER = re.compile(r"^(\S+-\d+)\s+(\S+)$")
_ARG = re.compile(r"^(\S+)\s+(obj|span)(\d+)(?:\s+(.*))?$")


def _parse_facts(
    lines: list[str],
    spans: dict[str, Span],
    groups: dict[str, list[str]],
    object_span: dict[str, Span],
) -> list[GoldFact]:
    facts: list[GoldFact] = []
    cur: GoldFact | None = None
    for line in lines:
        line = line.strip()
        if not line:
            cur = None
            continue
        h = _FACT_HEADER.match(line)
        # A header opens a block; blocks are usually, not always, separated by blank lines.
        if h:
            cur = GoldFact(fact_id=h.group(1), type=h.group(2), args=[])
            facts.append(cur)
            continue
        if cur is None:
            continue
        a = _ARG.match(line)
        if a:
            fld, kind, num, value = a.group(1), a.group(2), a.group(3), a.group(4) or ""
            if kind == "obj":
                covered = {object_span[o] for o in groups.get(num, []) if o in object_span}
            else:
                covered = {spans[num]} if num in spans else set()
            cur.args.append((fld, sorted(covered)))
            cur.arg_values.append(value.strip())
        else:
            k, _, v = line.partition(" ")
            cur.attributes.append((k, v.strip()))
    return facts
