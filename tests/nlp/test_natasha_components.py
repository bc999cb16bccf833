"""The Natasha components: razdel tokens, sentences, morphology, one tree per sentence, NER."""
import razdel
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.nlp import NATASHA_COMPONENTS, load
from pipeline.nlp.syntax import repair_tree


def test_components_registered_and_tokenizer_is_razdel(nlp):
    assert nlp.lang == "ru"
    assert nlp.pipe_names == list(NATASHA_COMPONENTS)  # shared(): what process uses
    text = "ООО «Ромашка» 3-го октября открыло офис в г. Казани, т.е. на ул. Баумана."
    doc = nlp.make_doc(text)
    assert [t.text for t in doc if not t.is_space] == [t.text for t in razdel.tokenize(text)]
    assert doc.text == text


def test_whitespace_tokens_keep_text_and_get_a_head(nlp):
    text = "  Мэр Москвы  выступил.\n\n\nВстреча прошла\tв Казани.  "
    doc = nlp(text)
    assert doc.text == text
    spaces = [t for t in doc if t.is_space]
    assert spaces, "double spaces and newlines must become whitespace tokens"
    for t in spaces:
        assert t.pos_ == "SPACE"
        # every whitespace token is attached inside its own sentence
        assert t.head.sent == t.sent
    assert [s.text.strip() for s in doc.sents] == ["Мэр Москвы  выступил.", "Встреча прошла\tв Казани."]


def test_morphology_lemmas_and_entities(nlp):
    doc = nlp("Министр финансов Антон Силуанов встретился с главой Всемирного банка в Москве.")
    by = {t.text: t for t in doc}
    assert by["встретился"].pos_ == "VERB"
    assert by["встретился"].morph.get("Tense") == ["Past"]
    assert by["встретился"].lemma_ == "встретиться"
    assert by["главой"].lemma_ == "глава"
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Антон Силуанов", "PER") in ents
    assert ("Всемирного банка", "ORG") in ents
    assert ("Москве", "LOC") in ents


def test_every_sentence_is_one_tree(nlp):
    text = ("Губернатор области, который накануне прибыл в Казань, заявил журналистам, что проект, "
            "предложенный компанией «Ромашка», будет реализован. Встреча завершилась. Итоги подведут завтра.")
    doc = nlp(text)
    for sent in doc.sents:
        roots = [t for t in sent if t.head.i == t.i]
        assert len(roots) == 1, [t.text for t in roots]
        for t in sent:
            seen = set()
            while t.head.i != t.i:
                assert t.i not in seen
                seen.add(t.i)
                t = t.head
            assert t == roots[0]


def test_sentences_follow_razdel(nlp):
    text = "Первое предложение. Второе, с сокр. т.е. внутри! Третье?"
    doc = nlp(text)
    got = [(s.start_char, s.end_char) for s in doc.sents]
    want = [(s.start, s.stop) for s in razdel.sentenize(text)]
    assert got == want


def test_long_sentence_is_split_for_syntax_but_stays_one_tree(nlp, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.sentencizer.MAX_SENTENCE_CHARS", 10 ** 6)  # 2,700 characters: one sentence
    words = " ".join(["слово"] * 450) + "."
    doc = nlp(words)
    assert len(list(doc.sents)) == 1
    roots = [t for t in doc if t.head.i == t.i]
    assert len(roots) == 1


def test_pipe_equals_call(nlp):
    texts = ["Мэр Москвы Сергей Собянин открыл парк.", "", "   ", "Компания Yandex запустила сервис в Казани."]
    piped = list(nlp.pipe(texts, batch_size=3))
    for text, doc in zip(texts, piped):
        one = nlp(text)
        assert [(t.text, t.pos_, t.dep_, t.head.i) for t in doc] == [(t.text, t.pos_, t.dep_, t.head.i) for t in one]
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in one.ents]


def test_repair_tree_fixes_multiple_roots_and_cycles():
    # two roots (1 and 3), and a cycle 4 <-> 5
    heads = [0, 1, 0, 5, 4]
    rels = ["root", "obj", "root", "nmod", "nmod"]
    h, r = repair_tree(heads, rels)
    roots = [i for i, x in enumerate(h) if x == i]
    assert roots == [0]
    for i in range(len(h)):
        j, steps = i, 0
        while h[j] != j:
            j = h[j]
            steps += 1
            assert steps <= len(h)
    assert r[2] == "parataxis"


def test_repair_tree_with_no_root():
    h, r = repair_tree([2, 3, 1], ["nsubj", "obj", "obl"])
    assert sum(1 for i, x in enumerate(h) if x == i) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=8))
def test_repair_tree_always_gives_a_tree(heads):
    n = len(heads)
    heads = [min(x, n) for x in heads]
    h, _ = repair_tree(heads, ["dep"] * n)
    assert sum(1 for i, x in enumerate(h) if x == i) == 1
    for i in range(n):
        j, steps = i, 0
        while h[j] != j:
            j = h[j]
            steps += 1
            assert steps <= n


def test_load_with_a_subset_of_components():
    nlp = load(["natasha_sentencizer", "natasha_morph"])
    doc = nlp("Мэр выступил.")
    assert doc[1].pos_ == "VERB"
    assert not doc.ents
