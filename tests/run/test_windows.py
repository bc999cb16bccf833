"""Long documents in windows: rows as for the pieces processed alone, offsets into the whole text,
entities joined across windows, and a document under the limit untouched."""
import pytest

from pipeline.run import Options, process
from pipeline.run.windows import split_windows
from pipeline.types import Document

FILL = ("Жители района давно ждали открытия, и теперь здесь есть дорожки, скамейки и площадки для детей. "
        "Работы шли почти два года и закончились в срок. ")
P1 = "Мэр Москвы Сергей Собянин открыл новый парк в районе Хамовники. " + FILL * 6
P2 = "Министр финансов Антон Силуанов прибыл в Казань на совещание. " + FILL * 6
P3 = "Сергей Собянин также посетил выставку в Музее Москвы. " + FILL * 6
TEXT = P1 + "\n\n" + P2 + "\n\n" + P3
WINDOW = 1500  # each piece fits, no two together do


def test_split_prefers_paragraphs_then_sentences_then_spaces():
    assert split_windows(TEXT, WINDOW) == [(0, len(P1) + 2), (len(P1) + 2, len(P1) + len(P2) + 4),
                                           (len(P1) + len(P2) + 4, len(TEXT))]
    one = "Первое предложение здесь. Второе предложение тоже. Третье."
    assert split_windows(one, 30) == [(0, 26), (26, 51), (51, len(one))]
    words = "слово " * 10
    assert split_windows(words, 20) == [(0, 18), (18, 36), (36, 54), (54, 60)]
    assert split_windows("я" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    for text, size in ((TEXT, 700), (one, 12), (words, 7)):
        spans = split_windows(text, size)
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
        assert all(0 < b - a <= size for a, b in spans)


def key(t, table, cols):
    return sorted(tuple(r) for r in t[table][cols].astype(object).itertuples(index=False))


@pytest.fixture(scope="module")
def windowed():
    doc = Document(doc_id="long", text=TEXT, source="long", published_at="2021-03-12")
    return process([doc], Options(window_chars=WINDOW))


def test_windowed_rows_are_the_rows_of_the_pieces_shifted(windowed):
    pieces = [P1 + "\n\n", P2 + "\n\n", P3]
    bases = [0, len(P1) + 2, len(P1) + len(P2) + 4]
    want_m, want_d = [], []
    for k, (text, base) in enumerate(zip(pieces, bases)):
        t = process([Document(doc_id="long", text=text, source="long", published_at="2021-03-12")], Options())
        for r in t["mentions"].itertuples(index=False):
            want_m.append((r.start + base, r.end + base, r.text, r.label, f"long:m{r.start + base}-{r.end + base}"))
        for r in t["dates"].itertuples(index=False):
            want_d.append((r.start + base, r.end + base, r.text, r.value))
    assert want_m, "the pieces have mentions"
    assert key(windowed, "mentions", ["start", "end", "text", "label", "mention_id"]) == sorted(want_m)
    assert key(windowed, "dates", ["start", "end", "text", "value"]) == sorted(want_d)
    (doc,) = windowed["documents"].itertuples(index=False)
    assert doc.text == TEXT and doc.n_chars == len(TEXT) and "3 windows" in doc.warnings


def test_offsets_point_into_the_whole_text(windowed):
    for table, s, e, x in (("mentions", "start", "end", "text"), ("dates", "start", "end", "text"),
                           ("roles", "person_start", "person_end", "person"),
                           ("events", "trigger_start", "trigger_end", "trigger"),
                           ("event_arguments", "start", "end", "text"),
                           ("event_mentions", "start", "end", "text")):
        for r in windowed[table][[s, e, x]].itertuples(index=False):
            assert TEXT[r[0]:r[1]] == r[2], (table, r)
    ev = windowed["event_mentions"]
    assert len(ev) and (ev["sentence_start"] <= ev["start"]).all() and (ev["end"] <= ev["sentence_end"]).all()
    # ids move with their rows: every argument's mention and every mention's event exist
    assert set(windowed["event_arguments"]["mention_id"].dropna()) <= set(ev["mention_id"])
    assert set(ev["event_id"]) <= set(windowed["events"]["event_id"])
    assert all(m.startswith(f"long:vm{s}-") for m, s in zip(ev["mention_id"], ev["start"]))
    m = windowed["mentions"]
    assert m["start"].max() > len(P1) + len(P2)  # rows from the third window, moved


def test_a_person_named_in_window_1_and_window_3_is_one_entity(windowed):
    m = windowed["mentions"]
    sob = m[m["text"] == "Сергей Собянин"]
    assert len(sob) == 2 and sob["start"].min() < len(P1) < len(P1) + len(P2) < sob["start"].max()
    assert sob["entity_id"].nunique() == 1
    eid = sob["entity_id"].iloc[0]
    assert eid == f"long:e{sob['start'].min()}-{sob['end'].min()}"  # named by its first mention
    ents = windowed["entities"].set_index("entity_id")
    assert ents.loc[eid, "n_mentions"] == 2 and (windowed["entities"]["entity_id"] == eid).sum() == 1
    assert set(m["entity_id"].dropna()) <= set(windowed["entities"]["entity_id"])  # no dangling reference


def test_a_document_under_the_limit_is_untouched():
    text = P1 + "\n\n" + P2
    doc = Document(doc_id="short", text=text, source="short", published_at="2021-03-12")
    a = process([doc], Options())
    b = process([doc], Options(window_chars=len(text)))  # exactly at the limit: one window, as before
    for name in a:
        assert a[name].equals(b[name]), name
    assert a["documents"]["warnings"].isna().all()


# Issue 25, case 10: one happening told in two windows is one event, as in the whole document.
RETOLD = [
    "Губернатор Тульской области Алексей Дюмин встретился с министром промышленности Денисом Мантуровым в Туле 12 марта.",
    "Компания «Ромашка» подписала соглашение с компанией «Лютик» о поставках зерна.",
    "Встреча Алексея Дюмина и Дениса Мантурова прошла в Туле 12 марта. Они обсудили развитие заводов.",
    "Соглашение между компанией «Ромашка» и компанией «Лютик» о поставках зерна подписано в Москве.",
    "Алексей Дюмин и Денис Мантуров встретились в Туле 12 марта и обсудили развитие оборонных заводов.",
]
RETOLD_TEXT = "\n\n".join(p + " " + FILL * 6 for p in RETOLD)


def test_events_told_in_two_windows_merge_as_in_the_whole_document():
    def run(**kw):
        return process([Document(doc_id="long", text=RETOLD_TEXT, source="long", published_at="2021-03-12")],
                       Options(**kw))

    whole, win = run(), run(window_chars=WINDOW)
    assert win["documents"]["warnings"].iloc[0].startswith("processed in 5 windows")
    cols = ["event_id", "type", "date_value", "location", "n_mentions", "lead"]
    assert win["events"][cols].astype(object).values.tolist() == whole["events"][cols].astype(object).values.tolist()
    assert len(whole["events"]) < len(RETOLD)  # the text does retell: the comparison can fail
    assert win["events"]["lead"].sum() == 1  # only the first window has the lead sentence
    for table in ("event_mentions", "event_arguments"):
        assert set(win[table]["event_id"]) == set(win["events"]["event_id"])
    assert sorted(win["event_mentions"]["mention_id"]) == sorted(whole["event_mentions"]["mention_id"])


TALK = [
    "Президент провёл встречу с жителями Тулы.",
    "В.Путин: Добрый день! В прошлом году в городе построили новую школу, открыли больницу и запустили трамвай.",
    "Рабочие отремонтировали мост, а фермеры собрали большой урожай пшеницы и продали его за рубеж.",
    "Строители возвели стадион, учёные разработали новую вакцину, а спортсмены выиграли чемпионат.",
]
TALK_TEXT = "\n\n".join(p + " " + FILL * 6 for p in TALK)


def test_a_transcript_begun_in_an_earlier_window_goes_on():
    # the speakers' learned OTHER events are dropped in a transcript: also in a window after its first label
    def events(**kw):
        t = process([Document(doc_id="t", text=TALK_TEXT, source="t", published_at="2021-03-12")], Options(**kw))
        return t["events"][["event_id", "type"]].astype(object).values.tolist()

    assert events(window_chars=WINDOW) == events()
