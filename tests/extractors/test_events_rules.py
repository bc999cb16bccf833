"""Event rules on hand-built parses: a change of model cannot move these, only a change of rule.

Each sentence is written as the tree the rule reads (word, lemma, POS, head, relation, features)
with its entity mentions and dates, so a test states the parse it assumes.
"""
from pipeline.extractors.events.extractor import extract_events, run

# ``parse`` (a hand-built tree as a Context) is the fixture in tests/extractors/conftest.py


def events(ctx):
    erows, arows, _ = extract_events(ctx)
    out = []
    for e in erows:
        args = {}
        for a in arows:
            if a["event_id"] == e["event_id"]:
                args.setdefault(a["role"], []).append(a["text"])
        out.append((e, args))
    return out


MEMO = """
В в ADP 2 case
2019 2019 ADJ 2 amod
году год NOUN 4 obl Case=Loc
был быть AUX 4 aux:pass
обновлен обновить VERB 4 root Voice=Pass|VerbForm=Part
меморандум меморандум NOUN 4 nsubj:pass Case=Nom
между между ADP 7 case
Сбербанком сбербанк PROPN 5 nmod Case=Ins
и и CCONJ 9 cc
ВТБ втб PROPN 7 conj
. . PUNCT 4 punct
"""


def test_passive_agreement_between_two_partners(parse):
    ctx = parse(MEMO, ents=[(7, 8, "ORG"), (9, 10, "ORG")], dates=[(0, 3, "2019-01-01", "2019-12-31", "year")])
    [(ev, args)] = events(ctx)
    assert (ev["type"], ev["voice"], ev["trigger"]) == ("AGREEMENT", "passive", "обновлен меморандум")
    assert sorted(args["PARTNER"]) == ["ВТБ", "Сбербанком"]
    assert args["TIME"] == ["В 2019 году"]
    assert ev["date_value"] == "2019-01-01"
    assert ctx.results.events == [ev]


MEETING = """
Антон антон PROPN 2 nsubj Case=Nom
Силуанов силуанов PROPN 0 flat:name Case=Nom
встретился встретиться VERB 2 root VerbForm=Fin|Tense=Past
с с ADP 4 case
Дэвидом дэвид PROPN 2 obl Case=Ins
Малпассом малпасс PROPN 4 flat:name Case=Ins
в в ADP 7 case
Вашингтоне вашингтон PROPN 2 obl Case=Loc
. . PUNCT 2 punct
"""


def test_meeting_with_two_sides_and_a_place(parse):
    ctx = parse(MEETING, ents=[(0, 2, "PER"), (4, 6, "PER"), (7, 8, "LOC")])
    [(ev, args)] = events(ctx)
    assert ev["type"] == "MEETING" and ev["location"] == "Вашингтоне"
    assert sorted(args["PARTICIPANT"]) == ["Антон Силуанов", "Дэвидом Малпассом"]
    assert args["LOCATION"] == ["Вашингтоне"]


ALONE = """
Антон антон PROPN 2 nsubj Case=Nom
Силуанов силуанов PROPN 0 flat:name Case=Nom
встретился встретиться VERB 2 root VerbForm=Fin|Tense=Past
в в ADP 4 case
Вашингтоне вашингтон PROPN 2 obl Case=Loc
. . PUNCT 2 punct
"""


def test_one_sided_meeting_says_too_little(parse):
    assert events(parse(ALONE, ents=[(0, 2, "PER"), (4, 5, "LOC")])) == []


SITTING = """
Заседание заседание NOUN 1 nsubj Case=Nom
прошло пройти VERB 1 root VerbForm=Fin|Tense=Past
в в ADP 3 case
Москве москва PROPN 1 obl Case=Loc
. . PUNCT 1 punct
"""


def test_sitting_of_one_body_is_a_session(parse):
    [(ev, _)] = events(parse(SITTING, ents=[(3, 4, "LOC")]))
    assert ev["type"] == "SESSION" and ev["location"] == "Москве"  # a gathering, CONFERENCE, before the release classes


AGREED = """
Мальта мальта PROPN 3 nsubj Case=Nom
и и CCONJ 2 cc
Италия италия PROPN 0 conj Case=Nom
договорились договориться VERB 3 root VerbForm=Fin|Tense=Past
. . PUNCT 3 punct
"""
NOT_AGREED = """
Мальта мальта PROPN 4 nsubj Case=Nom
и и CCONJ 2 cc
Италия италия PROPN 0 conj Case=Nom
не не PART 4 advmod
договорились договориться VERB 4 root VerbForm=Fin|Tense=Past
. . PUNCT 4 punct
"""


def test_negated_agreement_is_no_event(parse):
    [(ev, args)] = events(parse(AGREED, ents=[(0, 1, "LOC"), (2, 3, "LOC")]))
    assert ev["type"] == "AGREEMENT" and sorted(args["PARTNER"]) == ["Италия", "Мальта"]
    assert events(parse(NOT_AGREED, ents=[(0, 1, "LOC"), (2, 3, "LOC")])) == []


APPOINTED = """
Иван иван PROPN 2 nsubj:pass Case=Nom
Петров петров PROPN 0 flat:name Case=Nom
назначен назначить VERB 2 root Voice=Pass|VerbForm=Part
директором директор NOUN 2 xcomp Case=Ins
. . PUNCT 2 punct
"""


def test_appointment_is_passive_with_its_object(parse):
    ctx = parse(APPOINTED, ents=[(0, 2, "PER")])
    [(ev, args)] = events(ctx)
    assert (ev["type"], ev["voice"]) == ("APPOINTMENT", "passive")
    assert args["OBJECT"] == ["Иван Петров"]
    assert set(run(ctx)) == {"events", "event_arguments", "event_mentions"}


BOUGHT = """
Ромашка ромашка PROPN 1 nsubj Case=Nom
отчиталась отчитаться VERB 1 root VerbForm=Fin|Tense=Past
. . PUNCT 1 punct
Компания компания NOUN 4 nsubj Case=Nom|Number=Sing
купила купить VERB 4 root VerbForm=Fin|Tense=Past
завод завод NOUN 4 obj Case=Acc
Лютик лютик PROPN 5 appos Case=Nom
. . PUNCT 4 punct
"""


def test_bare_descriptor_refers_to_the_company_named_before(parse):
    [(ev, args)] = events(parse(BOUGHT, ents=[(0, 1, "ORG"), (6, 7, "ORG")]))
    assert ev["type"] == "DEAL"
    assert args["AGENT"] == ["Ромашка"]
    assert args["OBJECT"] == ["Лютик"]


CITED = """
По по ADP 1 case
договору договор NOUN 6 obl Case=Dat
между между ADP 3 case
Сбербанком сбербанк PROPN 1 nmod Case=Ins
и и CCONJ 5 cc
ВТБ втб PROPN 3 conj
обмениваются обмениваться VERB 6 root VerbForm=Fin
данными данные NOUN 6 obl Case=Ins
. . PUNCT 6 punct
"""


def test_cited_agreement_is_not_concluded(parse):
    assert events(parse(CITED, ents=[(3, 4, "ORG"), (5, 6, "ORG")])) == []
