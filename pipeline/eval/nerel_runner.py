"""``rupress eval nerel``: run the pipeline over a NEREL folder (brat) and score mentions per label."""
from __future__ import annotations

import time
from pathlib import Path

from ..run import Options
from .nerel import gold_labels, read_corpus, score
from .runner import mentions_by_doc, predict
from .scoring import format_table

BASE_LABELS = ("PER", "ORG", "LOC")


def evaluate_nerel(path: str | Path, baseline: bool = True, limit: int | None = None) -> str:
    """A plain-text report: exact-span P/R/F1 per label for rupress (``full`` and ``name`` spans)
    against plain Natasha, over PER/ORG/LOC and every other NEREL type rupress outputs."""
    gold = read_corpus(path)
    if limit:
        gold = gold[:limit]
    present = set(gold_labels(gold))
    lines = [f"NEREL: {len(gold)} document{'' if len(gold) == 1 else 's'} from {path}", ""]
    base_by_doc, bsecs = None, None
    if baseline:
        from .baseline import natasha_mentions

        t0 = time.perf_counter()
        preds = natasha_mentions([g.text for g in gold])
        bsecs = time.perf_counter() - t0
        base_by_doc = {g.doc_id: p for g, p in zip(gold, preds)}
    secs = None
    for spans in ("full", "name"):
        tables, s = predict(gold, Options(entity_spans=spans, extractors=("entities",)))
        secs = secs or s
        ours_by_doc = mentions_by_doc(tables, drop_closing_quote=False)
        out_labels = {lab for ms in ours_by_doc.values() for _, _, lab in ms}
        labels = list(BASE_LABELS) + sorted((out_labels & present) - set(BASE_LABELS))
        ours = score(gold, ours_by_doc, labels)
        base = score(gold, base_by_doc, BASE_LABELS) if base_by_doc is not None else None
        lines.append(f"Mentions, exact span and label; rupress --entity-spans {spans}"
                     + (" (base = plain Natasha NewsNERTagger)" if base else ""))
        lines.append(format_table(ours, base))
        lines.append("")
    n = len(gold)
    lines.append(f"Speed: rupress entities {n / secs:.1f} docs/s ({secs:.1f} s)"
                 + (f"; plain Natasha NER only {n / bsecs:.1f} docs/s ({bsecs:.1f} s)" if bsecs else ""))
    return "\n".join(lines)
