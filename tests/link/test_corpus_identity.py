"""One identity per place, body and person across documents: aliases, descriptors, label guesses."""
import pandas as pd

from pipeline.tables import Tables, coerce
from pipeline.link.corpus import corpus_keys, link_corpus


def key(label, name):
    return corpus_keys(label, name)[0]


def test_aliases_and_descriptors_join_one_key():
    assert key("LOC", "Республика Татарстан") == key("LOC", "Татарстан")
    assert key("LOC", "Республике Башкортостан") == key("LOC", "Башкортостан")  # a name left oblique
    assert key("LOC", "Чувашская Республика") == key("LOC", "Чувашия")
    assert key("LOC", "небольшая прибрежная деревня Портапик") == key("LOC", "Портапик")
    assert key("ORG", "Госдума") == key("ORG", "Государственная дума") == key("ORG", "Государственная дума РФ")
    assert key("ORG", "МГУ") == key("ORG", "Московский государственный университет") \
        == key("ORG", "Московский государственный университет имени М.В. Ломоносова")
    assert key("ORG", "Американская компания Monsanto") == key("ORG", "Monsanto")
    assert key("ORG", "телекомпания НТВ") == key("ORG", "НТВ")
    assert key("ORG", "Детский фонд ООН") != key("ORG", "ООН")  # the genitive names another body
    assert key("ORG", "Рособрнадзор") == key("ORG", "Федеральная служба по надзору в сфере образования и науки")


def test_a_body_named_after_a_place_keeps_its_own_key():
    assert key("ORG", "правительство Москвы") != key("LOC", "Москва")
    assert key("ORG", "Банк России") != key("LOC", "Россия")
    assert key("ORG", "Единая Россия") != key("LOC", "Россия")


def _tables(rows):
    ents = pd.DataFrame(rows, columns=["doc_id", "label", "name"])
    ents["abbreviation"] = None
    ents["entity_id"] = [f"{d}#e{i}" for i, d in enumerate(ents["doc_id"])]
    ents["n_mentions"] = 1
    docs = pd.DataFrame({"doc_id": sorted(set(ents["doc_id"])), "published_at": None})
    return Tables({"entities": coerce("entities", ents), "documents": coerce("documents", docs)})


def _ids(rows):
    e = link_corpus(_tables(rows))["entities"]
    return dict(zip(e["doc_id"] + "/" + e["name"], e["corpus_entity_id"]))


def test_corpus_ids_do_not_hang_on_one_documents_label():
    cid = _ids([("a", "PER", "Калуга"), ("b", "LOC", "Калуга"), ("c", "LOC", "Калуга"),
                ("a", "ORG", "Твиттер"), ("b", "ORG", "Твиттер"), ("c", "PER", "Твиттер"),
                ("a", "PER", "Петров"), ("b", "LOC", "Петров")])
    assert cid["a/Калуга"] == cid["b/Калуга"] == "LOC:калуга"
    assert cid["c/Твиттер"] == cid["a/Твиттер"] == "ORG:twitter"  # the alias table names it
    assert cid["a/Петров"] != cid["b/Петров"]  # a surname is a person's name: no joining on it


def test_a_place_never_joins_a_body_named_after_it():
    cid = _ids([("a", "ORG", "Банк России"), ("b", "LOC", "Россия"), ("c", "LOC", "Россия"),
                ("a", "ORG", "Телеканал «Россия»"), ("d", "ORG", "«Россия»")])
    assert len({cid["a/Банк России"], cid["b/Россия"], cid["a/Телеканал «Россия»"]}) == 3
    assert cid["b/Россия"] == cid["c/Россия"] == "LOC:россия"


def test_oblique_surnames_join_the_nominative():
    cid = _ids([("a", "PER", "Теодор Маккаррик"), ("b", "PER", "Маккаррика"),
                ("a", "PER", "Алан Гарсия"), ("b", "PER", "Гарсии Алан"),
                ("a", "PER", "Джордж Мендонса"), ("c", "PER", "Мендонсы")])
    assert cid["a/Теодор Маккаррик"] == cid["b/Маккаррика"]
    assert cid["a/Алан Гарсия"] == cid["b/Гарсии Алан"]
    assert cid["a/Джордж Мендонса"] == cid["c/Мендонсы"]
