"""Turn NEREL train/dev (brat) into token features and layered BIO tags for ``nerel_train.py``.

Runs in rupress's own venv (it needs Natasha's morphology and NER, whose outputs are input
features of the tagger). Writes ``build/nerel/{train,dev}.pkl`` and ``build/nerel/vectors.npy``
(the navec vectors of every word id seen); nothing of the corpus goes into the package.

    python training/nerel_prepare.py [--nerel ../shared/eval/nerel] [--out build/nerel]
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.eval.nerel import read_corpus  # noqa: E402
from pipeline.models.nerel.features import doc_rows, doc_sentences, featurize, token_rows  # noqa: E402
from pipeline.models.nerel.tags import LEVELS, TYPES, TYPE_ID  # noqa: E402


def levels(ents):
    """Level of each entity: 0 if no other entity of its type strictly contains it, else 1."""
    out = []
    for e in ents:
        inside = any(o is not e and o.type == e.type and o.start <= e.start and e.end <= o.end
                     and (o.start, o.end) != (e.start, e.end) for o in ents)
        out.append(1 if inside else 0)
    return out


def prepare(split_dir: Path, nlp, vocab, stats: dict):
    docs = read_corpus(split_dir)
    sents, gold = [], []
    for d, (g, doc) in enumerate(zip(docs, nlp.pipe([x.text for x in docs], batch_size=16))):
        starts = {t.idx: t.i for t in doc if not t.is_space}
        ends = {t.idx + len(t.text): t.i + 1 for t in doc if not t.is_space}
        sent_of = {}
        sidx = doc_sentences(doc)
        for k, idx in enumerate(sidx):
            for j, i in enumerate(idx):
                sent_of[i] = (k, j)
        tags = [np.zeros((len(idx), LEVELS, len(TYPES)), dtype=np.uint8) for idx in sidx]
        doc_gold = set()
        seen = set()
        for e, lev in zip(g.entities, levels(g.entities)):
            if e.type not in TYPE_ID or (e.start, e.end, e.type) in seen:
                continue
            seen.add((e.start, e.end, e.type))
            stats["entities"] += 1
            s, t = starts.get(e.start), ends.get(e.end)
            if s is None or t is None:
                stats["misaligned"] += 1
                continue
            doc_gold.add((s, t, e.type))
            if s not in sent_of or (t - 1) not in sent_of or sent_of[s][0] != sent_of[t - 1][0]:
                stats["cross_sentence"] += 1
                continue
            k, j0 = sent_of[s]
            j1 = sent_of[t - 1][1] + 1
            ty = TYPE_ID[e.type]
            if tags[k][j0:j1, lev, ty].any():
                stats["collisions"] += 1
                continue
            tags[k][j0, lev, ty] = 1
            tags[k][j0 + 1:j1, lev, ty] = 2
        rows = doc_rows(doc)
        for k, idx in enumerate(sidx):
            feats = featurize(vocab, token_rows(doc, idx, rows))
            sents.append({"doc": d, "tokens": np.array(idx, dtype=np.int32), "feats": feats, "tags": tags[k]})
        gold.append(doc_gold)
    return {"doc_ids": [x.doc_id for x in docs], "sents": sents, "gold": gold}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared/eval/nerel"))
    ap.add_argument("--out", default=str(ROOT / "build/nerel"))
    args = ap.parse_args(argv)
    from pipeline.nlp import load
    from pipeline.nlp.models import _embedding

    nlp = load(["natasha_sentencizer", "natasha_morph", "natasha_ner"])
    emb = _embedding()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    used = set()
    for split in ("train", "dev"):
        t0 = time.perf_counter()
        stats = {"entities": 0, "misaligned": 0, "cross_sentence": 0, "collisions": 0}
        data = prepare(Path(args.nerel) / split, nlp, emb.vocab, stats)
        for s in data["sents"]:
            used.update(s["feats"][:, 0].tolist())
        with open(out / f"{split}.pkl", "wb") as fh:
            pickle.dump(data, fh)
        print(f"{split}: {len(data['doc_ids'])} docs, {len(data['sents'])} sentences, {stats}, "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    ids = np.array(sorted(used), dtype=np.int64)
    np.save(out / "vector_ids.npy", ids)
    np.save(out / "vectors.npy", np.stack([emb.pq[int(i)] for i in ids]).astype(np.float32))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
