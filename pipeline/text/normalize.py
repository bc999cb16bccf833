"""Text normalization for the NLP stages, with offsets mappable back to the original text.

See docs/normalization.md for the rules. ``normalize`` returns a :class:`NormText`; NLP runs on
``.text`` and every span found there is mapped with :meth:`NormText.to_original` before it is
written anywhere.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

__all__ = ["NormText", "normalize", "repair_homoglyphs_word", "majority_script"]

# Removed outright: zero-width chars, soft hyphen, bidi controls.
_DELETE = (
    "\u00ad"  # soft hyphen
    "\u061c"  # arabic letter mark (bidi)
    "\u200b\u200c\u200d"  # ZWSP, ZWNJ, ZWJ
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings / overrides
    "\u2060"  # word joiner
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\ufeff"  # BOM / ZWNBSP
)

# One-for-one replacements (never change length, so they never touch the offset maps).
_CHARMAP: dict[int, str] = {}
for _c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
    _CHARMAP[ord(_c)] = " "
for _c in "\u201e\u201c\u201d\u201f\u2033":  # „ “ ” ‟ ″
    _CHARMAP[ord(_c)] = '"'
for _c in "\u2018\u2019\u201a\u201b\u2032":  # ‘ ’ ‚ ‛ ′
    _CHARMAP[ord(_c)] = "'"
for _c in "\u2010\u2011\u2012":  # hyphen, non-breaking hyphen, figure dash
    _CHARMAP[ord(_c)] = "-"
del _c

# Script ranges used by the homoglyph rules (letters only; marks are handled separately).
_LATIN_RANGES = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F), (0x1E00, 0x1EFF))
_CYRILLIC_RANGES = ((0x400, 0x481), (0x48A, 0x52F))
# Combining marks that may sit between two letters of a word.
_MARK_RANGES = ((0x300, 0x36F), (0x483, 0x489), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


def _cls(ranges) -> str:
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


_LAT, _CYR, _MRK = _cls(_LATIN_RANGES), _cls(_CYRILLIC_RANGES), _cls(_MARK_RANGES)
# A script switch inside a word: Latin then Cyrillic, or Cyrillic then Latin (up to three combining
# marks between). Every match starts with a Latin letter, which keeps the search fast on Russian text.
_MIXED_RE = re.compile(
    f"[{_LAT}](?:[{_MRK}]*[{_CYR}]"
    + "".join(f"|(?<=[{_CYR}]{f'[{_MRK}]' * k}[{_LAT}])" for k in range(4))
    + ")"
)
_DEL_RE = re.compile(f"[{re.escape(_DELETE)}]")
_CHARMAP_RE = re.compile("[" + re.escape("".join(map(chr, _CHARMAP))) + "]")
_CHAR_WORK_RE = re.compile("[" + re.escape(_DELETE + "".join(map(chr, _CHARMAP))) + "]")
# A base char with its combining marks: the usual reason a text is not NFC.
_CLUSTER_RE = re.compile(f"(?s).[{_MRK}]+")
# Fallback NFC segmentation; a boundary before an ASCII char is always safe (ASCII chars are
# starters that never compose with what precedes them).
_SEGMENT_RE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")

_LATIN_SET = frozenset(chr(c) for a, b in _LATIN_RANGES for c in range(a, b + 1))
_CYRILLIC_SET = frozenset(chr(c) for a, b in _CYRILLIC_RANGES for c in range(a, b + 1) if chr(c).isalpha())

# Cyrillic -> Latin look-alikes. Lowercase в, м, н, т do not look like b, m, h, t; only the capitals do.
_CYR2LAT = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k",
    "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ё": "ë",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y", "Ё": "Ë",
}
_LAT2CYR = {v: k for k, v in _CYR2LAT.items()}


def _script(ch: str) -> str | None:
    """'cyrillic', 'latin', 'other' for letters, None for anything else."""
    if ch in _CYRILLIC_SET:
        return "cyrillic"
    if ch in _LATIN_SET:
        return "latin"
    if ch.isalpha():
        return "other"
    return None


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] == "M"


def _is_wordch(ch: str) -> bool:
    return ch.isalpha() or _is_mark(ch)


def majority_script(word: str) -> str:
    """Script of strictly most letters of ``word``: "cyrillic", "latin" or "other" (ties, no letters)."""
    counts = {"cyrillic": 0, "latin": 0, "other": 0}
    for ch in word:
        s = _script(ch)
        if s:
            counts[s] += 1
    cyr, lat, oth = counts["cyrillic"], counts["latin"], counts["other"]
    if cyr > lat and cyr > oth:
        return "cyrillic"
    if lat > cyr and lat > oth:
        return "latin"
    return "other"


def _repair_run(run: str) -> str:
    """Repair one maximal run of letters (and combining marks)."""
    cyr = lat = 0
    for ch in run:
        s = _script(ch)
        if s == "cyrillic":
            cyr += 1
        elif s == "latin":
            lat += 1
        elif s == "other":
            return run  # a third script: not a look-alike mix
    if not cyr or not lat or cyr == lat:
        return run
    minority, table = ("latin", _LAT2CYR) if cyr > lat else ("cyrillic", _CYR2LAT)
    out = list(run)
    n = len(run)
    for i, ch in enumerate(run):
        if _script(ch) != minority:
            continue
        rep = table.get(ch)
        # A minority letter carrying a combining mark is left alone: swapping it could make the
        # pair composable (e.g. Latin y + breve vs Cyrillic ў) and break idempotence.
        if rep is None or (i + 1 < n and _is_mark(run[i + 1])):
            return run
        out[i] = rep
    return "".join(out)


def _word_runs(s: str):
    """(start, end) of maximal runs of letters and combining marks."""
    i, n = 0, len(s)
    while i < n:
        if _is_wordch(s[i]):
            j = i + 1
            while j < n and _is_wordch(s[j]):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def repair_homoglyphs_word(word: str) -> str:
    """``word`` with each letter run rewritten in its majority script (look-alikes only), e.g.
    "Miсrosoft" (Cyrillic с) -> "Microsoft". Hyphen-separated parts are judged separately."""
    parts, p = [], 0
    for a, b in _word_runs(word):
        parts.append(word[p:a])
        parts.append(_repair_run(word[a:b]))
        p = b
    parts.append(word[p:])
    return "".join(parts)


def _repair_homoglyphs_text(text: str) -> str:
    parts, p = [], 0
    for m in _MIXED_RE.finditer(text):
        if m.start() < p:
            continue  # inside a word already handled
        a, b = m.start(), m.end()
        while a > 0 and _is_wordch(text[a - 1]):
            a -= 1
        while b < len(text) and _is_wordch(text[b]):
            b += 1
        run = text[a:b]
        fixed = _repair_run(run)
        if fixed != run:
            parts.append(text[p:a])
            parts.append(fixed)
            p = b
        else:
            parts.append(text[p:b])
            p = b
    if not parts:
        return text
    parts.append(text[p:])
    return "".join(parts)


def _nfc_cluster_edits(seg: str, base: int, edits: list) -> list:
    """Append the changed clusters of ``seg`` as (start + base, end + base, nfc) to ``edits``.

    A cluster is a starter with the non-starters after it. If composition crosses clusters
    (Hangul jamo, some Indic vowel signs) the whole segment becomes one edit.
    """
    full = unicodedata.normalize("NFC", seg)
    if full == seg:
        return edits
    bounds = [i for i, ch in enumerate(seg) if i == 0 or not unicodedata.combining(ch)]
    bounds.append(len(seg))
    found, outs = [], []
    for a, b in zip(bounds, bounds[1:]):
        c = seg[a:b]
        n = unicodedata.normalize("NFC", c)
        outs.append(n)
        if n != c:
            found.append((base + a, base + b, n))
    if "".join(outs) != full:
        # Keep only the part that differs, so unchanged neighbours still map one to one.
        n, k = len(seg), len(full)
        p = 0
        while p < min(n, k) and seg[p] == full[p]:
            p += 1
        q = 0
        while q < min(n, k) - p and seg[n - 1 - q] == full[k - 1 - q]:
            q += 1
        if p + q == n:  # an edit needs at least one source char
            if p:
                p -= 1
            else:
                q -= 1
        found = [(base + p, base + n - q, full[p : k - q])]
    edits.extend(found)
    return edits


def _nfc_edits(text: str, nfc: str) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) turning ``text`` into ``nfc``, its NFC form, in small pieces."""
    # Usual case: only base + combining mark sequences differ.
    edits, parts, p = [], [], 0
    memo: dict[str, str] = {}
    for m in _CLUSTER_RE.finditer(text):
        c = m.group()
        n = memo.get(c)
        if n is None:
            n = memo[c] = unicodedata.normalize("NFC", c)
        if n != c:
            a, b = m.span()
            parts.append(text[p:a])
            parts.append(n)
            p = b
            edits.append((a, b, n))
    parts.append(text[p:])
    if "".join(parts) == nfc:
        return edits
    # Anything else (singletons such as U+2126, marks outside the usual blocks, Hangul, ...).
    edits = []
    for m in _SEGMENT_RE.finditer(text):
        seg = m.group()
        if not unicodedata.is_normalized("NFC", seg):
            _nfc_cluster_edits(seg, m.start(), edits)
    return edits


@dataclass(frozen=True)
class NormText:
    """Normalized text and the map back to the original.

    ``_starts[i]``/``_ends[i]``: original span of normalized char ``i`` (``_starts`` has a
    sentinel ``len(original)`` at index ``len(text)``). Both are None when the map is one-to-one.
    """

    original: str
    text: str
    _starts: array | None = field(default=None, repr=False, compare=False)
    _ends: array | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self._starts is None and len(self.text) != len(self.original):
            raise ValueError("texts of different lengths need offset arrays")

    @property
    def identity(self) -> bool:
        return self.text is self.original or self.text == self.original

    def _check(self, start: int, end: int, n: int) -> None:
        if not 0 <= start <= end <= n:
            raise ValueError(f"span [{start}, {end}) outside [0, {n}]")

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Smallest original span covering normalized ``[start, end)``; O(1)."""
        self._check(start, end, len(self.text))
        st = self._starts
        if st is None:
            return start, end
        if start == end:
            p = st[start]
            return p, p
        return st[start], self._ends[end - 1]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Normalized span of the chars that overlap original ``[start, end)``; O(log n)."""
        self._check(start, end, len(self.original))
        st = self._starts
        if st is None:
            return start, end
        a = bisect_right(self._ends, start)
        if start == end:
            return a, a
        return a, bisect_left(st, end, 0, len(self.text))


def _to_array(a: np.ndarray) -> array:
    out = array("i")
    out.frombytes(a.astype(np.int32, copy=False).tobytes())
    return out


def normalize(text: str) -> NormText:
    """Normalize ``text`` for NLP (see docs/normalization.md); offsets map back via the result."""
    nfc_text = None
    if _CHAR_WORK_RE.search(text) is None:
        # normalize() returns at once when the quick check passes; otherwise its result is needed.
        nfc_text = unicodedata.normalize("NFC", text)
        if nfc_text == text and _MIXED_RE.search(text) is None:
            return NormText(text, text)

    # Length-changing steps first: deletions, then NFC (in that order, so that a mark separated
    # from its base by a deleted char still composes and normalize() stays idempotent).
    n0 = len(text)
    orig1 = None  # original index of each char of text1; None while nothing is deleted
    text1 = text
    if nfc_text is None and _DEL_RE.search(text) is not None:
        keep = np.ones(n0, dtype=bool)
        keep[[m.start() for m in _DEL_RE.finditer(text)]] = False
        orig1 = np.flatnonzero(keep)
        text1 = _DEL_RE.sub("", text)
    if nfc_text is None:
        nfc_text = unicodedata.normalize("NFC", text1)
    edits = [] if nfc_text == text1 else _nfc_edits(text1, nfc_text)
    starts = ends = None
    if edits:
        n1 = len(text1)
        if orig1 is None:
            orig1 = np.arange(n1)
        ea = np.array([e[0] for e in edits])
        eb = np.array([e[1] for e in edits])
        ek = np.array([len(e[2]) for e in edits])
        # How many normalized chars each text1 char yields: 1 outside edits, len(replacement) at
        # an edit's first char, 0 for the rest of the edit.
        inside = np.zeros(n1 + 1, dtype=np.int64)
        np.add.at(inside, ea + 1, 1)
        np.add.at(inside, eb, -1)
        weight = (np.cumsum(inside[:n1]) == 0).astype(np.int64)
        weight[ea] = ek
        first = orig1
        last = orig1 + 1
        last[ea] = orig1[eb - 1] + 1
        starts = _to_array(np.append(np.repeat(first, weight), n0))
        ends = _to_array(np.repeat(last, weight))
        parts, p = [], 0
        for a, b, s in edits:
            parts.append(text1[p:a])
            parts.append(s)
            p = b
        parts.append(text1[p:])
        text2 = "".join(parts)
    else:
        text2 = text1
        if orig1 is not None:
            starts = _to_array(np.append(orig1, n0))
            ends = _to_array(orig1 + 1)

    # Length-preserving steps: they never touch the maps.
    if _CHARMAP_RE.search(text2) is not None:
        text2 = _CHARMAP_RE.sub(lambda m: _CHARMAP[ord(m.group())], text2)
    text2 = _repair_homoglyphs_text(text2)

    if starts is None and text2 == text:
        text2 = text
    return NormText(text, text2, starts, ends)
