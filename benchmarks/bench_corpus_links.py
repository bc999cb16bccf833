"""Corpus-entity merge precision and recall against NEREL's Wikidata links (``../shared/eval/nerel``).

NEREL's ``N`` lines link a mention (a ``T`` span) to a Wikidata item. Gold clusters are those items;
rupress's clusters are ``corpus_entity_id``. Each gold PER/ORG/LOC-like mention is matched to the rupress
mention with the same span, else the one overlapping it most. Pairs of matched mentions are scored
(pairwise, as for coreference), overall and for pairs from different documents only (what the corpus
step adds over the document-level entities). Nothing of the corpus is written anywhere: only figures.

    .venv/bin/python benchmarks/bench_corpus_links.py [NEREL_SPLIT_DIR] [--limit N]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "COUNTRY": "LOC", "CITY": "LOC", "STATE_OR_PROVINCE": "LOC"}


def read_split(folder: Path, limit: int | None):
    docs = []
    for ann in sorted(folder.glob("*.ann"))[:limit]:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            continue
        spans, links = {}, []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 3 and ";" not in parts[1]:
                typ, s, e = parts[1].split()
                if typ in TYPES:
                    spans[parts[0]] = (int(s), int(e), TYPES[typ])
            elif line.startswith("N") and len(parts) >= 2:
                m = re.match(r"Reference (T\d+) Wikidata:(Q\d+)", parts[1])
                if m:
                    links.append((m.group(1), m.group(2)))
        gold = [(spans[t][0], spans[t][1], q) for t, q in links if t in spans]
        if gold:
            docs.append((ann.stem, txt.read_text(encoding="utf-8"), gold))
    return docs


def pairs(counter: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counter.values())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "nerel" / "dev"))
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()
    folder = Path(a.split)
    if not folder.is_dir():
        print(f"no NEREL split at {folder}: nothing to measure")
        return 0
    import pipeline
    from pipeline.types import Document

    docs = read_split(folder, a.limit)
    tables = pipeline.extract([Document(doc_id=d, text=t, source=d) for d, t, _ in docs])
    m = tables["mentions"].merge(tables["entities"][["entity_id", "corpus_entity_id"]], on="entity_id")
    by_doc: dict[str, list] = {}
    for d, s, e, c in zip(m["doc_id"], m["start"], m["end"], m["corpus_entity_id"]):
        by_doc.setdefault(d, []).append((int(s), int(e), c))
    items = []  # (doc, gold item, system cluster)
    n_gold = 0
    for d, _, gold in docs:
        for s, e, q in gold:
            n_gold += 1
            cands = [(min(e, me) - max(s, ms), c) for ms, me, c in by_doc.get(d, []) if ms < e and s < me]
            best = max(cands, key=lambda x: x[0], default=None)
            if best is not None and best[0] > 0 and isinstance(best[1], str):
                items.append((d, q, best[1]))
    g, s_, gs = Counter(), Counter(), Counter()
    gw, sw, gsw = Counter(), Counter(), Counter()
    for d, q, c in items:
        g[q] += 1
        s_[c] += 1
        gs[(q, c)] += 1
        gw[(d, q)] += 1
        sw[(d, c)] += 1
        gsw[(d, q, c)] += 1
    tp, sp, gp = pairs(gs), pairs(s_), pairs(g)
    tpx, spx, gpx = tp - pairs(gsw), sp - pairs(sw), gp - pairs(gw)
    print(f"NEREL {folder.name}: {len(docs)} documents, {n_gold} linked PER/ORG/LOC mentions, {len(items)} matched")
    for name, t, sp_, gp_ in (("all pairs", tp, sp, gp), ("cross-document pairs", tpx, spx, gpx)):
        p = t / sp_ if sp_ else 1.0
        r = t / gp_ if gp_ else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {name:<22} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  ({t} right, {sp_} merged, {gp_} gold)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
