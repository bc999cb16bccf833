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


def positional(column: str) -> bool:
    """Offsets and the ids made of them (``doc:m8-20``): what changes when the same row only moved in its text.
    ``doc_id`` and ``corpus_entity_id`` (``LOC:москва``) name no place in a text."""
    return (column in ("start", "end") or column.endswith(("_start", "_end"))
            or (column.endswith("_id") and column not in ("doc_id", "corpus_entity_id")))


def _moved(name: str, removed: list[dict], added: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """Pair a removed row with an added one equal in everything but position: (moved, removed, added) left."""
    def sig(r: dict) -> tuple:
        return tuple((c, r[c]) for c in sorted(r) if not positional(c))

    pool: dict[tuple, list[int]] = {}
    for i, r in enumerate(removed):
        pool.setdefault(sig(r), []).append(i)
    moved, taken, still_added = [], set(), []
    for r in added:
        same = pool.get(sig(r))
        if not same:
            still_added.append(r)
            continue
        i = same.pop(0)  # in table order: the k-th copy that left pairs with the k-th that arrived
        taken.add(i)
        a = removed[i]
        moved.append({"key": list(_key(name, r)), "old_key": list(_key(name, a)), "doc_id": r.get("doc_id"),
                      "text": r.get(SHOWN[name]), GROUP[name]: r.get(GROUP[name]),
                      "changes": {c: [a.get(c), r.get(c)] for c in r if a.get(c) != r.get(c)}})
    return moved, [r for i, r in enumerate(removed) if i not in taken], still_added


def diff_tables(old: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame]) -> dict:
    """``{table: {"added": [row], "removed": [row], "changed": [{"key", "doc_id", "text", "changes"}],
    "moved": [{"key", "old_key", "doc_id", "text", "changes"}], "by_label": {label: {"added", "removed",
    "changed", "moved"}}}}`` for every table present in either. A row that only moved in its text (same
    values, other offsets: text inserted before it) is one ``moved`` entry, not a removed and an added row."""
    out = {}
    for name in TABLE_NAMES:
        if name not in old and name not in new:
            continue
        a = {_key(name, r): r for r in records(old[name], name)} if name in old else {}
        b = {_key(name, r): r for r in records(new[name], name)} if name in new else {}
        added = [b[k] for k in b if k not in a]
        removed = [a[k] for k in a if k not in b]
        moved, removed, added = _moved(name, removed, added)
        changed = []
        for k in b:
            if k in a and a[k] != b[k]:
                ch = {c: [a[k].get(c), b[k].get(c)] for c in b[k] if a[k].get(c) != b[k].get(c)}
                changed.append({"key": list(k), "doc_id": b[k].get("doc_id"), "text": b[k].get(SHOWN[name]),
                                GROUP[name]: b[k].get(GROUP[name]), "changes": ch})
        by: dict[str, Counter] = {}
        g = GROUP[name]
        for kind, rows in (("added", added), ("removed", removed), ("changed", changed), ("moved", moved)):
            for r in rows:
                by.setdefault(str(r.get(g)), Counter())[kind] += 1
        out[name] = {"added": added, "removed": removed, "changed": changed, "moved": moved,
                     "by_label": {k: {x: v[x] for x in ("added", "removed", "changed", "moved")}
                                  for k, v in sorted(by.items())}}
    return out


def differs(d: dict) -> bool:
    """Whether a ``diff_tables`` result has any added, removed, changed or moved row."""
    return any(t[k] for t in d.values() for k in ("added", "removed", "changed", "moved"))


def format_diff(d: dict, limit: int = 20) -> str:
    """Per table ``+added -removed ~changed`` (and ``>moved`` when rows only moved), per label, then up to
    ``limit`` rows: ``+``/``-`` rows, ``~`` changed values, ``>`` moved rows with their old and new offsets."""
    lines = []
    for name, t in d.items():
        na, nr, nc, nm = len(t["added"]), len(t["removed"]), len(t["changed"]), len(t.get("moved", ()))
        lines.append(f"{name}: +{na} -{nr} ~{nc}" + (f" >{nm}" if nm else ""))
        if not (na or nr or nc or nm):
            continue
        g = GROUP[name]
        for lab, c in t["by_label"].items():
            lines.append(f"  {g}={lab}: +{c['added']} -{c['removed']} ~{c['changed']}"
                         + (f" >{c['moved']}" if c.get("moved") else ""))
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
        for r in t.get("moved", ()):
            if shown >= limit:
                break
            # the offsets say where it went; the ids made of them follow and are left out
            ch = ", ".join(f"{c} {v[0]} -> {v[1]}" for c, v in r["changes"].items() if not c.endswith("_id"))
            lines.append(f"  > {r['doc_id']}  {r.get(g)}  {r['text']!s}  (moved: {ch})")
            shown += 1
        if na + nr + nc + nm > shown:
            lines.append(f"  … {na + nr + nc + nm - shown} more (--limit, or --format json for all)")
    return "\n".join(lines)
