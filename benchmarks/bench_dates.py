"""Speed of ``pipeline.extractors.dates.extract_dates`` against Natasha's ``DatesExtractor`` on the same texts.

    python benchmarks/bench_dates.py [FACTRU_DIR] [--min-seconds 2]

Texts: every ``.txt`` under data/raw/ and every ``book_*.txt`` in FACTRU_DIR (default
``../shared/eval/factru-dev`` from the repository root; skipped when absent). Load times are
reported apart from throughput. ``extract_dates`` runs twice: without an anchor, and with the
release's dateline (or a fixed date) as anchor, which also exercises weekday tense look-ups.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXED_ANCHOR = dt.date(2012, 6, 1)


def _read(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8", "cp1251"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def load_texts(factru: Path) -> tuple[list[str], dict[str, int]]:
    raw = sorted((ROOT / "data" / "raw").rglob("*.txt"))
    books = sorted(factru.glob("book_*.txt")) if factru.is_dir() else []
    if not factru.is_dir():
        print(f"note: {factru} not found, factRuEval texts skipped")
    texts = [_read(p) for p in raw] + [_read(p) for p in books]
    return texts, {"data/raw": len(raw), "factru": len(books)}


def _rate(fn, texts, min_seconds: float):
    """(docs/s, total matches of one pass, passes): repeats whole passes until min_seconds."""
    n_matches, passes, t0 = 0, 0, time.perf_counter()
    while True:
        count = 0
        for t in texts:
            count += fn(t)
        passes += 1
        n_matches = count
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return passes * len(texts) / elapsed, n_matches, passes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("factru", nargs="?", default=str(ROOT / ".." / "shared" / "eval" / "factru-dev"))
    ap.add_argument("--min-seconds", type=float, default=2.0, help="minimum timed seconds per system")
    args = ap.parse_args(argv)

    texts, sources = load_texts(Path(args.factru).resolve())
    if not texts:
        print("no texts found: nothing to measure")
        return 0
    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)} ({', '.join(f'{k}: {v}' for k, v in sources.items())}), {chars} chars")

    t0 = time.perf_counter()
    from natasha import DatesExtractor, MorphVocab

    extractor = DatesExtractor(MorphVocab())
    list(extractor(texts[0]))
    nat_load = time.perf_counter() - t0

    t0 = time.perf_counter()
    from pipeline.extractors.dates import extract_dates, find_dateline

    extract_dates(texts[0], FIXED_ANCHOR)
    extract_dates("В понедельник мэр представил план.", FIXED_ANCHOR)  # loads the tense fallback
    our_load = time.perf_counter() - t0

    anchors = {}
    for t in texts:
        d = find_dateline(t)
        anchors[t] = dt.date.fromisoformat(d[:10]) if d else FIXED_ANCHOR

    nat_rate, nat_n, nat_p = _rate(lambda t: len(list(extractor(t))), texts, args.min_seconds)
    our_rate, our_n, our_p = _rate(lambda t: len(extract_dates(t)), texts, args.min_seconds)
    anc_rate, anc_n, anc_p = _rate(lambda t: len(extract_dates(t, anchors[t])), texts, args.min_seconds)

    kinds = Counter()
    resolved = covered = nat_total = 0
    missed = []
    for t in texts:
        ours = extract_dates(t, anchors[t])
        for m in ours:
            kinds[m.kind] += 1
            resolved += m.value is not None
        for nm in extractor(t):
            nat_total += 1
            if any(o.start < nm.stop and nm.start < o.end for o in ours):
                covered += 1
            else:
                missed.append(t[nm.start:nm.stop])

    print(f"load: natasha {nat_load:.2f}s, extract_dates {our_load:.2f}s")
    print(f"{'system':32} {'docs/s':>10} {'matches':>8} {'passes':>7}")
    print(f"{'natasha DatesExtractor':32} {nat_rate:10.1f} {nat_n:8d} {nat_p:7d}")
    print(f"{'extract_dates (no anchor)':32} {our_rate:10.1f} {our_n:8d} {our_p:7d}")
    print(f"{'extract_dates (anchored)':32} {anc_rate:10.1f} {anc_n:8d} {anc_p:7d}")
    print(f"speed ratio: {our_rate / nat_rate:.1f}x (no anchor), {anc_rate / nat_rate:.1f}x (anchored)")
    print(f"natasha matches overlapped by an extract_dates row: {covered}/{nat_total}"
          + (f"; not overlapped: {missed[:10]}" if missed else ""))
    print(f"anchored rows resolved: {resolved}/{anc_n}; by kind: "
          + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
