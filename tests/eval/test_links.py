"""``rupress eval links``: B³ against Wikidata links on a tiny brat folder written here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.eval.links import LinkItem, b_cubed, match, parse_links, read_items, score_links

DOCS = {
    "1_text": "Министр финансов Иван Петров прилетел в Казань.\nПетров встретился с президентом Татарстана.",
    "2_text": "Иван Петров и мэр города Казани обсудили бюджет.",
}
# (doc, T id, type, the mention, occurrence, Wikidata id or None)
ENTS = [
    ("1_text", "T1", "PERSON", "Иван Петров", 0, "Q1"),
    ("1_text", "T2", "CITY", "Казань", 0, "Q900"),
    ("1_text", "T3", "PERSON", "Петров", 1, "Q1"),
    ("1_text", "T4", "STATE_OR_PROVINCE", "Татарстана", 0, None),
    ("1_text", "T5", "PROFESSION", "Министр финансов", 0, "Q7"),
    ("2_text", "T1", "PERSON", "Иван Петров", 0, "Q1"),
    ("2_text", "T2", "CITY", "Казани", 0, "Q900"),
]


def at(doc: str, sub: str, n: int = 0) -> tuple[int, int]:
    s = [m.start() for m in re.finditer(re.escape(sub), DOCS[doc])][n]
    return s, s + len(sub)


def write(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for doc, text in DOCS.items():
        lines, k = [], 0
        for d, tid, typ, sub, n, q in ENTS:
            if d != doc:
                continue
            s, e = at(doc, sub, n)
            lines.append(f"{tid}\t{typ} {s} {e}\t{sub}")
            k += 1
            lines.append(f"N{k}\tReference {tid} Wikidata:{q or 'NULL'}\t{sub}")
        (root / f"{doc}.txt").write_text(text, encoding="utf-8")
        (root / f"{doc}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_parse_links_skips_null_and_other_lines():
    lines = ["T1\tCITY 0 6\tКазань", "N1\tReference T1 Wikidata:Q900\tКазань", "N2\tReference T2 Wikidata:NULL\t",
             "R1\tWORKS_AS Arg1:T1 Arg2:T2"]
    assert parse_links(lines) == {"T1": "Q900"}


def test_read_items_keeps_linked_people_orgs_places(tmp_path):
    _, items = read_items(write(tmp_path / "n"))
    # the unlinked region and the profession are not items
    assert [(i.doc_id, i.text, i.label, i.qid) for i in items] == [
        ("1_text", "Иван Петров", "PER", "Q1"), ("1_text", "Казань", "LOC", "Q900"), ("1_text", "Петров", "PER", "Q1"),
        ("2_text", "Иван Петров", "PER", "Q1"), ("2_text", "Казани", "LOC", "Q900")]
    for i in items:
        assert DOCS[i.doc_id][i.start:i.end] == i.text


def test_b_cubed_by_hand():
    # gold {0,1,2} {3}; system {0,1} {2,3}
    s = b_cubed(["a", "a", "a", "b"], ["x", "x", "y", "y"], ["PER", "PER", "PER", "LOC"], ("PER", "LOC"))
    p = (1 + 1 + 0.5 + 0.5) / 4
    r = (2 / 3 + 2 / 3 + 1 / 3 + 1) / 4
    assert s["ALL"][:2] == pytest.approx((p, r))
    assert s["ALL"][2] == pytest.approx(2 * p * r / (p + r))
    assert s["LOC"][:2] == pytest.approx((0.5, 1.0)) and s["LOC"][3] == 1
    assert b_cubed(["a", "a"], ["x", "x"])["ALL"][2] == 1.0


def test_match_exact_then_lower_case_descriptor_only():
    text = "мэр города Казани и Банк России"
    items = [LinkItem("d", text.index("Казани"), text.index("Казани") + 6, "LOC", "Q900", "Казани"),
             LinkItem("d", text.index("России"), len(text), "LOC", "Q159", "России")]
    mentions = {"d": [(text.index("города"), text.index("Казани") + 6, "e1", "c1"),
                      (text.index("Банк"), len(text), "e2", "c2")]}
    # the descriptor "города " is skipped; "Банк " is a name, not a descriptor: the country is unmatched
    assert match(items, mentions, {"d": text}) == [("e1", "c1"), None]


def test_score_links_split_and_ceiling():
    items = [LinkItem("1", 0, 1, "PER", "Q1", "a"), LinkItem("2", 0, 1, "PER", "Q1", "a"),
             LinkItem("2", 2, 3, "LOC", "Q2", "b")]
    rep = score_links(items, [("e1", "c1"), ("e2", "c2"), None], "sys")
    assert rep.matched == 2
    assert rep.within["ALL"][2] == 1.0            # every document cluster is right
    assert rep.across["PER"][1] == pytest.approx(0.5)   # the person is split across the documents
    assert rep.ceiling_across["PER"][2] == 1.0


def test_eval_links_cli_on_tiny_folder(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli.app import app

    res = CliRunner().invoke(app, ["eval", "links", str(write(tmp_path / "n")), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) == {"rupress", "natasha"}
    for sysname in out:
        assert out[sysname]["items"] == 5
        assert out[sysname]["documents"] == len(DOCS)
        for lab in ("ALL", "PER", "LOC"):
            assert 0.0 <= out[sysname]["across"][lab]["f1"] <= 1.0
    # rupress joins "Петров" to "Иван Петров" in its document and the person across both documents
    assert out["rupress"]["within"]["PER"]["f1"] == 1.0
    assert out["rupress"]["across"]["PER"]["f1"] == 1.0
    # Natasha's normal forms keep "Петров" apart from "Иван Петров"
    assert out["natasha"]["within"]["PER"]["f1"] < 1.0
    # the text report counts the documents it scored (with --limit, only those)
    res = CliRunner().invoke(app, ["eval", "links", str(tmp_path / "n"), "--limit", "1", "--no-baseline"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("NEREL Wikidata links: 1 documents from ")
