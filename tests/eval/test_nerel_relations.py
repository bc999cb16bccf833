"""The NEREL relation scorer: overlap on both ends, one to one, ARGUMENT = AGENT ∪ PARTICIPANT_IN."""
import pandas as pd

from pipeline.eval.nerel import parse_ann, NerelDoc
from pipeline.eval.nerel_relations import gold_events, gold_relations, match, predictions, score

ANN = """T1\tPERSON 0 10\tIvan Petro
T2\tEVENT 11 20\tvisited X
T3\tCITY 21 27\tKazan.
T4\tDATE 28 32\t2020
T5\tEVENT 11 18\tvisited
R1\tAGENT Arg1:T1 Arg2:T2
R2\tTAKES_PLACE_IN Arg1:T2 Arg2:T3
R3\tPOINT_IN_TIME Arg1:T2 Arg2:T4
R4\tPOINT_IN_TIME Arg1:T2 Arg2:T4
"""


def doc():
    ents, rels = parse_ann(ANN.splitlines())
    return NerelDoc("d", "x" * 40, ents, rels)


def test_gold_read_and_deduplicated():
    d = doc()
    assert gold_events(d) == [(11, 18), (11, 20)]
    rels = gold_relations(d)
    assert ("ARGUMENT", (0, 10), (11, 20)) in rels
    assert sum(1 for r in rels if r[0] == "POINT_IN_TIME") == 1


def test_match_is_one_to_one_on_overlap():
    gold = [((0, 5), (10, 12))]
    assert match(gold, [((1, 2), (11, 20)), ((0, 5), (10, 12))], key=lambda x: x).tp == 1
    prf = match(gold, [((1, 2), (11, 20)), ((0, 5), (10, 12))], key=lambda x: x)
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 0)
    assert match(gold, [((5, 6), (10, 12))], key=lambda x: x).tp == 0


def test_score_reads_tables():
    t = {
        "events": pd.DataFrame([{"doc_id": "d", "event_id": "e1", "trigger_start": 11, "trigger_end": 18,
                                 "location_entity_id": "L"}]),
        "event_arguments": pd.DataFrame([
            {"event_id": "e1", "doc_id": "d", "role": "AGENT", "start": 5, "end": 10, "entity_id": "P"},
            {"event_id": "e1", "doc_id": "d", "role": "TIME", "start": 28, "end": 32, "entity_id": None}]),
        "mentions": pd.DataFrame([{"entity_id": "L", "start": 21, "end": 26}]),
        "roles": pd.DataFrame(columns=["doc_id", "person_start", "person_end", "position_start",
                                       "position_end", "org_entity_id"]),
    }
    ev, rels = predictions(t)
    res = score([doc()], ev, rels)
    assert (res["EVENT"].tp, res["EVENT"].fp, res["EVENT"].fn) == (1, 0, 1)
    for r in ("AGENT", "ARGUMENT", "TAKES_PLACE_IN", "POINT_IN_TIME"):
        assert res[r].tp == 1 and res[r].fp == 0, r
