"""Issue 25, cases 7 and 11 and a friction: the HTML highlighting is linear in mentions (calls
counted, not timed), the roles' "appointed" column is filled, a read-only destination is one line."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.report.html import highlight, render_html
from pipeline.tables import Tables, write_tables

ROOT = str(Path(__file__).resolve().parents[2])


def _doc(n):
    text = "Газпром и Сбер. " * n
    spans = []
    for i in range(n):
        b = 16 * i
        spans += [(b, b + 7, "ent", "ORG", "x"), (b + 10, b + 14, "ent", "ORG", "y"), (b + 2, b + 5, "date", "d", "overlap")]
    return text, spans


def test_highlight_work_is_linear_in_spans(counted):
    w = [counted(highlight, *_doc(n))[0] for n in (200, 800, 3200)]
    assert w[2] / 3200 <= 1.3 * w[1] / 800, w  # quadratic: 4x per step
    out = highlight(*_doc(3))
    assert out.count("<mark") == 6


def test_appointed_column_is_filled(tmp_path):
    text = "Иван Петров назначен директором завода."
    t = Tables.from_rows({
        "documents": [{"doc_id": "a", "status": "ok", "text": text, "n_chars": len(text)}],
        "roles": [{"doc_id": "a", "role_id": "a:r0", "person": "Иван Петров", "position": "директор",
                   "appointment": True},
                  {"doc_id": "a", "role_id": "a:r1", "person": "Пётр Иванов", "position": "мэр", "appointment": False}]})
    write_tables(t, tmp_path, "parquet")
    page = render_html(tmp_path)
    rows = page.split("<h4>Roles</h4>")[1].split("</table>")[0]
    assert rows.count("<td>yes</td>") == 1, rows


@pytest.mark.parametrize("where", ["read_only", "under_a_file"])
def test_report_html_that_cannot_be_written_is_one_line(tmp_path, where):
    if where == "read_only" and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    write_tables(Tables(), tmp_path / "out", "parquet")
    ro = tmp_path / "ro"
    ro.mkdir()
    if where == "under_a_file":  # what a read-only folder is for root as well: a path that cannot be made
        (ro / "file.txt").write_text("x")
        dest = ro / "file.txt" / "r.html"
    else:
        ro.chmod(0o555)
        dest = ro / "r.html"
    try:
        r = subprocess.run([sys.executable, "-m", "pipeline", "report", str(tmp_path / "out"), "--html", str(dest)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ROOT})
    finally:
        ro.chmod(0o755)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot write the HTML report" in r.stderr, r.stderr
