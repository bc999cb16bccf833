"""``--dask``: the workers write their partitions of every table; the loader reads that layout and
gets the tables of the local run."""
import json

import pytest

import pipeline
from pipeline.tables import SCHEMAS
from pipeline.tables.store import current_set

TEXTS = {
    "a": "Мэр Москвы Сергей Собянин 12 марта 2021 года открыл парк в районе Хамовники.",
    "b": "Министр финансов Антон Силуанов прибыл в Казань. Силуанов провёл совещание.",
    "c": "Сбербанк и ВТБ подписали соглашение о сотрудничестве в Санкт-Петербурге.",
}


@pytest.fixture()
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_dask_partitions_equal_the_local_run(tmp_path, inputs):
    distributed = pytest.importorskip("distributed")
    local = tmp_path / "local"
    pipeline.extract([str(inputs)], out=local, chunk_size=1, workers=1)
    remote = tmp_path / "remote"
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        _, summary = pipeline.extract([str(inputs)], out=remote, chunk_size=1, dask=cluster.scheduler_address,
                                      with_summary=True, keep_tables=False)
    assert summary.documents == 3 and summary.chunks == 3
    want, got = pipeline.load(local), pipeline.load(remote)
    for name in SCHEMAS:
        assert got[name].equals(want[name]), name
    # the layout: one manifest listing each table's parts, one part per chunk that has rows
    folder = current_set(remote)
    info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert info["layout"] == "partitioned" and info["format"] == "parquet"
    assert len(info["parts"]["documents"]) == 3 and info["tables"]["documents"] == 3
    for name, parts in info["parts"].items():
        assert all((folder / p).is_file() and p.startswith(f"{name}/part-") for p in parts), name
        assert sorted(p.name for p in (folder / name).iterdir()) == sorted(p.split("/")[1] for p in parts)
    assert (remote / "mentions").is_dir() and not (remote / "mentions.parquet").exists()
    assert not (remote / ".rupress-parts").exists()
    # a later local run into the same folder replaces the layout as a whole
    pipeline.extract([str(inputs)], out=remote, chunk_size=2, workers=1, format="jsonl")
    assert not (remote / "mentions").exists() and (remote / "mentions.jsonl").exists()
    for name in SCHEMAS:
        assert pipeline.load(remote)[name].equals(want[name]), name


def test_dask_with_csv_writes_single_files(tmp_path, inputs):
    distributed = pytest.importorskip("distributed")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        pipeline.extract([str(inputs)], out=out, chunk_size=2, dask=cluster.scheduler_address, format="csv")
    assert (out / "mentions.csv").is_file()
    assert len(pipeline.load(out)["documents"]) == 3
