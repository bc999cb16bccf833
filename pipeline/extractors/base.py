"""What every extractor receives and returns: the ``Context`` and its typed ``Results``.

An extractor is a function ``fn(ctx) -> {table name: [row, ...]}``. It reads what upstream
extractors left in ``ctx.results`` (typed fields, declared in the registry as ``requires``) and
fills its own field (declared as ``fills``). Offsets in rows are mapped to the original text by
``Context.span``; ids come from ``Context.make_id`` (content-derived, see ``docs/schema.md``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..text import NormText
from ..types import Document

if TYPE_CHECKING:  # typing only: the run options live downstream of the extractors
    from spacy.tokens import Doc


@dataclass
class Results:
    """Upstream results, one typed field per producing extractor (``None``: not run)."""

    mentions: list | None = None  # entities.Mention, in text order
    entities: list | None = None  # entities.Entity
    entity_ids: list[str] | None = None  # parallel to ``entities``
    other_mentions: list | None = None  # entities.Mention of the tagger's other labels (FACILITY, ...; no entity)
    dates: list | None = None  # dates.DateMatch
    roles: list[dict] | None = None  # rows of the roles table
    positions: list | None = None  # roles.positions.Position: every post phrase (what events read as POSITION)
    events: list[dict] | None = None  # rows of the events table


ENTITY_SPANS = ("full", "name")


class OptionError(ValueError):
    """An option that cannot be used, in one line naming it as Python callers write it (``anchor_date``);
    ``cli_text()`` names it as the command line does (``--anchor-date``)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option

    def cli_text(self) -> str:
        flag = "--" + self.option.replace("_", "-")
        msg = str(self)
        return flag + msg[len(self.option):] if msg.startswith((self.option + " ", self.option + ":")) \
            else f"{flag}: {msg}"


@dataclass
class Settings:
    """The settings extractors read (a run's options carry them)."""

    entity_spans: str = "full"  # "full": ORG/LOC mentions include descriptors; "name": names only
    learned_events: bool = True  # False: event triggers and arguments from the rules alone
    learned_roles: bool = True  # False: roles from the hand rules alone (no role scorer)

    def __post_init__(self) -> None:  # the one check of these settings (Options and the spaCy config build one)
        if self.entity_spans not in ENTITY_SPANS:
            raise OptionError("entity_spans", f"entity_spans: {self.entity_spans!r} is not one of "
                                              + ", ".join(map(repr, ENTITY_SPANS)))
        for name in ("learned_events", "learned_roles"):
            if not isinstance(getattr(self, name), bool):
                raise OptionError(name, f"{name} must be True or False, not {getattr(self, name)!r}")


@dataclass
class Context:
    doc: Document
    norm: NormText
    sdoc: "Doc"
    anchor: dt.date | dt.datetime | None = None
    results: Results = field(default_factory=Results)
    settings: Settings = field(default_factory=Settings)
    _ids: set = field(default_factory=set, repr=False)

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Normalized-text offsets -> (start, end, text) in the original text."""
        s, e = self.norm.to_original(start, end)
        return s, e, self.doc.text[s:e]

    def make_id(self, kind: str, *parts: Any) -> str:
        """``{doc_id}:{kind}{a}-{b}…`` from original-text offsets; a clash gets ``~2``, ``~3``."""
        base = f"{self.doc.doc_id}:{kind}" + "-".join(str(p) for p in parts)
        out, n = base, 1
        while out in self._ids:
            n += 1
            out = f"{base}~{n}"
        self._ids.add(out)
        return out
