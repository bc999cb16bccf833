"""Roles that hold: no role from an address, a word that is no post, or a speaker's own words."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def full():
    from pipeline.nlp import load

    return load()


def roles_of(doc):
    return {(r["person"], r["position"]) for r in doc._.roles}


def test_an_addressed_post_is_nobodys_role(full):
    doc = full("Г.Сомов: Уважаемый господин Председатель! Дорогой товарищ министр, рад вас видеть.")
    assert roles_of(doc) == set()


def test_adjectives_and_participles_are_no_posts():
    import spacy
    from spacy.tokens import Doc

    from pipeline.extractors.roles.address import not_a_post

    words = ["Уважаемая", "исполняющая", "обязанности", "директора", "посол"]
    doc = Doc(spacy.blank("ru").vocab, words=words, pos=["ADJ", "VERB", "NOUN", "NOUN", "NOUN"],
              heads=[1, 1, 1, 2, 4], deps=["amod", "ROOT", "obj", "nmod", "ROOT"],
              lemmas=["уважаемый", "исполнять", "обязанность", "директор", "посол"])
    assert not_a_post(doc, (0, 1), doc[0])  # an address word
    assert not not_a_post(doc, (1, 2), doc[1])  # "исполняющая обязанности …" governs the duty it stands for
    assert not not_a_post(doc, (4, 5), doc[4])
    assert not not_a_post(doc, (0, 4), doc[0])  # a phrase with a noun, whatever the parse calls its head


def test_a_speaker_holds_no_post_named_in_what_they_say(full):
    doc = full("Губернатор Тверской области Инна Белкина провела совещание.\n"
               "И.Белкина: Мы благодарны врачам. Учитель из Торжка стал лауреатом премии.\n"
               "Г.Сомов: Спасибо. А историк Пётр Ильин поддержал проект.")
    got = roles_of(doc)
    assert ("Инна Белкина", "губернатор") in got
    assert not any(p in ("учитель", "врач", "историк") and who == "Инна Белкина" for who, p in got)
    assert not any(who.endswith("Сомов") for who, _ in got)


def test_a_name_called_out_holds_no_post(full):
    doc = full("Г.Сомов: Пётр Андреевич, губернатор доложил мне о работе.")
    assert not any(who.startswith("Пётр") for who, _ in roles_of(doc))


def test_each_item_of_a_list_of_posts_keeps_its_own_organisation(full):
    doc = full("В совещании участвовали руководитель Федерального агентства связи Олег Тарасов, "
               "министр спорта Пётр Ильин и губернатор Тверской области Инна Белкина.")
    got = {(r["person"], r["position"], r["org"]) for r in doc._.roles}
    assert ("Петр Ильин", "министр спорта", None) in got or ("Пётр Ильин", "министр спорта", None) in got
    assert not any(who.endswith("Ильин") and org and "агентств" in org.lower() for who, _, org in got)


def test_a_served_post_and_coordinated_complements_belong_to_the_phrase(full):
    doc = full("На встрече были помощник Президента Олег Тарасов и министр промышленности и торговли "
               "Пётр Ильин.")
    got = {(r["person"], r["position"]) for r in doc._.roles}
    assert ("Олег Тарасов", "помощник президента") in got
    assert any(who.endswith("Ильин") and pos == "министр промышленности и торговли" for who, pos in got)


def test_a_further_holder_is_not_the_next_item_of_a_list(full):
    doc = full("В совещании приняли участие помощник Президента Олег Тарасов, министр финансов Пётр Ильин.")
    got = {(r["person"], r["position"]) for r in doc._.roles}
    assert not any(who == "Олег Тарасов" and pos.startswith("министр") for who, pos in got)


def test_an_acting_holder_holds_the_acting_post(full):
    doc = full("Указ: 1. Назначить Корягина Петра Ильича временно исполняющим обязанности Губернатора Тверской области.")
    got = {r["position"] for r in doc._.roles}
    assert any("исполняющий обязанности" in pos for pos in got)
    assert not any(pos.startswith("назнач") for pos in got)  # "Назначить" opening the item is no post


def test_the_appointed_object_holds_the_post_not_the_signer(full):
    doc = full("Губернатор Олег Тарасов подписал указ о назначении Ивана Смирнова генеральным директором "
               "фонда «Родник». Мэр назначил Петра Ильина на должность министра спорта области.")
    got = {(r["person"], r["position"]) for r in doc._.roles}
    assert ("Иван Смирнов", "генеральный директор") in got
    assert ("Петр Ильин", "министр спорта") in got or ("Пётр Ильин", "министр спорта") in got
    assert not any(who == "Олег Тарасов" and pos != "губернатор" for who, pos in got)


def test_a_post_phrase_the_parse_cut_short_is_the_taggers_whole_span(full):
    doc = full("В заседании приняли участие министр обороны Пётр Ильин, министр внутренних дел Иван Смирнов, "
               "министр иностранных дел Павел Громов, директор Федеральной службы безопасности Олег Корягин.")
    got = {(r["person"], r["position"]) for r in doc._.roles}
    assert ("Иван Смирнов", "министр внутренних дел") in got
    assert ("Павел Громов", "министр иностранных дел") in got
    assert not any(who == "Павел Громов" and pos == "директор" for who, pos in got)  # one post, one holder
