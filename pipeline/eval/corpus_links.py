"""Merge precision and recall of ``corpus_entity_id`` on a hand-annotated sample.

The sample is JSONL: ``{"doc_id", "published_at", "text", "entities": [[mention as written, gold cluster], ...]}``.
Each annotated mention is looked up among the system's mentions of its document (same text, first
occurrence); pairs of annotated mentions are then scored: a pair in one gold cluster that the system
gives one corpus entity is a true positive (pairwise precision and recall, as for coreference).
Mentions the system did not find count as their own singleton clusters (they can only cost recall).
"""
from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class LinkScore:
    precision: float
    recall: float
    f1: float
    pairs_gold: int
    pairs_system: int
    pairs_right: int
    mentions: int
    mentions_found: int
    wrong: list  # (doc, mention, doc, mention, "merged"/"split")

    def format(self) -> str:
        lines = [f"corpus entities: {self.mentions_found}/{self.mentions} annotated mentions found",
                 f"merge pairs: precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f} "
                 f"({self.pairs_right} right of {self.pairs_system} merged, {self.pairs_gold} in gold)"]
        for a, b, kind in self.wrong:
            lines.append(f"  {kind}: {a}  ~  {b}")
        return "\n".join(lines)


def read_sample(path: str | os.PathLike) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_links(path: str | os.PathLike, tables=None) -> LinkScore:
    """Run rupress over the sample (or score given ``tables``) and compare corpus entities with the gold clusters."""
    sample = read_sample(path)
    if tables is None:
        from ..api import extract
        from ..types import Document

        docs = [Document(doc_id=r["doc_id"], text=r["text"], source=f"{Path(path).name}#L{i}",
                         published_at=r.get("published_at")) for i, r in enumerate(sample, 1)]
        tables = extract(docs, workers=1)
    m = tables["mentions"].merge(tables["entities"][["entity_id", "corpus_entity_id"]], on="entity_id", how="left")
    by_doc: dict[str, list[tuple[str, int, str]]] = {}
    for d, text, start, cid in zip(m["doc_id"], m["text"], m["start"], m["corpus_entity_id"]):
        by_doc.setdefault(d, []).append((text, int(start), cid))
    items = []  # (label for messages, gold cluster, system cluster)
    found = 0
    for r in sample:
        for k, (mention, gold) in enumerate(r["entities"]):
            cands = sorted((s, c) for t, s, c in by_doc.get(r["doc_id"], []) if t == mention)
            sys_c = cands[0][1] if cands and isinstance(cands[0][1], str) else None
            found += sys_c is not None
            items.append((f"{r['doc_id']}:{mention}", gold, sys_c if sys_c is not None else f"missing:{r['doc_id']}:{k}"))
    gold_pairs = sys_pairs = right = 0
    wrong = []
    for (la, ga, sa), (lb, gb, sb) in itertools.combinations(items, 2):
        g, s = ga == gb, sa == sb
        gold_pairs += g
        sys_pairs += s
        right += g and s
        if g != s and not (g and (sa.startswith("missing:") or sb.startswith("missing:"))):
            wrong.append((la, lb, "merged" if s else "split"))
    p = right / sys_pairs if sys_pairs else 1.0
    rec = right / gold_pairs if gold_pairs else 1.0
    f = 2 * p * rec / (p + rec) if p + rec else 0.0
    return LinkScore(p, rec, f, gold_pairs, sys_pairs, right, len(items), found, wrong)
