"""One table file written part by part: a Parquet row group, or CSV / JSONL lines, per part.

A run's chunks are appended one at a time, so writing a table holds one part, never the table.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .core import FORMATS, _to_arrow, coerce, csv_text, empty_frame, jsonl_text


def arrow_schema(name: str) -> pa.Schema:
    """The Parquet schema of a table, from ``SCHEMAS`` (with pandas' metadata, so pandas reads the dtypes back)."""
    return _to_arrow(name, empty_frame(name)).schema


class Appender:
    """Append parts of table ``name`` to ``path`` in ``format``; ``close`` finishes the file (also when empty)."""

    def __init__(self, name: str, path: str | Path, format: str, csv_guard: bool = True):
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        self.name, self.path, self.format = name, Path(path), format
        self.rows = 0
        self.csv_guard = csv_guard
        self._pq: pq.ParquetWriter | None = None
        self._fh = None
        if format == "parquet":
            self.schema = arrow_schema(name)
            self._pq = pq.ParquetWriter(self.path, self.schema)
        else:
            self._fh = open(self.path, "w", encoding="utf-8", newline="\n")
            if format == "csv":  # the header alone: an empty table is still a readable file
                self._fh.write(csv_text(name, empty_frame(name), guard=csv_guard))

    def append(self, part: pd.DataFrame | pa.Table) -> None:
        """One part: a DataFrame (coerced to the table's dtypes) or an Arrow table with the table's columns."""
        if not len(part):
            return
        self.rows += len(part)
        if self._pq is not None:
            table = part if isinstance(part, pa.Table) else _to_arrow(self.name, coerce(self.name, part))
            # a part's own pandas metadata may differ (an all-null column): the file keeps one schema
            self._pq.write_table(table.select(self.schema.names).cast(self.schema))  # one row group
            return
        df = coerce(self.name, part.to_pandas() if isinstance(part, pa.Table) else part)
        self._fh.write(csv_text(self.name, df, header=False, guard=self.csv_guard) if self.format == "csv" else jsonl_text(df))

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()
            self._pq = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "Appender":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
