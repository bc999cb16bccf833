"""Train the relation models (event triggers, event arguments) on NEREL train; pick thresholds on dev.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python training/relations_train.py [--nerel DIR]

Reads ``DIR/train`` and ``DIR/dev`` (brat; default ``../shared/eval/nerel``), parses them with the
rupress spaCy pipeline (cached under ``build/relations/``), trains two multinomial logistic models
over hashed features (``pipeline/models/relations/features.py``) with numpy (Adagrad, L2, fixed
seed), and writes ``pipeline/models/relations/weights.npz`` and ``meta.json``. No corpus text is
written into the package: only weights and the figures on dev.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.eval.nerel import read_corpus  # noqa: E402
from pipeline.extractors.events.learned import ARG_CLASSES, arg_type_of_nerel, lexicon_type, token_labels  # noqa: E402
from pipeline.models.relations.features import (  # noqa: E402
    BUCKETS, between_count, hash_ids, pair_features, trigger_features)

CACHE = ROOT / "build" / "relations"
OUT = ROOT / "pipeline" / "models" / "relations"
SEED = 13


def parse(split: str, docs):
    """The parsed documents and, per document, token index -> the label of the rupress mention
    covering it, read as the run time reads it (``learned.token_labels`` over the entities
    extractor's mentions), so the trigger model's entity feature means the same in both."""
    from spacy.tokens import DocBin

    from pipeline.nlp import load
    from pipeline.nlp.components import NATASHA_COMPONENTS

    path = CACHE / f"{split}.spacy"
    lpath = CACHE / f"{split}.labels.json"
    nlp = load(NATASHA_COMPONENTS + ("rupress_entities",))
    if path.exists() and lpath.exists():
        db = DocBin().from_disk(path)
        out = list(db.get_docs(nlp.vocab))
        labels = [{int(k): v for k, v in d.items()} for d in json.loads(lpath.read_text(encoding="utf-8"))]
        if len(out) == len(docs) == len(labels):
            return out, labels
    from pipeline.extractors.common import MentionIndex

    CACHE.mkdir(parents=True, exist_ok=True)
    out, labels = [], []
    t0 = time.time()
    for i, d in enumerate(docs):
        sd = nlp(d.text)
        out.append(sd)
        labels.append(token_labels(MentionIndex.from_results(sd._.rupress.results), len(sd)))
        if i % 100 == 0:
            print(f"  {split}: {i}/{len(docs)} {time.time() - t0:.0f}s", flush=True)
    print(f"  {split}: parsed {len(docs)} in {time.time() - t0:.0f}s", flush=True)
    db = DocBin(attrs=["ORTH", "LEMMA", "POS", "MORPH", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE"])
    for d in out:
        db.add(d)
    db.to_disk(path)
    lpath.write_text(json.dumps(labels), encoding="utf-8")
    return out, labels


def head_token(sdoc, s: int, e: int):
    span = sdoc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def examples(docs, sdocs, labels):
    """Trigger rows (features, label) and argument rows (features, class index)."""
    tf, ty, af, ay = [], [], [], []
    for doc, sd, lab in zip(docs, sdocs, labels):
        ents = {e.entity_id: e for e in doc.entities}
        heads = {}
        inside = set()
        for e in doc.entities:
            if e.type != "EVENT":
                continue
            h = head_token(sd, e.start, e.end)
            if h is None:
                continue
            heads[e.entity_id] = h
            span = sd.char_span(e.start, e.end, alignment_mode="expand")
            inside.update(t.i for t in span)
        head_ids = {h.i for h in heads.values()}
        for t in sd:
            if t.is_punct or t.is_space:
                continue
            if t.i in inside and t.i not in head_ids:
                continue
            tf.append(trigger_features(t, lexicon_type(t), lab.get(t.i, "")))
            ty.append(1 if t.i in head_ids else 0)
        # arguments: gold event heads x gold entities of a candidate type in the same sentence
        rel = {}
        for typ, a, b in doc.relations:
            if typ in ARG_CLASSES:
                ev, arg = (a, b) if typ in ("TAKES_PLACE_IN", "POINT_IN_TIME") else (b, a)
                rel.setdefault((ev, arg), typ)
        for eid, h in heads.items():
            cands = []
            for e in doc.entities:
                at = arg_type_of_nerel(e.type)
                if at is None or e.entity_id == eid:
                    continue
                ah = head_token(sd, e.start, e.end)
                if ah is None or ah.sent.start != h.sent.start or ah.i == h.i:
                    continue
                cands.append((e, ah, at))
            by_type: dict = {}
            for _, ah, at in cands:
                by_type.setdefault(at, set()).add(ah.i)
            for e, ah, at in cands:
                others = [i for i in by_type[at] if i != ah.i]  # as at run time: one per head and type
                af.append(pair_features(h, ah, at, between=between_count(h, ah, others)))
                ay.append(ARG_CLASSES.index(rel.get((eid, e.entity_id), "NONE")))
    return tf, np.array(ty), af, np.array(ay)


def train(feats, y, n_classes: int, epochs: int = 8, lr: float = 0.3, l2: float = 1e-6, batch: int = 64,
          class_weight=None):
    """Multinomial logistic regression over hashed features, Adagrad, fixed seed."""
    rng = np.random.default_rng(SEED)
    ids = [hash_ids(f) for f in feats]
    W = np.zeros((BUCKETS, n_classes), dtype=np.float64)
    G = np.full((BUCKETS, n_classes), 1e-8)
    b = np.zeros(n_classes)
    gb = np.full(n_classes, 1e-8)
    cw = np.ones(n_classes) if class_weight is None else np.asarray(class_weight, dtype=float)
    n = len(ids)
    for ep in range(epochs):
        order = rng.permutation(n)
        loss = 0.0
        for k in range(0, n, batch):
            idx = order[k:k + batch]
            rows = [ids[i] for i in idx]
            z = np.stack([W[r].sum(axis=0) for r in rows]) + b
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            yy = y[idx]
            loss -= np.log(p[np.arange(len(idx)), yy] + 1e-12).sum()
            g = p
            g[np.arange(len(idx)), yy] -= 1.0
            g *= cw[yy][:, None]
            flat = np.concatenate(rows)
            gw = np.repeat(g, [len(r) for r in rows], axis=0)
            uniq, inv = np.unique(flat, return_inverse=True)
            acc = np.zeros((len(uniq), n_classes))
            np.add.at(acc, inv, gw)
            acc += l2 * W[uniq]
            G[uniq] += acc ** 2
            W[uniq] -= lr * acc / np.sqrt(G[uniq])
            gsum = g.sum(axis=0)
            gb += gsum ** 2
            b -= lr * gsum / np.sqrt(gb)
        print(f"    epoch {ep + 1}: loss {loss / n:.4f}", flush=True)
    return W, b


def proba(W, b, feats):
    z = np.stack([W[hash_ids(f)].sum(axis=0) for f in feats]) + b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def best_threshold(p, y):
    best = (0.0, 0.5)
    for th in np.arange(0.1, 0.9, 0.025):
        pred = p >= th
        tp = int((pred & y).sum())
        fp = int((pred & ~y).sum())
        fn = int((~pred & y).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best[0]:
            best = (f, float(th))
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared" / "eval" / "nerel"))
    ap.add_argument("--parse-only", action="store_true", help="fill the parse cache and stop")
    a = ap.parse_args(argv)
    np.random.seed(SEED)
    train_docs = read_corpus(Path(a.nerel) / "train")
    dev_docs = read_corpus(Path(a.nerel) / "dev")
    print(f"parse: {len(train_docs)} train, {len(dev_docs)} dev", flush=True)
    t0 = time.time()
    tr, trl = parse("train", train_docs)
    dv, dvl = parse("dev", dev_docs)
    print(f"parse (or cache) {time.time() - t0:.0f}s", flush=True)
    if a.parse_only:
        return 0
    tf, ty, af, ay = examples(train_docs, tr, trl)
    dtf, dty, daf, day = examples(dev_docs, dv, dvl)
    print(f"trigger rows {len(tf)} ({ty.sum()} positive); argument rows {len(af)}", flush=True)
    meta = {"seed": SEED, "buckets": BUCKETS, "data": "NEREL v1.1 train (746 documents); thresholds on dev (94)",
            "models": {}}
    arrays = {}
    print("trigger model", flush=True)
    W, b = train(tf, ty, 2, epochs=6, lr=0.05, l2=3e-3)
    p = proba(W, b, dtf)[:, 1]
    f, th = best_threshold(p, dty.astype(bool))
    print(f"  dev token F1 {f:.3f} at {th:.3f}", flush=True)
    meta["models"]["trigger"] = {"classes": ["NO", "EVENT"], "threshold": round(th, 3),
                                 "dev_token_f1": round(f, 3), "train_rows": len(tf)}
    arrays["trigger_W"], arrays["trigger_b"] = W.astype(np.float16), b.astype(np.float32)
    print("argument model", flush=True)
    W, b = train(af, ay, len(ARG_CLASSES), epochs=4, lr=0.1, l2=3e-3)
    P = proba(W, b, daf)
    ths = {}
    for k, c in enumerate(ARG_CLASSES):
        if c == "NONE":
            continue
        f, th = best_threshold(P[:, k], day == k)
        ths[c] = {"threshold": round(th, 3), "dev_pair_f1": round(f, 3)}
        print(f"  {c}: dev pair F1 (gold ends) {f:.3f} at {th:.3f}", flush=True)
    meta["models"]["argument"] = {"classes": list(ARG_CLASSES), "per_class": ths, "train_rows": len(af)}
    arrays["argument_W"], arrays["argument_b"] = W.astype(np.float16), b.astype(np.float32)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "weights.npz", **arrays)
    (OUT / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'weights.npz'} ({(OUT / 'weights.npz').stat().st_size // 1024} KB); "
          f"{time.time() - t0:.0f}s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
