"""Read press releases from files, folders and archives.

One :class:`Document` per good document, one :class:`ErrorRecord` per bad one; never raises on bad
input. Nothing is written, no link is followed inside folders or archives, nothing is executed and
no network is used. See docs/inputs.md for the rules.
"""
from __future__ import annotations

import bz2
import codecs
import csv
import errno
import gzip
import io
import json
import lzma
import os
import posixpath
import re
import stat
import tarfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .html import extract_html, normalize_date
from ..types import Document, ErrorRecord

__all__ = ["DEFAULT_MAX_CHARS", "iter_inputs", "documents_from_texts", "normalize_date"]

DEFAULT_MAX_CHARS = 1_000_000

# Limits. Module-level so that a caller (or a test) can tighten them.
HTML_MARKUP_FACTOR = 10  # raw HTML may be this many times larger than the text cap
JSON_ESCAPE_FACTOR = 12  # "\ud83d\ude00" is 12 bytes for one character
ARCHIVE_MEMBER_FACTOR = 20  # per-member cap = this × the byte cap of one document
ARCHIVE_MAX_TOTAL_BYTES = 2 * 1024**3
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FLOOR = 1 << 20  # ratios are only judged above this many uncompressed bytes
ARCHIVE_MAX_MEMBERS = 100_000
SNIFF_BYTES = 8192
HEAD_BYTES = 1 << 16
BINARY_CONTROL_SHARE = 0.05

_KINDS = {
    ".txt": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".zip": "zip",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
}
_EXTS_LONGEST_FIRST = sorted(_KINDS, key=len, reverse=True)
_ARCHIVES = frozenset(("zip", "tar"))
_DECODE_ERRORS = frozenset(("empty", "binary", "undecodable"))

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP container (e.g. .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip stream"),
    (b"\xfd7zXZ\x00", "xz stream"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (.doc/.xls)"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1f\x7f]")

# Relative frequencies (%) of Russian letters; used to pick among legacy Cyrillic code pages.
_RU_FREQ = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (10.97, 8.45, 8.01, 7.35, 6.70, 6.26, 5.47, 4.73, 4.54, 4.40, 3.49, 3.21, 2.98, 2.81, 2.62,
     2.01, 1.90, 1.74, 1.70, 1.65, 1.59, 1.44, 1.21, 0.97, 0.94, 0.73, 0.64, 0.48, 0.36, 0.32,
     0.26, 0.04, 0.04),
))
_RU_VOWELS = frozenset("аеёиоуыэюя")
_CASE_FLIP = re.compile("[а-яё][А-ЯЁ]")
_TYPOGRAPHY = frozenset("«»—–…„“”‘’№°•·\xa0€₽§")
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)


class _ArchiveError(Exception):
    """Raised while reading an archive member; ends that member (or the archive)."""


class _BombError(_ArchiveError):
    pass


class _CorruptError(_ArchiveError):
    pass


class _DecodeFailure(Exception):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


def _err(source: str, doc_id: str | None, error: str, message: str) -> ErrorRecord:
    stage = "decode" if error in _DECODE_ERRORS else "ingest"
    return ErrorRecord(source=_safe(source), doc_id=doc_id, stage=stage, error=error, message=_safe(message))


def _split_name(name: str) -> tuple[str, str]:
    """(stem, lower-case extension) with ``.tar.gz`` treated as one extension."""
    low = name.lower()
    for ext in _EXTS_LONGEST_FIRST:
        if low.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)], ext
    stem, ext = posixpath.splitext(name)
    return stem, ext.lower()


def _valid_text(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (surrogate-escaped file names, JSON "\ud800")
        return False
    return True


# ------------------------------------------------------------------ public API
def iter_inputs(
    inputs: Sequence[str | os.PathLike],
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
    limit: int | None = None,
    text_field: str = "text",
    html_field: str | None = None,
) -> Iterator[Document | ErrorRecord]:
    """Yield one Document per good document and one ErrorRecord per bad one, in a deterministic order."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # a lone path, not a sequence of characters
    if not isinstance(max_chars, int) or max_chars < 1:
        raise ValueError(f"max_chars must be a positive integer, got {max_chars!r}")
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be None or a non-negative integer, got {limit!r}")
    if not text_field:
        raise ValueError("text_field must be a non-empty string")
    reader = _Reader(max_chars=max_chars, text_field=text_field, html_field=html_field or None)
    return _deduplicated(reader.items(list(inputs)), limit)


def documents_from_texts(texts: Iterable[str] | Mapping[str, str]) -> list[Document]:
    """For the Python API: plain strings get doc_id "doc-000001"... (1-based, zero-padded 6); a mapping uses its keys."""
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, Mapping):
        pairs = [(str(k), v) for k, v in texts.items()]
        if len({k for k, _ in pairs}) != len(pairs):
            raise ValueError("mapping keys collide once converted to str")
    else:
        pairs = [(f"doc-{i:06d}", v) for i, v in enumerate(texts, start=1)]
    docs = []
    for i, (doc_id, text) in enumerate(pairs, start=1):
        if not isinstance(text, str):
            raise TypeError(f"text for {doc_id!r} is {type(text).__name__}, expected str")
        docs.append(Document(doc_id=doc_id, text=text, source=f"<api>#{i}", meta={"format": "text"}))
    return docs


def _deduplicated(items: Iterator[Document | ErrorRecord], limit: int | None):
    seen: dict[str, str] = {}
    count = 0
    try:
        if limit == 0:
            return
        for item in items:
            if isinstance(item, Document):
                first = seen.get(item.doc_id)
                if first is not None:
                    yield _err(item.source, item.doc_id, "duplicate_id",
                               f"doc_id {item.doc_id!r} is already used by {first}; this document is skipped.")
                    continue
                seen[item.doc_id] = item.source
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return
            else:
                yield item
    finally:
        items.close()


# ------------------------------------------------------------------ reading
class _Guard(io.RawIOBase):
    """Counts bytes read from an archive stream; turns overruns into _BombError and read failures into _CorruptError."""

    def __init__(self, inner, *, limit: int, what: str, compressed=None):
        super().__init__()
        self._inner = inner
        self.limit = limit
        self.what = what
        self.count = 0
        self._compressed = compressed  # int or callable giving compressed bytes consumed

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        try:
            data = self._inner.read(len(b))
        except _ArchiveError:
            raise
        except (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError,
                ValueError, RuntimeError, NotImplementedError) as e:
            raise _CorruptError(f"{self.what} cannot be read ({type(e).__name__}: {e}).") from None
        n = len(data)
        self.count += n
        if self.count > self.limit:
            raise _BombError(f"{self.what} expands to more than {self.limit} bytes.")
        if self._compressed is not None and self.count > ARCHIVE_RATIO_FLOOR:
            packed = self._compressed() if callable(self._compressed) else self._compressed
            if self.count > ARCHIVE_MAX_RATIO * max(packed, 1):
                raise _BombError(
                    f"{self.what} expands more than {ARCHIVE_MAX_RATIO} times "
                    f"({self.count} bytes from {packed} compressed).")
        b[:n] = data
        return n


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


def _open_regular(path: str, follow: bool):
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        return os.fdopen(fd, "rb", buffering=HEAD_BYTES), st.st_size
    except BaseException:
        os.close(fd)
        raise


class _Reader:
    def __init__(self, *, max_chars: int, text_field: str, html_field: str | None):
        self.max_chars = max_chars
        self.text_field = text_field
        self.html_field = html_field
        self.text_cap = 4 * max_chars + 16  # no encoding needs more than 4 bytes a character
        self.html_cap = HTML_MARKUP_FACTOR * self.text_cap
        markup = HTML_MARKUP_FACTOR if html_field else 1
        self.line_cap = JSON_ESCAPE_FACTOR * max_chars * markup + 65536
        self.csv_field_cap = 2 * max_chars * markup + 1024
        self.member_cap = max(ARCHIVE_MEMBER_FACTOR * self.text_cap, 1 << 20)

    # -------------------------------------------------------------- walking
    def items(self, inputs: list) -> Iterator[Document | ErrorRecord]:
        for given in inputs:
            try:
                given_str = os.fsdecode(os.fspath(given))
            except TypeError:
                yield _err(repr(given), None, "not_found", f"Input {given!r} is not a path.")
                continue
            try:
                st = os.stat(given_str)  # an input named explicitly may be a link
            except FileNotFoundError:
                yield _err(given_str, None, "not_found", f"Input {given_str!r} does not exist.")
                continue
            except (OSError, ValueError) as e:
                yield _err(given_str, None, "unreadable", f"Input {given_str!r} cannot be accessed ({e}).")
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._folder(given_str)
            elif stat.S_ISREG(st.st_mode):
                stem, ext = _split_name(os.path.basename(given_str))
                kind = _KINDS.get(ext)
                if kind is None:
                    yield _err(given_str, None, "unsupported",
                               f"File type {ext or '(no extension)'!r} is not supported "
                               f"(supported: {', '.join(sorted(_KINDS))}).")
                    continue
                yield from self._file(given_str, stem, given_str, kind, follow=True)
            else:
                yield _err(given_str, None, "unsupported", "Input is neither a regular file nor a folder.")

    def _folder(self, root: str) -> Iterator[Document | ErrorRecord]:
        entries: list[tuple[str, str, str]] = []  # (relative posix path, path, kind)
        stack = [("", root)]
        while stack:
            rel_dir, abs_dir = stack.pop()
            try:
                with os.scandir(abs_dir) as it:
                    listing = list(it)
            except OSError as e:
                entries.append((rel_dir, abs_dir, "unreadable:" + str(e)))
                continue
            for entry in listing:
                if entry.name.startswith("."):
                    continue  # hidden files and folders
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                try:
                    if entry.is_symlink():
                        entries.append((rel, entry.path, "symlink"))
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append((rel, entry.path))
                    elif entry.is_file(follow_symlinks=False):
                        entries.append((rel, entry.path, "file"))
                    else:
                        entries.append((rel, entry.path, "special"))
                except OSError as e:
                    entries.append((rel, entry.path, "unreadable:" + str(e)))
        entries.sort(key=lambda e: e[0])
        for rel, path, what in entries:
            source = os.path.join(root, rel) if rel else root
            if what == "symlink":
                yield _err(source, None, "symlink", "Symbolic link skipped: links are never followed.")
                continue
            if what.startswith("unreadable:"):
                yield _err(source, None, "unreadable", f"Cannot be read ({what[11:]}).")
                continue
            stem, ext = _split_name(rel)
            kind = _KINDS.get(ext)
            if kind is None:
                continue  # unrelated files in a data folder
            if what == "special":
                yield _err(source, None, "unsupported", "Not a regular file (device, FIFO or socket); skipped.")
                continue
            if not _valid_text(rel):
                yield _err(_safe(source), None, "invalid_id", "File name is not valid UTF-8.")
                continue
            yield from self._file(path, stem, source, kind, follow=False)

    def _file(self, path: str, doc_id: str, source: str, kind: str, *, follow: bool):
        try:
            f, size = _open_regular(path, follow)
        except OSError as e:
            if not follow and e.errno == errno.ELOOP:  # swapped for a link after the walk
                yield _err(source, None, "symlink", "Symbolic link skipped: links are never followed.")
            else:
                yield _err(source, None, "unreadable", f"Cannot be opened ({e.strerror or e}).")
            return
        with f:
            if kind == "zip":
                yield from self._zip(f, doc_id, source)
            elif kind == "tar":
                yield from self._tar(f, doc_id, source)
            else:
                yield from self._content(kind, f, doc_id, source, size)

    def _content(self, kind: str, f, doc_id: str, source: str, size: int | None):
        """Documents of one file or archive member; a safety net turns surprises into error rows."""
        try:
            if kind == "jsonl":
                yield from self._jsonl(f, source)
            elif kind == "csv":
                yield from self._csv(f, source)
            else:
                yield self._single(kind, f, doc_id, source, size)
        except _ArchiveError:
            raise
        except OSError as e:
            yield _err(source, None, "unreadable", f"Read failed ({e.strerror or e}).")
        except Exception as e:  # noqa: BLE001 - bad input must never stop a run
            yield _err(source, None, "internal_error", f"Unexpected {type(e).__name__} while reading: {e}")

    # -------------------------------------------------------------- one-document files
    def _single(self, kind: str, f, doc_id: str, source: str, size: int | None):
        cap = self.html_cap if kind == "html" else self.text_cap
        data, truncated = _read_capped(f, cap)
        if truncated:
            sig = _signature(data)
            if sig:
                return _err(source, doc_id, "binary", f"Looks like a {sig}, not text.")
            if len(_CONTROL_BYTES.findall(data[:SNIFF_BYTES])) > BINARY_CONTROL_SHARE * min(len(data), SNIFF_BYTES):
                return _err(source, doc_id, "binary", "Contains binary data (control bytes), not text.")
            known = f" ({size} bytes)" if size else ""
            return _err(source, doc_id, "too_long",
                        f"File{known} is over {cap} bytes, so its text is longer than the limit of "
                        f"{self.max_chars} characters; raise --max-chars to read it.")
        try:
            text, encoding = _decode(data, html=kind == "html")
        except _DecodeFailure as e:
            return _err(source, doc_id, e.error, e.message)
        title = published = None
        if kind == "html":
            text, title, published = extract_html(text)
            if not text.strip():
                return _err(source, doc_id, "empty", "The HTML page has no main text.")
        if len(text) > self.max_chars:
            return self._too_long(source, doc_id, len(text))
        return Document(doc_id=doc_id, text=text, source=source, published_at=published, title=title,
                        encoding=encoding, meta={"format": kind})

    def _too_long(self, source: str, doc_id: str | None, n: int) -> ErrorRecord:
        return _err(source, doc_id, "too_long",
                    f"Document has {n} characters, over the limit of {self.max_chars}; "
                    f"raise --max-chars to read it.")

    # -------------------------------------------------------------- records
    def _record(self, obj: Mapping, source: str, where: str, encoding: str | None, fmt: str):
        raw_id = obj.get("id")
        if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            return _err(source, None, "missing_id", f"{where} has no 'id'.")
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return _err(source, None, "invalid_id",
                        f"{where} has an 'id' of type {type(raw_id).__name__}; expected a string or integer.")
        doc_id = str(raw_id)
        if len(doc_id) > 1000 or not _valid_text(doc_id):
            return _err(source, None, "invalid_id", f"{where} has an 'id' that is too long or not valid Unicode.")

        html_mode = False
        text = obj.get(self.text_field)
        if self.html_field is not None:
            if self.html_field == self.text_field:
                html_mode = True
            elif not _nonblank(text) and obj.get(self.html_field) is not None:
                text, html_mode = obj.get(self.html_field), True
        field = self.html_field if html_mode else self.text_field
        if text is None:
            fields = repr(self.text_field) + (f" or {self.html_field!r}" if self.html_field else "")
            return _err(source, doc_id, "missing_text", f"{where} has no {fields} field.")
        if not isinstance(text, str):
            return _err(source, doc_id, "missing_text",
                        f"{where} has a {field!r} of type {type(text).__name__}, not a string.")
        if not _valid_text(text):
            return _err(source, doc_id, "undecodable", f"{where} has text with unpaired surrogate escapes.")
        title = published = None
        if html_mode:
            if len(text) > self.html_cap:
                return self._too_long(source, doc_id, len(text))
            text, title, published = extract_html(text)
        if not text.strip():
            return _err(source, doc_id, "empty", f"{where} has empty text.")
        if len(text) > self.max_chars:
            return self._too_long(source, doc_id, len(text))
        meta = {"format": "html" if html_mode else fmt}
        if html_mode:
            meta["container"] = fmt
        raw_date = obj.get("published_at")
        if raw_date not in (None, ""):
            published = normalize_date(raw_date) if isinstance(raw_date, str) else None
            if published is None:
                meta["published_at_raw"] = str(raw_date)[:200]
        return Document(doc_id=doc_id, text=text, source=source, published_at=published,
                        title=_scalar(obj.get("title")) or title, url=_scalar(obj.get("url")),
                        encoding=encoding, meta=meta)

    def _jsonl(self, f, source: str):
        head = f.peek(HEAD_BYTES)[:HEAD_BYTES]
        try:
            encoding = _stream_encoding(head)
        except _DecodeFailure as e:
            yield _err(source, None, e.error, e.message)
            return
        for lineno, line in _lines(f, encoding, self.line_cap):
            src = f"{source}#L{lineno}"
            if isinstance(line, _DecodeFailure):
                yield _err(src, None, line.error, f"Line {lineno}: {line.message}")
                if line.error == "undecodable" and _is_wide(encoding):
                    return  # a UTF-16/32 stream cannot resync
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield _err(src, None, "malformed_json", f"Line {lineno} is not valid JSON ({e.msg}).")
                continue
            except (ValueError, RecursionError) as e:
                yield _err(src, None, "malformed_json", f"Line {lineno} is not valid JSON ({type(e).__name__}).")
                continue
            if not isinstance(obj, dict):
                yield _err(src, None, "malformed_json",
                           f"Line {lineno} is a JSON {type(obj).__name__}, not an object.")
                continue
            yield self._record(obj, src, f"Line {lineno}", encoding, "jsonl")

    def _csv(self, f, source: str):
        head = f.peek(HEAD_BYTES)[:HEAD_BYTES]
        try:
            encoding = _stream_encoding(head)
        except _DecodeFailure as e:
            yield _err(source, None, e.error, e.message)
            return
        stream = io.TextIOWrapper(f, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(stream, strict=True)
        rowno = 0

        def next_row():
            old = csv.field_size_limit(self.csv_field_cap)
            try:
                return next(reader)
            finally:
                csv.field_size_limit(old)

        try:
            header = next_row()
        except StopIteration:
            yield _err(source, None, "empty", "CSV file is empty (no header row).")
            return
        except csv.Error as e:
            yield _err(source, None, "malformed_csv", f"CSV header row cannot be parsed ({e}).")
            return
        except UnicodeDecodeError:
            yield _err(source, None, "undecodable", f"CSV file is not valid {encoding}.")
            return
        cols = [h.strip().lower() for h in header]
        index: dict[str, int] = {}
        for i, c in enumerate(cols):
            index.setdefault(c, i)
        text_cols = [c for c in (self.text_field, self.html_field) if c]
        if not any(c.lower() in index for c in text_cols):
            yield _err(source, None, "missing_text",
                       f"CSV header has no {' or '.join(repr(c) for c in text_cols)} column "
                       f"(columns: {', '.join(cols)[:200]}).")
            return
        if "id" not in index:
            yield _err(source, None, "missing_id", "CSV header has no 'id' column.")
            return
        wanted = {name: index[name.lower()] for name in
                  {self.text_field, self.html_field, "id", "published_at", "title", "url"} - {None}
                  if name.lower() in index}
        while True:
            try:
                row = next_row()
            except StopIteration:
                return
            except csv.Error as e:
                rowno += 1
                src = f"{source}#R{rowno}"
                if "field larger than field limit" in str(e):
                    yield _err(src, None, "too_long",
                               f"Row {rowno} has a field longer than {self.csv_field_cap} characters, over the "
                               f"limit of {self.max_chars}; raise --max-chars to read it. The rest of the file is skipped.")
                    return
                yield _err(src, None, "malformed_csv", f"Row {rowno} (line {reader.line_num}) is malformed: {e}.")
                continue
            except UnicodeDecodeError:
                yield _err(f"{source}#R{rowno + 1}", None, "undecodable",
                           f"CSV file is not valid {encoding} from row {rowno + 1} (line {reader.line_num}); "
                           f"the rest of the file is skipped.")
                return
            if not row:
                continue  # blank line
            rowno += 1
            src = f"{source}#R{rowno}"
            if len(row) > len(header) and any(v.strip() for v in row[len(header):]):
                yield _err(src, None, "malformed_csv",
                           f"Row {rowno} (line {reader.line_num}) has {len(row)} fields; the header has {len(header)}.")
                continue
            obj = {name: row[i] for name, i in wanted.items() if i < len(row)}
            yield self._record(obj, src, f"Row {rowno}", encoding, "csv")

    # -------------------------------------------------------------- archives
    def _member(self, name: str, archive_id: str, archive_source: str):
        """(doc_id, source, kind) for an archive member, an ErrorRecord, or None to skip silently."""
        source = f"{archive_source}!{name}"
        norm = name.replace("\\", "/")
        parts = norm.split("/")
        if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm) or ".." in parts:
            return _err(_safe(source), None, "archive_unsafe_path",
                        "Member path is absolute or contains '..'; refused.")
        parts = [p for p in parts if p not in ("", ".")]
        if not parts or any(p.startswith(".") for p in parts):
            return None
        inner = "/".join(parts)
        stem, ext = _split_name(inner)
        kind = _KINDS.get(ext)
        if kind is None:
            return None
        if kind in _ARCHIVES:
            return _err(_safe(source), None, "unsupported", "Nested archives are not read.")
        if not _valid_text(inner):
            return _err(_safe(source), None, "invalid_id", "Member name is not valid UTF-8.")
        return f"{archive_id}/{stem}", source, kind

    def _zip(self, f, archive_id: str, source: str):
        try:
            zf = zipfile.ZipFile(f)
            infos = zf.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
            yield _err(source, None, "archive_corrupt", f"Not a readable ZIP archive ({e}).")
            return
        total = 0
        with zf:
            for n, info in enumerate(infos):
                if n >= ARCHIVE_MAX_MEMBERS:
                    yield _err(source, None, "archive_bomb",
                               f"Archive has more than {ARCHIVE_MAX_MEMBERS} members; the rest are skipped.")
                    return
                if info.is_dir():
                    continue
                msrc = _safe(f"{source}!{info.filename}")
                ftype = stat.S_IFMT(info.external_attr >> 16)  # Unix file type, when recorded
                if info.create_system == 3 and ftype and ftype not in (stat.S_IFREG, stat.S_IFDIR):
                    what = "symbolic link" if ftype == stat.S_IFLNK else "device or special file"
                    yield _err(msrc, None, "archive_link", f"Member is a {what}; refused.")
                    continue
                found = self._member(info.filename, archive_id, source)
                if found is None:
                    continue
                if isinstance(found, ErrorRecord):
                    yield found
                    continue
                doc_id, msrc, kind = found
                if info.flag_bits & 0x1:
                    yield _err(msrc, None, "unsupported", "Member is encrypted.")
                    continue
                if info.file_size > self.member_cap:
                    yield _err(msrc, None, "archive_bomb",
                               f"Member declares {info.file_size} bytes, over the per-member limit of {self.member_cap}.")
                    continue
                if info.file_size > ARCHIVE_RATIO_FLOOR and info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1):
                    yield _err(msrc, None, "archive_bomb",
                               f"Member declares a compression ratio over {ARCHIVE_MAX_RATIO} "
                               f"({info.file_size} bytes from {info.compress_size}).")
                    continue
                remaining = ARCHIVE_MAX_TOTAL_BYTES - total
                if info.file_size > remaining:
                    yield _err(msrc, None, "archive_bomb",
                               f"Archive expands to more than {ARCHIVE_MAX_TOTAL_BYTES} bytes; the rest is skipped.")
                    return
                try:
                    raw = zf.open(info)
                except NotImplementedError as e:
                    yield _err(msrc, None, "unsupported", f"Member uses an unsupported compression method ({e}).")
                    continue
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as e:
                    yield _err(msrc, None, "archive_corrupt", f"Member cannot be read ({e}).")
                    continue
                guard = _Guard(raw, limit=min(self.member_cap, remaining), what="Member",
                               compressed=info.compress_size if info.compress_type != zipfile.ZIP_STORED else None)
                try:
                    with raw:
                        yield from self._content(kind, io.BufferedReader(guard, HEAD_BYTES), doc_id, msrc,
                                                 info.file_size)
                except _BombError as e:
                    yield _err(msrc, None, "archive_bomb", str(e))
                except _CorruptError as e:
                    yield _err(msrc, None, "archive_corrupt", str(e))
                total += guard.count

    def _tar(self, f, archive_id: str, source: str):
        magic = f.peek(6)[:6]
        try:
            if magic.startswith(b"\x1f\x8b"):
                stream = gzip.GzipFile(fileobj=f, mode="rb")
            elif magic.startswith(b"BZh"):
                stream = bz2.BZ2File(f)
            elif magic.startswith(b"\xfd7zXZ\x00"):
                stream = lzma.LZMAFile(f)
            else:
                stream = f
        except (OSError, EOFError, ValueError, lzma.LZMAError) as e:
            yield _err(source, None, "archive_corrupt", f"Not a readable tar archive ({e}).")
            return
        outer = _Guard(stream, limit=ARCHIVE_MAX_TOTAL_BYTES, what="Archive",
                       compressed=f.tell if stream is not f else None)
        try:
            # Unbuffered on purpose: members before a truncation point are still read.
            tf = tarfile.open(fileobj=outer, mode="r|")
        except _BombError as e:
            yield _err(source, None, "archive_bomb", str(e) + " Nothing was read.")
            return
        except (_CorruptError, tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as e:
            yield _err(source, None, "archive_corrupt", f"Not a readable tar archive ({e}).")
            return
        members = iter(tf)
        n = 0
        while True:
            try:
                member = next(members)
            except StopIteration:
                return
            except _BombError as e:
                yield _err(source, None, "archive_bomb", f"{e} The rest of the archive is skipped.")
                return
            except (_CorruptError, tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as e:
                yield _err(source, None, "archive_corrupt", f"Archive is damaged ({e}); the rest is skipped.")
                return
            n += 1
            if n > ARCHIVE_MAX_MEMBERS:
                yield _err(source, None, "archive_bomb",
                           f"Archive has more than {ARCHIVE_MAX_MEMBERS} members; the rest are skipped.")
                return
            msrc = _safe(f"{source}!{member.name}")
            if member.issym() or member.islnk():
                yield _err(msrc, None, "archive_link",
                           f"Member is a {'symbolic' if member.issym() else 'hard'} link; refused.")
                continue
            if member.ischr() or member.isblk() or member.isfifo():
                yield _err(msrc, None, "archive_link", "Member is a device or FIFO; refused.")
                continue
            if not member.isreg():
                continue
            found = self._member(member.name, archive_id, source)
            if found is None:
                continue
            if isinstance(found, ErrorRecord):
                yield found
                continue
            doc_id, msrc, kind = found
            if member.size > self.member_cap:
                yield _err(msrc, None, "archive_bomb",
                           f"Member declares {member.size} bytes, over the per-member limit of {self.member_cap}.")
                continue
            try:
                fobj = tf.extractfile(member)
                guard = _Guard(fobj, limit=self.member_cap, what="Member")
                yield from self._content(kind, io.BufferedReader(guard, HEAD_BYTES), doc_id, msrc, member.size)
            except _BombError as e:
                yield _err(msrc, None, "archive_bomb", f"{e} The rest of the archive is skipped.")
                return
            except (_CorruptError, tarfile.TarError, OSError, EOFError, zlib.error) as e:
                yield _err(msrc, None, "archive_corrupt", f"Archive is damaged ({e}); the rest is skipped.")
                return


def _safe(s: str) -> str:
    """A string that can be written anywhere (surrogate escapes from odd file names made visible)."""
    return s if _valid_text(s) else s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _scalar(v) -> str | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str) and v.strip() and _valid_text(v):
        return v.strip()
    return None


def _nonblank(v) -> bool:
    return isinstance(v, str) and bool(v.strip())


# ------------------------------------------------------------------ decoding
def _signature(data: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def _canon(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return name if name.startswith("utf") else name.replace("-", "_")


def _is_wide(encoding: str) -> bool:
    return encoding.startswith(("utf-16", "utf-32"))


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _bomless_utf16(head: bytes) -> str | None:
    n = len(head) - len(head) % 2
    if n < 8:
        return None
    half = n // 2
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    if odd >= 0.1 * half and even <= 0.01 * half:
        return "utf-16-le"
    if even >= 0.1 * half and odd <= 0.01 * half:
        return "utf-16-be"
    return None


def _too_many_controls(text: str) -> bool:
    sample = text[:SNIFF_BYTES]
    return bool(sample) and len(_CONTROL.findall(sample)) > BINARY_CONTROL_SHARE * len(sample)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if not text.strip():
        raise _DecodeFailure("empty", "Contains only whitespace." if text else "The file is empty (0 bytes).")
    if _too_many_controls(text):
        raise _DecodeFailure("binary", "Contains binary data (control characters), not text.")
    return text, encoding


def _decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Text and encoding name of a whole document, or _DecodeFailure."""
    if not data:
        raise _DecodeFailure("empty", "The file is empty (0 bytes).")
    bom = _bom(data)
    if bom:
        try:
            return _checked(data.decode(bom), bom)
        except UnicodeDecodeError as e:
            raise _DecodeFailure("undecodable", f"Invalid {bom} data after the byte-order mark (byte {e.start}).") from None
    sig = _signature(data)
    if sig:
        raise _DecodeFailure("binary", f"Looks like a {sig}, not text.")
    wide = _bomless_utf16(data[:SNIFF_BYTES])
    if wide:
        try:
            return _checked(data.decode(wide), wide)
        except UnicodeDecodeError:
            pass
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or len(_CONTROL_BYTES.findall(head)) > BINARY_CONTROL_SHARE * len(head):
        raise _DecodeFailure("binary", "Contains binary data (NUL or control bytes), not text.")
    if html:
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            try:
                declared = _canon(m.group(1).decode("ascii"))
                return _checked(data.decode(declared), declared)
            except (LookupError, UnicodeDecodeError):
                pass
    encoding = _guess_legacy(data)
    if encoding is None:
        raise _DecodeFailure("undecodable", "Not valid UTF-8, and no other encoding fits.")
    return _checked(data.decode(encoding), encoding)


def _russian_score(s: str) -> tuple[float, float]:
    """(plausibility per character, share of Russian letters among letters) of a decoded sample."""
    score = 0.0
    cyr = letters = vowels = 0
    for ch, n in Counter(s).items():
        low = ch.lower() if ("А" <= ch <= "Я" or ch == "Ё") else ch
        w = _RU_FREQ.get(low)
        if w is not None:
            score += w * n
            cyr += n
            letters += n
            if low in _RU_VOWELS:
                vowels += n
        elif ch < "\x80":
            if ch.isalpha():
                letters += n
            elif ch < " " and ch not in "\t\n\r\f\v" or ch == "\x7f":
                score -= 20 * n
        elif ch in _TYPOGRAPHY:
            pass
        elif "\u0400" <= ch <= "\u04ff":
            score -= 3 * n
            letters += n
        else:
            score -= 10 * n
    # "нЙОЙУФЕТУФЧП": KOI8-R read as cp1251 flips letter case inside words.
    score -= 15 * len(_CASE_FLIP.findall(s))
    if cyr >= 8 and not 0.25 <= vowels / cyr <= 0.65:
        score = min(score, 0.0)  # Russian text is about 42% vowels; garbage rarely is
    return score / max(len(s), 1), (cyr / letters if letters else 0.0)


def _guess_legacy(data: bytes) -> str | None:
    """Best single-byte encoding: Cyrillic code pages ranked by how Russian the text looks, else charset-normalizer."""
    sample = data[:4096]  # plenty: 80 characters already decide (see docs/inputs.md)
    ranked = []
    for i, enc in enumerate(_CYRILLIC_CANDIDATES):
        try:
            s = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        score, share = _russian_score(s)
        if score > 0 and share >= 0.3:
            ranked.append((-score, i, enc))
    for _, _, enc in sorted(ranked):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes
        matches = from_bytes(data[:262144])
    except Exception:  # noqa: BLE001 - detector failure just means "unknown"
        return None
    for m in matches:
        try:
            enc = _canon(m.encoding)
            data.decode(enc)
            return enc
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def _stream_encoding(head: bytes) -> str:
    """Encoding of a JSONL/CSV stream judged from its first bytes."""
    if not head:
        raise _DecodeFailure("empty", "The file is empty (0 bytes).")
    bom = _bom(head)
    if bom:
        return bom
    sig = _signature(head)
    if sig:
        raise _DecodeFailure("binary", f"Looks like a {sig}, not text.")
    wide = _bomless_utf16(head[:SNIFF_BYTES])
    if wide:
        return wide
    sniff = head[:SNIFF_BYTES]
    if b"\x00" in sniff and len(_CONTROL_BYTES.findall(sniff)) > BINARY_CONTROL_SHARE * len(sniff):
        raise _DecodeFailure("binary", "Contains binary data (NUL or control bytes), not text.")
    decoded = head.decode("utf-8", "replace")
    bad = decoded.count("\ufffd") - (len(head) == HEAD_BYTES)  # a character may be cut at the end
    good = sum(1 for c in decoded if c > "\x7f" and c != "\ufffd")
    if bad <= 0 or good >= 2 * bad:  # legacy Cyrillic text has far more bad bytes than chance UTF-8 pairs
        return "utf-8"  # stray bad bytes become per-line errors rather than mojibake everywhere
    return _guess_legacy(head) or "utf-8"


def _lines(f, encoding: str, cap: int):
    """(line number, decoded line or _DecodeFailure) for each line; lines over ``cap`` bytes are not kept."""
    if _is_wide(encoding):
        stream = io.TextIOWrapper(f, encoding=encoding, errors="strict", newline="\n")
        lineno = 0
        while True:
            lineno += 1
            try:
                line = stream.readline(cap // 2 + 1)
            except UnicodeDecodeError:
                yield lineno, _DecodeFailure("undecodable", f"Not valid {encoding}; the rest of the file is skipped.")
                return
            if not line:
                return
            if len(line) > cap // 2 and not line.endswith("\n"):
                try:
                    while True:
                        rest = stream.readline(1 << 20)
                        if not rest or rest.endswith("\n"):
                            break
                except UnicodeDecodeError:
                    pass
                yield lineno, _DecodeFailure("too_long", f"Line is longer than {cap // 2} characters.")
                continue
            yield lineno, line
    lineno = 0
    first = True
    while True:
        raw = f.readline(cap + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while True:
                rest = f.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, _DecodeFailure("too_long", f"Line is longer than {cap} bytes; raise --max-chars to read it.")
            first = False
            continue
        if first and encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        first = False
        try:
            yield lineno, raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError as e:
            yield lineno, _DecodeFailure("undecodable", f"Not valid {encoding} (byte {e.start}).")
