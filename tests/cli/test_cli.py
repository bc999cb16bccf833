"""The rupress command line, run as users run it."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.tables import SCHEMAS

TEXTS = {
    "a": "Мэр Москвы Сергей Собянин вчера открыл новый парк на севере города.",
    "sub/b": "Министр финансов Антон Силуанов провёл переговоры с главой Всемирного банка 3 октября 2019 года.",
    "sub/c": "Компания «Ромашка» подписала соглашение с администрацией г. Казани.",
    "d": "Ректор университета Иван Петров выступил с докладом на форуме в Новосибирске.",
    "e": "Губернатор Тульской области посетил завод в Алексине.",
    "f": "Пак Ён Хо прибыл в Сеул. Пак заявил, что визит прошёл успешно.",
}


def rupress(*args, timeout=600, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("in")
    for name, text in TEXTS.items():
        p = root / f"{name}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)) * 4)
    return root


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    r = rupress("extract", corpus, "--out", out, "--format", "csv")
    assert r.returncode == 0, r.stderr
    return out, r


def test_help_lists_commands():
    r = rupress("--help")
    assert r.returncode == 0
    for cmd in ("extract", "eval", "schema"):
        assert cmd in r.stdout
    r = rupress("extract", "--help")
    assert "--format" in r.stdout and "--limit" in r.stdout


def test_extract_writes_every_table_and_a_summary(uninterrupted):
    out, r = uninterrupted
    for name in SCHEMAS:
        assert (out / f"{name}.csv").exists(), name
    assert "6 documents" in r.stdout and "2 errors" in r.stdout
    t = pipeline.load(out)
    assert sorted(t["documents"]["doc_id"]) == sorted(TEXTS)
    assert set(t["errors"]["error"]) == {"empty", "binary"}
    assert not (out / ".rupress-parts").exists()


@pytest.mark.parametrize("args,needle", [
    (["extract", "/no/such/folder", "--out", "{tmp}"], "not found"),
    (["extract", "{corpus}", "--out", "{tmp}", "--format", "xlsx"], "--format"),
    (["extract", "{corpus}", "--out", "{tmp}", "--anchor-date", "yesterday"], "--anchor-date"),
])
def test_unusable_arguments_exit_non_zero_with_one_line(args, needle, corpus, tmp_path):
    args = [a.format(tmp=tmp_path / "o", corpus=corpus) for a in args]
    r = rupress(*args)
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], r.stderr
    assert not (tmp_path / "o").exists()


def test_limit_and_jsonl(corpus, tmp_path):
    r = rupress("extract", corpus, "--out", tmp_path, "--format", "jsonl", "--limit", "2")
    assert r.returncode == 0, r.stderr
    t = pipeline.load(tmp_path)
    assert len(t["documents"]) == 2
    assert (tmp_path / "mentions.jsonl").exists()


def test_sigkill_then_rerun_gives_the_uninterrupted_tables(corpus, uninterrupted, tmp_path):
    ref, _ = uninterrupted
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out), "--format", "csv",
           "--chunk-size", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parts = out / ".rupress-parts"
    deadline = time.time() + 300
    while time.time() < deadline:
        done = [p for p in parts.iterdir() if not p.name.startswith(".")] if parts.exists() else []
        if len(done) >= 2 or proc.poll() is not None:
            break
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert killed, "the run finished before it could be interrupted"
    assert not (out / "mentions.csv").exists()  # nothing final was written by the killed run
    r = subprocess.run(cmd[:-1], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "resumed" in r.stdout
    for name in SCHEMAS:
        assert (out / f"{name}.csv").read_bytes() == (ref / f"{name}.csv").read_bytes(), name


def test_workers_give_the_same_tables(corpus, uninterrupted, tmp_path):
    ref, _ = uninterrupted
    r = rupress("extract", corpus, "--out", tmp_path, "--format", "csv", "--workers", "2", "--chunk-size", "2")
    assert r.returncode == 0, r.stderr
    for name in SCHEMAS:
        assert (tmp_path / f"{name}.csv").read_bytes() == (ref / f"{name}.csv").read_bytes(), name


def test_schema_command_prints_every_table():
    r = rupress("schema")
    assert r.returncode == 0
    for name in SCHEMAS:
        assert name in r.stdout


def test_report_summarizes_an_output_folder(uninterrupted, tmp_path):
    out, _ = uninterrupted
    r = rupress("report", out)
    assert r.returncode == 0, r.stderr
    assert "Rows per table" in r.stdout and "Errors by class" in r.stdout
    assert "binary" in r.stdout and "Собянин" in r.stdout
    r = rupress("report", tmp_path)
    assert r.returncode == 2 and "no rupress tables" in r.stderr
