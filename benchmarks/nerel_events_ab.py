"""NEREL events and relations, learned layer on and off, from one parse (``docs/evaluation.md``).

    nice -n 10 .venv/bin/python benchmarks/nerel_events_ab.py [DIR] [--limit N] [--cache FILE]

Parses each document and runs entities, dates and roles once, then the events extractor twice
(rules only; rules + learned layer) and scores both with ``pipeline.eval.nerel_relations`` (the
same matching as ``rupress eval nerel``). ``--cache FILE`` keeps the parsed contexts (pickle,
under ``build/``), so a change to the events layer is measured again without parsing.
"""
from __future__ import annotations

import argparse
import dataclasses
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def contexts(gold, cache: Path | None):
    from pipeline.extractors.base import Context
    from pipeline.extractors.registry import REGISTRY
    from pipeline.nlp import shared
    from pipeline.text import normalize
    from pipeline.types import Document

    if cache is not None and cache.exists():
        with open(cache, "rb") as fh:
            out = pickle.load(fh)
        if [c[0].doc.doc_id for c in out] == [g.doc_id for g in gold]:
            return out
    nlp = shared()
    out = []
    for g in gold:
        doc = Document(doc_id=g.doc_id, text=g.text, source=g.doc_id)
        norm = normalize(doc.text)
        ctx = Context(doc=doc, norm=norm, sdoc=nlp(norm.text))
        rows = {}
        for name in ("entities", "dates", "roles"):
            for t, r in REGISTRY[name].fn(ctx).items():
                rows.setdefault(t, []).extend(r)
        out.append((ctx, rows))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as fh:
            pickle.dump(out, fh)
    return out


def run_events(ctxs, learned: bool):
    from pipeline.extractors.base import Settings
    from pipeline.extractors.registry import REGISTRY
    from pipeline.tables import Tables

    rows: dict[str, list] = {}
    for ctx, base in ctxs:
        c = dataclasses.replace(ctx, settings=Settings(learned_events=learned), _ids=set(ctx._ids))
        c.results = dataclasses.replace(ctx.results, events=None)
        for t, r in base.items():
            rows.setdefault(t, []).extend(r)
        for t, r in REGISTRY["events"].fn(c).items():
            rows.setdefault(t, []).extend(r)
    return Tables.from_rows(rows)


def main(argv=None) -> int:
    from pipeline.eval.nerel import read_corpus
    from pipeline.eval.nerel_relations import predictions, score
    from pipeline.eval.scoring import format_table

    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "nerel" / "dev"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--cache")
    a = ap.parse_args(argv)
    gold = read_corpus(a.path)[:a.limit] if a.limit else read_corpus(a.path)
    t0 = time.perf_counter()
    ctxs = contexts(gold, Path(a.cache) if a.cache else None)
    print(f"{len(gold)} documents from {a.path}; parsed or read in {time.perf_counter() - t0:.0f}s", flush=True)
    res = {}
    for learned in (False, True):
        t1 = time.perf_counter()
        tables = run_events(ctxs, learned)
        ev, rels = predictions(tables)
        res[learned] = score(gold, ev, rels)
        print(f"\n{'learned layer' if learned else 'rules only'} (events {time.perf_counter() - t1:.0f}s; "
              f"{len(tables['events'])} events, {len(tables['event_mentions'])} mentions)")
        print(format_table(res[learned]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
