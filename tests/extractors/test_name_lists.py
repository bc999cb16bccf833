"""Official lists and transcripts: surnames in capitals, speaker labels, one sentence per line."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def full():
    from pipeline.nlp import load

    return load()


def per(doc):
    return [(m["text"], m["normal"]) for m in doc._.mentions if m["label"] == "PER"]


def test_every_line_of_a_list_is_its_own_sentence():
    from pipeline.nlp import load

    nlp = load(["natasha_sentencizer"])
    doc = nlp("Состав делегации:\nКОРЯГИН Пётр Ильич – глава района\nБелкина Инна – секретарь\n"
              "и продолжение строки.")
    assert [s.text.strip() for s in doc.sents] == [
        "Состав делегации:", "КОРЯГИН Пётр Ильич – глава района",
        "Белкина Инна – секретарь\nи продолжение строки."]


def test_surname_in_capitals_with_its_names_is_one_person_in_name_order(full):
    doc = full("Участники совещания:\nКОРЯГИН Пётр Ильич – глава Заречного района\n"
               "ЗВОНАРЁВА Ирина Олеговна – заместитель губернатора Тульской области\n"
               "ТАРТАКОВСКИЙ-БЕЛЫЙ Аркадий Львович – ректор училища")
    assert per(doc) == [
        ("КОРЯГИН Пётр Ильич", "Пётр Ильич Корягин"),
        ("ЗВОНАРЁВА Ирина Олеговна", "Ирина Олеговна Звонарёва"),
        ("ТАРТАКОВСКИЙ-БЕЛЫЙ Аркадий Львович", "Аркадий Львович Тартаковский-Белый")]


def test_foreign_names_with_capital_surnames_on_a_list_line(full):
    doc = full("С другой стороны:\nРоберто ФЛОРЕС МАЛЬДОНАДО – министр транспорта\n"
               "БААТАРСАЙХАН Тумэн – посол")
    assert per(doc) == [("Роберто ФЛОРЕС МАЛЬДОНАДО", "Роберто Флорес Мальдонадо"),
                        ("БААТАРСАЙХАН Тумэн", "Тумэн Баатарсайхан")]


def test_capitals_inside_a_sentence_are_a_name_in_its_case(full):
    doc = full("Глава города встретился с КОРЯГИНЫМ Петром Ильичом в понедельник.")
    assert ("КОРЯГИНЫМ Петром Ильичом", "Пётр Ильич Корягин") in per(doc) \
        or ("КОРЯГИНЫМ Петром Ильичом", "Петр Ильич Корягин") in per(doc)


def test_an_abbreviation_in_capitals_is_no_surname(full):
    doc = full("Как сообщил МИД Фёдор Гусев, переговоры продолжатся.")
    assert all(not text.startswith("МИД") for text, _ in per(doc))


def test_speaker_labels_are_mentions_of_the_person_named_in_full(full):
    doc = full("Министр провёл встречу с главой округа Инной Белкиной.\n"
               "П.Корягин: Добрый день, высота.\nИ.Белкина: Спасибо. Всё идёт по плану.")
    mentions = [m for m in doc._.mentions if m["label"] == "PER"]
    labels = {m["text"]: m for m in mentions}
    assert labels["И.Белкина"]["normal"] == "И.Белкина"  # a label is in the nominative: a woman's surname stays
    assert labels["И.Белкина"]["entity_id"] == next(m["entity_id"] for m in mentions if m["text"] == "Инной Белкиной")
    assert "П.Корягин" in labels  # not "высота. П.Корягин"


def test_a_list_line_gives_its_post_to_its_own_person(full):
    doc = full("Участники совещания:\nКОРЯГИН Пётр Ильич – министр транспорта Тульской области\n"
               "ЗВОНАРЁВА Ирина Олеговна – заместитель губернатора Тульской области")
    roles = {(r["person"], r["position"].split()[0]) for r in doc._.roles}
    assert ("Пётр Ильич Корягин", "министр") in roles
    assert ("Ирина Олеговна Звонарёва", "заместитель") in roles
    assert ("Ирина Олеговна Звонарёва", "министр") not in roles


def test_a_person_is_named_by_the_name_with_a_surname(full):
    doc = full("Президент встретился с главой района Петром Корягиным.\n"
               "Г.Сомов: Пётр Ильич, добрый день.\nП.Корягин: Здравствуйте. Пётр Ильич готов.")
    ids = {m["entity_id"] for m in doc._.mentions if m["label"] == "PER" and "Коряг" in m["text"]}
    assert len(ids) == 1
    names = {e["name"] for e in doc._.entities if e["entity_id"] in ids}
    assert names == {"Петр Корягин"}  # not the more frequent "Пётр Ильич"


def test_every_list_line_gives_what_follows_the_dash_to_its_person(full):
    doc = full("Участники встречи:\nКОРЯГИН Пётр Ильич – победитель Всероссийского конкурса «Знатоки»\n"
               "ЗВОНАРЁВА Ирина Олеговна – экскурсовод школьного музея\nТАРАСОВ Олег Ильич – курсант")
    got = {(r["person"], r["position"].split()[0]) for r in doc._.roles}
    assert ("Пётр Ильич Корягин", "победитель") in got
    assert ("Ирина Олеговна Звонарёва", "экскурсовод") in got
    assert ("Олег Ильич Тарасов", "курсант") in got
    rows = [r for r in doc._.roles if r["person"] == "Пётр Ильич Корягин"]
    assert all(doc.text[r["position_start"]:r["position_end"]] == r["position_text"] for r in rows)
