"""CPU of the per-token passes read through ``pipeline.nlp.views`` against the spaCy ``Token`` reads
they replaced, on the same parsed documents in one process (alternated, best of ``--rounds``).

    python benchmarks/bench_views.py [--texts 186] [--rounds 3]

Texts: releases-dev and NEREL dev (``../shared``; else data/raw), parsed once by the models. The
"Token" forms below are the code as it was before ``views`` (kept here as the reference); each pair
is checked to give the same result before it is timed.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


# ------------------------------------------------------------------ the Token forms (before)

def old_bounds(doc):
    return [(s.start, s.end) for s in doc.sents]


def old_nerel_rows(doc):
    sents = []
    for s in doc.sents:
        idx = [t.i for t in s if not t.is_space]
        sents += [idx[k:k + 200] for k in range(0, len(idx), 200) if idx[k:k + 200]]
    out = []
    for idx in sents:
        rows = []
        for i in idx:
            t = doc[i]
            case = t.morph.get("Case")
            ner = "O" if not t.ent_type_ else f"{t.ent_iob_}-{t.ent_type_}"
            rows.append((t.text, t.pos_, case[0] if case else "", ner))
        out.append(rows)
    return out


def new_nerel_rows(doc):
    from pipeline.models.nerel.features import doc_rows, doc_sentences, token_rows

    rows = doc_rows(doc)
    return [token_rows(doc, idx, rows) for idx in doc_sentences(doc)]


def old_docview(doc):
    from pipeline.models.relations.features import _feats
    from pipeline.resources import fold

    toks = list(doc)
    v = [[fold(t.lemma_ or t.text) for t in toks], [t.pos_ for t in toks], [t.dep_ for t in toks],
         [t.head.i for t in toks], [t.text for t in toks], [_feats(t) for t in toks]]
    sent = [(0, 0)] * len(toks)
    for s in doc.sents:
        for i in range(s.start, s.end):
            sent[i] = (s.start, s.end)
    return v + [sent]


def new_docview(doc):
    from pipeline.models.relations.features import DocView

    d = DocView(doc)
    return [d.lemma, d.pos, d.dep, d.head, d.text, d.feats, d.sent]


def old_classes(doc):
    out = []
    for t in doc:
        if t.is_space:
            out.append("")
        elif t.is_punct:
            out.append(t.text[:1])
        elif t.pos_ == "CCONJ":
            out.append("и")
        else:
            out.append(t.pos_[:1].lower())
    return out


def new_classes(doc):
    from pipeline.extractors.roles.learned import _classes

    return _classes(doc, [], [], [])


def old_position_gate(doc):
    """find_positions' loop before: a Token per word, head_kind on each."""
    from pipeline.extractors.roles.lexicon import position_lexicon

    lex = position_lexicon()
    return [t.i for t in doc if not t.is_space and lex.head_kind(t)]


def new_position_gate(doc):
    from pipeline.extractors.roles.lexicon import position_lexicon
    from pipeline.nlp.views import texts_at, with_pos
    from pipeline.resources import fold

    lex = position_lexicon()
    nouns = with_pos(doc, ("NOUN", "PROPN"))
    return [i for i, x in zip(nouns, texts_at(doc, nouns)) if lex._may_match(fold(x)) and lex.head_kind(doc[i])]


def old_doc_counts(doc):
    return sum(1 for _ in doc.sents), sum(1 for t in doc if not t.is_space)


def new_doc_counts(doc):
    from pipeline.nlp.views import sentence_bounds, spaces

    return len(sentence_bounds(doc)), len(doc) - sum(spaces(doc))


PAIRS = [
    # (what, calls per document in the pipeline, before, after)
    ("sentence bounds (taggers x3, NEREL, trigger view, mentions, roles, lead)", 8, old_bounds, None),
    ("NEREL feature rows", 1, old_nerel_rows, new_nerel_rows),
    ("trigger view (events: learned layer)", 1, old_docview, new_docview),
    ("roles: token classes", 1, old_classes, new_classes),
    ("roles: position heads", 1, old_position_gate, new_position_gate),
    ("documents row (sentences, tokens)", 1, old_doc_counts, new_doc_counts),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=186)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    from nerel_encoders import texts

    from pipeline.nlp import shared
    from pipeline.nlp.views import sentence_bounds
    from pipeline.text import normalize

    ts = [normalize(t).text for t in texts(args.texts)]
    docs = list(shared().pipe(ts, batch_size=32))
    print(f"{len(docs)} texts, {sum(map(len, ts)):,} characters, {sum(map(len, docs)):,} tokens")
    print(f"{'pass':<76} {'Token s':>8} {'views s':>8} {'ratio':>6}")
    tot_old = tot_new = 0.0
    for what, calls, old, new in PAIRS:
        new = new or sentence_bounds
        for d in docs:
            assert old(d) == new(d), what
        best = [float("inf"), float("inf")]
        for _ in range(args.rounds):
            for k, fn in enumerate((old, new)):
                t0 = time.process_time()
                for d in docs:
                    fn(d)
                best[k] = min(best[k], time.process_time() - t0)
        tot_old += calls * best[0]
        tot_new += calls * best[1]
        print(f"{what:<76} {calls * best[0]:8.2f} {calls * best[1]:8.2f} {best[0] / max(best[1], 1e-9):5.1f}x")
    print(f"{'all (times the calls per document)':<76} {tot_old:8.2f} {tot_new:8.2f} {tot_old / tot_new:5.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
