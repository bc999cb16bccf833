"""Long documents in windows: cut at paragraph, else sentence, else whitespace boundaries, each
window processed as a document of its own, its rows moved back to the whole text's offsets, and
the entities of all windows joined (one entity for a person named in the first and the third).

Every id is built from offsets (``{doc_id}:m{start}-{end}``), so moving a row moves its id with
it: a window's rows are exactly the rows of its text processed alone, shifted by its start.
"""
from __future__ import annotations

import re
from collections import defaultdict

# (table) -> columns holding an offset, ids built from offsets (moved by ``_shift_id``), entity ids
from ..tables.schema import ENTITY_REFS, IDS, OFFSETS

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE = re.compile(r"[.!?…]+[»\")\]]*\s+")
_SPACE = re.compile(r"\s+")

def split_windows(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows of at most ``size`` characters covering ``text``: each ends at
    the last paragraph break inside it, else the last sentence end, else the last whitespace, else at ``size``."""
    out, pos, n = [], 0, len(text)
    while n - pos > size:
        limit = pos + size
        end = None
        for pattern in (_PARAGRAPH, _SENTENCE, _SPACE):
            last = None
            for m in pattern.finditer(text, pos + 1, limit):
                last = m
            if last is not None and last.end() > pos:
                end = last.end()  # the break stays with the window before it
                break
        end = end or limit
        out.append((pos, end))
        pos = end
    out.append((pos, n))
    return out


def _shift_id(value, doc_id: str, base: int):
    """``{doc_id}:{kind}{a}-{b}[~k]`` with every offset moved by ``base``."""
    if not isinstance(value, str) or not value.startswith(doc_id + ":"):
        return value
    rest = value[len(doc_id) + 1:]
    tail = ""
    if "~" in rest:
        rest, tail = rest.split("~", 1)
        tail = "~" + tail
    m = re.fullmatch(r"([a-z]+)(\d+(?:-\d+)*)", rest)
    if not m:
        return value
    nums = "-".join(str(int(x) + base) for x in m.group(2).split("-"))
    return f"{doc_id}:{m.group(1)}{nums}{tail}"


def shift_rows(rows: dict[str, list[dict]], doc_id: str, base: int, sentences_before: int) -> None:
    """Move the rows of a window starting at ``base`` (after ``sentences_before`` sentences) to the whole text."""
    for table, trows in rows.items():
        offs, ids = OFFSETS.get(table, ()), IDS.get(table, ())
        for r in trows:
            for c in offs:
                if r.get(c) is not None:
                    r[c] += base
            for c in ids:
                r[c] = _shift_id(r.get(c), doc_id, base)
            if table == "mentions" and r.get("sentence_id") is not None:
                r["sentence_id"] += sentences_before


def join_entities(rows: dict[str, list[dict]], window_of: dict[str, int]) -> None:
    """Entities of different windows that are one (the corpus linker's rules, within this document) become
    one row, under its earliest member's id; every reference to the others is rewritten. Entities a
    window kept apart stay apart: a group with two members from one window is not joined."""
    ents = rows.get("entities") or []
    if len(ents) < 2 or len(set(window_of.values())) < 2:
        return
    import pandas as pd

    from ..tables import frame
    from ..link.corpus import link_entities

    cids, _ = link_entities(frame("entities", ents), pd.DataFrame({"doc_id": [], "published_at": []}))
    groups: dict[str, list[dict]] = defaultdict(list)
    for e, cid in zip(ents, cids):
        groups[cid or e["entity_id"]].append(e)
    new_id: dict[str, str] = {}
    merged, seen = [], set()
    for e, cid in zip(ents, cids):
        key = cid or e["entity_id"]
        members = groups[key]
        wins = [window_of.get(x["entity_id"]) for x in members]
        if len(members) == 1 or len(set(wins)) < len(wins):
            merged.append(e)
            continue
        if key in seen:
            continue
        seen.add(key)
        head = dict(members[0])  # windows come in text order: the earliest
        # the fullest name (most words), then the most mentioned, then the earliest
        best = max(members, key=lambda x: (len(str(x["name"] or "").split()), x["n_mentions"] or 0, -x["first_start"]))
        head["name"] = best["name"]
        head["n_mentions"] = sum(x["n_mentions"] or 0 for x in members)
        head["abbreviation"] = next((x["abbreviation"] for x in members if x.get("abbreviation")), None)
        for x in members:
            new_id[x["entity_id"]] = head["entity_id"]
        merged.append(head)
    rows["entities"] = merged
    for table, cols in ENTITY_REFS.items():
        for r in rows.get(table, ()):
            for c in cols:
                if r.get(c) in new_id:
                    r[c] = new_id[r[c]]
