"""ZIP and tar archives: each member read as a file, with limits against bombs, links and unsafe paths."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import stat
import tarfile
import zipfile
import zlib

from . import limits
from .errors import ArchiveError, BombError, CorruptError, err, safe, valid_text
from .formats import content
from .kinds import ARCHIVES, KINDS, split_name
from ..types import ErrorRecord


class _Guard(io.RawIOBase):
    """Counts bytes read from an archive stream; turns overruns into BombError and read failures into CorruptError."""

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
        except ArchiveError:
            raise
        except (zipfile.BadZipFile, tarfile.TarError, zlib.error, lzma.LZMAError, EOFError, OSError,
                ValueError, RuntimeError, NotImplementedError) as e:
            raise CorruptError(f"{self.what} cannot be read ({type(e).__name__}: {e}).") from None
        n = len(data)
        self.count += n
        if self.count > self.limit:
            raise BombError(f"{self.what} expands to more than {self.limit} bytes.")
        if self._compressed is not None and self.count > limits.ARCHIVE_RATIO_FLOOR:
            packed = self._compressed() if callable(self._compressed) else self._compressed
            if self.count > limits.ARCHIVE_MAX_RATIO * max(packed, 1):
                raise BombError(
                    f"{self.what} expands more than {limits.ARCHIVE_MAX_RATIO} times "
                    f"({self.count} bytes from {packed} compressed).")
        b[:n] = data
        return n


def _member(opts: limits.Options, name: str, size: int, archive_id: str, archive_source: str,
            refused: str | None = None):
    """(doc_id, source, kind) for a member to read, an ErrorRecord, or None to skip silently.

    ``refused`` says why a member with a readable name still cannot be read (an encrypted ZIP member).
    """
    source = f"{archive_source}!{name}"
    norm = name.replace("\\", "/")
    parts = norm.split("/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm) or ".." in parts:
        return err(safe(source), None, "archive_unsafe_path",
                   "Member path is absolute or contains '..'; refused.")
    parts = [p for p in parts if p not in ("", ".")]
    if not parts or any(p.startswith(".") for p in parts):
        return None
    inner = "/".join(parts)
    stem, ext = split_name(inner)
    kind = KINDS.get(ext)
    if kind is None:
        return None
    if kind in ARCHIVES:
        return err(safe(source), None, "unsupported", "Nested archives are not read.")
    if not valid_text(inner):
        return err(safe(source), None, "invalid_id", "Member name is not valid UTF-8.")
    if refused:
        return err(source, None, "unsupported", refused)
    if size > opts.member_cap:
        return err(source, None, "archive_bomb",
                   f"Member declares {size} bytes, over the per-member limit of {opts.member_cap}.")
    return f"{archive_id}/{stem}", source, kind


def _too_many(source: str) -> ErrorRecord:
    return err(source, None, "archive_bomb",
               f"Archive has more than {limits.ARCHIVE_MAX_MEMBERS} members; the rest are skipped.")


def read_zip(opts: limits.Options, f, archive_id: str, source: str):
    try:
        zf = zipfile.ZipFile(f)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        yield err(source, None, "archive_corrupt", f"Not a readable ZIP archive ({e}).")
        return
    total = 0
    with zf:
        for n, info in enumerate(infos):
            if n >= limits.ARCHIVE_MAX_MEMBERS:
                yield _too_many(source)
                return
            if info.is_dir():
                continue
            msrc = safe(f"{source}!{info.filename}")
            ftype = stat.S_IFMT(info.external_attr >> 16)  # Unix file type, when recorded
            if info.create_system == 3 and ftype and ftype not in (stat.S_IFREG, stat.S_IFDIR):
                what = "symbolic link" if ftype == stat.S_IFLNK else "device or special file"
                yield err(msrc, None, "archive_link", f"Member is a {what}; refused.")
                continue
            found = _member(opts, info.filename, info.file_size, archive_id, source,
                            refused="Member is encrypted." if info.flag_bits & 0x1 else None)
            if found is None:
                continue
            if isinstance(found, ErrorRecord):
                yield found
                continue
            doc_id, msrc, kind = found
            if info.file_size > limits.ARCHIVE_RATIO_FLOOR and info.file_size > limits.ARCHIVE_MAX_RATIO * max(info.compress_size, 1):
                yield err(msrc, None, "archive_bomb",
                          f"Member declares a compression ratio over {limits.ARCHIVE_MAX_RATIO} "
                          f"({info.file_size} bytes from {info.compress_size}).")
                continue
            remaining = limits.ARCHIVE_MAX_TOTAL_BYTES - total
            if info.file_size > remaining:
                yield err(msrc, None, "archive_bomb",
                          f"Archive expands to more than {limits.ARCHIVE_MAX_TOTAL_BYTES} bytes; the rest is skipped.")
                return
            try:
                raw = zf.open(info)
            except NotImplementedError as e:
                yield err(msrc, None, "unsupported", f"Member uses an unsupported compression method ({e}).")
                continue
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as e:
                yield err(msrc, None, "archive_corrupt", f"Member cannot be read ({e}).")
                continue
            guard = _Guard(raw, limit=min(opts.member_cap, remaining), what="Member",
                           compressed=info.compress_size if info.compress_type != zipfile.ZIP_STORED else None)
            try:
                with raw:
                    yield from content(opts, kind, io.BufferedReader(guard, limits.HEAD_BYTES), doc_id, msrc,
                                       info.file_size)
            except BombError as e:
                yield err(msrc, None, "archive_bomb", str(e))
            except CorruptError as e:
                yield err(msrc, None, "archive_corrupt", str(e))
            total += guard.count


def read_tar(opts: limits.Options, f, archive_id: str, source: str):
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
        yield err(source, None, "archive_corrupt", f"Not a readable tar archive ({e}).")
        return
    outer = _Guard(stream, limit=limits.ARCHIVE_MAX_TOTAL_BYTES, what="Archive",
                   compressed=f.tell if stream is not f else None)
    try:
        # Unbuffered on purpose: members before a truncation point are still read.
        tf = tarfile.open(fileobj=outer, mode="r|")
    except BombError as e:
        yield err(source, None, "archive_bomb", str(e) + " Nothing was read.")
        return
    except (CorruptError, tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as e:
        yield err(source, None, "archive_corrupt", f"Not a readable tar archive ({e}).")
        return
    members = iter(tf)
    n = 0
    while True:
        try:
            member = next(members)
        except StopIteration:
            return
        except BombError as e:
            yield err(source, None, "archive_bomb", f"{e} The rest of the archive is skipped.")
            return
        except (CorruptError, tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as e:
            yield err(source, None, "archive_corrupt", f"Archive is damaged ({e}); the rest is skipped.")
            return
        n += 1
        if n > limits.ARCHIVE_MAX_MEMBERS:
            yield _too_many(source)
            return
        msrc = safe(f"{source}!{member.name}")
        if member.issym() or member.islnk():
            yield err(msrc, None, "archive_link",
                      f"Member is a {'symbolic' if member.issym() else 'hard'} link; refused.")
            continue
        if member.ischr() or member.isblk() or member.isfifo():
            yield err(msrc, None, "archive_link", "Member is a device or FIFO; refused.")
            continue
        if not member.isreg():
            continue
        found = _member(opts, member.name, member.size, archive_id, source)
        if found is None:
            continue
        if isinstance(found, ErrorRecord):
            yield found
            continue
        doc_id, msrc, kind = found
        try:
            fobj = tf.extractfile(member)
            guard = _Guard(fobj, limit=opts.member_cap, what="Member")
            yield from content(opts, kind, io.BufferedReader(guard, limits.HEAD_BYTES), doc_id, msrc, member.size)
        except BombError as e:
            yield err(msrc, None, "archive_bomb", f"{e} The rest of the archive is skipped.")
            return
        except (CorruptError, tarfile.TarError, OSError, EOFError, zlib.error) as e:
            yield err(msrc, None, "archive_corrupt", f"Archive is damaged ({e}); the rest is skipped.")
            return
