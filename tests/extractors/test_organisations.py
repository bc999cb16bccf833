"""Organisations: whole-phrase normal forms, one normal form per entity, abbreviations both ways."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.extractors.entities import orgs
from pipeline.extractors.entities.mentions import Mention

SAMPLE = Path(__file__).parent / "data" / "org_normal_forms.tsv"


@pytest.fixture(scope="module")
def full():
    from pipeline.nlp import load

    return load()


def orgs_in(nlp, text):
    doc = nlp(text)
    ents = {e["entity_id"]: e for e in doc._.entities}
    return [(m["text"], m["normal"], m["entity_id"]) for m in doc._.mentions if m["label"] == "ORG"], ents


def test_initials_skip_legal_form_quotes_and_country():
    assert "РЖД" in orgs.initials("ОАО «Российские железные дороги»")
    assert "МИД" in orgs.initials("Министерство иностранных дел России")
    assert "ТПП" in orgs.initials("Торгово-промышленная палата")
    assert orgs.initials("Газпром") == set()


def test_alias_table_links_short_and_long_names():
    assert orgs.alias_key("ORG", "МИД") == orgs.alias_key("ORG", "Министерство иностранных дел России") is not None
    assert orgs.alias_key("ORG", "РЖД") == orgs.alias_key("ORG", "ОАО «Российские железные дороги»") is not None
    assert orgs.alias_key("ORG", "Банк России") != orgs.alias_key("ORG", "Банк")  # not a country qualifier
    assert orgs.alias_key("PER", "МИД") is None


def test_agree_normals_prefers_the_form_written_in_the_nominative():
    ms = [Mention(0, 13, "ORG", "ООО «Ромашки»", "ООО «Ромашки»", 0, lemma="ооо «ромашка»"),
          Mention(20, 33, "ORG", "ООО «Ромашка»", "ООО «Ромашка»", 1, lemma="ооо «ромашка»"),
          Mention(40, 47, "ORG", "Ромашки", "Ромашка", 2, lemma="ромашка")]
    orgs.agree_normals(ms)
    assert [m.normal for m in ms] == ["ООО «Ромашка»", "ООО «Ромашка»", "Ромашка"]


def test_normal_forms_on_the_hand_annotated_sample(full):
    rows = [r for r in csv.reader(SAMPLE.open(encoding="utf-8"), delimiter="\t") if r and not r[0].startswith("#")]
    assert len(rows) >= 50
    found, wrong = 0, []
    for sentence, mention, normal in rows:
        got, _ = orgs_in(full, sentence)
        hit = [n for t, n, _ in got if t == mention]
        if not hit:
            continue  # a span error, not a normal-form one
        found += 1
        if hit[0] != normal:
            wrong.append((mention, hit[0], normal))
    assert found / len(rows) >= 0.9  # one organisation in a plain sentence: found whole
    # the whole phrase in the nominative, complements kept as written: the method should miss
    # only what the tagger mis-parses
    assert 1 - len(wrong) / found >= 0.95, wrong


def test_inflected_mentions_share_one_normal_form(full):
    got, ents = orgs_in(full, "Сотрудники ООО «Ромашки» приехали. Позже ООО «Ромашка» подтвердило, что "
                              "в ООО «Ромашке» всё в порядке.")
    assert len({g[2] for g in got}) == 1, got
    assert {g[1] for g in got} == {"ООО «Ромашка»"}, got
    assert ents[got[0][2]]["name"] == "ООО «Ромашка»"


def test_inflected_long_name_joins_its_entity(full):
    got, _ = orgs_in(full, "Харбинский политехнический университет открыл центр. Договор с Харбинским "
                           "политехническим университетом подписан.")
    assert len(got) == 2 and len({g[2] for g in got}) == 1, got
    assert {g[1] for g in got} == {"Харбинский политехнический университет"}


@pytest.mark.parametrize("text, short, long", [
    ("Глава Министерства иностранных дел России прибыл в Минск. МИД заявил протест.", "МИД",
     "Министерства иностранных дел России"),
    ("Представитель МИД заявил о протесте. Ранее Министерство иностранных дел России направило ноту.", "МИД",
     "Министерство иностранных дел России"),
    ("РЖД сообщили о росте перевозок. По данным Российских железных дорог, рост составил 5%.", "РЖД",
     "Российских железных дорог"),
    ("Минфин подготовил поправки. Министерство финансов направит их в Правительство.", "Минфин",
     "Министерство финансов"),
    ("ФНС (Федеральная налоговая служба) проверит компанию. Сотрудники ФНС приехали.", "ФНС",
     "Федеральная налоговая служба"),
    ("Торгово-промышленная палата (ТПП) провела форум. В ТПП отметили рост.", "ТПП", "Торгово-промышленная палата"),
])
def test_abbreviation_and_full_name_are_one_entity(full, text, short, long):
    got, ents = orgs_in(full, text)
    ids = {t: e for t, _, e in got}
    assert short in ids and long in ids, got
    assert ids[short] == ids[long]
    assert len(ents[ids[long]]["name"].split()) > 1  # the entity is named by its long form


def test_descriptor_in_full_spans_name_alone_in_name_spans(full):
    from pipeline.extractors.entities.mentions import extract_mentions

    doc = full("Договор подписан с компанией «Ромашка» и ООО «Василёк».")
    spans = {sp: [m.text for m in extract_mentions(doc, sp)[0] if m.label == "ORG"] for sp in ("full", "name")}
    # full: the name in apposition without the kind of body before it; a legal form stays (as NEREL)
    assert spans["full"] == ["Ромашка", "ООО «Василёк»"]
    assert spans["name"] == ["Ромашка", "Василёк"]
