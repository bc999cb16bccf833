"""CSV dialects, the id/date/title field options, and publication dates in written forms."""
import json

import pytest

from pipeline.ingest import iter_inputs
from pipeline.ingest.published import normalize_date
from pipeline.types import Document

ROWS = [("n1", "Мэр Москвы, Сергей Собянин, открыл парк; гости пришли.", "April 5, 2023", "Парк"),
        ("n2", "Губернатор посетил завод, цех и склад.", "5 апреля 2023 г.", "Завод")]


def _write(path, delimiter, header=("id", "text", "published_at", "title")):
    lines = [delimiter.join(header)]
    for row in ROWS:
        lines.append(delimiter.join(f'"{v}"' if delimiter in v or "," in v else v for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed(tmp_path, delimiter):
    _write(tmp_path / "feed.csv", delimiter)
    docs = list(iter_inputs([tmp_path / "feed.csv"]))
    assert all(isinstance(d, Document) for d in docs), docs
    assert [d.doc_id for d in docs] == ["n1", "n2"]
    assert [d.text for d in docs] == [r[1] for r in ROWS]
    assert [d.published_at for d in docs] == ["2023-04-05", "2023-04-05"]
    assert [d.title for d in docs] == ["Парк", "Завод"]


def test_a_one_column_file_falls_back_to_commas(tmp_path):
    (tmp_path / "t.csv").write_text("text\nодин\n", encoding="utf-8")
    (e,) = list(iter_inputs([tmp_path / "t.csv"]))
    assert e.error == "missing_id"


def test_field_options_name_the_columns(tmp_path):
    _write(tmp_path / "feed.csv", ";", header=("guid", "body", "date", "headline"))
    docs = list(iter_inputs([tmp_path / "feed.csv"], id_field="guid", text_field="body", date_field="date",
                            title_field="headline"))
    assert [(d.doc_id, d.published_at, d.title) for d in docs] == [
        ("n1", "2023-04-05", "Парк"), ("n2", "2023-04-05", "Завод")]
    (e,) = list(iter_inputs([tmp_path / "feed.csv"], text_field="body"))
    assert e.error == "missing_id" and "'id'" in e.message


def test_field_options_apply_to_jsonl(tmp_path):
    rec = {"guid": "g1", "text": "Мэр Казани выступил.", "date": "05.04.2023 10:00", "headline": "Речь"}
    (tmp_path / "f.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    (d,) = list(iter_inputs([tmp_path / "f.jsonl"], id_field="guid", date_field="date", title_field="headline"))
    assert (d.doc_id, d.published_at, d.title) == ("g1", "2023-04-05T10:00:00", "Речь")


def test_an_unreadable_date_leaves_a_warning(tmp_path):
    (tmp_path / "f.jsonl").write_text('{"id": "a", "text": "Мэр Казани выступил.", "published_at": "на днях"}\n',
                                      encoding="utf-8")
    (d,) = list(iter_inputs([tmp_path / "f.jsonl"]))
    assert d.published_at is None
    assert "на днях" in d.meta["warnings"][0]


@pytest.mark.parametrize("written,iso", [
    ("April 5, 2023", "2023-04-05"),
    ("5 Apr 2023 10:00", "2023-04-05T10:00:00"),
    ("5 апреля 2023 г.", "2023-04-05"),
    ("5 апреля 2023 года", "2023-04-05"),
    ("05.04.2023 10:00", "2023-04-05T10:00:00"),
    ("05/04/2023", "2023-04-05"),  # day first, as Russian writes it
])
def test_written_dates(written, iso):
    assert normalize_date(written) == iso


@pytest.mark.parametrize("partial", ["April 2023", "2023", "Monday", "вчера", "5 April"])
def test_incomplete_dates_are_not_completed_from_today(partial):
    assert normalize_date(partial) is None
