"""Stage ``nlp``: Natasha's models as spaCy components (tokenizer, sentences, morphology, syntax, NER).

``load()`` returns the whole system (these plus the rupress_* extractor components);
``shared()`` the Natasha components only, cached, as ``process`` uses them.
"""
from .components import DEFAULT_COMPONENTS, NATASHA_COMPONENTS, RUPRESS_COMPONENTS, load, shared
from .models import morph_vocab

__all__ = ["DEFAULT_COMPONENTS", "NATASHA_COMPONENTS", "RUPRESS_COMPONENTS", "load", "morph_vocab", "shared"]
