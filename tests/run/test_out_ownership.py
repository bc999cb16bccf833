"""Issue 25, cases 1-4: --out owns only what rupress writes; its work folders are never followed through
links; --no-resume starts clean; a damaged or foreign part is redone, never a traceback."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
import pipeline.run.batch as batch
import pipeline.run.parts as parts_mod
from pipeline.run.parts import PART_MANIFEST, part_ok
from pipeline.tables.store import OutputClash

TEXTS = ["Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года.",
         "Губернатор Тулы Алексей Дюмин посетил завод 3 марта 2021 года.",
         "Министр финансов Антон Силуанов выступил в Казани 1 июня 2021 года."]
ROOT = str(Path(__file__).resolve().parents[2])


def _inputs(folder):
    folder.mkdir(exist_ok=True)
    for i, t in enumerate(TEXTS):
        (folder / f"d{i}.txt").write_text(t, encoding="utf-8")
    return folder


def _snapshot(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _frames(t):
    # the documents' source is the input path: the rest must be identical from any folder
    return {n: t[n].drop(columns=["source"], errors="ignore").to_csv(index=False)
            for n in ("documents", "mentions", "entities", "roles", "events")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    return _frames(pipeline.extract([str(_inputs(tmp / "raw"))], out=tmp / "out", format="csv", chunk_size=1))


def _leave_parts(raw, out, monkeypatch):
    """A run that dies after every chunk is done: its parts stay in OUT/.rupress-parts."""
    def boom(*a, **k):
        raise RuntimeError("killed")
    with monkeypatch.context() as m:
        m.setattr(batch, "assemble", boom)
        with pytest.raises(RuntimeError):
            pipeline.extract([str(raw)], out=out, format="csv", chunk_size=1)
    keys = sorted(p.name for p in (out / ".rupress-parts").iterdir() if not p.name.startswith("."))
    assert len(keys) == 3
    return out / ".rupress-parts", keys


def test_a_planted_sets_link_is_never_followed(tmp_path, reference):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    (victim / "folder").mkdir()
    before = _snapshot(victim)
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / ".rupress-sets")
    t = pipeline.extract([str(_inputs(tmp_path / "raw"))], out=out, format="csv", chunk_size=1)
    assert _snapshot(victim) == before and (victim / "folder").is_dir()
    assert not (out / ".rupress-sets").is_symlink()
    assert _frames(t) == reference and _frames(pipeline.load(out)) == reference


def test_a_planted_parts_link_is_never_written_through(tmp_path, reference):
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / ".rupress-parts")
    t = pipeline.extract([str(_inputs(tmp_path / "raw"))], out=out, format="csv", chunk_size=1)
    assert list(victim.iterdir()) == []  # no document text was written to the link's target
    assert _frames(t) == reference


def test_a_part_that_is_a_link_is_not_trusted(tmp_path, monkeypatch, reference):
    raw = _inputs(tmp_path / "raw")
    out = tmp_path / "out"
    parts, keys = _leave_parts(raw, out, monkeypatch)
    elsewhere = tmp_path / "elsewhere"
    os.rename(parts / keys[0], elsewhere)
    os.symlink(elsewhere, parts / keys[0])
    assert not part_ok(parts, keys[0])
    before = _snapshot(elsewhere)
    t = pipeline.extract([str(raw)], out=out, format="csv", chunk_size=1)
    assert _frames(t) == reference
    assert _snapshot(elsewhere) == before  # the link was dropped, its target neither read as a part nor emptied


def test_user_files_in_out_are_never_replaced(tmp_path):
    raw = _inputs(tmp_path / "raw")
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("my own table\n")
    with pytest.raises(OutputClash, match="documents.csv is not a file rupress wrote"):
        pipeline.extract([str(raw)], out=out, format="csv")
    assert (out / "documents.csv").read_text() == "my own table\n"
    assert not (out / "mentions.csv").exists()  # refused before any table was written
    # names the run would only clean up (another format, a partitioned folder) are left alone
    (out / "documents.csv").unlink()
    (out / "mentions.jsonl").write_text("{}\n")
    (out / "events").mkdir()
    (out / "events" / "notes.txt").write_text("x")
    pipeline.extract([str(raw)], out=out, format="csv")
    assert (out / "mentions.jsonl").read_text() == "{}\n" and (out / "events" / "notes.txt").read_text() == "x"
    assert (out / "mentions.csv").is_symlink()
    manifest = pipeline.load(out)  # loads the run's own tables
    assert len(manifest["documents"]) == 3
    import json
    files = json.loads((out / "manifest.json").read_text())["files"]
    assert "mentions.csv" in files and "mentions.jsonl" not in files


def test_cli_refuses_an_input_feed_that_clashes_with_a_table(tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    feed = "id,text\nx1," + TEXTS[1] + "\n"
    (tmp_path / "events.csv").write_text(feed, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(tmp_path), "--out", str(tmp_path), "-q",
                        "-f", "csv"], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ROOT})
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "events.csv is not a file rupress wrote" in r.stderr, r.stderr
    assert (tmp_path / "events.csv").read_text(encoding="utf-8") == feed


def test_no_resume_reads_no_kept_part(tmp_path, monkeypatch, reference):
    raw = _inputs(tmp_path / "raw")
    out = tmp_path / "out"
    parts, keys = _leave_parts(raw, out, monkeypatch)
    # a kept part overwritten by another chunk's rows, its manifest forged to match: only a clean start
    # escapes it (a --no-resume run used to read it as is: duplicated mention ids)
    import json
    import shutil
    shutil.rmtree(parts / keys[0])
    shutil.copytree(parts / keys[1], parts / keys[0])
    info = json.loads((parts / keys[0] / PART_MANIFEST).read_text())
    (parts / keys[0] / PART_MANIFEST).write_text(json.dumps({**info, "key": keys[0]}))
    assert part_ok(parts, keys[0])
    tables, summary = batch.run([str(raw)], out, format="csv", chunk_size=1, resume=False)
    assert summary.resumed_chunks == 0
    assert _frames(tables) == reference
    assert tables["mentions"]["mention_id"].is_unique


@pytest.mark.parametrize("damage", ["empty", "foreign", "no_manifest", "garbage"])
def test_a_damaged_or_foreign_part_is_redone(tmp_path, monkeypatch, reference, damage):
    raw = _inputs(tmp_path / "raw")
    out = tmp_path / "out"
    parts, keys = _leave_parts(raw, out, monkeypatch)
    if damage == "empty":
        (parts / keys[0] / "mentions.parquet").write_bytes(b"")
    elif damage == "foreign":  # another chunk's complete part under this key
        import shutil
        shutil.rmtree(parts / keys[0])
        shutil.copytree(parts / keys[1], parts / keys[0])
    elif damage == "no_manifest":  # cut short before its manifest was written
        (parts / keys[0] / PART_MANIFEST).unlink()
    else:
        (parts / keys[0] / "entities.parquet").write_bytes(b"PAR1 not parquet PAR1")
    assert not part_ok(parts, keys[0]) and part_ok(parts, keys[1])
    tables, summary = batch.run([str(raw)], out, format="csv", chunk_size=1)
    assert summary.resumed_chunks == 2
    assert _frames(tables) == reference
    assert _frames(pipeline.load(out)) == reference


def test_parts_are_fsynced_and_their_manifest_written_last(tmp_path, monkeypatch):
    synced, order = [], []
    real_fsync, real_rename = os.fsync, os.rename
    monkeypatch.setattr(parts_mod.os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}"))
                        or real_fsync(fd))
    monkeypatch.setattr(parts_mod.os, "rename", lambda a, b: order.append(("rename", str(b))) or real_rename(a, b))
    folder = tmp_path / "parts"
    folder.mkdir()
    parts_mod.save_part(pipeline.tables.Tables(), folder, "k1")
    names = [Path(p).name for p in synced]
    assert names.index(PART_MANIFEST) > max(names.index(f"{n}.parquet") for n in ("documents", "mentions"))
    assert "k1" in names or str(folder) in synced  # the folder entry itself reaches the disk
    assert part_ok(folder, "k1")
