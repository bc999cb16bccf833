"""Table schemas, the ``Tables`` container, atomic writing and the pandas loader."""
from __future__ import annotations

import csv
import json
import os
import re
import time
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import store
from .schema import CATEGORIES, DERIVED, LABELS, SCHEMAS, check_rows

# name -> ordered (column, pandas dtype); the fixed categories; the datetime columns parsed from ISO strings
# (always derived, never read back: the string stays the source of truth). All declared in ``schema``.
TABLE_NAMES = tuple(SCHEMAS)
FORMATS = ("parquet", "csv", "jsonl")
MANIFEST = "manifest.json"


def empty_frame(name: str) -> pd.DataFrame:
    return coerce(name, pd.DataFrame())


def frame(name: str, rows: Iterable[Mapping]) -> pd.DataFrame:
    """Rows (dicts) as a DataFrame with exactly the table's columns and dtypes."""
    rows = list(rows)
    if not rows:
        return empty_frame(name)
    check_rows(name, rows)
    data = {c: pd.Series([r.get(c) for r in rows], dtype=object)
            for c, _ in SCHEMAS[name] if (name, c) not in DERIVED}
    return coerce(name, pd.DataFrame(data))


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?)?)?"
                  r"(?:Z|[+-]\d{2}(?::?\d{2})?)?")


def iso_datetime(value) -> pd.Timestamp:
    """An ISO 8601 date or date-time (``2021``, ``2021-03``, ``2021-03-12``, ``2021-03-12T10:05+03:00``) as a
    timestamp of its first instant, wall-clock time kept and the UTC offset dropped; ``NaT`` for anything else
    (``2021-W10``, an impossible date, a year outside what ``datetime64[ns]`` holds)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return pd.NaT
    m = _ISO.fullmatch(str(value).strip())
    if not m:
        return pd.NaT
    y, mo, d, h, mi, sec = (int(g) if g else None for g in m.groups())
    if not 1678 <= y <= 2261:  # what datetime64[ns] holds
        return pd.NaT
    try:
        return pd.Timestamp(year=y, month=mo or 1, day=d or 1, hour=h or 0, minute=mi or 0, second=sec or 0)
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.NaT


def iso_datetimes(values: pd.Series) -> pd.Series:
    cache: dict = {}
    out = []
    for v in values.astype(object).to_numpy():
        key = None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
        if key not in cache:
            cache[key] = iso_datetime(key)
        out.append(cache[key])
    return pd.Series(pd.DatetimeIndex(out, dtype="datetime64[ns]") if out else [], dtype="datetime64[ns]")


def _categorical(name: str, c: str, s: pd.Series) -> pd.Series:
    vals = [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)
            for v in s.astype(object).to_numpy()]
    fixed = CATEGORIES.get((name, c), ())
    present = sorted({v for v in vals if v is not None} - set(fixed))
    return pd.Series(pd.Categorical(vals, categories=pd.Index([*fixed, *present], dtype=object)))


def _typed(name: str, c: str, t: str, s: pd.Series) -> pd.Series:
    if t == "string":
        s = s.astype("object").where(s.notna(), None)
        return pd.Series(s.to_numpy(), dtype=t)
    if t == "Int64":
        if s.dtype == object or str(s.dtype) in ("string", "str"):
            return pd.Series(pd.to_numeric(s, errors="coerce").to_numpy(), dtype="Float64").astype("Int64")
        return pd.Series(s.to_numpy(), dtype=t)
    if t == "category":
        return _categorical(name, c, s)
    if t == "Float64":
        return pd.Series(pd.to_numeric(s.astype(object), errors="coerce").to_numpy(dtype=float), dtype=t)
    if s.dtype == object or str(s.dtype) in ("string", "str"):
        s = s.map(lambda v: None if v is None or v != v else str(v).lower() in ("true", "1"))
    return pd.Series(s.to_numpy(), dtype=t)


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with exactly the table's columns and dtypes: missing columns null, datetime columns parsed from
    their ISO string columns, categorical columns with their fixed categories."""
    out = {}
    n = len(df)
    for c, t in SCHEMAS[name]:
        if (name, c) not in DERIVED:
            s = df[c] if c in df.columns else pd.Series([None] * n, dtype=object)
            out[c] = _typed(name, c, t, s)
    for (table, c), src in DERIVED.items():
        if table == name:
            out[c] = iso_datetimes(out[src])
    return pd.DataFrame({c: out[c] for c, _ in SCHEMAS[name]})


class Tables(dict):
    """``{table name: DataFrame}`` for every table in ``SCHEMAS``; missing tables are empty."""

    def __init__(self, data: Mapping[str, pd.DataFrame] | None = None):
        super().__init__()
        data = data or {}
        for name in TABLE_NAMES:
            df = data.get(name)
            self[name] = empty_frame(name) if df is None else df

    @classmethod
    def from_rows(cls, rows: Mapping[str, list[dict]]) -> "Tables":
        return cls({name: frame(name, rows.get(name, [])) for name in TABLE_NAMES})

    @classmethod
    def concat(cls, parts: Iterable["Tables"]) -> "Tables":
        parts = list(parts)
        out = {}
        for name in TABLE_NAMES:
            frames = [p[name] for p in parts if len(p[name])]
            df = pd.concat(frames, ignore_index=True) if frames else empty_frame(name)
            for c, t in SCHEMAS[name]:  # parts with other categories concatenate to object
                if t == "category" and (len(frames) > 1 or str(df[c].dtype) != "category"):
                    df[c] = _categorical(name, c, df[c])
            out[name] = df
        return cls(out)

    def summary(self) -> dict[str, int]:
        return {name: len(df) for name, df in self.items()}

    def name_mentions(self) -> int:
        """Mentions labelled PER, ORG or LOC (the others are the NEREL tagger's PROFESSION, EVENT, ...)."""
        m = self["mentions"]
        return int(m["label"].isin(LABELS).sum()) if len(m) else 0

    def write(self, out: str | os.PathLike, format: str = "parquet") -> dict[str, Path]:
        return write_tables(self, out, format)


def _to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    fields = []
    for c, t in SCHEMAS[name]:
        at = {"string": pa.string(), "Int64": pa.int64(), "boolean": pa.bool_(), "category": pa.string(),
              "datetime64[ns]": pa.timestamp("ns"), "Float64": pa.float64()}[t]
        fields.append(pa.field(c, at))
    schema = pa.schema(fields)
    df = df.copy()
    for c, t in SCHEMAS[name]:
        if t == "category":
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def _write_one(name: str, df: pd.DataFrame, path: Path, format: str) -> None:
    df = coerce(name, df)
    if format == "parquet":
        pq.write_table(_to_arrow(name, df), path)
    elif format == "csv":
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(csv_text(name, df))
    elif format == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(jsonl_text(df))
    else:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


# csv: one text form for every timestamp, whatever else is in the column (pandas drops the time of a
# column of midnights, so a streamed table's text would depend on the chunking)
CSV_DATETIME = "%Y-%m-%d %H:%M:%S"


def csv_text(name: str, df: pd.DataFrame, header: bool = True, guard: bool = True) -> str:
    """A coerced frame as CSV lines (with the header line unless ``header=False``); ``guard``: cells a
    spreadsheet would evaluate as a formula get a leading apostrophe (``tables.csvguard``)."""
    from .csvguard import guard as _guard

    df = _guard(df) if guard else df.copy()
    for c, t in SCHEMAS[name]:
        if t == "datetime64[ns]":
            df[c] = pd.Series(df[c].dt.strftime(CSV_DATETIME).to_numpy(dtype=object), dtype=object).where(
                df[c].notna().to_numpy(), None)
    # every text field quoted: a lone "\r" (or any other line break) inside a field then reads back as is
    return df.to_csv(index=False, header=header, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)


def jsonl_text(df: pd.DataFrame) -> str:
    """A coerced frame as JSON lines."""
    return "".join(json.dumps(rec, ensure_ascii=False, default=_json_value) + "\n"
                   for rec in df.astype(object).where(df.notna(), None).to_dict(orient="records"))


def _json_value(v):
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    raise TypeError(f"not JSON serializable: {type(v).__name__}")


def write_tables(tables: Mapping[str, pd.DataFrame], out: str | os.PathLike,
                 format: str = "parquet", manifest: dict | None = None) -> dict[str, Path]:
    """Replace the table set in ``out`` as a whole (see ``pipeline.tables.store``).

    Every table and the manifest are written completely into a new set folder; one rename then
    makes that set current, so a reader sees the old set or the new one, never a mix. Tables of
    another format left by an earlier run are removed. Returns ``{table: out/<table>.<format>}``.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)

    def write(folder: Path) -> list[str]:
        for name in TABLE_NAMES:
            df = tables.get(name)
            if df is None:
                df = empty_frame(name)
            _write_one(name, df, folder / f"{name}.{format}", format)
        info = dict(manifest or {})
        info["format"] = format
        info["tables"] = {name: int(len(tables.get(name, ()))) for name in TABLE_NAMES}
        if format == "csv":
            info["csv_guard"] = True
        (folder / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
        return [f"{name}.{format}" for name in TABLE_NAMES] + [MANIFEST]

    # and the folders of a partitioned set (``--dask``) left by an earlier run
    others = [f"{name}.{f}" for name in TABLE_NAMES for f in FORMATS if f != format] + list(TABLE_NAMES)
    store.publish(out, write, remove=others)
    return {name: out / f"{name}.{format}" for name in TABLE_NAMES}


class NotRupressOutput(ValueError):
    """A folder that holds no rupress tables."""


def _read_one(name: str, path: Path, format: str, guarded: bool = False) -> pd.DataFrame:
    if format == "parquet":
        df = pq.read_table(path).to_pandas()
    elif format == "csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
        if guarded:  # the apostrophes written against formula injection come off: the text as extracted
            from .csvguard import unguard

            df = unguard(df)
    else:
        # json line by line: pandas' reader would turn date-like columns (published_at) into timestamps
        with open(path, encoding="utf-8", newline="") as fh:
            recs = [json.loads(line) for line in fh.read().split("\n") if line.strip()]
        df = pd.DataFrame.from_records(recs) if recs else empty_frame(name)
    return coerce(name, df)


def _read_parts(name: str, folder: Path, parts: list[str]) -> pd.DataFrame:
    if not parts:
        return empty_frame(name)
    return coerce(name, pa.concat_tables([pq.read_table(folder / p) for p in parts],
                                         promote_options="permissive").to_pandas())


def load(path: str | os.PathLike, format: str | None = None) -> dict[str, pd.DataFrame]:
    """Read a rupress output folder into ``{table: DataFrame}`` with the documented dtypes.

    Both layouts are read: one file per table, and partitioned Parquet (``<table>/part-*.parquet``
    listed in ``manifest.json``, written by ``--dask`` runs). Only a complete set is read: the one the folder's pointer names (a set being written, or left
    half-written by a killed run, is never seen). Raises ``FileNotFoundError`` for a missing
    folder and ``NotRupressOutput`` for a folder without rupress tables.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such folder: {path}")
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    for attempt in range(5):
        folder = store.current_set(path)
        if folder is None:  # written before table sets: the files at the top of the folder
            folder = path
            if not (path / MANIFEST).exists() and not any((path / f"documents.{f}").exists() for f in FORMATS):
                raise NotRupressOutput(f"{path} holds no rupress tables (no manifest.json or documents.<format>)")
        try:
            fmt = format
            man = folder / MANIFEST
            info = json.loads(man.read_text(encoding="utf-8")) if man.exists() else {}
            if info.get("layout") == "partitioned":  # a --dask run: the parts of every table, in order
                return {name: _read_parts(name, folder, info["parts"].get(name, [])) for name in TABLE_NAMES}
            if fmt is None:
                if man.exists():
                    fmt = info.get("format", "parquet")
                else:
                    fmt = next((f for f in FORMATS if (folder / f"documents.{f}").exists()), "parquet")
            out = {}
            for name in TABLE_NAMES:
                p = folder / f"{name}.{fmt}"
                out[name] = _read_one(name, p, fmt, bool(info.get("csv_guard"))) if p.exists() else empty_frame(name)
            return out
        except FileNotFoundError:
            if folder is path or attempt == 4:
                raise
            time.sleep(0.05)  # a writer replaced the set while it was read: read the new one
    raise AssertionError("unreachable")  # pragma: no cover
