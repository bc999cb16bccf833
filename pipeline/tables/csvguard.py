"""CSV cells that a spreadsheet would run as a formula are neutralised (OWASP, "CSV Injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text and do not evaluate. A cell that already starts with
apostrophes before such a character gets one more, so the change is undone exactly on reading
(``unguard``): ``pipeline.load`` gives back the original text, and offsets into it stay right.
The manifest of a guarded set says ``"csv_guard": true``; ``--raw-csv`` writes cells as they are.
"""
from __future__ import annotations

import re

import pandas as pd

_RISKY = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guard_cell(v):
    return "'" + v if isinstance(v, str) and _RISKY.match(v) else v


def unguard_cell(v):
    return v[1:] if isinstance(v, str) and _GUARDED.match(v) else v


def _apply(df: pd.DataFrame, fn, pattern) -> pd.DataFrame:
    out = df.copy()
    for c in df.columns:
        col = df[c]
        if col.dtype != object and not pd.api.types.is_string_dtype(col.dtype):
            continue
        values = col.tolist()
        if not any(isinstance(v, str) and pattern.match(v) for v in values):
            continue
        out[c] = pd.Series([fn(v) for v in values], index=col.index, dtype=col.dtype)
    return out


def guard(df: pd.DataFrame) -> pd.DataFrame:
    """Every text cell a spreadsheet would evaluate, prefixed with an apostrophe."""
    return _apply(df, guard_cell, _RISKY)


def unguard(df: pd.DataFrame) -> pd.DataFrame:
    """``guard`` undone."""
    return _apply(df, unguard_cell, _GUARDED)
