"""Full-span organisation mentions end with their closing quote; proper names keep their own lemma."""
import pipeline
from pipeline.nlp import shared


def test_full_span_organisation_ends_with_its_closing_quote():
    text = "Банк «Северный капитал» приобрёл долю в компании «Платёжные решения»."
    m = pipeline.extract({"q": text}, workers=1)["mentions"]
    orgs = [t for t, lab in zip(m["text"], m["label"]) if lab == "ORG"]
    assert "Банк «Северный капитал»" in orgs
    for s, e, t in zip(m["start"], m["end"], m["text"]):
        assert text[s:e] == t
        assert t.count("«") == t.count("»"), t


def test_surname_keeps_its_own_lemma():
    doc = shared()("Министр финансов Антон Силуанов встретился с Антоном Силуановым.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Силуанов"] == "силуанов"
    assert lemmas["Силуановым"] == "силуанов"
