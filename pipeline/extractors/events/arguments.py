"""Arguments of an event from the tree: the role of each dependent, spread over ``conj``, and its place."""
from __future__ import annotations

from spacy.tokens import Token

from ..common import MentionIndex, case_of, conjuncts, is_passive, lemma, preps
from .event import PARTNER_TYPES, SYMMETRIC, Event
from .mentions import entity_token, mention_root
from .posts import POST_TYPES

GEN_ROLE = {  # role of a genitive dependent of a nominal trigger
    "VISIT": "AGENT", "MEETING": "PARTICIPANT", "AGREEMENT": "PARTNER", "PARTNERSHIP": "PARTNER",
    "DEAL": "OBJECT", "INVESTMENT": "AGENT", "APPOINTMENT": "OBJECT", "DEPARTURE": "AGENT",
    "LAUNCH": "OBJECT", "CONFERENCE": "AGENT", "AWARD": "OBJECT", "SPEECH": "AGENT",
    "CALL": "PARTICIPANT", "SESSION": "AGENT", "CEREMONY": "AGENT",
}
CORE_DEPS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "xcomp", "nmod")


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
        if typ == "MEETING" and (label in ("PER", "ORG") or label is None and "Anim" in tok.morph.get("Animacy")):
            return "PARTICIPANT"  # "принял губернатора", "информировал Президента"
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


def collect(ev: Event, mi: MentionIndex) -> None:
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
            m = entity_token(t, mi)
            ev.args.append((role, t, m))
            if m is not None and t.pos_ != "PRON":
                # "компаний Oracle и Sun": the names below the noun are coordinated too
                seen.update(range(*m.tokens))
                for x in t.doc[m.tokens[0]:m.tokens[1]]:
                    todo.extend(c for c in x.children if c.dep_ == "conj" and c.i not in seen
                                and not (m.tokens[0] <= c.i < m.tokens[1]))
                todo.extend(x for x in conjuncts(mention_root(m, t.doc))[1:] if x.i not in seen)

    def visit(head: Token, of_noun: bool) -> None:
        for c in head.children:
            if c.is_space or c.i == noun_i:
                continue
            dep = c.dep_
            if dep not in CORE_DEPS and not dep.startswith("obl") and dep != "appos":
                continue
            if of_noun and dep in ("nsubj", "obj"):
                continue
            m = entity_token(c, mi)
            if ev.type in POST_TYPES and m is not None and mi.at(c.i) is None and case_of(c) == "Ins" \
                    and not preps(c):
                # "назначен директором компании X": the post (``POSITION``) and its organisation,
                # which ``post_arguments`` add; the company is not who appointed
                continue
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
    # "X на встрече с Y обсудил": the side met ("с Y") is not the one who met
    if ev.voice == "nominal" and not any(r in own and not (ev.type in SYMMETRIC and preps(t) & {"с", "со"})
                                         for r, t, _ in ev.args):
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
        root = mention_root(m, verb.doc)
        cases = {case_of(t) for t in verb.doc[m.tokens[0]:m.tokens[1]] if t.pos_ in ("NOUN", "PROPN", "X")}
        if not ({"Nom", None} & (cases | {case_of(root)})) or preps(root):
            continue
        g = root.morph.get("Gender")
        if gender and g and g != gender and root.pos_ == "NOUN":
            continue
        return [root]
    return []


def location_of(ev: Event, mi: MentionIndex):
    for role, t, m in ev.args:
        if role == "LOCATION" and m is not None and m.label == "LOC":
            return m
    # A place anywhere in the clause: "… подписали в Казани".
    for t in ev.pred.subtree:
        if t.dep_.startswith("obl") or t.dep_ == "nmod":
            m = mi.at(t.i, ("LOC",))
            if m is not None and preps(t) & {"в", "во", "на"} and t.sent.start == ev.pred.sent.start:
                return m
    # "находилась с визитом в Узбекистане": a nominal trigger's place may hang from the verb above it.
    n = ev.noun
    if n is not None and ev.pred is n and n.dep_.startswith("obl") and n.head.pos_ in ("VERB", "AUX"):
        for c in n.head.children:
            if c.i != n.i and c.dep_.startswith("obl") and preps(c) & {"в", "во", "на"}:
                m = mi.at(c.i, ("LOC",))
                if m is not None:
                    return m
    return None
