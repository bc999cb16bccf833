"""The rupress_* spaCy components: the tables of ``process`` on ``Doc._``, mentions in ``doc.ents``,
and a saved pipeline that ``spacy.load`` reads in a fresh interpreter."""
import json
import subprocess
import sys

import pandas as pd
import pytest
from spacy import displacy

from pipeline.nlp import DEFAULT_COMPONENTS, NATASHA_COMPONENTS, RUPRESS_COMPONENTS, load
from pipeline.run import Options, process
from pipeline.tables import frame
from pipeline.text import normalize
from pipeline.types import Document

TEXT = ("Губернатор Тульской области Алексей Дюмин назначил Ивана Петрова министром финансов региона. "
        "Представитель Министерства промышленности Норвегии 3 апреля открыл завод компании «Ромашка» в Туле.")


@pytest.fixture(scope="module")
def full():
    return load()


def run(nlp, text, doc_id=None, anchor=None):
    doc = nlp.make_doc(text)
    doc._.doc_id, doc._.anchor = doc_id, anchor
    return nlp(doc)


def test_load_gives_the_whole_system(full):
    assert DEFAULT_COMPONENTS == NATASHA_COMPONENTS + RUPRESS_COMPONENTS
    assert full.pipe_names == list(DEFAULT_COMPONENTS)
    meta = full.get_pipe_meta("rupress_entities")
    assert "doc.ents" in meta.assigns and "doc._.mentions" in meta.assigns and "doc.ents" in meta.requires
    assert full.get_pipe_meta("rupress_events").requires[:3] == ["doc._.mentions", "doc._.entities", "doc._.dates"]


def test_components_give_the_tables_of_process(full):
    assert normalize(TEXT).text == TEXT  # offsets agree only on normal text
    doc = run(full, TEXT, doc_id="d1", anchor="2024-03-12")
    tables = process([Document(doc_id="d1", text=TEXT, source="d1", published_at="2024-03-12")], Options())
    for name in ("mentions", "entities", "dates", "roles", "events", "event_arguments"):
        got = frame(name, getattr(doc._, name))
        pd.testing.assert_frame_equal(got.reset_index(drop=True), tables[name].reset_index(drop=True))
    assert len(doc._.roles) and len(doc._.events)


def test_ents_and_displacy_show_the_corrected_mentions(full):
    doc = run(full, TEXT)
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Министерства промышленности Норвегии", "ORG") in ents  # org_right_nmod, not the raw NER
    assert ("Тульской области", "LOC") in ents or ("Тульской области", "ORG") in ents
    nested = [(s.text, s.label_) for s in doc.spans["rupress"]]
    assert ("Норвегии", "LOC") in nested and ("Норвегии", "LOC") not in ents
    assert all(e.id_ == row["entity_id"] for e in doc.ents for row in doc._.mentions
               if (row["start"], row["end"]) == (e.start_char, e.end_char))
    html = displacy.render(doc, style="ent")
    assert "Министерства промышленности Норвегии" in html and "ORG" in html


def test_dates_resolve_against_the_anchor():
    nlp = load(config={"rupress_dates": {"anchor_date": "2015-06-01"}})
    doc = nlp("Завод открыли 3 апреля.")
    assert [(d["text"], d["value"]) for d in doc._.dates] == [("3 апреля", "2015-04-03")]
    assert [s.text for s in doc.spans["rupress_dates"]] == ["3 апреля"]
    doc = run(nlp, "Завод открыли 3 апреля.", anchor="2020-05-10")  # doc._.anchor wins
    assert doc._.dates[0]["value"] == "2020-04-03"


def test_a_component_without_what_it_needs_says_so():
    nlp = load(NATASHA_COMPONENTS + ("rupress_roles",))
    with pytest.raises(ValueError, match="rupress_roles needs rupress_entities"):
        nlp("Мэр Москвы Сергей Собянин открыл парк.")


def test_running_a_doc_again_gives_the_same_rows(full):
    doc = run(full, TEXT)
    first = list(doc._.mentions)
    assert full(doc)._.mentions == first  # ids do not collect ~2 suffixes


def test_to_disk_then_spacy_load_in_a_fresh_interpreter(full, tmp_path):
    full.to_disk(tmp_path / "rupress")
    code = (
        "import json, sys, spacy\n"
        "assert 'pipeline' not in sys.modules\n"
        f"nlp = spacy.load({str(tmp_path / 'rupress')!r})\n"
        f"doc, _ = next(nlp.pipe([({TEXT!r}, {{'doc_id': 't'}})], as_tuples=True))\n"
        "print(json.dumps({'pipes': nlp.pipe_names, 'ents': [[e.start_char, e.end_char, e.label_] for e in doc.ents],"
        " 'mentions': doc._.mentions, 'dates': doc._.dates}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)  # not the repository root: the package must come from its install
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    doc = run(full, TEXT, doc_id="t")
    assert got["pipes"] == list(DEFAULT_COMPONENTS)
    assert got["ents"] == [[e.start_char, e.end_char, e.label_] for e in doc.ents]
    assert got["mentions"] == doc._.mentions and got["dates"] == doc._.dates


def test_spans_carry_every_mention_label_with_the_nested_flag(full):
    text = "Министр финансов Кравцов Дмитрий Олегович 5 марта вручил премию правительству г. Казани."
    doc = run(full, text)
    rows = {(r["start"], r["end"], r["label"]): r["nested"] for r in doc._.mentions}
    got = {(s.start_char, s.end_char, s.label_): s._.nested for s in doc.spans["rupress"]}
    assert got == rows  # one span per row, the same flag
    labels = {label for _, _, label in got}
    assert labels - {"PER", "ORG", "LOC"}, labels  # the tagger's labels reach the spans
    assert any(got.values()) and not all(got.values())
    assert all(e.label_ in ("PER", "ORG", "LOC") for e in doc.ents)
