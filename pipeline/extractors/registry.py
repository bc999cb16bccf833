"""The one table of extractors: name, the function, the tables it fills, what it needs.

Functions are named by ``module:attribute`` and imported on first use, so reading the registry
costs nothing and no extractor module imports it back. The run order comes from ``requires``;
a selection naming an unknown extractor or leaving out one that another needs is refused with
``SelectionError`` before any document is read.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .base import Context

Extractor = Callable[[Context], dict[str, list[dict]]]


@dataclass(frozen=True)
class Spec:
    name: str
    target: str  # "module:function", relative to this package
    tables: tuple[str, ...]  # tables whose rows it returns
    fills: tuple[str, ...]  # fields of ``Results`` it sets
    requires: tuple[str, ...] = ()  # extractors that must run before it
    doc: str = ""

    @property
    def fn(self) -> Extractor:
        return _resolve(self.target)


EXTRACTORS: tuple[Spec, ...] = (
    Spec("entities", "entities.extractor:run", tables=("mentions", "entities"),
         fills=("mentions", "entities", "entity_ids", "other_mentions"),
         doc="PER/ORG/LOC mentions (Natasha NER corrected by rules), normal forms, document entities"),
    Spec("dates", "dates.extractor:run", tables=("dates",), fills=("dates",),
         doc="date and time expressions resolved to ISO intervals against the anchor"),
    Spec("roles", "roles.extractor:run", tables=("roles", "posts"), fills=("roles",), requires=("entities",),
         doc="person - position - organisation; posts with their organisation, held or not"),
    Spec("events", "events.extractor:run", tables=("events", "event_arguments", "event_mentions"), fills=("events",),
         requires=("entities", "dates"),
         doc="events of twelve press-release types with their participants, place and date"),
)

REGISTRY: dict[str, Spec] = {s.name: s for s in EXTRACTORS}
DEFAULT_EXTRACTORS: tuple[str, ...] = tuple(s.name for s in EXTRACTORS)


class SelectionError(ValueError):
    """An extractor selection that cannot run."""


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
