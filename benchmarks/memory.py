"""Peak RSS of every process of ``rupress extract`` (the run and its workers) over 1k, 10k, 100k documents.

    python benchmarks/memory.py [--docs 1000 10000] [--extractors entities] [--chars 400] [--workers 0]

A script, not a timed test. The corpus is one JSONL file of documents cut from data/raw/*.txt
(paragraphs taken in turn, cycled, each with its own id), written to a temporary folder. Each size
runs ``rupress extract CORPUS --out OUT -q --no-resume`` as a process of its own; the process tree
is polled and each process's high-water mark (``VmHWM`` in /proc) kept, so the figure is the
kernel's peak, not a sample. Prints one line per process and the largest worker per size.

``--assembly-only``: the final step alone at corpus scale, where a full extract would take hours on
a loaded machine. One chunk of the corpus is extracted for real (``process``) and saved as a part;
that part is then listed ``n / chunk`` times (links to one folder) and ``assemble`` (the streamed
merge, linking included) runs over them in a process of its own, measured the same way.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(path: Path, n: int, chars: int | None, long: int | None = None) -> int:
    """Write ``n`` documents to ``path`` (each ``long`` characters of paragraphs, with ``long``); returns the characters."""
    paras = []
    for f in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if chars is None:
            paras.append(text)
            continue
        doc = ""
        for p in text.split("\n\n"):  # whole paragraphs up to about ``chars`` characters
            if doc and len(doc) + len(p) > chars:
                paras.append(doc)
                doc = ""
            doc = f"{doc}\n\n{p}" if doc else p
        if doc:
            paras.append(doc)
    if long:  # one long text: the paragraphs in turn, numbered so no two windows are alike
        pieces, size, k = [], 0, 0
        while size < long:
            p = f"{k}. {paras[k % len(paras)]}"
            pieces.append(p)
            size += len(p) + 2
            k += 1
        paras = ["\n\n".join(pieces)[:long]]
    total = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = paras[i % len(paras)]
            total += len(text)
            fh.write(json.dumps({"id": f"doc{i:07d}", "text": text, "published_at": "2021-03-12"},
                                ensure_ascii=False) + "\n")
    return total


def _hwm(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def measure(cmd: list[str]) -> tuple[float, dict[int, tuple[str, int]], int]:
    """(seconds, {pid: (role, peak RSS bytes)}, return code) of ``cmd`` and every process under it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[str, int]] = {}
    while proc.poll() is None:
        todo = [(proc.pid, "run")]
        while todo:
            pid, role = todo.pop()
            hwm = _hwm(pid)
            if hwm is not None:
                peaks[pid] = (role, max(hwm, peaks.get(pid, (role, 0))[1]))
            todo.extend((c, "worker") for c in _children(pid))
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode:
        print(err[-2000:], file=sys.stderr)
    else:
        print("   ", out.strip().splitlines()[-1])
    return time.perf_counter() - t0, peaks, proc.returncode


ASSEMBLE = """
import sys
from pathlib import Path
from pipeline.run.assemble import assemble
parts, n = Path(sys.argv[1]), int(sys.argv[2])
keys = sorted(p.name for p in parts.iterdir())[:n]
done = assemble(parts, keys, Path(sys.argv[3]), sys.argv[4], {})
print(f"assembled {done.rows}")
"""


def assembly_only(args) -> None:
    sys.path.insert(0, str(ROOT))
    from pipeline.ingest import iter_inputs
    from pipeline.run import Options, process
    from pipeline.run.parts import save_part

    with tempfile.TemporaryDirectory(prefix="rupress-mem-") as tmp:
        src = Path(tmp) / "corpus.jsonl"
        corpus(src, args.chunk_size, args.chars)
        opts = Options(extractors=tuple(args.extractors.split(","))) if args.extractors else Options()
        base = process(list(iter_inputs([str(src)])), opts)
        parts = Path(tmp) / "parts"
        parts.mkdir()
        save_part(base, parts, "base")
        print(f"one real part: {base.summary()}")
        n_parts = max(args.docs) // args.chunk_size
        for i in range(n_parts):
            os.symlink(parts / "base", parts / f"k{i:07d}")
        os.rename(parts / "base", Path(tmp) / "base")
        os.symlink(Path(tmp) / "base", parts / "base")  # keep the links valid, sorted last
        for n in args.docs:
            k = n // args.chunk_size
            cmd = [sys.executable, "-c", ASSEMBLE, str(parts), str(k), str(Path(tmp) / f"out{n}"), args.format]
            print(f"assemble {k} parts = {k * args.chunk_size} documents ({args.format}):")
            seconds, peaks, rc = measure(cmd)
            peak = max((p for _, p in peaks.values()), default=0)
            print(f"  => {k * args.chunk_size} docs: {seconds:.0f} s, peak RSS {peak / 2**20:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--chars", type=int, default=None, help="Cut the texts into documents of about this many characters.")
    ap.add_argument("--long", type=int, default=None, help="Every document this many characters long (one text).")
    ap.add_argument("--extractors", default=None, help="--extractors for rupress (default: all).")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--format", default="parquet")
    ap.add_argument("--chunk-size", type=int, default=64)
    ap.add_argument("--assembly-only", action="store_true", help="Measure the final merge alone (see above).")
    args = ap.parse_args()
    if args.assembly_only:
        return assembly_only(args)
    rupress = str(Path(sys.executable).with_name("rupress"))
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for n in args.docs:
        with tempfile.TemporaryDirectory(prefix="rupress-mem-") as tmp:
            src = Path(tmp) / "corpus.jsonl"
            chars = corpus(src, n, args.chars, args.long)
            cmd = [rupress, "extract", str(src), "--out", str(Path(tmp) / "out"), "-q", "--no-resume",
                   "--workers", str(args.workers), "--format", args.format, "--chunk-size", str(args.chunk_size)]
            if args.extractors:
                cmd += ["--extractors", args.extractors]
            print(f"{n} documents, {chars / n:.0f} characters each: {' '.join(cmd[1:])}")
            seconds, peaks, rc = measure(cmd)
            if rc:
                print(f"    exit {rc}")
                continue
            for pid, (role, peak) in sorted(peaks.items(), key=lambda kv: kv[1][0] != "run"):
                print(f"    {role:<6} pid {pid:<7} peak RSS {peak / 2**20:7.0f} MB")
            run_peak = max((p for r, p in peaks.values() if r == "run"), default=0)
            workers = [p for r, p in peaks.values() if r == "worker"]
            print(f"  => {n} docs: {seconds:.0f} s ({n / seconds:.1f} docs/s), run {run_peak / 2**20:.0f} MB, "
                  f"largest worker {max(workers, default=0) / 2**20:.0f} MB over {len(workers)} workers")


if __name__ == "__main__":
    main()
