"""Ingest: formats, doc_id/source rules, encodings, limits, HTML extraction."""
from __future__ import annotations

import csv
import io
import json
import tarfile
import zipfile

import pytest

from pipeline.ingest.html import extract_html
from pipeline.ingest import DEFAULT_MAX_CHARS, documents_from_texts, iter_inputs
from pipeline.types import Document, ErrorRecord

PARAGRAPH = (
    "Министерство финансов Российской Федерации сообщило, что доходы федерального бюджета "
    "в третьем квартале выросли. Заместитель министра Иван Петров провёл встречу с "
    "представителями банков в Москве и обсудил вопросы развития рынка облигаций."
)
SHORT = "Привет, мир! Встреча в Казани."


def run(*paths, **kw):
    return list(iter_inputs([str(p) for p in paths], **kw))


def docs(items):
    return [x for x in items if isinstance(x, Document)]


def errors(items):
    return [x for x in items if isinstance(x, ErrorRecord)]


def kinds_of(items):
    return [x.error if isinstance(x, ErrorRecord) else x.doc_id for x in items]


def only_doc(items) -> Document:
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def only_error(items) -> ErrorRecord:
    assert len(items) == 1 and isinstance(items[0], ErrorRecord), items
    return items[0]


# ------------------------------------------------------------------ plain files and folders
def test_default_max_chars():
    assert DEFAULT_MAX_CHARS == 10_000_000  # the hard ceiling; below it long documents go in windows


def test_txt_given_directly(tmp_path):
    p = tmp_path / "press_1.txt"
    p.write_text(PARAGRAPH, encoding="utf-8")
    d = only_doc(run(p))
    assert d.doc_id == "press_1"
    assert d.source == str(p)
    assert d.text == PARAGRAPH
    assert d.encoding == "utf-8"
    assert d.meta["format"] == "text"


def test_single_path_string_is_not_split_into_characters(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Заголовок\n\nТекст.", encoding="utf-8")
    d = only_doc(list(iter_inputs(str(p))))
    assert d.doc_id == "a" and d.meta["format"] == "markdown"


def test_folder_doc_ids_sources_and_sorted_order(tmp_path):
    root = tmp_path / "raw"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "b.txt").write_text("Бэ.", encoding="utf-8")
    (root / "a.md").write_text("А.", encoding="utf-8")
    (root / "sub" / "press_1.txt").write_text("Один.", encoding="utf-8")
    (root / "sub" / "deeper" / "x.htm").write_text("<p>Икс.</p>", encoding="utf-8")
    (root / "sub" / "notes.docx").write_bytes(b"ignored")  # unknown extension: silent
    (root / ".hidden.txt").write_text("Скрытый.", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "c.txt").write_text("Скрытый.", encoding="utf-8")
    items = run(root)
    assert [x.doc_id for x in items] == ["a", "b", "sub/deeper/x", "sub/press_1"]
    assert all(isinstance(x, Document) for x in items)
    assert items[3].source == str(root / "sub" / "press_1.txt")
    assert items[2].text == "Икс." and items[2].meta["format"] == "html"
    # Deterministic: the same run gives the same sequence.
    assert [(x.doc_id, x.source, x.text) for x in run(root)] == [(x.doc_id, x.source, x.text) for x in items]


def test_inputs_keep_their_given_order(tmp_path):
    (tmp_path / "z.txt").write_text("Зет.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("А.", encoding="utf-8")
    assert [d.doc_id for d in run(tmp_path / "z.txt", tmp_path / "a.txt")] == ["z", "a"]


def test_explicit_unknown_extension_and_missing_path(tmp_path):
    p = tmp_path / "data.docx"
    p.write_bytes(b"whatever")
    e = only_error(run(p))
    assert (e.error, e.stage, e.doc_id) == ("unsupported", "ingest", None)
    e = only_error(run(tmp_path / "nope.txt"))
    assert e.error == "not_found" and "nope.txt" in e.message


def test_extension_case_insensitive_and_tar_gz_stem(tmp_path):
    p = tmp_path / "UPPER.TXT"
    p.write_text("Текст.", encoding="utf-8")
    assert only_doc(run(p)).doc_id == "UPPER"


@pytest.mark.parametrize("content,expected", [(b"", "empty"), (b"  \n\t\r\n  ", "empty")])
def test_empty_and_whitespace_only(tmp_path, content, expected):
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    e = only_error(run(p))
    assert (e.error, e.stage, e.doc_id) == (expected, "decode", "e")


# ------------------------------------------------------------------ encodings
@pytest.mark.parametrize("text", [PARAGRAPH, SHORT, PARAGRAPH.upper()])
@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "mac_cyrillic", "cp866"])
def test_legacy_cyrillic_encodings(tmp_path, encoding, text):
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode(encoding))
    d = only_doc(run(p))
    assert d.text == text
    assert d.encoding == encoding


def test_utf8_bom_stripped_and_recorded(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + PARAGRAPH.encode("utf-8"))
    d = only_doc(run(p))
    assert d.text == PARAGRAPH and d.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, codec):
    p = tmp_path / "wide.txt"
    data = PARAGRAPH.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + PARAGRAPH).encode(codec)  # explicit BOM in the given byte order
    p.write_bytes(data)
    d = only_doc(run(p))
    assert d.text == PARAGRAPH
    assert d.encoding == ("utf-32" if codec == "utf-32" else "utf-16")


def test_utf16_without_bom_is_recognised(tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes(PARAGRAPH.encode("utf-16-le"))
    d = only_doc(run(p))
    assert d.text == PARAGRAPH and d.encoding == "utf-16-le"


def test_crlf_and_lone_cr_kept_byte_exact(tmp_path):
    text = "Заголовок\r\n\r\nПервый абзац.\r\nВторой\rабзац.\n"
    p = tmp_path / "crlf.txt"
    p.write_bytes(text.encode("utf-8"))
    assert only_doc(run(p)).text == text
    p.write_bytes(text.encode("cp1251"))
    assert only_doc(run(p)).text == text


def test_undecodable_bytes(tmp_path):
    # Every high byte once: not UTF-8, and no code page turns it into plausible text.
    p = tmp_path / "bad.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 2)
    e = only_error(run(p))
    assert (e.stage, e.error, e.doc_id) == ("decode", "undecodable", "bad")


# ------------------------------------------------------------------ size
def test_too_long_document(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("а" * 120, encoding="utf-8")
    e = only_error(run(p, max_chars=100))
    assert e.error == "too_long" and e.doc_id == "long"
    assert "120" in e.message and "100" in e.message and "--max-chars" in e.message
    assert only_doc(run(p, max_chars=120)).text == "а" * 120


def test_too_long_over_byte_cap_is_not_read_whole(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("слово " * 100_000, encoding="utf-8")
    e = only_error(run(p, max_chars=1000))
    assert e.error == "too_long" and "--max-chars" in e.message and "1000" in e.message


# ------------------------------------------------------------------ JSONL
def _jsonl(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_good_bad_and_missing(tmp_path):
    p = _jsonl(tmp_path / "feed.jsonl", [
        json.dumps({"id": "a1", "text": "Первый текст.", "title": "Т1", "url": "https://x.ru/1",
                    "published_at": "2021-03-12"}, ensure_ascii=False),
        '{"id": "a2", "text": "оборвано',
        "",
        json.dumps({"text": "Без идентификатора."}, ensure_ascii=False),
        json.dumps({"id": 7, "body": "Нет поля text."}, ensure_ascii=False),
        json.dumps({"id": "a5", "text": 42}),
        "[1, 2]",
        json.dumps({"id": 8, "text": "Второй\r\nтекст."}),  # ASCII-escaped Cyrillic
    ])
    items = run(p)
    kinds = [x.error if isinstance(x, ErrorRecord) else x.doc_id for x in items]
    assert kinds == ["a1", "malformed_json", "missing_id", "missing_text", "missing_text", "malformed_json", "8"]
    first, last = items[0], items[-1]
    assert first.source == f"{p}#L1" and first.title == "Т1" and first.url == "https://x.ru/1"
    assert first.published_at == "2021-03-12" and first.meta["format"] == "jsonl"
    assert last.source == f"{p}#L8" and last.text == "Второй\r\nтекст."
    assert items[1].source.endswith("#L2") and "Line 2" in items[1].message
    assert "Line 4" in items[2].message
    assert items[3].doc_id == "7"


@pytest.mark.parametrize("raw,expected", [
    ("2021-03-12", "2021-03-12"),
    ("2021-03-12T10:00:00+03:00", "2021-03-12T10:00:00+03:00"),
    ("12.03.2021", "2021-03-12"),
    ("2021-03-12T07:00:00Z", "2021-03-12T07:00:00+00:00"),
    ("вчера", None),
    ("31.02.2021", None),
])
def test_jsonl_published_at(tmp_path, raw, expected):
    p = _jsonl(tmp_path / "f.jsonl", [json.dumps({"id": 1, "text": "Текст.", "published_at": raw})])
    d = only_doc(run(p))
    assert d.published_at == expected
    if expected is None:
        assert d.meta["published_at_raw"] == raw


def test_jsonl_cp1251_file(tmp_path):
    p = tmp_path / "f.jsonl"
    line = json.dumps({"id": "x", "text": PARAGRAPH}, ensure_ascii=False)
    p.write_bytes((line + "\r\n" + line.replace('"x"', '"y"') + "\r\n").encode("cp1251"))
    items = run(p)
    assert [d.doc_id for d in docs(items)] == ["x", "y"] and not errors(items)
    assert items[0].text == PARAGRAPH and items[0].encoding == "cp1251"


def test_jsonl_bad_bytes_on_one_line_do_not_change_the_file_encoding(tmp_path):
    p = tmp_path / "f.jsonl"
    p.write_bytes(json.dumps({"id": "u", "text": "Утф"}, ensure_ascii=False).encode() + b"\n"
                  + b'{"id": "x", "text": "\xff\xfe"}\n'
                  + json.dumps({"id": "v", "text": "Вэ"}, ensure_ascii=False).encode() + b"\n")
    items = run(p)
    assert kinds_of(items) == ["u", "undecodable", "v"]
    assert items[0].text == "Утф" and items[0].encoding == "utf-8" and items[1].source.endswith("#L2")


def test_utf16_csv_and_jsonl(tmp_path):
    (tmp_path / "a.csv").write_bytes('id,text\r\n1,"Первый\r\nтекст"\r\n'.encode("utf-16"))
    (tmp_path / "b.jsonl").write_bytes(
        (json.dumps({"id": "j", "text": "Джей"}, ensure_ascii=False) + "\n{bad\n").encode("utf-16"))
    items = run(tmp_path)
    assert kinds_of(items) == ["1", "j", "malformed_json"]
    assert items[0].text == "Первый\r\nтекст" and items[0].encoding == "utf-16" and items[1].text == "Джей"


def test_duplicate_ids_later_skipped_never_overwrite(tmp_path):
    _jsonl(tmp_path / "a.jsonl", [json.dumps({"id": "same", "text": "Первый."}, ensure_ascii=False)])
    _jsonl(tmp_path / "b.jsonl", [json.dumps({"id": "same", "text": "Второй."}, ensure_ascii=False),
                                 json.dumps({"id": "other", "text": "Третий."}, ensure_ascii=False)])
    (tmp_path / "other.txt").write_text("Файл с тем же id.", encoding="utf-8")
    items = run(tmp_path)
    assert [(type(x).__name__, x.doc_id) for x in items] == [
        ("Document", "same"), ("ErrorRecord", "same"), ("Document", "other"), ("ErrorRecord", "other")]
    assert items[0].text == "Первый."
    dup = items[1]
    assert dup.error == "duplicate_id" and dup.source.endswith("b.jsonl#L1") and "a.jsonl#L1" in dup.message


# ------------------------------------------------------------------ CSV
def _csv(path, rows, encoding="utf-8"):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_csv_quoted_multiline_text(tmp_path):
    text = "Первая строка,\r\nвторая строка с \"кавычками\".\n\nТретья."
    p = _csv(tmp_path / "r.csv", [["id", "text", "published_at", "title", "url"],
                                  ["r1", text, "12.03.2021", "Заголовок", "https://x.ru"],
                                  ["r2", "Коротко.", "", "", ""]])
    items = run(p)
    a, b = docs(items)
    assert not errors(items)
    assert a.text == text and a.doc_id == "r1" and a.source == f"{p}#R1"
    assert a.published_at == "2021-03-12" and a.title == "Заголовок" and a.meta["format"] == "csv"
    assert b.source == f"{p}#R2" and b.title is None and b.published_at is None


def test_csv_without_text_column(tmp_path):
    p = _csv(tmp_path / "r.csv", [["id", "body"], ["1", "Текст."], ["2", "Ещё."]])
    e = only_error(run(p))
    assert e.error == "missing_text" and e.source == str(p) and "text" in e.message


def test_csv_without_id_column(tmp_path):
    p = _csv(tmp_path / "r.csv", [["text"], ["Текст."]])
    assert only_error(run(p)).error == "missing_id"


def test_csv_custom_text_field_and_bad_rows(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text('ID,Body\n1,"Первый."\n2,"Второй" с хвостом\n3,Третий.,лишнее\n,Без id.\n4,Четвёртый.\n',
                 encoding="utf-8")
    items = run(p, text_field="body")
    kinds = [x.error if isinstance(x, ErrorRecord) else x.doc_id for x in items]
    assert kinds == ["1", "malformed_csv", "malformed_csv", "missing_id", "4"]
    assert items[-1].text == "Четвёртый." and items[-1].source == f"{p}#R5"


def test_csv_cp1251(tmp_path):
    p = _csv(tmp_path / "r.csv", [["id", "text"], ["1", PARAGRAPH]], encoding="cp1251")
    d = only_doc(run(p))
    assert d.text == PARAGRAPH and d.encoding == "cp1251"


# ------------------------------------------------------------------ HTML
NOISY_HTML = """<!DOCTYPE html>
<html><head><title>Визит делегации — Пресс-центр</title>
<meta property="article:published_time" content="2021-03-12T10:00:00+03:00">
<script>var tracker = "СКРИПТ";</script><style>.x {color: red}</style></head>
<body>
<header><nav><a href="/">Главная</a> <a href="/news">НАВИГАЦИЯ</a></nav></header>
<aside>БОКОВАЯ ПАНЕЛЬ</aside>
<article>
  <h1>Делегация   ИКАО завершила визит</h1>
  <p>Международная организация гражданской авиации (ИКАО) 12 марта 2021 года завершила
     миссию в Москве.</p>
  <p>Делегацию возглавлял <b>Пак Ён Хо</b>.<br>Он провёл переговоры.</p>
  <div class="share">ПОДЕЛИТЬСЯ</div>
</article>
<form>ПОИСК <input name="q"></form>
<footer>ПОДВАЛ © 2021</footer>
<script>document.write("ЕЩЁ СКРИПТ")</script>
</body></html>"""


def test_html_file_main_text_title_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(NOISY_HTML, encoding="utf-8")
    d = only_doc(run(p))
    assert d.text == (
        "Делегация ИКАО завершила визит\n\n"
        "Международная организация гражданской авиации (ИКАО) 12 марта 2021 года завершила миссию в Москве.\n\n"
        "Делегацию возглавлял Пак Ён Хо.\nОн провёл переговоры."
    )
    for noise in ("СКРИПТ", "НАВИГАЦИЯ", "БОКОВАЯ", "ПОДЕЛИТЬСЯ", "ПОИСК", "ПОДВАЛ", "color"):
        assert noise not in d.text
    assert d.title == "Визит делегации — Пресс-центр"
    assert d.published_at == "2021-03-12T10:00:00+03:00"
    assert d.meta["format"] == "html" and d.doc_id == "page"


def test_html_cp1251_with_declared_charset(tmp_path):
    page = f'<html><head><meta charset="windows-1251"><title>Т</title></head><body><p>{PARAGRAPH}</p></body></html>'
    p = tmp_path / "page.htm"
    p.write_bytes(page.encode("cp1251"))
    d = only_doc(run(p))
    assert d.text == PARAGRAPH and d.encoding == "cp1251"


def test_html_without_text_is_empty(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><body><nav>Меню</nav><script>x()</script></body></html>", encoding="utf-8")
    assert only_error(run(p)).error == "empty"


def test_extract_html_title_and_date_fallbacks():
    text, title, date = extract_html(
        '<html><head><meta property="og:title" content="OG заголовок"><title>Т</title></head>'
        '<body><main><h1>Заголовок</h1><time datetime="2020-10-05">5 октября</time>'
        "<p>Абзац.</p></main></body></html>")
    assert title == "OG заголовок" and date == "2020-10-05"
    assert text == "Заголовок\n\n5 октября\n\nАбзац."
    text, title, date = extract_html("<body><h1>Только h1</h1><p>Текст.</p></body>")
    assert title == "Только h1" and date is None and text == "Только h1\n\nТекст."


def test_extract_html_prefers_longest_article_and_keeps_its_header():
    html = ("<body><header>Шапка сайта</header><article><p>Короткая карточка.</p></article>"
            "<article><header><h1>Новость</h1></header><p>" + "Длинный текст новости. " * 20 + "</p>"
            "<footer>Теги</footer></article></body>")
    text, _, _ = extract_html(html)
    assert text.startswith("Новость\n\nДлинный текст новости.")
    assert "Шапка" not in text and "Короткая" not in text and "Теги" not in text


def test_html_field_in_jsonl(tmp_path):
    p = _jsonl(tmp_path / "f.jsonl", [
        json.dumps({"id": "h1", "html": NOISY_HTML}, ensure_ascii=False),
        json.dumps({"id": "t1", "text": "Обычный текст.", "html": "<p>Игнор</p>"}, ensure_ascii=False),
        json.dumps({"id": "h2", "html": NOISY_HTML, "title": "Свой заголовок", "published_at": "2020-01-01"},
                   ensure_ascii=False),
    ])
    h1, t1, h2 = run(p, html_field="html")
    assert h1.text.startswith("Делегация ИКАО") and "СКРИПТ" not in h1.text
    assert h1.meta == {"format": "html", "container": "jsonl"} and h1.published_at.startswith("2021-03-12")
    assert t1.text == "Обычный текст." and t1.meta["format"] == "jsonl"
    assert h2.title == "Свой заголовок" and h2.published_at == "2020-01-01"
    # Without html_field the record has no text.
    assert run(p)[0].error == "missing_text"


# ------------------------------------------------------------------ archives
def test_zip_members_doc_ids_sources_and_records(tmp_path):
    z = tmp_path / "batch.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner/press_2.txt", PARAGRAPH)
        zf.writestr("feed.jsonl", json.dumps({"id": "j1", "text": "Из архива."}, ensure_ascii=False) + "\n")
        zf.writestr("inner/skip.bin", b"\x00\x01")
        zf.writestr("__MACOSX/inner/._press_2.txt", b"\x00\x05\x16\x07")
        zf.writestr("inner/legacy.txt", SHORT.encode("koi8_r"))
    items = run(z)
    assert [(x.doc_id, x.source) for x in items] == [
        ("batch/inner/press_2", f"{z}!inner/press_2.txt"),
        ("j1", f"{z}!feed.jsonl#L1"),
        ("batch/inner/legacy", f"{z}!inner/legacy.txt"),
    ]
    assert items[0].text == PARAGRAPH and items[2].text == SHORT and items[2].encoding == "koi8_r"


def test_tar_gz_in_folder(tmp_path):
    root = tmp_path / "raw"
    (root / "arch").mkdir(parents=True)
    data = PARAGRAPH.encode("utf-8")
    with tarfile.open(root / "arch" / "pack.tar.gz", "w:gz") as tf:
        info = tarfile.TarInfo("docs/one.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    d = only_doc(run(root))
    assert d.doc_id == "arch/pack/docs/one"
    assert d.source == f"{root / 'arch' / 'pack.tar.gz'}!docs/one.txt"
    assert d.text == PARAGRAPH


# ------------------------------------------------------------------ limit and Python API
def test_limit_counts_documents_only(tmp_path):
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    for name in ("b", "c", "d"):
        (tmp_path / f"{name}.txt").write_text("Текст.", encoding="utf-8")
    items = run(tmp_path, limit=2)
    assert [(type(x).__name__, x.doc_id) for x in items] == [
        ("ErrorRecord", "a"), ("Document", "b"), ("Document", "c")]
    assert run(tmp_path, limit=0) == []
    with pytest.raises(ValueError):
        run(tmp_path, limit=-1)
    with pytest.raises(ValueError):
        run(tmp_path, max_chars=0)


def test_documents_from_texts():
    ds = documents_from_texts(["Первый.", "Второй."])
    assert [d.doc_id for d in ds] == ["doc-000001", "doc-000002"]
    assert ds[1].text == "Второй."
    ds = documents_from_texts({"k1": "Один.", "k2": "Два."})
    assert [(d.doc_id, d.text) for d in ds] == [("k1", "Один."), ("k2", "Два.")]
    assert [d.doc_id for d in documents_from_texts("Одна строка.")] == ["doc-000001"]
    with pytest.raises(TypeError):
        documents_from_texts([b"bytes"])


def test_html_field_in_csv(tmp_path):
    p = _csv(tmp_path / "r.csv", [["id", "html"], ["h", NOISY_HTML]])
    d = only_doc(run(p, html_field="html"))
    assert d.text.endswith("Он провёл переговоры.") and "ПОДВАЛ" not in d.text
    assert d.title == "Визит делегации — Пресс-центр" and d.meta["format"] == "html"
    assert only_error(run(p)).error == "missing_text"
