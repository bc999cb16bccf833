"""Whole-pipeline guarantees on hostile input: no crash, valid offsets, nothing written outside --out."""
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import pipeline
from pipeline import Document, Options, process
from pipeline.tables import SCHEMAS

ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ")
    + list("abcdeoprxyABCEHKMOPTX0123456789")
    + list(" \n\t.,;:!?«»\"'()-–—…/")
    + ["\u00a0", "\u00ad", "\u200b", "\u200e", "\u202e", "\u0301", "\u0306", "\x00", "\x07", "\ufeff",
       "😀", "👍", "\U0001f3fd", "\U0001d400", "ї", "ў", "ß", "字", "ا"]
)
WORDS = st.sampled_from(["Москва", "Мoсква", "Miсrosoft", "ООО «Ромашка»", "Иван Петров", "3 октября 2019 года",
                         "вчера", "мэр", "встретился с", "министр финансов", "ПАО", "(ФНС)", "17.09.15 10:05"])
TEXTS = st.lists(st.one_of(st.text(ALPHABET, max_size=12), WORDS), max_size=25).map(" ".join)


def check_offsets(tables, texts):
    for table, cols in {"mentions": ("start", "end", "text"), "dates": ("start", "end", "text"),
                        "events": ("trigger_start", "trigger_end", "trigger"),
                        "event_arguments": ("start", "end", "text")}.items():
        df = tables[table]
        for doc_id, s, e, t in zip(df["doc_id"], df[cols[0]], df[cols[1]], df[cols[2]]):
            assert 0 <= s <= e <= len(texts[doc_id])
            assert texts[doc_id][s:e] == t
    roles = tables["roles"]
    for doc_id, s, e in zip(roles["doc_id"], roles["position_start"], roles["position_end"]):
        assert 0 <= s <= e <= len(texts[doc_id])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_random_unicode_never_raises_and_offsets_stay_valid(texts):
    docs = [Document(f"d{i}", t, "mem") for i, t in enumerate(texts)]
    tables = process(docs, Options(anchor_date="2020-05-05"))
    assert len(tables["documents"]) == len(docs)
    assert (tables["documents"]["status"] == "ok").all(), tables["errors"].to_dict("records")
    check_offsets(tables, {d.doc_id: d.text for d in docs})


def test_lone_surrogate_becomes_an_error_row_and_output_is_writable(tmp_path):
    docs = [Document("ok", "Мэр Москвы открыл парк.", "mem"), Document("bad", "Мэр \ud800 Москвы", "mem")]
    tables = process(docs, Options())
    err = tables["errors"]
    assert list(err["doc_id"]) == ["bad"] and "surrogate" in err.iloc[0]["message"]
    tables.write(tmp_path, "parquet")
    assert len(pipeline.load(tmp_path)["documents"]) == 2


def test_very_long_sentence_and_document_without_breaks():
    text = ("слово Москва " * 3000) + "и " * 3000
    t = process([Document("long", text, "mem")], Options())
    assert t["documents"].iloc[0]["status"] == "ok"
    check_offsets(t, {"long": text})


def test_nothing_is_written_outside_out(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Мэр Москвы Сергей Собянин открыл парк.", encoding="utf-8")
    (inp / "evil.jsonl").write_text('{"id": "../../escape", "text": "Мэр Казани выступил."}\n'
                                    '{"id": "/etc/passwd", "text": "Губернатор выступил."}\n', encoding="utf-8")
    out = tmp_path / "out"
    before = {p for p in tmp_path.rglob("*")}
    pipeline.extract([str(inp)], out=out, format="csv")
    after = {p for p in tmp_path.rglob("*")}
    new = after - before
    assert new and all(p == out or out in p.parents for p in new), sorted(map(str, new - {out}))
    names = [p.name for p in out.iterdir()]
    assert sorted(n for n in names if not n.startswith(".")) == sorted([f"{n}.csv" for n in SCHEMAS] + ["manifest.json"])
    assert sorted(n for n in names if n.startswith(".")) == [".rupress-current", ".rupress-sets"]  # the set and its pointer


def test_out_inside_input_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text("Мэр Москвы открыл парк.", encoding="utf-8")
    out = tmp_path / "out"
    pipeline.extract([str(tmp_path)], out=out, format="jsonl")
    t = pipeline.extract([str(tmp_path)], out=out, format="jsonl")
    assert list(t["documents"]["doc_id"]) == ["a"]


def test_dask_runs_the_same_process(tmp_path):
    distributed = pytest.importorskip("distributed")
    texts = {"a": "Мэр Москвы Сергей Собянин открыл парк.", "b": "Министр финансов Антон Силуанов прибыл в Казань."}
    local = pipeline.extract(texts)
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        remote = pipeline.extract(texts, dask=cluster.scheduler_address, chunk_size=1)
    for name in SCHEMAS:
        assert remote[name].equals(local[name]), name
