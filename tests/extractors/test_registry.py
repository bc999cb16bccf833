"""The one extractor table: declared dependencies, run order and refused selections."""
import pytest

from pipeline.extractors import registry as R
from pipeline.extractors.base import Results
from pipeline.run import Options


def test_every_declared_extractor_resolves_to_a_function():
    for spec in R.EXTRACTORS:
        assert callable(spec.fn), spec.name


def test_fills_name_fields_of_results_and_requires_name_extractors():
    fields = set(Results.__dataclass_fields__)
    for spec in R.EXTRACTORS:
        assert set(spec.fills) <= fields, spec.name
        assert set(spec.requires) <= set(R.REGISTRY), spec.name


def test_order_comes_from_the_declarations():
    assert R.resolve(["events", "roles", "dates", "entities"]) == ("entities", "dates", "roles", "events")
    order = R.resolve()
    for spec in R.EXTRACTORS:
        for need in spec.requires:
            assert order.index(need) < order.index(spec.name)


@pytest.mark.parametrize("names, message", [
    (["roles"], "needs 'entities'"),
    (["events", "entities"], "needs 'dates'"),
    (["entities", "nonsense"], "unknown extractor 'nonsense'"),
    ([], "no extractor selected"),
])
def test_an_unusable_selection_is_refused_before_any_work(names, message):
    with pytest.raises(R.SelectionError, match=message):
        Options(extractors=tuple(names))


def test_the_api_refuses_an_incomplete_selection_before_reading(tmp_path):
    import pipeline

    with pytest.raises(ValueError, match="needs 'entities'"):
        pipeline.extract(["Мэр Казани открыл школу."], extractors=["roles"])


def test_a_partial_selection_fills_only_its_tables():
    from pipeline import Document, process

    t = process([Document("a", "Мэр Москвы Сергей Собянин 5 мая открыл парк.", "mem")],
                Options(extractors=("entities", "roles"), anchor_date="2024-05-20"))
    assert len(t["mentions"]) and len(t["roles"]) and not len(t["dates"]) and not len(t["events"])


def test_the_entry_points_and_nlp_component_names_are_the_registrys():
    import tomllib
    from pathlib import Path

    from pipeline.nlp import RUPRESS_COMPONENTS

    meta = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {k: v for k, v in meta["project"]["entry-points"]["spacy_factories"].items()
                if v.startswith("pipeline.extractors.")}
    assert declared == {s.component: s.factory for s in R.EXTRACTORS}
    assert RUPRESS_COMPONENTS == tuple(s.component for s in R.EXTRACTORS)


def test_the_spacy_factories_are_generated_from_the_specs():
    from spacy.language import Language

    from pipeline.extractors import spacy_components as C

    for spec in R.EXTRACTORS:
        meta = Language.get_factory_meta(spec.component)
        assert meta.assigns == [*spec.sets, *(f"doc._.{t}" for t in spec.tables)], spec.name
        assert meta.default_config == spec.default_config(), spec.name
        for need in spec.requires:
            assert all(f"doc._.{t}" in meta.requires for t in R.REGISTRY[need].tables), spec.name
        assert callable(getattr(C, f"make_{spec.name}"))


def test_a_component_refuses_a_bad_setting():
    from pipeline.nlp import NATASHA_COMPONENTS, load

    with pytest.raises(Exception, match="entity_spans: 'wide' is not one of 'full', 'name'"):
        load(NATASHA_COMPONENTS + ("rupress_entities",), config={"rupress_entities": {"entity_spans": "wide"}})


def test_an_extractor_sees_only_the_results_it_declares():
    view = R.ResultsView(Results(mentions=[1]), R.REGISTRY["dates"])
    with pytest.raises(R.UndeclaredResult, match="results.mentions"):
        view.mentions
    with pytest.raises(R.UndeclaredResult, match="results.roles"):
        view.roles = []
    view.dates = []
    assert R.ResultsView(Results(mentions=[1]), R.REGISTRY["roles"]).mentions == [1]


def test_events_declare_roles_they_read(monkeypatch):
    # events read the roles' rows and post phrases; without the declaration the read fails loudly
    from pipeline import Document, process

    assert "roles" in R.REGISTRY["events"].requires
    with pytest.raises(R.SelectionError, match="needs 'roles'"):
        Options(extractors=("entities", "dates", "events"))
    undeclared = R.Spec("events", "events.extractor:run", tables=R.REGISTRY["events"].tables,
                        fills=("events",), requires=("entities", "dates"))
    monkeypatch.setitem(R.REGISTRY, "events", undeclared)
    t = process([Document("a", "Иван Петров назначен министром финансов 5 мая 2024 года.", "mem")],
                Options(extractors=("entities", "dates", "roles", "events")))
    (err,) = t["errors"].to_dict(orient="records")
    assert err["stage"] == "extract:events" and "UndeclaredResult" in err["message"]
    assert len(t["roles"]) and not len(t["events"])


def test_every_table_an_extractor_fills_is_declared_once_in_the_schema():
    from pipeline.tables.schema import BY_NAME

    filled = [t for s in R.EXTRACTORS for t in s.tables]
    assert len(filled) == len(set(filled)) and set(filled) <= set(BY_NAME)
