"""Date extraction and resolution: a table of expressions plus behaviour checks."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.extractors.dates import GRANULARITIES, KINDS, DateMatch, extract_dates, find_dateline

CASES_FILE = Path(__file__).with_name("date_cases.tsv")


def _load_cases():
    rows = []
    for n, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        assert len(parts) == 7, f"line {n}: {parts}"
        parts = [None if p == "-" else p for p in parts]
        rows.append(pytest.param(*parts, id=f"line{n}"))
    return rows


CASES = _load_cases()


def _anchor(s):
    if s is None:
        return None
    return dt.datetime.fromisoformat(s) if "T" in s else dt.date.fromisoformat(s)


def _check_rows(text, rows):
    for r in rows:
        assert isinstance(r, DateMatch)
        assert text[r.start:r.end] == r.text
        assert r.kind in KINDS, r
        assert r.granularity in GRANULARITIES, r
        assert (r.value is None) == (r.value_end is None), r
        if r.value is not None:
            assert r.value <= r.value_end, r
    for a, b in zip(rows, rows[1:]):
        assert a.end <= b.start, (a, b)


def test_case_table_is_large():
    assert len(CASES) >= 150


@pytest.mark.parametrize("sentence,anchor,text,kind,value,value_end,granularity", CASES)
def test_case(sentence, anchor, text, kind, value, value_end, granularity):
    rows = extract_dates(sentence, _anchor(anchor))
    _check_rows(sentence, rows)
    if text is None:  # a sentence with no date in it
        assert rows == [], rows
        return
    hits = [r for r in rows if r.text == text]
    assert hits, f"{text!r} not found in {[r.text for r in rows]}"
    r = hits[0]
    assert (r.kind, r.value, r.value_end, r.granularity) == (kind, value, value_end, granularity), r
    # nothing else overlaps the expected expression: nested parts are one row
    assert not [o for o in rows if o is not r and o.start < r.end and r.start < o.end]


@pytest.mark.parametrize("text", [
    "В акции приняли участие 2019 человек.",
    "Билет обойдётся в 2000 рублей.",
    "Телефон для справок: +7 (495) 123-45-67.",
    "Бюджет составит 1,5 млрд рублей.",
    "Команда заняла 5-е место.",
    "Во второй половине дня пошёл дождь.",
    "Вышла версия 2.0.12 программы.",
    "Больных COVID-19 стало меньше.",
    "Истребители Су-35 и МиГ-29 прошли над площадью.",
    "Модель iPhone 12 и Boeing 737-800 показали на выставке.",
    "Рассказ «Один день Ивана Денисовича» переиздали.",
    "В 5-х классах ввели новый предмет.",
    "Счёт матча 3:0 в пользу хозяев.",
    "Выбросы в окружающую среду сократились.",
    "Марта Иванова получила награду.",
    "Производство выросло в 10 раз.",
    "Дата 31.04.2020 не существует.",
    "В период 2010-2012 цены росли.",
    "",
])
def test_non_dates(text):
    assert extract_dates(text, dt.date(2021, 3, 15)) == []


@pytest.mark.parametrize("text,duration", [
    ("Стройка продлится в течение трёх лет.", "P3Y"),
    ("Проверка займёт две недели.", "P2W"),
    ("Вахта длится полтора месяца.", "P45D"),
    ("Ремонт шёл в течение суток.", "P1D"),
    ("Эфир длился 1 час 20 минут.", "PT1H20M"),
    ("Голосование шло полгода.", "P6M"),
    ("Ярмарка проходит ежегодно в центре.", "P1Y"),
    ("Выборы проходят каждые пять лет.", "P5Y"),
    ("Приём по пятницам.", "P1W"),
])
def test_durations_and_sets(text, duration):
    rows = extract_dates(text, dt.date(2021, 3, 15))
    assert [(r.kind in ("duration", "set"), r.duration, r.value) for r in rows] == [(True, duration, None)], rows


def test_open_intervals_name_their_side():
    rows = extract_dates("Приём с 10 марта, заявки до конца месяца, сбор после 14 часов.", dt.date(2021, 3, 1))
    assert [(r.text, r.kind, r.open) for r in rows] == [
        ("с 10 марта", "open", "after"), ("до конца месяца", "open", "before"), ("после 14 часов", "open", "after")]


def test_offsets_in_longer_text():
    text = ("Москва, 12 марта 2021 года. «Сегодня мы открываем центр», — сказал мэр. "
            "В прошлом году план выполнен, а с 3 по 7 октября 2019 года прошла выставка.\n\n17.09.15 10:05")
    rows = extract_dates(text, dt.date(2021, 3, 12))
    _check_rows(text, rows)
    assert [r.text for r in rows] == ["12 марта 2021 года", "Сегодня", "прошлом году",
                                      "с 3 по 7 октября 2019 года", "17.09.15 10:05"]
    assert rows[-1].kind == "dateline" and rows[-1].value == "2015-09-17T10:05"


def test_nested_range_is_one_row():
    rows = extract_dates("с 3 по 7 октября 2019 года")
    assert len(rows) == 1
    assert (rows[0].start, rows[0].end, rows[0].kind) == (0, 26, "range")
    rows = extract_dates("в декабре прошлого года", dt.date(2021, 3, 15))
    assert [r.text for r in rows] == ["декабре прошлого года"]


def test_no_anchor_never_guesses():
    text = ("Вчера, в понедельник, через две недели, в прошлом году, 3 января, в марте, "
            "во втором полугодии, зимой, в 15:30.")
    rows = extract_dates(text)
    assert len(rows) == 9
    assert all(r.value is None and r.value_end is None and r.anchor is None for r in rows), rows


def test_anchor_field_names_what_was_used():
    a = dt.date(2021, 3, 15)
    r = extract_dates("12 марта 2021 года", a)[0]
    assert r.anchor is None  # complete date: the anchor was not needed
    r = extract_dates("3 января", a)[0]
    assert r.anchor == "2021-03-15"
    t = extract_dates("Акция пройдёт 5 мая 2021 года, сбор в 11:00.", a)[-1]
    assert (t.kind, t.anchor) == ("time", "2021-05-05")


def test_datetime_and_string_anchor_accepted():
    a = dt.datetime(2021, 3, 15, 23, 59)
    assert extract_dates("вчера", a)[0].value == "2021-03-14"
    assert extract_dates("вчера", "2021-03-15")[0].value == "2021-03-14"
    with pytest.raises(TypeError):
        extract_dates("вчера", 20210315)


@pytest.mark.parametrize("anchor,expected", [
    (None, "2015-09-17"),
    (dt.date(2014, 6, 1), "2015-09-17"),  # within ten years after the anchor
    (dt.date(2005, 6, 1), "2015-09-17"),
    (dt.date(2004, 6, 1), "1915-09-17"),
    (dt.date(2024, 1, 1), "2015-09-17"),
])
def test_two_digit_year_pivot(anchor, expected):
    assert extract_dates("Справка от 17.09.15", anchor)[0].value == expected


def test_two_digit_year_without_anchor_boundary():
    assert extract_dates("05.11.69")[0].value == "2069-11-05"
    assert extract_dates("05.11.70")[0].value == "1970-11-05"
    assert extract_dates("05.11.00")[0].value == "2000-11-05"


@pytest.mark.parametrize("sentence,expected", [
    ("В понедельник мэр представил план.", "2021-03-15"),
    ("В понедельник мэр представит план.", "2021-03-22"),
    ("В понедельник будут подведены итоги.", "2021-03-22"),
    ("В пятницу он был в отъезде.", "2021-03-12"),
    ("В пятницу он улетит в Берлин.", "2021-03-19"),
    ("Встреча в пятницу.", "2021-03-19"),
    ("Встреча во вторник.", "2021-03-16"),
])
def test_weekday_tense_heuristic(sentence, expected):
    rows = extract_dates(sentence, dt.date(2021, 3, 17))  # a Wednesday
    assert [r.value for r in rows if r.kind == "weekday"] == [expected]


def _doc(words, pos, heads, tenses):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    morphs = [f"Tense={t}" if t else "" for t in tenses]
    return Doc(Vocab(), words=words, spaces=[True] * (len(words) - 1) + [False], pos=pos, heads=heads,
               deps=["dep"] * len(words), morphs=morphs)


def test_weekday_tense_from_doc():
    words = ["В", "понедельник", "мэр", "представил", "план"]
    text = " ".join(words)
    pos = ["ADP", "NOUN", "NOUN", "VERB", "NOUN"]
    heads = [1, 3, 3, 3, 3]
    past = _doc(words, pos, heads, [None, None, None, "Past", None])
    assert past.text == text
    assert extract_dates(text, dt.date(2021, 3, 17), doc=past)[0].value == "2021-03-15"
    # the parse wins over the word-level fallback: a (wrong) future tag gives the next Monday
    fut = _doc(words, pos, heads, [None, None, None, "Fut", None])
    assert extract_dates(text, dt.date(2021, 3, 17), doc=fut)[0].value == "2021-03-22"
    assert extract_dates(text, dt.date(2021, 3, 17), doc=None)[0].value == "2021-03-15"


def test_weekday_merged_with_explicit_date():
    rows = extract_dates("В понедельник 28 июня 2010 года у мэрии прошла акция.", dt.date(2010, 7, 1))
    assert [(r.text, r.kind, r.value) for r in rows] == [("понедельник 28 июня 2010 года", "date", "2010-06-28")]


def test_results_sorted_and_non_overlapping_on_mixed_text():
    text = ("С 2015 по 2018 год он работал в Москве, в 2019 году переехал, а 14–16 июня 2024 года "
            "выступит на форуме; в начале марта и в первом квартале 2024 года, летом 2021 года, "
            "в 1990-х годах, 01.02.2023, 2019-11-05, через две недели, в среду в 10:00.")
    rows = extract_dates(text, dt.date(2024, 3, 1))
    _check_rows(text, rows)
    assert [r.text for r in rows] == [
        "С 2015 по 2018 год", "2019 году", "14–16 июня 2024 года", "начале марта",
        "первом квартале 2024 года", "летом 2021 года", "1990-х годах", "01.02.2023", "2019-11-05",
        "через две недели", "среду в 10:00"]


@pytest.mark.parametrize("text,expected", [
    ("Текст релиза.\n\n17.09.15 10:05", "2015-09-17T10:05"),
    ("Текст релиза.\n17.09.15 10:05\n\n  \n", "2015-09-17T10:05"),
    ("Текст релиза.\n\n17.09.2015", "2015-09-17"),
    ("Текст релиза.\n\nПресс-служба, 05.11.99 09:00", "1999-11-05T09:00"),
    ("Текст релиза.\n17.09.15 10:05\nПресс-служба компании", "2015-09-17T10:05"),
    ("Текст релиза, подписанного 17.09.15, опубликован на сайте и разослан партнёрам в тот же день.", None),
    ("Текст релиза без даты.", None),
    ("", None),
    ("Текст.\n\n31.02.15 10:05", None),
    # a leading dateline: place, comma, full date, then a stop, a dash or the end of the line
    ("Москва, 12 марта 2025 года. Компания объявила итоги.", "2025-03-12"),
    ("НИЖНИЙ НОВГОРОД, 03.05.2024 — Завод начал работу.", "2024-05-03"),
    ("12 марта 2025 г.\nКомпания объявила итоги.", "2025-03-12"),
    ("Вчера, 12 марта 2025 года, компания объявила итоги.", None),
    ("12 марта 2025 года в Москве открылся форум.", None),
    ("Москва, 31 февраля 2025 года. Текст.", None),
    ("Текст релиза.\n\nМосква, 12 марта 2025 года.", None),
])
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


def test_a_leading_dateline_anchors_the_relative_dates():
    from pipeline.run import Options, process
    from pipeline.types import Document

    t = process([Document("a", "Москва, 12 марта 2025 года. Сделка закрыта в феврале; с 17 по 19 марта пройдёт форум.",
                          "a")], Options(extractors=("dates",)))
    assert t["documents"].loc[0, "published_at_source"] == "dateline"
    got = {r["text"]: (r["value"], r["value_end"]) for r in t["dates"].to_dict(orient="records")}
    assert got["феврале"] == ("2025-02-01", "2025-02-28")
    assert got["с 17 по 19 марта"] == ("2025-03-17", "2025-03-19")


def test_find_dateline_anchor_pivot():
    assert find_dateline("Текст.\n\n17.09.15 10:05", anchor=dt.date(2004, 1, 1)) == "1915-09-17T10:05"


def test_dateline_row_in_extract():
    text = "Завод запущен.\n\n17.09.15 10:05"
    rows = extract_dates(text)
    assert [(r.text, r.kind, r.value, r.granularity) for r in rows] == [
        ("17.09.15 10:05", "dateline", "2015-09-17T10:05", "minute")]


def test_long_range_and_lowercase_shift():
    text = "С 20 апреля 2019 года по 15 июня 2020 года шёл ремонт."
    rows = extract_dates(text)
    assert [(r.text, r.value, r.value_end) for r in rows] == [
        ("С 20 апреля 2019 года по 15 июня 2020 года", "2019-04-20", "2020-06-15")]
    # "İ" lower-cases to two characters: offsets must still point into the original text
    text = "İstanbul, 12 марта 2021 года"
    r = extract_dates(text)[0]
    assert text[r.start:r.end] == "12 марта 2021 года" == r.text


_FRAGMENTS = [
    "12 марта 2021 года", "с 3 по 7 октября", "в 2010–2012 годах", "вчера", "в понедельник",
    "01.02.2023", "17.09.15 10:05", "в 15:30", "в первом квартале", "летом 2021 года", "в 1990-х годах",
    "в конце 2017 года", "через две недели", "три дня назад", "в декабре прошлого года", "к 2030 году",
    "2019 человек", "1,5 млрд", "мэр", "представил", "план", ",", ".", "\n", "и", "в", "с", "по", "до",
    "20", "2019", "году", "марта", "июня", "—", "-", "зимой", "в середине месяца", "10 часов", "İ",
]


def test_trigger_windows_match_a_full_scan():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pipeline.extractors.dates import scan as D

    def key(cands):
        return sorted((c.start, c.end, c.kind, c.v0, c.v1) for c in cands)

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30), st.sampled_from([None, dt.date(2021, 3, 15)]))
    def check(parts, anchor):
        text = " ".join(parts)
        low = D.lower(text)
        assert key(D.scan(low, anchor)) == key(D.scan(low, anchor, full=True))
        _check_rows(text, extract_dates(text, anchor))

    check()
