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
    assert R.resolve(["events", "dates", "entities"]) == ("entities", "dates", "events")
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
