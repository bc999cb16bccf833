"""The event classes of press releases and the release's own event (the ``lead`` column), through
the real pipeline, on made-up releases written in the shape of an official one."""
import pandas as pd
import pytest

from pipeline.extractors.events.lexicon import event_lexicon
from pipeline.run import Options, process
from pipeline.types import Document

DAY = "2026-11-20"
TEXTS = {
    "meet": "Глава государства провёл рабочую встречу с губернатором Калужской области Олегом Смирновым.\n"
            "Губернатор рассказал о строительстве новых школ.",
    "call": "Состоялся телефонный разговор Президента России с Президентом Аргентины Педро Гомесом.\n"
            "Стороны обсудили торговлю.",
    "decree": "Иван Петров подписал Указ «О мерах поддержки фермеров».",
    "session": "Владимир Путин провёл в режиме видеоконференции совещание по вопросам развития сельского хозяйства.",
    "announce": "Президент России проведёт переговоры с Президентом Аргентины Хорхе Мартинесом.",
    "dated": "12 марта в Кремле состоятся переговоры Ивана Петрова с Президентом Аргентины Хорхе Мартинесом.",
    "received": "В Кремле Владимир Путин принял губернатора Тверской области Игоря Руденко.",
}


@pytest.fixture(scope="module")
def tables():
    docs = [Document(k, v, k, published_at=DAY) for k, v in TEXTS.items()]
    return process(docs, Options(extractors=("entities", "dates", "roles", "events")))


def lead(tables, doc_id):
    ev = tables["events"]
    rows = ev[(ev.doc_id == doc_id) & ev["lead"].fillna(False)].to_dict(orient="records")
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def people(tables, event_id):
    a = tables["event_arguments"]
    return " ".join(a[(a.event_id == event_id) & a.role.isin(["AGENT", "PARTICIPANT", "PARTNER", "OBJECT"])].text)


@pytest.mark.parametrize("doc_id,type_", [("meet", "MEETING"), ("call", "CALL"), ("decree", "DECREE"),
                                          ("session", "SESSION"), ("received", "MEETING")])
def test_the_lead_has_the_release_class_and_the_publication_day(tables, doc_id, type_):
    r = lead(tables, doc_id)
    assert r is not None and r["type"] == type_, tables["events"][tables["events"].doc_id == doc_id]
    assert r["date_value"] == DAY and r["date_value_end"] == DAY
    t = TEXTS[doc_id]
    assert t[r["trigger_start"]:r["trigger_end"]] == r["trigger"]


def test_the_lead_names_its_counterpart(tables):
    assert "Смирновым" in people(tables, lead(tables, "meet")["event_id"])
    assert "Гомесом" in people(tables, lead(tables, "call")["event_id"])
    assert "Руденко" in people(tables, lead(tables, "received")["event_id"])


def test_a_decree_has_no_partner(tables):
    a = tables["event_arguments"]
    r = lead(tables, "decree")
    assert not (a[(a.event_id == r["event_id"])].role == "PARTNER").any()


def test_an_announced_event_keeps_its_own_day_or_none(tables):
    r = lead(tables, "announce")
    assert r is not None and r["type"] == "MEETING" and pd.isna(r["date_value"])
    r = lead(tables, "dated")
    assert r["type"] == "MEETING" and r["date_value"].endswith("-03-12")


def test_only_the_first_sentence_has_a_lead_and_other_rows_are_false(tables):
    ev = tables["events"]
    assert ev["lead"].notna().all()
    assert ev.groupby("doc_id")["lead"].sum().max() == 1


def test_release_trigger_rows_are_no_feature_of_the_learned_model():
    lex = event_lexicon()
    assert ("принять", "VERB") in lex.rows and ("принять", "VERB") not in lex.base
    assert lex.base[("встреча", "NOUN")] == "MEETING"
