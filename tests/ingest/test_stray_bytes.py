"""Issue 25, case 9: a file is one document. A stray byte is replaced (U+FFFD), said in
``documents.warnings``, and costs neither the text nor its encoding; offsets index the text as read."""
from __future__ import annotations

import pytest

from pipeline import Options, process
from pipeline.ingest import iter_inputs
from pipeline.types import Document, ErrorRecord

TEXT = ("Губернатор Тульской области Иван Петров посетил завод в Новомосковске. "
        "Он встретился с рабочими и обсудил с ними планы на следующий год.\n")


def _one(path) -> Document:
    (d,) = list(iter_inputs([path]))
    assert isinstance(d, Document), d
    return d


def test_a_utf8_file_with_one_stray_byte_keeps_its_text(tmp_path):
    p = tmp_path / "u.txt"
    cut = TEXT.index("посетил")
    p.write_bytes(TEXT[:cut].encode("utf-8") + b"\xff" + TEXT[cut:].encode("utf-8"))
    d = _one(p)
    assert d.encoding == "utf-8"
    assert d.text == TEXT[:cut] + "\ufffd" + TEXT[cut:]
    assert any("1 byte" in w and "U+FFFD" in w for w in d.meta["warnings"]), d.meta


def test_a_utf8_file_with_a_bom_and_a_stray_byte(tmp_path):
    p = tmp_path / "b.txt"
    p.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8") + b"\x80")
    d = _one(p)
    assert d.encoding == "utf-8-sig" and d.text == TEXT + "\ufffd" and d.meta["warnings"]


def test_a_cp1251_file_with_an_undefined_byte_stays_cp1251(tmp_path):
    # 0x98 is the one byte cp1251 leaves undefined; mac_cyrillic reads it, and every capital wrongly
    p = tmp_path / "w.txt"
    cut = TEXT.index("Новомосковске")
    p.write_bytes(TEXT[:cut].encode("cp1251") + b"\x98" + TEXT[cut:].encode("cp1251"))
    d = _one(p)
    assert d.encoding == "cp1251"
    assert d.text == TEXT[:cut] + "\ufffd" + TEXT[cut:]
    assert any("1 byte" in w and "cp1251" in w for w in d.meta["warnings"]), d.meta


def test_a_short_cp1251_text_with_an_undefined_byte():
    from pipeline.ingest.encoding import decode

    short = "Губернатор Тульской области Иван Петров посетил завод."
    text, encoding, note = decode(short.encode("cp1251") + b"\x98")
    assert (text, encoding) == (short + "\ufffd", "cp1251") and note


def test_a_literal_replacement_character_is_no_warning(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("\ufffd " + TEXT, encoding="utf-8")
    d = _one(p)
    assert d.text == "\ufffd " + TEXT and not d.meta.get("warnings")


def test_garbage_is_still_undecodable(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 2)
    (e,) = list(iter_inputs([p]))
    assert isinstance(e, ErrorRecord) and e.error == "undecodable"


def test_offsets_index_the_text_as_read(tmp_path):
    p = tmp_path / "u.txt"
    cut = TEXT.index("Иван")
    p.write_bytes(TEXT[:cut].encode("utf-8") + b"\xc3(" + TEXT[cut:].encode("utf-8"))
    d = _one(p)
    t = process([d], Options())
    assert "U+FFFD" in t["documents"]["warnings"].iloc[0]
    assert len(t["mentions"]) > 0
    for m in t["mentions"].itertuples():
        assert d.text[m.start:m.end] == m.text
    assert any("Петров" in str(n) for n in t["entities"]["name"])
