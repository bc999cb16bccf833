"""factRuEval reader and scorers on a small corpus written in the same file format."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.eval.factru import read_corpus
from pipeline.eval.scoring import (
    PRF,
    format_table,
    score_events_against_facts,
    score_mentions,
    score_occupations,
)

T2 = (
    "Генеральный директор компании «Ромашка» Иван Петров встретился в Казани с мэром города "
    "Олегом Сидоровым. Петров рассказал о проекте «Сад»."
)
T10 = (
    "Банк «Восток» купил у ООО «Заря» здание на улице Ленина в Самаре.\n"
    "Сделку одобрил совет директоров банка."
)


def at(text: str, sub: str, n: int = 0) -> tuple[int, int]:
    """(start, end) of the n-th occurrence of ``sub``."""
    starts = [m.start() for m in re.finditer(re.escape(sub), text)]
    return starts[n], starts[n] + len(sub)


def write_doc(root: Path, stem: str, text: str, spans, objects, coref, facts, stored_text=None):
    """spans: [(id, type, sub, occurrence)]; objects: [(id, Type, [span ids])];
    coref: [(group id, [object ids])]; facts: raw text of the .facts file."""
    tokens = [(1000 + i, m.start(), m.group()) for i, m in enumerate(re.finditer(r"\w+|[^\w\s]", text))]
    (root / f"{stem}.tokens").write_text(
        "".join(f"{i} {s} {len(t)} {t}\n" for i, s, t in tokens), encoding="utf-8"
    )
    span_lines, span_text = [], {}
    for sid, stype, sub, n in spans:
        s, e = at(text, sub, n)
        toks = [i for i, ts, t in tokens if s <= ts < e]
        span_lines.append(
            f"{sid} {stype} {s} {e - s} {toks[0]} {len(toks)}  # {' '.join(map(str, toks))} {text[s:e]}\n"
        )
        span_text[sid] = text[s:e]
    (root / f"{stem}.spans").write_text("".join(span_lines), encoding="utf-8")
    (root / f"{stem}.objects").write_text(
        "".join(
            f"{oid} {otype} {' '.join(sids)} # {' '.join(span_text[s] for s in sids)}\n"
            for oid, otype, sids in objects
        ),
        encoding="utf-8",
    )
    (root / f"{stem}.coref").write_text(
        "".join(f"{gid} {' '.join(oids)}\nname x\n\n" for gid, oids in coref), encoding="utf-8"
    )
    (root / f"{stem}.facts").write_text(facts, encoding="utf-8")
    with open(root / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(text if stored_text is None else stored_text)


FACTS_2 = """2-0 Occupation
Who obj1 Петров Иван
Position span1 генеральный директор
Where obj2 Ромашка

2-1 Occupation
Who obj4 Сидоров Олег
Position span7 мэр
Where obj3 Казань
Фаза начало
2-2 Occupation
Who obj4 Сидоров Олег
Where obj3 Казань

2-3 Meeting
Participant obj1 Петров Иван
Participant obj4 Сидоров Олег
"""

FACTS_10 = """10-0 Deal
Participant obj11 Восток
Participant obj12 Заря
Type купля/продажа

10-1 Deal
Participant obj11 Восток
Participant obj12 Заря
Type купля/продажа
Модальность завершено в прошлом

10-2 isPartOf
Part obj15 совет директоров банка Восток
Whole obj11 Восток
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_doc(
        tmp_path,
        "book_2",
        T2,
        spans=[
            ("1", "job", "Генеральный директор", 0),
            ("2", "org_descr", "компании", 0),
            ("3", "org_name", "Ромашка", 0),
            ("4", "name", "Иван", 0),
            ("5", "surname", "Петров", 0),
            ("5", "nickname", "Петров", 0),  # a repeated span id, as in the corpus
            ("6", "loc_name", "Казани", 0),
            ("7", "job", "мэром", 0),
            ("8", "name", "Олегом", 0),
            ("9", "surname", "Сидоровым", 0),
            ("10", "surname", "Петров", 1),
            ("11", "prj_name", "Сад", 0),
        ],
        objects=[
            ("101", "Person", ["4", "5"]),
            ("102", "Person", ["10"]),
            ("103", "Org", ["2", "3"]),
            ("104", "Org", ["2", "3"]),  # same span and label: one gold mention
            ("105", "LocOrg", ["6"]),
            ("106", "Person", ["8", "9"]),
            ("107", "Project", ["11"]),
        ],
        coref=[("1", ["101", "102"]), ("2", ["103", "104"]), ("3", ["105"]), ("4", ["106"]), ("5", ["107"])],
        facts=FACTS_2,
    )
    # Stored with a BOM and CRLF line ends while the offsets count neither.
    write_doc(
        tmp_path,
        "book_10",
        T10,
        spans=[
            ("21", "org_descr", "Банк", 0),
            ("22", "org_name", "Восток", 0),
            ("23", "org_descr", "ООО", 0),
            ("24", "org_name", "Заря", 0),
            ("25", "loc_descr", "улице", 0),
            ("26", "loc_name", "Ленина", 0),
            ("27", "loc_name", "Самаре", 0),
            ("28", "org_descr", "банка", 0),
            ("29", "org_descr", "совет директоров", 0),
        ],
        objects=[
            ("201", "Org", ["21", "22"]),
            ("202", "Org", ["23", "24"]),
            ("203", "Location", ["25", "26"]),
            ("204", "LocOrg", ["27"]),
            ("205", "Org", ["28"]),
            ("206", "Org", ["29", "28"]),
        ],
        coref=[("11", ["201", "205"]), ("12", ["202"]), ("13", ["203"]), ("14", ["204"]), ("15", ["206"])],
        facts=FACTS_10,
        stored_text="\ufeff" + T10.replace("\n", "\r\n"),
    )
    return tmp_path


def mentions(doc):
    return [(doc.text[m.start : m.end], m.label) for m in doc.mentions]


def test_read_corpus_docs_and_mentions(corpus):
    docs = read_corpus(corpus)
    assert [d.doc_id for d in docs] == ["book_2", "book_10"]  # numeric order, not lexical
    d2, d10 = docs
    assert d2.text == T2
    assert mentions(d2) == [
        ("компании «Ромашка", "ORG"),
        ("Иван Петров", "PER"),
        ("Казани", "LOC"),
        ("Олегом Сидоровым", "PER"),
        ("Петров", "PER"),
    ]
    assert all(m.text == d2.text[m.start : m.end] for m in d2.mentions)
    assert {m.object_id for m in d2.mentions if m.label == "ORG"} == {"103"}
    # BOM dropped and CRLF folded because that is what the offsets count.
    assert d10.text == T10
    assert mentions(d10) == [
        ("Банк «Восток", "ORG"),
        ("ООО «Заря", "ORG"),
        ("улице Ленина", "LOC"),
        ("Самаре", "LOC"),
        ("совет директоров банка", "ORG"),
        ("банка", "ORG"),
    ]


def test_read_corpus_name_spans_mode(corpus):
    d2, d10 = read_corpus(corpus, mentions="names")
    assert mentions(d2) == [
        ("Ромашка", "ORG"),
        ("Иван Петров", "PER"),
        ("Казани", "LOC"),
        ("Олегом Сидоровым", "PER"),
        ("Петров", "PER"),
    ]
    # Org objects made only of descriptors have no name span and vanish.
    assert mentions(d10) == [("Восток", "ORG"), ("Заря", "ORG"), ("Ленина", "LOC"), ("Самаре", "LOC")]
    with pytest.raises(ValueError):
        read_corpus(corpus, mentions="bogus")


def test_read_corpus_keeps_crlf_when_offsets_count_it(tmp_path):
    text = "Вчера в Омске.\r\nИван Петров приехал."
    write_doc(tmp_path, "book_1", text, [("1", "name", "Иван", 0), ("2", "surname", "Петров", 0)],
              [("1", "Person", ["1", "2"])], [("1", ["1"])], "")
    (doc,) = read_corpus(tmp_path)
    assert doc.text == text
    assert mentions(doc) == [("Иван Петров", "PER")]


def test_read_corpus_facts(corpus):
    d2, d10 = read_corpus(corpus)
    assert [(f.fact_id, f.type) for f in d2.facts] == [
        ("2-0", "Occupation"),
        ("2-1", "Occupation"),
        ("2-2", "Occupation"),
        ("2-3", "Meeting"),
    ]
    occ = d2.facts[0]
    assert [f for f, _ in occ.args] == ["Who", "Position", "Where"]
    # obj1 is a coref group: the argument covers both mentions of Петров.
    assert occ.args_by_field("Who") == [[at(T2, "Иван Петров"), at(T2, "Петров", 1)]]
    assert occ.position_spans == [[at(T2, "Генеральный директор")]]
    assert occ.position_values == ["генеральный директор"]
    assert occ.args_by_field("Where") == [[at(T2, "компании «Ромашка")]]
    assert d2.facts[1].attribute("Фаза") == "начало"
    assert d2.facts[2].position_spans == []  # block opened without a blank line before it
    deal = d10.facts[0]
    assert deal.attribute("Type") == "купля/продажа"
    assert deal.args_by_field("Participant") == [
        [at(T10, "Банк «Восток"), at(T10, "банка")],
        [at(T10, "ООО «Заря")],
    ]
    assert d10.facts[2].args_by_field("Part") == [[at(T10, "совет директоров банка")]]


def test_score_mentions_by_hand(corpus):
    docs = read_corpus(corpus)
    pred = {
        "book_2": [
            (*at(T2, "Иван Петров"), "PER"),  # tp
            (*at(T2, "Петров", 1), "PER"),  # tp
            (*at(T2, "Сидоровым"), "PER"),  # fp; gold "Олегом Сидоровым" fn
            (*at(T2, "Ромашка"), "ORG"),  # fp; gold "компании «Ромашка" fn
            (*at(T2, "Казани"), "LOC"),  # tp
            (*at(T2, "Казани"), "LOC"),  # duplicate counts once
            (*at(T2, "Казани"), "ORG"),  # fp
        ],
        "book_999": [(0, 4, "PER")],  # not in gold: ignored
    }  # book_10 absent: its 4 ORG and 2 LOC are fn
    s = score_mentions(docs, pred)
    assert (s["PER"].tp, s["PER"].fp, s["PER"].fn) == (2, 1, 1)
    assert (s["ORG"].tp, s["ORG"].fp, s["ORG"].fn) == (0, 2, 5)
    assert (s["LOC"].tp, s["LOC"].fp, s["LOC"].fn) == (1, 0, 2)
    assert (s["ALL"].tp, s["ALL"].fp, s["ALL"].fn) == (3, 3, 8)
    assert s["PER"].precision == pytest.approx(2 / 3)
    assert s["LOC"].recall == pytest.approx(1 / 3)
    assert s["LOC"].f1 == pytest.approx(0.5)
    assert PRF(0, 0, 0).f1 == 0.0


def role(person, position):
    return {
        "person_start": person[0],
        "person_end": person[1],
        "position_start": position[0] if position else None,
        "position_end": position[1] if position else None,
    }


def test_score_occupations(corpus):
    docs = read_corpus(corpus)
    roles = [
        role(at(T2, "Петров", 1), at(T2, "директор")),  # matches 2-0 through the coref mention
        role(at(T2, "Иван Петров"), at(T2, "Генеральный директор")),  # 2-0 already taken: fp
        role(at(T2, "Сидоровым"), at(T2, "города")),  # position misses "мэром": fp
        role(at(T2, "Сидоровым"), None),  # no position: fp
    ]
    s = score_occupations(docs, {"book_2": roles})
    # 2-2 has no position and is not a target.
    assert (s.tp, s.fp, s.fn) == (1, 3, 1)
    roles.append(role(at(T2, "Олегом"), at(T2, "мэром")))
    s = score_occupations(docs, {"book_2": roles})
    assert (s.tp, s.fp, s.fn) == (2, 3, 0)


def test_score_occupations_counts_a_post_once_and_skips_occupations(corpus):
    docs = read_corpus(corpus)
    first = {**role(at(T2, "Петров", 1), at(T2, "директор")), "person_entity_id": "e1", "position": "директор"}
    again = {**role(at(T2, "Иван Петров"), at(T2, "Генеральный директор")), "person_entity_id": "e1",
             "position": "директор"}  # the same person and post named again: one fact, not a false positive
    s = score_occupations(docs, {"book_2": [first, again]})
    assert (s.tp, s.fp) == (1, 0)
    other = {**role(at(T2, "Сидоровым"), at(T2, "города")), "kind": "occupation"}
    s = score_occupations(docs, {"book_2": [first, other]})
    assert (s.tp, s.fp) == (1, 0)  # factRuEval's Occupation facts are posts in organisations
    s = score_occupations(docs, {"book_2": [first, {**other, "kind": "post"}]})
    assert (s.tp, s.fp) == (1, 1)


def test_score_occupations_accepts_job_field(tmp_path):
    text = "Директор завода Иван Петров."
    write_doc(tmp_path, "book_1", text,
              [("1", "job", "Директор", 0), ("2", "name", "Иван", 0), ("3", "surname", "Петров", 0)],
              [("1", "Person", ["2", "3"])], [("7", ["1"])],
              "1-0 Occupation\nWho obj7 Петров Иван\nJob span1 директор\n")
    docs = read_corpus(tmp_path)
    s = score_occupations(docs, {"book_1": [role(at(text, "Петров"), at(text, "Директор"))]})
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)


def test_score_events_against_facts(corpus):
    docs = read_corpus(corpus)
    meet = {
        "book_2": [
            {"type": "meeting", "arguments": [at(T2, "Петров", 1), at(T2, "Сидоровым")]},
            {"type": "meeting", "arguments": [at(T2, "Иван Петров")]},  # one participant only
        ]
    }
    s = score_events_against_facts(docs, meet, "Meeting")
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    one = {"book_2": [meet["book_2"][1]]}
    s = score_events_against_facts(docs, one, "Meeting")
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)
    s = score_events_against_facts(docs, one, "Meeting", min_participants=1)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)

    deal = {
        "book_10": [
            # "банка" is a coreferent mention of the buyer; 10-0 and 10-1 are one target.
            {"type": "deal", "arguments": [at(T10, "банка"), at(T10, "Заря")]},
            {"type": "meeting", "arguments": [at(T10, "Банк"), at(T10, "ООО")]},
        ]
    }
    s = score_events_against_facts(docs, deal, "Deal", event_types={"deal"})
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    s = score_events_against_facts(docs, deal, "Deal")
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    s = score_events_against_facts(docs, {}, "Deal")
    assert (s.tp, s.fp, s.fn) == (0, 0, 1)


def test_format_table():
    rows = {"PER": PRF(2, 1, 1), "ORG": PRF(0, 2, 5)}
    table = format_table(rows)
    lines = table.splitlines()
    assert lines[0].split() == ["label", "TP", "FP", "FN", "P", "R", "F1"]
    assert lines[2].split() == ["PER", "2", "1", "1", "0.667", "0.667", "0.667"]
    assert lines[3].split() == ["ORG", "0", "2", "5", "0.000", "0.000", "0.000"]
    with_base = format_table(rows, baseline={"PER": PRF(1, 1, 1)})
    per = with_base.splitlines()[2].split()
    assert per[-2:] == ["0.500", "+0.167"]
    assert with_base.splitlines()[3].split()[-2:] == ["-", "-"]
