"""Role rules on hand-built parses: person – position – organisation links as the rules read them.

Each sentence is written as the tree the rule reads (word, lemma, POS, head, relation, features)
with its entity mentions. Position words are still normalized by the morphological dictionary
(pymorphy2), which is data, not a trained model.
"""
import pytest

from pipeline.extractors.roles import extract_roles
from pipeline.extractors.roles.extractor import run


@pytest.fixture
def parse(parse):
    """The shared hand-built parse, with the rules alone (the scorer is tested in test_roles_learned.py)."""
    def with_rules(rows: str, ents=()):
        ctx = parse(rows, ents)
        ctx.settings.learned_roles = False
        return ctx
    return with_rules


def roles(ctx):
    return [(r["person"], r["position"], r["org"], r["appointment"]) for r in extract_roles(ctx)]


BEFORE_NAME = """
Исполнительный исполнительный ADJ 1 amod Case=Nom|Gender=Masc|Number=Sing
директор директор NOUN 5 nsubj Case=Nom|Gender=Masc|Number=Sing|Animacy=Anim
ЮНИСЕФ юнисеф PROPN 1 nmod
Кэтрин кэтрин PROPN 1 appos Case=Nom
Рассел рассел PROPN 3 flat:name Case=Nom
посетила посетить VERB 5 root VerbForm=Fin|Tense=Past
Казань казань PROPN 5 obj Case=Acc
. . PUNCT 5 punct
"""


def test_person_position_organisation(parse):
    ctx = parse(BEFORE_NAME, ents=[(2, 3, "ORG"), (3, 5, "PER"), (6, 7, "LOC")])
    assert roles(ctx) == [("Кэтрин Рассел", "исполнительный директор", "ЮНИСЕФ", False)]
    [row] = ctx.results.roles
    assert row["position_text"] == "Исполнительный директор"
    assert (row["person_entity_id"], row["org_entity_id"]) == ("d:e1", "d:e0")
    assert row["role_id"] == f"d:r{row['person_start']}-{row['position_start']}"


def test_no_holder_no_role(parse):
    assert roles(parse(BEFORE_NAME, ents=[(2, 3, "ORG"), (6, 7, "LOC")])) == []


AFTER_NAME = """
Кэтрин кэтрин PROPN 5 nsubj Case=Nom
Рассел рассел PROPN 0 flat:name Case=Nom
, , PUNCT 4 punct
исполнительный исполнительный ADJ 4 amod Case=Nom|Gender=Masc|Number=Sing
директор директор NOUN 0 appos Case=Nom|Gender=Masc|Number=Sing
выступила выступить VERB 5 root VerbForm=Fin|Tense=Past
. . PUNCT 5 punct
"""


def test_post_in_apposition_to_a_name(parse):
    assert roles(parse(AFTER_NAME, ents=[(0, 2, "PER")])) == [
        ("Кэтрин Рассел", "исполнительный директор", None, False)]


APPOINTED = """
Иван иван PROPN 2 nsubj:pass Case=Nom
Петров петров PROPN 0 flat:name Case=Nom
назначен назначить VERB 2 root Voice=Pass|VerbForm=Part
генеральным генеральный ADJ 4 amod Case=Ins|Gender=Masc|Number=Sing
директором директор NOUN 2 xcomp Case=Ins|Gender=Masc|Number=Sing
компании компания NOUN 4 nmod Case=Gen|Number=Sing
« « PUNCT 7 punct
Ромашка ромашка PROPN 5 appos Case=Nom
» » PUNCT 7 punct
. . PUNCT 2 punct
"""


def test_appointment_through_a_passive_verb(parse):
    ctx = parse(APPOINTED, ents=[(0, 2, "PER"), (5, 9, "ORG")])
    assert roles(ctx) == [("Иван Петров", "генеральный директор", "компании «Ромашка»", True)]
    assert ctx.results.roles[0]["position_text"] == "генеральным директором"


APPOINTER = """
Ромашка ромашка PROPN 1 nsubj Case=Nom
назначила назначить VERB 1 root VerbForm=Fin|Tense=Past|Voice=Act
Ивана иван PROPN 1 obj Case=Acc
Петрова петров PROPN 2 flat:name Case=Acc
директором директор NOUN 1 xcomp Case=Ins|Gender=Masc|Number=Sing
. . PUNCT 1 punct
"""


def test_active_appointment_verb_gives_the_post_to_its_object(parse):
    # roles/post_verbs.tsv: назначить has holder=object
    assert roles(parse(APPOINTER, ents=[(0, 1, "ORG"), (2, 4, "PER", "Иван Петров")])) == [
        ("Иван Петров", "директор", None, True)]


STATED = """
Петров петров PROPN 1 nsubj Case=Nom
является являться VERB 1 root VerbForm=Fin
директором директор NOUN 1 xcomp Case=Ins|Gender=Masc|Number=Sing
завода завод NOUN 2 nmod Case=Gen|Number=Sing
. . PUNCT 1 punct
"""


def test_copula_states_a_post_without_appointing(parse):
    ctx = parse(STATED, ents=[(0, 1, "PER")])
    assert roles(ctx) == [("Петров", "директор", None, False)]
    got = run(ctx)
    assert set(got) == {"roles", "posts"}
    assert got["posts"] == []  # "завода" is no organisation mention: no post row either


PLURAL = """
Представители представитель NOUN 2 nsubj Case=Nom|Number=Plur
Ромашки ромашка PROPN 0 nmod Case=Gen
обсудили обсудить VERB 2 root VerbForm=Fin|Tense=Past
итоги итог NOUN 2 obj Case=Acc|Number=Plur
. . PUNCT 2 punct
"""


def test_plural_post_names_no_one(parse):
    assert roles(parse(PLURAL, ents=[(1, 2, "ORG")])) == []
