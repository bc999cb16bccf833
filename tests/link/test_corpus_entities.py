"""Entities across the corpus: keys, people, and merge precision/recall on our own annotated sample."""
from pathlib import Path

import pandas as pd

from pipeline.eval.corpus_links import evaluate_links
from pipeline.link.corpus import corpus_keys, link_corpus, person_parts
from pipeline.tables import Tables

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "annotations" / "corpus_entities.jsonl"


def test_organisation_keys_fold_quotes_legal_forms_and_aliases():
    assert corpus_keys("ORG", "ПАО «Сбербанк»")[0] == corpus_keys("ORG", "«Сбербанк»")[0] == "сбербанк"
    assert corpus_keys("ORG", "Сбер") == ("сбербанк", "Сбербанк")
    assert corpus_keys("ORG", "Банк «Северный капитал»")[0] == corpus_keys("ORG", "АО «Банк Северный капитал»")[0]
    assert corpus_keys("ORG", "Банк России")[0] != "банк"  # a country qualifier goes only where a name is left
    assert corpus_keys("ORG", "ФСБ России")[0] == corpus_keys("ORG", "ФСБ")[0]
    assert corpus_keys("LOC", "РФ")[0] == corpus_keys("LOC", "Российская Федерация")[0] == "россия"


def test_person_parts_read_name_order_and_initials():
    assert person_parts("Антон Германович Силуанов") == ("силуанов", "антон", "а")
    assert person_parts("Федосеев Игорь Николаевич") == ("федосеев", "игорь", "и")
    assert person_parts("И. Н. Федосеев") == ("федосеев", None, "и")
    assert person_parts("Дмитрий Олегович")[0] is None


def test_the_linker_reads_name_words_through_the_people_modules_cached_parse():
    from pipeline.extractors.entities.people import parses
    from pipeline.link.corpus import _kind

    _kind.cache_clear()
    parses.cache_clear()
    person_parts("Зиновий Ксенофонтов")
    misses = parses.cache_info().misses
    assert misses >= 2  # both words were looked up there
    parses("ксенофонтов")  # the folded word the linker asked for is already cached
    assert parses.cache_info().misses == misses


def _tables(rows):
    ents = pd.DataFrame(rows, columns=["doc_id", "label", "name", "abbreviation"])
    ents["entity_id"] = [f"{d}#e{i}" for i, d in enumerate(ents["doc_id"])]
    ents["n_mentions"] = 1
    docs = pd.DataFrame({"doc_id": sorted(set(ents["doc_id"]))})
    docs["published_at"] = [f"2024-01-0{i + 1}" for i in range(len(docs))]
    from pipeline.tables import coerce

    return Tables({"entities": coerce("entities", ents), "documents": coerce("documents", docs)})


def test_link_corpus_merges_across_documents_and_keeps_namesakes_apart():
    t = link_corpus(_tables([
        ("a", "ORG", "ПАО «Сбербанк»", None), ("b", "ORG", "Сбер", None), ("c", "LOC", "Сбер", None),
        ("a", "PER", "Антон Силуанов", None), ("b", "PER", "А. Силуанов", None), ("c", "PER", "Силуанов", None),
        ("a", "PER", "Олег Белозёров", None), ("b", "PER", "Иван Белозёров", None), ("c", "PER", "Белозёров", None),
        ("a", "ORG", "Федеральная налоговая служба", None), ("b", "ORG", "ФНС", None),
    ]))
    e = t["entities"]
    cid = dict(zip(e["doc_id"] + "/" + e["name"], e["corpus_entity_id"]))
    assert cid["a/ПАО «Сбербанк»"] == cid["b/Сбер"] == cid["c/Сбер"] == "ORG:сбербанк"
    assert cid["a/Антон Силуанов"] == cid["b/А. Силуанов"] == cid["c/Силуанов"]
    assert len({cid["a/Олег Белозёров"], cid["b/Иван Белозёров"], cid["c/Белозёров"]}) == 3  # ambiguous surname
    assert cid["a/Федеральная налоговая служба"] == cid["b/ФНС"]
    c = t["corpus_entities"].set_index("corpus_entity_id")
    assert c.loc["ORG:сбербанк", "n_documents"] == 3 and c.loc["ORG:сбербанк", "name"] == "Сбербанк"
    assert c.loc["ORG:сбербанк", "first_seen"] == "2024-01-01" and c.loc["ORG:сбербанк", "last_seen"] == "2024-01-03"
    assert str(c["first_seen_dt"].dtype) == "datetime64[ns]"
    assert set(e["corpus_entity_id"]) == set(c.index)


def test_merge_precision_and_recall_on_the_annotated_sample():
    score = evaluate_links(SAMPLE)
    assert score.mentions_found >= score.mentions - 2, score.format()
    assert score.precision >= 0.95, score.format()
    assert score.recall >= 0.85, score.format()
