"""Trigger words and the event skeletons they make: a noun under a support verb, a verb, a noun alone."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ... import resources
from ..common import MentionIndex, is_passive, lemma, preps
from .event import Event
from .lexicon import EventLexicon, TriggerRow, event_lexicon

# Frames in which a noun refers back to an event already told ("в ходе визита", "на встрече").
BACKREF_PREPS = resources.words("events/backref_preps")
# "по договору", "согласно соглашению": the agreement is cited, not concluded here.
CITED_PREPS = resources.words("events/cited_preps")
CITABLE = {"AGREEMENT"}


def _dependent_lemmas(tok: Token) -> set[str]:
    out = set()
    for c in tok.children:
        if c.dep_ in ("obj", "obl", "nsubj:pass", "xcomp", "iobj", "nsubj") or c.dep_.startswith("obl"):
            out.add(lemma(c))
            for g in c.children:
                if g.dep_ in ("nmod", "conj"):
                    out.add(lemma(g))
    return out


def _match(tok: Token, lex: EventLexicon) -> TriggerRow | None:
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ == "NOUN" else None
    if pos == "NOUN" and lemma(tok).endswith(("ть", "ться")):
        pos = "VERB"  # a rare verb the tagger took for a noun ("прикупил")
    elif pos is None and tok.pos_ == "PROPN" and tok.is_sent_start and lemma(tok).endswith(("ть", "ться")):
        pos = "VERB"  # a decree item's capitalised infinitive on its own line ("Назначить"), tagged a name
    if pos is None:
        return None
    rows = lex.rows.get((lemma(tok), pos))
    if not rows:
        return None
    if pos == "VERB":
        deps = _dependent_lemmas(tok)
        for r in rows:
            if r.with_ and r.with_ & deps:
                return r
    else:
        gov = lemma(tok.head) if tok.head.i != tok.i else ""
        for r in rows:
            if r.with_ and gov in r.with_:
                return r
    for r in rows:
        if not r.with_:
            return r
    return None


def _attributive(tok: Token) -> bool:
    """A present participle used as an adjective describes a state: "арендуемой", "поставляемого"."""
    return "Part" in tok.morph.get("VerbForm") and "Pres" in tok.morph.get("Tense")


def find_triggers(sdoc: Doc, mi: MentionIndex) -> list[Event]:
    lex = event_lexicon()
    hits: dict[int, TriggerRow] = {}
    named: set[int] = set()  # "конференция «Материалы будущего»": the event's own name
    for tok in sdoc:
        if tok.is_space:
            continue
        m = mi.at(tok.i)
        if m is not None and (m.label == "PER" or tok.pos_ != "NOUN" or tok.i > m.tokens[0] + 2):
            continue
        r = _match(tok, lex)
        if r is None:
            continue
        if m is not None:
            if r.type != "CONFERENCE":
                continue
            named.add(tok.i)
        if r.pos == "VERB" and _attributive(tok):
            continue  # "в арендуемой квартире": a property of the noun, not an occurrence
        if r.type in CITABLE and r.pos == "NOUN" and preps(tok) & CITED_PREPS:
            continue
        hits[tok.i] = r
    events: list[Event] = []
    absorbed: set[int] = set()
    # Noun triggers governed by a verb: one event with the verb as predicate.
    for i, r in sorted(hits.items()):
        tok = sdoc[i]
        if r.pos != "NOUN":
            continue
        head = tok.head
        if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
            continue
        oblique = tok.dep_.startswith("obl")
        if not (tok.dep_ in ("obj", "nsubj", "nsubj:pass", "xcomp") or oblique):
            continue
        if oblique and preps(tok) & BACKREF_PREPS:
            continue  # "в ходе визита … выступил": a frame, not the same event
        vr = hits.get(head.i)
        if vr is not None:
            # Verb and noun name one event: "выступил с докладом" keeps the verb's type,
            # "подписали соглашение" the object's unless the verb row names its objects.
            typ = vr.type if (vr.with_ or oblique) else r.type
            absorbed.add(head.i)
        elif lemma(head) in lex.support and (not oblique or lemma(head) == "участвовать"):
            typ = r.type
        else:
            continue
        absorbed.add(i)
        voice = "passive" if is_passive(head) else "active"
        events.append(Event(typ, head, head, tok, voice))
    # "форум, который состоялся 14 сентября": the relative clause tells the event.
    for i, r in sorted(hits.items()):
        tok = sdoc[i]
        if r.pos != "NOUN" or i in absorbed:
            continue
        for v in tok.children:
            if v.dep_ == "acl:relcl" and v.pos_ in ("VERB", "AUX") and lemma(v) in lex.support and any(
                    c.dep_ in ("nsubj", "nsubj:pass") and lemma(c) in ("который", "которая") for c in v.children):
                absorbed.add(i)
                events.append(Event(r.type, v, v, tok, "passive" if is_passive(v) else "active"))
                break
    for i, r in sorted(hits.items()):
        if i in absorbed or i in named:
            continue
        tok = sdoc[i]
        if r.pos == "VERB":
            events.append(Event(r.type, tok, tok, None, "passive" if is_passive(tok) else "active"))
        else:
            events.append(Event(r.type, tok, tok, tok, "nominal"))
    events.sort(key=lambda e: e.trigger.i)
    return events
