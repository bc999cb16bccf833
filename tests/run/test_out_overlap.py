"""Issue 13, case 1: an input inside --out, or --out equal to an input, is read; only the output
folder's own files (tables, manifest, set/work folders, lock) are skipped. Never an empty success."""
import os
import subprocess
import sys
from pathlib import Path

import pipeline

TEXT = "Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."


def _docs(tables):
    return sorted(tables["documents"]["doc_id"])


def test_input_inside_out_is_read_and_rerun_reads_it_again(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        (raw / f"d{i}.txt").write_text(TEXT, encoding="utf-8")
    for fmt in ("csv", "jsonl"):
        t = pipeline.extract([str(raw)], out=tmp_path, format=fmt)
        assert _docs(t) == ["d0", "d1", "d2"]
        assert len(t["mentions"]) > 0
        # the tables written by the first run are not read back as input, nor reported as links
        t = pipeline.extract([str(tmp_path)], out=tmp_path, format=fmt)
        assert _docs(t) == ["raw/d0", "raw/d1", "raw/d2"], _docs(t)
        assert len(t["errors"]) == 0, t["errors"].to_dict("records")


def test_out_equal_to_the_input_folder(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for _ in range(2):
        t = pipeline.extract([str(tmp_path)], out=tmp_path, format="csv")
        assert _docs(t) == ["a"]
        assert len(t["errors"]) == 0, t["errors"].to_dict("records")


def test_cli_out_dot_above_the_input(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", "raw", "--out", ".", "-q", "-f", "csv"],
                       cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 document,"), r.stdout
