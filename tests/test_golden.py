"""Golden files: the tables for data/raw must not change unnoticed.

On a difference the test prints a unified diff per table. When the change is intended, accept it:
``make golden`` (or ``RUPRESS_UPDATE_GOLDEN=1 pytest tests/test_golden.py``) and commit tests/golden/.
"""
import os
from pathlib import Path

import pytest

import pipeline
from pipeline.tables.compare import render_lines as render  # the format `rupress regress` writes and reads
from pipeline.tables.compare import unified

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
TABLES = ("documents", "mentions", "entities", "dates", "roles", "posts", "events", "event_arguments", "event_mentions",
          "errors",
          "corpus_entities")


@pytest.fixture(scope="module")
def current():
    return pipeline.extract([str(ROOT / "data" / "raw")])


@pytest.mark.parametrize("name", TABLES)
def test_tables_match_golden_files(current, name):
    got = render(current[name], name)
    path = GOLDEN / f"{name}.jsonl"
    if os.environ.get("RUPRESS_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(got), encoding="utf-8")
    assert path.exists(), f"{path} is missing: run `make golden` and commit it"
    want = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if got != want:
        diff = unified(want, got, name)
        pytest.fail(f"{name} differs from its golden file (run `make golden` if this is intended):\n{diff[:20000]}")
