import re
import unicodedata
from dataclasses import FrozenInstanceError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import NormText, majority_script, normalize, repair_homoglyphs_word

# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    "src, expected",
    [
        ("и\u0306од", "йод"),
        ("е\u0308лка", "ёлка"),
        ("И\u0306ошкар-Ола", "Йошкар-Ола"),
        ("\u2126", "\u03a9"),  # OHM SIGN -> GREEK CAPITAL OMEGA (singleton)
        ("\u1100\u1161\u11a8", "\uac01"),  # Hangul jamo compose across starters
    ],
)
def test_nfc(src, expected):
    assert normalize(src).text == expected


@pytest.mark.parametrize(
    "ch",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)],
)
def test_invisible_chars_are_removed(ch):
    n = normalize(f"Газ{ch}пром")
    assert n.text == "Газпром"
    assert n.to_original(0, 7) == (0, 8)


@pytest.mark.parametrize(
    "ch", ["\u00a0", "\u202f", "\u2007", "\u2009", "\u2002", "\u2003", "\u2005", "\u200a", "\u3000"]
)
def test_space_variants_become_space(ch):
    assert normalize(f"10{ch}000 руб.").text == "10 000 руб."


def test_newlines_tabs_and_runs_of_spaces_are_kept():
    src = "Первая  строка.\r\nВторая\tстрока.\n\nТретья   "
    n = normalize(src)
    assert n.identity and n.text == src


@pytest.mark.parametrize(
    "src, expected",
    [
        ("„Газпром“", '"Газпром"'),
        ("“Apple”", '"Apple"'),
        ("\u201fx\u2033", '"x"'),
        ("‘a’ ‚b‛ 5′", "'a' 'b' 5'"),
        ("«Роснефть»", "«Роснефть»"),
    ],
)
def test_quotes(src, expected):
    assert normalize(src).text == expected


def test_dashes_and_ellipsis():
    assert normalize("Санкт\u2010Петербург, 2\u20113, 4\u20125").text == "Санкт-Петербург, 2-3, 4-5"
    src = "2019–2020 — рост… минус −5"
    assert normalize(src).text == src


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Miсrosoft", "Microsoft"),  # Cyrillic с
        ("Мoсква", "Москва"),  # Latin o
        ("Yаndex", "Yandex"),
        ("рrеss", "press"),  # Cyrillic р, е
        ("ПАO", "ПАО"),  # Latin O
        ("СбербанK", "Сбербанк".replace("к", "К")),  # Latin K -> Cyrillic К
        ("ëлка", "ёлка"),  # Latin ë in a Cyrillic word
        ("IT-кoмпания", "IT-компания"),  # hyphen-separated parts judged separately
        ("iPhone", "iPhone"),
        ("SAP", "SAP"),
        ("Москва", "Москва"),
        ("IT-компания", "IT-компания"),
        ("РC", "РC"),  # tie: left alone
        ("Москвz", "Москвz"),  # z has no Cyrillic look-alike
        ("Мoсквm", "Мoсквm"),  # lowercase m does not look like м
        ("тоm", "тоm"),
        ("Мoсква\u03b1", "Мoсква\u03b1"),  # a third script: left alone
        ("Мo\u0301сква", "Мo\u0301сква"),  # minority letter with a combining mark: left alone
        ("", ""),
        ("123", "123"),
    ],
)
def test_repair_homoglyphs_word(word, expected):
    assert repair_homoglyphs_word(word) == expected
    assert len(repair_homoglyphs_word(word)) == len(word)


@pytest.mark.parametrize(
    "word, script",
    [
        ("Москва", "cyrillic"),
        ("Мoсква", "cyrillic"),
        ("Miсrosoft", "latin"),
        ("IT-компания", "cyrillic"),
        ("РC", "other"),
        ("Αθήνα", "other"),
        ("2024", "other"),
        ("", "other"),
    ],
)
def test_majority_script(word, script):
    assert majority_script(word) == script


def test_homoglyphs_in_running_text():
    src = "ПАO «Газпрoм» и Miсrosoft подписали соглашение в Мoскве; iPhone и SAP не тронуты."
    n = normalize(src)
    assert n.text == "ПАО «Газпром» и Microsoft подписали соглашение в Москве; iPhone и SAP не тронуты."
    assert len(n.text) == len(src)
    assert n.to_original(18, 27) == (18, 27)


def test_homoglyphs_across_removed_chars():
    # the soft hyphen goes first, so the word is judged whole
    n = normalize("Мo\u00adсква")
    assert n.text == "Москва"
    assert n.to_original(0, 6) == (0, 7)


# ---------------------------------------------------------------- offsets


def _span_of(n: NormText, word: str) -> tuple[int, int]:
    i = n.text.index(word)
    return n.to_original(i, i + len(word))


def test_soft_hyphen_word_maps_to_whole_original_word():
    src = "Компания Рос\u00adнефть сообщила"
    n = normalize(src)
    s, e = _span_of(n, "Роснефть")
    assert src[s:e] == "Рос\u00adнефть"


def test_decomposed_letter_maps_to_whole_cluster():
    src = "г. И\u0306ошкар-Ола, ул. Мира"
    n = normalize(src)
    assert n.text == "г. Йошкар-Ола, ул. Мира"
    s, e = _span_of(n, "Йошкар-Ола")
    assert src[s:e] == "И\u0306ошкар-Ола"
    assert n.to_original(3, 4) == (3, 5)  # Й <- И + breve
    s, e = _span_of(n, "Мира")
    assert src[s:e] == "Мира"


def test_zwsp_inside_word_and_nbsp_around():
    src = "в\u00a0Газ\u200bпром\u00a0нефть"
    n = normalize(src)
    assert n.text == "в Газпром нефть"
    s, e = _span_of(n, "Газпром")
    assert src[s:e] == "Газ\u200bпром"
    s, e = _span_of(n, "нефть")
    assert src[s:e] == "нефть"


def test_removed_chars_at_span_edges_are_not_included():
    src = "\u200bМосква\u200b"
    n = normalize(src)
    assert n.text == "Москва"
    assert n.to_original(0, 6) == (1, 7)


def test_mark_after_removed_char_still_composes():
    n = normalize("е\u200b\u0308ж")
    assert n.text == "ёж"
    assert n.to_original(0, 1) == (0, 3)
    assert n.to_original(1, 2) == (3, 4)


def test_empty_spans():
    src = "а\u00adб\u0301в"
    n = normalize(src)
    assert n.text == "аб\u0301в"
    assert n.to_original(0, 0) == (0, 0)
    assert n.to_original(1, 1) == (2, 2)
    assert n.to_original(4, 4) == (len(src), len(src))


def test_to_normalized():
    src = "Рос\u00adнефть и и\u0306од"
    n = normalize(src)
    assert n.text == "Роснефть и йод"
    assert n.to_normalized(0, 9) == (0, 8)
    assert n.to_normalized(0, 10) == (0, 9)
    assert n.to_normalized(3, 4) == (3, 3)  # only the soft hyphen
    assert n.to_normalized(13, 14) == (11, 12)  # half of the й cluster
    assert n.to_normalized(13, 13) == (11, 11)
    assert n.to_normalized(0, len(src)) == (0, len(n.text))


def test_fallback_segment_keeps_neighbours():
    src = "x \u0413\u2126 \u1100\u1161 y"
    n = normalize(src)
    assert n.text == "x \u0413\u03a9 \uac00 y"
    i = n.text.index("\uac00")
    assert n.to_original(i, i + 1) == (5, 7)
    assert n.to_original(0, 1) == (0, 1)


def test_bad_spans_raise():
    n = normalize("а\u00adб")
    for span in [(-1, 1), (2, 1), (0, 3)]:
        with pytest.raises(ValueError):
            n.to_original(*span)
    with pytest.raises(ValueError):
        n.to_normalized(0, 4)


def test_identity_fast_path():
    src = "Президент ПАО «Газпром» Алексей Миллер 5 мая 2021 г. посетил Москву (Россия).\n"
    n = normalize(src)
    assert n.identity
    assert n.text is src
    assert n._starts is None and n._ends is None
    assert n.to_original(3, 10) == (3, 10)


def test_length_preserving_changes_need_no_arrays():
    src = "10\u00a0000 „руб.“ в Мoскве"
    n = normalize(src)
    assert not n.identity
    assert n._starts is None
    assert n.to_original(5, 11) == (5, 11)


def test_normtext_is_frozen_and_checked():
    n = normalize("abc")
    with pytest.raises(FrozenInstanceError):
        n.text = "x"  # type: ignore[misc]
    with pytest.raises(ValueError):
        NormText("abc", "ab")


# ---------------------------------------------------------------- properties

_ALPHABET = (
    list("абвгдежзийклмнопрстуфхцчшщъыьэюяАВЕКМНОРСТХЁё")
    + list("abcdeikmnopstxyzABCEHKMOPTXë")
    + ["\u0300", "\u0301", "\u0306", "\u0308", "\u0323", "\u0344"]  # combining marks
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e", "\u2066"]
    + ["\u00a0", "\u202f", "\u2007", "\u2009", "\u3000", " ", " ", " "]
    + list("„“”«»‘’'\"‐‑–—…-.,;:()")
    + ["😀", "👍", "\U0001d400", "\U0001f1f7", "\U0001f1fa"]  # emoji, math bold A, regional flags
    + ["\n", "\r", "\t", "\n"]
    + list("0123456789")
    + ["\u2126", "\u212b", "\u1100", "\u1161", "\u11a8", "\uac00", "\u03b1"]
)
_texts = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60)
# letters followed by marks: a word of the normalized text never splits an NFC cluster
_WORD_RE = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")
_CLEAN = st.text(alphabet=st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюя ЁАБ.,«»—–-\n0123456789")), max_size=80)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_to_original_bounds_and_monotone(src):
    n = normalize(src)
    m, size = len(n.text), len(src)
    spans = {(i, j): n.to_original(i, j) for i in range(m + 1) for j in range(i, m + 1)}
    for (i, j), (s, e) in spans.items():
        assert 0 <= s <= e <= size
        if j > i:
            assert e > s
    for j in range(m + 1):
        starts = [spans[i, j][0] for i in range(j + 1)]
        assert starts == sorted(starts)
    for i in range(m + 1):
        ends = [spans[i, j][1] for j in range(i, m + 1)]
        assert ends == sorted(ends)
    for i in range(m):
        s, e = n.to_original(i, i + 1)
        a, b = n.to_normalized(s, e)
        assert a <= i < b


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_words_round_trip(src):
    n = normalize(src)
    for w in _WORD_RE.finditer(n.text):
        s, e = n.to_original(*w.span())
        assert normalize(src[s:e]).text == w.group()


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_idempotent_and_clean_output(src):
    n = normalize(src)
    again = normalize(n.text)
    assert again.text == n.text
    assert again.identity
    assert unicodedata.is_normalized("NFC", n.text)
    assert not re.search("[\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069\u00a0\u202f\u3000„“”‘’‐‑]", n.text)
    assert n.text.count("\n") == src.count("\n")


@settings(max_examples=200, deadline=None)
@given(_CLEAN)
def test_identity_on_clean_text(src):
    n = normalize(src)
    assert n.identity
    assert n.text is src
    assert n.to_original(0, len(src)) == (0, len(src))
