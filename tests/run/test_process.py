"""process(batch) and extract(): offsets, ids, determinism, error isolation."""
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import Document, ErrorRecord, Options, process
from pipeline.tables import SCHEMAS

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

OFFSET_COLUMNS = {
    "mentions": [("start", "end", "text")],
    "dates": [("start", "end", "text")],
    "event_arguments": [("start", "end", "text")],
    "events": [("trigger_start", "trigger_end", "trigger")],
    "event_mentions": [("start", "end", "text")],
    "posts": [("position_start", "position_end", "position_text"), ("org_start", "org_end", "org_text")],
}


@pytest.fixture(scope="module")
def raw_tables():
    return pipeline.extract([str(RAW)])


def _texts(tables_or_docs):
    return dict(zip(tables_or_docs["doc_id"], tables_or_docs["text"])) if "text" in tables_or_docs else None


def test_sample_folder_processes_without_errors(raw_tables):
    docs = raw_tables["documents"]
    assert len(docs) >= 12
    assert (docs["status"] == "ok").all()
    assert len(raw_tables["errors"]) == 0
    assert len(raw_tables["mentions"]) > 100
    from pipeline.extractors.entities.learned import NEW_LABELS

    labels = set(raw_tables["mentions"]["label"])
    assert {"PER", "ORG", "LOC"} <= labels <= {"PER", "ORG", "LOC", *NEW_LABELS}


def test_offsets_point_into_the_original_text(raw_tables):
    from pipeline.ingest import iter_inputs

    texts = {d.doc_id: d.text for d in iter_inputs([str(RAW)]) if isinstance(d, Document)}
    checked = 0
    for table, triples in OFFSET_COLUMNS.items():
        df = raw_tables[table]
        for s_col, e_col, t_col in triples:
            for doc_id, s, e, t in zip(df["doc_id"], df[s_col], df[e_col], df[t_col]):
                assert texts[doc_id][s:e] == t, (table, doc_id, s, e, t)
                checked += 1
    roles = raw_tables["roles"]
    for doc_id, s, e in zip(roles["doc_id"], roles["position_start"], roles["position_end"]):
        assert 0 <= s < e <= len(texts[doc_id])
    assert checked > 100


def test_ids_join_across_tables(raw_tables):
    m, e = raw_tables["mentions"], raw_tables["entities"]
    assert m["mention_id"].is_unique and e["entity_id"].is_unique
    assert set(m["entity_id"].dropna()) == set(e["entity_id"])  # the NEREL labels have no entity
    counts = m.groupby("entity_id").size()
    assert (e.set_index("entity_id")["n_mentions"] == counts.reindex(e["entity_id"]).values).all()
    assert set(m["doc_id"]) <= set(raw_tables["documents"]["doc_id"])


def test_mixed_script_word_is_found_and_normalized_in_majority_script():
    text = "Компания Miсrosoft открыла офис в Мoскве."  # Cyrillic с in Microsoft, Latin o in Москве
    t = pipeline.extract({"mix": text})
    m = t["mentions"]
    row = m[m["text"].str.contains("Miсrosoft")]
    assert len(row) == 1
    assert row.iloc[0]["text"].endswith("Miсrosoft")  # as written, with its Cyrillic letter
    assert row.iloc[0]["normal"].endswith("Microsoft")  # all Latin
    assert "Microsoft" not in text
    loc = m[m["label"] == "LOC"].iloc[0]
    assert loc["text"] == "Мoскве" and loc["normal"] == "Москва"
    assert text[loc["start"]:loc["end"]] == "Мoскве"


def test_offsets_survive_invisible_characters():
    text = "Гла\u00adва Мини\u00adстерства\u00a0финансов Антон\u200b Силуанов прибыл в Ка\u0301зань."
    t = pipeline.extract({"inv": text})
    for s, e, tx in zip(t["mentions"]["start"], t["mentions"]["end"], t["mentions"]["text"]):
        assert text[s:e] == tx
    per = t["mentions"][t["mentions"]["label"] == "PER"]
    assert list(per["normal"]) == ["Антон Силуанов"]


def test_normal_forms_and_clusters():
    text = ("Пак Ён Хо встретился с представителями Всемирного банка. "
            "Позже Пак посетил Федеральную налоговую службу (ФНС). "
            "В ФНС отметили, что Всемирный банк поддержит проект.")
    t = pipeline.extract({"c": text})
    m, e = t["mentions"], t["entities"]
    normals = set(m["normal"])
    assert "Всемирный банк" in normals
    per = e[e["label"] == "PER"]
    assert list(per["name"]) == ["Пак Ён Хо"]
    assert per.iloc[0]["n_mentions"] == 2
    fns = e[(e["label"] == "ORG") & (e["abbreviation"] == "ФНС")]
    assert len(fns) == 1 and fns.iloc[0]["name"] == "Федеральная налоговая служба"
    assert fns.iloc[0]["n_mentions"] == 3  # the long name, "(ФНС)" and "В ФНС"
    bank = e[e["name"] == "Всемирный банк"]
    assert len(bank) == 1 and bank.iloc[0]["n_mentions"] == 2


def test_output_is_deterministic(tmp_path):
    a = pipeline.extract([str(RAW)], out=tmp_path / "a", format="csv")
    b = pipeline.extract([str(RAW)], out=tmp_path / "b", format="csv")
    for name in SCHEMAS:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes(), name


def test_error_records_pass_through_and_one_bad_document_does_not_stop_the_batch(monkeypatch, request):
    import pipeline.extractors.entities.extractor as E
    import pipeline.extractors.registry as X

    real = E.run

    def flaky(ctx):
        if ctx.doc.doc_id == "bad":
            raise ValueError("boom")
        return real(ctx)

    monkeypatch.setattr(E, "run", flaky)
    X._resolve.cache_clear()  # the registry looks the function up again
    request.addfinalizer(X._resolve.cache_clear)
    batch = [
        Document("good", "Мэр Москвы Сергей Собянин открыл парк.", "mem"),
        Document("bad", "Мэр Казани открыл школу.", "mem"),
        ErrorRecord("x.bin", "x", "decode", "binary", "x.bin looks like a binary file."),
    ]
    t = process(batch, Options())
    docs = t["documents"].set_index("doc_id")
    assert docs.loc["good", "status"] == "ok" and docs.loc["bad", "status"] == "error"
    errs = t["errors"]
    assert set(errs["doc_id"]) == {"bad", "x"}
    bad = errs[errs["doc_id"] == "bad"].iloc[0]
    assert bad["stage"] == "extract:entities" and "boom" in bad["message"]
    assert set(t["mentions"]["doc_id"]) == {"good"}


def test_empty_and_whitespace_texts_do_not_crash():
    t = process([Document("e", " \n\n ", "mem"), Document("p", "...", "mem")], Options())
    assert list(t["documents"]["status"]) == ["ok", "ok"]
    assert len(t["mentions"]) == 0


def test_published_at_from_record_else_dateline_else_option():
    docs = [
        Document("rec", "Вчера мэр открыл парк.", "mem", published_at="2021-03-12"),
        Document("line", "Вчера мэр открыл парк.\n\n17.09.15 10:05", "mem"),
        Document("opt", "Вчера мэр открыл парк.", "mem"),
        Document("none", "Вчера мэр открыл парк.", "mem"),
    ]
    t = process(docs[:3], Options(anchor_date="2020-01-10"))
    d = t["documents"].set_index("doc_id")
    assert d.loc["rec", "published_at"] == "2021-03-12" and d.loc["rec", "published_at_source"] == "record"
    assert d.loc["line", "published_at"].startswith("2015-09-17") and d.loc["line", "published_at_source"] == "dateline"
    dates = t["dates"].set_index("doc_id")
    assert dates.loc["rec", "value"] == "2021-03-11"
    assert dates.loc["opt", "value"] == "2020-01-09"
    t2 = process(docs[3:], Options())
    assert t2["dates"]["value"].isna().all() and len(t2["dates"]) == 1


@pytest.mark.parametrize("text,surface,normal", [
    ("Заседание прошло в Исполкоме Федерации гребного слалома России.",
     "Исполкоме Федерации гребного слалома России", "Исполком Федерации гребного слалома России"),
    ("Он встретился с главой Международной организации гражданской авиации.",
     "Международной организации гражданской авиации", "Международная организация гражданской авиации"),
    # the full span leaves the kind of body before a name in apposition out (issue 24)
    ("Договор подписали представители компании «Тёплый дом».", "Тёплый дом", "Тёплый дом"),
    ("Письмо направлено в Комитет Совета Федерации по обороне и безопасности.",
     "Комитет Совета Федерации по обороне и безопасности", "Комитет Совета Федерации по обороне и безопасности"),
    ("Грант выделен Правительством г. Казани.", "Правительством г. Казани", "Правительство г. Казани"),
    ("Интервью Юрия Лужкова вышло вчера.", "Юрия Лужкова", "Юрий Лужков"),
])
def test_whole_phrase_normal_forms(text, surface, normal):
    m = pipeline.extract({"n": text})["mentions"]
    row = m[m["text"] == surface]
    assert len(row) == 1, m[["text", "normal"]].to_string()
    assert row.iloc[0]["normal"] == normal
