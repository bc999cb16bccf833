"""The table set is replaced as a whole; every format gives back every text exactly; the loader
refuses what is not a rupress folder."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.tables import FORMATS, SCHEMAS, Tables, load, write_tables
from pipeline.tables.core import NotRupressOutput

# every line break Python or a CSV reader knows, quotes, separators, NUL, BOM, surrogate-free astral
NASTY = st.text(st.one_of(st.sampled_from(list("\r\n\t\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff\"',;|\\ "
                                              "NaN")),
                          st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=40)


def tables_with(texts):
    docs = [{"doc_id": f"d{i}", "status": "ok", "n_chars": len(t), "text": t, "title": t or None}
            for i, t in enumerate(texts)]
    mentions = [{"doc_id": f"d{i}", "mention_id": f"d{i}#m1", "start": 0, "end": len(t), "text": t}
                for i, t in enumerate(texts)]
    return Tables.from_rows({"documents": docs, "mentions": mentions})


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(NASTY, min_size=1, max_size=5))
def test_every_format_round_trips_every_text_exactly(tmp_path, fmt, texts):
    write_tables(tables_with(texts), tmp_path, fmt)
    back = load(tmp_path)
    got = back["documents"]["text"].tolist()
    assert got == texts
    m = back["mentions"]
    assert len(m) == len(texts)  # no row added or lost
    for t, s, e, x in zip(got, m["start"], m["end"], m["text"]):
        if t == t and t is not None:
            assert t[s:e] == x


def test_lone_cr_in_csv_is_kept(tmp_path):
    write_tables(tables_with(["Мэр\rМосквы", "второй"]), tmp_path, "csv")
    back = load(tmp_path)
    assert back["documents"]["text"].tolist() == ["Мэр\rМосквы", "второй"]


# A child process writes set B over set A and SIGKILLs itself just before its k-th rename.
KILLER = textwrap.dedent("""
    from pipeline.tables import Tables, write_tables
    n = kill_at_rename(int(sys.argv[2]))
    rows = [{"doc_id": "B", "status": "ok", "text": "b"}]
    write_tables(Tables.from_rows({"documents": rows, "errors": [{"source": "B", "error": "x"}]}),
                 sys.argv[1], sys.argv[3])
    print(n[0])
""")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_killed_at_every_rename_the_loader_sees_one_whole_set(tmp_path, fmt, kill_at_rename_script):
    def run(out, k, f):
        return subprocess.run([sys.executable, "-c", kill_at_rename_script + KILLER, str(out), str(k), f],
                              capture_output=True, text=True,
                              timeout=120)

    def set_a(out):
        write_tables(Tables.from_rows({"documents": [{"doc_id": "A", "status": "ok", "text": "a"}]}), out, "jsonl")

    probe = tmp_path / "probe"
    set_a(probe)
    r = run(probe, 0, fmt)
    assert r.returncode == 0, r.stderr
    renames = int(r.stdout)
    assert renames >= 2
    for k in range(1, renames + 1):
        out = tmp_path / f"k{k}"
        set_a(out)
        r = run(out, k, fmt)
        assert r.returncode == -signal.SIGKILL, (k, r.stderr)
        t = load(out)
        ids, errs = t["documents"]["doc_id"].tolist(), len(t["errors"])
        assert (ids, errs) in ((["A"], 0), (["B"], 1)), k  # one whole set, never a mix
        # the next write completes and leaves nothing of the killed one behind
        write_tables(Tables(), out, fmt)
        assert load(out)["documents"].empty
        assert not list(out.rglob(".rupress-write-*")), k
        assert len(list((out / ".rupress-sets").iterdir())) == 1
        assert not [p for p in out.iterdir() if p.name.endswith(".jsonl")]


def test_tables_of_another_format_are_removed(tmp_path):
    write_tables(Tables(), tmp_path, "csv")
    write_tables(Tables(), tmp_path, "jsonl")
    visible = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert visible == sorted([f"{n}.jsonl" for n in SCHEMAS] + ["manifest.json"])
    assert json.loads((tmp_path / "manifest.json").read_text())["format"] == "jsonl"


def test_older_layout_with_plain_files_is_read_and_replaced(tmp_path):
    (tmp_path / "documents.jsonl").write_text(json.dumps({"doc_id": "old", "status": "ok"}) + "\n")
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "jsonl"}))
    assert load(tmp_path)["documents"]["doc_id"].tolist() == ["old"]
    write_tables(Tables(), tmp_path, "jsonl")
    assert (tmp_path / "documents.jsonl").is_symlink() and load(tmp_path)["documents"].empty


def test_load_refuses_a_missing_or_foreign_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        load(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(NotRupressOutput, match="no rupress tables"):
        load(tmp_path)
    with pytest.raises(NotADirectoryError):
        load(tmp_path / "notes.txt")
