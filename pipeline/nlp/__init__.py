"""Stage ``nlp``: Natasha's models as spaCy components (tokenizer, sentences, morphology, syntax, NER)."""
from .components import DEFAULT_COMPONENTS, load, morph_vocab, shared

__all__ = ["DEFAULT_COMPONENTS", "load", "morph_vocab", "shared"]
