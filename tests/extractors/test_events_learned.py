"""The learned trigger and argument layer beside the rules, on sentences written for this test,
and the switch that turns it off (``Options(learned_events=False)``)."""
import pandas as pd
import pytest

from pipeline.models.relations.model import available
from pipeline.run import Options, process
from pipeline.types import Document

EXTRACTORS = ("entities", "dates", "roles", "events")
TEXTS = {
    # "забастовка", "пожар", "эвакуация": happenings no rule type names
    "strike": "В понедельник в Самаре началась забастовка водителей автобусов.",
    "fire": "Вчера вечером на складе в Туле произошёл пожар, жильцов соседних домов эвакуировали.",
    "meeting": "Губернатор Олег Смирнов встретился с министром транспорта в Казани 5 мая 2022 года.",
}

pytestmark = pytest.mark.skipif(not available(), reason="no relation weights shipped")


@pytest.fixture(scope="module")
def both():
    docs = [Document(k, v, k) for k, v in TEXTS.items()]
    return (process(docs, Options(extractors=EXTRACTORS)),
            process(docs, Options(extractors=EXTRACTORS, learned_events=False)))


def test_rules_only_has_no_scores_and_no_other_events(both):
    _, rules = both
    ev = rules["events"]
    assert ev["score"].isna().all()
    assert "OTHER" not in set(ev["type"].astype(str))
    assert rules["event_arguments"]["score"].isna().all()


def test_learned_layer_adds_other_events_with_lemma_and_score(both):
    learned, _ = both
    ev = learned["events"]
    other = ev[ev["type"].astype(str) == "OTHER"]
    lemmas = set(other["lemma"])
    assert lemmas & {"забастовка", "пожар", "эвакуировать"}, lemmas
    assert other["score"].notna().all()
    assert ((other["score"] > 0) & (other["score"] <= 1)).all()


def test_rule_events_are_kept_and_scored(both):
    learned, rules = both
    key = ["doc_id", "type", "trigger_start", "trigger_end"]
    r = rules["events"][key].astype(str)
    kept = r.merge(learned["events"][key].astype(str), how="inner")
    assert len(kept) == len(r) and len(r) >= 1  # the learned layer never removes a rule event
    meet = learned["events"][learned["events"]["type"].astype(str) == "MEETING"]
    assert len(meet) == 1 and pd.notna(meet["score"].iloc[0])


def test_offsets_of_learned_rows_point_into_the_text(both):
    learned, _ = both
    for r in learned["events"].to_dict(orient="records"):
        assert TEXTS[r["doc_id"]][r["trigger_start"]:r["trigger_end"]] == r["trigger"]
    for a in learned["event_arguments"].to_dict(orient="records"):
        assert TEXTS[a["doc_id"]][a["start"]:a["end"]] == a["text"]


def test_the_switch_is_part_of_the_resume_key():
    assert Options().key() != Options(learned_events=False).key()


def test_trigger_features_of_a_token_and_of_its_documents_view():
    """Training reads the trigger features a token at a time, the run time from one view of the
    document: both go through ``trigger_features_at``, and the cached view follows the document."""
    from pipeline.models.relations.features import DocView, trigger_features, trigger_features_at
    from pipeline.nlp import load

    nlp = load(("natasha_sentencizer", "natasha_morph", "natasha_syntax"))
    one = nlp("Министр подписал соглашение с компанией «Ромашка» в Казани. Встреча прошла 5 мая.")
    two = nlp("Сбербанк и ВТБ подписали меморандум.")
    signed = next(t for t in one if t.text == "подписал")
    f = trigger_features(signed, "AGREEMENT", "")
    assert {"l=подписать", "p=VERB", "l-1=министр", "l+1=соглашение", "lex=AGREEMENT"} <= set(f), f
    assert f"cd=nsubj|{signed.pos_}" in f
    first = trigger_features(two[0], "", "ORG")  # another document: another view
    assert "l-1=<s>" in first and "m=ORG" in first and "l=сбербанк" in first
    assert trigger_features(signed, "AGREEMENT", "") == f == trigger_features_at(DocView(one), signed.i, "AGREEMENT", "")
    meeting = next(t for t in one if t.text == "Встреча")  # a sentence start inside the text
    assert "l-1=<s>" in trigger_features(meeting) and "cap=False|NOUN" in trigger_features(meeting)


def test_a_date_the_resolver_cannot_place_is_still_the_events_time():
    """No publication date: "17 января" has no value, yet it is when the fire happened."""
    text = "17 января в Туле произошёл пожар на складе."
    t = process([Document("fire", text, "fire")], Options(extractors=EXTRACTORS))
    d = t["dates"]
    assert d["text"].tolist() == ["17 января"] and d["value"].isna().all()
    fire = t["events"][t["events"]["lemma"] == "пожар"]
    assert len(fire) == 1
    args = t["event_arguments"]
    time = args[(args["event_id"] == fire["event_id"].iloc[0]) & (args["role"] == "TIME")]
    assert time["text"].tolist() == ["17 января"]
    assert text[time["start"].iloc[0]:time["end"].iloc[0]] == "17 января"


def test_a_duration_is_no_events_time():
    from pipeline.extractors.events.learned import UNPLACED_KINDS

    text = "В течение пяти дней в Туле шла забастовка водителей."
    t = process([Document("strike", text, "strike")], Options(extractors=EXTRACTORS))
    assert set(t["dates"]["kind"].astype(str)) <= set(UNPLACED_KINDS)
    assert "TIME" not in set(t["event_arguments"]["role"].astype(str))


def test_the_entity_taggers_event_spans_become_events(monkeypatch):
    """ "Шукшинские дни" is an EVENT span of the entity tagger that the trigger model alone leaves
    under its threshold; with the tagger's spans it is an OTHER event, off without them."""
    import pipeline.extractors.events.learned as learned

    text = "Фестиваль «Шукшинские дни на Алтае» откроется в Барнауле."
    docs = [Document("fest", text, "fest")]
    on = process(docs, Options(extractors=EXTRACTORS))["events"]
    monkeypatch.setattr(learned, "TAGGER_EVENTS", False)
    off = process(docs, Options(extractors=EXTRACTORS))["events"]
    added = on[~on["trigger_start"].isin(off["trigger_start"])]
    assert added["trigger"].tolist() == ["дни"] and added["type"].astype(str).tolist() == ["OTHER"]
    assert (added["score"] >= learned.TAGGER_EVENT_MIN).all()
    assert len(off) == len(on) - 1


def test_a_facility_of_the_tagger_is_a_place_candidate():
    """The argument model learned NEREL's FACILITY as a place; the run time offers the tagger's
    FACILITY mentions that no PER/ORG/LOC mention covers."""
    from pipeline.extractors.common import MentionIndex
    from pipeline.extractors.entities.mentions import Mention
    from pipeline.extractors.events.learned import candidates
    from pipeline.nlp import load

    nlp = load(("natasha_sentencizer", "natasha_morph", "natasha_syntax"))
    doc = nlp("Концерт прошёл на стадионе Лужники вчера.")
    fac = Mention(start=doc[3].idx, end=doc[4].idx + len(doc[4].text), label="FACILITY",
                  text="стадионе Лужники", normal="стадион Лужники", sentence_id=0, tokens=(3, 5))
    sent = next(doc.sents)
    mi = MentionIndex({}, [], [], [], [fac])
    got = [(typ, obj) for _, typ, obj in candidates(doc, mi, [], sent)]
    assert got == [("LOC", fac)]
    loc = Mention(start=doc[4].idx, end=doc[4].idx + len(doc[4].text), label="LOC", text="Лужники",
                  normal="Лужники", sentence_id=0, tokens=(4, 5))
    covered = MentionIndex({4: loc}, [loc], [], [], [fac])
    assert [obj for _, _, obj in candidates(doc, covered, [], sent)] == [loc]  # the rules' mention only
