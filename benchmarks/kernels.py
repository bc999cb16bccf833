"""slovnet's own forward pass against ``pipeline/nlp/kernels.py`` on the same batches.

    python benchmarks/kernels.py [--texts 200]

Texts: the first ``--texts`` of the throughput corpus, tokenized and split into sentences by the
pipeline, batched as ``pipeline.nlp.batching.infer`` batches them. For each of Natasha's NER,
morphology and syntax models: CPU seconds of the model step (``infer.process``) both ways, one
BLAS thread, best of three; the share of tokens whose output (NER tag, morphology tag, syntax
head and relation) is the same; the largest difference of the raw scores.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def batches(model, items, budget):
    from pipeline.nlp.batching import _encode, budget_batches

    enc = model.infer.encoder
    cache: dict = {}
    return [enc.input([_encode(enc, items[i], cache) for i in chunk]) for chunk in budget_batches(items, budget)]


def run(infer, inputs):
    return [list(infer.process([x])) for x in inputs]


def cpu(fn, rounds=3):
    best = None
    for _ in range(rounds):
        t = time.process_time()
        out = fn()
        dt = time.process_time() - t
        best = dt if best is None else min(best, dt)
    return best, out


def same(a, b) -> tuple[int, int]:
    agree = total = 0
    for xa, xb in zip(a, b):
        for pa, pb in zip(xa, xb):
            if isinstance(pa, tuple):  # syntax: (heads, rels)
                ok = (np.asarray(pa[0]) == np.asarray(pb[0])) & (np.asarray(pa[1]) == np.asarray(pb[1]))
            else:
                ok = np.asarray(pa) == np.asarray(pb)
            agree += int(ok.sum())
            total += ok.size
    return agree, total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=200)
    args = ap.parse_args(argv)
    from throughput import corpus_texts

    from pipeline.nlp import components, kernels
    from pipeline.nlp.batching import one_blas_thread, sentence_pieces, words_and_space
    from pipeline.nlp.models import morph_model, ner_model, syntax_model

    texts, notes = corpus_texts()
    texts = texts[:args.texts]
    nlp = components.load(("natasha_sentencizer",))
    docs = list(nlp.pipe(texts))
    sents, whole = [], []
    for doc in docs:
        words, space = words_and_space(doc)
        sents += [[words[i] for i in g] for _, _, g in sentence_pieces(doc, 200, space)]
        whole.append([w for w, s in zip(words, space) if not s])
    print(f"{len(texts)} texts, {len(sents)} sentences, {sum(map(len, sents))} tokens; {'; '.join(notes)}\n")
    print(f"{'model':8} {'slovnet CPU s':>14} {'rupress CPU s':>14} {'ratio':>6}  same output")
    for name, load, items, budget in (("NER", ner_model, whole, 20000), ("morph", morph_model, sents, 1000),
                                      ("syntax", syntax_model, sents, 1000)):
        m = load()
        infer = m.infer
        orig = infer.model.model if isinstance(infer.model, kernels.FastTagger) else infer.model
        inputs = batches(m, items, budget)
        with one_blas_thread():
            infer.model = orig
            t0, a = cpu(lambda: run(infer, inputs))
            infer.model = kernels.FastTagger(orig)
            t1, b = cpu(lambda: run(infer, inputs))
        agree, total = same(a, b)
        print(f"{name:8} {t0:14.2f} {t1:14.2f} {t0 / t1:6.2f}  {agree}/{total} ({100 * agree / total:.3f} %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
