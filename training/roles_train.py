"""Train the role scorer (person–post, person/post–organisation pairs) on NEREL train; thresholds on dev.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python training/roles_train.py [--nerel DIR]

Reads ``DIR/train`` and ``DIR/dev`` (brat; default ``../shared/eval/nerel``), parses them as
``process`` does (cached under ``build/roles/``, ``training/roles_data.py``), runs rupress's
entities and role rules on each document, builds the candidate pairs of
``pipeline/extractors/roles/learned.py`` and labels them from the gold WORKS_AS / WORKPLACE
relations (both ends overlap). Trains one logistic model over hashed features with numpy
(Adagrad, L2, fixed seed), picks the three thresholds on dev end to end (the NEREL relation
scorer of ``rupress eval nerel``), and writes ``pipeline/models/roles/weights.npz`` and
``meta.json``. No corpus text is written into the package.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.relations_train import SEED, proba, train  # noqa: E402
from training.roles_data import parse  # noqa: E402

OUT = ROOT / "pipeline" / "models" / "roles"
KIND_REL = {"WA": "WORKS_AS", "WP": "WORKPLACE", "QP": "WORKPLACE"}
KIND_ARG1 = {"WA": "PERSON", "WP": "PERSON", "QP": "PROFESSION"}
GRID = {"WA": np.arange(0.2, 0.75, 0.05), "QP": np.arange(0.2, 0.8, 0.1), "WP": np.arange(0.3, 0.95, 0.1)}


def gold_pairs(doc) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """kind -> (arg1 span, arg2 span) of the gold relations, original offsets."""
    ents = {e.entity_id: e for e in doc.entities}
    out: dict[str, list] = {k: [] for k in KIND_REL}
    for typ, a, b in doc.relations:
        if a not in ents or b not in ents:
            continue
        ea, eb = ents[a], ents[b]
        for k, rel in KIND_REL.items():
            if typ == rel and ea.type == KIND_ARG1[k]:
                out[k].append(((ea.start, ea.end), (eb.start, eb.end)))
    return out


def _ov(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def prepare(data):
    """Per document: (gold doc, Context, MentionIndex, pairs, labels)."""
    from pipeline.extractors.base import Context
    from pipeline.extractors.common import MentionIndex
    from pipeline.extractors.entities import extractor as entities
    from pipeline.extractors.roles.extractor import rule_roles
    from pipeline.extractors.roles.learned import candidate_pairs
    from pipeline.types import Document

    out = []
    for g, norm, sd in data:
        ctx = Context(doc=Document(doc_id=g.doc_id, text=g.text, source=g.doc_id), norm=norm, sdoc=sd)
        entities.run(ctx)
        mi = MentionIndex.from_results(ctx.results)
        rules = rule_roles(sd, mi)
        pairs = candidate_pairs(sd, mi, rules)
        gold = gold_pairs(g)
        y = []
        for p in pairs:
            a, b = p.spans()
            a, b = norm.to_original(*a), norm.to_original(*b)
            y.append(int(any(_ov(a, ga) and _ov(b, gb) for ga, gb in gold[p.kind])))
        out.append((g, ctx, mi, rules, pairs, y))
    return out


def end_to_end(prepared, scores, thresholds, rules_only: bool = False):
    """WORKS_AS and WORKPLACE PRF on dev, scored as ``rupress eval nerel`` scores them."""
    import pandas as pd

    from pipeline.eval import nerel_relations as NR
    from pipeline.extractors.roles.extractor import _kept, role_rows
    from pipeline.extractors.roles.learned import decode

    mrows, rrows = [], []
    for (g, ctx, mi, rules, pairs, _), sc in zip(prepared, scores):
        roles = _kept(rules) if rules_only else decode(pairs, sc, thresholds, ctx.sdoc)
        rrows += role_rows(ctx, mi, roles)
        for m in mi.mentions:
            mrows.append({"doc_id": g.doc_id, "start": m.orig[0], "end": m.orig[1],
                          "entity_id": mi.entity_ids[m.entity] if m.entity is not None else None})
    empty = pd.DataFrame(columns=["event_id", "doc_id", "trigger_start", "trigger_end", "location_entity_id",
                                  "start", "end", "role", "entity_id"])
    tables = {"events": empty, "event_arguments": empty, "mentions": pd.DataFrame(mrows),
              "roles": pd.DataFrame(rrows, columns=["doc_id", "person_start", "person_end", "position_start",
                                                    "position_end", "org_entity_id"])}
    ev, rels = NR.predictions(tables)
    res = NR.score([p[0] for p in prepared], ev, rels)
    return res["WORKS_AS"], res["WORKPLACE"]


def flat(prepared):
    feats, y = [], []
    for *_, pairs, labels in prepared:
        feats += [p.feats for p in pairs]
        y += labels
    return feats, np.array(y)


def doc_scores(prepared, W, b):
    out = []
    for *_, pairs, _ in prepared:
        out.append(list(proba(W, b, [p.feats for p in pairs])[:, 1]) if pairs else [])
    return out


def main(argv=None) -> int:
    from pipeline.eval.nerel import read_corpus

    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared" / "eval" / "nerel"))
    ap.add_argument("--epochs", type=int, default=10)
    a = ap.parse_args(argv)
    t0 = time.time()
    np.random.seed(SEED)
    train_docs = read_corpus(Path(a.nerel) / "train")
    dev_docs = read_corpus(Path(a.nerel) / "dev")
    tr = prepare(parse("train", train_docs))
    dv = prepare(parse("dev", dev_docs))
    tf, ty = flat(tr)
    print(f"train pairs {len(tf)} ({ty.sum()} positive) from {len(tr)} documents; {time.time() - t0:.0f}s",
          flush=True)
    W, b = train(tf, ty, 2, epochs=a.epochs, lr=0.05, l2=1e-4)
    scores = doc_scores(dv, W, b)
    wa, wp = end_to_end(dv, scores, {}, rules_only=True)
    print(f"rules only: WORKS_AS {wa.f1:.3f}  WORKPLACE {wp.f1:.3f}", flush=True)
    best = None
    for twa in GRID["WA"]:
        wa, _ = end_to_end(dv, scores, {"WA": twa, "QP": 1.1, "WP": 1.1})
        if best is None or wa.f1 > best[0]:
            best = (wa.f1, twa)
    th = {"WA": float(best[1])}
    best = None
    for tmore in np.arange(0.3, 1.15, 0.1):
        wa, _ = end_to_end(dv, scores, {**th, "WA+": tmore, "QP": 1.1, "WP": 1.1})
        if best is None or wa.f1 > best[0]:
            best = (wa.f1, tmore)
    th["WA+"] = float(best[1])
    best = None
    for tpost in np.arange(0.0, 0.65, 0.1):
        wa, _ = end_to_end(dv, scores, {**th, "WA_post": tpost, "QP": 1.1, "WP": 1.1})
        if best is None or wa.f1 > best[0] + 1e-9:
            best = (wa.f1, tpost)
    th["WA_post"] = float(best[1])
    best = None
    for tqp, twp in itertools.product(GRID["QP"], GRID["WP"]):
        _, wp = end_to_end(dv, scores, {**th, "QP": tqp, "WP": twp})
        if best is None or wp.f1 > best[0]:
            best = (wp.f1, tqp, twp)
    th.update(QP=float(best[1]), WP=float(best[2]))
    wa, wp = end_to_end(dv, scores, th)
    print(f"learned: WORKS_AS {wa.f1:.3f} (P {wa.precision:.3f} R {wa.recall:.3f})  "
          f"WORKPLACE {wp.f1:.3f} (P {wp.precision:.3f} R {wp.recall:.3f}) at {th}", flush=True)
    meta = {"seed": SEED, "data": f"NEREL v1.1 train ({len(tr)} documents); thresholds on dev ({len(dv)})",
            "classes": ["NO", "YES"], "thresholds": {k: round(v, 3) for k, v in th.items()},
            "train_pairs": len(tf), "epochs": a.epochs,
            "dev": {"WORKS_AS": round(wa.f1, 3), "WORKPLACE": round(wp.f1, 3)},
            "train_seconds": round(time.time() - t0)}
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT / "weights.npz", W=W.astype(np.float16), b=b.astype(np.float32))
    (OUT / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'weights.npz'} ({(OUT / 'weights.npz').stat().st_size // 1024} KB) in "
          f"{time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
