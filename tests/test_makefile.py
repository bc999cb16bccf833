"""`make test` says what it installs (the extras, Chromium for the browser test) and how long each step took
(issue 25: it installed Chromium without a word). Run against a stand-in venv whose python does nothing."""
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="no make on PATH")


def _tools(tmp_path) -> Path:
    """A PATH with the few tools the recipe calls, and no browser."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("date", "id", "touch"):
        (tools / name).symlink_to(shutil.which(name))
    return tools


def _make(tmp_path, *args, path="/usr/bin:/bin"):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    stub = venv / "bin" / "python"
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    return subprocess.run([MAKE, "-s", "-C", str(ROOT), "test", f"VENV={venv}", *args], capture_output=True,
                          text=True, timeout=120, env={"PATH": path, "HOME": str(tmp_path)})


def test_make_test_says_what_it_installs_and_how_long_it_took(tmp_path):
    r = _make(tmp_path, "CHROMIUM=no", path=str(_tools(tmp_path)))  # no chromium on this PATH
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "installing rupress with the test and dask extras" in out and "installed in " in out, out
    assert "CHROMIUM=no: the browser test will be skipped" in out, out
    assert "running the test suite" in out and "the test suite took " in out, out


def test_make_test_names_the_chromium_it_found(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "chromium").write_text("#!/bin/sh\nexit 0\n")
    (fake / "chromium").chmod(0o755)
    r = _make(tmp_path, path=f"{fake}:{_tools(tmp_path)}")
    assert r.returncode == 0, r.stderr
    assert "Chromium found, the browser test" in r.stdout, r.stdout


def test_make_notebooks_is_a_target():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nnotebooks: " in text and "jupyter execute notebooks/01_quickstart.ipynb notebooks/02_evaluation.ipynb" in text
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    line = next(ln for ln in pyproject.splitlines() if ln.startswith("notebooks = ["))
    assert all(p in line for p in ("nbclient", "nbconvert", "ipykernel", "matplotlib"))
