"""Hostile and broken inputs: ingest never raises, never follows links, never writes, stays bounded."""
from __future__ import annotations

import gzip
import io
import json
import os
import socket
import subprocess
import tarfile
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import archives, errors, limits
from pipeline.ingest.html import extract_html
from pipeline.ingest import iter_inputs
from pipeline.types import Document, ErrorRecord

TEXT = "Пресс-служба сообщила: губернатор Иван Петров посетил завод в Казани 5 октября 2020 года."


def run(*paths, **kw):
    return list(iter_inputs([str(p) for p in paths], **kw))


def kinds(items):
    return [x.error if isinstance(x, ErrorRecord) else x.doc_id for x in items]


def tar_add(tf, name, data=b"", **attrs):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for k, v in attrs.items():
        setattr(info, k, v)
    tf.addfile(info, io.BytesIO(data) if data else None)


# ------------------------------------------------------------------ binary and odd text
def test_binary_png_with_random_bytes(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    (e,) = run(p)
    assert (e.error, e.stage) == ("binary", "decode") and "PNG" in e.message


def test_binary_without_signature(tmp_path):
    p = tmp_path / "blob.md"
    p.write_bytes(bytes(range(256)) * 40)
    (e,) = run(p)
    assert e.error == "binary"


def test_nul_controls_rtl_emoji_text_passes_through_unchanged(tmp_path):
    text = (TEXT + " Символ\x00NUL, звонок\x07, RLM\u200f и LRM\u200e, арабский \u0627\u0644\u0639\u0631\u0628\u064a\u0629, "
            "эмодзи 🇷🇺👍🏽 и ZWJ 👩\u200d💻, неразрывный\xa0пробел, мягкий\u00adперенос. " + TEXT)
    p = tmp_path / "odd.txt"
    p.write_bytes(text.encode("utf-8"))
    (d,) = run(p)
    assert isinstance(d, Document) and d.text == text and d.encoding == "utf-8"


def test_lone_surrogate_in_json_is_refused(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s1", "text": "bad \\ud800 half"}\n{"id": "s2", "text": "хороший"}\n', encoding="utf-8")
    assert kinds(run(p)) == ["undecodable", "s2"]


def test_deeply_nested_json_and_html_do_not_crash(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text("[" * 100_000 + "\n" + json.dumps({"id": 1, "text": "ок"}) + "\n", encoding="utf-8")
    assert kinds(run(p)) == ["malformed_json", "1"]
    text, _, _ = extract_html("<div>" * 20_000 + "<p>Глубоко.</p>" + "</div>" * 20_000)
    assert text == "Глубоко."


def test_overlong_jsonl_line_is_skipped_and_the_next_read(tmp_path):
    p = tmp_path / "big.jsonl"
    big = json.dumps({"id": "big", "text": "я" * 50_000})  # escaped: 6 bytes a character
    p.write_text(big + "\n" + json.dumps({"id": "ok", "text": "да"}) + "\n", encoding="utf-8")
    items = run(p, max_chars=1000)
    assert kinds(items) == ["too_long", "ok"]
    assert items[0].source.endswith("#L1") and "--max-chars" in items[0].message


def test_huge_sparse_file_never_enters_memory(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.write(TEXT.encode("utf-8"))
        f.truncate(5 * 1024**3)  # sparse: 5 GB on paper, nothing on disk
    tracemalloc.start()
    try:
        (e,) = run(p, max_chars=10_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert e.error in ("too_long", "binary")
    assert peak < 20 * 1024**2


# ------------------------------------------------------------------ links and special files
def test_symlinks_in_folder_are_reported_and_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("СЕКРЕТ снаружи", encoding="utf-8")
    root = tmp_path / "raw"
    root.mkdir()
    (root / "real.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "link.txt")
    os.symlink(outside, root / "linkdir")
    os.symlink(tmp_path / "missing.txt", root / "dangling.txt")
    items = run(root)
    assert kinds(items) == ["symlink", "symlink", "symlink", "real"]
    assert [x.source for x in items[:3]] == [str(root / n) for n in ("dangling.txt", "link.txt", "linkdir")]
    assert not any("СЕКРЕТ" in x.text for x in items if isinstance(x, Document))


def test_fifo_in_folder_does_not_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.unknown")
    start = time.monotonic()
    assert kinds(run(tmp_path)) == ["ok", "unsupported"]
    assert time.monotonic() - start < 5


# ------------------------------------------------------------------ archives
def test_zip_traversal_and_absolute_members_refused_good_member_read(tmp_path):
    z = tmp_path / "evil.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("../evil.txt", "злой")
        zf.writestr("a/../../evil2.txt", "злой")
        zf.writestr("/etc/evil3.txt", "злой")
        zf.writestr("C:/evil4.txt", "злой")
        zf.writestr("good.txt", TEXT)
    items = run(z)
    assert kinds(items) == ["archive_unsafe_path"] * 4 + ["evil/good"]
    assert items[0].source == f"{z}!../evil.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evil.zip"]  # nothing extracted


def test_zip_symlink_member_refused(tmp_path):
    z = tmp_path / "links.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.create_system = 3
        info.external_attr = (0o120777) << 16  # S_IFLNK
        zf.writestr(info, "/etc/passwd")
        zf.writestr("ok.txt", TEXT)
    assert kinds(run(z)) == ["archive_link", "links/ok"]


def test_zip_member_check_order_name_then_encryption_then_size(tmp_path):
    z = tmp_path / "e.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        for name in ("../up.txt", "big.txt", "plain.txt"):
            zf.writestr(name, b"x" * (2 * 1024**2))  # each over the per-member cap below
    data = bytearray(z.read_bytes())
    for name in (b"../up.txt", b"big.txt"):  # zipfile never writes the encryption bit itself
        at = data.index(b"PK\x01\x02")
        while data[at + 46: at + 46 + len(name)] != name:
            at = data.index(b"PK\x01\x02", at + 4)
        data[at + 8] |= 0x1
    z.write_bytes(bytes(data))
    items = run(z, max_chars=1000)
    assert kinds(items) == ["archive_unsafe_path", "unsupported", "archive_bomb"]
    assert items[1].message == "Member is encrypted." and "per-member" in items[2].message


def test_tar_links_and_devices_refused(tmp_path):
    t = tmp_path / "links.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        tar_add(tf, "sym.txt", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        tar_add(tf, "hard.txt", type=tarfile.LNKTYPE, linkname="../../etc/passwd")
        tar_add(tf, "dev.txt", type=tarfile.CHRTYPE)
        tar_add(tf, "../up.txt", TEXT.encode())
        tar_add(tf, "docs/ok.txt", TEXT.encode())
    items = run(t)
    assert kinds(items) == ["archive_link", "archive_link", "archive_link", "archive_unsafe_path", "links/docs/ok"]
    assert items[0].source == f"{t}!sym.txt"


def test_zip_bomb_by_ratio(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"a" * (8 * 1024**2))
        zf.writestr("ok.txt", TEXT)
    items = run(z)
    assert kinds(items) == ["archive_bomb", "bomb/ok"]
    assert "100" in items[0].message


def test_zip_member_over_per_member_cap(tmp_path):
    z = tmp_path / "big.zip"
    lines = "".join(json.dumps({"id": i, "text": TEXT}) + "\n" for i in range(1000))  # ~0.5 MB
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("big.jsonl", lines)
    # max_chars=1000: per-member cap is max(20 × 4016 bytes, 1 MiB) = 1 MiB, so the member is read.
    items = run(z, max_chars=1000)
    assert len(items) == 1000 and all(isinstance(x, Document) for x in items)
    factor = limits.ARCHIVE_MEMBER_FACTOR
    try:
        limits.ARCHIVE_MEMBER_FACTOR = 1
        with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr("big.jsonl", b"x" * (2 * 1024**2))
        items = run(z, max_chars=1000)
    finally:
        limits.ARCHIVE_MEMBER_FACTOR = factor
    assert kinds(items) == ["archive_bomb"] and "per-member" in items[0].message


def test_archive_total_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "ARCHIVE_MAX_TOTAL_BYTES", 5000)
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(5):
            zf.writestr(f"d{i}.txt", TEXT * 10)  # ~1.6 KB each
    assert kinds(run(z)) == ["many/d0", "many/d1", "many/d2", "archive_bomb"]
    t = tmp_path / "many.tar"
    with tarfile.open(t, "w") as tf:
        for i in range(5):
            tar_add(tf, f"d{i}.txt", (TEXT * 10).encode())
    items = run(t)
    assert kinds(items)[-1] == "archive_bomb" and len(items) <= 3


def test_tar_gz_bomb_detected_while_streaming(tmp_path):
    t = tmp_path / "bomb.tgz"
    with tarfile.open(t, "w:gz") as tf:
        tar_add(tf, "ok.txt", TEXT.encode())
        tar_add(tf, "bomb.jsonl", b"\n" * (8 * 1024**2))
    items = run(t)
    assert kinds(items) == ["bomb/ok", "archive_bomb"]
    assert "100 times" in items[1].message


def test_corrupt_archives(tmp_path):
    z = tmp_path / "bad.zip"
    z.write_bytes(b"PK\x03\x04" + os.urandom(200))
    t = tmp_path / "bad.tar.gz"
    good = io.BytesIO()
    with tarfile.open(fileobj=good, mode="w:gz") as tf:
        tar_add(tf, "a.txt", TEXT.encode())
        tar_add(tf, "b.txt", os.urandom(50_000))
    t.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])  # truncated mid-stream
    notgz = tmp_path / "plain.tgz"
    notgz.write_bytes(b"\x1f\x8b" + os.urandom(300))
    items = run(z, t, notgz)
    assert kinds(items) == ["archive_corrupt", "bad/a", "archive_corrupt", "archive_corrupt"]
    assert items[0].source == str(z)


def test_zip_crc_mismatch_is_corrupt_member(tmp_path):
    z = tmp_path / "crc.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", TEXT)
    raw = bytearray(z.read_bytes())
    pos = raw.find(TEXT.encode()[:10])
    raw[pos] ^= 0xFF
    z.write_bytes(bytes(raw))
    assert kinds(run(z)) == ["archive_corrupt"]


def test_nested_archive_not_recursed(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", TEXT)
    z = tmp_path / "outer.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
        zf.writestr("inner.tar.gz", gzip.compress(b"x"))
    assert kinds(run(z)) == ["unsupported", "unsupported"]


# ------------------------------------------------------------------ no writes, no network, no processes
def _snapshot(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            st = os.lstat(p)
            out[p] = (st.st_size, st.st_mtime_ns)
    return out


def test_no_writes_no_network_no_subprocess(tmp_path, monkeypatch):
    root = tmp_path / "raw"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "b.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (root / "c.jsonl").write_text(json.dumps({"id": "c", "text": TEXT}) + "\n", encoding="utf-8")
    (root / "d.csv").write_text(f'id,text\nd,"{TEXT}"\n', encoding="utf-8")
    (root / "e.txt").write_bytes(TEXT.encode("cp1251"))
    with zipfile.ZipFile(root / "f.zip", "w") as zf:
        zf.writestr("g.txt", TEXT)
        zf.writestr("../h.txt", TEXT)
    with tarfile.open(root / "i.tgz", "w:gz") as tf:
        tar_add(tf, "j.txt", TEXT.encode())
    before = _snapshot(tmp_path)
    cwd_before = sorted(os.listdir(os.getcwd()))

    def forbidden(*a, **k):
        raise AssertionError("ingest must not use the network or start processes")

    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    real_open = open

    def read_only_open(file, mode="r", *a, **k):
        if any(c in mode for c in "wax+"):
            raise AssertionError(f"ingest opened {file!r} for writing")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr("builtins.open", read_only_open)
    items = run(root)
    assert kinds(items) == ["a", "b", "c", "d", "e", "f/g", "archive_unsafe_path", "i/j"]
    assert _snapshot(tmp_path) == before
    assert sorted(os.listdir(os.getcwd())) == cwd_before


# ------------------------------------------------------------------ fuzzing
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000))
def test_random_bytes_txt_yield_exactly_one_item(tmp_path, data):
    p = tmp_path / "fuzz.txt"
    p.write_bytes(data)
    items = run(p)
    assert len(items) == 1
    item = items[0]
    if isinstance(item, Document):
        assert item.text.strip() and item.encoding and item.doc_id == "fuzz"
    else:
        assert item.error in {"empty", "binary", "undecodable"} and item.stage == "decode"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), ext=st.sampled_from(["jsonl", "csv", "html", "zip", "tgz"]))
def test_random_bytes_in_any_format_never_raise(tmp_path, data, ext):
    p = tmp_path / f"fuzz.{ext}"
    p.write_bytes(data)
    for item in run(p):
        assert isinstance(item, (Document, ErrorRecord))
        if isinstance(item, ErrorRecord):
            assert item.error != "internal_error", item.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "published_at", "title", "url"]),
                    st.one_of(st.text(max_size=30), st.integers(), st.none(), st.booleans(), st.lists(st.integers()))),
    st.text(max_size=30)), max_size=8))
def test_random_jsonl_records_never_raise(tmp_path, lines):
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(x) if isinstance(x, dict) else x.replace("\n", " ") for x in lines),
                 encoding="utf-8", newline="")
    for item in run(p):
        if isinstance(item, ErrorRecord):
            assert item.error != "internal_error", item.message
        else:
            assert item.text.strip() and item.doc_id


def test_guard_counts_bytes_regardless_of_declared_sizes():
    # Declared sizes can lie: the reader wrapped around every archive member counts what it gets.
    guard = archives._Guard(io.BytesIO(b"x" * 5000), limit=4096, what="Member")
    with pytest.raises(errors.BombError):
        io.BufferedReader(guard, 1024).read()
    guard = archives._Guard(io.BytesIO(b"y" * (3 * 1024**2)), limit=10 * 1024**2, what="Member", compressed=1000)
    with pytest.raises(errors.BombError, match="100 times"):
        io.BufferedReader(guard).read()


def test_non_utf8_file_name_and_symlink_rows_are_writable(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), b"bad\xff.txt"), "wb") as f:
        f.write(TEXT.encode())
    os.symlink(tmp_path, os.path.join(os.fsencode(root), b"link\xfe.txt"))
    items = run(root)
    assert kinds(items) == ["invalid_id", "symlink"]
    for e in items:
        e.source.encode("utf-8")  # no surrogate escapes left: any writer can store it
        assert "\ufffd" in e.source
