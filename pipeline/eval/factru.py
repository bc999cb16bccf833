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
class GoldDoc:
    doc_id: str
    text: str
    mentions: list[GoldMention]
    facts: list[GoldFact]


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
    return GoldDoc(doc_id=stem, text=text, mentions=out, facts=facts)


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
