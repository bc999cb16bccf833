"""Events and their arguments from trigger lexicons and the dependency tree.

A trigger is a verb or noun from ``resources/lexicons/event_triggers.tsv``. A noun trigger that is
the object or subject of a verb (``провели переговоры``, ``был обновлен меморандум``) takes that
verb as its predicate, so the event gets the verb's subject, objects and voice. Arguments are the
predicate's ``nsubj``/``obj``/``obl`` dependents and the noun's ``nmod`` dependents, spread over
``conj``, mapped to entity mentions; roles follow from the relation, preposition and event type.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..base import Context
from ..roles import ORG_WORDS
from ..common import (MentionIndex, case_of, children, conjuncts, is_passive, lemma, preps, read_tsv,
                     sentence_bounds)

SYMMETRIC = {"MEETING": "PARTICIPANT", "AGREEMENT": "PARTNER", "PARTNERSHIP": "PARTNER"}
PARTNER_TYPES = {"AGREEMENT", "PARTNERSHIP", "DEAL", "INVESTMENT"}
TRANSACTIONS = PARTNER_TYPES
# Frames in which a noun refers back to an event already told ("в ходе визита", "на встрече").
BACKREF_PREPS = {"в ходе", "в рамках", "во время", "на", "по итогам", "по результатам", "на полях",
                 "в течение", "после", "накануне"}
GEN_ROLE = {  # role of a genitive dependent of a nominal trigger
    "VISIT": "AGENT", "MEETING": "PARTICIPANT", "AGREEMENT": "PARTNER", "PARTNERSHIP": "PARTNER",
    "DEAL": "OBJECT", "INVESTMENT": "AGENT", "APPOINTMENT": "OBJECT", "DEPARTURE": "AGENT",
    "LAUNCH": "OBJECT", "CONFERENCE": "AGENT", "AWARD": "OBJECT", "SPEECH": "AGENT",
}
# "по договору", "согласно соглашению": the agreement is cited, not concluded here.
CITED_PREPS = {"по", "согласно", "в соответствии с", "в соответствии", "на основании"}
CITABLE = {"AGREEMENT"}
SIDE_ROLES = ("AGENT", "PARTICIPANT", "PARTNER")
CORE_DEPS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "xcomp", "nmod")


@dataclass(frozen=True)
class TriggerRow:
    lemma: str
    type: str
    pos: str
    with_: frozenset


@dataclass(frozen=True)
class EventLexicon:
    rows: dict  # (lemma, pos) -> [TriggerRow]
    support: frozenset


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    rows: dict = {}
    for r in read_tsv("event_triggers.tsv"):
        w = frozenset(x.strip().replace("ё", "е") for x in (r.get("with") or "").split("|") if x.strip())
        row = TriggerRow(r["lemma"].replace("ё", "е"), r["type"].upper(), r["pos"].upper(), w)
        rows.setdefault((row.lemma, row.pos), []).append(row)
    support = frozenset(r["lemma"].replace("ё", "е") for r in read_tsv("support_verbs.tsv"))
    return EventLexicon(rows, support)


@dataclass
class Event:
    type: str
    trigger: Token  # the word that names the event
    pred: Token  # where arguments hang: the verb, or the noun itself
    noun: Token | None  # nominal trigger, if any
    voice: str
    args: list = field(default_factory=list)  # (role, Token, Mention | None)
    date: object = None
    date_inherited: bool = False
    location: object = None
    is_backref: bool = False


# --------------------------------------------------------------------------- triggers


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


# Verbs under which an event is only proposed, demanded or threatened: "предлагает покупать
# лицензии", "пригрозила наложить штраф".
IRREALIS = {"предлагать", "предложить", "пригрозить", "грозить", "угрожать", "призвать", "призывать",
            "просить", "попросить", "требовать", "потребовать"}


# Predicatives of possibility or need: what hangs from them is not done yet.
MODAL = {"легко", "легче", "трудно", "труднее", "сложно", "сложнее", "можно", "нельзя", "нужно", "надо",
         "необходимо", "невозможно", "возможно", "должный", "должен", "обязанный", "обязан", "важно"}


DISCUSS = {"обсуждать", "обсуждаться", "обсудить", "рассмотреть", "рассматривать", "рассматриваться"}
HYPOTHETICAL = {"предполагаемый", "возможный", "потенциальный", "планируемый", "будущий"}
INTANGIBLE = {"опыт", "популярность", "известность", "значение", "форма", "характер", "вес", "статус",
              "навык", "уверенность", "авторитет", "репутация", "черта", "смысл", "масштаб", "друг"}


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


def _negated(ev: "Event") -> bool:
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


# --------------------------------------------------------------------------- arguments


def _role_for(ev: Event, dep: str, tok: Token, label: str | None, of_noun: bool) -> str | None:
    pr = preps(tok)
    typ = ev.type
    case = case_of(tok)
    if pr & {"между"}:
        return "PARTNER" if typ in PARTNER_TYPES else "PARTICIPANT"
    if pr & {"с", "со"}:
        return "PARTNER" if typ in PARTNER_TYPES else "PARTICIPANT"
    if pr & {"о", "об", "обо", "по", "относительно", "касательно"}:
        return "TOPIC"
    if pr & {"в", "во", "на"}:
        if label == "LOC":
            return "LOCATION"
        if typ in ("VISIT", "INVESTMENT", "DEAL", "CONFERENCE") and label == "ORG":
            return "OBJECT"
        return None
    if pr & {"у"}:
        return "PARTNER" if typ in PARTNER_TYPES else "PARTICIPANT"
    if pr & {"для", "от", "к"}:
        return "PARTICIPANT" if label in ("PER", "ORG") else None
    if pr:
        return None
    if dep == "nsubj":
        return SYMMETRIC.get(typ, "AGENT")
    if dep == "nsubj:pass":
        return "OBJECT"
    if dep == "obj":
        if typ == "VISIT" and label == "LOC":
            return "LOCATION"
        if typ == "MEETING" and label in ("PER", "ORG"):
            return "PARTICIPANT"
        return "OBJECT"
    if dep in ("iobj",) or case == "Dat":
        if typ in PARTNER_TYPES:
            return "PARTNER"
        return "OBJECT" if typ == "AWARD" else "PARTICIPANT"
    if case == "Ins" and ev.voice == "passive" and not of_noun:
        return "AGENT"
    if of_noun and case == "Gen":
        return GEN_ROLE.get(typ)
    if dep in ("appos",) and label in ("PER", "ORG"):
        return SYMMETRIC.get(typ, "AGENT")
    return None


def _entity_token(tok: Token, mi: MentionIndex):
    """The mention for an argument word: its own, or one in apposition below it (``глава X Иван Петров``)."""
    m = mi.at(tok.i)
    if m is not None:
        return m
    if tok.pos_ == "PRON":
        return _antecedent(tok, mi)
    if _bare_descriptor(tok):
        return _last_org(tok, mi)
    frontier = [(tok, 0)]
    best = None
    while frontier:
        t, d = frontier.pop(0)
        for c in t.children:
            if c.dep_ not in ("appos", "flat", "flat:name", "nmod") or c.is_space:
                continue
            m = mi.at(c.i)
            if m is not None:
                if m.label == "PER" and c.dep_ in ("appos", "flat", "flat:name"):
                    return m
                if best is None and (c.dep_ in ("appos", "flat", "flat:name") or lemma(t) in ORG_WORDS
                                     or (m.label == "ORG" and case_of(c) in ("Gen", None))):
                    best = m  # "10% акций банка «Восток»": the owner named down a genitive chain
                continue
            if d < 2 and c.pos_ in ("NOUN", "NUM", "PROPN"):
                frontier.append((c, d + 1))
    if (best is None or best.label != "PER") and "Anim" in tok.morph.get("Animacy") and tok.pos_ == "NOUN":
        # "с чемпионом мира ФИДЕ Веселином Топаловым" where the parse hung the name elsewhere:
        # a name right after the noun phrase, in the same case, is its apposition.
        end = max(t.i for t in tok.subtree if abs(t.i - tok.i) <= 6) + 1
        m = mi.at(end, ("PER",)) if end < len(tok.doc) else None
        if m is not None and m.tokens[0] == end and case_of(tok.doc[end]) == case_of(tok):
            return m
    return best


DESCRIPTORS = {"компания", "корпорация", "банк", "фонд", "концерн", "холдинг", "группа", "фирма",
               "предприятие", "организация", "агентство", "ведомство", "министерство", "федерация"}


def _bare_descriptor(tok: Token) -> bool:
    """"компания", "группа" alone (or with "эта"): a company already named."""
    if tok.pos_ != "NOUN" or lemma(tok) not in DESCRIPTORS or "Plur" in tok.morph.get("Number"):
        return False
    return not any(c.dep_ in ("nmod", "appos", "flat", "flat:name", "amod", "nummod", "conj")
                   for c in tok.children)


GENERIC_DESCRIPTORS = {"компания", "группа", "организация", "фирма", "предприятие"}


def _last_org(tok: Token, mi: MentionIndex):
    """The latest ORG mention before ``tok`` that names itself by the same word ("банк" → «Банк
    Северный капитал»); for a generic word ("компания"), the latest ORG at most two sentences back."""
    stem = lemma(tok)[:4]
    named = [m for m in mi.mentions if m.label == "ORG" and m.tokens[1] <= tok.i
             and any(lemma(t)[:4] == stem for t in tok.doc[m.tokens[0]:m.tokens[1]])]
    if named:
        return max(named, key=lambda m: m.tokens[0])
    if lemma(tok) not in GENERIC_DESCRIPTORS:
        return None
    sent = tok.sent
    floor = sent.start
    for _ in range(2):
        if floor == 0:
            break
        floor = tok.doc[floor - 1].sent.start
    best = None
    for m in mi.mentions:
        if m.label == "ORG" and floor <= m.tokens[0] and m.tokens[1] <= tok.i:
            if best is None or m.tokens[0] > best.tokens[0]:
                best = m
    return best


def _antecedent(tok: Token, mi: MentionIndex):
    """He/she/it or "который": the nearest fitting name before it, within two sentences."""
    lem = lemma(tok)
    if lem in ("который", "которая", "что") and tok.head.head.i != tok.head.i:
        m = mi.at(tok.head.head.i)
        return m if m is not None else None
    if lem not in ("он", "она"):
        return None
    labels = ("PER",) if lem == "он" else ("PER", "ORG")
    sent = tok.sent
    floor = sent.start
    prev = sent.start - 1
    if prev >= 0:
        floor = tok.doc[prev].sent.start
    best = None
    for m in mi.mentions:
        if m.label in labels and floor <= m.tokens[0] and m.tokens[1] <= tok.i:
            if best is None or m.tokens[0] > best.tokens[0]:
                best = m
    return best


def _mention_root(m, doc: Doc) -> Token:
    s, e = m.tokens
    for i in range(s, e):
        h = doc[i].head.i
        if not (s <= h < e) or h == i:
            return doc[i]
    return doc[s]


def _collect(ev: Event, mi: MentionIndex) -> None:
    seen: set[int] = set()
    noun_i = ev.noun.i if ev.noun is not None else -1

    def add(role: str | None, tok: Token) -> None:
        if role is None:
            return
        todo = conjuncts(tok)
        if tok.pos_ == "PRON" and lemma(tok) in ("который", "которая") and tok.head.head.i != tok.head.i \
                and tok.head.head.pos_ in ("NOUN", "PROPN"):
            ante = tok.head.head
            while ante.dep_ == "conj" and ante.head.i != ante.i:
                ante = ante.head
            todo = conjuncts(ante)  # "Миллер и Озерец, которые встречаются": both of them
        k = 0
        while k < len(todo):
            t = todo[k]
            k += 1
            if t.i in seen or t.i == noun_i or t.i == ev.trigger.i:
                continue
            seen.add(t.i)
            m = _entity_token(t, mi)
            ev.args.append((role, t, m))
            if m is not None and t.pos_ != "PRON":
                # "компаний Oracle и Sun": the names below the noun are coordinated too
                seen.update(range(*m.tokens))
                for x in t.doc[m.tokens[0]:m.tokens[1]]:
                    todo.extend(c for c in x.children if c.dep_ == "conj" and c.i not in seen
                                and not (m.tokens[0] <= c.i < m.tokens[1]))
                todo.extend(x for x in conjuncts(_mention_root(m, t.doc))[1:] if x.i not in seen)

    def visit(head: Token, of_noun: bool) -> None:
        for c in head.children:
            if c.is_space or c.i == noun_i:
                continue
            dep = c.dep_
            if dep not in CORE_DEPS and not dep.startswith("obl") and dep != "appos":
                continue
            if of_noun and dep in ("nsubj", "obj"):
                continue
            m = _entity_token(c, mi)
            role = _role_for(ev, dep, c, m.label if m else None, of_noun)
            add(role, c)
            if of_noun and m is None and c.pos_ == "NOUN" and dep == "nmod":
                # "покупка контрольной доли в X", "слияние компаний X и Y": one level deeper
                for g in c.children:
                    if g.dep_ in ("nmod", "appos") and mi.at(g.i, ("PER", "ORG", "LOC")) is not None:
                        gm = mi.at(g.i)
                        add(role or _role_for(ev, "nmod", g, gm.label, True) or "OBJECT"
                            if gm.label != "LOC" else _role_for(ev, "nmod", g, "LOC", True), g)

    if ev.pred is not ev.noun:
        visit(ev.pred, False)
    if ev.noun is not None:
        visit(ev.noun, True)
    # A verb in a participle or relative clause under a name: "компания X, купившая Y".
    p = ev.pred
    if p.pos_ in ("VERB",) and (p.dep_.startswith("acl") or p.dep_ == "amod") and \
            not any(r in ("AGENT", "PARTICIPANT", "PARTNER") for r, _, _ in ev.args):
        role = "OBJECT" if ev.voice == "passive" else SYMMETRIC.get(ev.type, "AGENT")
        add(role, p.head)
    # A nominal event takes the subject of the verb it hangs from: "X объявила о покупке Y",
    # "X подписал соглашение о покупке Y".
    # "ФИФА объявила о выделении Интерполу гранта": the recipient is named, the giver is the subject.
    own = ("AGENT", "PARTICIPANT", "PARTNER") if ev.type in SYMMETRIC else ("AGENT",)
    if ev.voice == "nominal" and not any(r in own for r, _, _ in ev.args):
        t = ev.noun
        for _ in range(3):
            if t.head.i == t.i or not (t.dep_ in ("obj", "nmod", "xcomp") or t.dep_.startswith("obl")):
                break
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                if not is_passive(t):
                    for c in _subjects(t, mi):
                        add(SYMMETRIC.get(ev.type, "AGENT"), c)
                break
    # Conjoined verbs share a subject: "X встретился с Y и подписал соглашение".
    # ... and so do "X планирует купить Y", "X продолжает скупать акции" (xcomp).
    if p.dep_ in ("conj", "xcomp") and not any(r in own for r, _, _ in ev.args):
        for c in p.head.children:
            if c.dep_ in ("nsubj", "nsubj:pass"):
                add(_role_for(ev, c.dep_, c, None, False), c)
    # The parse lost the subject ("Банк Китая (…), крупнейший банк мира, подписал"): the nearest
    # name before the verb in the nominative.
    if p is not ev.noun and p.pos_ in ("VERB", "AUX") and not is_passive(p) and \
            not any(r in ("AGENT", "PARTICIPANT", "PARTNER") for r, _, _ in ev.args):
        for c in _subjects(p, mi):
            add(SYMMETRIC.get(ev.type, "AGENT"), c)


def _subjects(verb: Token, mi: MentionIndex) -> list[Token]:
    """The verb's ``nsubj``; failing that, for a finite verb, the nearest preceding name in the
    nominative (or caseless, for Latin names) with no other finite verb in between."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj or "Fin" not in verb.morph.get("VerbForm") or verb.dep_ in ("xcomp", "conj") \
            or verb.dep_.startswith("acl"):
        return subj
    gender = verb.morph.get("Gender")
    sent = verb.sent
    for i in range(verb.i - 1, sent.start - 1, -1):
        t = verb.doc[i]
        if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
            return []
        m = mi.at(i, ("PER", "ORG", "LOC"))
        if m is None or m.tokens[1] - 1 != i:
            continue
        root = _mention_root(m, verb.doc)
        cases = {case_of(t) for t in verb.doc[m.tokens[0]:m.tokens[1]] if t.pos_ in ("NOUN", "PROPN", "X")}
        if not ({"Nom", None} & (cases | {case_of(root)})) or preps(root):
            continue
        g = root.morph.get("Gender")
        if gender and g and g != gender and root.pos_ == "NOUN":
            continue
        return [root]
    return []


# --------------------------------------------------------------------------- dates, locations


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


def _assign_dates(events: list[Event], sdoc: Doc, dates, mi=None) -> None:
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


DAY_ORDINALS = {"первый": 1, "второй": 2, "третий": 3, "четвертый": 4, "пятый": 5,
                "заключительный": 0, "последний": 0}  # 0: the last day


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


def _drop_topics(events: list[Event]) -> list[Event]:
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
                # "соглашение о сотрудничестве с X": the parties the topic names are the agreement's too.
                have = {t.i for _, t, _ in parent.args}
                parent.args.extend((r, t, m) for r, t, m in ev.args
                                   if m is not None and r in SIDE_ROLES + ("OBJECT",) and t.i not in have)
        out.append(ev)
    return [ev for ev in out if id(ev) not in folded]


GATHERINGS = {"заседание", "совещание", "саммит", "дискуссия", "консультация"}


def _sides(ev: Event) -> int:
    """Distinct parties among the participants: each named entity, plus the people met when they
    are named by a common noun ("встреча со студентами"). A name under another participant
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
        elif t.pos_ in ("NOUN", "PROPN") and preps(t) & {"с", "со", "между"}:
            keys.add("with")
    return len(keys)


def _two_sided(ev: Event) -> bool:
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


OTHER = {"аналогичный", "следующий", "другой", "новый", "очередной", "еще", "иной", "повторный",
         "дополнительный", "подобный", "такой", "каждый", "любой", "ближайший", "будущий", "предыдущий"}


def _another(noun: Token) -> bool:
    """"аналогичная встреча", "следующее совещание", "второй контракт": not the event told before."""
    return any(c.dep_ in ("amod", "det", "nummod", "advmod") and
               (lemma(c) in OTHER or "Ord" in c.morph.get("NumType") or c.pos_ == "NUM")
               for c in noun.children)


def _merge_anaphoric(events: list[Event]) -> list[Event]:
    """"Соглашение было подписано в пятницу в Чикаго", "был наложен штраф": a noun naming a
    transaction of a type already told, with no party of its own, is that transaction again; it
    lends it its date and place. (A conference or visit told again keeps its own row: the headline
    and the lead often both tell it.)"""
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
                continue
        out.append(ev)
    return out


def _parties(ev: Event) -> int:
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


def _complete_signer(events: list[Event]) -> None:
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


def _location(ev: Event, mi: MentionIndex):
    for role, t, m in ev.args:
        if role == "LOCATION" and m is not None and m.label == "LOC":
            return m
    # A place anywhere in the clause: "… подписали в Казани".
    for t in ev.pred.subtree:
        if t.dep_.startswith("obl") or t.dep_ == "nmod":
            m = mi.at(t.i, ("LOC",))
            if m is not None and preps(t) & {"в", "во", "на"} and t.sent.start == ev.pred.sent.start:
                return m
    return None


# --------------------------------------------------------------------------- extractor


def extract_events(ctx: Context) -> tuple[list[dict], list[dict]]:
    sdoc = ctx.sdoc
    mi = MentionIndex.from_results(ctx.results)
    events = find_triggers(sdoc, mi)
    for ev in events:
        _collect(ev, mi)
        ev.location = _location(ev, mi)
    events = _drop_topics(events)
    # A bare noun ("сделка", "договор") with nothing attached says nothing about an occurrence.
    events = [ev for ev in events if (ev.voice != "nominal" or ev.args) and not _negated(ev)]
    _assign_dates(events, sdoc, ctx.results.dates or [], mi)
    # Nobody named, no place, no time of its own: a generic statement ("предлагает покупать
    # лицензии", "рассмотреть вопрос о выделении средств").
    events = [ev for ev in events if ev.location is not None or (ev.date is not None and not ev.date_inherited)
              or any(m is not None for _, _, m in ev.args)]
    events = _merge_anaphoric(events)
    events = [ev for ev in events if _two_sided(ev)]
    # A purchase, loan or agreement is defined by its parties: none named, none to report
    # ("300 млн рублей будут направлены на ремонт школ", "при покупке книг студенты получат").
    # A noun alone tells of one only in passing ("иностранных инвестиций Китая", "без
    # сотрудничества с X"); it must name both sides. A verb tells that it happened.
    _complete_signer(events)
    events = [ev for ev in events if ev.type not in TRANSACTIONS or _parties(ev) >= (
        2 if ev.voice == "nominal" else 1)]

    did = ctx.doc.doc_id
    erows: list[dict] = []
    arows: list[dict] = []
    for ev in events:
        if ev.is_backref:
            continue
        t0, t1 = ev.trigger, ev.noun if ev.noun is not None else ev.trigger
        a, b = min(t0.i, t1.i), max(t0.i, t1.i)
        if b - a > 3:
            a = b = ev.trigger.i
        ts, te, ttext = ctx.span(sdoc[a].idx, sdoc[b].idx + len(sdoc[b].text))
        eid = ctx.make_id("v", ts, te)
        ss, se = sentence_bounds(sdoc, ev.trigger)
        ss, se, _ = ctx.span(ss, se)
        d = ev.date
        erows.append({
            "doc_id": did, "event_id": eid, "type": ev.type, "trigger": ttext,
            "trigger_start": ts, "trigger_end": te, "sentence_start": ss, "sentence_end": se,
            "date_value": getattr(d, "value", None) if d is not None else None,
            "date_value_end": getattr(d, "value_end", None) if d is not None else None,
            "location": mi.name(ev.location) if ev.location is not None else None,
            "voice": ev.voice,
        })
        seen = set()
        for role, tok, m in ev.args:
            if m is not None:
                s, e = m.start, m.end
            else:
                s, e = _phrase(tok)
            key = (role, s, e)
            if key in seen:
                continue
            seen.add(key)
            os_, oe, otext = ctx.span(s, e)
            arows.append({"doc_id": did, "event_id": eid, "role": role,
                          "entity_id": mi.entity_id(m) if m is not None else None,
                          "text": otext, "start": os_, "end": oe})
        if d is not None and not ev.date_inherited and getattr(d, "start", None) is not None:
            os_, oe, otext = ctx.span(d.start, d.end)
            arows.append({"doc_id": did, "event_id": eid, "role": "TIME", "entity_id": None,
                          "text": otext, "start": os_, "end": oe})
    ctx.results.events = erows
    return erows, arows


def _phrase(tok: Token) -> tuple[int, int]:
    """A short surface for an argument without a mention: the word with adjacent modifiers."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("amod", "flat", "compound", "nummod")
                    and abs(c.i - tok.i) <= 3]
    a = min(t.i for t in toks)
    b = max(t.i for t in toks)
    doc = tok.doc
    return doc[a].idx, doc[b].idx + len(doc[b].text)
