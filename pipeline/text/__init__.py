"""Stage ``text``: normalization of what was read, with an offset map back to it."""
from .normalize import NormText, majority_script, normalize, repair_homoglyphs_word

__all__ = ["NormText", "normalize", "majority_script", "repair_homoglyphs_word"]
