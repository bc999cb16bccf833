"""Inputs to files: explicit paths, folder walks (hidden files skipped, links never followed), dispatch by kind."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from . import limits
from .archives import read_tar, read_zip
from .errors import err, safe, valid_text
from .formats import content
from .kinds import KINDS, split_name
from ..types import Document, ErrorRecord


def items(opts: limits.Options, inputs: list) -> Iterator[Document | ErrorRecord]:
    """Documents and error rows of each input in turn; a folder's files in path order."""
    for given in inputs:
        try:
            given_str = os.fsdecode(os.fspath(given))
        except TypeError:
            yield err(repr(given), None, "not_found", f"Input {given!r} is not a path.")
            continue
        try:
            st = os.stat(given_str)  # an input named explicitly may be a link
        except FileNotFoundError:
            yield err(given_str, None, "not_found", f"Input {given_str!r} does not exist.")
            continue
        except (OSError, ValueError) as e:
            yield err(given_str, None, "unreadable", f"Input {given_str!r} cannot be accessed ({e}).")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _folder(opts, given_str)
        elif stat.S_ISREG(st.st_mode):
            stem, ext = split_name(os.path.basename(given_str))
            kind = KINDS.get(ext)
            if kind is None:
                yield err(given_str, None, "unsupported",
                          f"File type {ext or '(no extension)'!r} is not supported "
                          f"(supported: {', '.join(sorted(KINDS))}).")
                continue
            yield from _file(opts, given_str, stem, given_str, kind, follow=True)
        else:
            yield err(given_str, None, "unsupported", "Input is neither a regular file nor a folder.")


def _folder(opts: limits.Options, root: str) -> Iterator[Document | ErrorRecord]:
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
            yield err(source, None, "symlink", "Symbolic link skipped: links are never followed.")
            continue
        if what.startswith("unreadable:"):
            yield err(source, None, "unreadable", f"Cannot be read ({what[11:]}).")
            continue
        stem, ext = split_name(rel)
        kind = KINDS.get(ext)
        if kind is None:
            continue  # unrelated files in a data folder
        if what == "special":
            yield err(source, None, "unsupported", "Not a regular file (device, FIFO or socket); skipped.")
            continue
        if not valid_text(rel):
            yield err(safe(source), None, "invalid_id", "File name is not valid UTF-8.")
            continue
        yield from _file(opts, path, stem, source, kind, follow=False)


def _file(opts: limits.Options, path: str, doc_id: str, source: str, kind: str, *, follow: bool):
    try:
        f, size = _open_regular(path, follow)
    except OSError as e:
        if not follow and e.errno == errno.ELOOP:  # swapped for a link after the walk
            yield err(source, None, "symlink", "Symbolic link skipped: links are never followed.")
        else:
            yield err(source, None, "unreadable", f"Cannot be opened ({e.strerror or e}).")
        return
    with f:
        if kind == "zip":
            yield from read_zip(opts, f, doc_id, source)
        elif kind == "tar":
            yield from read_tar(opts, f, doc_id, source)
        else:
            yield from content(opts, kind, f, doc_id, source, size)


def _open_regular(path: str, follow: bool):
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise IsADirectoryError(f"{path} is not a regular file")
        return os.fdopen(fd, "rb", buffering=limits.HEAD_BYTES), st.st_size
    except BaseException:
        os.close(fd)
        raise
