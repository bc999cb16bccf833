"""Golden files: the tables for data/raw must not change unnoticed.

On a difference the test prints a unified diff per table. When the change is intended, accept it:
``make golden`` (or ``RUPRESS_UPDATE_GOLDEN=1 pytest tests/test_golden.py``) and commit tests/golden/.
"""
import difflib
import json
import os
from pathlib import Path

import pytest

import pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
TABLES = ("documents", "mentions", "entities", "dates", "roles", "events", "event_arguments", "errors")
SKIP_COLUMNS = {"documents": {"text", "source"}}  # text is in data/raw itself; source depends on the path given


def render(df, name) -> list[str]:
    cols = [c for c in df.columns if c not in SKIP_COLUMNS.get(name, set())]
    rows = df[cols].astype(object).where(df[cols].notna(), None).to_dict(orient="records")
    return [json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in rows]


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
        diff = "".join(difflib.unified_diff(want, got, f"golden/{name}.jsonl", f"current/{name}.jsonl", n=1))
        pytest.fail(f"{name} differs from its golden file (run `make golden` if this is intended):\n{diff[:20000]}")
