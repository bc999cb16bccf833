"""``pipeline/nlp/views.py`` reads from arrays what spaCy's ``Token`` objects give, token by token."""
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.models.nerel.features import doc_rows
from pipeline.models.relations.features import DocView, _feats
from pipeline.nlp import views
from pipeline.resources import fold

TEXT = ("Министр финансов Антон Силуанов встретился в Вашингтоне с главой Всемирного банка.\n\n"
        "ПАО «Сбербанк» открыло офисы в Казани и Уфе. Сделка закрыта 9 апреля 2020 года,  её сумма — 1,2 млрд рублей!\n"
        "Иванов Пётр – министр\n  Да.")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def test_sentences_are_spacys(doc):
    want = [(s.start, s.end) for s in doc.sents]
    assert len(want) > 3
    assert views.sentence_bounds(doc) == want
    assert [(s.start, s.end, s.text) for s in views.sentences(doc)] == [(s.start, s.end, s.text) for s in doc.sents]


def test_sentences_of_a_doc_without_starts_fail_as_spacys_do():
    doc = Doc(Vocab(), words=["Да", "нет"])
    with pytest.raises(ValueError):
        list(doc.sents)
    with pytest.raises(ValueError):
        views.sentence_bounds(doc)
    assert views.sentence_bounds(Doc(Vocab(), words=[])) == []


def test_token_columns_are_the_tokens(doc):
    assert views.texts(doc) == [t.text for t in doc]
    assert views.spaces(doc) == [int(t.is_space) for t in doc]
    assert views.pos_tags(doc) == [t.pos_ for t in doc]
    assert views.deps(doc) == [t.dep_ for t in doc]
    assert views.lemmas(doc) == [t.lemma_ for t in doc]
    assert views.heads(doc) == [t.head.i for t in doc]
    assert any(h < i for i, h in enumerate(views.heads(doc)))  # heads to the left read back as such
    cache = {}
    assert [views.morph_dict(doc, k, cache) for k in views.morph_keys(doc)] == [t.morph.to_dict() for t in doc]
    assert views.ner_tags(doc) == ["O" if not t.ent_type_ else f"{t.ent_iob_}-{t.ent_type_}" for t in doc]
    assert {"B-PER", "I-PER", "B-LOC"} <= set(views.ner_tags(doc))


def test_nerel_rows_and_trigger_view_are_the_token_reads(doc):
    def case(t):
        c = t.morph.get("Case")
        return c[0] if c else ""
    want = [(t.text, t.pos_, case(t), "O" if not t.ent_type_ else f"{t.ent_iob_}-{t.ent_type_}") for t in doc]
    assert doc_rows(doc) == want
    v = DocView(doc)
    assert v.lemma == [fold(t.lemma_ or t.text) for t in doc] and v.text == [t.text for t in doc]
    assert (v.pos, v.dep, v.head) == ([t.pos_ for t in doc], [t.dep_ for t in doc], [t.head.i for t in doc])
    assert v.feats == [_feats(t) for t in doc]
    assert v.sent == [(t.sent.start, t.sent.end) for t in doc]
    assert v.children == [[c.i for c in t.children] for t in doc]


def test_subsets_and_folded_lemmas_are_the_tokens(doc):
    nouns = views.with_pos(doc, ("NOUN", "PROPN"))
    assert nouns == [t.i for t in doc if t.pos_ in ("NOUN", "PROPN") and not t.is_space] and len(nouns) > 5
    assert views.texts_at(doc, nouns) == [doc[i].text for i in nouns]
    assert views.texts_at(doc, []) == []
    assert views.folded_lemmas(doc) == [fold(t.lemma_ or t.text) for t in doc]
    assert views.puncts(doc) == [int(t.is_punct) for t in doc]


def test_role_token_classes_are_the_token_reads(doc):
    from pipeline.extractors.roles.learned import _classes

    want = ["" if t.is_space else t.text[:1] if t.is_punct else "и" if t.pos_ == "CCONJ" else t.pos_[:1].lower()
            for t in doc]
    assert _classes(doc, [], [], []) == want
    assert "и" in want and "«" in want and "" in want
