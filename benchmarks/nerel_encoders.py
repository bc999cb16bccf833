"""CPU cost of the NEREL tagger's encoders on the same sentences: the shipped BiLSTM against a
slovnet-style CNN (``pipeline.models.nerel.model.CnnTagger``).

    python benchmarks/nerel_encoders.py [--texts 186] [--cnn DIR] [--channels 256] [--dilations 1,2,4,1]

Texts: releases-dev and NEREL dev (``../shared``; else data/raw), parsed once by Natasha's
components; every sentence's features are made once, then each tagger's ``spans`` runs on all of
them (best of three, ``time.process_time``, one BLAS thread as in the pipeline). ``--cnn DIR``
reads trained weights (``weights.npz``, ``meta.json``); without it the CNN has random weights of
the given shape and an output biased to O (as a trained model's
mostly is: decoding costs per span found). Prints µs of CPU per character.
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
SHARED = ROOT.parent / "shared" / "eval"


def texts(n: int) -> list[str]:
    rel = SHARED / "releases-dev" / "releases.jsonl"
    if rel.exists():
        out = [json.loads(line)["text"] for line in rel.read_text(encoding="utf-8").splitlines() if line.strip()]
        out += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "nerel" / "dev").glob("*.txt"))]
    else:
        out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    return out[:n]


def random_cnn(channels: int, dilations: tuple[int, ...], ner: bool = True):
    from pipeline.models.nerel import model as M
    from pipeline.models.nerel.tags import LEVELS, TYPES

    base = M.tagger().w
    rng = np.random.default_rng(0)
    w = {k: base[k] for k in ("hash.weight", "shape.weight", "pos.weight", "case.weight")}
    if ner:
        w["ner.weight"] = base["ner.weight"]
    dim = 300 + sum(v.shape[1] for v in w.values())  # navec, hashes, shape, POS, case (and NER)
    for k, _ in enumerate(dilations):
        w[f"convs.{k}.weight"] = rng.normal(0, dim ** -0.5, (channels, dim, 3)).astype(np.float32)
        w[f"convs.{k}.bias"] = np.zeros(channels, np.float32)
        w[f"norms.{k}.weight"] = np.ones(channels, np.float32)
        w[f"norms.{k}.bias"] = np.zeros(channels, np.float32)
        w[f"norms.{k}.running_mean"] = np.zeros(channels, np.float32)
        w[f"norms.{k}.running_var"] = np.ones(channels, np.float32)
        dim = channels
    w["out.weight"] = rng.normal(0, dim ** -0.5, (LEVELS * len(TYPES) * 3, dim)).astype(np.float32)
    w["out.bias"] = np.zeros(LEVELS * len(TYPES) * 3, np.float32)
    w["out.bias"][0::3] = 8.0  # O wins almost everywhere, as in a trained model (decoding costs per span)
    meta = {"arch": "cnn", "types": list(TYPES), "levels": LEVELS, "dilations": list(dilations), "ner": ner}
    return M.CnnTagger(w, meta, M.tagger().pq)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=186)
    ap.add_argument("--cnn", help="a trained CNN's folder (weights.npz, meta.json)")
    ap.add_argument("--channels", type=int, default=256)
    ap.add_argument("--dilations", default="1,2,4,1")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    from pipeline.models.nerel import model as M
    from pipeline.models.nerel.features import doc_rows, doc_sentences, featurize, token_rows
    from pipeline.nlp import load
    from pipeline.nlp.models import _embedding
    from pipeline.text import normalize

    ts = [normalize(t).text for t in texts(args.texts)]
    nlp = load(["natasha_sentencizer", "natasha_morph", "natasha_ner"])
    vocab = _embedding().vocab
    feats = []
    for doc in nlp.pipe(ts, batch_size=32):
        rows = doc_rows(doc)
        feats += [featurize(vocab, token_rows(doc, idx, rows)) for idx in doc_sentences(doc)]
    chars = sum(map(len, ts))
    if args.cnn:
        cnn = M.load(Path(args.cnn) / "weights.npz", Path(args.cnn) / "meta.json")
        name = f"CNN {args.cnn}"
    else:
        cnn = random_cnn(args.channels, tuple(int(d) for d in args.dilations.split(",")))
        name = f"CNN {args.channels} channels, dilations {args.dilations} (random weights)"
    print(f"{len(ts)} texts, {chars:,} characters, {len(feats)} sentences, {sum(map(len, feats)):,} tokens")
    for label, model in (("BiLSTM (shipped)", M.tagger()), (name, cnn)):
        best = None
        for _ in range(args.rounds):
            t0 = time.process_time()
            model.spans(feats)
            dt = time.process_time() - t0
            best = dt if best is None else min(best, dt)
        print(f"{label:<60} {best:7.2f} CPU s  {1e6 * best / chars:6.2f} µs/char")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
