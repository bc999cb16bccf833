"""Facts users ask for, through the real pipeline, on sentences written for this test: nominal
meetings, agreements between parties (active, passive, nominal), appointments and departures with
their post and organisation, visits with their place and date range."""
import pytest

from pipeline.run import Options, process
from pipeline.types import Document

EXTRACTORS = ("entities", "dates", "roles", "events")
TEXTS = {
    "meet_with": "Состоялась встреча губернатора Олега Смирнова с министром Антоном Силуановым.",
    "meet_of": "В ходе встречи Антона Силуанова и Дэвида Малпасса стороны обсудили долги.",
    "ceremony": "Сбербанк и ВТБ подписали соглашение о сотрудничестве. Церемония подписания состоялась "
                "14 февраля 2025 года в Самаре.",
    "ceremony_only": "Церемония подписания соглашения между Сбербанком и ВТБ состоялась 14 февраля 2025 года "
                     "в Самаре.",
    "approved": "Компания «Ростелеком» приобрела 75% акций компании «ДатаЛайн». Сделка была одобрена "
                "Федеральной антимонопольной службой.",
    "meet_posts": "Встреча министра с губернатором Тульской области прошла 5 марта 2024 года в Туле.",
    "memo": "В 2019 году был обновлён меморандум между Сбербанком и ВТБ.",
    "signed": "Соглашение между «Газпромом» и «Роснефтью» было подписано 5 мая 2021 года.",
    "both_signed": "Сбербанк и ВТБ подписали соглашение о сотрудничестве.",
    "appoint": "Иван Петров назначен генеральным директором компании «Ромашка».",
    "depart": "Иван Сидоров покинул пост генерального директора «Газпрома».",
    "visit_range": "Министр иностранных дел Сергей Лавров посетит Индонезию 5–7 июля 2023 года.",
    "visit_nominal": "В период с 10 по 12 августа 2023 года делегация Татарстана находилась с визитом в Узбекистане.",
}


@pytest.fixture(scope="module")
def tables():
    docs = [Document(k, v, k) for k, v in TEXTS.items()]
    return process(docs, Options(extractors=EXTRACTORS))


def the(tables, doc_id, typ):
    ev = tables["events"]
    rows = ev[(ev.doc_id == doc_id) & (ev["type"].astype(str) == typ)].to_dict(orient="records")
    assert len(rows) == 1, (doc_id, ev[ev.doc_id == doc_id].to_dict(orient="records"))
    return rows[0]


def args(tables, ev):
    a = tables["event_arguments"]
    out: dict[str, list[str]] = {}
    for r in a[a.event_id == ev["event_id"]].to_dict(orient="records"):
        out.setdefault(str(r["role"]), []).append(r["text"])
        assert TEXTS[ev["doc_id"]][r["start"]:r["end"]] == r["text"]
    return out


@pytest.mark.parametrize("doc_id,names", [("meet_with", ("Смирнова", "Силуановым")),
                                          ("meet_of", ("Силуанова", "Малпасса"))])
def test_nominal_meeting_has_both_sides(tables, doc_id, names):
    a = args(tables, the(tables, doc_id, "MEETING"))
    sides = " ".join(a.get("PARTICIPANT", []) + a.get("PARTNER", []) + a.get("AGENT", []))
    assert all(n in sides for n in names), a


@pytest.mark.parametrize("doc_id,names", [("memo", ("Сбербанком", "ВТБ")), ("signed", ("Газпромом", "Роснефтью")),
                                          ("both_signed", ("Сбербанк", "ВТБ"))])
def test_agreement_between_two_parties(tables, doc_id, names):
    a = args(tables, the(tables, doc_id, "AGREEMENT"))
    sides = " ".join(a.get("PARTNER", []) + a.get("AGENT", []) + a.get("PARTICIPANT", []))
    assert all(n in sides for n in names), a


def test_passive_agreement_keeps_its_date(tables):
    ev = the(tables, "signed", "AGREEMENT")
    assert ev["date_value"] == "2021-05-05"


@pytest.mark.parametrize("doc_id,typ,person,post,org", [
    ("appoint", "APPOINTMENT", "Иван Петров", "генеральным директором", "Ромашка"),
    ("depart", "DEPARTURE", "Иван Сидоров", "генерального директора", "Газпрома"),
])
def test_appointment_and_departure_carry_post_and_organisation(tables, doc_id, typ, person, post, org):
    a = args(tables, the(tables, doc_id, typ))
    assert any(person in t for t in a.get("OBJECT", []) + a.get("AGENT", [])), a
    assert not any(org in t for t in a.get("AGENT", [])), a  # the company appoints nobody here
    assert a.get("POSITION") == [post], a
    assert any(org in t for t in a.get("ORGANIZATION", [])), a


@pytest.mark.parametrize("doc_id,place,start,end", [
    ("visit_range", "Индонезия", "2023-07-05", "2023-07-07"),
    ("visit_nominal", "Узбекистан", "2023-08-10", "2023-08-12"),
])
def test_visit_takes_place_and_date_range_of_its_sentence(tables, doc_id, place, start, end):
    ev = the(tables, doc_id, "VISIT")
    assert (ev["location"], ev["date_value"], ev["date_value_end"]) == (place, start, end)


def test_meeting_of_two_people_named_by_their_posts(tables):
    """"Встреча министра с губернатором … прошла …": both sides are common nouns; the event is
    named by its noun, not by the support verb far from it, and keeps its place and date."""
    ev = the(tables, "meet_posts", "MEETING")
    assert ev["trigger"] == "Встреча"
    assert (ev["location"], ev["date_value"]) == ("Тула", "2024-03-05")
    sides = args(tables, ev).get("PARTICIPANT", [])
    assert "министра" in sides and any("губернатор" in s for s in sides), sides


def test_a_signing_ceremony_dates_and_places_the_agreement(tables):
    """"Церемония подписания состоялась …": the ceremony is the signing told again, not an event
    of its own."""
    ev = the(tables, "ceremony", "AGREEMENT")
    assert (ev["location"], ev["date_value"]) == ("Самара", "2025-02-14")
    assert ev["n_mentions"] >= 2
    types = tables["events"][tables["events"].doc_id == "ceremony"]["type"].astype(str).tolist()
    assert types == ["AGREEMENT"], types


def test_a_ceremony_does_not_name_the_event_it_frames(tables):
    ev = the(tables, "ceremony_only", "AGREEMENT")
    assert ev["trigger"] == "подписания"
    assert (ev["location"], ev["date_value"]) == ("Самара", "2025-02-14")


def test_who_approves_a_deal_is_no_party_to_it(tables):
    """"Сделка была одобрена ФАС": the deal told again, not a second deal of the regulator's."""
    ev = the(tables, "approved", "DEAL")
    a = args(tables, ev)
    sides = " ".join(a.get("AGENT", []) + a.get("PARTNER", []) + a.get("PARTICIPANT", []))
    assert "Ростелеком" in sides and "антимонопольной" not in sides, a
    assert ev["n_mentions"] >= 2
