"""Place adjectives are mentions of their place (form ``adjective``), joined to its entity."""
import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

import pipeline
from pipeline.extractors.entities import places
from pipeline.resources import table


def _rows(texts, **kw):
    t = pipeline.extract(texts, workers=1, **kw)
    return t


def test_the_map_names_places_as_texts_write_them():
    rows = table("entities/place_adjectives")
    assert len(rows) > 500  # built from the dictionary's toponyms, not a hand list
    for r in rows:
        assert r["adjective"] == r["adjective"].lower() and r["adjective"].endswith(("ий", "ой", "ый")), r
        assert r["place"][:1].isupper(), r
        assert r["source"] in ("nerel", "countries", "pymorphy"), r
    got = places.adjective_places()
    assert got["российский"] == "Россия"
    assert got["американский"] == "США"
    assert got["тульский"] == "Тула"


def test_an_adjective_is_a_mention_of_its_place_joined_to_the_place_named_in_the_text():
    text = "Американские дипломаты прилетели в Тулу. Тульские власти встретили гостей из США."
    t = _rows([text])
    m = t["mentions"]
    adj = m[m["form"] == "adjective"]
    assert set(adj["text"]) == {"Американские", "Тульские"}
    for r in adj.itertuples():
        assert text[r.start:r.end] == r.text
        assert r.label == "LOC"
    by_text = dict(zip(m["text"], m["entity_id"]))
    assert by_text["Тульские"] == by_text["Тулу"]
    assert by_text["Американские"] == by_text["США"]
    assert dict(zip(adj["text"], adj["normal"])) == {"Американские": "США", "Тульские": "Тула"}
    # the entity keeps the id of its first name, not of the adjective before it
    s = text.index("США")
    assert by_text["США"].endswith(f":e{s}-{s + 3}")


def test_an_adjective_alone_makes_the_place_an_entity_that_links_across_documents():
    t = _rows({"a": "Российские компании открыли завод.", "b": "Президент России посетил завод."})
    m = t["mentions"].merge(t["entities"][["entity_id", "corpus_entity_id", "name"]], on="entity_id")
    adj = m[m["text"] == "Российские"].iloc[0]
    name = m[m["text"] == "России"].iloc[0]
    assert adj["name"] == "Россия"
    assert adj["corpus_entity_id"] == name["corpus_entity_id"]


def test_an_adjective_inside_an_organisation_name_is_nested_in_it():
    text = "Он окончил Московский государственный университет."
    m = _rows([text])["mentions"]
    adj = m[m["form"] == "adjective"]
    assert list(adj["text"]) == ["Московский"]
    assert bool(adj["nested"].iloc[0]) and adj["normal"].iloc[0] == "Москва"
    assert any(lab == "ORG" and t.startswith("Московский") for t, lab in zip(m["text"], m["label"]))


def test_a_name_that_starts_with_an_adjective_is_not_split():
    m = _rows(["Российская Федерация и Южная Корея подписали договор."])["mentions"]
    assert "Российская" not in set(m["text"])
    assert "Южная" not in set(m["text"])


def test_the_name_view_has_names_only():
    m = _rows(["Российские власти и американские банки обсудили кризис в России."], entity_spans="name")["mentions"]
    base = m[m["label"].isin(["PER", "ORG", "LOC"])]
    assert len(base) and set(base["form"]) == {"name"}
    assert "Российские" not in set(m["text"])


def _doc(words, pos, lemmas):
    return Doc(Vocab(), words=words, pos=pos, lemmas=lemmas, heads=list(range(len(words))), deps=["dep"] * len(words))


def test_the_taggers_nationality_keeps_an_adjective_from_being_a_place_unless_it_reads_a_place_too():
    doc = _doc(["российский", "боксёр", "и", "британской", "короны"], ["ADJ", "NOUN", "CCONJ", "ADJ", "NOUN"],
               ["российский", "боксёр", "и", "британский", "корона"])
    doc.spans["nerel"] = [Span(doc, 0, 1, "NATIONALITY"), Span(doc, 3, 4, "NATIONALITY"), Span(doc, 3, 4, "COUNTRY")]
    got = [(s.text, place) for s, place in places.adjective_spans(doc, [])]
    assert got == [("британской", places.place_of("британский", "британский"))]


@pytest.mark.parametrize("label,kept", [("ORG", True), ("LOC", False), ("PER", False)])
def test_an_adjective_inside_a_place_or_person_is_part_of_that_name(label, kept):
    doc = _doc(["тульский", "завод"], ["ADJ", "NOUN"], ["тульский", "завод"])
    got = places.adjective_spans(doc, [Span(doc, 0, 2, label)])
    assert bool(got) == kept


def test_a_place_with_its_kind_is_its_name_and_an_adjective_before_the_kind_stays():
    # NEREL's convention (issue 24): a kind of place before its name in apposition is not part of it
    text = "Выборы прошли в штате Колорадо и в лондонском районе Тоттенем."
    m = _rows([text])["mentions"]
    loc = m[m["label"] == "LOC"]
    got = {(r.text, r.form) for r in loc.itertuples()}
    assert ("Колорадо", "name") in got and ("Тоттенем", "name") in got and ("лондонском", "adjective") in got
    assert not any(t.startswith(("штате", "районе")) for t in loc["text"])
    for r in loc.itertuples():
        assert text[r.start:r.end] == r.text
    ids = dict(zip(loc["text"], loc["entity_id"]))
    assert ids["лондонском"] != ids["Тоттенем"]
