"""The one declaration of every extractor: name, the function, the tables it fills, the
``Results`` fields it sets, the extractors it needs, its settings, what else it sets on a spaCy Doc.

Everything else is derived from these rows: the run order, the spaCy factories
(``spacy_components``), the ``spacy_factories`` entry points (a test compares ``pyproject.toml``
with ``entry_points()``), ``nlp.RUPRESS_COMPONENTS`` (checked by a test). Functions are named by
``module:attribute`` and imported on first use, so no extractor module imports the registry.
An extractor sees only the ``Results`` fields of what it declares (``ResultsView``): reading
another one raises ``UndeclaredResult``. ``run_extractors`` is the one loop ``run.process`` and
the spaCy components share.
"""
from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from .base import Context, OptionError, Results, Settings

Extractor = Callable[[Context], dict[str, list[dict]]]


@dataclass(frozen=True)
class Spec:
    name: str
    target: str  # "module:function", relative to this package
    tables: tuple[str, ...]  # tables whose rows it returns
    fills: tuple[str, ...]  # fields of ``Results`` it sets
    requires: tuple[str, ...] = ()  # extractors that must run before it
    settings: tuple[str, ...] = ()  # fields of ``Settings`` it reads (its spaCy config, defaults from Settings)
    config: tuple[tuple[str, Any], ...] = ()  # options of its spaCy component only, with their defaults
    reads: tuple[str, ...] = ()  # Doc attributes it needs besides the parse (spaCy ``requires``)
    sets: tuple[str, ...] = ()  # Doc attributes its component sets besides ``doc._.<table>``
    doc: str = ""

    @property
    def fn(self) -> Extractor:
        return _resolve(self.target)

    @property
    def component(self) -> str:
        """Its spaCy factory name."""
        return f"rupress_{self.name}"

    @property
    def factory(self) -> str:
        """Its ``spacy_factories`` entry point value."""
        return f"{__package__}.spacy_components:make_{self.name}"

    def default_config(self) -> dict[str, Any]:
        defaults = Settings()
        return {**{k: getattr(defaults, k) for k in self.settings}, **dict(self.config)}

    def assigns(self) -> list[str]:
        return [*self.sets, *(f"doc._.{t}" for t in self.tables)]

    def doc_requires(self) -> list[str]:
        return [*self.reads, *(f"doc._.{t}" for r in self.requires for t in REGISTRY[r].tables), *PARSED]

    def visible(self) -> tuple[str, ...]:
        """The ``Results`` fields it may read: its own and those of the extractors it requires."""
        return (*self.fills, *(f for r in self.requires for f in REGISTRY[r].fills))


PARSED = ["token.is_sent_start", "token.pos", "token.morph", "token.lemma", "token.dep", "token.head"]
SPANS_KEY = "rupress"  # doc.spans key of all mentions (nested ones included)
DATES_KEY = "rupress_dates"  # doc.spans key of the date expressions, labelled by kind


EXTRACTORS: tuple[Spec, ...] = (
    Spec("entities", "entities.extractor:run", tables=("mentions", "entities"),
         fills=("mentions", "entities", "entity_ids", "other_mentions"),
         settings=("entity_spans",), config=(("spans_key", SPANS_KEY),), reads=("doc.ents",),
         sets=("doc.ents", "doc.spans", "token.ent_type", "token.ent_iob"),
         doc="PER/ORG/LOC mentions (Natasha NER corrected by rules), normal forms, document entities"),
    Spec("dates", "dates.extractor:run", tables=("dates",), fills=("dates",),
         config=(("anchor_date", None), ("spans_key", DATES_KEY)), sets=("doc.spans",),
         doc="date and time expressions resolved to ISO intervals against the anchor"),
    Spec("roles", "roles.extractor:run", tables=("roles", "posts"), fills=("roles", "positions"),
         requires=("entities",), settings=("learned_roles",),
         doc="person - position - organisation; posts with their organisation, held or not"),
    Spec("events", "events.extractor:run", tables=("events", "event_arguments", "event_mentions"), fills=("events",),
         requires=("entities", "dates", "roles"), settings=("learned_events",),
         doc="events of twelve press-release types with their participants, place and date"),
)

REGISTRY: dict[str, Spec] = {s.name: s for s in EXTRACTORS}
DEFAULT_EXTRACTORS: tuple[str, ...] = tuple(s.name for s in EXTRACTORS)


class SelectionError(OptionError):
    """An extractor selection that cannot run."""

    def __init__(self, message: str):
        super().__init__("extractors", message)


def resolve(names: Iterable[str] | None = None) -> tuple[str, ...]:
    """Validate a selection and return it in run order (dependencies first)."""
    chosen = list(DEFAULT_EXTRACTORS if names is None else names)
    if not chosen:
        raise SelectionError("no extractor selected; choose from " + ", ".join(DEFAULT_EXTRACTORS))
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        raise SelectionError(f"unknown extractor {', '.join(map(repr, unknown))}; "
                             f"choose from {', '.join(DEFAULT_EXTRACTORS)}")
    picked = set(chosen)
    for n in chosen:
        missing = [r for r in REGISTRY[n].requires if r not in picked]
        if missing:
            raise SelectionError(f"extractor {n!r} needs {', '.join(map(repr, missing))}; add it to the selection")
    order: list[str] = []

    def visit(n: str, path: tuple[str, ...]) -> None:
        if n in order:
            return
        if n in path:  # pragma: no cover - the table above has no loop; a test checks it
            raise SelectionError("extractor dependencies loop: " + " -> ".join(path + (n,)))
        for r in REGISTRY[n].requires:
            visit(r, path + (n,))
        order.append(n)

    for n in DEFAULT_EXTRACTORS:  # registry order breaks ties, so output order is stable
        if n in picked:
            visit(n, ())
    return tuple(order)


@lru_cache(maxsize=None)
def _resolve(target: str) -> Extractor:
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), attr)


class UndeclaredResult(LookupError):
    """An extractor read a ``Results`` field of an extractor it does not declare in ``requires``."""


class ResultsView:
    """``Results`` as one extractor may see them: the fields of what it declares, nothing else."""

    __slots__ = ("_results", "_spec")

    def __init__(self, results: Results, spec: Spec):
        object.__setattr__(self, "_results", results)
        object.__setattr__(self, "_spec", spec)

    def __getattr__(self, field: str):
        if field in self._spec.visible():
            return getattr(self._results, field)
        raise UndeclaredResult(f"extractor {self._spec.name!r} reads results.{field} without declaring the "
                               "extractor that fills it in its requires (extractors/registry.py)")

    def __setattr__(self, field: str, value) -> None:
        if field not in self._spec.fills:
            raise UndeclaredResult(f"extractor {self._spec.name!r} sets results.{field}, not one of its fills")
        setattr(self._results, field, value)


def run_extractor(name: str, ctx: Context) -> dict[str, list[dict]]:
    """One extractor over ``ctx``, seeing only what it declares; its rows by table (only its tables)."""
    spec = REGISTRY[name]
    out = spec.fn(dataclasses.replace(ctx, results=ResultsView(ctx.results, spec)))
    extra = set(out) - set(spec.tables)
    if extra:
        raise UndeclaredResult(f"extractor {name!r} returned undeclared tables {sorted(extra)}")
    return out


def run_extractors(ctx: Context, names: Iterable[str], on_error: Callable[[str, BaseException], None],
                   check: Callable[[str, list[dict]], None] | None = None,
                   on_start: Callable[[str], None] | None = None) -> tuple[dict[str, list[dict]], set[str]]:
    """The extractors ``names`` (in run order) over ``ctx``: their rows by table and the names that failed.

    The per-extractor error handler: an exception costs that extractor's rows (``on_error(stage, exc)``
    is told), and an extractor whose requirement failed is skipped and said so; the others run.
    ``check(table, rows)`` (the tables' declaration) refuses rows that do not fit, as an error of that extractor;
    ``on_start(name)`` is told which extractor runs (a time budget names it when it runs out)."""
    produced: dict[str, list[dict]] = {}
    failed: set[str] = set()
    for name in names:
        if on_start is not None:
            on_start(name)
        lost = [r for r in REGISTRY[name].requires if r in failed]
        try:
            if lost:  # what it builds on is missing
                raise RuntimeError(f"skipped: {', '.join(lost)} failed")
            rows = run_extractor(name, ctx)
            for table, trows in rows.items():
                if check is not None:
                    check(table, trows)
        except Exception as exc:
            failed.add(name)
            on_error(f"extract:{name}", exc)
            continue
        for table, trows in rows.items():
            produced.setdefault(table, []).extend(trows)
    return produced, failed
