"""Entity rules on hand-built Docs: the parse and the NER spans are given, so these test the rule,
not the model (``test_entity_rules_parsed.py`` runs the rules on real parses)."""
import spacy
from spacy.tokens import Doc

from pipeline.extractors.entities import rules as er
from pipeline.extractors.entities.rules import Cand

VOCAB = spacy.blank("ru").vocab  # its lexical attributes (is_punct, is_space, is_lower) are the rules' input too


def parsed(text: str, table: str) -> Doc:
    """A Doc of ``text`` from rows ``word lemma POS feats head dep ent`` (``_``: no feats; ``\\n``: a newline)."""
    rows = [line.split() for line in table.strip().splitlines()]
    words = [r[0].replace("\\n", "\n") for r in rows]
    spaces, pos = [], 0
    for w in words:
        pos = text.index(w, pos) + len(w)
        spaces.append(text[pos:pos + 1] == " ")
        pos += spaces[-1]
    doc = Doc(VOCAB, words=words, spaces=spaces, lemmas=[r[1].replace("\\n", "\n") for r in rows],
              pos=[r[2] for r in rows], morphs=["" if r[3] == "_" else r[3] for r in rows],
              heads=[int(r[4]) for r in rows], deps=[r[5] for r in rows], ents=[r[6] for r in rows])
    assert doc.text == text
    return doc


def spans(doc, rules=None):
    return [(s.text, s.label_) for s, _ in er.apply(doc, rules)]


def test_every_rule_is_registered_once_with_its_name():
    assert set(er.DEFAULT_RULES) <= set(er.RULES) and set(er.NAME_RULES) <= set(er.RULES)
    assert set(er.RULES) == set(er.DEFAULT_RULES) | set(er.NAME_RULES)
    assert all(fn.__name__ == name for name, fn in er.RULES.items())
    assert set(er.NAME_RULES) - set(er.DEFAULT_RULES) == {"name_strip_prefix", "name_drop_nested"}


def test_split_punct_on_bullets_commas_and_line_breaks():
    doc = parsed("Хорватия • Словения, Австрия\nВенгрия", """
        Хорватия хорватия PROPN _ 0 root  B-LOC
        •        •        PUNCT _ 0 punct I-LOC
        Словения словения PROPN _ 0 conj  I-LOC
        ,        ,        PUNCT _ 0 punct I-LOC
        Австрия  австрия  PROPN _ 0 conj  I-LOC
        \\n      \\n      SPACE _ 4 dep   I-LOC
        Венгрия  венгрия  PROPN _ 0 conj  I-LOC
    """)
    parts = er.split_punct(doc, [Cand(0, len(doc), "LOC")])
    assert [doc[c.start:c.end].text for c in parts] == ["Хорватия", "Словения", "Австрия", "Венгрия"]
    assert spans(doc) == [(w, "LOC") for w in ("Хорватия", "Словения", "Австрия", "Венгрия")]


SAID = parsed("Сказал он: «Ромашка».", """
    Сказал  сказать VERB  _ 0 root  O
    он      он      PRON  _ 0 nsubj O
    :       :       PUNCT _ 4 punct O
    «       «       PUNCT _ 4 punct O
    Ромашка ромашка PROPN _ 0 obj   O
    »       »       PUNCT _ 4 punct O
    .       .       PUNCT _ 0 punct O
""")


def test_trim_keeps_opening_quote_drops_others():
    out = er.trim_space_punct(SAID, [Cand(2, 6, "ORG")])  # ": «Ромашка»"
    assert [SAID[c.start:c.end].text for c in out] == ["«Ромашка"]
    assert er.trim_space_punct(SAID, [Cand(3, 4, "ORG")]) == []  # a quote alone is nothing


def test_drop_non_entities():
    doc = parsed("Сообщают СМИ.", """
        Сообщают сообщать VERB  _ 0 root  O
        СМИ      сми      NOUN  _ 0 nsubj B-ORG
        .        .        PUNCT _ 0 punct O
    """)
    assert spans(doc, []) == [("СМИ", "ORG")]
    assert spans(doc) == []


def test_relabel_seat_is_an_organisation_but_a_place_in_the_locative():
    doc = parsed("В Кремле решили, что Кремль промолчит.", """
        В         в          ADP   _                    1 case  O
        Кремле    кремль     PROPN Case=Loc|Number=Sing 2 obl   B-LOC
        решили    решить     VERB  _                    2 root  O
        ,         ,          PUNCT _                    6 punct O
        что       что        SCONJ _                    6 mark  O
        Кремль    кремль     PROPN Case=Nom|Number=Sing 6 nsubj B-LOC
        промолчит промолчать VERB  _                    2 ccomp O
        .         .          PUNCT _                    2 punct O
    """)
    assert spans(doc) == [("Кремле", "LOC"), ("Кремль", "ORG")]


PARTY = parsed("Депутаты партии «Зелёный союз» выступили.", """
    Депутаты  депутат   NOUN  Case=Nom|Number=Plur 6 nsubj O
    партии    партия    NOUN  Case=Gen|Number=Sing 0 nmod  O
    «         «         PUNCT _                    4 punct B-ORG
    Зелёный   зелёный   ADJ   Case=Nom|Number=Sing 4 amod  I-ORG
    союз      союз      NOUN  Case=Nom|Number=Sing 1 appos I-ORG
    »         »         PUNCT _                    4 punct I-ORG
    выступили выступить VERB  _                    6 root  O
    .         .         PUNCT _                    6 punct O
""")


def test_org_descriptor_joins_the_quoted_name():
    assert spans(PARTY, []) == [("«Зелёный союз»", "ORG")]  # what the NER gave
    # the rule itself takes the descriptor, and the closing quote (close_quotes)
    assert spans(PARTY, ["org_descriptor", "close_quotes"]) == [("партии «Зелёный союз»", "ORG")]
    # full spans: a kind of body before its name in apposition is not part of the name (org_appositive_name)
    assert spans(PARTY) == [("Зелёный союз", "ORG")]
    assert spans(PARTY, er.NAME_RULES) == [("«Зелёный союз", "ORG")]  # names: no descriptor


MAYOR = """
    мэрия      мэрия      NOUN  Case=Nom|Number=Sing 2 nsubj O
    Самары     самара     PROPN Case=Gen|Number=Sing {head} {dep} B-LOC
    промолчала промолчать VERB  _                    2 root  O
    .          .          PUNCT _                    2 punct O
"""


def test_org_head_genitive_keeps_the_place():
    doc = parsed("мэрия Самары промолчала.", MAYOR.format(head=0, dep="nmod"))
    assert spans(doc) == [("мэрия Самары", "ORG"), ("Самары", "LOC")]
    # only a place that depends on the authority noun makes it an organisation
    doc = parsed("мэрия Самары промолчала.", MAYOR.format(head=2, dep="obl"))
    assert spans(doc) == [("Самары", "LOC")]


def test_loc_descriptor():
    text = "Туристы плыли по реке Вилюй."
    table = """
        Туристы турист NOUN  Case=Nom|Number=Plur 1 nsubj O
        плыли   плыть  VERB  _                    1 root  O
        по      по     ADP   _                    3 case  O
        {word}  {lemma} NOUN Case=Dat|Number=Sing 1 obl   O
        Вилюй   вилюй  PROPN Case=Dat|Number=Sing 3 appos B-LOC
        .       .      PUNCT _                    1 punct O
    """
    river = parsed(text, table.format(word="реке", lemma="река"))
    assert spans(river, ["loc_descriptor"]) == [("реке Вилюй", "LOC")]
    assert spans(river) == [("Вилюй", "LOC")]  # full spans: the kind before the name is left out (loc_appositive_name)
    other = text.replace("реке", "лодке")
    assert spans(parsed(other, table.format(word="лодке", lemma="лодка"))) == [("Вилюй", "LOC")]


STEEL = parsed("Акционеры ОАО «Северсталь» собрались.", """
    Акционеры  акционер   NOUN  Case=Nom|Number=Plur 5 nsubj O
    ОАО        оао        PROPN _                    0 nmod  B-ORG
    «          «          PUNCT _                    3 punct I-ORG
    Северсталь северсталь PROPN _                    1 appos I-ORG
    »          »          PUNCT _                    3 punct O
    собрались  собраться  VERB  _                    5 root  O
    .          .          PUNCT _                    5 punct O
""")


def test_name_strip_prefix():
    assert er.name_strip_prefix(STEEL, [Cand(1, 4, "ORG")]) == [Cand(3, 4, "ORG", "rule:name_strip_prefix")]
    assert er.name_strip_prefix(STEEL, [Cand(1, 2, "ORG")]) == [Cand(1, 2, "ORG")]  # no name after it
    assert ("ОАО «Северсталь»", "ORG") in spans(STEEL)  # the union convention keeps the legal form
    assert ("Северсталь", "ORG") in spans(STEEL, er.NAME_RULES)


def test_name_drop_nested():
    cands = [Cand(0, 3, "ORG"), Cand(2, 3, "LOC"), Cand(4, 5, "ORG")]
    assert er.name_drop_nested(STEEL, cands) == [Cand(0, 3, "ORG"), Cand(4, 5, "ORG")]
    assert er.name_drop_nested(STEEL, cands[1:]) == cands[1:]  # side by side, nothing nested


def test_nested_allowed_partial_overlap_not():
    cands = [Cand(0, 4, "ORG"), Cand(3, 4, "LOC"), Cand(2, 6, "PER"), Cand(3, 4, "LOC")]
    assert er._dedupe(cands) == [Cand(0, 4, "ORG"), Cand(3, 4, "LOC")]


NOKIA = parsed("Сделку одобрила Nokia. Акции Nokia выросли.", """
    Сделку   сделка   NOUN  _ 1 obj   O
    одобрила одобрить VERB  _ 1 root  O
    Nokia    nokia    PROPN _ 1 nsubj B-ORG
    .        .        PUNCT _ 1 punct O
    Акции    акция    NOUN  _ 6 nsubj O
    Nokia    nokia    PROPN _ 4 nmod  O
    выросли  вырасти  VERB  _ 6 root  O
    .        .        PUNCT _ 6 punct O
""")


def test_org_name_repeats_spreads_a_name_ner_found():
    assert spans(NOKIA, []) == [("Nokia", "ORG")]
    assert [(s.start, s.label_) for s, _ in er.apply(NOKIA)] == [(2, "ORG"), (5, "ORG")]


def test_org_name_repeats_leaves_words_claimed_otherwise():
    cands = [Cand(2, 3, "ORG"), Cand(5, 6, "PER")]
    assert er.org_name_repeats(NOKIA, cands) == cands
    # a span a rule built (descriptor included) is not a name to spread
    built = [Cand(1, 3, "ORG", "rule:org_descriptor")]
    assert er.org_name_repeats(NOKIA, built) == built


ALIAS = """
    Подписала подписать VERB  _ 0 root  O
    {word}    {lemma}   PROPN _ 0 nsubj B-ORG
    (         (         PUNCT _ 3 punct O
    {a}       {a_lemma} PROPN _ 1 appos {a_ent}
    {b}       {b_lemma} PROPN _ 3 flat  {b_ent}
    )         )         PUNCT _ 3 punct O
    .         .         PUNCT _ 0 punct O
"""


def test_org_paren_alias_adds_the_name_in_brackets():
    doc = parsed("Подписала Победа (Pobeda Airlines).", ALIAS.format(
        word="Победа", lemma="победа", a="Pobeda", a_lemma="pobeda", b="Airlines", b_lemma="airlines",
        a_ent="O", b_ent="O"))
    assert er.org_paren_alias(doc, [Cand(1, 2, "ORG")]) == [Cand(1, 2, "ORG"),
                                                            Cand(3, 5, "ORG", "rule:org_paren_alias")]
    assert ("Pobeda Airlines", "ORG") in spans(doc) and ("Pobeda Airlines", "ORG") in spans(doc, er.NAME_RULES)


def test_org_paren_alias_leaves_a_cyrillic_place_in_brackets():
    doc = parsed("Подписала Эрмитаж (Санкт Петербург).", ALIAS.format(
        word="Эрмитаж", lemma="эрмитаж", a="Санкт", a_lemma="санкт", b="Петербург", b_lemma="петербург",
        a_ent="B-LOC", b_ent="I-LOC"))
    assert ("Санкт Петербург", "LOC") in spans(doc)
    assert ("Санкт Петербург", "ORG") not in spans(doc)
