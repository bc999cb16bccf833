"""rupress's extractors as spaCy components, generated from the registry's ``Spec`` rows: one factory
``rupress_<name>`` per extractor (registered by the ``spacy_factories`` entry point, so ``spacy.load``
finds them), with ``assigns`` its tables as ``doc._`` attributes, ``requires`` the tables of the
extractors it needs and ``default_config`` its settings.

Each component runs the registry's extractor through ``registry.run_extractor``, as ``process``
does, over a ``Context`` kept per Doc whose text map is the identity: every offset refers to ``doc.text``.
Its rows, exactly the rows of the table of the same name, go on the Doc extension of that name
(``doc._.mentions``, ``doc._.dates``, ...); ``doc._.rupress`` gives the Context with the typed results.
``process`` normalizes text first: pass ``pipeline.text.normalize(raw).text`` to get its rows.
"""
from __future__ import annotations

import inspect
import itertools
import os
import weakref
from collections.abc import Mapping

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..text import NormText
from ..types import Document
from .anchor import as_anchor, find_anchor
from .base import Context, Settings
from .registry import DATES_KEY, EXTRACTORS, PARSED, REGISTRY, SPANS_KEY, Spec, run_extractor

__all__ = ["DATES_KEY", "PARSED", "SPANS_KEY", "TABLES", "register_extensions"]

TABLES = tuple(t for s in EXTRACTORS for t in s.tables)  # the Doc extensions of the rows

# Contexts live beside the Doc, not in doc.user_data: rows there stay serializable (DocBin, to_bytes).
_contexts: "weakref.WeakKeyDictionary[Doc, Context]" = weakref.WeakKeyDictionary()


_serial = itertools.count()
_PID = os.getpid()


def given(doc: Doc, name: str):
    """``doc._.<name>`` (``doc_id``, ``anchor``), else the same key of the context an
    ``nlp.pipe(((text, {"doc_id": ..., "anchor": ...}), ...), as_tuples=True)`` call passed with the text."""
    value = getattr(doc._, name)
    if value is None:
        context = getattr(doc, "_context", None)  # spaCy keeps the tuple's context there while the pipes run
        if isinstance(context, Mapping):
            value = context.get(name)
    return value


def next_doc_id() -> str:
    """``doc_0``, ``doc_1``, …: a Doc given no id gets the next one, so the ids of ``nlp.pipe(texts)`` never collide.

    In order of entering the pipeline, counted per process; in the worker processes of
    ``nlp.pipe(n_process=2)`` the process id is part of it (``doc_p4242_0``)."""
    n = next(_serial)
    return f"doc_{n}" if os.getpid() == _PID else f"doc_p{os.getpid()}_{n}"


def register_extensions() -> None:
    """The Doc extensions the components set; ``doc._.anchor`` and ``doc._.doc_id`` are set by the user
    (or given in an ``as_tuples`` context; a Doc with no id gets ``doc_0``, ``doc_1``, …)."""
    for name in (*TABLES, "anchor", "doc_id"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("rupress"):
        Doc.set_extension("rupress", getter=_contexts.get)
    if not Span.has_extension("nested"):
        Span.set_extension("nested", default=False)  # the ``nested`` column of ``mentions``


class ExtractorComponent:
    """One registry extractor as a pipeline step: ``match`` computes the rows, ``set_annotations``
    puts them on the Doc. ``config``: the Spec's settings and component options."""

    def __init__(self, nlp: Language, name: str, spec: Spec, **config):
        self.name = name
        self.spec = spec
        self.config = config
        # the one check of the settings: Settings refuses a bad value
        self.settings = Settings(**{k: config[k] for k in spec.settings})
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def context(self, doc: Doc) -> Context:
        spec = self.spec
        ctx = _contexts.get(doc)
        # a Doc run again (nlp(doc)) starts over, so ids do not collect ~2 suffixes
        if ctx is None or ctx.doc.text != doc.text or getattr(ctx.results, spec.fills[0]) is not None:
            did = given(doc, "doc_id")
            if did is None:
                did = next_doc_id()
            did = str(did)
            doc._.doc_id = did  # the id the rows carry, on the Doc as well
            anchor = as_anchor(given(doc, "anchor"))  # the publication day a release's lead event takes
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
        ctx.settings = Settings(**{**vars(ctx.settings), **{k: getattr(self.settings, k) for k in self.spec.settings}})

    def match(self, doc: Doc) -> dict[str, list[dict]]:
        ctx = self.context(doc)
        self.prepare(ctx, doc)
        return run_extractor(self.spec.name, ctx)

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
        doc.spans[self.config["spans_key"]] = every


class DateComponent(ExtractorComponent):
    """Date expressions resolved against the anchor: ``doc._.anchor``, else a dateline in the
    text, else ``anchor_date`` (``process``'s order: record date, dateline, run option)."""

    def prepare(self, ctx: Context, doc: Doc) -> None:
        super().prepare(ctx, doc)
        ctx.anchor = find_anchor(given(doc, "anchor"), doc.text, self.config["anchor_date"])[0]

    def set_annotations(self, doc: Doc, tables: dict[str, list[dict]]) -> None:
        super().set_annotations(doc, tables)
        spans = (doc.char_span(r["start"], r["end"], label=r["kind"], alignment_mode="expand")
                 for r in tables["dates"])
        doc.spans[self.config["spans_key"]] = [s for s in spans if s is not None]


# what a component does beyond putting its rows on the Doc (roles, events: nothing)
CLASSES: dict[str, type[ExtractorComponent]] = {"entities": EntityComponent, "dates": DateComponent}


def _make_factory(spec: Spec):
    cls = CLASSES.get(spec.name, ExtractorComponent)

    def make(nlp: Language, name: str, **config) -> ExtractorComponent:
        return cls(nlp, name, spec, **config)

    # spaCy validates the config against the signature: one keyword per setting, with its default
    P = inspect.Parameter
    make.__signature__ = inspect.Signature(
        [P("nlp", P.POSITIONAL_OR_KEYWORD), P("name", P.POSITIONAL_OR_KEYWORD),
         *(P(k, P.KEYWORD_ONLY, default=v) for k, v in spec.default_config().items())])
    make.__name__ = make.__qualname__ = f"make_{spec.name}"
    make.__doc__ = f"The ``{spec.component}`` component: {spec.doc}."
    Language.factory(spec.component, assigns=spec.assigns(), requires=spec.doc_requires(),
                     default_config=spec.default_config(), func=make)
    return make


for _spec in EXTRACTORS:  # make_entities, make_dates, ...: the entry points' targets
    globals()[f"make_{_spec.name}"] = _make_factory(_spec)
