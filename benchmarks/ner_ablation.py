"""NER rule ablation on factRuEval: plain Natasha, no rules, all rules, leave-one-out, add-one-in.

Scored against both gold conventions: ``union`` (a mention is its object's span union, descriptors
included; ``DEFAULT_RULES`` target it) and ``names`` (name spans only; ``NAME_RULES`` target it).

    python benchmarks/ner_ablation.py [--factru ../shared/eval/factru-dev] [--errors LABEL] [--rules a,b]

The pipeline parses each text once (textnorm, then the spaCy pipeline); rules run on the cached
Docs, so each configuration costs well under a second. Spans map back to the original text with
``NormText.to_original`` before scoring (gold offsets refer to the original text).
``--errors ORG`` prints false positives and false negatives of the chosen configuration.
"""
from __future__ import annotations

import argparse
import importlib
import sys
import time
import types
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _import_pipeline():
    """Import the submodules this needs even if the package's other stages are not importable."""
    try:
        importlib.import_module("pipeline")
    except ImportError:
        for k in [k for k in sys.modules if k == "pipeline" or k.startswith("pipeline.")]:
            del sys.modules[k]
        pkg = types.ModuleType("pipeline")
        pkg.__path__ = [str(ROOT / "pipeline")]
        sys.modules["pipeline"] = pkg
    mods = {}
    for name, module in (("nlp", "nlp"), ("textnorm", "text"), ("entity_rules", "extractors.entities.rules"),
                         ("evaluation", "eval")):
        mods[name] = importlib.import_module(f"pipeline.{module}")
    mods["baseline"] = importlib.import_module("pipeline.eval.baseline")
    return mods


M = _import_pipeline()
er = M["entity_rules"]
ev = M["evaluation"]
LABELS = ("PER", "ORG", "LOC")


def parse(gold, cache=None):
    nlp = M["nlp"].shared()
    norms = [M["textnorm"].normalize(g.text) for g in gold]
    if cache and Path(cache).exists():
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [n.text for n in norms]:
            return norms, docs
    docs = list(nlp.pipe([n.text for n in norms], batch_size=16))
    if cache:
        from spacy.tokens import DocBin

        DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return norms, docs


def predict(gold, norms, docs, rules):
    out = {}
    for g, n, d in zip(gold, norms, docs):
        spans = er.apply(d, rules)
        out[g.doc_id] = [(*n.to_original(s.start_char, s.end_char), s.label_) for s, _ in spans]
    return out


def row(name, scores, ref=None):
    cells = [f"{name:<28}"]
    for lab in LABELS + ("ALL",):
        p = scores[lab]
        cells.append(f"{p.precision:.3f} {p.recall:.3f} {p.f1:.3f}")
        if ref is not None:
            cells[-1] += f" {p.f1 - ref[lab].f1:+.3f}"
    return " | ".join(cells)


def header(with_delta):
    w = 25 if with_delta else 18
    return " | ".join([f"{'config':<28}"] + [f"{lab + ' P/R/F1' + (' dF1' if with_delta else ''):<{w}}"
                                           for lab in LABELS + ("ALL",)])


def errors(gold, pred, label, limit=400):
    n = 0
    for g in gold:
        gs = {(m.start, m.end) for m in g.mentions if m.label == label}
        ps = {(s, e) for s, e, lab in pred[g.doc_id] if lab == label}
        other = {(s, e): lab for s, e, lab in pred[g.doc_id]}
        gold_other = {(m.start, m.end): m.label for m in g.mentions}
        for s, e in sorted(ps - gs):
            ctx = g.text[max(0, s - 40):s] + "[" + g.text[s:e] + "]" + g.text[e:e + 30]
            hint = gold_other.get((s, e), "")
            near = [g.text[a:b] for a, b in gs if a < e and s < b]
            print(f"FP {g.doc_id} {hint or '-':3} near={near} :: {ctx!r}")
            n += 1
        for s, e in sorted(gs - ps):
            ctx = g.text[max(0, s - 40):s] + "[" + g.text[s:e] + "]" + g.text[e:e + 30]
            near = [g.text[a:b] + "/" + lab for (a, b), lab in other.items() if a < e and s < b]
            print(f"FN {g.doc_id} near={near} :: {ctx!r}")
            n += 1
        if n > limit:
            break


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--factru", default=str(ROOT.parent / "shared" / "eval" / "factru-dev"))
    ap.add_argument("--errors", choices=LABELS)
    ap.add_argument("--rules", help="comma-separated rules for --errors (default: DEFAULT_RULES)")
    ap.add_argument("--no-ablation", action="store_true")
    ap.add_argument("--gold", choices=("union", "names"), default="union",
                    help="gold convention for --errors (the ablation prints both)")
    ap.add_argument("--cache", help="DocBin file to reuse parsed Docs across runs while developing rules")
    args = ap.parse_args(argv)

    path = Path(args.factru)
    if not path.exists():
        path = Path("/work/shared/eval/factru-dev")
    golds = {mode: ev.read_corpus(path, mentions=mode) for mode in ("union", "names")}
    gold = golds["union"]
    t0 = time.perf_counter()
    norms, docs = parse(gold, args.cache)
    t_parse = time.perf_counter() - t0

    if args.errors:
        rules = er.DEFAULT_RULES if args.rules is None else [r for r in args.rules.split(",") if r]
        pred = predict(gold, norms, docs, rules)
        errors(golds[args.gold], pred, args.errors)
        print(row("selected", ev.score_mentions(golds[args.gold], pred)))
        if args.no_ablation:
            return 0

    base_pred = dict(zip((g.doc_id for g in gold), M["baseline"].natasha_mentions([g.text for g in gold])))
    t1 = time.perf_counter()
    preds = {"none": predict(gold, norms, docs, []), "all": predict(gold, norms, docs, er.DEFAULT_RULES),
             "names": predict(gold, norms, docs, er.NAME_RULES)}
    t_rules = time.perf_counter() - t1
    for name in er.DEFAULT_RULES:
        preds["-" + name] = predict(gold, norms, docs, [r for r in er.DEFAULT_RULES if r != name])
        preds["+" + name] = predict(gold, norms, docs, [name])
    for name in er.NAME_RULES:
        preds["n-" + name] = predict(gold, norms, docs, [r for r in er.NAME_RULES if r != name])
    print(f"factRuEval dev: {len(gold)} documents; parse {t_parse:.1f} s, all rules {t_rules:.2f} s")
    for mode, g in golds.items():
        sc = lambda p: ev.score_mentions(g, p)  # noqa: E731
        base, none, full = sc(base_pred), sc(preds["none"]), sc(preds["all"])
        print()
        print(f"Gold mentions = {mode}" + (" (object span union)" if mode == "union" else " (name spans)"))
        print(header(True))
        print(row("plain natasha", base, base))
        print(row("pipeline, no rules", none, base))
        print(row("pipeline, all rules", full, base))
        print(row("pipeline, NAME_RULES", sc(preds["names"]), base))
        print("per rule: '-' leave-one-out (dF1 vs all rules), '+' add-one-in (dF1 vs no rules)")
        for name in er.DEFAULT_RULES:
            print(row(f"- {name}", sc(preds["-" + name]), full))
            print(row(f"+ {name}", sc(preds["+" + name]), none))
        if mode == "names":
            names_full = sc(preds["names"])
            print("NAME_RULES leave-one-out (dF1 vs NAME_RULES)")
            for name in er.NAME_RULES:
                print(row(f"- {name}", sc(preds["n-" + name]), names_full))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
