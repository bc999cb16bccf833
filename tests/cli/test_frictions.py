"""What a new user meets first: --version, choices in --help, the progress bar, --strict, counts, -v/-q."""
import subprocess
import sys

import pandas as pd

import pipeline
from pipeline.version import __version__


def rupress(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=600, **kw)


def test_version_flag():
    r = rupress("--version")
    assert r.returncode == 0 and r.stdout.strip() == __version__


def test_help_shows_the_choices():
    r = rupress("extract", "--help")
    assert r.returncode == 0
    flat = "".join(r.stdout.split())
    assert "parquet|csv|jsonl" in flat and "full|name" in flat


def test_a_bad_choice_is_one_line_and_exit_2(tmp_path):
    r = rupress("extract", tmp_path, "--out", tmp_path / "o", "--entity-spans", "wide")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "--entity-spans" in lines[0], r.stderr
    assert "'wide' is not one of 'full', 'name'" in lines[0] and "Value error" not in lines[0], r.stderr


def _one_doc(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Мэр Казани выступил на форуме.", encoding="utf-8")
    return inp


def test_one_document_is_singular_and_no_bar_without_a_terminal(tmp_path):
    r = rupress("extract", _one_doc(tmp_path), "--out", tmp_path / "o")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 document, ") and "0 errors" in r.stdout
    assert r.stderr == ""  # no bar, no messages: stderr is not a terminal


def test_strict_exits_3_when_every_input_failed(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "empty.txt").write_bytes(b"")
    r = rupress("extract", inp, "--out", tmp_path / "o")
    assert r.returncode == 0 and "1 error " in r.stdout
    r = rupress("extract", inp, "--out", tmp_path / "o", "--strict")
    assert r.returncode == 3 and "--strict" in r.stderr
    assert pipeline.load(tmp_path / "o")["errors"]["error"].tolist() == ["empty"]  # the tables are still written


def test_verbose_and_quiet(tmp_path):
    inp = _one_doc(tmp_path)
    r = rupress("extract", inp, "--out", tmp_path / "o", "-v")
    assert r.returncode == 0 and "INFO" in r.stderr and "1 input" in r.stderr
    r = rupress("extract", inp, "--out", tmp_path / "o", "-q")
    assert r.returncode == 0 and r.stderr == "" and r.stdout.startswith("1 document,")


def test_progress_bar_on_a_terminal_has_the_total(tmp_path, on_terminal):
    inp = _one_doc(tmp_path)
    for i in range(2):
        (inp / f"b{i}.txt").write_text(f"Губернатор посетил завод номер {i}.", encoding="utf-8")
    rc, seen = on_terminal("extract", inp, "--out", tmp_path / "o", "--chunk-size", "1")
    assert rc == 0
    assert b"/3" in seen, seen[-500:]  # done/total, from the pre-count of three files
    r = rupress("extract", inp, "--out", tmp_path / "o2", "-q")
    assert b"/3" not in r.stderr.encode()


def test_tables_of_another_format_are_removed(tmp_path):
    inp = _one_doc(tmp_path)
    out = tmp_path / "o"
    assert rupress("extract", inp, "--out", out, "--format", "csv").returncode == 0
    assert (out / "documents.csv").exists()
    assert rupress("extract", inp, "--out", out, "--format", "jsonl").returncode == 0
    assert not any(p.suffix == ".csv" for p in out.iterdir())
    assert (out / "documents.jsonl").exists()
    assert isinstance(pipeline.load(out)["documents"], pd.DataFrame)


def test_csv_with_semicolons_and_named_fields(tmp_path):
    (tmp_path / "feed.csv").write_text(
        "guid;body;date;headline\nn1;Мэр Москвы, Сергей Собянин, открыл парк.;April 5, 2023;Парк\n"
        "n2;Губернатор посетил завод.;когда-то;Завод\n", encoding="utf-8")
    r = rupress("extract", tmp_path / "feed.csv", "--out", tmp_path / "o", "--text-field", "body",
                "--id-field", "guid", "--date-field", "date", "--title-field", "headline")
    assert r.returncode == 0, r.stderr
    docs = pipeline.load(tmp_path / "o")["documents"].set_index("doc_id")
    assert docs.loc["n1", "published_at"] == "2023-04-05" and docs.loc["n1", "title"] == "Парк"
    assert pd.isna(docs.loc["n1", "warnings"])
    assert pd.isna(docs.loc["n2", "published_at"]) and "когда-то" in docs.loc["n2", "warnings"]


def test_the_summary_counts_per_org_loc_mentions_apart_from_the_other_labels(tmp_path):
    import pipeline

    r = rupress("extract", _one_doc(tmp_path), "--out", tmp_path / "o")
    labels = pipeline.load(tmp_path / "o")["mentions"]["label"]
    names = int(labels.isin(["PER", "ORG", "LOC"]).sum())
    assert names >= 1  # Казани
    assert f" {names} PER/ORG/LOC mention" in r.stdout
    assert f" {len(labels) - names} other mention" in r.stdout
