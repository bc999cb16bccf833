"""The body head nouns of ``resources/entities/body_heads.txt``, counted on NEREL train.

For every noun with a genitive dependent to its right, counts how often it heads a gold ORG span
(one that starts at it or at its adjectives and ends past the dependent); prints the lemmas seen
heading one at least ``--min`` times in at least ``--share`` of their uses, with their counts.

    python benchmarks/nerel_body_heads.py [--train ../shared/eval/nerel/train] [--min 2] [--share .4]
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.eval.nerel import read_corpus  # noqa: E402
from pipeline.nlp import shared  # noqa: E402
from pipeline.text import normalize  # noqa: E402


def count(gold) -> tuple[collections.Counter, collections.Counter]:
    nlp = shared()
    heads, seen = collections.Counter(), collections.Counter()
    norms = [normalize(g.text) for g in gold]
    for g, norm, doc in zip(gold, norms, nlp.pipe([n.text for n in norms], batch_size=8)):
        org_ends: dict[int, list[int]] = {}
        for e in g.entities:
            if e.label == "ORG":
                org_ends.setdefault(e.start, []).append(e.end)
        for t in doc:
            kids = [c for c in t.children if c.i > t.i and c.dep_ == "nmod" and c.morph.get("Case") == ["Gen"]]
            if t.pos_ != "NOUN" or not kids:
                continue
            lemma = t.lemma_.lower()
            seen[lemma] += 1
            first = min([t.i] + [c.i for c in t.children if c.i < t.i and c.dep_ == "amod"])
            a = norm.to_original(doc[first].idx, doc[first].idx + 1)[0]
            b = norm.to_original(t.idx, t.idx + 1)[0]
            past = norm.to_original(kids[0].idx, kids[0].idx + len(kids[0]))[1]
            if any(end >= past for s in range(a, b + 1) for end in org_ends.get(s, ())):
                heads[lemma] += 1
    return heads, seen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", default=str(ROOT.parent / "shared/eval/nerel/train"))
    ap.add_argument("--min", type=int, default=2)
    ap.add_argument("--share", type=float, default=0.4)
    args = ap.parse_args(argv)
    heads, seen = count(read_corpus(args.train))
    rows = sorted(((heads[w] / seen[w], heads[w], seen[w], w) for w in seen if heads[w] >= args.min), reverse=True)
    for share, n, total, w in rows:
        if share >= args.share:
            print(f"{w}\t{n}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
