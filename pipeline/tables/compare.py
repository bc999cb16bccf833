"""Compare two sets of tables: rows added, removed and changed per table and label (``rupress diff``), and the
golden-file rendering ``rupress regress`` and ``tests/test_golden.py`` share."""
from __future__ import annotations

import difflib
import json
from collections import Counter
from typing import Mapping

import pandas as pd

from .core import SCHEMAS, TABLE_NAMES
# not compared: the text is the input itself, the source depends on the path given; datetime columns are
# parsed from the ISO strings that are compared. What identifies a row across runs (ids are
# content-derived), the column grouped by, the column shown: all declared in ``schema``.
from .schema import GROUP, KEYS, SHOWN, SKIP_COLUMNS


def compared_columns(name: str, df: pd.DataFrame | None = None) -> list[str]:
    cols = [c for c, _ in SCHEMAS[name]] if df is None else list(df.columns)
    return [c for c in cols if c not in SKIP_COLUMNS.get(name, set())]


def records(df: pd.DataFrame, name: str) -> list[dict]:
    cols = compared_columns(name, df)
    sub = df[cols].astype(object)
    return sub.where(df[cols].notna(), None).to_dict(orient="records")


def render_lines(df: pd.DataFrame, name: str) -> list[str]:
    """One JSON object a line, columns in schema order: the golden-file format."""
    return [json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records(df, name)]


def unified(want: list[str], got: list[str], name: str, old: str = "golden", new: str = "current") -> str:
    return "".join(difflib.unified_diff(want, got, f"{old}/{name}.jsonl", f"{new}/{name}.jsonl", n=1))


def _key(name: str, r: dict) -> tuple:
    return tuple(r.get(c) for c in KEYS[name])


def diff_tables(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> dict:
    """``{table: {"added": [row], "removed": [row], "changed": [{"key", "doc_id", "text", "changes"}],
    "by_label": {label: {"added", "removed", "changed"}}}}`` for every table present in either."""
    out = {}
    for name in TABLE_NAMES:
        if name not in old and name not in new:
            continue
        a = {_key(name, r): r for r in records(old[name], name)} if name in old else {}
        b = {_key(name, r): r for r in records(new[name], name)} if name in new else {}
        added = [b[k] for k in b if k not in a]
        removed = [a[k] for k in a if k not in b]
        changed = []
        for k in b:
            if k in a and a[k] != b[k]:
                ch = {c: [a[k].get(c), b[k].get(c)] for c in b[k] if a[k].get(c) != b[k].get(c)}
                changed.append({"key": list(k), "doc_id": b[k].get("doc_id"), "text": b[k].get(SHOWN[name]),
                                GROUP[name]: b[k].get(GROUP[name]), "changes": ch})
        by: dict[str, Counter] = {}
        g = GROUP[name]
        for kind, rows in (("added", added), ("removed", removed), ("changed", changed)):
            for r in rows:
                by.setdefault(str(r.get(g)), Counter())[kind] += 1
        out[name] = {"added": added, "removed": removed, "changed": changed,
                     "by_label": {k: {x: v[x] for x in ("added", "removed", "changed")} for k, v in sorted(by.items())}}
    return out


def format_diff(d: dict, limit: int = 20) -> str:
    lines = []
    for name, t in d.items():
        na, nr, nc = len(t["added"]), len(t["removed"]), len(t["changed"])
        lines.append(f"{name}: +{na} -{nr} ~{nc}")
        if not (na or nr or nc):
            continue
        g = GROUP[name]
        for lab, c in t["by_label"].items():
            lines.append(f"  {g}={lab}: +{c['added']} -{c['removed']} ~{c['changed']}")
        shown = 0
        for sign, rows in (("+", t["added"]), ("-", t["removed"])):
            for r in rows:
                if shown >= limit:
                    break
                lines.append(f"  {sign} {r.get('doc_id')}  {r.get(g)}  {r.get(SHOWN[name])!s}")
                shown += 1
        for r in t["changed"]:
            if shown >= limit:
                break
            ch = ", ".join(f"{c}: {v[0]!r} -> {v[1]!r}" for c, v in r["changes"].items())
            lines.append(f"  ~ {r['doc_id']}  {r.get(g)}  {r['text']!s}  ({ch})")
            shown += 1
        if na + nr + nc > shown:
            lines.append(f"  … {na + nr + nc - shown} more (--limit, or --format json for all)")
    return "\n".join(lines)
