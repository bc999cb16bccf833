"""Events that did not happen: negated, only proposed, possible, talked about, or a "gain" not a purchase."""
from __future__ import annotations

from spacy.tokens import Token

from ... import resources
from ..common import lemma, preps
from .event import TRANSACTIONS, Event
from .lexicon import event_lexicon

# Verbs under which an event is only proposed, demanded or threatened: "предлагает покупать
# лицензии", "пригрозила наложить штраф".
IRREALIS = resources.words("events/irrealis")
# Predicatives of possibility or need: what hangs from them is not done yet.
MODAL = resources.words("events/modal")
DISCUSS = resources.words("events/discuss")
HYPOTHETICAL = resources.words("events/hypothetical")
INTANGIBLE = resources.words("events/intangible")


def _talked_about(noun: Token) -> bool:
    """A transaction only spoken of: "переговоры о заключении договора", "вопрос о сотрудничестве",
    "будут обсуждаться подписание", "размер предполагаемых инвестиций"."""
    if any(c.dep_ == "amod" and lemma(c) in HYPOTHETICAL for c in noun.children):
        return True
    t = noun
    if t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.head.i == t.i:
        return False
    if preps(t) & {"о", "об", "обо"} and t.head.pos_ == "NOUN" and not any(
            r.type == "AGREEMENT" for r in event_lexicon().rows.get((lemma(t.head), "NOUN"), ())):
        return True  # but "соглашение о покупке" is the purchase agreed
    return t.dep_ in ("nsubj", "nsubj:pass", "obj") and lemma(t.head) in DISCUSS


def negated(ev: Event) -> bool:
    """"не достигнуто договоренностей", "не могли договориться": the event did not happen
    (nor does a proposed or threatened one)."""
    t = ev.pred
    for k in range(3):
        if any(c.dep_ in ("advmod", "neg") and lemma(c) in ("не", "ни") and c.i < t.i for c in t.children):
            return True
        if k and lemma(t) in IRREALIS:
            return True
        if t.dep_ not in ("xcomp", "ccomp") or t.head.i == t.i:
            break
        t = t.head
    if t is not ev.pred and lemma(t) in IRREALIS:
        return True
    p = ev.pred
    if "Inf" in p.morph.get("VerbForm") and p.dep_ in ("csubj", "xcomp") and lemma(p.head) in MODAL:
        return True  # "операторам легче будет договориться": possible, not done
    if ev.noun is not None and ev.pred is ev.noun and ev.type in TRANSACTIONS and _talked_about(ev.noun):
        return True
    if ev.type == "DEAL" and ev.noun is None and lemma(ev.pred) in ("приобрести", "приобретать"):
        # "приобрёл «космического брата»", "приобрела популярность": not a purchase
        objs = [c for c in ev.pred.children if c.dep_ == "obj"]
        objs = [c for c in objs if c.i > ev.pred.i] or objs  # a parse may hang a fronted phrase there
        if objs and all("Anim" in o.morph.get("Animacy") or lemma(o) in INTANGIBLE for o in objs):
            return True
    if ev.noun is not None:
        return any(lemma(c) in ("никакой", "ни один") for c in ev.noun.children if c.dep_ == "det")
    return False
