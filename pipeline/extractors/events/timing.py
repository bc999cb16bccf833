"""When an event happened: the closest date in its clause, else one inherited from the event it refers to."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Token

from ... import resources
from ...resources import fold
from ..common import lemma, preps
from .event import Event
from .lexicon import EventLexicon, event_lexicon
from .triggers import BACKREF_PREPS


def _date_tokens(sdoc: Doc, dates) -> list[tuple[object, int, int]]:
    out = []
    for d in dates:
        try:
            span = sdoc.char_span(d.start, d.end, alignment_mode="expand")
        except Exception:
            span = None
        if span is None or not len(span):
            continue
        out.append((d, span.start, span.end))
    return out


# Dependencies that open a clause of its own: a date under one belongs to that clause's verb.
CLAUSE_DEPS = {"ccomp", "csubj", "csubj:pass", "advcl", "acl", "acl:relcl", "parataxis", "conj"}
# Clauses whose dates never date the verb above them: reported content and descriptions of nouns.
OPAQUE_DEPS = {"ccomp", "csubj", "csubj:pass", "acl", "acl:relcl"}


def _date_root(sdoc: Doc, a: int, b: int) -> Token:
    for t in sdoc[a:b]:
        if not (a <= t.head.i < b) or t.head.i == t.i:
            return t
    return sdoc[a]


def _clause_head(tok: Token) -> Token:
    """The word heading the clause ``tok`` is in: the nearest ancestor-or-self opening a clause."""
    t = tok
    while t.head.i != t.i and not (t.dep_ in CLAUSE_DEPS and (t.dep_ != "conj" or t.pos_ in ("VERB", "AUX"))):
        t = t.head
    return t


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while tok.head.i != tok.i:
        tok = tok.head
        out.append(tok)
    return out


def _date_rank(ev: Event, root: Token, d) -> int | None:
    """How closely a date is tied to the event, lower is closer; None when it dates something else.
    0: in the predicate's own phrase (``подписали 5 мая``); 1: elsewhere in its clause; 2: in a
    clause the predicate's clause hangs from (``Завтра делегация вылетит в Монреаль, где
    представит``, ``10 марта прибыл и подписал``); 3: in a subordinate clause of the predicate
    (``после того как 10 марта прибыл, подписал``); 4: in a clause set beside it (a headline run into
    the lead: ``X назначила тренера  Исполком X 7 ноября утвердил штаб``), but not in a speech's
    words (``«…», — заявил X``)."""
    pred = ev.pred
    home = _clause_head(pred)
    where = _clause_head(root)
    up = _ancestors(root)
    if where.i == home.i:
        return 0 if pred in up or (ev.noun is not None and ev.noun in up) else 1
    above = _ancestors(home)
    if any(t.i == where.i for t in above):
        # "«… сегодня мы переходим …», — заявил X": the speech hangs beside its words, whose dates
        # are not its own.
        if ev.type == "SPEECH" and any(t.dep_ == "parataxis" for t in above[:[t.i for t in above].index(where.i)]):
            return None
        return 2
    # The date's clause hangs below the predicate's: only an adverbial clause tells its time.
    t, rank = where, 3
    while t.i != home.i and t.head.i != t.i:
        if t.dep_ in OPAQUE_DEPS:
            return None
        if t.dep_ == "parataxis":
            # Beside a clause there is another statement ("…; по его словам, она заработает до конца
            # 2016 года"), with its own time, unless a headline ran into the lead.
            if ev.type == "SPEECH" or not _across_lines(root, ev.trigger):
                return None
            rank = 4
        t = t.head
    return rank if t.i == home.i else 4


def _across_lines(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.is_space and "\n" in t.text for t in a.doc[lo:hi])


def _not_event_time(sdoc: Doc, a: int, b: int, root: Token, d, mi) -> bool:
    """A date inside a name (``форум «Россия-2024»``), a period told of a common noun (``итоги
    первого квартала``, ``договор на 2025 год``, ``стратегия до 2022 года``) or a span of years an
    agreement covers (``на 2024–2026 годы``) is not when the event happened; a day under a noun
    (``на церемонии 5 мая``) is."""
    if mi is not None and mi.at(root.i) is not None:
        return True
    v, end = str(getattr(d, "value", None) or ""), str(getattr(d, "value_end", None) or "")
    period = bool(v and end and v[:10] != end[:10])
    if period and root.dep_ == "nmod" and root.head.pos_ == "NOUN":
        pr = preps(root)
        if pr & {"на", "до"} or (not (pr - {"за"}) and not event_lexicon().rows.get((lemma(root.head), "NOUN"))):
            return True
    before = sdoc[a - 1] if a > 0 else None
    return before is not None and lemma(before) == "на" and period and v[:4] != end[:4]


def assign_dates(events: list[Event], sdoc: Doc, dates, mi=None) -> None:
    spans = _date_tokens(sdoc, dates)
    for ev in events:
        sent = ev.trigger.sent
        best = None
        for x in spans:
            d, a, b = x
            if not (sent.start <= a < sent.end):
                continue
            root = _date_root(sdoc, a, b)
            if _not_event_time(sdoc, a, b, root, d, mi):
                continue
            r = _date_rank(ev, root, d)
            if r is None:
                continue
            # An unresolved date ("через две недели" with no dateline) only if nothing better.
            key = (not getattr(d, "value", None), r, abs(a - ev.trigger.i))
            if best is None or key < best[0]:
                best = (key, d)
        if best is not None:
            ev.date = best[1]
    # "В ходе визита … министр выступил": an undated event inherits the date of the earlier event
    # its sentence refers to by a nominal trigger.
    lex = event_lexicon()
    for k, ev in enumerate(events):
        refs = _backrefs(ev.trigger.sent, lex)
        for tok, typ in refs:
            earlier = [e for e in events[:k] if e.type == typ and e.trigger.i < tok.i
                       and e.trigger.i != tok.i and not e.is_backref]
            if not earlier:
                continue
            src = earlier[-1] if earlier[-1].date is not None else next(
                (e for e in reversed(earlier) if e.date is not None), earlier[-1])
            if ev.trigger.i == tok.i or (ev.noun is not None and ev.noun.i == tok.i):
                if ev.type == typ and not any(m is not None for _, _, m in ev.args):
                    ev.is_backref = True
                continue
            if ev.date is None and src.date is not None:
                ev.date = src.date
                ev.date_inherited = True
                if ev.location is None:
                    ev.location = src.location
            break
    # "Главным событием второго дня стала дискуссия": a day counted within the gathering told before.
    for k, ev in enumerate(events):
        if getattr(ev.date, "value", None):
            continue
        n = _day_ordinal(ev.trigger.sent)
        if n is None:
            continue
        src = next((e for e in reversed(events[:k]) if _days(e.date) > 1), None)
        if src is None:
            continue
        first = dt.date.fromisoformat(str(src.date.value)[:10])
        span = _days(src.date)
        if n > span:
            continue
        day = (first + dt.timedelta(days=(span if n == 0 else n) - 1)).isoformat()
        ev.date = replace(src.date, value=day, value_end=day, granularity="day")
        ev.date_inherited = True
    # "«…», — заявил X": a statement reported without a date of its own was made at the occasion
    # the release has just told, when that occasion took one day (not during a three-day forum).
    for k, ev in enumerate(events):
        if getattr(ev.date, "value", None) or ev.type != "SPEECH" or ev.trigger.pos_ not in ("VERB", "AUX") or \
                "Past" not in ev.trigger.morph.get("Tense"):
            continue
        src = next((e for e in reversed(events[:k]) if e.date is not None and not e.is_backref), None)
        if src is not None and _one_past_day(src.date):
            ev.date, ev.date_inherited = src.date, True


def _day_ordinals() -> dict[str, int]:
    """Lemma -> day of a gathering: the ordinals of ``dates/ordinals.tsv`` up to the fifth (as far as
    the rule went before it shared the date grammar's list), and the words for the last day (0)."""
    out = {}
    for row in resources.table("dates/ordinals"):
        if int(row["n"]) <= 5:
            for stem in row["stems"].split("|"):
                out.update((fold(stem + end), int(row["n"])) for end in ("ый", "ой", "ий"))
    out.update((w, 0) for w in resources.words("events/last_day"))
    return out


DAY_ORDINALS = _day_ordinals()


def _day_ordinal(sent) -> int | None:
    """``второго дня``, ``в заключительный день``: which day of a gathering (0 for the last)."""
    for t in sent:
        if lemma(t) == "день" and "Sing" in t.morph.get("Number"):
            for c in t.children:
                if c.dep_ == "amod" and lemma(c) in DAY_ORDINALS:
                    return DAY_ORDINALS[lemma(c)]
    return None


def _days(d) -> int:
    """Days in a dated interval of at most two weeks (a gathering), else 0."""
    v, end = getattr(d, "value", None), getattr(d, "value_end", None)
    if not v or not end or getattr(d, "granularity", "day") != "day":
        return 0
    try:
        n = (dt.date.fromisoformat(str(end)[:10]) - dt.date.fromisoformat(str(v)[:10])).days + 1
    except ValueError:
        return 0
    return n if 1 < n <= 14 else 0


def _one_past_day(d) -> bool:
    v, end, anchor = getattr(d, "value", None), getattr(d, "value_end", None), getattr(d, "anchor", None)
    if not v or (end and str(end)[:10] != str(v)[:10]):
        return False
    return not anchor or str(v)[:10] <= str(anchor)[:10]


def _backrefs(sent, lex: EventLexicon) -> list[tuple[Token, str]]:
    out = []
    for t in sent:
        if t.pos_ != "NOUN" or t.is_space:
            continue
        rows = lex.rows.get((lemma(t), "NOUN"))
        if not rows:
            continue
        if preps(t) & BACKREF_PREPS:
            out.append((t, rows[0].type))
    return out
