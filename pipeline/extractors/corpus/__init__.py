"""Entities across the corpus: one ``corpus_entity_id`` for the same person, organisation or place in
every document. Runs once over the whole run's tables, after the chunks (it needs every document)."""
from .link import corpus_keys, link_corpus, person_parts

__all__ = ["corpus_keys", "link_corpus", "person_parts"]
