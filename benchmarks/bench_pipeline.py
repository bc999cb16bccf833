"""Speed and NER quality of rupress against plain Natasha, on the same texts, in one run.

    python benchmarks/bench_pipeline.py [--factru ../shared/eval/factru-dev] [--repeat 1]

Texts: data/raw/*.txt and, when present, the factRuEval dev set (whose gold also gives quality).
Plain Natasha runs its documented pipeline: Segmenter, NewsMorphTagger, NewsSyntaxParser,
NewsNERTagger and span normalization, one ``Doc`` at a time. rupress runs ``process`` on batches.
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def natasha_full(texts):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import natasha_plain

    models = natasha_plain.load()
    out = []
    t0 = time.perf_counter()
    for text in texts:
        out.append([(s.start, s.stop, s.type) for s in natasha_plain.spans(text, models)])
    return out, time.perf_counter() - t0


def natasha_ner_only(texts):
    from pipeline.eval.baseline import natasha_mentions

    natasha_mentions(["Москва."])  # load the models outside the timing
    t0 = time.perf_counter()
    out = natasha_mentions(texts)
    return out, time.perf_counter() - t0


def rupress_run(texts, ids, extractors, batch=64, entity_spans="full"):
    from pipeline.nlp import shared
    from pipeline.run import Options, process
    from pipeline.tables import Tables
    from pipeline.types import Document

    shared()  # model loading is not part of the timing, as for Natasha above
    docs = [Document(doc_id=i, text=t, source=i) for i, t in zip(ids, texts)]
    opts = Options(extractors=extractors, entity_spans=entity_spans)
    process(docs[:2], opts)
    _clear_caches()  # every configuration starts with cold word caches, as Natasha does
    t0 = time.perf_counter()
    parts = [process(docs[k:k + batch], opts) for k in range(0, len(docs), batch)]
    secs = time.perf_counter() - t0
    return Tables.concat(parts), secs


def _clear_caches():
    from pipeline.extractors.entities import mentions
    from pipeline.nlp import morph

    morph._lemma.cache_clear()
    mentions._NORMAL_CACHE.clear()


def rupress_workers(texts, ids, workers):
    """The whole run as the CLI does it, with a local process pool (model loading included)."""
    from pipeline.run import run
    from pipeline.types import Document

    docs = [Document(doc_id=i, text=t, source=i) for i, t in zip(ids, texts)]
    t0 = time.perf_counter()
    run(docs, None, workers=workers, chunk_size=16)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factru", default=str(ROOT.parent / "shared" / "eval" / "factru-dev"))
    args = ap.parse_args(argv)

    texts, ids = [], []
    for p in sorted((ROOT / "data" / "raw").glob("*.txt")):
        texts.append(p.read_text(encoding="utf-8"))
        ids.append("raw/" + p.stem)
    gold = []
    fpath = Path(args.factru)
    if fpath.is_dir():
        from pipeline.eval.factru import read_corpus

        gold = read_corpus(fpath)
        names_gold = read_corpus(fpath, mentions="names")
        texts += [g.text for g in gold]
        ids += [g.doc_id for g in gold]
    n = len(texts)
    chars = sum(map(len, texts))
    print(f"{n} texts, {chars:,} characters ({len(gold)} with gold annotation)\n")

    from threadpoolctl import threadpool_limits

    gc.collect()
    nat_full, t_nat_full = natasha_full(texts)  # BLAS free to use every core
    with threadpool_limits(1):
        _, t_nat_full_1 = natasha_full(texts)  # one core, as one rupress process uses
    nat_ner, t_nat_ner = natasha_ner_only(texts)
    from pipeline.extractors.registry import DEFAULT_EXTRACTORS

    ours_ent, t_ours_ent = rupress_run(texts, ids, ("entities",))
    ours_all, t_ours_all = rupress_run(texts, ids, DEFAULT_EXTRACTORS)
    ours_name, _ = rupress_run(texts, ids, ("entities",), entity_spans="name") if gold else (None, 0)
    import os

    ncores = os.cpu_count() or 1
    t_pool = rupress_workers(texts, ids, ncores) if ncores > 1 else None

    rows = [
        ("plain Natasha: NER only (segment + NER)", t_nat_ner),
        ("plain Natasha: full (morph + syntax + NER + normalize), BLAS on every core", t_nat_full),
        ("plain Natasha: full, one BLAS thread", t_nat_full_1),
        ("rupress: entities (morph + syntax + NER + rules + normal forms + clusters)", t_ours_ent),
        (f"rupress: all extractors ({', '.join(DEFAULT_EXTRACTORS)})", t_ours_all),
    ]
    if t_pool:
        rows.append((f"rupress: all extractors, --workers {ncores} (includes loading models in each worker)", t_pool))
    print(f"{'configuration':<80} {'seconds':>8} {'docs/s':>8}")
    for name, t in rows:
        print(f"{name:<80} {t:8.2f} {n / t:8.1f}")
    print("\nspeed ratios against plain Natasha's full pipeline (> 1: rupress is faster)")
    print(f"  one core each (one BLAS thread):   rupress entities {t_nat_full_1 / t_ours_ent:.2f}x, "
          f"all extractors {t_nat_full_1 / t_ours_all:.2f}x")
    if t_pool:
        print(f"  whole machine ({ncores} cores):        rupress all extractors with --workers {ncores} "
              f"{t_nat_full / t_pool:.2f}x (Natasha's BLAS on every core)")

    if gold:
        from pipeline.eval.runner import mentions_by_doc
        from pipeline.eval.scoring import format_table, score_mentions

        base_pred = {i: p for i, p in zip(ids, nat_ner)}
        for title, g, ours in (("union of spans; rupress --entity-spans full", gold, ours_ent),
                               ("name spans (naeval convention); rupress --entity-spans name", names_gold, ours_name)):
            print(f"\nNER on factRuEval dev, exact span, gold = {title}; base = plain Natasha")
            print(format_table(score_mentions(g, mentions_by_doc(ours)), score_mentions(g, base_pred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
