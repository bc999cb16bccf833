"""Issue 13, case 5: a symbolic link loop in an input folder is one errors row per link; the run completes."""
import os
import subprocess
import sys
from pathlib import Path

import pipeline

TEXT = "Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."


def test_symlink_loop_is_an_error_row(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("loop.txt", inp / "loop.txt")  # points at itself
    for out in (tmp_path / "out", inp / "out"):  # --out beside the input, and inside it
        r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), "-q",
                            "-f", "csv"], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        assert r.returncode == 0, r.stderr
        t = pipeline.load(out)
        assert list(t["documents"]["doc_id"]) == ["a"]
        errs = t["errors"]
        assert list(errs["error"]) == ["symlink"], errs.to_dict("records")
        assert errs["source"].iloc[0].endswith("loop.txt")
