"""Issue 25's frictions a newcomer met: help, eval on bad input, diff, Ctrl-C, the progress ETA."""
import subprocess
import sys

import pytest


def rupress(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          timeout=600, **kw)


def _one_line_exit_2(r, *needles):
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [("extract",), ("eval", "nerel"), ("diff",), ("report",)])
def test_flags_show_as_flags_in_help(command):
    r = rupress(*command, "--help", env={"COLUMNS": "150", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert "--help" in r.stdout and "<bool>" not in r.stdout, r.stdout
    if command == ("extract",):
        row = next(ln for ln in r.stdout.splitlines() if "--quiet" in ln)
        assert "<" not in row and "No progress bar" in row, row
        assert "<int range>" in r.stdout  # options that take a value still say what they take


def test_eval_dates_on_a_malformed_tsv_names_the_file_and_line(tmp_path):
    tsv = tmp_path / "cases.tsv"
    tsv.write_text("text\tanchor\texpr\tvalue\tvalue_end\tsource\n"
                   "Вчера шёл дождь.\t2025-02-06\tВчера\t2025-02-05\t2025-02-05\tmine\n"
                   "# a comment\n"
                   "Завтра будет солнечно.\tзавтра\n", encoding="utf-8")
    _one_line_exit_2(rupress("eval", "dates", tsv), f"{tsv}:4:", "expected at least 5")
    tsv.write_text("Вчера шёл дождь.\tшестое февраля\tВчера\t2025-02-05\t2025-02-05\n", encoding="utf-8")
    _one_line_exit_2(rupress("eval", "dates", tsv), f"{tsv}:1:", "not an ISO date")
    tsv.write_bytes("Вчера шёл дождь.\t2025-02-06\tВчера\t2025-02-05\t2025-02-05\n".encode() + b"\xff\xfe\n")
    _one_line_exit_2(rupress("eval", "dates", tsv), f"{tsv}:2:", "not UTF-8")


def test_eval_dates_reads_a_good_tsv(tmp_path):
    tsv = tmp_path / "cases.tsv"
    tsv.write_text("Вчера шёл дождь.\t2025-02-06\tВчера\t2025-02-05\t2025-02-05\tmine\n", encoding="utf-8")
    r = rupress("eval", "dates", tsv)
    assert r.returncode == 0 and "overall" in r.stdout and "mine" in r.stdout, r.stderr


@pytest.mark.parametrize("command,pattern", [("nerel", "*.ann"), ("links", "*.ann"), ("dates", "*.ann"),
                                             ("factru", "book_*.txt")])
def test_eval_on_a_folder_with_nothing_to_score_is_exit_2(tmp_path, command, pattern):
    (tmp_path / "1.txt").write_text("Мэр Казани выступил на форуме.", encoding="utf-8")
    _one_line_exit_2(rupress("eval", command, tmp_path), "nothing to score", str(tmp_path), pattern)


def test_rows_that_only_moved_are_one_moved_row_not_a_plus_minus_pair():
    import pipeline
    from pipeline.tables.compare import diff_tables, differs, format_diff

    text = "Мэр Москвы Сергей Собянин открыл парк 12 марта 2021 года."
    old = pipeline.extract(texts={"a": text})
    new = pipeline.extract(texts={"a": "Погода была хорошей. " + text})  # every row of `text` moves
    d = diff_tables(old, new)
    m = d["mentions"]
    per = [r for r in m["moved"] if r["label"] == "PER"]
    assert per and per[0]["text"] == "Сергей Собянин", m
    assert per[0]["changes"]["start"][1] - per[0]["changes"]["start"][0] == len("Погода была хорошей. ")
    assert not any(r["text"] == "Сергей Собянин" for r in m["added"] + m["removed"]), m
    assert d["dates"]["moved"] and not d["dates"]["added"] and not d["dates"]["removed"], d["dates"]
    text_out = format_diff(d)
    assert "  > a  PER  Сергей Собянин  (moved: start 11 -> 32, end 25 -> 46)" in text_out, text_out
    assert not any(ln.startswith(("  + a  PER  Сергей", "  - a  PER  Сергей")) for ln in text_out.splitlines())
    assert differs(d) and not differs(diff_tables(old, old))


def test_diff_exit_code_as_git_does(tmp_path):
    ins = {}
    for name, text in (("old", "Мэр Казани выступил на форуме."),
                       ("new", "Мэр Казани выступил на форуме. Губернатор Антон Алиханов приехал в Калининград.")):
        ins[name] = tmp_path / f"{name}_in"
        ins[name].mkdir()
        (ins[name] / "a.txt").write_text(text, encoding="utf-8")
        r = rupress("extract", ins[name], "--out", tmp_path / name, "--workers", "1", "-q")
        assert r.returncode == 0, r.stderr
    differ = rupress("diff", tmp_path / "old", tmp_path / "new", "--exit-code")
    assert differ.returncode == 1 and "Алиханов" in differ.stdout, differ.stderr
    assert rupress("diff", tmp_path / "old", tmp_path / "new").returncode == 0  # without the flag: a report
    assert rupress("diff", tmp_path / "old", tmp_path / "old", "--exit-code").returncode == 0
    assert rupress("diff", tmp_path / "old", tmp_path / "new", "--exit-code", "-f", "json").returncode == 1


def test_ctrl_c_says_what_is_kept_and_that_the_same_command_resumes(tmp_path):
    import os
    import re
    import signal
    import time

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(40):
        (inp / f"d{i:02d}.txt").write_text(f"Губернатор Антон Алиханов открыл школу номер {i} в Калининграде.",
                                           encoding="utf-8")
    cmd = [sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), "--chunk-size", "2",
           "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    parts = out / ".rupress-parts"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.is_dir() and sum(1 for p in parts.iterdir() if not p.name.startswith(".")) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole foreground group
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    m = re.search(r"interrupted: (\d+) finished chunks? \((\d+) documents?\) kept in .*run the same command again",
                  lines[0])
    assert m and int(m[1]) >= 2 and int(m[2]) == 2 * int(m[1]), lines[0]
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    resumed = re.search(r"\((\d+) chunks? resumed\)", again.stdout)
    assert resumed and int(resumed[1]) >= int(m[1]), again.stdout
    assert again.stdout.startswith("40 documents,")


def _bursty_run():
    """(time, done) of 2 workers finishing 64-document chunks of uneven cost (one slow chunk in three):
    steady on average, in bursts and pauses as a pool's results arrive."""
    import random

    rng = random.Random(7)
    free = [0.0, 0.0]
    finish = []
    for k in range(60):
        w = free.index(min(free))
        free[w] += (3.0 if k % 3 == 0 else 0.5) * rng.uniform(0.8, 1.2)
        finish.append(free[w])
    finish.sort()
    return [(t, 64 * (i + 1)) for i, t in enumerate(finish)], 64 * 60


def test_the_eta_is_smoothed_not_jumping():
    from pipeline.cli.progress import Eta

    events, total = _bursty_run()
    eta = Eta()
    shown = [(t, eta.update(done, total, now=t)) for t, done in events]
    end = events[-1][0]
    # what rich's column shows: the last interval's rate, a figure that swings with every burst
    naive = [(t1, (total - d1) * (t1 - t0) / (d1 - d0)) for (t0, d0), (t1, d1) in zip(events, events[1:]) if t1 > t0]

    def worst_jump(series):  # largest change of the shown figure between updates, beyond the clock's own countdown,
        jumps = []            # relative to the true time left; over the middle of the run
        for (t0, a), (t1, b) in zip(series, series[1:]):
            if a is None or b is None or not (0.2 * end < t1 < 0.8 * end):
                continue
            jumps.append(abs(b - (a - (t1 - t0))) / (end - t1))
        return max(jumps)

    assert worst_jump(naive) > 0.5  # the test can fail: unsmoothed, the figure jumps
    assert worst_jump(shown) < 0.15, worst_jump(shown)
    mid = [(t, s) for t, s in shown if s is not None and 0.3 * end < t < 0.7 * end]
    assert all(abs(s - (end - t)) < 0.25 * (end - t) for t, s in mid), mid  # and it is right to within a quarter


def test_the_time_left_is_labelled_eta():
    from pipeline.cli.progress import format_eta

    assert format_eta(None) == "ETA --:--"
    assert format_eta(125) == "ETA 2:05" and format_eta(3725) == "ETA 1:02:05"


def test_the_bar_on_a_terminal_shows_the_eta(tmp_path, on_terminal):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(6):
        (inp / f"b{i}.txt").write_text(f"Губернатор посетил завод номер {i}.", encoding="utf-8")
    rc, seen = on_terminal("extract", inp, "--out", tmp_path / "o", "--chunk-size", "1", "--workers", "1")
    assert rc == 0
    assert b"ETA " in seen, seen[-500:]


def test_eval_releases_with_no_gold_to_score_is_exit_2(tmp_path):
    (tmp_path / "releases.jsonl").write_text('{"id": "1", "text": "Губернатор открыл школу."}\n', encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("", encoding="utf-8")
    _one_line_exit_2(rupress("eval", "releases", tmp_path), "nothing to score", str(tmp_path))
