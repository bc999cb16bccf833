"""The one declaration of the tables: docs/schema.md generated from it, rows checked against it,
category sets fixed so runs concatenate, and every derived map agreeing with it."""
import pandas as pd
import pytest

from pipeline.tables import schema as S
from pipeline.tables.core import frame


def test_the_committed_schema_docs_are_the_generated_ones():
    # after changing tables/schema.py: python -m pipeline.tables.schema
    assert S.DOCS.read_text(encoding="utf-8") == S.render_docs(S.DOCS.read_text(encoding="utf-8"))


def test_docs_give_every_column_its_dtype_and_every_category():
    text = S.DOCS.read_text(encoding="utf-8")
    for t in S.TABLES:
        section = text.split(f"\n## {t.name}")[1].split("\n## ")[0]
        for c in t.columns:
            assert any(c.name in [x.strip() for x in line.split("|")[1].split(",")] and f"| {c.dtype} |" in line
                       for line in section.splitlines() if line.startswith("| ")), (t.name, c.name)
            for v in c.categories:
                assert f"`{v}`" in section, (t.name, c.name, v)


def test_a_row_with_an_undeclared_column_is_refused():
    frame("mentions", [{"doc_id": "a", "start": 0, "end": 1}])
    with pytest.raises(S.RowError, match="undeclared columns \\['colour'\\]"):
        frame("mentions", [{"doc_id": "a", "start": 0, "end": 1, "colour": "red"}])
    with pytest.raises(S.RowError, match="unknown table"):
        S.check_rows("mention", [{}])


def test_an_extractor_whose_rows_do_not_fit_loses_its_rows_not_the_documents(monkeypatch):
    from pipeline import Document, process
    from pipeline.extractors import registry as R
    from pipeline.run import Options

    real = R.run_extractor

    def bad(name, ctx):
        out = real(name, ctx)
        if name == "dates":
            out["dates"] = [dict(r, colour="red") for r in out["dates"]]
        return out

    monkeypatch.setattr(R, "run_extractor", bad)
    t = process([Document("a", "Сергей Собянин 5 мая 2024 года открыл парк.", "mem")],
                Options(extractors=("entities", "dates")))
    assert len(t["mentions"]) and not len(t["dates"])
    assert "undeclared columns ['colour']" in t["errors"]["message"][0]


def test_categories_are_fixed_so_two_runs_concatenate_as_categories():
    a = frame("mentions", [{"doc_id": "a", "label": "PER"}])
    b = frame("mentions", [{"doc_id": "b", "label": "PROFESSION"}])
    both = pd.concat([a, b], ignore_index=True)
    assert str(both["label"].dtype) == "category" and list(both["label"]) == ["PER", "PROFESSION"]
    for (table, column), cats in S.CATEGORIES.items():
        assert list(frame(table, [{}])[column].cat.categories) == list(cats)


def test_the_fixed_sets_are_the_extractors_values():
    from pipeline.extractors.dates import GRANULARITIES, KINDS
    from pipeline.extractors.entities.learned import BASE_LABELS, NEW_LABELS

    assert S.DATE_KINDS == KINDS and set(S.GRANULARITIES) == set(GRANULARITIES)
    assert (*S.LABELS, *S.OTHER_LABELS) == (*BASE_LABELS, *NEW_LABELS)


def test_the_derived_maps_name_declared_columns():
    for derived in (S.OFFSETS, S.IDS, S.ENTITY_REFS, S.KEYS, S.LINK_COLUMNS):
        for table, cols in derived.items():
            assert set(cols) <= set(S.BY_NAME[table].names), (table, cols)
    for table in S.BY_NAME:
        assert {S.GROUP[table], S.SHOWN[table]} <= set(S.BY_NAME[table].names)
