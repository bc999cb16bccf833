"""One long sentence listing N "post + name" items: roles must stay linear in the sentence's size.

    python benchmarks/bench_roles_list.py [--items 150] [--scales 1,4,16] [--base 10]

Prints the seconds of the whole pipeline on the N-item sentence (issue 25: 150 items under 5 s; it
took 132 s), then candidate pairs and seconds at the given multiples of ``--base`` items with their
ratio to the smallest: linear growth gives ratios close to the multiples.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POSTS = ["министр финансов", "губернатор Тульской области", "мэр Казани", "председатель правления Сбербанка",
         "директор завода", "посол Франции", "глава администрации города", "заместитель министра обороны"]
FIRST = ["Антон", "Алексей", "Сергей", "Михаил", "Ольга", "Ирина", "Дмитрий", "Павел", "Елена", "Игорь"]
LAST = ["Силуанов", "Дюмин", "Петров", "Иванов", "Смирнова", "Кузнецова", "Орлов", "Волков", "Зайцева", "Лебедев"]


def sentence(n: int) -> str:
    """One sentence: "В совещании приняли участие министр финансов Антон Силуанов, ... и ...."."""
    items = [f"{POSTS[i % len(POSTS)]} {FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}" for i in range(n)]
    return "В совещании приняли участие " + ", ".join(items[:-1]) + (" и " if n > 1 else "") + items[-1] + "."


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=150)
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--base", type=int, default=10)
    args = ap.parse_args(argv)
    import pipeline
    from pipeline.extractors.roles import learned

    pipeline.extract(texts=["Мэр Москвы Сергей Собянин открыл парк."])  # load the models first
    text = sentence(args.items)
    t0 = time.perf_counter()
    t = pipeline.extract(texts=[text])
    secs = time.perf_counter() - t0
    print(f"{args.items} items, {len(text)} characters, one sentence: {secs:.2f} s, {len(t['roles'])} roles")
    counted = {"pairs": 0}
    real = learned.candidate_pairs

    def count(*a, **k):
        out = real(*a, **k)
        counted["pairs"] += len(out)
        return out

    learned.candidate_pairs = count
    rows = []
    for s in (int(x) for x in args.scales.split(",")):
        counted["pairs"] = 0
        t0 = time.perf_counter()
        pipeline.extract(texts=[sentence(args.base * s)])
        rows.append((s, counted["pairs"], time.perf_counter() - t0))
    p0, s0 = rows[0][1] or 1, rows[0][2] or 1e-9
    for s, pairs, secs in rows:
        print(f"x{s:<3} {args.base * s:>4} items: {pairs:>6} pairs ({pairs / p0:5.1f}x), {secs:6.2f} s ({secs / s0:5.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
