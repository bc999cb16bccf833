"""Issue 25: a text with no full stop (a list run on with commas) is cut into sentences of at most
``MAX_SENTENCE_CHARS``, after a comma where it can: the extractors' work per sentence is bounded, so a
document's work grows linearly with its length (counted, not timed)."""
from __future__ import annotations

import pytest

from pipeline import Options, process
from pipeline.nlp import sentencizer
from pipeline.nlp.sentencizer import capped
from pipeline.types import Document

UNIT = ("в городе Туле губернатор Иван Петров открыл новую школу, министр финансов Антон Силуанов посетил завод, "
        "рабочие построили мост через реку, ")


def run_on(n: int) -> str:
    return ("Сегодня " + UNIT * (n // len(UNIT) + 1))[:n]


def test_capped_cuts_after_a_comma_and_leaves_short_sentences():
    text = run_on(5000)
    starts = capped(text, [0], 1000)
    bounds = starts + [len(text)]
    assert len(starts) >= 5 and all(0 < b - a <= 1000 for a, b in zip(bounds, bounds[1:]))
    assert all(text[s - 2:s] == ", " or text[s - 1] == "," for s in starts[1:]), [text[s - 3:s + 3] for s in starts]
    short = "Первое. Второе, и третье."
    assert capped(short, [0, 8], 1000) == [0, 8]
    assert capped("я" * 25, [0], 10) == [0, 10, 20]  # no break, no space: cut at the limit


def test_a_run_on_text_is_cut_into_bounded_sentences(nlp):
    text = run_on(9000)
    doc = nlp(text)
    sents = list(doc.sents)
    assert len(sents) >= 5
    assert all(len(s.text) <= sentencizer.MAX_SENTENCE_CHARS for s in sents)
    assert "".join(t.text_with_ws for t in doc) == text  # tokens and offsets untouched


def test_a_run_on_document_costs_linear_work(counted, monkeypatch):
    # a small cap keeps the test quick; what is measured is that work per character does not grow
    monkeypatch.setattr(sentencizer, "MAX_SENTENCE_CHARS", 400)
    process([Document(doc_id="w", text=run_on(500), source="w")], Options())  # models loaded first

    def work(n):
        calls, t = counted(process, [Document(doc_id="x", text=run_on(n), source="x")], Options())
        assert t["errors"].empty and len(t["mentions"]) > n // 100
        return calls / n

    w1, w4, w16 = work(1000), work(4000), work(16000)
    # a step quadratic in the text doubles its share of work per doubling of the length: 16x is 4 doublings
    assert w16 / w1 < 1.35 and w16 / w4 < 1.2, (w1, w4, w16)
