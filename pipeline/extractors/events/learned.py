"""Learned event triggers and arguments (``pipeline/models/relations``), beside the rules.

The trigger model scores every word as the head of a NEREL EVENT; the argument model scores each
(trigger, candidate) pair inside a sentence as AGENT, PARTICIPANT_IN, TAKES_PLACE_IN,
POINT_IN_TIME, ORGANIZES or NONE. Candidates are entity mentions (PER, ORG, LOC), dates and post
phrases. Without shipped weights every function here returns nothing and the rules run alone.
"""
from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Token

from ...models.nerel.tags import LABEL_MAP
from ...resources import fold
from .lexicon import event_lexicon

ARG_CLASSES = ("NONE", "AGENT", "PARTICIPANT_IN", "TAKES_PLACE_IN", "POINT_IN_TIME", "ORGANIZES")
# the entity tagger's NEREL -> PER/ORG/LOC map, plus the other argument types the scorer tells apart
_NEREL_TYPES = {**LABEL_MAP, "FACILITY": "LOC", "DATE": "DATE", "TIME": "DATE", "PROFESSION": "PROF"}
_RUPRESS_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "FACILITY": "LOC", "DATE": "DATE",
                  "TIME": "DATE", "PROFESSION": "PROF"}


def arg_type_of_nerel(typ: str) -> str | None:
    return _NEREL_TYPES.get(typ)


def arg_type_of_label(label: str) -> str | None:
    return _RUPRESS_TYPES.get(label)


def lexicon_type(tok: Token) -> str:
    return event_lexicon().base.get((fold(tok.lemma_ or tok.text), tok.pos_), "")


ROLE_OF_CLASS = {"AGENT": "AGENT", "PARTICIPANT_IN": "PARTICIPANT", "TAKES_PLACE_IN": "LOCATION",
                 "POINT_IN_TIME": "TIME", "ORGANIZES": "ORGANIZER"}
SKIP_POS = {"PUNCT", "ADP", "CCONJ", "SCONJ", "PART", "PRON", "DET", "NUM", "SYM", "X", "INTJ"}


def _models():
    from ...models.relations.model import meta, models

    return models(), meta()


def token_labels(mi, n_tokens: int) -> dict[int, str]:
    """Token index -> label of the mention ``mi.at`` finds there: the trigger model's entity
    feature, computed by this one function in training and at run time."""
    out = {}
    for i in range(n_tokens):
        m = mi.at(i)
        if m is not None:
            out[i] = m.label
    return out


def trigger_scores(sdoc, mi) -> dict[int, float]:
    """Token index -> probability that it heads an event mention (content words only)."""
    ms, _ = _models()
    m = ms.get("trigger")
    if m is None:
        return {}
    from ...models.relations.features import DocView, trigger_features_at
    from ...nlp.views import pos_tags, spaces

    pos, space = pos_tags(sdoc), spaces(sdoc)
    idx = [i for i, p in enumerate(pos) if p not in SKIP_POS and not space[i]]
    if not idx:
        return {}
    lab = token_labels(mi, len(sdoc))
    view = DocView(sdoc)
    base = event_lexicon().base  # lexicon_type, read from the view (its lemma is fold(lemma_ or text))
    feats = [trigger_features_at(view, i, base.get((view.lemma[i], pos[i]), ""), lab.get(i, "")) for i in idx]
    p = m.proba(feats)[:, 1]
    return {i: float(x) for i, x in zip(idx, p)}


def trigger_threshold() -> float:
    _, meta = _models()
    return float(meta.get("models", {}).get("trigger", {}).get("threshold", 0.5))


UNPLACED_KINDS = ("duration", "set")
FACILITY_PLACES = True


def candidates(sdoc, mi, dates, sent, posts=()) -> list[tuple[Token, str, object]]:
    """(head token, coarse type, Mention, DateMatch or post Position) of every argument candidate
    in a sentence; ``posts``: the post phrases (``roles.positions``), NEREL's PROFESSION.

    The document's posts, mentions and dates are put in their sentences once (``_SentenceIndex``,
    kept for the last document): a look-up per trigger over the whole document's mentions made a
    long text's work grow with its square."""
    key = (sdoc, mi, dates, posts)
    if _INDEX and all(a is b for a, b in zip(_INDEX[0], key)):
        index = _INDEX[1]
    else:
        index = _SentenceIndex(sdoc, mi, dates, posts)
        _INDEX[:] = [key, index]
    got = index.cache.get((sent.start, sent.end))
    if got is None:
        got = index.cache[(sent.start, sent.end)] = index.of(sent)
    return list(got)


_INDEX: list = []  # [(sdoc, mi, dates, posts), its _SentenceIndex]: the last document's


class _SentenceIndex:
    def __init__(self, sdoc, mi, dates, posts):
        self.sdoc = sdoc
        self.cache: dict = {}
        first = [0] * len(sdoc)  # token -> its sentence's first token
        for s in sdoc.sents:
            for i in range(s.start, s.end):
                first[i] = s.start
        self.posts = defaultdict(list)
        for p in posts:
            self.posts[first[p.head.i]].append(p)
        self.mentions = defaultdict(list)
        for m in mi.mentions:
            s, e = m.tokens
            if e > s:
                self.mentions[first[s]].append(m)
        self.others = defaultdict(list)
        for m in mi.others:
            s, e = m.tokens
            if e > s and m.label == "FACILITY":
                self.others[first[s]].append(m)
        self.taken = {i for m in mi.mentions for i in range(*m.tokens)}
        self.mi = mi
        self.dates = defaultdict(list)
        for d in dates or ():
            # an unresolved date is still the event's time ("17 января" in a text with no publication
            # date); a length of time or a repeat is not a point in time
            if getattr(d, "value", None) is None and getattr(d, "kind", "") in UNPLACED_KINDS:
                continue
            span = sdoc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.dates[first[span.start]].append((span, d))

    def of(self, sent) -> list:
        sdoc, mi = self.sdoc, self.mi
        out = []
        seen = set()
        for p in self.posts.get(sent.start, ()):
            if sent.start <= p.head.i < sent.end and mi.at(p.head.i) is None:
                seen.add((p.head.i, "PROF"))
                out.append((p.head, "PROF", p))
        for m in self.mentions.get(sent.start, ()):
            s, e = m.tokens
            if s < sent.start or e > sent.end or e <= s:
                continue
            typ = arg_type_of_label(m.label)
            if typ is None:
                continue
            root = sdoc[s:e].root
            if (root.i, typ) in seen:
                continue
            seen.add((root.i, typ))
            out.append((root, typ, m))
        if FACILITY_PLACES:
            # the tagger's FACILITY ("Карнеги-холле", "Кунцевском кладбище") is where things happen;
            # the argument model was trained with NEREL's FACILITY as a place
            for m in self.others.get(sent.start, ()):
                s, e = m.tokens
                if s < sent.start or e > sent.end or any(i in self.taken for i in range(s, e)):
                    continue
                root = sdoc[s:e].root
                if (root.i, "LOC") not in seen:
                    seen.add((root.i, "LOC"))
                    out.append((root, "LOC", m))
        for span, d in self.dates.get(sent.start, ()):
            if span.start < sent.start or span.end > sent.end:
                continue
            out.append((span.root, "DATE", d))
        return out


def argument_scores(trig: Token, cands, voice: str = "") -> list[tuple[str, float, Token, object]]:
    """The best non-NONE class of each candidate for this trigger, with its probability, when it
    passes that class's threshold: (class, probability, head token, Mention or DateMatch)."""
    ms, meta = _models()
    m = ms.get("argument")
    if m is None or not cands:
        return []
    from ...models.relations.features import between_count, pair_features

    per = meta["models"]["argument"].get("per_class", {})
    rows = [(tok, typ, obj) for tok, typ, obj in cands if tok.i != trig.i]
    if not rows:
        return []
    by_type: dict = {}
    for tok, typ, _ in rows:
        by_type.setdefault(typ, []).append(tok.i)
    P = m.proba([pair_features(trig, tok, typ, between=between_count(trig, tok, [i for i in by_type[typ] if i != tok.i]))
                 for tok, typ, _ in rows])
    out = []
    for (tok, typ, obj), p in zip(rows, P):
        k = int(p[1:].argmax()) + 1
        c = m.classes[k]
        if p[k] >= per.get(c, {}).get("threshold", 0.5):
            out.append((c, float(p[k]), tok, obj))
    return out


def _tokens_of(ev) -> set[int]:
    out = {ev.trigger.i, ev.pred.i}
    if ev.noun is not None:
        out.add(ev.noun.i)
    return out


def _learned_arguments(ev, tok, sdoc, mi, dates, voice: str, rule: bool = False, posts=()) -> None:
    """The argument model's roles for ``ev`` (trigger word ``tok``): sides and organisers, the
    best place and the best time; for a rule event only where its rules have none."""
    have = set()
    for _, t, m in ev.args:
        have.add(t.i)
        if m is not None:
            have.update(range(*m.tokens))
    best_loc = best_time = None
    for c, q, atok, obj in argument_scores(tok, candidates(sdoc, mi, dates, tok.sent, posts), voice):
        role = ROLE_OF_CLASS[c]
        if role == "LOCATION":
            if best_loc is None or q > best_loc[0]:
                best_loc = (q, atok, obj)
        elif role == "TIME":
            if best_time is None or q > best_time[0]:
                best_time = (q, obj)
        elif not hasattr(obj, "value") and atok.i not in have:
            ev.args.append((role, atok, obj if hasattr(obj, "label") else None))
            ev.arg_scores[(role, atok.i)] = q
    if best_loc is not None and (not rule or ev.location is None):
        q, atok, m = best_loc
        ev.location = m
        if atok.i not in have:
            ev.args.append(("LOCATION", atok, m))
            ev.arg_scores[("LOCATION", atok.i)] = q
    # a rule event's date is the date rules' choice: none is a decision too ("заявил, что в 2020 году …")
    if best_time is not None and not rule:
        ev.date = best_time[1]
        ev.date_inherited = False
        ev.arg_scores[("TIME", -1)] = best_time[0]


def add_learned(events: list, found: list, sdoc, mi, dates, posts=()) -> list:
    """Score the rule events' triggers, and add an event for each word the trigger model finds
    that no rule trigger covers. Typing stays with the lexicon and its context rules (a word they
    rejected, ``покинуть`` without ``пост``, is no DEPARTURE): an added event is ``OTHER``, its
    lemma in the ``lemma`` column, its arguments from the argument model."""
    from .event import Event
    from ..common import is_passive

    scores = trigger_scores(sdoc, mi)
    if not scores:
        return events
    for ev in found + events:  # found: the rule mentions coref may keep beside the events
        ev.score = max((scores.get(i, 0.0) for i in _tokens_of(ev)), default=None)
    covered: set[int] = set()
    for ev in found:  # rule triggers the rules dropped (negated, a topic, bare) are not brought back
        covered |= _tokens_of(ev)
    # Post phrases (``posts``: "министр финансов", the roles extractor's) are candidates too, as NEREL's
    # PROFESSION participants. The argument model also adds, to a rule event, the arguments its rules
    # did not find (a side, or a place when it has none); what the rules found stays.
    for ev in events:
        _learned_arguments(ev, ev.trigger, sdoc, mi, dates, ev.voice, rule=True, posts=posts)
    th = trigger_threshold()
    out = list(events)
    for i, p in sorted(scores.items()):
        if p < th or i in covered:
            continue
        tok = sdoc[i]
        noun = tok.pos_ in ("NOUN", "PROPN")
        voice = "nominal" if noun else ("passive" if is_passive(tok) else "active")
        ev = Event(type="OTHER", trigger=tok, pred=tok, noun=tok if noun else None,
                   voice=voice, score=p)
        _learned_arguments(ev, tok, sdoc, mi, dates, voice, posts=posts)
        out.append(ev)
    if TAGGER_EVENTS:
        out += _tagger_events(out, covered, scores, sdoc, mi, dates, posts)
    _INDEX.clear()  # the document is done: its index is not kept alive
    return out


# The entity tagger's EVENT spans ("Шукшинские дни на Алтае", "свадьбой века") that no event
# covers become OTHER events when the trigger model gives one of their words at least
# TAGGER_EVENT_MIN: NEREL dev EVENT .634 -> .655 (minimum 0: .647, 0.2: .643).
TAGGER_EVENTS = True
TAGGER_EVENT_MIN = 0.10


def _tagger_events(events: list, covered: set[int], scores: dict[int, float], sdoc, mi, dates, posts) -> list:
    from .event import Event
    from ..common import is_passive
    from ..entities.learned import model_spans

    taken = set(covered)
    for ev in events:
        taken |= _tokens_of(ev)
    out = []
    for span in model_spans(sdoc):
        s, e = span.start, span.end
        if span.label_ != "EVENT" or e <= s or any(i in taken for i in range(s, e)):
            continue
        p = max((scores.get(i, 0.0) for i in range(s, e)), default=0.0)
        if p < TAGGER_EVENT_MIN:
            continue
        taken.update(range(s, e))
        tok = span.root
        noun = tok.pos_ in ("NOUN", "PROPN")
        voice = "nominal" if noun else ("passive" if is_passive(tok) else "active")
        ev = Event(type="OTHER", trigger=tok, pred=tok, noun=tok if noun else None, voice=voice, score=p)
        _learned_arguments(ev, tok, sdoc, mi, dates, voice, posts=posts)
        out.append(ev)
    return out
