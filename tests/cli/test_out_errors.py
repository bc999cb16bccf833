"""Issue 13: an unusable --out is one line on stderr and exit 2, never a traceback; a full disk
keeps the tables already there."""
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli.app import app

TEXT = "Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


@pytest.fixture
def doc(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


def _cli(doc, out):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(doc), "--out", str(out), "-q"],
                          capture_output=True, text=True, env=ENV)


@pytest.mark.parametrize("where", ["under_a_file", "dangling_link", "under_a_dangling_link"])
def test_unusable_out_is_one_line_exit_2(tmp_path, doc, where):
    (tmp_path / "file").write_text("x")
    os.symlink(tmp_path / "nowhere", tmp_path / "dang")
    out = {"under_a_file": tmp_path / "file" / "sub", "dangling_link": tmp_path / "dang",
           "under_a_dangling_link": tmp_path / "dang" / "sub"}[where]
    r = _cli(doc, out)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("rupress: error:")
    assert not (tmp_path / "nowhere").exists()  # nothing created through the link


def _read_only(folder: Path) -> bool:
    """Make ``folder`` unwritable even for root (mode 0555, and the immutable flag as root)."""
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores the mode; the immutable attribute stops root too
        subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    try:
        (folder / ".probe").touch()
    except OSError:
        return True
    (folder / ".probe").unlink()
    return False


def test_read_only_out_is_one_line_exit_2(tmp_path, doc):
    out = tmp_path / "ro"
    out.mkdir()
    try:
        if not _read_only(out):
            pytest.skip("cannot make a folder read-only here (root without chattr +i)")
        r = _cli(doc, out)
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True)
        out.chmod(0o755)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("rupress: error:")


def test_no_space_left_keeps_the_earlier_tables(tmp_path, doc, monkeypatch):
    out = tmp_path / "out"
    pipeline.extract([str(doc)], out=out, format="csv")
    before = pipeline.load(out)
    from pipeline.tables import stream

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(stream.Appender, "append", full)  # every table file of a run is written through it
    r = CliRunner().invoke(app, ["extract", str(doc), "--out", str(out), "-q", "-f", "csv", "--no-resume"])
    assert r.exit_code == 2, r.output
    assert "No space left" in r.output and "Traceback" not in r.output
    after = pipeline.load(out)
    for name in ("documents", "mentions", "entities"):
        assert after[name].equals(before[name]), name
    assert not any(p.name.startswith(".rupress-write-") for p in (out / ".rupress-sets").iterdir())


def test_dask_without_the_extra_is_one_line_exit_2(doc, tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_dask(name, *a, **k):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    r = CliRunner().invoke(app, ["extract", str(doc), "--out", str(tmp_path / "out"), "-q", "--dask", "local"])
    assert r.exit_code == 2, r.output
    assert "rupress[dask]" in r.output and "Traceback" not in r.output
