"""Whole names of bodies outside, the names inside nested with their parent (own sentences, end to end)."""
import pytest

import pipeline
from pipeline.extractors.entities.extractor import parents
from pipeline.extractors.entities.mentions import Mention

TEXTS = {
    "chain": "Заседание Комитета Совета Федерации Федерального Собрания Российской Федерации по обороне и "
             "безопасности прошло во вторник.",
    "abbr": "Грант выделен Правительством г. Казани в прошлом месяце.",
    "pp": "Об этом сообщил представитель Департамента ООН по вопросам разоружения.",
    "long": "Делегаты Международной ассоциации городов и региональных властей прибыли в Самару.",
    "inner": "Дело возбудил Следственный комитет Армении.",
    "head": "Сотрудники министерства культуры Польши открыли выставку.",
    "apposition": "Акции компании «Ромашка» выросли, сообщил телеканал NBC News.",
    "legal": "Контракт получило ООО «Василёк».",
    "place": "Экспедиция прошла по реке Вилюй до Знаменского района Кировоградской области и штата Колорадо.",
    "capital": "Выставку открыл директор Музея современного искусства «Гараж».",
}


@pytest.fixture(scope="module")
def tables():
    return {sp: pipeline.extract(TEXTS, workers=1, entity_spans=sp)["mentions"] for sp in ("full", "name")}


def rows(tables, key, spans="full"):
    m = tables[spans]
    m = m[m["doc_id"] == key]
    return [r._asdict() for r in m.itertuples(index=False)]


def find(rs, text, label="ORG"):
    hits = [r for r in rs if r["text"] == text and r["label"] == label]
    assert hits, (text, [(r["text"], r["label"]) for r in rs])
    return hits[0]


def test_offsets_are_the_text(tables):
    for spans in ("full", "name"):
        for r in tables[spans].itertuples(index=False):
            assert TEXTS[r.doc_id][r.start:r.end] == r.text


def test_body_of_a_body_with_its_complement_is_one_mention(tables):
    rs = rows(tables, "chain")
    whole = find(rs, "Комитета Совета Федерации Федерального Собрания Российской Федерации по обороне и безопасности")
    assert whole["normal"] == "Комитет Совета Федерации Федерального Собрания Российской Федерации по обороне и безопасности"
    assert not whole["nested"] and whole["parent"] is pd_na()
    inner = find(rs, "Совета Федерации")
    assert inner["nested"] and inner["normal"] == "Совет Федерации"
    place = find(rs, "Российской Федерации", "LOC")
    assert place["nested"] and place["parent"] == whole["mention_id"]


def pd_na():
    import pandas as pd
    return pd.NA


def test_place_abbreviation_joins_the_body_and_the_place_is_nested(tables):
    rs = rows(tables, "abbr")
    whole = find(rs, "Правительством г. Казани")
    assert whole["normal"] == "Правительство г. Казани"
    city = find(rs, "Казани", "LOC")
    assert city["nested"] and city["parent"] == whole["mention_id"] and city["normal"] == "Казань"


def test_po_complement_belongs_to_the_name(tables):
    rs = rows(tables, "pp")
    whole = find(rs, "Департамента ООН по вопросам разоружения")
    assert whole["normal"] == "Департамент ООН по вопросам разоружения"
    assert find(rs, "ООН")["parent"] == whole["mention_id"]


def test_long_international_body_is_not_cut(tables):
    rs = rows(tables, "long")
    got = find(rs, "Международной ассоциации городов и региональных властей")
    assert got["normal"] == "Международная ассоциация городов и региональных властей"
    assert not any(r["label"] == "ORG" and r["text"] == "Международной ассоциации" for r in rs)


def test_a_body_without_its_place_is_nested(tables):
    rs = rows(tables, "inner")
    whole = find(rs, "Следственный комитет Армении")
    body = find(rs, "Следственный комитет")
    assert body["nested"] and body["parent"] == whole["mention_id"]


def test_head_noun_with_a_genitive_chain_and_a_place(tables):
    rs = rows(tables, "head")
    whole = find(rs, "министерства культуры Польши")
    assert whole["normal"] == "министерство культуры Польши"
    assert find(rs, "Польши", "LOC")["parent"] == whole["mention_id"]


def test_a_kind_of_body_before_its_name_is_not_the_name(tables):
    rs = rows(tables, "apposition")
    assert find(rs, "Ромашка")["normal"] == "Ромашка"
    find(rs, "NBC News")
    assert not any(r["text"].startswith(("компании", "телеканал")) for r in rs if r["label"] == "ORG")
    assert find(rows(tables, "legal"), "ООО «Василёк»")  # a legal form stays, as NEREL keeps it


def test_name_view_keeps_names_only(tables):
    # factRuEval's name spans: no body's whole name, no nesting among PER/ORG/LOC
    for key, whole in (("abbr", "Правительством г. Казани"), ("head", "министерства культуры Польши"),
                       ("pp", "Департамента ООН по вопросам разоружения")):
        name = [r for r in rows(tables, key, "name") if r["label"] in ("PER", "ORG", "LOC")]
        assert whole not in {r["text"] for r in name}
        assert not any(r["nested"] for r in name)
    assert ("Казани", "LOC") in {(r["text"], r["label"]) for r in rows(tables, "abbr", "name")}


def test_flat_layer_has_no_parent(tables):
    for spans in ("full", "name"):
        m = tables[spans]
        assert m.loc[~m["nested"].astype(bool), "parent"].isna().all()
        ids = set(m["mention_id"])
        assert set(m["parent"].dropna()) <= ids


def _m(start, end, label="ORG"):
    return Mention(start=start, end=end, label=label, text="", normal="", sentence_id=0)


def test_parents_smallest_container_and_crossing():
    outer, mid, leaf, other, cross = _m(0, 50), _m(0, 20), _m(10, 20, "LOC"), _m(30, 40, "LOC"), _m(45, 60, "EVENT")
    same = _m(0, 20, "PROFESSION")
    rows_ = [outer, mid, leaf, other, cross, same]
    got = parents(rows_, {id(cross), id(same)})
    assert got[id(mid)] is outer and got[id(leaf)] is mid and got[id(other)] is outer
    assert got[id(same)] is mid  # a tagger-label mention with a PER/ORG/LOC span sits in it
    assert id(outer) not in got and id(cross) not in got  # the top, and one that only crosses


def test_a_kind_of_place_before_its_name_is_not_the_name(tables):
    rs = rows(tables, "place")
    for name in ("Вилюй", "Колорадо", "Кировоградской области"):
        find(rs, name, "LOC")
    find(rs, "Знаменского района", "LOC")  # a district of a region: two places, each named whole
    assert not any(r["text"].startswith(("реке", "штата")) for r in rs if r["label"] == "LOC")


def test_a_capitalised_descriptor_inside_a_sentence_is_part_of_the_name(tables):
    find(rows(tables, "capital"), "Музея современного искусства «Гараж»")
