"""NEREL (brat standoff, ``N.txt`` + ``N.ann``): reader and exact-span scorer per label.

NEREL is nested and has 29 entity types. rupress's labels are scored against them through
``LABEL_MAP`` (PERSON -> PER, ORGANIZATION -> ORG, the five place types -> LOC); every other
NEREL type keeps its own name (PROFESSION, EVENT, ...). A discontinuous entity
(``T1\\tTYPE 0 5;9 14``) is scored as one span from its first start to its last end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Mapping, Sequence

from .scoring import PRF, score_span_sets

from ..models.nerel.tags import LABEL_MAP  # NEREL type -> rupress label

Span = tuple[int, int]


@dataclass
class NerelEntity:
    entity_id: str  # T<n>
    type: str  # the NEREL type as annotated
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABEL_MAP.get(self.type, self.type)


@dataclass
class NerelDoc:
    doc_id: str
    text: str
    entities: list[NerelEntity] = field(default_factory=list)
    # (relation type, arg1 entity id, arg2 entity id)
    relations: list[tuple[str, str, str]] = field(default_factory=list)

    def spans(self, labels: Collection[str] | None = None) -> set[tuple[int, int, str]]:
        """Gold (start, end, label) set, rupress labels; nested and duplicate spans count once."""
        return {(e.start, e.end, e.label) for e in self.entities if labels is None or e.label in labels}


def parse_ann(lines: Iterable[str]) -> tuple[list[NerelEntity], list[tuple[str, str, str]]]:
    """Entities (``T`` lines) and relations (``R`` lines) of a brat ``.ann`` file; others skipped."""
    entities, relations = [], []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line or "\t" not in line:
            continue
        tid, rest = line.split("\t", 1)
        if tid.startswith("T"):
            head, _, text = rest.partition("\t")
            typ, _, locs = head.partition(" ")
            pieces = []
            for part in locs.split(";"):
                bits = part.split()
                if len(bits) == 2 and bits[0].isdigit() and bits[1].isdigit():
                    pieces.append((int(bits[0]), int(bits[1])))
            if not typ or not pieces:
                continue
            entities.append(NerelEntity(tid, typ, min(s for s, _ in pieces), max(e for _, e in pieces), text))
        elif tid.startswith("R"):
            bits = rest.split("\t", 1)[0].split()
            if len(bits) == 3 and bits[1].startswith("Arg1:") and bits[2].startswith("Arg2:"):
                relations.append((bits[0], bits[1][5:], bits[2][5:]))
    return entities, relations


def read_document(txt: Path) -> NerelDoc:
    with open(txt, encoding="utf-8", newline="") as fh:
        text = fh.read()
    ann = txt.with_suffix(".ann")
    lines = ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []
    entities, relations = parse_ann(lines)
    return NerelDoc(txt.stem, text, entities, relations)


def read_corpus(path: str | Path) -> list[NerelDoc]:
    """Every ``N.txt`` under ``path`` (one folder) with its ``N.ann``, sorted by name."""
    root = Path(path)
    txts = sorted(root.glob("*.txt"))
    if not txts:
        raise FileNotFoundError(f"no .txt files in {root}")
    return [read_document(p) for p in txts]


def gold_labels(docs: Sequence[NerelDoc]) -> list[str]:
    """rupress labels present in the gold: PER, ORG, LOC first, then the rest by name."""
    seen = {e.label for d in docs for e in d.entities}
    head = [x for x in ("PER", "ORG", "LOC") if x in seen]
    return head + sorted(seen - set(head))


def score(
    docs: Sequence[NerelDoc],
    pred: Mapping[str, Iterable[tuple[int, int, str]]],
    labels: Sequence[str],
) -> dict[str, PRF]:
    """Exact span-and-label P/R/F1 for each of ``labels``, plus ``ALL`` over them.

    Predictions with another label are ignored; duplicates count once. Gold may nest, so a
    flat predictor can reach recall 1 only on labels whose gold never nests in itself.
    """
    pairs = ((doc.spans(labels),
              {(int(s), int(e), LABEL_MAP.get(lab, lab)) for s, e, lab in pred.get(doc.doc_id, ())})
             for doc in docs)
    return score_span_sets(pairs, labels)
