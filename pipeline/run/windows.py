"""Long documents in windows: cut at paragraph, else sentence, else whitespace boundaries, each
window processed as a document of its own, its rows moved back to the whole text's offsets, and
the entities of all windows joined (one entity for a person named in the first and the third), then
their events by the event-coreference rule a whole document's mentions follow (``events.coref.agree``).

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


def _told(e: dict, args: list[dict], words: list[str], spans: set):
    """The coreference rule's view (``events.coref.Told``) of a written event row and its arguments;
    ``spans``: the (start, end) of the document's mentions."""
    from ..extractors.events.coref import Told, family_of
    from ..extractors.events.event import SIDE_ROLES

    # as within a document: a side is a mention's entity, else the mention itself (a key of its own);
    # an argument that is no mention (a bare word) is no side
    sides = frozenset(a["entity_id"] or ("at", a["start"]) for a in args if a["role"] in SIDE_ROLES + ("OBJECT",)
                      and (a["entity_id"] or (a["start"], a["end"]) in spans))
    v = e.get("date_value")
    interval = (str(v)[:10], str(e.get("date_value_end") or v)[:10]) if isinstance(v, str) and v else None
    place = e.get("location_entity_id") or (("at", e["event_id"]) if e.get("location") else None)
    return [Told(family_of(e["type"], e["lemma"] or ""), e["type"], w, False, sides, interval, place)
            for w in words or [e["lemma"] or ""]]


def join_events(rows: dict[str, list[dict]], window_of: dict[str, int]) -> None:
    """Events of different windows that tell one happening become one row, under the earliest's id, by
    the rule the mentions of a whole document follow (``events.coref.agree``); its mentions and arguments
    follow it. Events one window kept apart stay apart: a happening takes one event of each window."""
    evs = rows.get("events") or []
    if len(evs) < 2 or len({window_of.get(e["event_id"]) for e in evs}) < 2:
        return
    from ..extractors.events.coref import antecedent

    args: dict[str, list[dict]] = defaultdict(list)
    for a in rows.get("event_arguments", ()):
        args[a["event_id"]].append(a)
    spans = {(m["start"], m["end"]) for m in rows.get("mentions", ())}
    words: dict[str, list[str]] = defaultdict(list)
    for m in rows.get("event_mentions", ()):
        words[m["event_id"]].append(m["lemma"] or "")
    # happening: [head row, its Told list, its sides, the windows it took an event from]
    happenings: list[list] = []
    new_id: dict[str, str] = {}
    kept = []
    for e in sorted(evs, key=lambda r: r["trigger_start"]):
        k = window_of.get(e["event_id"])
        told = _told(e, args[e["event_id"]], words[e["event_id"]], spans)
        h = antecedent([h for h in happenings if k not in h[3]], told[0],
                       told_of=lambda h: h[1], sides_of=lambda h: h[2])
        if h is None:
            happenings.append([e, told, set(told[0].sides), {k}])
            kept.append(e)
            continue
        head = h[0]
        h[1].extend(told)
        h[2] |= told[0].sides
        h[3].add(k)
        new_id[e["event_id"]] = head["event_id"]
        head["n_mentions"] = (head["n_mentions"] or 0) + (e["n_mentions"] or 0)
        head["lead"] = bool(head["lead"]) or bool(e["lead"])
        if head.get("date_value") is None and e.get("date_value") is not None:
            head["date_value"], head["date_value_end"] = e["date_value"], e.get("date_value_end")
        if head.get("location") is None and e.get("location") is not None:
            head["location"], head["location_entity_id"] = e["location"], e.get("location_entity_id")
        scores = [x for x in (head.get("score"), e.get("score")) if x is not None]
        head["score"] = max(scores) if scores else None
    if not new_id:
        return
    rows["events"] = kept
    for table in ("event_arguments", "event_mentions"):
        for r in rows.get(table, ()):
            if r.get("event_id") in new_id:
                r["event_id"] = new_id[r["event_id"]]
