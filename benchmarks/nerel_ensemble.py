"""How the NEREL tagger should combine with Natasha + rules for PER/ORG/LOC, measured on dev.

For each policy of ``pipeline.extractors.entities.learned`` (``rules``: rules only; ``add``:
rules plus the model's spans that overlap no rule mention; ``model``: the model alone) it runs
the entities extractor over NEREL dev and factRuEval dev and prints exact-span F1 per label, in
both span conventions (``full``, ``name``); also the other labels against NEREL dev.

    python benchmarks/nerel_ensemble.py [--nerel ../shared/eval/nerel/dev] [--factru ../shared/eval/factru-dev]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.eval import nerel, read_corpus, score_mentions  # noqa: E402
from pipeline.eval.runner import mentions_by_doc, predict  # noqa: E402
from pipeline.extractors.entities import learned  # noqa: E402
from pipeline.run import Options  # noqa: E402

BASE = ("PER", "ORG", "LOC")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared/eval/nerel/dev"))
    ap.add_argument("--factru", default=str(ROOT.parent / "shared/eval/factru-dev"))
    ap.add_argument("--policies", default="rules,add,model")
    args = ap.parse_args(argv)
    ngold = nerel.read_corpus(args.nerel)
    fgold = {"full": read_corpus(args.factru), "name": read_corpus(args.factru, mentions="names")}
    labels = list(BASE) + list(learned.NEW_LABELS)
    saved = dict(learned.POLICY)
    rows = []
    try:
        for policy in args.policies.split(","):
            learned.POLICY.update({k: policy for k in BASE})
            for spans in ("full", "name"):
                opts = Options(entity_spans=spans, extractors=("entities",))
                nt, _ = predict(ngold, opts)
                ns = nerel.score(ngold, mentions_by_doc(nt), labels)
                ft, _ = predict(fgold[spans], opts)
                fs = score_mentions(fgold[spans], mentions_by_doc(ft))
                rows.append((policy, spans, ns, fs))
                print(f"{policy:5s} {spans:4s} NEREL " + " ".join(f"{k} {ns[k].f1:.3f}" for k in BASE)
                      + " | factRuEval " + " ".join(f"{k} {fs[k].f1:.3f}" for k in BASE), flush=True)
    finally:
        learned.POLICY.clear()
        learned.POLICY.update(saved)
    print("\nNEREL dev, other labels (policy-independent), spans full:")
    ns = rows[0][2]
    for k in learned.NEW_LABELS:
        p = ns[k]
        print(f"  {k:12s} P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}  (TP {p.tp} FP {p.fp} FN {p.fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
