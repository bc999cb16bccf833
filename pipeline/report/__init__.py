"""Reports over an output folder."""
from .text import summarize

__all__ = ["summarize"]
