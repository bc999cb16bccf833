"""One event per happening (``events.coref``): mentions told again join one ``events`` row, listed
in ``event_mentions``; different happenings of one type stay apart. Sentences written for this test."""
import pandas as pd
import pytest

from pipeline.run import Options, process
from pipeline.tables import FORMATS, SCHEMAS, load, write_tables
from pipeline.types import Document

EXTRACTORS = ("entities", "dates", "roles", "events")
TEXTS = {
    # a visit told three times: the lead, a frame ("в ходе визита"), a bare noun
    "visit": "12 апреля 2023 года глава Минпромторга Денис Мантуров прибыл с визитом в Минск. "
             "В ходе визита министр посетил Минский тракторный завод. "
             "Визит завершится в пятницу.",
    # a meeting retold by its noun, then a second meeting of the same man with someone else
    "two_meetings": "Губернатор Андрей Воробьёв встретился с ректором МГУ Виктором Садовничим. "
                    "На встрече Воробьёв и Садовничий обсудили строительство кампуса. "
                    "Затем Андрей Воробьёв встретился с мэром Коломны Денисом Лебедевым.",
    # an agreement signed, then told again in the passive without its parties
    "signed": "Банк «Авангард» и компания «Северсталь» подписали соглашение о кредитной линии. "
              "Соглашение было подписано в Череповце.",
    # one of several: "два договора" and "первый договор" are not the same happening
    "several": "Компания «Русал» подписала два договора. Первый договор был подписан с банком «Восток».",
    # two purchases by one buyer of different companies: different objects, two events
    "two_deals": "Холдинг «Аврора» купил компанию «Север». В марте холдинг «Аврора» купил компанию «Юг».",
    # different dates: two sittings, not one
    "two_dates": "3 марта 2022 года в Твери состоялся форум «Верхневолжье». "
                 "10 мая 2022 года в Твери состоялся форум «Верхневолжье».",
}


@pytest.fixture(scope="module")
def tables():
    docs = [Document(k, v, k) for k, v in TEXTS.items()]
    return process(docs, Options(extractors=EXTRACTORS))


def events_of(t, doc_id, typ):
    ev = t["events"]
    return ev[(ev.doc_id == doc_id) & (ev["type"].astype(str) == typ)].to_dict(orient="records")


def mentions_of(t, event_id):
    m = t["event_mentions"]
    return m[m.event_id == event_id].to_dict(orient="records")


def test_a_visit_told_three_times_is_one_event_with_three_mentions(tables):
    # ("посетил завод" during it is an event of its own: what was visited differs)
    [ev] = [e for e in events_of(tables, "visit", "VISIT") if "прибыл" in e["trigger"]]
    men = mentions_of(tables, ev["event_id"])
    assert ev["n_mentions"] == len(men) == 3
    assert [m["lemma"] for m in men] == ["визит", "визит", "визит"]
    assert ev["date_value"] == "2023-04-12" and ev["location"] == "Минск"
    text = TEXTS["visit"]
    # the first mention is the event's trigger; every mention has its own sentence
    assert (men[0]["start"], men[0]["end"]) == (ev["trigger_start"], ev["trigger_end"])
    assert len({m["sentence_start"] for m in men}) == 3
    for m in men:
        assert text[m["start"]:m["end"]] == m["text"]
        assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]


def test_a_meeting_retold_joins_and_a_meeting_with_someone_else_does_not(tables):
    evs = events_of(tables, "two_meetings", "MEETING")
    assert len(evs) == 2, evs
    first, second = sorted(evs, key=lambda e: e["trigger_start"])
    assert first["n_mentions"] == 2 and second["n_mentions"] == 1
    args = tables["event_arguments"]
    second_args = set(args[args.event_id == second["event_id"]]["text"])
    assert any("Лебедев" in a for a in second_args) and not any("Садовнич" in a for a in second_args)


def test_arguments_keep_the_mention_they_were_read_from(tables):
    [ev] = events_of(tables, "signed", "AGREEMENT")
    assert ev["n_mentions"] == 2 and ev["location"] == "Череповец"
    men = {m["mention_id"]: m for m in mentions_of(tables, ev["event_id"])}
    args = tables["event_arguments"]
    args = args[args.event_id == ev["event_id"]].to_dict(orient="records")
    assert all(a["mention_id"] in men for a in args)
    loc = [a for a in args if a["role"] == "LOCATION"]
    assert loc and men[loc[0]["mention_id"]]["start"] >= TEXTS["signed"].index("Соглашение было")
    parties = {a["text"] for a in args if a["role"] in ("PARTNER", "AGENT")}
    assert any("Авангард" in p for p in parties) and any("Северсталь" in p for p in parties)


@pytest.mark.parametrize("doc_id,typ", [("several", "AGREEMENT"), ("two_deals", "DEAL"),
                                        ("two_dates", "CONFERENCE")])
def test_different_happenings_of_one_type_stay_apart(tables, doc_id, typ):
    evs = events_of(tables, doc_id, typ)
    assert len(evs) == 2 and all(e["n_mentions"] == 1 for e in evs), evs


def test_every_event_has_its_mentions_and_every_mention_its_event(tables):
    ev, men = tables["events"], tables["event_mentions"]
    counts = men.groupby("event_id").size()
    assert set(counts.index) == set(ev["event_id"])
    assert all(counts[e] == n for e, n in zip(ev["event_id"], ev["n_mentions"]))
    assert men["mention_id"].is_unique


@pytest.mark.parametrize("fmt", FORMATS)
def test_event_mentions_round_trip_in_every_format(tables, tmp_path, fmt):
    write_tables(tables, tmp_path, fmt)
    back = load(tmp_path)
    for name in ("events", "event_mentions", "event_arguments"):
        assert list(back[name].columns) == [c for c, _ in SCHEMAS[name]]
        pd.testing.assert_frame_equal(back[name].reset_index(drop=True),
                                      tables[name].reset_index(drop=True), check_dtype=True)
