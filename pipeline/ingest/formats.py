"""Documents from one file's bytes: plain text, Markdown and HTML pages, JSONL lines and CSV rows."""
from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping

from . import limits
from .encoding import binary_head, decode, is_wide, read_lines, stream_encoding
from .errors import ArchiveError, DecodeFailure, err, valid_text
from .html import extract_html
from .published import normalize_date, read_date, set_aside_note
from ..types import Document, ErrorRecord


def content(opts: limits.Options, kind: str, f, doc_id: str, source: str, size: int | None):
    """Documents of one file or archive member; a safety net turns surprises into error rows."""
    try:
        if kind == "jsonl":
            yield from _jsonl(opts, f, source)
        elif kind == "csv":
            yield from _csv(opts, f, source)
        else:
            yield _single(opts, kind, f, doc_id, source, size)
    except ArchiveError:
        raise
    except OSError as e:
        yield err(source, None, "unreadable", f"Read failed ({e.strerror or e}).")
    except Exception as e:  # noqa: BLE001 - bad input must never stop a run
        yield err(source, None, "internal_error", f"Unexpected {type(e).__name__} while reading: {e}")


def _single(opts: limits.Options, kind: str, f, doc_id: str, source: str, size: int | None):
    cap = opts.html_cap if kind == "html" else opts.text_cap
    data, truncated = _read_capped(f, cap)
    if truncated:
        why = binary_head(data)
        if why:
            return err(source, doc_id, "binary", why)
        known = f" ({size} bytes)" if size else ""
        return err(source, doc_id, "too_long",
                   f"File{known} is over {cap} bytes, so its text is longer than the limit of "
                   f"{opts.max_chars} characters; raise --max-chars to read it.")
    try:
        text, encoding, note = decode(data, html=kind == "html")
    except DecodeFailure as e:
        return err(source, doc_id, e.error, e.message)
    title = published = None
    if kind == "html":
        text, title, published = extract_html(text)
        if not text.strip():
            return err(source, doc_id, "empty", "The HTML page has no main text.")
    if len(text) > opts.max_chars:
        return _too_long(opts, source, doc_id, len(text))
    meta = {"format": kind}
    if note:
        meta["warnings"] = [note]
    return Document(doc_id=doc_id, text=text, source=source, published_at=published, title=title,
                    encoding=encoding, meta=meta)


def _too_long(opts: limits.Options, source: str, doc_id: str | None, n: int) -> ErrorRecord:
    return err(source, doc_id, "too_long",
               f"Document has {n} characters, over the limit of {opts.max_chars}; "
               f"raise --max-chars to read it.")


def _record(opts: limits.Options, obj: Mapping, source: str, where: str, encoding: str | None, fmt: str):
    raw_id = obj.get(opts.id_field)
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        return err(source, None, "missing_id", f"{where} has no {opts.id_field!r}.")
    if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        return err(source, None, "invalid_id",
                   f"{where} has an {opts.id_field!r} of type {type(raw_id).__name__}; expected a string or integer.")
    doc_id = str(raw_id)
    if len(doc_id) > 1000 or not valid_text(doc_id):
        return err(source, None, "invalid_id",
                   f"{where} has an {opts.id_field!r} that is too long or not valid Unicode.")

    html_mode = False
    text = obj.get(opts.text_field)
    if opts.html_field is not None:
        if opts.html_field == opts.text_field:
            html_mode = True
        elif not _nonblank(text) and obj.get(opts.html_field) is not None:
            text, html_mode = obj.get(opts.html_field), True
    field = opts.html_field if html_mode else opts.text_field
    if text is None:
        fields = repr(opts.text_field) + (f" or {opts.html_field!r}" if opts.html_field else "")
        return err(source, doc_id, "missing_text", f"{where} has no {fields} field.")
    if not isinstance(text, str):
        return err(source, doc_id, "missing_text",
                   f"{where} has a {field!r} of type {type(text).__name__}, not a string.")
    if not valid_text(text):
        return err(source, doc_id, "undecodable", f"{where} has text with unpaired surrogate escapes.")
    title = published = None
    if html_mode:
        if len(text) > opts.html_cap:
            return _too_long(opts, source, doc_id, len(text))
        text, title, published = extract_html(text)
    if not text.strip():
        return err(source, doc_id, "empty", f"{where} has empty text.")
    if len(text) > opts.max_chars:
        return _too_long(opts, source, doc_id, len(text))
    meta = {"format": "html" if html_mode else fmt}
    if html_mode:
        meta["container"] = fmt
    raw_date = obj.get(opts.date_field)
    if raw_date not in (None, ""):
        published = normalize_date(raw_date) if isinstance(raw_date, str) else None
        if published is None:
            # kept in the documents table's warnings column: a date dropped silently is a date lost
            meta["published_at_raw"] = str(raw_date)[:200]
            meta["warnings"] = [set_aside_note(opts.date_field, raw_date) if read_date(raw_date) else
                                f"{opts.date_field} {meta['published_at_raw']!r} is not a date rupress can read; "
                                f"published_at left empty."]
    return Document(doc_id=doc_id, text=text, source=source, published_at=published,
                    title=_scalar(obj.get(opts.title_field)) or title, url=_scalar(obj.get("url")),
                    encoding=encoding, meta=meta)


def _sniff(f, source: str):
    """(first bytes, stream encoding, None), or (first bytes, None, the errors row) when undecidable."""
    head = f.peek(limits.HEAD_BYTES)[:limits.HEAD_BYTES]
    try:
        return head, stream_encoding(head), None
    except DecodeFailure as e:
        return head, None, err(source, None, e.error, e.message)


def _jsonl(opts: limits.Options, f, source: str):
    head, encoding, failure = _sniff(f, source)
    if failure is not None:
        yield failure
        return
    for lineno, line in read_lines(f, encoding, opts.line_cap):
        src = f"{source}#L{lineno}"
        if isinstance(line, DecodeFailure):
            yield err(src, None, line.error, f"Line {lineno}: {line.message}")
            if line.error == "undecodable" and is_wide(encoding):
                return  # a UTF-16/32 stream cannot resync
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield err(src, None, "malformed_json", f"Line {lineno} is not valid JSON ({e.msg}).")
            continue
        except (ValueError, RecursionError) as e:
            yield err(src, None, "malformed_json", f"Line {lineno} is not valid JSON ({type(e).__name__}).")
            continue
        if not isinstance(obj, dict):
            yield err(src, None, "malformed_json",
                      f"Line {lineno} is a JSON {type(obj).__name__}, not an object.")
            continue
        yield _record(opts, obj, src, f"Line {lineno}", encoding, "jsonl")


def _csv(opts: limits.Options, f, source: str):
    head, encoding, failure = _sniff(f, source)
    if failure is not None:
        yield failure
        return
    delimiter = _delimiter(head.decode(encoding, errors="ignore"))
    stream = io.TextIOWrapper(f, encoding=encoding, errors="strict", newline="")
    feed = _QuoteCountingLines(stream)
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    rowno = 0

    def next_row():
        old = csv.field_size_limit(opts.csv_field_cap)
        feed.quotes = 0
        try:
            return next(reader)
        finally:
            csv.field_size_limit(old)

    try:
        header = next_row()
    except StopIteration:
        yield err(source, None, "empty", "CSV file is empty (no header row).")
        return
    except csv.Error as e:
        yield err(source, None, "malformed_csv", f"CSV header row cannot be parsed ({e}).")
        return
    except UnicodeDecodeError:
        yield err(source, None, "undecodable", f"CSV file is not valid {encoding}.")
        return
    cols = [h.strip().lower() for h in header]
    index: dict[str, int] = {}
    for i, c in enumerate(cols):
        index.setdefault(c, i)
    text_cols = [c for c in (opts.text_field, opts.html_field) if c]
    if not any(c.lower() in index for c in text_cols):
        yield err(source, None, "missing_text",
                  f"CSV header has no {' or '.join(repr(c) for c in text_cols)} column "
                  f"(columns: {', '.join(cols)[:200]}).")
        return
    if opts.id_field.lower() not in index:
        yield err(source, None, "missing_id", f"CSV header has no {opts.id_field!r} column.")
        return
    wanted = {name: index[name.lower()] for name in
              {opts.text_field, opts.html_field, opts.id_field, opts.date_field, opts.title_field, "url"} - {None}
              if name.lower() in index}
    while True:
        try:
            row = next_row()
        except StopIteration:
            if rowno == 0:
                yield err(source, None, "empty", "CSV has a header and no records.")
            return
        except csv.Error as e:
            rowno += 1
            src = f"{source}#R{rowno}"
            if "field larger than field limit" in str(e):
                yield err(src, None, "too_long",
                          f"Row {rowno} has a field longer than {opts.csv_field_cap} characters, over the "
                          f"limit of {opts.max_chars}; raise --max-chars to read it.")
                try:
                    feed.skip_open_quote()
                except StopIteration:
                    return
                continue
            yield err(src, None, "malformed_csv", f"Row {rowno} (line {reader.line_num}) is malformed: {e}.")
            continue
        except UnicodeDecodeError:
            yield err(f"{source}#R{rowno + 1}", None, "undecodable",
                      f"CSV file is not valid {encoding} from row {rowno + 1} (line {reader.line_num}); "
                      f"the rest of the file is skipped.")
            return
        if not row:
            continue  # blank line
        rowno += 1
        src = f"{source}#R{rowno}"
        if len(row) > len(header) and any(v.strip() for v in row[len(header):]):
            yield err(src, None, "malformed_csv",
                      f"Row {rowno} (line {reader.line_num}) has {len(row)} fields; the header has {len(header)}.")
            continue
        obj = {name: row[i] for name, i in wanted.items() if i < len(row)}
        yield _record(opts, obj, src, f"Row {rowno}", encoding, "csv")


class _QuoteCountingLines:
    """The lines of a CSV stream, counting quote characters since the record began.

    The csv module drops the rest of the line when a field is over its limit; if the record is
    still inside a quoted field (an odd count), the lines up to its closing quote belong to it
    and are skipped, so the next record is read from its own first line.
    """

    def __init__(self, stream):
        self._lines = iter(stream)
        self.quotes = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.quotes += line.count('"')
        return line

    def skip_open_quote(self) -> None:
        while self.quotes % 2:
            next(self)


_DELIMITERS = ",;\t|"


def _delimiter(sample: str) -> str:
    """The field delimiter: csv.Sniffer on the file's head, checked against the header row.

    Sniffer reads a sample cut mid-row, and long texts full of commas, so its guess must occur in
    the header; otherwise the delimiter the header holds most of, else a comma.
    """
    header = sample.lstrip("\ufeff").split("\n", 1)[0]
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        guess = None
    if guess is not None and guess in header:
        return guess
    counts = {c: header.count(c) for c in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_capped(f, cap: int) -> tuple[bytes, bool]:
    chunks = []
    n = 0
    while n <= cap:
        chunk = f.read(min(1 << 20, cap + 1 - n))
        if not chunk:
            break
        chunks.append(chunk)
        n += len(chunk)
    data = b"".join(chunks)
    return data[:cap], n > cap


def _scalar(v) -> str | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None  # JSON NaN/Infinity: no value, not the string "nan"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str) and v.strip() and valid_text(v):
        return v.strip()
    return None


def _nonblank(v) -> bool:
    return isinstance(v, str) and bool(v.strip())
