"""Past or future: the tense a date is read in, from the parse when there is one, else from words.

"В пятницу он улетит" is the coming Friday, "в пятницу он улетел" the last one.
"""
from __future__ import annotations

import re
from functools import lru_cache

SENT_BREAK = re.compile(r"[.!?…]+[\"»)]*\s+(?=[\"«(]*[А-ЯЁA-Z0-9])|\n")
_WORD = re.compile(r"[А-Яа-яЁё]+")
_FUTURE_AUX = {"будет", "будут", "буду", "будем", "будете", "будешь"}
_PLANNED = ("назначен", "запланирован", "перенесен", "перенесён", "намечен")  # a plan points ahead


def _from_token(tok):
    for ch in tok.children:  # "будут представлены": the auxiliary carries the tense
        if ch.pos_ == "AUX":
            t = ch.morph.get("Tense")
            if "Fut" in t or ch.text.lower() in _FUTURE_AUX:  # taggers call "будут" present
                return "fut"
            if "Past" in t:
                return "past"
    tense = tok.morph.get("Tense")
    if tense:
        t = tense[0]
        if t == "Past":
            return "past"
        if t == "Fut" or "Perf" in tok.morph.get("Aspect"):
            return "fut"
        return "pres"
    return None


def from_doc(doc, start, end):
    """Tense of the verb governing ``text[start:end]`` in a spaCy parse, else of the nearest verb."""
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except Exception:
        span = None
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX"):
            t = _from_token(tok)
            if t:
                return t
        if tok.head.i == tok.i:
            break
        tok = tok.head
    try:
        sent = span.sent
    except Exception:
        return None
    best = None
    for t in sent:
        if t.pos_ in ("VERB", "AUX") and not (start <= t.idx < end):
            tt = _from_token(t)
            if tt:
                d = abs(t.i - span.root.i)
                if best is None or d < best[0]:
                    best = (d, tt)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _morph():
    try:
        from ...nlp import morph_vocab

        return morph_vocab()
    except Exception:
        pass
    try:  # pymorphy2 finds its dictionary through pkg_resources, gone from recent setuptools
        import pymorphy2
        import pymorphy2_dicts_ru
        import yargy.morph  # noqa: F401  (patches pymorphy2 for Python 3.11)

        return pymorphy2.MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())
    except Exception:
        return None


@lru_cache(maxsize=4096)
def word_tense(word: str):
    w = word.lower()
    if w in _FUTURE_AUX or w.startswith(_PLANNED):
        return "fut"
    morph = _morph()
    if morph is not None:
        for p in morph.parse(w)[:1]:
            if p.tag.POS == "VERB":
                return {"past": "past", "futr": "fut", "pres": "pres"}.get(p.tag.tense)
            if p.tag.POS == "PRTS":
                return "prts"  # "отправлено": past unless "будут представлены"
        return None
    # no analyser: past-tense endings only
    if re.search(r"(?:[аеиоуяыю]л|[аеиоуяыю]л[аои]|[аеиоуяыю]л(?:ся|ась|ось|ись))$", w) and len(w) > 4:
        return "past"
    return None


def sentence_bounds(text, start, end):
    lo = 0
    for mm in SENT_BREAK.finditer(text, max(0, start - 400), start):
        lo = mm.end()
    mm = SENT_BREAK.search(text, end)
    return lo, (mm.start() if mm else len(text))


def from_words(text, start, end):
    """Tense of the nearest finite verb in the sentence, by a morphological dictionary."""
    lo, hi = sentence_bounds(text, start, end)
    words = []
    prev = None
    for wm in _WORD.finditer(text, lo, hi):
        if wm.end() <= start:
            words.append((start - wm.end(), wm.group(), prev))
        elif wm.start() >= end:
            words.append((wm.start() - end, wm.group(), prev))
        prev = wm.group().lower()
    words.sort(key=lambda x: x[0])
    for _, w, before in words[:24]:
        t = word_tense(w)
        if t == "prts":  # a short participle takes its tense from the auxiliary before it
            t = "fut" if before in _FUTURE_AUX else "past"
        if t:
            return t
    return None


def tense(text, start, end, doc=None):
    """"past", "fut", "pres" or None for the date at ``text[start:end]``."""
    t = from_doc(doc, start, end) if doc is not None else None
    return t if t is not None else from_words(text, start, end)
