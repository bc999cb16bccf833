"""Stage ``link``: identity across documents (and across the windows of a long one): entities linked into
``corpus_entities``. After the extractors and the table declarations, before the run assembles a set."""
from .corpus import LINK_COLUMNS, link_corpus, link_entities, link_parts

__all__ = ["LINK_COLUMNS", "link_corpus", "link_entities", "link_parts"]
