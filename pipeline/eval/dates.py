"""Score the date stage on a table of cases (text, anchor, expr, value, value_end, source), or on
brat files by DATE span overlap.

A case is found when a ``dates`` row overlaps ``expr`` in ``text``, and right when one of those
rows has ``value``/``value_end`` starting with the expected strings (so ``2013-02`` accepts any
day of that month, the way peers truncate intervals to their granularity).
"""
from __future__ import annotations

import csv
import io
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    text: str
    anchor: str
    expr: str
    value: str
    value_end: str
    source: str


@dataclass
class DateScore:
    per_source: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # total, found, right
    misses: list = field(default_factory=list)

    def add(self, source, found, right):
        for key in (source, "overall"):
            s = self.per_source[key]
            s[0] += 1
            s[1] += found
            s[2] += right


COLUMNS = ("text", "anchor", "expr", "value", "value_end", "source")


class CasesError(ValueError):
    """A cases table rupress cannot read: the message names the file and the line."""


def read_cases(path: Path) -> list[Case]:
    """Rows of a cases TSV in ``COLUMNS`` order; ``#`` lines are comments, a header row is optional.

    Raises ``CasesError`` (``FILE:LINE: what is wrong``) for a row with fewer than five columns, an
    anchor that is no ISO date, or bytes that are not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise CasesError(f"{path}:{line}: not UTF-8 (byte 0x{data[e.start]:02x})") from None
    cases = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        for r in reader:
            line = reader.line_num
            if not r or not r[0].strip() or r[0].startswith("#"):
                continue
            if not cases and tuple(r[:3]) == COLUMNS[:3]:
                continue
            if len(r) < 5:
                raise CasesError(f"{path}:{line}: {len(r)} tab-separated column{'s' * (len(r) != 1)}, "
                                 f"expected at least 5 ({', '.join(COLUMNS)})")
            case = Case(*(r + ["-"])[:6])
            try:
                _anchor(case.anchor)
            except ValueError:
                raise CasesError(f"{path}:{line}: anchor {case.anchor[:40]!r} is not an ISO date "
                                 "(YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
            cases.append(case)
    except csv.Error as e:
        raise CasesError(f"{path}:{reader.line_num}: {e}") from None
    return cases


def _anchor(s: str):
    return dt.datetime.fromisoformat(s) if "T" in s else dt.date.fromisoformat(s)


def score_cases(cases: list[Case]) -> DateScore:
    from ..extractors.dates import extract_dates

    score = DateScore()
    for c in cases:
        rows = extract_dates(c.text, _anchor(c.anchor))
        start = c.text.find(c.expr)
        end = start + len(c.expr)
        hits = [r for r in rows if r.start < end and start < r.end] if start >= 0 else []
        right = any(str(r.value).startswith(c.value) and str(r.value_end).startswith(c.value_end) for r in hits)
        score.add(c.source, bool(hits), right)
        if not right:
            got = [(r.text, r.kind, r.value, r.value_end) for r in hits]
            score.misses.append((c, got))
    return score


def format_score(score: DateScore, misses: bool = True) -> str:
    out = [f"{'source':48} {'cases':>6} {'found':>6} {'right':>6} {'right %':>8}"]
    keys = sorted(k for k in score.per_source if k != "overall") + ["overall"]
    for k in keys:
        n, f, r = score.per_source[k]
        out.append(f"{k:48} {n:6d} {f:6d} {r:6d} {100 * r / n if n else 0:7.1f}%")
    if misses and score.misses:
        out.append("")
        out.append(f"misses ({len(score.misses)}):")
        for c, got in score.misses:
            want = c.value if c.value == c.value_end else f"{c.value}..{c.value_end}"
            out.append(f"  [{c.anchor}] {c.expr!r} want {want}; got {got or 'nothing'}  | {c.text}")
    return "\n".join(out)


def evaluate_dates(path: Path, misses: bool = True) -> str:
    """A cases TSV (found / right), or a folder of brat files (DATE span overlap, e.g. NEREL dev)."""
    if path.is_dir():
        return format_brat(score_brat(path), misses=misses)
    return format_score(score_cases(read_cases(path)), misses=misses)


def _brat_spans(ann: Path) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list] = defaultdict(list)
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T") or line.count("\t") < 2:
            continue
        typ, rest = line.split("\t")[1].split(" ", 1)
        parts = [tuple(map(int, p.split())) for p in rest.split(";")]
        out[typ].append((parts[0][0], parts[-1][1]))
    return out


def score_brat(folder: Path) -> dict:
    """Overlap of our rows with gold DATE spans; rows overlapping a gold TIME count neither way."""
    from ..extractors.dates import extract_dates

    c = {"gold": 0, "gold_hit": 0, "ours": 0, "ours_hit": 0, "missed": [], "extra": []}
    for ann in sorted(folder.glob("*.ann")):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        gold = _brat_spans(ann)
        dates, times = gold.get("DATE", []), gold.get("TIME", [])
        rows = extract_dates(text)
        hit = lambda r, spans: any(r.start < e and s < r.end for s, e in spans)  # noqa: E731
        for s, e in dates:
            c["gold"] += 1
            if any(r.start < e and s < r.end for r in rows):
                c["gold_hit"] += 1
            else:
                c["missed"].append(text[s:e])
        for r in rows:
            if hit(r, dates):
                c["ours"] += 1
                c["ours_hit"] += 1
            elif not hit(r, times):
                c["ours"] += 1
                c["extra"].append(f"{r.text} ({r.kind})")
    return c


def format_brat(c: dict, misses: bool = True) -> str:
    p = c["ours_hit"] / c["ours"] if c["ours"] else 0.0
    r = c["gold_hit"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out = [f"DATE overlap: gold {c['gold']}, found {c['gold_hit']}; rows {c['ours']}, on a DATE {c['ours_hit']}",
           f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"]
    if misses:
        out.append(f"missed ({len(c['missed'])}): " + "; ".join(c["missed"]))
        out.append(f"extra ({len(c['extra'])}): " + "; ".join(c["extra"]))
    return "\n".join(out)
