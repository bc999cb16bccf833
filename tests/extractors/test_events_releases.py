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
    "furniture": "События\nДокументы\nИван Петров провёл встречу с губернатором Тверской области Олегом Смирновым.\n"
                 "Статус материала: опубликован",
    "noun": "Министр финансов Иван Петров на неофициальной встрече с представителями банка «Восток» обсудил "
            "кредиты.",
    "renewed": "Соглашение о сотрудничестве между Сбербанком и правительством Чувашии было продлено до 2030 года.",
    "range": "С 3 по 7 мая 2026 года делегация Татарстана посетила Минск.",
    "talked": "После концерта Президент побеседовал с артистами.",
    "greeted": "Президент направил поздравления Президенту Аргентины Хорхе Мартинесу.",
    "viewed": "Президент осмотрел выставку в Центре международной торговли.",
    "appointed": "Президент Иван Петров подписал Указ «О губернаторе Тверской области».\nТекст Указа:\n"
                 "Назначить Олега Смирнова временно исполняющим обязанности губернатора Тверской области.",
    "reported": "Глава региона информировал Президента о строительстве школ.",
    "hall": "В Георгиевском зале Большого Кремлёвского дворца состоялась встреча Ивана Петрова с Президентом "
            "Аргентины Хорхе Мартинесом, который находится в России с визитом.",
    "acting": "Президент встретился в Кремле с временно исполняющим обязанности губернатора Тверской области.",
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
                                          ("session", "SESSION"), ("received", "MEETING"),
                                          ("talked", "MEETING"), ("greeted", "SPEECH"), ("viewed", "VISIT"),
                                          ("acting", "MEETING"), ("reported", "MEETING")])
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


def test_page_furniture_is_no_argument(tables):
    r = lead(tables, "furniture")
    assert r["type"] == "MEETING"
    a = tables["event_arguments"]
    texts = set(a[a.doc_id == "furniture"].text)
    assert "Олегом Смирновым" in texts and not texts & {"События", "Документы", "Статус материала"}


def test_a_meeting_told_by_a_noun_and_a_renewed_agreement(tables):
    r = lead(tables, "noun")
    assert r["type"] == "MEETING" and "Иван Петров" in people(tables, r["event_id"])
    r = lead(tables, "renewed")
    assert r["type"] == "AGREEMENT" and "Сбербанком" in people(tables, r["event_id"])


def test_a_range_opening_the_sentence_is_the_events(tables):
    r = lead(tables, "range")
    assert r["type"] == "VISIT" and (r["date_value"], r["date_value_end"]) == ("2026-05-03", "2026-05-07")


def test_transcript_and_furniture_lines_are_told_apart():
    from pipeline.extractors.events.release import furniture_lines, transcript_start

    t = "Президент провёл встречу с губернатором.\nИ.Петров: Спасибо, всё хорошо.\nВопрос: А дороги?"
    assert t[transcript_start(t):].startswith("И.Петров:")
    assert transcript_start("Вопрос: когда?") == 0
    assert transcript_start("Текст Указа: постановляю назначить.") is None
    assert transcript_start("Губернатор доложил о ремонте дорог.") is None
    t = "События\nПрезидент провёл встречу.\nСтатус материала:"
    assert [t[s:e] for s, e in furniture_lines(t)] == ["События", "Статус материала:"]


def test_no_learned_other_events_in_a_transcript_turn():
    text = ("Иван Петров провёл рабочую встречу с губернатором Тверской области Олегом Смирновым.\n"
            "О.Смирнов: В марте в Твери произошло наводнение, затем прошли выборы в городскую думу, а в апреле "
            "в Торжке случился пожар.")
    t = process([Document("tr", text, "tr", published_at=DAY)], Options(extractors=("entities", "dates", "roles",
                                                                                      "events")))
    ev = t["events"]
    start = text.index("О.Смирнов:")
    assert not ((ev.type == "OTHER") & (ev.trigger_start >= start)).any()
    assert (ev.type == "MEETING").any()
    # the same turn told as narration keeps its happenings
    t = process([Document("nr", text.replace("О.Смирнов: ", ""), "nr")],
                Options(extractors=("entities", "dates", "roles", "events")))
    assert (t["events"].type == "OTHER").sum() >= 2


def test_a_venue_at_a_distance_is_the_leads_place(tables):
    r = lead(tables, "session")
    assert r["location"] == "видеоконференция"
    a = tables["event_arguments"]
    loc = a[(a.event_id == r["event_id"]) & (a.role == "LOCATION")].to_dict(orient="records")
    assert [x["text"] for x in loc] == ["в режиме видеоконференции"]
    assert TEXTS["session"][loc[0]["start"]:loc[0]["end"]] == "в режиме видеоконференции"


def test_the_venue_written_in_the_lead_wins_over_a_place_of_a_relative_clause(tables):
    r = lead(tables, "hall")
    assert r["type"] == "MEETING" and r["location"] == "Георгиевский зал"
    a = tables["event_arguments"]
    locs = list(a[(a.event_id == r["event_id"]) & (a.role == "LOCATION")].text)
    assert "Георгиевском зале" in locs and "Большого Кремлёвского дворца" in locs and "России" not in locs


def test_an_appointment_in_a_decrees_text_has_the_decrees_day(tables):
    ev = tables["events"]
    rows = ev[(ev.doc_id == "appointed") & (ev.type == "APPOINTMENT")].to_dict(orient="records")
    assert lead(tables, "appointed")["type"] == "DECREE"
    assert rows and all(r["date_value"] == DAY for r in rows)
