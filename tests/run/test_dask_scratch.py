"""Issue 13: `--dask local` keeps its dask-scratch-space under the run's work folder, inside --out."""
import os

import pytest

import pipeline


def test_dask_local_scratch_stays_inside_out(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    cwd = tmp_path / "cwd"
    tmpdir = tmp_path / "tmp"
    cwd.mkdir()
    tmpdir.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR read again
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(2):
        (inp / f"d{i}.txt").write_text("Мэр Москвы Сергей Собянин открыл парк.", encoding="utf-8")
    out = tmp_path / "out"
    t = pipeline.extract([str(inp)], out=out, format="csv", dask="local", chunk_size=1)
    assert sorted(t["documents"]["doc_id"]) == ["d0", "d1"]
    outside = [p for d in (cwd, tmpdir) for p in d.rglob("dask-scratch-space")]
    assert outside == [], outside
    assert not (out / ".rupress-parts").exists()  # the scratch went with the work folder
