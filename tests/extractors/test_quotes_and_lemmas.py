"""Full-span organisation mentions end with their closing quote; proper names keep their own lemma."""
import pipeline
from pipeline.nlp import shared


def test_full_span_organisation_ends_with_its_closing_quote():
    text = "АО «Северный капитал» приобрело долю в компании «Платёжные решения»."
    m = pipeline.extract({"q": text}, workers=1)["mentions"]
    orgs = [t for t, lab in zip(m["text"], m["label"]) if lab == "ORG"]
    assert "АО «Северный капитал»" in orgs
    assert "Платёжные решения" in orgs  # a name in apposition after a kind of body: inside its quotes
    for s, e, t in zip(m["start"], m["end"], m["text"]):
        assert text[s:e] == t
        assert t.count("«") == t.count("»"), t


def test_surname_keeps_its_own_lemma():
    doc = shared()("Министр финансов Антон Силуанов встретился с Антоном Силуановым.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Силуанов"] == "силуанов"
    assert lemmas["Силуановым"] == "силуанов"
