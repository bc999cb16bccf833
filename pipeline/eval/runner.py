"""``rupress eval factru``: run the pipeline over a factRuEval set and score it."""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

from ..run import Options, process
from ..types import Document
from .factru import read_corpus
from .scoring import (format_normals, format_table, score_events_against_facts, score_mentions, score_normals,
                      score_occupations)

DEAL_TYPES = ("AGREEMENT", "DEAL", "INVESTMENT", "PARTNERSHIP")
# a phone call is a meeting in factRuEval's sense (a sitting, SESSION, is not: "заседание правительства")
MEETING_TYPES = ("MEETING", "CALL")


def predict(gold, options: Options | None = None, chunk: int = 32):
    """Run ``process`` over the gold texts; returns (Tables, seconds)."""
    from ..tables import Tables

    docs = [Document(doc_id=g.doc_id, text=g.text, source=g.doc_id) for g in gold]
    t0 = time.perf_counter()
    parts = [process(docs[i:i + chunk], options) for i in range(0, len(docs), chunk)]
    return Tables.concat(parts), time.perf_counter() - t0


def factru_end(mention: str, end: int) -> int:
    """Where factRuEval's span of a mention ends: before the closing quote of a quoted name
    (``Компания «Северная верфь»`` is annotated without its last ``»``), which rupress's full spans include.
    Gold written by hand as rupress spells mentions goes through it too (the notebook's sample)."""
    if isinstance(mention, str) and mention.endswith("»") and mention.count("«") == mention.count("»"):
        return end - 1
    return end


def mentions_by_doc(tables, normals: bool = False, drop_closing_quote: bool = True) -> dict[str, list[tuple]]:
    """doc_id -> ``(start, end, label)`` of every mention, with its ``normal`` last if ``normals``;
    ``drop_closing_quote``: a mention that opens and closes a quote ends before the closing one
    (factRuEval's spans; NEREL's keep it: ``РГТРК «Останкино»``)."""
    out: dict[str, list] = defaultdict(list)
    m = tables["mentions"]
    for d, s, e, lab, text, normal in zip(m["doc_id"], m["start"], m["end"], m["label"], m["text"], m["normal"]):
        e = factru_end(text, int(e)) if drop_closing_quote else int(e)
        out[d].append((int(s), e, lab, normal) if normals else (int(s), e, lab))
    return out


def roles_by_doc(tables) -> dict[str, list[dict]]:
    out: dict[str, list] = defaultdict(list)
    for r in tables["roles"].to_dict(orient="records"):
        out[r["doc_id"]].append(r)
    return out


def events_by_doc(tables) -> dict[str, list[dict]]:
    args: dict[str, list] = defaultdict(list)
    for a in tables["event_arguments"].to_dict(orient="records"):
        if a["role"] in ("AGENT", "PARTICIPANT", "PARTNER", "OBJECT"):
            args[a["event_id"]].append((int(a["start"]), int(a["end"])))
    out: dict[str, list] = defaultdict(list)
    for ev in tables["events"].to_dict(orient="records"):
        out[ev["doc_id"]].append({"type": ev["type"], "arguments": args.get(ev["event_id"], [])})
    return out


def score_facts(gold, tables) -> dict:
    """Occupation against roles, Meeting against MEETING events, Deal against deal-like events."""
    roles = roles_by_doc(tables)
    events = events_by_doc(tables)
    return {
        "Occupation": score_occupations(gold, roles),
        "Meeting": score_events_against_facts(gold, events, "Meeting", event_types=MEETING_TYPES),
        "Deal": score_events_against_facts(gold, events, "Deal", event_types=DEAL_TYPES),
    }


def evaluate_factru(path: str | Path, baseline: bool = True, limit: int | None = None,
                    learned: bool = True, learned_roles: bool = True) -> str:
    """A plain-text report: entity P/R/F1 per label (exact spans) against plain Natasha, facts, speed;
    ``learned=False``: events from the rules alone; ``learned_roles=False``: roles from the rules alone."""
    gold = read_corpus(path)
    names_gold = read_corpus(path, mentions="names")
    if limit:
        gold = gold[:limit]
        names_gold = names_gold[:limit]
    tables, secs = predict(gold, Options(learned_events=learned, learned_roles=learned_roles))
    name_tables, _ = predict(gold, Options(entity_spans="name", extractors=("entities",)))
    ours_by_doc = mentions_by_doc(tables)
    lines = [f"factRuEval-2016: {len(gold)} document{'' if len(gold) == 1 else 's'} from {path}" + ("" if learned else " (events: rules only)")
             + ("" if learned_roles else " (roles: rules only)"), ""]
    bsecs = None
    base_by_doc = None
    if baseline:
        from .baseline import natasha_mentions

        t0 = time.perf_counter()
        preds = natasha_mentions([g.text for g in gold])
        bsecs = time.perf_counter() - t0
        base_by_doc = {g.doc_id: p for g, p in zip(gold, preds)}
    for title, g, pred in (
            ("a mention is the union of its object's spans; rupress --entity-spans full", gold, ours_by_doc),
            ("ORG/LOC mentions are their name spans (naeval convention); rupress --entity-spans name",
             names_gold, mentions_by_doc(name_tables))):
        ours = score_mentions(g, pred)
        base = score_mentions(g, base_by_doc) if base_by_doc is not None else None
        lines.append(f"Entities, exact span; {title}" + (" (base = plain Natasha NewsNERTagger)" if base else ""))
        lines.append(format_table(ours, base))
        lines.append("")
    lines.append("Normal forms of coreference-chain mentions, exact span (accuracy over found; PER: the chain's "
                 "name parts in the mention's order; ORG: any name of the chain)")
    lines.append(format_normals(score_normals(gold, mentions_by_doc(tables, normals=True))))
    lines.append("")
    facts = score_facts(gold, tables)
    lines.append("Facts (Occupation: person and position overlap; Meeting/Deal: >= 2 participants covered)")
    lines.append(format_table(facts))
    lines.append("")
    n = len(gold)
    lines.append(f"Speed: rupress full pipeline {n / secs:.1f} docs/s ({secs:.1f} s)"
                 + (f"; plain Natasha NER only {n / bsecs:.1f} docs/s ({bsecs:.1f} s)" if bsecs else ""))
    return "\n".join(lines)
