"""NEREL parsed as rupress parses it, cached under ``build/roles/`` for the role scorer.

    nice -n 10 .venv/bin/python training/roles_data.py [--nerel DIR] [--split dev|train]

Each document is normalized (``pipeline.text.normalize``) and parsed with the models ``process``
uses (Natasha + the NEREL tagger, ``nlp.shared()``); parses are saved in chunks of ``CHUNK``
documents (``{split}-{k}.spacy``), so an interrupted run resumes and a partial cache is usable.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = ROOT / "build" / "roles"
CHUNK = 50
ATTRS = ["ORTH", "LEMMA", "POS", "MORPH", "HEAD", "DEP", "SENT_START", "ENT_IOB", "ENT_TYPE", "SPACY"]


def _chunk_path(split: str, k: int) -> Path:
    return CACHE / f"{split}-{k:03d}.spacy"


def parse(split: str, docs, write: bool = True, limit_chunks: int | None = None):
    """(NerelDoc, NormText, spaCy Doc) of every document whose chunk is cached or parsed now."""
    from spacy.tokens import DocBin

    from pipeline.nlp import shared
    from pipeline.text import normalize

    nlp = shared()
    out = []
    CACHE.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    n_chunks = (len(docs) + CHUNK - 1) // CHUNK
    for k in range(n_chunks if limit_chunks is None else min(n_chunks, limit_chunks)):
        part = docs[k * CHUNK:(k + 1) * CHUNK]
        norms = [normalize(d.text) for d in part]
        path = _chunk_path(split, k)
        if path.exists():
            sdocs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        elif write:
            sdocs = list(nlp.pipe((n.text for n in norms), batch_size=8))
            db = DocBin(attrs=ATTRS)
            for d in sdocs:
                db.add(d)
            db.to_disk(path)
            print(f"  {split}: chunk {k + 1}/{n_chunks} {time.time() - t0:.0f}s", flush=True)
        else:
            break
        out.extend(zip(part, norms, sdocs))
    return out


def main(argv=None) -> int:
    from pipeline.eval.nerel import read_corpus

    ap = argparse.ArgumentParser()
    ap.add_argument("--nerel", default=str(ROOT.parent / "shared" / "eval" / "nerel"))
    ap.add_argument("--split", action="append")
    a = ap.parse_args(argv)
    for split in a.split or ["dev", "train"]:
        docs = read_corpus(Path(a.nerel) / split)
        got = parse(split, docs)
        print(f"{split}: {len(got)}/{len(docs)} documents parsed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
