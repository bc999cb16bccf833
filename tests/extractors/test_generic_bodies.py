"""A body named by a common noun (``правительство``): joined to the body the document names, else generic."""
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

import pipeline
from pipeline.extractors.entities import bodies
from pipeline.extractors.entities.mentions import cluster_key


def _tables(texts, **kw):
    return pipeline.extract(texts, workers=1, **kw)


def test_the_noun_joins_the_one_body_the_document_names_with_it():
    text = "Правительство Японии одобрило план. Позже правительство уточнило сроки."
    t = _tables([text])
    m = t["mentions"]
    noun = m[m["text"] == "правительство"].iloc[0]
    assert text[noun["start"]:noun["end"]] == "правительство"
    assert noun["label"] == "ORG" and noun["form"] == "descriptor"
    named = m[m["text"] == "Правительство Японии"].iloc[0]
    assert noun["entity_id"] == named["entity_id"] and named["form"] == "name"
    ent = t["entities"].set_index("entity_id").loc[named["entity_id"]]
    assert ent["name"] == "Правительство Японии" and not ent["generic"]


def test_with_no_body_or_two_the_noun_stays_generic():
    t = _tables({"a": "Полиция задержала двоих. Позже полиция отпустила их.",
                 "b": "Правительство Японии и правительство Китая спорят. Правительство ответило вчера.",
                 "c": "Вчера полиция закрыла улицу."})
    m = t["mentions"].merge(t["entities"][["entity_id", "generic", "corpus_entity_id"]], on="entity_id")
    police = m[m["text"].str.lower() == "полиция"]
    assert set(police["form"]) == {"generic"} and police["generic"].all()
    assert police[police["doc_id"] == "a"]["entity_id"].nunique() == 1  # one document's police are one
    assert police["corpus_entity_id"].nunique() == 1  # across documents: the kind, as NEREL links it
    gov = m[(m["doc_id"] == "b") & (m["text"] == "Правительство")]
    assert list(gov["form"]) == ["generic"]


def test_the_name_view_has_no_body_nouns():
    m = _tables(["Полиция задержала двоих в Москве."], entity_spans="name")["mentions"]
    assert "Полиция" not in set(m["text"]) and set(m[m["label"] == "LOC"]["form"]) == {"name"}


def test_a_noun_inside_an_event_or_a_mention_is_none_inside_a_post_it_is():
    words = ["выборы", "в", "парламент", "и", "сотрудники", "полиции", "и", "мэрия"]
    doc = Doc(Vocab(), words=words, pos=["NOUN", "ADP", "NOUN", "CCONJ", "NOUN", "NOUN", "CCONJ", "NOUN"],
              lemmas=["выборы", "в", "парламент", "и", "сотрудник", "полиция", "и", "мэрия"])
    doc.spans["nerel"] = [Span(doc, 0, 3, "EVENT"), Span(doc, 4, 6, "PROFESSION")]
    assert [(s.text, lem) for s, lem in bodies.body_spans(doc, [])] == [("полиции", "полиция"), ("мэрия", "мэрия")]
    assert [s.text for s, _ in bodies.body_spans(doc, [Span(doc, 7, 8, "ORG")])] == ["полиции"]


def test_the_nouns_are_measured_not_listed_by_hand():
    got = bodies.nouns()
    assert {"правительство", "полиция"} <= got
    assert "компания" not in got and "администрация" not in got  # NEREL leaves most of their bare uses alone


def test_a_place_after_its_kind_stands_for_itself():
    assert cluster_key("LOC", "штат Колорадо") == cluster_key("LOC", "Колорадо")
    assert cluster_key("LOC", "родной город Муром") == cluster_key("LOC", "Муром")
    assert cluster_key("LOC", "Московская область") != cluster_key("LOC", "Москва")
    assert cluster_key("ORG", "мэрия Москвы") != cluster_key("ORG", "Москва")
    t = _tables(["В штате Колорадо прошли выборы. Губернатор Колорадо и калифорнийские власти спорят."])
    m = t["mentions"]
    colorado = m[(m["label"] == "LOC") & (m["text"] == "Колорадо")]
    assert len(colorado) == 2 and colorado["entity_id"].nunique() == 1  # the kind is left out, one entity


def test_a_place_adjective_before_a_kind_leaves_the_appositive_name_and_a_republic_its_name():
    assert cluster_key("ORG", "американская компания Monsanto") == cluster_key("ORG", "Monsanto")
    assert cluster_key("ORG", "дочерняя компания Gazprom") != cluster_key("ORG", "Gazprom")  # not a place's
    assert cluster_key("LOC", "Республика Башкортостан") == cluster_key("LOC", "Башкортостан")
    assert cluster_key("LOC", "Чешская Республика") != cluster_key("LOC", "Чехия")
