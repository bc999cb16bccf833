"""Would a learned per-span decision between the NEREL tagger and Natasha + rules help ORG and LOC?

Two kinds of candidate, where the two sources disagree without a question of span convention:
``add``, a tagger span of the label that overlaps no rule mention (of any label); ``keep``, a
rule mention of the label that overlaps no tagger span of that label. Each gets binary features
(which source, the tagger's NEREL type, the label the other source gives the words, length,
capitalisation, descriptor words, the rule that made the span, position in the sentence); a
logistic model (numpy, L2, full-batch gradient descent: deterministic) is fitted on the first
``--train-docs`` NEREL train documents, labelled by NEREL's gold. Each decision is then applied
alone, per label and threshold, on NEREL dev and on factRuEval dev (both span conventions), and
beside it the rule-like filter rupress uses (``learned.POLICY`` ``add_names``: head a noun, first
word capitalised, a proper noun inside). Parses are cached under ``build/combine/``.

    python benchmarks/nerel_span_combine.py [--nerel ../shared/eval/nerel] [--factru ../shared/eval/factru-dev]

Measured (docs/models.md): the model's scores do not separate right from wrong on factRuEval, since
what NEREL calls right there is its own convention (``российского`` COUNTRY, ``правительство`` ORG);
only the ``add_names`` filter for LOC loses on neither set.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, Span  # noqa: E402

from pipeline.extractors.entities import learned, rules as er  # noqa: E402
from pipeline.extractors.entities.rules.tokens import sent_starts  # noqa: E402
from pipeline.resources import fold, words  # noqa: E402

CACHE = ROOT / "build" / "combine"
LABELS = ("ORG", "LOC")
_QUOTES = frozenset("«»\"„“”")


def _shape(text: str) -> str:
    if text.isupper() and len(text) > 1:
        return "UP"
    if text[:1].isupper():
        return "Title"
    if text[:1].islower():
        return "low"
    return "other"


def features(doc: Doc, span: Span, kind: str, source: str, other: list[str], raw_type: str | None) -> list[str]:
    """Binary features of one candidate (``kind`` ``add`` or ``keep``); ``other`` lists the labels
    the other source gives overlapping words."""
    lab = span.label_
    first, last = span[0], span[-1]
    n = len(span)
    root = span.root
    lem = fold(first.lemma_ or first.text)
    f = [
        "bias", f"len={min(n, 5)}", f"first={_shape(first.text)}", f"last={_shape(last.text)}",
        f"root_pos={root.pos_}", f"root_case={','.join(root.morph.get('Case')) or '-'}",
        f"src={source.split(':')[0] if kind == 'add' else source}",
        f"sent_start={sent_starts(doc)[span.start] == span.start}",
        f"other={'|'.join(sorted(set(other))) or 'none'}",
        f"propn={any(t.pos_ == 'PROPN' for t in span)}",
        f"quote={any(t.text in _QUOTES for t in span)}",
        f"descr_org={lem in words('entities/org_descriptors') or lem in words('entities/org_heads')}",
        f"descr_loc={lem in words('entities/loc_descriptors')}",
        f"all_title={all(t.text[:1].isupper() for t in span if t.is_alpha)}",
        f"ner_tok={bool(first.ent_type_)}",
        f"ner_lab={first.ent_type_ or '-'}",
    ]
    if raw_type:
        f.append(f"type={raw_type}")
    prev = doc[span.start - 1] if span.start > 0 else None
    f.append(f"prev_pos={prev.pos_ if prev is not None else '-'}")
    f.append(f"prev_adp={fold(prev.text) if prev is not None and prev.pos_ == 'ADP' else '-'}")
    # every feature also crossed with the kind and label: the two decisions differ
    return [f"{kind}:{lab}:{x}" for x in f] + [f"{kind}:{x}" for x in f]


def candidates(doc: Doc, rule_spans: list[tuple[Span, str]], model: list[tuple[Span, str]]):
    """(kind, Span, source, other labels, raw type) of each ``add`` and ``keep`` candidate."""
    out = []
    rules = [(s, src) for s, src in rule_spans]
    for span, raw in model:
        if span.label_ not in LABELS:
            continue
        if any(span.start < s.end and s.start < span.end for s, _ in rules):
            continue
        other = [m.label_ for m, _ in model if m is not span and m.start < span.end and span.start < m.end]
        out.append(("add", span, "nerel", other, raw))
    for span, src in rules:
        if span.label_ not in LABELS:
            continue
        if any(m.label_ == span.label_ and m.start < span.end and span.start < m.end for m, _ in model):
            continue
        other = [m.label_ for m, _ in model if m.start < span.end and span.start < m.end]
        raw = next((r for m, r in model if m.start < span.end and span.start < m.end), None)
        out.append(("keep", span, src, other, raw))
    return out


def gather(name: str, texts: list[tuple[str, str]], spans: str = "full"):
    """Per document: (doc_id, base predicted set, candidates as (kind, (s, e, label), feats))."""
    path = CACHE / f"{name}-{spans}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from pipeline.nlp import shared

    nlp = shared()
    rules = er.NAME_RULES if spans == "name" else None
    out = []
    for k, ((doc_id, _), doc) in enumerate(zip(texts, nlp.pipe((t for _, t in texts), batch_size=8))):
        if k % 50 == 0:
            print(f"{name}: {k}/{len(texts)} documents parsed", flush=True)
        rule_spans = er.apply(doc, rules)
        model = learned.typed_model_spans(doc)
        base = {(s.start_char, s.end_char, s.label_) for s, _ in rule_spans}
        cands = []
        for kind, span, src, other, raw in candidates(doc, rule_spans, model):
            cands.append((kind, (span.start_char, span.end_char, span.label_),
                          features(doc, span, kind, src, other, raw)))
        out.append((doc_id, base, cands))
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def fit(X: list[list[str]], y: list[int], l2: float = 1.0, epochs: int = 300, lr: float = 0.5):
    counts = Counter(f for fs in X for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= 2))}
    rows = [[vocab[f] for f in fs if f in vocab] for fs in X]
    A = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for r, idx in enumerate(rows):
        A[r, idx] = 1.0
    t = np.asarray(y, dtype=np.float64)
    w = np.zeros(len(vocab))
    n = len(rows)
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-np.clip(A @ w, -30, 30)))
        grad = A.T @ (p - t) / n + l2 * w / n
        w -= lr * grad * 10
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) > 1e-4}


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def simulate(data, gold, weights, thresholds, label, adjust=None):
    """(tp, fp, fn) of ``label`` with the decisions in ``thresholds`` applied."""
    tp = fp = fn = 0
    for doc_id, base, cands in data:
        pred = {x for x in base if x[2] == label}
        for kind, span, feats in cands:
            if span[2] != label:
                continue
            t = thresholds.get(f"{kind}:{label}")
            if t is None:
                continue
            p = 1.0 / (1.0 + np.exp(-sum(weights.get(f, 0.0) for f in feats)))
            if kind == "add" and p >= t:
                pred.add(span)
            elif kind == "keep" and p < t:
                pred.discard(span)
        if adjust:
            pred = {adjust(doc_id, x) for x in pred}
        g = {x for x in gold[doc_id] if x[2] == label}
        tp += len(pred & g)
        fp += len(pred - g)
        fn += len(g - pred)
    return tp, fp, fn


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared/eval/nerel"))
    ap.add_argument("--factru", default=str(ROOT.parent / "shared/eval/factru-dev"))
    ap.add_argument("--train-docs", type=int, default=300, help="the first N NEREL train documents (parse time)")
    args = ap.parse_args(argv)
    from pipeline.eval import nerel, read_corpus

    splits = {s: nerel.read_corpus(Path(args.nerel) / s) for s in ("train", "dev")}
    splits["train"] = splits["train"][:args.train_docs]
    data = {s: gather(f"nerel-{s}" + (f"{args.train_docs}" if s == "train" else ""), [(d.doc_id, d.text) for d in docs])
            for s, docs in splits.items()}
    ngold = {s: {d.doc_id: d.spans(LABELS) for d in docs} for s, docs in splits.items()}
    X, y = [], []
    for doc_id, _, cands in data["train"]:
        for kind, span, feats in cands:
            X.append(feats)
            y.append(int(span in ngold["train"][doc_id]))
    print(f"train candidates {len(X)}, positive {sum(y)}", flush=True)
    weights = fit(X, y)
    fgold, fdata = None, {}
    if args.factru and Path(args.factru).exists():
        fdocs = {"full": read_corpus(args.factru), "name": read_corpus(args.factru, mentions="names")}
        fgold = {k: {d.doc_id: {(m.start, m.end, m.label) for m in d.mentions} for d in v} for k, v in fdocs.items()}
        texts = {k: {d.doc_id: d.text for d in v} for k, v in fdocs.items()}
        fdata = {k: gather(f"factru-dev-{k}" if k == "name" else "factru-dev", [(d.doc_id, d.text) for d in v], k)
                 for k, v in fdocs.items()}

        def adjust_for(k):
            def adjust(doc_id, x):  # factRuEval spans stop before a closing quote (eval/runner.py)
                s, e, lab = x
                t = texts[k][doc_id][s:e]
                return (s, e - 1, lab) if t.endswith("»") and t.count("«") == t.count("»") else x
            return adjust
    def by_name(data):  # the add_names filter, read from the features it is made of
        def ok(f):
            return any(x in f for x in ("add:root_pos=NOUN", "add:root_pos=PROPN")) \
                and any(x in f for x in ("add:first=Title", "add:first=UP")) and "add:propn=True" in f
        return [(d, b, [c for c in cands if c[0] != "add" or ok(set(c[2]))]) for d, b, cands in data]

    print("\ndecision   label  threshold  NEREL dev F1  factRuEval full  factRuEval name   (rules alone first)")
    for label in LABELS:
        rows = [("rules", None, {}, False)]
        for kind in ("add", "keep"):
            for t in (0.3, 0.5, 0.7, 0.9):
                rows.append((kind, t, {f"{kind}:{label}": t}, False))
        rows.append(("add_names", None, {f"add:{label}": 0.0}, True))
        for kind, t, th, filt in rows:
            nd = by_name(data["dev"]) if filt else data["dev"]
            cells = [f1(*simulate(nd, ngold["dev"], weights, th, label))]
            if fgold:
                for k in ("full", "name"):
                    fd = by_name(fdata[k]) if filt else fdata[k]
                    cells.append(f1(*simulate(fd, fgold[k], weights, th, label, adjust_for(k))))
            print(f"{kind:10s} {label:5s}  {t if t is not None else '-':>9}  " + "  ".join(f"{x:13.3f}" for x in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
