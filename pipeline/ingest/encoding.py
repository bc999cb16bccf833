"""Bytes to text: byte-order marks, binary sniffing, charset detection, and how Russian a decoding looks."""
from __future__ import annotations

import codecs
import io
import re
import threading
from collections import Counter

from . import limits
from .errors import DecodeFailure

SNIFF_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05

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
_MAX_REPLACED = 100  # a legacy decoding replaces at most one byte in 100: more is the wrong code page
_CYRILLIC_CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.I)


def signature(data: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def binary_head(data: bytes) -> str | None:
    """Why the first bytes of an over-long file look binary rather than text, or None."""
    sig = signature(data)
    if sig:
        return f"Looks like a {sig}, not text."
    if len(_CONTROL_BYTES.findall(data[:SNIFF_BYTES])) > BINARY_CONTROL_SHARE * min(len(data), SNIFF_BYTES):
        return "Contains binary data (control bytes), not text."
    return None


def _canon(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return name if name.startswith("utf") else name.replace("-", "_")


def is_wide(encoding: str) -> bool:
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


def _checked(text: str, encoding: str, note: str | None = None) -> tuple[str, str, str | None]:
    if not text.strip():
        raise DecodeFailure("empty", "Contains only whitespace." if text else "The file is empty (0 bytes).")
    if _too_many_controls(text):
        raise DecodeFailure("binary", "Contains binary data (control characters), not text.")
    return text, encoding, note


_MARKS = threading.local()  # the byte offsets the "rupress-mark" handler replaced, per thread


def _mark(e: UnicodeDecodeError):
    _MARKS.bad.append(e.start)
    return "\ufffd", e.end


codecs.register_error("rupress-mark", _mark)


def _replaced(data: bytes, encoding: str) -> tuple[str, str | None]:
    """``data`` decoded with U+FFFD for what does not decode, and the warning saying so (None if nothing was)."""
    bad = _MARKS.bad = []
    text = data.decode(encoding, "rupress-mark")
    if not bad:
        return text, None
    n = len(bad)
    return text, (f"{n} byte{'s' if n > 1 else ''} not valid in {encoding} replaced by U+FFFD "
                  f"(first at byte {bad[0]}); offsets index the text with them.")


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few stray bytes: twice as many multi-byte characters as bad sequences
    (legacy Cyrillic text makes a bad sequence of nearly every letter), as ``stream_encoding`` judges."""
    decoded = data.decode("utf-8", "replace")
    bad = decoded.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for c in decoded if c > "\x7f" and c != "\ufffd")
    return 0 < bad and good >= 2 * bad


def decode(data: bytes, *, html: bool = False) -> tuple[str, str, str | None]:
    """Text, encoding name and a warning (bytes replaced, or None) of a whole document, or DecodeFailure.

    A file is one document: a stray byte that does not decode becomes U+FFFD, said in the warning,
    rather than costing the whole text."""
    if not data:
        raise DecodeFailure("empty", "The file is empty (0 bytes).")
    bom = _bom(data)
    if bom:
        try:
            return _checked(data.decode(bom), bom)
        except UnicodeDecodeError as e:
            if bom == "utf-8-sig" and _mostly_utf8(data[3:]):
                text, note = _replaced(data, bom)
                return _checked(text, bom, note)
            raise DecodeFailure("undecodable", f"Invalid {bom} data after the byte-order mark (byte {e.start}).") from None
    sig = signature(data)
    if sig:
        raise DecodeFailure("binary", f"Looks like a {sig}, not text.")
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
    if _mostly_utf8(data):
        text, note = _replaced(data, "utf-8")
        return _checked(text, "utf-8", note)
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or len(_CONTROL_BYTES.findall(head)) > BINARY_CONTROL_SHARE * len(head):
        raise DecodeFailure("binary", "Contains binary data (NUL or control bytes), not text.")
    if html:
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            try:
                declared = _canon(m.group(1).decode("ascii"))
                return _checked(data.decode(declared), declared)
            except (LookupError, UnicodeDecodeError):
                pass
    encoding = _guess_legacy(data, replace=True)
    if encoding is None:
        raise DecodeFailure("undecodable", "Not valid UTF-8, and no other encoding fits.")
    text, note = _replaced(data, encoding)
    return _checked(text, encoding, note)


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


def _guess_legacy(data: bytes, replace: bool = False) -> str | None:
    """Best single-byte encoding: Cyrillic code pages ranked by how Russian the text looks, else charset-normalizer.

    ``replace``: a byte a code page leaves undefined (0x98 in cp1251) counts against it as one
    foreign character (U+FFFD) instead of ruling it out, and the whole data need not decode strictly;
    at most one such byte in ``_MAX_REPLACED`` (one in a shorter text)."""
    sample = data[:4096]  # plenty: 80 characters already decide (see docs/inputs.md)
    ranked = []
    for i, enc in enumerate(_CYRILLIC_CANDIDATES):
        try:
            s = sample.decode(enc, "replace" if replace else "strict")
        except UnicodeDecodeError:
            continue
        score, share = _russian_score(s)
        if score > 0 and share >= 0.3:
            ranked.append((-score, i, enc))
    for _, _, enc in sorted(ranked):
        if replace:
            if data.decode(enc, "replace").count("\ufffd") * _MAX_REPLACED <= max(len(data), _MAX_REPLACED):
                return enc
            continue
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


def stream_encoding(head: bytes) -> str:
    """Encoding of a JSONL/CSV stream judged from its first bytes."""
    if not head:
        raise DecodeFailure("empty", "The file is empty (0 bytes).")
    bom = _bom(head)
    if bom:
        return bom
    sig = signature(head)
    if sig:
        raise DecodeFailure("binary", f"Looks like a {sig}, not text.")
    wide = _bomless_utf16(head[:SNIFF_BYTES])
    if wide:
        return wide
    sniff = head[:SNIFF_BYTES]
    if b"\x00" in sniff and len(_CONTROL_BYTES.findall(sniff)) > BINARY_CONTROL_SHARE * len(sniff):
        raise DecodeFailure("binary", "Contains binary data (NUL or control bytes), not text.")
    decoded = head.decode("utf-8", "replace")
    bad = decoded.count("\ufffd") - (len(head) == limits.HEAD_BYTES)  # a character may be cut at the end
    good = sum(1 for c in decoded if c > "\x7f" and c != "\ufffd")
    if bad <= 0 or good >= 2 * bad:  # legacy Cyrillic text has far more bad bytes than chance UTF-8 pairs
        return "utf-8"  # stray bad bytes become per-line errors rather than mojibake everywhere
    return _guess_legacy(head) or "utf-8"


def read_lines(f, encoding: str, cap: int):
    """(line number, decoded line or DecodeFailure) for each line; lines over ``cap`` bytes are not kept."""
    if is_wide(encoding):
        stream = io.TextIOWrapper(f, encoding=encoding, errors="strict", newline="\n")
        lineno = 0
        while True:
            lineno += 1
            try:
                line = stream.readline(cap // 2 + 1)
            except UnicodeDecodeError:
                yield lineno, DecodeFailure("undecodable", f"Not valid {encoding}; the rest of the file is skipped.")
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
                yield lineno, DecodeFailure("too_long", f"Line is longer than {cap // 2} characters.")
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
            yield lineno, DecodeFailure("too_long", f"Line is longer than {cap} bytes; raise --max-chars to read it.")
            first = False
            continue
        if first and encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        first = False
        try:
            yield lineno, raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError as e:
            yield lineno, DecodeFailure("undecodable", f"Not valid {encoding} (byte {e.start}).")
