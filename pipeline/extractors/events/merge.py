"""Events folded into others, retyped or completed: topics, anaphoric mentions, two-sidedness, signers."""
from __future__ import annotations

from spacy.tokens import Token

from ... import resources
from ..common import case_of, lemma, preps
from .event import SIDE_ROLES, TRANSACTIONS, Event

GATHERINGS = resources.words("events/gatherings")
OTHER = resources.words("events/another")  # "аналогичная встреча": another event than the one told
FRAMES = resources.words("events/frames")  # "церемония подписания": the event of the genitive


def drop_topics(events: list[Event]) -> list[Event]:
    """A bare nominal trigger under another event's word is that event's topic, not an event:
    "соглашение о сотрудничестве"."""
    words = {}
    for ev in events:
        words[ev.trigger.i] = ev
        if ev.noun is not None:
            words[ev.noun.i] = ev
    out = []
    folded: set[int] = set()
    for ev in events:
        parent = None
        if ev.voice == "nominal" and ev.trigger.dep_ in ("nmod", "obl"):
            pr = preps(ev.trigger)
            if pr & {"о", "об", "обо", "по"} or (not pr and case_of(ev.trigger) == "Gen"):
                parent = words.get(ev.trigger.head.i)
        own = {t.i for t in ev.trigger.subtree}  # the governing verb's subject is the parent's too
        if parent is not None and parent is not ev and not any(
                m is not None and t.i in own for _, t, m in ev.args):
            if not any(t.i == ev.trigger.i for _, t, _ in parent.args):
                parent.args.append(("TOPIC", ev.trigger, None))
            continue
        if parent is not None and parent is not ev:
            if parent.type == "AGREEMENT" and ev.type in ("DEAL", "INVESTMENT"):
                # "X подписал соглашение о покупке доли в Y": one transaction, told by its content.
                have = {t.i for _, t, _ in ev.args}
                ev.args.extend((r, t, m) for r, t, m in parent.args if m is not None and t.i not in have
                               and r in SIDE_ROLES)
                folded.add(id(parent))
            else:
                # "соглашение о сотрудничестве с X": the parties the topic names are the agreement's too
                # (as parties, where the agreement had read them as its topic's words).
                sides = {t.i for r, t, m in ev.args if m is not None and r in SIDE_ROLES + ("OBJECT",)}
                parent.args[:] = [a for a in parent.args if not (a[0] == "TOPIC" and a[1].i in sides)]
                have = {t.i for _, t, _ in parent.args}
                parent.args.extend((r, t, m) for r, t, m in ev.args
                                   if m is not None and r in SIDE_ROLES + ("OBJECT",) and t.i not in have)
        out.append(ev)
    return [ev for ev in out if id(ev) not in folded]


def _sides(ev: Event) -> int:
    """Distinct parties among the participants: each named entity, plus the people met when they
    are named by a common noun ("встреча со студентами", "встреча министра с …"). A name under another participant
    ("премьер-министром Турции") is not a party of its own."""
    toks = {t.i for r, t, _ in ev.args if r in SIDE_ROLES}
    keys = set()
    for r, t, m in ev.args:
        if r not in SIDE_ROLES:
            continue
        if t.head.i in toks and t.head.i != t.i and t.dep_ in ("nmod", "appos", "flat", "flat:name"):
            continue
        if m is not None and m.label in ("PER", "ORG", "LOC"):
            keys.add(m.entity if m.entity is not None else m.tokens)
        elif t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and preps(t) & {"с", "со", "между"}:
            # "с губернатором", "с временно исполняющим обязанности губернатора"
            keys.add("with")
        elif t.pos_ == "NOUN" and ev.noun is not None and t.head.i == ev.noun.i and not preps(t) \
                and case_of(t) == "Gen" and "Anim" in t.morph.get("Animacy"):
            keys.add("of")  # "встреча министра с губернатором": the minister is the other side
        elif t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "obj", "iobj") and not preps(t) \
                and "Anim" in t.morph.get("Animacy"):
            # "Президент провёл встречу с X", "губернатор доложил Президенту": a side named by a post
            keys.add(t.dep_)
    return len(keys)


def two_sided(ev: Event) -> bool:
    """A meeting is between parties: two of them named, or one and the people it met
    ("X встретился с Y", "переговоры X и Y"); a sitting or summit is a meeting only when it names
    the other side ("совещание с разработчиками"). Otherwise a sitting of a body ("заседание
    правительства", "в саммите примут участие …") is a gathering (CONFERENCE), and a one-sided
    "встреча" says too little to keep."""
    if ev.type != "MEETING":
        return True
    word = ev.noun if ev.noun is not None else ev.trigger
    gathering = lemma(word) in GATHERINGS
    if _sides(ev) >= 2 and (not gathering or any(
            preps(t) & {"с", "со", "между"} for r, t, _ in ev.args if r in SIDE_ROLES)):
        return True
    if gathering:
        ev.type = "CONFERENCE"
        return True
    return False


def _another(noun: Token) -> bool:
    """"аналогичная встреча", "следующее совещание", "второй контракт": not the event told before."""
    return any(c.dep_ in ("amod", "det", "nummod", "advmod") and
               (lemma(c) in OTHER or "Ord" in c.morph.get("NumType") or c.pos_ == "NUM")
               for c in noun.children)


def merge_anaphoric(events: list[Event], refs: list | None = None) -> list[Event]:
    """"Соглашение было подписано в пятницу в Чикаго", "был наложен штраф": a noun naming a
    transaction of a type already told, with no party of its own, is that transaction again; it
    lends it its date and place, and is appended to ``refs`` as ``(mention, antecedent)``. (Other
    retold events are grouped by ``coref``.)"""
    out: list[Event] = []
    for ev in events:
        if ev.type in TRANSACTIONS and ev.noun is not None and not ev.is_backref and not _another(ev.noun) and \
                not any(m is not None and r in SIDE_ROLES + ("OBJECT",) for r, _, m in ev.args):
            prev = next((e for e in reversed(out) if e.type == ev.type and any(
                m is not None and r in SIDE_ROLES for r, _, m in e.args)), None)
            if prev is not None:
                if prev.date is None and ev.date is not None:
                    prev.date, prev.date_inherited = ev.date, True
                if prev.location is None:
                    prev.location = ev.location
                if refs is not None:
                    refs.append((ev, prev))
                continue
        out.append(ev)
    return out


def parties(ev: Event) -> int:
    """Distinct named parties among a transaction's sides and object, names the recogniser
    missed included."""
    keys = set(_party_keys(ev))
    keys.update(t.i for r, t, m in ev.args if m is None and r in SIDE_ROLES and _namelike(t))
    return len(keys)


def _namelike(tok: Token) -> bool:
    """A name the recogniser missed: capitalised inside the sentence ("Интерполу"), or quoted
    ("«парижскому клубу»")."""
    if tok.pos_ == "PRON":
        return False
    if tok.text[:1].isupper() and tok.i != tok.sent.start:
        return True
    doc = tok.doc
    left = [doc[i].text for i in range(max(tok.sent.start, tok.i - 3), tok.i)]
    return any(x in ("«", '"', "„") for x in left)


def _party_keys(ev: Event) -> frozenset:
    return frozenset(m.entity if m.entity is not None else m.tokens
                     for r, _, m in ev.args if m is not None and r in SIDE_ROLES + ("OBJECT",))


def complete_signer(events: list[Event]) -> None:
    """"Он подписал три контракта. Первый контракт был подписан с X": a passive transaction that
    names only its counterpart was made by the side of the same-type transaction told in the
    sentence before."""
    for k, ev in enumerate(events):
        if ev.type not in TRANSACTIONS or ev.voice != "passive" or ev.noun is None:
            continue
        if any(r == "AGENT" for r, _, _ in ev.args) or len(_party_keys(ev)) != 1:
            continue
        sent = ev.trigger.sent
        prev_start = ev.trigger.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        src = next((e for e in reversed(events[:k]) if e.type == ev.type and
                    prev_start <= e.trigger.i < ev.trigger.i and e.voice == "active"), None)
        if src is None:
            continue
        mine = _party_keys(ev)
        sides = [(r, t, m) for r, t, m in src.args if r in SIDE_ROLES and m is not None
                 and (m.entity if m.entity is not None else m.tokens) not in mine]
        if len(sides) == 1:
            ev.args.append(("AGENT", sides[0][1], sides[0][2]))


def retype_frames(events: list[Event], found: list[Event]) -> None:
    """"Церемония подписания состоялась 14 февраля в Самаре": an ``OTHER`` frame noun whose
    genitive is a typed trigger tells that event (its date and place are the signing's), so it
    takes the type, and ``coref`` joins it to the event told."""
    typed = {ev.noun.i: ev for ev in found if ev.noun is not None and ev.type != "OTHER"}
    for ev in events:
        if ev.type != "OTHER" or ev.noun is None or lemma(ev.noun) not in FRAMES:
            continue
        for c in ev.noun.children:
            t = typed.get(c.i)
            if t is not None and c.dep_ == "nmod" and not preps(c) and case_of(c) in ("Gen", None):
                ev.type = t.type
                ev.frame = True
                break
