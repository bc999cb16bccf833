"""rupress's extractors as spaCy components: ``rupress_entities``, ``rupress_dates``, ``rupress_roles``,
``rupress_events`` (registered by the ``spacy_factories`` entry point, so ``spacy.load`` finds them).

Each component runs the registry's extractor, the same function ``process`` runs, over a
``Context`` kept per Doc whose text map is the identity: every offset refers to ``doc.text``.
Its rows, exactly the rows of the table of the same name, go on the Doc extension of that name
(``doc._.mentions``, ``doc._.entities``, ``doc._.dates``, ``doc._.roles``, ``doc._.events``,
``doc._.event_arguments``, ``doc._.event_mentions``); ``doc._.rupress`` gives the Context with the typed results.
``process`` normalizes text first: pass ``pipeline.text.normalize(raw).text`` to get its rows.
"""
from __future__ import annotations

import datetime as dt
import weakref

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..text import NormText
from ..types import Document
from .base import Context, Settings
from .registry import REGISTRY

SPANS_KEY = "rupress"  # doc.spans key of all mentions (nested ones included)
DATES_KEY = "rupress_dates"  # doc.spans key of the date expressions, labelled by kind
TABLES = ("mentions", "entities", "dates", "roles", "posts", "events", "event_arguments", "event_mentions")
PARSED = ["token.is_sent_start", "token.pos", "token.morph", "token.lemma", "token.dep", "token.head"]

# Contexts live beside the Doc, not in doc.user_data: rows there stay serializable (DocBin, to_bytes).
_contexts: "weakref.WeakKeyDictionary[Doc, Context]" = weakref.WeakKeyDictionary()


def register_extensions() -> None:
    """The Doc extensions the components set; ``doc._.anchor`` and ``doc._.doc_id`` are set by the user."""
    for name in (*TABLES, "anchor", "doc_id"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("rupress"):
        Doc.set_extension("rupress", getter=_contexts.get)
    if not Span.has_extension("nested"):
        Span.set_extension("nested", default=False)  # the ``nested`` column of ``mentions``


def parse_anchor(value) -> dt.date | dt.datetime | None:
    """A date, a datetime or an ISO string (as ``process`` reads ``published_at``), else None."""
    if value is None or isinstance(value, dt.date):
        return value
    v = str(value).strip()
    try:
        if len(v) == 10:
            return dt.date.fromisoformat(v)
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


class ExtractorComponent:
    """One registry extractor as a pipeline step: ``match`` computes the rows, ``set_annotations``
    puts them on the Doc."""

    extractor = ""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def context(self, doc: Doc) -> Context:
        spec = REGISTRY[self.extractor]
        ctx = _contexts.get(doc)
        # a Doc run again (nlp(doc)) starts over, so ids do not collect ~2 suffixes
        if ctx is None or ctx.doc.text != doc.text or getattr(ctx.results, spec.fills[0]) is not None:
            did = doc._.doc_id or "doc"
            anchor = parse_anchor(doc._.anchor)  # the publication day a release's lead event takes
            ctx = Context(doc=Document(doc_id=did, text=doc.text, source=did,
                                       published_at=anchor.isoformat() if anchor is not None else None),
                          norm=NormText(original=doc.text, text=doc.text), sdoc=doc)
            _contexts[doc] = ctx
        for req in spec.requires:
            if any(getattr(ctx.results, f) is None for f in REGISTRY[req].fills):
                raise ValueError(f"{self.name} needs rupress_{req} before it in the pipeline")
        return ctx

    def prepare(self, ctx: Context, doc: Doc) -> None:
        """Settings of this component the extractor reads from the Context."""

    def match(self, doc: Doc) -> dict[str, list[dict]]:
        ctx = self.context(doc)
        self.prepare(ctx, doc)
        return REGISTRY[self.extractor].fn(ctx)

    def set_annotations(self, doc: Doc, tables: dict[str, list[dict]]) -> None:
        for table, rows in tables.items():
            setattr(doc._, table, rows)


class EntityComponent(ExtractorComponent):
    """Natasha's ``doc.ents`` corrected by the entity rules, in the manner of spaCy's SpanRuler.

    ``doc.spans[spans_key]`` holds every row of ``mentions``, the tagger's labels (PROFESSION, EVENT,
    DATE, ...) included, with ``span._.nested`` as in the table (a mention may contain another);
    ``doc.ents`` the outermost PER/ORG/LOC ones, so ``displacy.render(doc, style="ent")`` shows them.
    ``span.id_`` is the entity id.
    """

    extractor = "entities"

    def __init__(self, nlp: Language, name: str, *, entity_spans: str = "full", spans_key: str = SPANS_KEY):
        super().__init__(nlp, name)
        if entity_spans not in ("full", "name"):
            raise ValueError(f"entity_spans must be 'full' or 'name', not {entity_spans!r}")
        self.entity_spans = entity_spans
        self.spans_key = spans_key

    def prepare(self, ctx: Context, doc: Doc) -> None:
        ctx.settings = Settings(entity_spans=self.entity_spans)

    def set_annotations(self, doc: Doc, tables: dict[str, list[dict]]) -> None:
        super().set_annotations(doc, tables)
        res = _contexts[doc].results
        spans = [Span(doc, *m.tokens, label=m.label,
                      span_id=res.entity_ids[m.entity] if m.entity is not None else 0)
                 for m in sorted(res.mentions, key=lambda m: (m.start, -m.end))]
        doc.ents = filter_spans(spans)  # PER/ORG/LOC, outermost: what NER users expect
        # every mention row, the NEREL tagger's labels (PROFESSION, EVENT, ...) included
        base = {(s.start_char, s.end_char, s.label_): s for s in spans}
        every = []
        for row in tables.get("mentions", ()):
            span = base.get((row["start"], row["end"], row["label"]))
            if span is None:
                span = doc.char_span(row["start"], row["end"], label=row["label"], alignment_mode="expand")
            if span is not None:
                span._.nested = bool(row["nested"])
                every.append(span)
        doc.spans[self.spans_key] = every


class DateComponent(ExtractorComponent):
    """Date expressions resolved against the anchor: ``doc._.anchor``, else a dateline in the
    text, else ``anchor_date`` (the order ``process`` uses: record date, dateline, run option)."""

    extractor = "dates"

    def __init__(self, nlp: Language, name: str, *, anchor_date: str | None = None, spans_key: str = DATES_KEY):
        super().__init__(nlp, name)
        self.anchor_date = anchor_date
        self.spans_key = spans_key

    def prepare(self, ctx: Context, doc: Doc) -> None:
        from .dates import find_dateline

        anchor = parse_anchor(doc._.anchor)
        if anchor is None:
            try:
                anchor = parse_anchor(find_dateline(doc.text))
            except Exception:  # as in process: a dateline is optional
                anchor = None
        ctx.anchor = anchor if anchor is not None else parse_anchor(self.anchor_date)

    def set_annotations(self, doc: Doc, tables: dict[str, list[dict]]) -> None:
        super().set_annotations(doc, tables)
        spans = (doc.char_span(r["start"], r["end"], label=r["kind"], alignment_mode="expand")
                 for r in tables["dates"])
        doc.spans[self.spans_key] = [s for s in spans if s is not None]


class RoleComponent(ExtractorComponent):
    """Person - position - organisation rows into ``doc._.roles``, posts and their organisations
    into ``doc._.posts``."""

    extractor = "roles"


class EventComponent(ExtractorComponent):
    """Events, their arguments and mentions into ``doc._.events``, ``doc._.event_arguments`` and
    ``doc._.event_mentions``."""

    extractor = "events"


@Language.factory(
    "rupress_entities",
    assigns=["doc.ents", "doc.spans", "token.ent_type", "token.ent_iob", "doc._.mentions", "doc._.entities"],
    requires=["doc.ents", *PARSED],
    default_config={"entity_spans": "full", "spans_key": SPANS_KEY},
)
def make_entities(nlp: Language, name: str, entity_spans: str, spans_key: str) -> EntityComponent:
    return EntityComponent(nlp, name, entity_spans=entity_spans, spans_key=spans_key)


@Language.factory(
    "rupress_dates",
    assigns=["doc._.dates", "doc.spans"],
    requires=PARSED,
    default_config={"anchor_date": None, "spans_key": DATES_KEY},
)
def make_dates(nlp: Language, name: str, anchor_date: str | None, spans_key: str) -> DateComponent:
    return DateComponent(nlp, name, anchor_date=anchor_date, spans_key=spans_key)


@Language.factory(
    "rupress_roles",
    assigns=["doc._.roles"],
    requires=["doc._.mentions", "doc._.entities", *PARSED],
)
def make_roles(nlp: Language, name: str) -> RoleComponent:
    return RoleComponent(nlp, name)


@Language.factory(
    "rupress_events",
    assigns=["doc._.events", "doc._.event_arguments", "doc._.event_mentions"],
    requires=["doc._.mentions", "doc._.entities", "doc._.dates", *PARSED],
)
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent(nlp, name)
