"""No false names (rules/false_names.py): each class of span NER calls a name, on Docs built here
with the wrong span given, so the rule is tested and not the model."""
import spacy
from spacy.tokens import Doc

from pipeline.extractors.entities.rules import Cand
from pipeline.extractors.entities.rules.false_names import drop_false_names, fix_span

VOCAB = spacy.blank("ru").vocab


def doc_of(words, spaces=None, lemmas=None):
    spaces = spaces or [True] * len(words)
    return Doc(VOCAB, words=words, spaces=spaces, lemmas=lemmas)


def fixed(words, start, end, label, spaces=None, lemmas=None):
    d = doc_of(words, spaces, lemmas)
    return [(d[a:b].text, lab) for a, b, lab in fix_span(d, start, end, label)]


def test_a_preposition_and_a_number_is_no_organisation():
    assert fixed(["Фестиваль", "пройдёт", "С", "3", "по", "7", "мая"], 2, 4, "ORG") == []
    assert fixed(["звоните", "в", "911"], 2, 3, "ORG") == [("911", "ORG")]  # a number alone may be a name
    assert fixed(["продукты", "1", "С"], 1, 3, "ORG", [True, False, False]) == [("1С", "ORG")]


def test_a_compound_job_title_is_no_name():
    assert fixed(["HR-директор", "Мария", "Иванова"], 0, 1, "PER") == []
    assert fixed(["IT-менеджер", "компании"], 0, 1, "ORG") == []
    assert fixed(["Ростов-на-Дону"], 0, 1, "LOC") == [("Ростов-на-Дону", "LOC")]


def test_a_capitalised_topic_is_no_place():
    words = ["Стороны", "работают", "в", "сфере", "Цифровой", "экономики", "."]
    assert fixed(words, 4, 6, "LOC") == []
    # one word after "области" may be a place
    assert fixed(["изучают", "полярные", "области", "Луны"], 3, 4, "LOC") == [("Луны", "LOC")]
    assert fixed(["в", "области", "Московской"], 2, 3, "LOC") == [("Московской", "LOC")]


def test_a_common_noun_opening_a_line_is_no_place_but_a_country_is():
    words = ["Визит", "\n", "Переговоры", "прошли", "в", "Кремле"]
    spaces = [False, False, True, True, True, False]
    assert fixed(words, 2, 3, "LOC", spaces) == []
    assert fixed(["Россия", "и", "Китай", "договорились"], 0, 1, "LOC") == [("Россия", "LOC")]


def test_a_country_before_a_person_is_cut_off_as_a_place():
    words = ["с", "президентом", "Вьетнама", "Нгуен", "Ван", "Аном"]
    assert fixed(words, 2, 6, "PER") == [("Вьетнама", "LOC"), ("Нгуен Ван Аном", "PER")]
    # a name in the nominative is left whole
    assert fixed(["Нгуен", "Ван", "Ан", "прибыл"], 0, 3, "PER") == [("Нгуен Ван Ан", "PER")]


def test_a_post_is_no_organisation():
    words = ["Министр", "обороны", "Египта", "прибыл"]
    assert fixed(words, 0, 3, "ORG", lemmas=["министр", "оборона", "египет", "прибыть"]) == [("Египта", "LOC")]
    words = ["Замглавы", "Федеральной", "миграционной", "службы"]
    assert fixed(words, 0, 4, "ORG") == [("Федеральной миграционной службы", "ORG")]
    # a body is not a post
    assert fixed(["Министерство", "обороны", "Египта"], 0, 3, "ORG") == [("Министерство обороны Египта", "ORG")]


def test_two_listed_people_in_one_span_are_two():
    words = ["Награды", "получили", "Сергей", "Иванов", "Петр", "Сидоров", "и", "Мария", "Козлова"]
    assert fixed(words, 2, 6, "PER") == [("Сергей Иванов", "PER"), ("Петр Сидоров", "PER")]
    # a first name, patronymic and surname is one person; a nickname in quotes too
    assert fixed(["Иван", "Петрович", "Сидоров", "Кузнецов"], 0, 3, "PER") == [("Иван Петрович Сидоров", "PER")]
    words = ["Джеймс", "«", "Бадди", "»", "Макгирт"]
    assert fixed(words, 0, 5, "PER", [True, False, False, True, False]) == [("Джеймс «Бадди» Макгирт", "PER")]


def test_the_rule_keeps_other_spans_and_marks_its_pieces():
    d = doc_of(["Сергей", "Иванов", "Петр", "Сидоров", "и", "ООН"])
    out = drop_false_names(d, [Cand(0, 4, "PER"), Cand(5, 6, "ORG")])
    assert [(c.start, c.end, c.label) for c in out] == [(0, 2, "PER"), (2, 4, "PER"), (5, 6, "ORG")]
    assert out[0].source == "rule:drop_false_names" and out[2].source == "ner"
