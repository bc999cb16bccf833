"""Table schemas, the ``Tables`` container, atomic writing and the pandas loader."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# name -> ordered (column, pandas dtype). The contract other tools read: add, never rename.
SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "string"),
        ("source", "string"),
        ("status", "string"),
        ("n_chars", "Int64"),
        ("sha256", "string"),
        ("encoding", "string"),
        ("published_at", "string"),
        ("published_at_source", "string"),
        ("title", "string"),
        ("url", "string"),
        ("n_sentences", "Int64"),
        ("n_tokens", "Int64"),
        ("text", "string"),
    ],
    "mentions": [
        ("doc_id", "string"),
        ("mention_id", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("text", "string"),
        ("label", "string"),
        ("normal", "string"),
        ("entity_id", "string"),
        ("sentence_id", "Int64"),
        ("source", "string"),
    ],
    "entities": [
        ("entity_id", "string"),
        ("doc_id", "string"),
        ("label", "string"),
        ("name", "string"),
        ("n_mentions", "Int64"),
        ("first_start", "Int64"),
        ("abbreviation", "string"),
    ],
    "dates": [
        ("doc_id", "string"),
        ("date_id", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
        ("text", "string"),
        ("kind", "string"),
        ("value", "string"),
        ("value_end", "string"),
        ("granularity", "string"),
        ("anchor", "string"),
    ],
    "roles": [
        ("doc_id", "string"),
        ("role_id", "string"),
        ("person_entity_id", "string"),
        ("person", "string"),
        ("person_start", "Int64"),
        ("person_end", "Int64"),
        ("position", "string"),
        ("position_text", "string"),
        ("position_start", "Int64"),
        ("position_end", "Int64"),
        ("org_entity_id", "string"),
        ("org", "string"),
        ("appointment", "boolean"),
    ],
    "events": [
        ("doc_id", "string"),
        ("event_id", "string"),
        ("type", "string"),
        ("trigger", "string"),
        ("trigger_start", "Int64"),
        ("trigger_end", "Int64"),
        ("sentence_start", "Int64"),
        ("sentence_end", "Int64"),
        ("date_value", "string"),
        ("date_value_end", "string"),
        ("location", "string"),
        ("voice", "string"),
    ],
    "event_arguments": [
        ("doc_id", "string"),
        ("event_id", "string"),
        ("role", "string"),
        ("entity_id", "string"),
        ("text", "string"),
        ("start", "Int64"),
        ("end", "Int64"),
    ],
    "errors": [
        ("source", "string"),
        ("doc_id", "string"),
        ("stage", "string"),
        ("error", "string"),
        ("message", "string"),
    ],
}

TABLE_NAMES = tuple(SCHEMAS)
FORMATS = ("parquet", "csv", "jsonl")
MANIFEST = "manifest.json"


def empty_frame(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in SCHEMAS[name]})


def frame(name: str, rows: Iterable[Mapping]) -> pd.DataFrame:
    """Rows (dicts) as a DataFrame with exactly the table's columns and dtypes."""
    rows = list(rows)
    if not rows:
        return empty_frame(name)
    cols = SCHEMAS[name]
    data = {c: [r.get(c) for r in rows] for c, _ in cols}
    return pd.DataFrame({c: pd.Series(data[c], dtype=t) for c, t in cols})


def coerce(name: str, df: pd.DataFrame) -> pd.DataFrame:
    cols = SCHEMAS[name]
    out = {}
    for c, t in cols:
        if c in df.columns:
            s = df[c]
            if t == "string":
                s = s.astype("object").where(s.notna(), None)
                out[c] = pd.Series(s.to_numpy(), dtype=t)
            elif t == "Int64":
                out[c] = pd.Series(pd.to_numeric(s, errors="coerce").to_numpy(), dtype="Float64").astype("Int64") \
                    if s.dtype == object or str(s.dtype) in ("string", "str") else pd.Series(s.to_numpy(), dtype=t)
            else:
                if s.dtype == object or str(s.dtype) in ("string", "str"):
                    s = s.map(lambda v: None if v is None or v != v else str(v).lower() in ("true", "1"))
                out[c] = pd.Series(s.to_numpy(), dtype=t)
        else:
            out[c] = pd.Series([None] * len(df), dtype=t)
    return pd.DataFrame(out)


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
            out[name] = (
                pd.concat(frames, ignore_index=True) if frames else empty_frame(name)
            )
        return cls(out)

    def summary(self) -> dict[str, int]:
        return {name: len(df) for name, df in self.items()}

    def write(self, out: str | os.PathLike, format: str = "parquet") -> dict[str, Path]:
        return write_tables(self, out, format)


def _to_arrow(name: str, df: pd.DataFrame) -> pa.Table:
    fields = []
    for c, t in SCHEMAS[name]:
        at = {"string": pa.string(), "Int64": pa.int64(), "boolean": pa.bool_()}[t]
        fields.append(pa.field(c, at))
    schema = pa.schema(fields)
    return pa.Table.from_pandas(coerce(name, df), schema=schema, preserve_index=False)


def _write_one(name: str, df: pd.DataFrame, path: Path, format: str) -> None:
    df = coerce(name, df)
    if format == "parquet":
        pq.write_table(_to_arrow(name, df), path)
    elif format == "csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif format == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            for rec in df.astype(object).where(df.notna(), None).to_dict(orient="records"):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


def write_tables(tables: Mapping[str, pd.DataFrame], out: str | os.PathLike,
                 format: str = "parquet", manifest: dict | None = None) -> dict[str, Path]:
    """Write every table to ``out/<table>.<format>`` atomically.

    All files are first written completely into a temporary folder inside ``out``; only then are
    they moved into place, each with an atomic rename, and the manifest last.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".rupress-write-", dir=out))
    paths: dict[str, Path] = {}
    try:
        for name in TABLE_NAMES:
            df = tables.get(name)
            if df is None:
                df = empty_frame(name)
            _write_one(name, df, tmp / f"{name}.{format}", format)
        info = dict(manifest or {})
        info["format"] = format
        info["tables"] = {name: int(len(tables.get(name, ()))) for name in TABLE_NAMES}
        (tmp / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                    encoding="utf-8")
        for name in TABLE_NAMES:
            final = out / f"{name}.{format}"
            os.replace(tmp / f"{name}.{format}", final)
            paths[name] = final
        os.replace(tmp / MANIFEST, out / MANIFEST)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return paths


def _read_one(name: str, path: Path, format: str) -> pd.DataFrame:
    if format == "parquet":
        df = pq.read_table(path).to_pandas()
    elif format == "csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    else:
        df = pd.read_json(path, lines=True, dtype=False) if path.stat().st_size else empty_frame(name)
    return coerce(name, df)


def load(path: str | os.PathLike, format: str | None = None) -> dict[str, pd.DataFrame]:
    """Read a rupress output folder into ``{table: DataFrame}`` with the documented dtypes."""
    path = Path(path)
    if format is None:
        man = path / MANIFEST
        if man.exists():
            format = json.loads(man.read_text(encoding="utf-8")).get("format", "parquet")
        else:
            format = next((f for f in FORMATS if (path / f"documents.{f}").exists()), "parquet")
    out = {}
    for name in TABLE_NAMES:
        p = path / f"{name}.{format}"
        out[name] = _read_one(name, p, format) if p.exists() else empty_frame(name)
    return out
