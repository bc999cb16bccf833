"""Issue 25, case 5: a per-document time budget turns a runaway document into an errors row
(``timeout``) while the rest of the run completes."""
import pipeline
import importlib

process = importlib.import_module("pipeline.run.process")
from pipeline.extractors.roles import learned

OK = "Губернатор Тулы Алексей Дюмин посетил завод 3 марта 2021 года."
RUNAWAY = "Министр финансов Антон Силуанов выступил в Казани. ЗАВИСАНИЕ."


def _hang_on_marker(monkeypatch):
    real = learned.learned_roles

    def hang(sdoc, *a, **k):
        if "ЗАВИСАНИЕ" in sdoc.text:
            while True:  # a runaway stage: only the budget stops it
                pass
        return real(sdoc, *a, **k)

    monkeypatch.setattr(learned, "learned_roles", hang)
    monkeypatch.setattr(process, "DOC_SECONDS", 1.0)
    monkeypatch.setattr(process, "DOC_CHARS_PER_SECOND", 10 ** 6)


def test_a_runaway_document_is_a_timeout_row_and_the_rest_completes(monkeypatch):
    _hang_on_marker(monkeypatch)
    t = pipeline.extract(texts={"a": OK, "slow": RUNAWAY, "b": OK})
    errs = t["errors"]
    assert errs["error"].tolist() == ["timeout"] and errs["doc_id"].tolist() == ["slow"]
    assert errs["stage"].iloc[0] == "extract:roles"
    docs = t["documents"].set_index("doc_id")["status"].to_dict()
    assert docs == {"a": "ok", "slow": "error", "b": "ok"}
    assert set(t["roles"]["doc_id"]) == {"a", "b"}
    assert "slow" not in set(t["mentions"]["doc_id"])  # no half-extracted rows


def test_a_runaway_window_costs_the_whole_document_once(monkeypatch):
    _hang_on_marker(monkeypatch)
    long = (OK + " ") * 40 + RUNAWAY  # ~2,600 characters: windows of 1,000
    t = pipeline.extract(texts={"long": long, "b": OK}, window_chars=1000)
    assert t["errors"]["error"].tolist() == ["timeout"] and t["errors"]["doc_id"].tolist() == ["long"]
    assert t["documents"].set_index("doc_id")["status"].to_dict() == {"long": "error", "b": "ok"}
    assert "long" not in set(t["mentions"]["doc_id"])
