"""NEREL reader, scorer and ``rupress eval nerel`` on a tiny brat folder written here."""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.eval.nerel import LABEL_MAP, parse_ann, read_corpus, score

TEXT = (
    "Министр финансов Иван Петров посетил Казань.\n"
    "Правительство Татарстана и компания «Ромашка» подписали соглашение."
)


def at(sub: str, n: int = 0) -> tuple[int, int]:
    s = [m.start() for m in re.finditer(re.escape(sub), TEXT)][n]
    return s, s + len(sub)


def ann_lines() -> list[str]:
    ents = [
        ("T1", "PROFESSION", "Министр финансов"),
        ("T2", "PROFESSION", "Министр"),
        ("T3", "PERSON", "Иван Петров"),
        ("T4", "CITY", "Казань"),
        ("T5", "ORGANIZATION", "Правительство Татарстана"),
        ("T6", "STATE_OR_PROVINCE", "Татарстана"),
        ("T7", "ORGANIZATION", "Ромашка"),
    ]
    out = [f"{tid}\t{typ} {at(sub)[0]} {at(sub)[1]}\t{sub}" for tid, typ, sub in ents]
    s1, e1 = at("компания")
    s2, e2 = at("«Ромашка»")
    out.append(f"T8\tORGANIZATION {s1} {e1};{s2} {e2}\tкомпания «Ромашка»")
    out.append("R1\tWORKS_AS Arg1:T3 Arg2:T1")
    out.append("N1\tReference T4 Wikidata:Q900\tКазань")
    return out


def write(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "1_text.txt").write_text(TEXT, encoding="utf-8")
    (root / "1_text.ann").write_text("\n".join(ann_lines()) + "\n", encoding="utf-8")
    return root


def test_parse_ann_entities_relations_and_discontinuous_span():
    ents, rels = parse_ann(ann_lines())
    assert [e.entity_id for e in ents] == [f"T{i}" for i in range(1, 9)]
    t8 = ents[-1]
    assert (t8.start, t8.end) == (at("компания")[0], at("«Ромашка»")[1])
    assert rels == [("WORKS_AS", "T3", "T1")]
    assert {e.label for e in ents} == {"PROFESSION", "PER", "LOC", "ORG"}
    assert LABEL_MAP["STATE_OR_PROVINCE"] == "LOC"


def test_read_corpus_offsets_point_at_text(tmp_path):
    docs = read_corpus(write(tmp_path / "nerel"))
    assert [d.doc_id for d in docs] == ["1_text"]
    for e in docs[0].entities[:7]:
        assert docs[0].text[e.start:e.end] == e.text


def test_score_exact_span_nested_gold():
    docs = read_corpus(write(Path(__import__("tempfile").mkdtemp()) / "n"))
    pred = {"1_text": [
        (*at("Иван Петров"), "PER"),
        (*at("Казань"), "LOC"),
        (*at("Правительство Татарстана"), "ORG"),
        (*at("Татарстан"), "LOC"),          # wrong span
        (*at("Министр финансов"), "PROFESSION"),
        (*at("Министр"), "PROFESSION"),
        (*at("Министр"), "PROFESSION"),     # duplicate counts once
        (*at("Ромашка"), "ORGANIZATION"),   # NEREL spelling is mapped
        (*at("соглашение"), "EVENT"),       # a label not asked for is ignored
    ]}
    s = score(docs, pred, ["PER", "ORG", "LOC", "PROFESSION"])
    assert (s["PER"].tp, s["PER"].fp, s["PER"].fn) == (1, 0, 0)
    assert (s["LOC"].tp, s["LOC"].fp, s["LOC"].fn) == (1, 1, 1)
    assert (s["ORG"].tp, s["ORG"].fp, s["ORG"].fn) == (2, 0, 1)
    assert (s["PROFESSION"].tp, s["PROFESSION"].fp, s["PROFESSION"].fn) == (2, 0, 0)
    assert s["ALL"].tp == 6 and s["ALL"].fp == 1 and s["ALL"].fn == 2


def test_eval_nerel_report(tmp_path):
    from pipeline.eval.nerel_runner import evaluate_nerel

    report = evaluate_nerel(write(tmp_path / "nerel"), baseline=True)
    assert "NEREL: 1 document from" in report
    for label in ("PER", "ORG", "LOC", "ALL", "base F1"):
        assert label in report
