"""A short plain-text summary of an output folder: what was read, what was found, what failed."""
from __future__ import annotations

import os

import pandas as pd

from ..tables import load
from .entities import top_entities


def summarize(path: str | os.PathLike, top: int = 10) -> str:
    t = load(path)
    docs, errs = t["documents"], t["errors"]
    lines = [f"Output folder: {path}", ""]
    lines.append("Rows per table:")
    for name, df in t.items():
        lines.append(f"  {name:<16}{len(df):>9}")
    ok = int((docs["status"] == "ok").sum()) if len(docs) else 0
    lines += ["", f"Documents: {len(docs)} ({ok} ok), {int(docs['n_chars'].sum() or 0) if len(docs) else 0:,} characters"]
    if len(docs):
        dated = docs["published_at"].notna().sum()
        lines.append(f"  with a publication date: {dated} "
                     f"({', '.join(f'{k}: {v}' for k, v in docs['published_at_source'].value_counts().items())})")
    if len(errs):
        lines += ["", "Errors by class:"]
        for (stage, err), n in errs.groupby(["stage", "error"]).size().sort_values(ascending=False).items():
            lines.append(f"  {stage:<18}{err:<22}{n:>6}")
    if len(t["entities"]):
        # the grouping and order of the HTML report's tables (report.entities)
        lines += ["", f"Top entities (top {top} per label; documents, mentions):"]
        for label in ("PER", "ORG", "LOC"):
            rows = top_entities(t, label, top)
            if rows:
                lines.append(f"  {label}: " + "; ".join(f"{r.name} ({r.n_documents}, {r.n_mentions})" for r in rows))
    dates = t["dates"]
    if len(dates):
        resolved = dates["value"].notna().mean()
        lines += ["", f"Dates: {len(dates)}, {resolved:.0%} resolved; by kind: "
                  + ", ".join(f"{k} {v}" for k, v in dates["kind"].value_counts().items() if v)]
    ev = t["events"]
    if len(ev):
        lines.append("Events by type: " + ", ".join(f"{k} {v}" for k, v in ev["type"].value_counts().items() if v))
    roles = t["roles"]
    if len(roles):
        lines.append("Most frequent positions: " + ", ".join(
            f"{k} ({v})" for k, v in roles["position"].value_counts().head(top).items()))
    return "\n".join(lines)
