"""`rupress diff` (rows added, removed and changed per table and label) and `rupress regress` (golden files)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def rupress(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    old_in, new_in = base / "old_in", base / "new_in"
    old_in.mkdir()
    new_in.mkdir()
    text = "Мэр Москвы Сергей Собянин открыл парк 12 марта 2021 года."
    (old_in / "a.txt").write_text(text, encoding="utf-8")
    (new_in / "a.txt").write_text(text + " На открытии выступил министр Антон Силуанов.", encoding="utf-8")
    for src, out in ((old_in, base / "old"), (new_in, base / "new")):
        r = rupress("extract", src, "--out", out, "--workers", "1", "-q")
        assert r.returncode == 0, r.stderr
    return base


def test_diff_lists_added_rows_per_table_and_label(runs):
    r = rupress("diff", runs / "old", runs / "new", "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    added = d["mentions"]["added"]
    assert any(m["text"] == "Антон Силуанов" and m["doc_id"] == "a" for m in added), added
    assert d["mentions"]["by_label"]["PER"]["added"] >= 1
    assert d["documents"]["changed"] and "n_chars" in d["documents"]["changed"][0]["changes"]
    text = rupress("diff", runs / "old", runs / "new")
    assert text.returncode == 0 and "mentions: +" in text.stdout and "Антон Силуанов" in text.stdout
    same = rupress("diff", runs / "old", runs / "old")
    assert all(line.endswith("+0 -0 ~0") for line in same.stdout.splitlines() if line and not line.startswith(" "))


def test_diff_refuses_a_folder_without_tables(tmp_path, runs):
    r = rupress("diff", tmp_path, runs / "new")
    assert r.returncode == 2 and "no rupress tables" in r.stderr


def test_regress_writes_then_matches_then_shows_a_unified_diff(runs, tmp_path):
    golden = tmp_path / "golden"
    r = rupress("regress", "--input", runs / "new_in", "--golden", golden, "--update")
    assert r.returncode == 0, r.stderr
    assert (golden / "mentions.jsonl").exists() and (golden / "corpus_entities.jsonl").exists()
    r = rupress("regress", "--input", runs / "new_in", "--golden", golden)
    assert r.returncode == 0 and "match" in r.stdout, r.stdout + r.stderr
    lines = (golden / "mentions.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (golden / "mentions.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")  # the golden run lost a mention
    r = rupress("regress", "--input", runs / "new_in", "--golden", golden)
    assert r.returncode == 1
    assert "--- golden/mentions.jsonl" in r.stdout and "+++ current/mentions.jsonl" in r.stdout
    assert "\n+" + lines[-1].strip() in r.stdout
    assert "mentions" in r.stderr


def test_regress_without_golden_folder_is_a_usage_error(runs, tmp_path):
    r = rupress("regress", "--input", runs / "new_in", "--golden", tmp_path / "none")
    assert r.returncode == 2 and "--update" in r.stderr
