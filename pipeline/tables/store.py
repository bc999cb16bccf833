"""The output folder as a store of complete table sets, replaced in one step, and its lock.

Layout of an output folder ``OUT``::

    OUT/.rupress-sets/<set>/        one complete set: every table and manifest.json
    OUT/.rupress-current            symbolic link -> .rupress-sets/<set>   (the pointer)
    OUT/<table>.<format>            symbolic link -> .rupress-current/<table>.<format>
    OUT/manifest.json               symbolic link -> .rupress-current/manifest.json
    OUT/.rupress-lock               while a run or a write holds the folder (owner pid inside)

A new set is written into ``.rupress-sets/.rupress-write-*``, renamed to its final name once
complete, and made current by renaming a new pointer over the old one: one ``rename(2)``, so a
reader (``pipeline.load``) sees either the whole old set or the whole new one, whatever moment a
writer is killed at. The per-table links never change once made (they go through the pointer),
so they are a view for tools that read ``OUT/mentions.csv`` directly.
"""
from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import stat
import shutil
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

log = logging.getLogger(__name__)

SETS_DIR = ".rupress-sets"
MANIFEST = "manifest.json"
CURRENT = ".rupress-current"
LOCK = ".rupress-lock"
WRITE_PREFIX = ".rupress-write-"


class OutputClash(ValueError):
    """A name rupress would write in ``--out`` holds something rupress did not write there."""

    def __init__(self, path: Path, why: str = "is not a file rupress wrote"):
        self.path = path
        super().__init__(f"{path} {why}; rupress never replaces it: move it away or choose another --out")


class OutputLocked(RuntimeError):
    """Another live process holds the output folder."""

    def __init__(self, out: Path, owner: str):
        self.out, self.owner = out, owner
        super().__init__(f"another rupress run ({owner}) is writing to {out}; wait for it to end or choose "
                         f"another --out")


_held: dict[str, list] = {}  # realpath -> [fd, depth]; the lock is re-entrant within a process
_held_guard = threading.Lock()


def _owner_text(path: Path) -> str:
    try:
        raw = path.read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        return "pid unknown"
    return f"pid {raw[0]}" if raw and raw[0].isdigit() else "pid unknown"


@contextmanager
def locked(out: str | os.PathLike, *, wait: float = 0.0) -> Iterator[Path]:
    """Hold ``OUT/.rupress-lock`` (created with the owner's pid) for the duration.

    The lock is a ``flock`` on that file, so a lock left by a run that died (SIGKILL, OOM, power
    loss) is free and taken over at once; a live owner makes this raise ``OutputLocked`` (after
    waiting up to ``wait`` seconds).
    """
    out = Path(out)
    key = os.path.realpath(out)
    with _held_guard:
        if key in _held:
            _held[key][1] += 1
            entry = _held[key]
        else:
            entry = None
    if entry is not None:
        try:
            yield out / LOCK
        finally:
            with _held_guard:
                entry[1] -= 1
        return
    path = out / LOCK
    deadline = time.monotonic() + wait
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                raise OutputLocked(out, _owner_text(path)) from None
            time.sleep(0.2)
            continue
        try:  # the file we locked may have been unlinked by its previous owner in between
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    with _held_guard:
        _held[key] = [fd, 1]
    try:
        yield path
    finally:
        with _held_guard:
            _held[key][1] -= 1
            last = _held[key][1] == 0
            if last:
                del _held[key]
        if last:
            try:
                os.unlink(path)  # while still locked: a waiter re-checks the inode and retries
            except OSError:
                pass
            os.close(fd)


def current_set(out: str | os.PathLike) -> Path | None:
    """The folder of the current complete set, or None when ``out`` has none (an older layout)."""
    ptr = Path(out) / CURRENT
    try:
        target = os.readlink(ptr)
    except OSError:
        return None
    path = Path(out) / target
    return path if path.is_dir() else None


def owned(out: str | os.PathLike, name: str) -> bool:
    """True when ``out/name`` is one of rupress's own links (``name -> .rupress-current/name``), or a
    plain file of the older layout listed by a plain rupress ``manifest.json`` next to it."""
    try:
        return os.readlink(Path(out) / name) == f"{CURRENT}/{name}"
    except OSError:
        pass
    return _legacy_owned(Path(out), name)


def _legacy_owned(out: Path, name: str) -> bool:
    path = out / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.getsize(path) > 1 << 20:
            return False
        info = json.loads(path.read_text(encoding="utf-8"))
        fmt = info["format"]
        tables = info.get("tables") or {}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not isinstance(fmt, str) or not isinstance(tables, dict):
        return False
    if name == MANIFEST:
        return True
    stem, dot, ext = name.rpartition(".")
    # the older layout's manifest may lack "tables": any <table>.<format> of its format then
    return bool(dot) and ext == fmt and "/" not in stem and (not tables or stem in tables)


def clashes(out: str | os.PathLike, names: Iterable[str]) -> list[Path]:
    """The paths among ``out/<names>`` that exist and are not rupress's own links: never to be touched."""
    out = Path(out)
    return [out / n for n in names if os.path.lexists(out / n) and not owned(out, n)]


def check_names(out: str | os.PathLike, names: Iterable[str]) -> None:
    """Raise ``OutputClash`` for the first name of ``names`` in ``out`` that rupress did not write."""
    bad = clashes(out, names)
    if bad:
        raise OutputClash(bad[0])


def real_dir(path: Path) -> Path:
    """``path`` as a real folder of rupress's own: a link planted there is removed (never followed, its
    target untouched) and a real folder made in its place; anything else that is not a folder is refused."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        log.warning("%s was a symbolic link; the link is removed, its target is left alone", path)
        os.unlink(path)
        st = None
    elif st is not None and not stat.S_ISDIR(st.st_mode):
        raise OutputClash(path, "is not a folder")
    if st is None:
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
    st = os.lstat(path)  # a link swapped in between is refused, not followed
    if not stat.S_ISDIR(st.st_mode) or stat.S_ISLNK(st.st_mode):
        raise OutputClash(path, "is not a folder")
    return path


def _umask() -> int:
    old = os.umask(0o022)
    os.umask(old)
    return old


def _add_files(manifest: Path, names: list[str]) -> None:
    """List the files of the set in its manifest: what rupress owns at the top of ``--out``."""
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    info["files"] = sorted(names)
    manifest.write_text(json.dumps(info, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _link(out: Path, name: str, target: str) -> None:
    """Make ``out/name`` a symbolic link to ``target`` with one rename (a no-op when it already is)."""
    dest = out / name
    try:
        if os.readlink(dest) == target:
            return
    except OSError:
        pass
    tmp = out / f"{WRITE_PREFIX}link-{uuid.uuid4().hex[:12]}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, dest)
    except BaseException:
        with _suppress():
            os.unlink(tmp)
        raise


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError)


def publish(out: str | os.PathLike, write: Callable[[Path], Iterable[str]], *, remove: Iterable[str] = ()) -> Path:
    """Write a new set with ``write(folder) -> file names`` and make it current in one rename.

    Then every written file gets its link at the top of ``out``; top-level ``remove`` names
    (tables of another format from an earlier run) are deleted when they are rupress's own links;
    older sets and temporary folders left by killed writers are removed. Returns the new set's folder.
    A written name held at the top of ``out`` by anything but rupress's own link raises
    ``OutputClash`` and the current set stays current; ``.rupress-sets`` is never followed through a link.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with locked(out):
        sets = real_dir(out / SETS_DIR)
        tmp = Path(tempfile.mkdtemp(prefix=WRITE_PREFIX, dir=sets))
        try:
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it 0700: colleagues could not read the tables
            names = list(write(tmp))
            check_names(out, names)
            if MANIFEST in names:
                _add_files(tmp / MANIFEST, names)
            final = sets / f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
            os.rename(tmp, final)  # the set is complete, or absent
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _link(out, CURRENT, f"{SETS_DIR}/{final.name}")  # THE switch
        for name in names:
            _link(out, name, f"{CURRENT}/{name}")
        for name in remove:
            if name not in names and owned(out, name):
                with _suppress():
                    (out / name).unlink()
        _clean(out, keep=final)
        return final


def _clean(out: Path, keep: Path) -> None:
    sets = real_dir(out / SETS_DIR)
    for p in sets.iterdir():
        if p != keep:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink()
    for p in out.iterdir():  # links and folders of writers killed mid-way (and of the older layout)
        if p.name.startswith(WRITE_PREFIX):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                with _suppress():
                    p.unlink()
