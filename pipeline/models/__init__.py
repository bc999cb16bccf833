"""Trained models shipped with rupress (weights inside the package, numpy at run time)."""
