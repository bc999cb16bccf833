"""Issue 13, case 4: an extreme --anchor-date is refused at the command line (outside 1800-2200),
and inside ``process`` one extractor's failure costs only that extractor's rows."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from types import SimpleNamespace

import pipeline
from pipeline import Options, process
from pipeline.types import Document

TEXT = "Мэр Москвы Сергей Собянин открыл парк завтра, через год и в следующем месяце."


@pytest.mark.parametrize("anchor", ["0001-01-01", "9999-12-31"])
def test_extreme_anchor_keeps_the_entities(anchor):
    # Options refuses such an anchor_date (test_options_refuse_...); a record's own date is not refused
    t = process([Document(doc_id="a", text=TEXT, source="t", published_at=anchor)], Options())
    assert len(t["entities"]) > 0 and len(t["mentions"]) > 0  # the other extractors' rows survive
    errs = t["errors"]
    # only the dates extractor, and events which builds on it (skipped, said so)
    assert set(errs["stage"]) <= {"extract:dates", "extract:events"}, errs.to_dict("records")
    for m in t["mentions"].itertuples():
        assert TEXT[m.start:m.end] == m.text


def test_a_failing_extractor_costs_only_its_own_rows(monkeypatch):
    from pipeline.extractors import registry

    spec = registry.REGISTRY["dates"]

    def boom(ctx):
        raise OverflowError("date value out of range")

    monkeypatch.setitem(registry.REGISTRY, "dates", SimpleNamespace(name="dates", requires=spec.requires,
                                                                     tables=spec.tables, fn=boom))
    t = process([Document(doc_id="a", text=TEXT, source="t")], Options())
    assert len(t["entities"]) > 0
    assert list(t["errors"]["stage"]) == ["extract:dates", "extract:events"]  # events needs dates
    assert "skipped: dates failed" in t["errors"]["message"].iloc[1]
    assert set(t["errors"]["error"]) == {"internal_error"}  # the documented class name
    assert list(t["documents"]["status"]) == ["error"]


@pytest.mark.parametrize("anchor", ["0001-01-01", "9999-12-31", "1799-12-31", "2201-01-01"])
def test_cli_refuses_an_anchor_outside_1800_2200(tmp_path, anchor):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(tmp_path / "a.txt"), "--out",
                        str(tmp_path / "out"), "-q", "--anchor-date", anchor], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "1800" in r.stderr and "2200" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("anchor", ["0001-01-01", "2201-01-01"])
def test_options_refuse_an_anchor_outside_1800_2200(anchor):
    with pytest.raises(pipeline.OptionError, match="anchor_date must be within the years 1800-2200"):
        Options(anchor_date=anchor)
