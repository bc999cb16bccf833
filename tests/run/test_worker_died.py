"""Issue 13, case 3: a pool worker that dies (OOM killer, segfault) does not abort the run: the
chunk is retried in a fresh worker, then the document that kills it becomes one `worker_died`
errors row and every other document is extracted. The death is made by the documented test hook
``RUPRESS_TEST_DIE_ON_DOC`` (pipeline/run/executors.py), which only pool workers obey."""
import pipeline
from pipeline.run.executors import DIE_ON_DOC_ENV

TEXT = "Мэр Москвы Сергей Собянин открыл парк 5 октября 2020 года."


def test_killing_document_is_isolated_and_the_run_goes_on(tmp_path, monkeypatch):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(6):
        (inp / f"d{i}.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv(DIE_ON_DOC_ENV, "d3")
    t = pipeline.extract([str(inp)], out=tmp_path / "out", format="csv", workers=2, chunk_size=2)
    errors = t["errors"]
    assert list(errors["error"]) == ["worker_died"], errors.to_dict("records")
    assert list(errors["doc_id"]) == ["d3"]
    with_mentions = set(t["mentions"]["doc_id"])
    assert with_mentions == {"d0", "d1", "d2", "d4", "d5"}
    # as for any error row, the set-aside document is in errors, not in documents
    assert sorted(t["documents"]["doc_id"]) == ["d0", "d1", "d2", "d4", "d5"]
    loaded = pipeline.load(tmp_path / "out")
    assert list(loaded["errors"]["error"]) == ["worker_died"]


def test_hook_is_ignored_in_the_runs_own_process(monkeypatch):
    monkeypatch.setenv(DIE_ON_DOC_ENV, "a")
    t = pipeline.extract({"a": TEXT})  # one chunk: in-process; the hook must not kill the test
    assert len(t["mentions"]) > 0 and len(t["errors"]) == 0
