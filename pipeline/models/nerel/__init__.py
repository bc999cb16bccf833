"""The NEREL entity tagger: features, tags, numpy model, spaCy component ``rupress_nerel``."""
