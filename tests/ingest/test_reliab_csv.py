"""Issue 13, CSV cases: an over-long field costs only its own record; a header-only CSV is an errors row."""
from pipeline.ingest import iter_inputs
from pipeline.types import Document, ErrorRecord

TEXT = "Мэр Москвы Сергей Собянин открыл парк."


def kinds(items):
    return [x.error if isinstance(x, ErrorRecord) else x.doc_id for x in items]


def test_overlong_csv_field_drops_only_its_record(tmp_path):
    p = tmp_path / "f.csv"
    big = "я" * 50_000  # over csv_field_cap for max_chars=1000 (2*1000+1024)
    p.write_text(f'id,text\na,"{TEXT}"\nbig,"{big}"\nb,"{TEXT}"\nc,{TEXT}\n', encoding="utf-8")
    items = list(iter_inputs([str(p)], max_chars=1000))
    assert kinds(items) == ["a", "too_long", "b", "c"]
    assert items[1].source.endswith("#R2") and "--max-chars" in items[1].message
    assert items[2].text == TEXT


def test_overlong_quoted_multiline_field_resyncs_at_the_next_record(tmp_path):
    p = tmp_path / "f.csv"
    big = ('строка ""в кавычках"", дальше\n' * 3000)  # newlines and escaped quotes inside the field
    p.write_text(f'id,text\nbig,"{big}"\nb,"{TEXT}"\nc,"{TEXT}\nвторая строка"\n', encoding="utf-8")
    items = list(iter_inputs([str(p)], max_chars=1000))
    assert kinds(items) == ["too_long", "b", "c"]
    assert items[2].text == TEXT + "\nвторая строка"


def test_header_only_csv_is_an_errors_row(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("id,text\n", encoding="utf-8")
    items = list(iter_inputs([str(p)]))
    assert len(items) == 1 and isinstance(items[0], ErrorRecord)
    assert items[0].error == "empty" and "header and no records" in items[0].message
    p.write_text("id,text\n\n\n", encoding="utf-8")  # blank lines are no records either
    assert kinds(iter_inputs([str(p)])) == ["empty"]
    p.write_text(f"id,text\na,{TEXT}\n", encoding="utf-8")
    assert kinds(iter_inputs([str(p)])) == ["a"]
