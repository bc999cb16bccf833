"""Roles and events against factRuEval-2016 facts (Occupation, Meeting, Deal).

    python benchmarks/bench_relations.py [PATH] [--limit N] [--dump FILE]

PATH defaults to ../shared/eval/factru-dev next to the repository.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.eval.factru import read_corpus  # noqa: E402
from pipeline.eval.runner import predict, score_facts  # noqa: E402
from pipeline.eval.scoring import format_table  # noqa: E402
from pipeline.run import Options  # noqa: E402

EXTRACTORS = ("entities", "dates", "roles", "events")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "factru-dev"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--dump", help="write predicted roles and events (jsonl) here")
    args = ap.parse_args(argv)

    from pipeline.extractors import registry as X

    names = X.resolve(EXTRACTORS)
    gold = read_corpus(args.path)
    if args.limit:
        gold = gold[:args.limit]
    t0 = time.perf_counter()
    tables, secs = predict(gold, Options(extractors=names))
    facts = score_facts(gold, tables)
    print(f"factRuEval-2016: {len(gold)} documents from {args.path}; extractors {', '.join(names)}")
    print(format_table(facts))
    print(f"roles {len(tables['roles'])}, events {len(tables['events'])}, "
          f"arguments {len(tables['event_arguments'])}, errors {len(tables['errors'])}; {secs:.1f} s ({time.perf_counter() - t0:.1f} s total)")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for name in ("roles", "events", "event_arguments"):
                df = tables[name]
                for rec in df.astype(object).where(df.notna(), None).to_dict(orient="records"):
                    rec["_table"] = name
                    fh.write(__import__("json").dumps(rec, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
