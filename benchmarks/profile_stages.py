"""Where the time goes: the time of each stage of ``process`` over a corpus, in one process.

    python benchmarks/profile_stages.py [--texts 200] [--cprofile FILE]

Texts: the first ``--texts`` of the throughput corpus (data/raw, then ../shared when present).
The work functions of each stage are wrapped with CPU timers (``time.process_time``: the machine
may be loaded, and CPU time is what a stage costs whatever else runs; exclusive: a stage's own
time, its sub-stages' taken out), then ``process`` runs on chunks of 64 documents as a worker does,
with the models loaded and two documents run first. Table writing is timed after, on the
result. ``--cprofile FILE`` also runs the same corpus under cProfile and saves the stats there
(``python -m pstats FILE``); cProfile's overhead inflates Python code against numpy, so the split
printed is the timers'.
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TOTAL: dict[str, float] = defaultdict(float)  # exclusive CPU seconds per stage
CALLS: dict[str, int] = defaultdict(int)
_stack: list[list] = []  # [stage, start, children's seconds]


def timed(stage: str, fn):
    @functools.wraps(fn)
    def wrapper(*a, **k):
        _stack.append([stage, time.process_time(), 0.0])
        try:
            return fn(*a, **k)
        finally:
            st, t0, inner = _stack.pop()
            dt = time.process_time() - t0
            TOTAL[st] += dt - inner
            CALLS[st] += 1
            if _stack:
                _stack[-1][2] += dt
    return wrapper


def patch(obj, name: str, stage: str) -> None:
    setattr(obj, name, timed(stage, getattr(obj, name)))


def instrument(nlp) -> None:
    """Wrap the work function of every stage (module attributes looked up at call time)."""
    from pipeline.extractors import registry
    from pipeline.extractors.entities import mentions
    from pipeline.extractors.entities import rules as entity_rules
    from pipeline.extractors.events import extractor as events
    from pipeline.nlp import morph, sentencizer
    import importlib

    proc_mod = importlib.import_module("pipeline.run.process")
    from pipeline.tables import core

    patch(proc_mod, "normalize", "text normalization")
    nlp.tokenizer = timed("tokenizer (razdel + spaCy Doc)", nlp.tokenizer)
    patch(sentencizer.NatashaSentencizer, "__call__", "sentencizer (razdel)")
    names = {"natasha_morph": "morphology (slovnet)", "natasha_syntax": "syntax (slovnet)",
             "natasha_ner": "Natasha NER (slovnet)", "rupress_nerel": "NEREL tagger (BiLSTM)"}
    for name, comp in nlp.pipeline:
        if name in names:
            patch(comp, "process", names[name])
    patch(morph, "_lemma", "morphology: lemmas (pymorphy2)")
    patch(entity_rules, "apply", "entities: rules")
    patch(mentions.learned, "combine", "entities: NEREL merge")
    patch(mentions, "_normal_cached", "entities: normal forms")
    patch(mentions, "cluster", "entities: clusters")
    patch(events, "add_learned", "events: learned layer")
    import importlib

    stages = {"entities": "entities: rows and rest", "dates": "dates", "roles": "roles", "events": "events: rules"}
    for spec in registry.EXTRACTORS:  # the function each ``module:function`` names
        module, _, attr = spec.target.partition(":")
        patch(importlib.import_module(f"pipeline.extractors.{module}"), attr, stages[spec.name])
    registry._resolve.cache_clear()
    patch(proc_mod.Tables, "from_rows", "table building")
    patch(core, "write_tables", "writing (parquet)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=200)
    ap.add_argument("--cprofile", help="also save cProfile stats of the same run to this file")
    ap.add_argument("--corpus", choices=("throughput", "dev"), default="throughput",
                    help="dev: the 92 releases of releases-dev and the 94 NEREL dev texts (../shared)")
    args = ap.parse_args(argv)
    from throughput import SHARED, corpus_texts

    from pipeline.nlp import shared
    from pipeline.run import process
    from pipeline.tables.core import write_tables
    from pipeline.types import Document

    if args.corpus == "dev":
        import json

        lines = (SHARED / "releases-dev" / "releases.jsonl").read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
        texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "nerel" / "dev").glob("*.txt"))]
        notes = ["releases-dev and NEREL dev"]
    else:
        texts, notes = corpus_texts()
    texts = texts[:args.texts]
    docs = [Document(doc_id=f"d{i}", text=t, source=f"d{i}") for i, t in enumerate(texts)]
    nlp = shared()
    process(docs[:2])  # models and lexicons loaded, caches cold for the rest
    instrument(nlp)
    t0, c0 = time.perf_counter(), time.process_time()
    parts = [process(docs[k:k + 64]) for k in range(0, len(docs), 64)]
    wall = time.perf_counter() - t0
    run_secs = time.process_time() - c0
    from pipeline.tables import Tables
    from pipeline.tables import core

    tables = Tables.concat(parts)
    with tempfile.TemporaryDirectory() as out:
        t1 = time.process_time()
        core.write_tables(tables, out, "parquet")
        write_secs = time.process_time() - t1
    total = run_secs + write_secs
    TOTAL["process: the rest (loop, rows of documents, Python between stages)"] = run_secs - sum(
        v for k, v in TOTAL.items() if not k.startswith("writing"))
    chars = sum(map(len, texts))
    print(f"{len(texts)} texts, {chars:,} characters; {'; '.join(notes)}")
    print(f"process: {run_secs:.1f} CPU s ({wall:.1f} s wall, load average {os.getloadavg()[0]:.1f}), "
          f"writing: {write_secs:.1f} CPU s; {len(texts) / total:.1f} docs per CPU second, one process\n")
    print(f"{'stage':<64} {'CPU s':>8} {'share':>6}")
    for k, v in sorted(TOTAL.items(), key=lambda kv: -kv[1]):
        print(f"{k:<64} {v:8.2f} {100 * v / total:5.1f}%")
    if args.cprofile:
        import cProfile

        from pipeline.extractors.entities import mentions
        from pipeline.nlp import morph as morph_mod

        morph_mod._lemma.__wrapped__.cache_clear()  # cold word caches, as in the timed pass
        mentions._NORMAL_CACHE.clear()
        pr = cProfile.Profile()
        pr.enable()
        for k in range(0, len(docs), 64):
            process(docs[k:k + 64])
        pr.disable()
        pr.dump_stats(args.cprofile)
        print(f"\ncProfile stats: {args.cprofile}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
