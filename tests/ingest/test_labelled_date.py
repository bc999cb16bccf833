"""A ``.txt`` release whose own line says when it was published (issue 25: it got no ``published_at``)."""
import pytest

import pipeline
from pipeline.ingest.published import labelled_date


@pytest.mark.parametrize("head,want", [
    ("Дата публикации: 6 февраля 2025 года, 09:35", "2025-02-06T09:35:00"),
    ("ДАТА ПУБЛИКАЦИИ:  6 февраля 2025 г. в 09:35.", "2025-02-06T09:35:00"),
    ("Опубликовано: 06.02.2025", "2025-02-06"),
    ("Опубликовано 06.02.2025 09:35", "2025-02-06T09:35:00"),
    ("Дата: 2025-02-06", "2025-02-06"),
])
def test_a_labelled_line_gives_the_date(head, want):
    assert labelled_date(f"Пресс-релиз\n{head}\n\nГубернатор открыл новую школу.") == want
    assert labelled_date(f"Губернатор открыл новую школу.\n\n{head}\n") == want  # or at the end


@pytest.mark.parametrize("text", [
    "Дата: уточняется\nГубернатор открыл школу.",
    "Датами встреч были 6 февраля 2025 года и 7 февраля.",  # no label, a sentence
    "Губернатор открыл школу.\n" + "Строка текста.\n" * 30 + "Дата публикации: 6 февраля 2025 года\n" + "Строка.\n" * 30,
])
def test_no_date_without_a_labelled_line_near_the_top_or_the_end(text):
    assert labelled_date(text) is None


def test_txt_release_gets_published_at_and_relative_dates_resolve_against_it(tmp_path):
    (tmp_path / "r.txt").write_text("Дата публикации: 6 февраля 2025 года, 09:35\n\n"
                                    "Вчера губернатор Антон Алиханов открыл школу в Калининграде.\n", encoding="utf-8")
    t = pipeline.extract(tmp_path)
    doc = t["documents"].iloc[0]
    assert doc["published_at"] == "2025-02-06T09:35:00" and doc["published_at_source"] == "dateline"
    vchera = t["dates"][t["dates"]["text"] == "Вчера"]
    assert vchera["value"].tolist() == ["2025-02-05"]
