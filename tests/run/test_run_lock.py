"""Issue 13, case 2: a run holds the output lock for its whole life; a second run into the same
--out exits 2 naming the owner pid (or waits with --wait); a lock left by a dead pid is taken over.
Every holder here is a real, separate process."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
ENV = {**os.environ, "PYTHONPATH": ROOT}
TEXT = "Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."
HOLD = ("import sys; from pipeline.tables.store import locked\n"
        "with locked(sys.argv[1]):\n    print('held', flush=True); sys.stdin.read()\n")


def _holder(out):
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=ENV)
    assert p.stdout.readline().strip() == "held"
    return p


def _extract(inp, out, *extra):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), "-q",
                           "-f", "csv", *extra], capture_output=True, text=True, env=ENV)


@pytest.fixture
def inp(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    return d


def test_second_run_exits_2_naming_the_owner(tmp_path, inp):
    out = tmp_path / "out"
    out.mkdir()
    holder = _holder(out)
    try:
        r = _extract(inp, out)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and f"pid {holder.pid}" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
    assert not (out / "documents.csv").exists()  # the refused run wrote nothing


def test_wait_runs_once_the_owner_ends(tmp_path, inp):
    out = tmp_path / "out"
    out.mkdir()
    holder = _holder(out)
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), "-q",
                            "-f", "csv", "--wait", "300"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=ENV)
    holder.stdin.close()
    holder.wait(timeout=30)
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert stdout.startswith("1 document,")


def test_lock_of_a_killed_run_is_taken_over(tmp_path, inp):
    out = tmp_path / "out"
    out.mkdir()
    holder = _holder(out)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=30)
    assert (out / ".rupress-lock").read_text().split()[0] == str(holder.pid)  # left behind, stale
    r = _extract(inp, out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 document,")
    assert not (out / ".rupress-lock").exists()


def test_the_lock_is_held_while_the_run_works(tmp_path, inp, monkeypatch):
    """In-process: during chunk processing, another process cannot take the lock."""
    import pipeline
    from pipeline.run import batch

    out = tmp_path / "out"
    seen = []
    real = batch.process

    def probe(chunk, options):
        r = subprocess.run([sys.executable, "-c", "import sys; from pipeline.tables.store import locked\n"
                            "try:\n    with locked(sys.argv[1]): print('free')\n"
                            "except Exception as e: print(type(e).__name__)", str(out)],
                           capture_output=True, text=True, env=ENV)
        seen.append(r.stdout.strip())
        return real(chunk, options)

    monkeypatch.setattr(batch, "process", probe)
    pipeline.extract([str(inp)], out=out, format="csv")
    assert seen == ["OutputLocked"], seen
