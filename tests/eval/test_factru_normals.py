"""Expected normal forms from factRuEval coreference chains, and their scorer, on hand-written files."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.eval.factru import read_corpus
from pipeline.eval.scoring import fold_normal, format_normals, score_normals

from .test_factru import at, write_doc

TEXT = (
    "Директор фонда «Крона» Павла Семёнова сменил А. Котов. Семёнова поблагодарили. "
    "С Ху Линем и Gregor Weiss встретилась Ирина Белых-Орлова, а Жан-Поль Дюран написал Коляшникову."
)
SPANS = [
    ("1", "org_name", "Крона", 0), ("2", "org_descr", "фонда", 0),
    ("3", "name", "Павла", 0), ("4", "surname", "Семёнова", 0),
    ("5", "name", "А", 0), ("6", "surname", "Котов", 0),
    ("7", "surname", "Семёнова", 1),
    ("8", "name", "Ху", 0), ("9", "surname", "Линем", 0),
    ("10", "name", "Gregor", 0), ("11", "surname", "Weiss", 0),
    ("12", "name", "Ирина", 0), ("13", "surname", "Белых-Орлова", 0),
    ("14", "name", "Жан-Поль", 0), ("15", "surname", "Дюран", 0),
    ("16", "surname", "Коляшникову", 0),
]
OBJECTS = [
    ("101", "Org", ["2", "1"]), ("102", "Person", ["3", "4"]), ("103", "Person", ["5", "6"]),
    ("104", "Person", ["7"]), ("105", "Person", ["8", "9"]), ("106", "Person", ["10", "11"]),
    ("107", "Person", ["12", "13"]), ("108", "Person", ["14", "15"]), ("109", "Person", ["16"]),
]
COREF = """1 101
descriptor фонд
name Крона
name фонд Крона

2 102 104
firstname Павел
lastname Семёнов

3 103
firstname Антон
lastname Котов

4 105
firstname Линь
lastname Ху

5 106
firstname Грегор
lastname Вайс

6 107
firstname Ирина
lastname Белых
lastname1 Орлова

7 108
firstname Жан
firstname1 Поль
lastname Дюран

8 109
lastname Калашников
"""


@pytest.fixture()
def corpus(tmp_path: Path):
    write_doc(tmp_path, "book_1", TEXT, SPANS, OBJECTS, [], "")
    (tmp_path / "book_1.coref").write_text(COREF, encoding="utf-8")
    return read_corpus(tmp_path)


def expected(doc, sub: str, n: int = 0):
    s, e = at(doc.text, sub, n)
    return next(g.expected for g in doc.normals if (g.start, g.end) == (s, e))


def test_person_normal_is_the_chains_parts_in_the_mentions_order(corpus):
    doc = corpus[0]
    assert expected(doc, "Павла Семёнова") == ("Павел Семёнов",)
    assert expected(doc, "Семёнова", 1) == ("Семёнов",)
    assert expected(doc, "А. Котов") == ("А. Котов",)  # an initial stays an initial
    assert expected(doc, "Ху Линем") == ("Ху Линь",)  # Ху typed a first name, the chain's surname
    assert expected(doc, "Gregor Weiss") == ("Gregor Weiss",)  # Latin letters: not transliterated
    assert expected(doc, "Ирина Белых-Орлова") == ("Ирина Белых-Орлова",)
    assert expected(doc, "Жан-Поль Дюран") == ("Жан-Поль Дюран",)
    assert expected(doc, "фонда «Крона") == ("Крона", "фонд Крона")


def test_a_spelling_corrected_by_the_annotators_is_left_out(corpus):
    s, e = at(corpus[0].text, "Коляшникову")
    assert all((g.start, g.end) != (s, e) for g in corpus[0].normals)


def test_fold_normal():
    assert fold_normal("В. Л. Путин") == fold_normal("в.л путин")
    assert fold_normal("Фил О’Рейли") == fold_normal("фил о'рейли")
    assert fold_normal("фонд «Крона»") == fold_normal("Фонд Крона")
    assert fold_normal("Семёнов") == fold_normal("семенов")
    assert fold_normal("Семёнов") != fold_normal("Семёнова")


def test_score_normals_counts_found_and_correct(corpus):
    doc = corpus[0]

    def m(sub, normal, label="PER", n=0):
        return (*at(doc.text, sub, n), label, normal)

    pred = {"book_1": [
        m("Павла Семёнова", "Павел Семенов"),  # right, ё folded
        m("Семёнова", "Семёнова", n=1),  # oblique case kept: wrong
        m("А. Котов", "А.Котов"),  # right
        m("Котов", "Котов"),  # another span: not compared
        m("фонда «Крона", "фонд «Крона»", label="ORG"),
    ]}
    rows = score_normals(corpus, pred)
    per, org = rows["PER"], rows["ORG"]
    assert (per.gold, per.found, per.correct) == (7, 3, 2)
    assert per.accuracy == pytest.approx(2 / 3) and per.coverage == pytest.approx(3 / 7)
    assert [f[1] for f in per.failures] == ["Семёнова"]
    assert (org.found, org.correct) == (1, 1)
    assert "PER" in format_normals(rows).splitlines()[1]
