"""Issue 25, case 11: running out of memory in the corpus-wide linking is one line and exit 2, the
finished chunks kept for the same command to resume; the linker numbers documents (4 bytes a pair)."""
from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.link import corpus

TEXT = "Мэр Москвы Сергей Собянин открыл парк. Сергей Собянин поблагодарил строителей."


def test_out_of_memory_while_linking_is_one_line_and_resumable(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    calls = []

    def starved(parts, docs, seen):
        for ents in parts:
            seen[0] += len(ents)
            calls.append(len(ents))
        raise MemoryError()

    monkeypatch.setattr(corpus, "_link_parts", starved)
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(out), "-q"])
    assert calls and r.exit_code == 2, (r.exit_code, r.output, r.exception)
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.output, r.output
    assert "out of memory linking entities" in lines[0] and f"after {sum(calls)} entity rows" in lines[0]
    assert "resumes" in lines[0] and any((out / ".rupress-parts").iterdir())
    monkeypatch.undo()
    r = CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt"), "--out", str(out)])
    assert r.exit_code == 0 and "1 chunk resumed" in r.output, r.output


def test_documents_are_counted_once_per_name():
    ents = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "label": ["PER"] * 4,
                         "name": ["Сергей Собянин"] * 4, "abbreviation": [None] * 4, "n_mentions": [1, 2, 1, 1],
                         "entity_id": ["a:e1", "a:e2", "b:e1", "c:e1"], "entity_idx": [0, 1, 0, 0]})
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "published_at": ["2021-03-12", "1000-01-01", "2020-01-05"]})
    cids, ce = corpus.link_entities(ents, docs)
    assert len(set(cids)) == 1 and len(ce) == 1
    row = ce.iloc[0]
    assert (row["n_documents"], row["n_mentions"]) == (3, 5)
    assert (row["first_seen"], row["last_seen"]) == ("2020-01-05", "2021-03-12")  # year 1000 is set aside
