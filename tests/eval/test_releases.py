"""`rupress eval releases`: the scorer's rules on hand-built events, and the command on a tiny made-up
folder in the releases format (tests/eval/data/releases: own sentences)."""
import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.eval.releases import (head_noun, place_parts, post_ok, post_org_ok, score_release,
                                    word_match, words)

DATA = Path(__file__).parent / "data" / "releases"

GOLD = {"id": "x", "title_class": "MEETING", "event_date": "2026-11-21", "event_date_end": "2026-11-21",
        "place": "Москва, Кремль", "counterparts": [{"name": "Ринат Галиев", "post": "министр"}]}
TEXT = "В Кремле состоялась встреча с министром Ринатом Галиевым."


def _event(type_="MEETING", day="2026-11-21", places=("кремле",), people=("галиевым",)):
    return {"type": type_, "date_value": day, "date_value_end": day, "places": list(places),
            "people": list(people)}


def test_words_match_inflected_not_different():
    assert word_match("кремль", "кремле") and word_match("мурманск", "мурманске")
    assert not word_match("казань", "калуга") and not word_match("ли", "лиса")
    assert words("Ново-Огарёво, Кремль") == ["ново-огарево", "кремль"]


def test_place_is_scored_only_where_the_body_writes_it():
    parts, given = place_parts("Москва, Кремль", TEXT)
    assert given and parts == [["кремль"]]  # Москва is not in the body
    parts, given = place_parts("Сочи", TEXT)
    assert given and parts == []
    assert place_parts("", TEXT) == ([], False)


def test_all_four_on_one_event():
    r = score_release(GOLD, TEXT, [_event()])
    assert r["class"] and r["day"] and r["place"] and r["counterpart"] and r["all"]
    # the day on one event and the counterpart on another is not all four on one
    r = score_release(GOLD, TEXT, [_event(day=None), _event(people=("иванов",))])
    assert r["class"] and r["day"] and r["counterpart"] and not r["all"]
    r = score_release(GOLD, TEXT, [_event(type_="SPEECH")])
    assert not r["class"] and not r["day"] and not r["all"]
    # the President's first name alone is not the counterpart
    r = score_release(dict(GOLD, counterparts=[{"name": "Владимир Смирнов"}]), TEXT,
                      [_event(people=("владимир", "путин"))])
    assert r["counterpart"] is False


def test_unscorable_place_and_no_counterpart_count_as_met_in_all_four():
    g = dict(GOLD, place="Сочи", counterparts=[])
    r = score_release(g, TEXT, [_event(places=())])
    assert r["place"] is None and r["place_state"] == "unwritten" and r["counterpart"] is None and r["all"]


def test_post_heads_and_organisations_compare_lemmas():
    assert head_noun("генерального директора") == "директор"
    assert head_noun("заместитель министра финансов") == "заместитель"
    gold = {"post_raw": "министр экономики Республики Татарстан", "post_head": "министр"}
    assert post_ok(gold, {"position": "министр"})
    assert not post_ok(gold, {"position": "заместитель министра"})
    assert post_org_ok(gold, {"position": "министр экономики", "org": "Татарстан"})
    assert not post_org_ok(gold, {"position": "министр", "org": "Правительство Москвы"})


def test_command_on_a_tiny_folder():
    res = CliRunner().invoke(app, ["eval", "releases", str(DATA), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["n_releases"] == 2 and out["n_lists"] == 1
    assert set(out["classes"]) == {"MEETING", "VISIT", "ALL"}
    assert out["classes"]["ALL"]["n"] == 2 and out["cards"]["n"] == 3 and out["lists"]["n"] == 2
    # "встретился" and "посетил" are events of the headline's class, with a named place
    assert out["classes"]["ALL"]["class"] == 1.0 and out["classes"]["MEETING"]["counterpart"] == 1.0
    assert out["cards"]["people"] == 1.0
    res = CliRunner().invoke(app, ["eval", "releases", str(DATA)])
    assert res.exit_code == 0 and "linked people (cards)" in res.output and "ALL" in res.output
    res = CliRunner().invoke(app, ["eval", "releases", str(DATA / "nope")])
    assert res.exit_code != 0
