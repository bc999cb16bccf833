"""Throughput and peak memory: plain Natasha against ``rupress extract``, on the same corpus, in one run.

    python benchmarks/throughput.py [--docs 2000] [--rounds 2] [--scale 10 50] [--keep DIR]

Corpus: data/raw/*.txt and data/raw/feeds/releases.jsonl, plus the texts of ../shared (factRuEval
dev, NEREL dev and train; skipped with a note when absent), repeated to at least ``--docs``
documents (each copy its own id) and written to a temporary JSONL file.

Each configuration runs as a whole child process, timed from outside (wall clock):

- plain Natasha: its documented full pipeline (Segmenter, NewsMorphTagger, NewsSyntaxParser,
  NewsNERTagger, span normalization), one ``Doc`` at a time, one process, numpy's default BLAS
  threads; reported twice: the whole process, and its document loop alone (models loaded, file
  read: the figure the ratios use, which favours Natasha);
- ``rupress extract CORPUS --out FRESH --no-resume -q``: the defaults (one worker per core, every
  extractor, model loading and table writing included);
- the same with ``--workers 1``.

Configurations alternate (Natasha, defaults, --workers 1, then again for each round), so a load
change on the machine hits them alike; ratios are taken within a round. Peak RSS is read two ways:
per process, ``VmHWM`` from ``/proc/PID/status`` polled every 0.2 s over the child's process
tree (main process and the largest worker); for the tree, ``ru_maxrss`` of ``os.wait4`` on the
child (the largest process among it and the descendants it waited for). ``--scale 10 50`` then
runs the defaults on 10x and 50x the corpus for memory and linearity (off by default: long).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
BIN = Path(sys.executable).parent


def corpus_texts(shared: Path = SHARED) -> tuple[list[str], list[str]]:
    """The texts of data/raw and of ../shared (when present), and notes on what was skipped."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    feed = ROOT / "data" / "raw" / "feeds" / "releases.jsonl"
    if feed.is_file():
        texts += [json.loads(line)["text"] for line in feed.read_text(encoding="utf-8").splitlines() if line.strip()]
    notes = [f"data/raw: {len(texts)} texts"]
    for name, folder in (("factRuEval dev", shared / "factru-dev"), ("NEREL dev", shared / "nerel" / "dev"),
                         ("NEREL train", shared / "nerel" / "train")):
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if not files:
            notes.append(f"{name}: absent ({folder}), skipped")
            continue
        texts += [p.read_text(encoding="utf-8") for p in files]
        notes.append(f"{name}: {len(files)} texts")
    return [t for t in texts if t.strip()], notes


def write_corpus(texts: list[str], n_docs: int, path: Path) -> tuple[int, int]:
    """``texts`` repeated (the last copy cut short) to ``n_docs`` documents, at least every text
    once, in a JSONL file; (documents, characters)."""
    n = chars = 0
    with path.open("w", encoding="utf-8") as f:
        while n < max(n_docs, len(texts)):
            r, i = divmod(n, len(texts))
            f.write(json.dumps({"id": f"r{r}-{i}", "text": texts[i]}, ensure_ascii=False) + "\n")
            n += 1
            chars += len(texts[i])
    return n, chars


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def measured(cmd: list[str]) -> dict:
    """Run ``cmd``; wall seconds, per-process peak RSS (MB) and the tree's ru_maxrss (MB)."""
    peaks: dict[int, int] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def poll():
        while not done.is_set():
            stack = [proc.pid]
            while stack:
                p = stack.pop()
                kb = _hwm_kb(p)
                if kb is not None:
                    peaks[p] = max(peaks.get(p, 0), kb)
                stack += _children(p)
            done.wait(0.2)

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    out_box: dict = {}

    def drain():  # a full pipe must not block the child
        out_box["out"] = proc.stdout.read()
        out_box["err"] = proc.stderr.read()

    dr = threading.Thread(target=drain, daemon=True)
    dr.start()
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    done.set()
    th.join()
    dr.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{out_box.get('err', '')[-2000:]}")
    main = peaks.pop(proc.pid, 0)
    return {"seconds": secs, "rss_main_mb": main / 1024, "rss_worker_mb": max(peaks.values(), default=0) / 1024,
            "n_workers_seen": len(peaks), "rss_tree_mb": usage.ru_maxrss / 1024,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "stdout": out_box.get("out", "")}


def natasha_child(path: str) -> int:
    """Plain Natasha's documented full pipeline over a JSONL file, one Doc at a time; prints JSON."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import natasha_plain

    models = natasha_plain.load()
    texts = [json.loads(line)["text"] for line in Path(path).read_text(encoding="utf-8").splitlines()]
    t1, c1 = time.perf_counter(), time.process_time()
    spans = 0
    for text in texts:
        spans += len(natasha_plain.spans(text, models))
    print(json.dumps({"load_seconds": t1 - t0, "loop_seconds": time.perf_counter() - t1,
                      "loop_cpu_seconds": time.process_time() - c1, "spans": spans}))
    return 0


def natasha(path: Path) -> dict:
    r = measured([sys.executable, __file__, "--natasha-child", str(path)])
    r.update(json.loads(r.pop("stdout").strip().splitlines()[-1]))
    return r


def rupress(path: Path, workers: int | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="rupress-bench-out-") as out:
        cmd = [str(BIN / "rupress"), "extract", str(path), "--out", out, "--no-resume", "-q"]
        if workers is not None:
            cmd += ["--workers", str(workers)]
        r = measured(cmd)
        r.pop("stdout")
        return r


def _line(name: str, r: dict, n: int, chars: int, secs: float | None = None, cpu: float | None = None) -> str:
    s = secs if secs is not None else r["seconds"]
    c = cpu if cpu is not None else r["cpu_seconds"]
    rss = f"main {r['rss_main_mb']:5.0f}"
    rss += f" worker {r['rss_worker_mb']:5.0f} (x{r['n_workers_seen']})" if r["n_workers_seen"] else " " * 18
    return (f"  {name:<32} {s:7.1f} {n / s:7.1f} {chars / s:9,.0f} {c:7.1f} {n / c:7.1f}   "
            f"{rss} tree {r['rss_tree_mb']:5.0f}")


HEAD = (f"  {'configuration':<32} {'wall s':>7} {'docs/s':>7} {'chars/s':>9} {'CPU s':>7} {'docs/CPUs':>7}   "
        "peak RSS MB (VmHWM per process; tree = ru_maxrss)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="corpus size: the texts repeated to at least N documents")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of the three configurations")
    ap.add_argument("--scale", type=int, nargs="*", default=[], help="also run the defaults on these multiples")
    ap.add_argument("--shared", default=str(SHARED), help="folder of the shared corpora (../shared/eval)")
    ap.add_argument("--natasha-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.natasha_child:
        return natasha_child(args.natasha_child)

    texts, notes = corpus_texts(Path(args.shared))
    print("corpus:", "; ".join(notes))
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start")
    with tempfile.TemporaryDirectory(prefix="rupress-bench-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        n, chars = write_corpus(texts, args.docs, path)
        print(f"{n} documents, {chars:,} characters ({chars / n:,.0f} a document), {path.stat().st_size / 1e6:.1f} MB JSONL\n")
        ratios = []
        for k in range(args.rounds):
            print(f"round {k + 1} (load average {os.getloadavg()[0]:.2f})")
            print(HEAD)
            nat = natasha(path)
            print(_line("plain Natasha, whole process", nat, n, chars))
            print(_line("plain Natasha, document loop", nat, n, chars, nat["loop_seconds"], nat["loop_cpu_seconds"]))
            dflt = rupress(path, None)
            print(_line("rupress extract (defaults)", dflt, n, chars))
            one = rupress(path, 1)
            print(_line("rupress extract --workers 1", one, n, chars))
            ratios.append((nat["loop_seconds"] / dflt["seconds"], nat["loop_seconds"] / one["seconds"],
                           nat["loop_cpu_seconds"] / one["cpu_seconds"]))
            print(f"  against Natasha's loop: docs/s defaults {ratios[-1][0]:.2f}x, --workers 1 {ratios[-1][1]:.2f}x; "
                  f"docs per CPU second --workers 1 {ratios[-1][2]:.2f}x\n")
        if ratios:
            print("ratios per round (wall: defaults, --workers 1; CPU: --workers 1):",
                  "; ".join(f"{a:.2f}x, {b:.2f}x, {c:.2f}x" for a, b, c in ratios))
        if args.scale:
            print("\nscale (defaults): memory and linearity")
            print(HEAD)
            base = rupress(path, None)
            print(_line(f"1x ({n} documents)", base, n, chars))
            for m in args.scale:
                big = Path(tmp) / f"corpus{m}.jsonl"
                bn, bc = write_corpus(texts, n * m, big)
                r = rupress(big, None)
                print(_line(f"{m}x ({bn} documents)", r, bn, bc) +
                      f"   seconds per document {r['seconds'] / bn * 1000:.1f} ms vs {base['seconds'] / n * 1000:.1f} ms at 1x")
                big.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
