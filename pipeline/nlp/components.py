"""Which components make the pipeline, and ``load()`` / ``shared()`` that build it.

The natasha_* factories live in this package (one module each). The rupress_* factories
(entities, dates, roles, events) live in ``pipeline.extractors.spacy_components`` and are found
by name through the ``spacy_factories`` entry point, so this stage never imports the extractors.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import spacy
from spacy.language import Language

# Imported for their @Language.factory / @registry side effects (the entry points find them too,
# but a source checkout that was never pip-installed should still load the Natasha pipeline).
from . import morph, ner, sentencizer, syntax, tokenizer  # noqa: F401

# the models: Natasha's, then rupress's NEREL tagger (pipeline.models.nerel, found by entry point)
NATASHA_COMPONENTS = ("natasha_sentencizer", "natasha_morph", "natasha_syntax", "natasha_ner", "rupress_nerel")
RUPRESS_COMPONENTS = ("rupress_entities", "rupress_dates", "rupress_roles", "rupress_events")
DEFAULT_COMPONENTS = NATASHA_COMPONENTS + RUPRESS_COMPONENTS


def load(components: Sequence[str] = DEFAULT_COMPONENTS, config: dict | None = None) -> Language:
    """A Russian ``spacy.Language``: razdel tokens, Natasha's models, then rupress's extractors.

    ``components`` chooses what to add, in order (``NATASHA_COMPONENTS`` for the models only);
    ``config`` maps a component name to its settings, e.g. ``{"rupress_dates": {"anchor_date": "2024-05-01"}}``.
    """
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "rupress.RazdelTokenizer.v1"}}})
    config = config or {}
    for name in components:
        try:
            nlp.add_pipe(name, config=config.get(name, {}))
        except ValueError as exc:
            if name.startswith("rupress_") and "E002" in str(exc):
                raise ValueError(f"spaCy cannot find the factory {name!r}: its entry point is missing; "
                                 "reinstall rupress (pip install -e .)") from exc
            raise
    return nlp


@lru_cache(maxsize=4)
def shared(components: tuple[str, ...] = NATASHA_COMPONENTS) -> Language:
    """One pipeline per process and component set (models load once); ``process`` uses the
    Natasha components and runs the extractors itself."""
    return load(components)
