"""Check that every annotated surface occurs verbatim in its document and values are well-formed.

Run: python tests/annotations/verify.py  (exit code 1 on any problem)
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
HERE = Path(__file__).resolve().parent
EVENT_TYPES = {
    "MEETING", "VISIT", "SPEECH", "AGREEMENT", "DEAL", "INVESTMENT",
    "APPOINTMENT", "DEPARTURE", "LAUNCH", "CONFERENCE", "AWARD", "PARTNERSHIP",
}


def _load(name: str) -> list[dict]:
    with open(HERE / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _iso_ok(value: str | None) -> bool:
    if value is None:
        return True
    try:
        if "T" in value:
            dt.datetime.strptime(value, "%Y-%m-%dT%H:%M")
        else:
            dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def main() -> int:
    problems: list[str] = []
    counts = {"surfaces": 0, "events": 0, "dates": 0}
    seen_types: set[str] = set()

    def need(doc_id: str, text: str, surface: str | None, what: str) -> None:
        if surface is None:
            return
        counts["surfaces"] += 1
        if surface not in text:
            problems.append(f"{doc_id}: {what} {surface!r} not in text")

    for rec in _load("roles_events.jsonl"):
        doc_id = rec["doc_id"]
        text = (RAW / f"{doc_id}.txt").read_text(encoding="utf-8")
        for role in rec["roles"]:
            need(doc_id, text, role["person"], "person")
            need(doc_id, text, role["position"], "position")
            need(doc_id, text, role["org"], "org")
        for ev in rec["events"]:
            counts["events"] += 1
            seen_types.add(ev["type"])
            if ev["type"] not in EVENT_TYPES:
                problems.append(f"{doc_id}: unknown event type {ev['type']}")
            need(doc_id, text, ev["trigger"], "trigger")
            for p in ev["participants"]:
                need(doc_id, text, p, "participant")
            if not _iso_ok(ev["date"]):
                problems.append(f"{doc_id}: bad event date {ev['date']!r}")
    missing = EVENT_TYPES - seen_types
    if missing:
        problems.append(f"event types never annotated: {sorted(missing)}")

    for rec in _load("dates.jsonl"):
        doc_id = rec["doc_id"]
        text = (RAW / f"{doc_id}.txt").read_text(encoding="utf-8")
        if not _iso_ok(rec["anchor"]):
            problems.append(f"{doc_id}: bad anchor {rec['anchor']!r}")
        for d in rec["dates"]:
            counts["dates"] += 1
            need(doc_id, text, d["text"], "date")
            for key in ("value", "value_end"):
                if not _iso_ok(d[key]):
                    problems.append(f"{doc_id}: bad {key} {d[key]!r}")
            if d["value_end"] is not None and d["value_end"] < d["value"]:
                problems.append(f"{doc_id}: value_end before value for {d['text']!r}")

    for p in problems:
        print("FAIL", p)
    print(f"checked {counts['surfaces']} surfaces, {counts['events']} events, "
          f"{counts['dates']} date expressions; event types covered: {len(seen_types)}/{len(EVENT_TYPES)}; "
          f"problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
