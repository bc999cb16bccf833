"""02_evaluation's own sample is scored the way factRuEval is (issue 25: it reported a false miss,
``Компания «Северная верфь»`` written with its closing quote, which the scoring leaves out)."""
import json
from pathlib import Path

import pandas as pd

from pipeline.eval.runner import mentions_by_doc

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_evaluation.ipynb"


def _sample_cell() -> dict:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    imports = code[0].split("ROOT =")[0]  # the imports, without the paths
    sample = next(c for c in code if "SAMPLE = [" in c).split("if FACTRU.is_dir()")[0]
    ns: dict = {}
    exec(imports.replace("import matplotlib.pyplot as plt\n", "") + sample, ns)  # noqa: S102 - our own notebook
    return ns


def test_the_sample_gold_matches_a_perfect_prediction():
    ns = _sample_cell()
    gold = ns["sample_gold"]()
    # what rupress writes when it finds every sample mention: the mention as spelled, full span
    rows = [{"doc_id": d, "start": t.index(m), "end": t.index(m) + len(m), "label": lab, "text": m, "normal": m}
            for d, t, marks in ns["SAMPLE"] for m, lab in marks]
    pred = {(d, s, e, lab) for d, ms in mentions_by_doc({"mentions": pd.DataFrame(rows)}).items() for s, e, lab in ms}
    gold_set = {(g.doc_id, m.start, m.end, m.label) for g in gold for m in g.mentions}
    assert pred == gold_set, (gold_set - pred, pred - gold_set)
    assert any("«" in m for _, _, marks in ns["SAMPLE"] for m, _ in marks)  # the case is in the sample
    for g in gold:  # offsets are sacred in the gold as well
        assert all(g.text[m.start:m.end] == m.text for m in g.mentions)
