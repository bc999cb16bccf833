"""The text report and the HTML report list the same places, grouped the same way (issue 25: the text
report grouped by a document entity's name, the HTML one by corpus entity)."""
import re

import pytest

import pipeline
from pipeline.report import summarize
from pipeline.report.html import render_html

TEXTS = {"a": "Глава Республики Башкортостан Радий Хабиров посетил Уфу.",
         "b": "В Башкортостане открыли завод. В Башкортостане рады.",
         "c": "В Уфе прошёл форум. Хабиров выступил в Уфе."}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    path = tmp_path_factory.mktemp("out")
    pipeline.extract(texts=TEXTS, out=path)
    return path


def _text_top(report: str, label: str) -> list[tuple[str, int, int]]:
    line = next(ln for ln in report.splitlines() if ln.startswith(f"  {label}: "))
    return [(m[1].strip(), int(m[2]), int(m[3])) for m in re.finditer(r"([^;(]+?) \((\d+), (\d+)\)", line[len(label) + 4:])]


def _html_top(page: str, label: str) -> list[tuple[str, int, int]]:
    table = re.search(rf'<table class="top-{label}">.*?<tbody>(.*?)</tbody>', page)[1]
    return [(m[1], int(m[2]), int(m[3])) for m in re.finditer(r"<tr><td>(.*?)</td><td>(\d+)</td><td>(\d+)</td>", table)]


@pytest.mark.parametrize("label", ["LOC", "PER"])
def test_both_reports_list_the_same_entities_in_the_same_order(out, label):
    text, page = summarize(out), render_html(out)
    got = _text_top(text, label)
    assert got and got == _html_top(page, label), (text, got)


def test_a_place_written_two_ways_is_one_row(out):
    names = [n for n, _, _ in _text_top(summarize(out), "LOC")]
    assert sum("Башкортостан" in n for n in names) == 1, names  # not "Республика Башкортостан" beside it
    (row,) = [r for r in _text_top(summarize(out), "LOC") if "Башкортостан" in r[0]]
    assert row[1:] == (2, 3)  # two documents, three mentions
