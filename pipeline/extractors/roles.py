"""Roles: person – position – organisation, read off the dependency tree.

A position is a noun from ``resources/lexicons/positions.tsv`` with its modifiers (``исполнительный
директор``) and the common-noun complements that name the post (``министр финансов``,
``начальник управления информатизации``). Its holder is a PER mention linked to it by ``appos``,
``flat`` or ``nmod`` in either direction, by a copula or an appointment verb (``назначен
директором``, ``является председателем``), or shared with a coordinated post. Its organisation
is the first ORG (else LOC) mention down its ``nmod``/``appos`` chain.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from .base import Context
from .common import (POST_PREFIXES, MentionIndex, case_of, children, inflect_nominative, lemma,
                     noun_gender, norm_word, read_tsv)

ORG_LABELS = ("ORG", "LOC")
QUOTES = ("«", "»", "\"", "“", "”", "„")
DASHES = ("-", "—", "–", "--")
# Verbs through which a post is given to, or held by, the subject: "назначен директором",
# "является председателем", "стал министром". True: the verb means an appointment.
POST_VERBS = {
    "назначить": True, "назначать": True, "избрать": True, "избирать": True, "переизбрать": True,
    "утвердить": True, "утверждать": True, "стать": True, "вступить": True, "занять": True,
    "являться": False, "быть": False, "работать": False, "служить": False, "занимать": False,
    "оставаться": False, "остаться": False, "возглавлять": False, "трудиться": False,
    "выступать": False, "числиться": False,
}
APPOINTMENT_NOUNS = {"назначение", "избрание", "переизбрание", "утверждение"}
POST_NOUNS = {"должность", "пост", "позиция", "кресло", "место", "роль", "звание"}
# Nouns that name an organisation rather than part of a post ("глава компании «Ромашка»").
ORG_WORDS = {
    "компания", "корпорация", "банк", "фонд", "организация", "агентство", "общество", "концерн",
    "холдинг", "группа", "фирма", "предприятие", "завод", "университет", "институт", "академия",
    "партия", "движение", "союз", "ассоциация", "клуб", "театр", "музей", "газета", "журнал",
    "издание", "телеканал", "радиостанция", "школа", "центр", "служба", "федерация", "лига",
    "команда", "сборная", "государство", "страна", "республика", "область", "край", "город",
    "округ", "район", "правительство", "администрация", "мэрия", "министерство", "ведомство",
}


@dataclass(frozen=True)
class PositionLexicon:
    heads: dict  # lemma -> kind
    modifiers: frozenset
    stems: frozenset = frozenset()  # first three letters of every head

    def head_kind(self, tok: Token) -> str | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        if not self._may_match(norm_word(tok.text)):
            return None
        for cand in _lemma_variants(tok):
            k = self.heads.get(cand)
            if k:
                return k
        return None

    def _may_match(self, word: str) -> bool:
        """A cheap gate before the morphological analyser: the word form must share its first
        three letters (after a post prefix or hyphen) with some head; Russian position nouns inflect
        at the end only."""
        stems = self.stems
        if word[:3] in stems or word.rsplit("-", 1)[-1][:3] in stems:
            return True
        return any(word.startswith(p) and word[len(p):][:3] in stems for p in POST_PREFIXES)


def _lemma_variants(tok: Token) -> list[str]:
    out = [lemma(tok), norm_word(tok.text)]
    base = inflect_nominative(tok.text, "NOUN", case_of(tok))
    out.append(base)
    for w in list(out):
        for p in POST_PREFIXES:
            if w.startswith(p) and len(w) > len(p) + 2:
                out.append(w[len(p):])
        if "-" in w:
            out.append(w.rsplit("-", 1)[-1])
    return out


@lru_cache(maxsize=1)
def position_lexicon() -> PositionLexicon:
    heads, mods = {}, set()
    for row in read_tsv("positions.tsv"):
        lem = norm_word(row["lemma"])
        if row.get("kind") == "modifier":
            mods.add(lem)
        else:
            heads[lem] = row.get("kind") or "official"
    return PositionLexicon(heads, frozenset(mods), frozenset(h[:3] for h in heads))


# --------------------------------------------------------------------------- position phrase


@dataclass
class Position:
    head: Token
    kind: str
    tokens: list[Token]  # contiguous phrase, in order
    normal: str
    org_path_start: list[Token]  # where to look for the organisation


def _modifiers(head: Token, lex: PositionLexicon) -> list[Token]:
    """Adjacent left modifiers from the lexicon (``исполнительный``, ``чрезвычайный и полномочный``)."""
    mods: list[Token] = []
    i = head.i - 1
    while i >= head.sent.start:
        t = head.doc[i]
        i -= 1
        if t.is_space:
            continue
        attached = {head.i} | {m.i for m in mods}
        if t.pos_ == "ADJ" and lemma(t) in lex.modifiers and (t.head.i in attached or t.head.i == t.i + 2):
            mods.insert(0, t)
        elif t.pos_ == "CCONJ" and mods:
            mods.insert(0, t)
        else:
            break
    while mods and mods[0].pos_ == "CCONJ":
        mods.pop(0)
    return mods


def _complements(head: Token, mi: MentionIndex, lex: PositionLexicon) -> list[Token]:
    """Common-noun genitive/``по`` complements that belong to the post (``министр финансов``)."""
    out: list[Token] = []

    def walk(t: Token, depth: int) -> None:
        if depth > 3:
            return
        for c in children(t, ("nmod",)):
            if c.i < t.i or mi.at(c.i) is not None or c.pos_ != "NOUN":
                continue
            if lex.head_kind(c) or lemma(c) in ORG_WORDS:
                continue
            if any(mi.at(g.i, ORG_LABELS) is not None and g.dep_ in ("appos", "flat", "flat:name")
                   for g in c.children):
                continue
            pr = [g for g in c.children if g.dep_ == "case"]
            if pr and not all(norm_word(p.text) in ("по",) for p in pr):
                continue
            if not pr and case_of(c) not in ("Gen", None):
                continue
            out.append(c)
            out.extend(g for g in c.children if g.dep_ in ("amod", "case") and g.i < c.i)
            walk(c, depth + 1)

    walk(head, 0)
    return out


def _contiguous(head: Token, extra: list[Token]) -> list[Token]:
    """The maximal run of tokens around ``head`` that are all in ``extra`` (or spaces)."""
    ids = {t.i for t in extra} | {head.i}
    doc = head.doc
    s = head.i
    while s - 1 >= 0 and (s - 1 in ids or (doc[s - 1].is_space and s - 2 in ids)):
        s -= 1
    e = head.i
    while e + 1 < len(doc) and (e + 1 in ids or (doc[e + 1].is_space and e + 2 in ids)):
        e += 1
    return [t for t in doc[s:e + 1] if not t.is_space]


def _normalize(tokens: list[Token], head: Token) -> str:
    gender = noun_gender(head.text) or (head.morph.get("Gender") or [None])[0]
    words = []
    for t in tokens:
        if t.i == head.i:
            words.append(inflect_nominative(t.text, "NOUN", case_of(t)))
        elif t.i < head.i and t.pos_ == "ADJ":
            words.append(inflect_nominative(t.text, "ADJ", case_of(t), gender))
        else:
            words.append(norm_word(t.text))
    text = " ".join(words)
    return text.replace(" - ", "-")


def find_positions(sdoc: Doc, mi: MentionIndex) -> list[Position]:
    lex = position_lexicon()
    out = []
    for tok in sdoc:
        if tok.is_space or mi.at(tok.i, ("PER",)) is not None:
            continue
        kind = lex.head_kind(tok)
        if not kind or "Plur" in tok.morph.get("Number"):
            continue  # plural posts ("представители", "кандидат в президенты") name no one person
        mods = _modifiers(tok, lex)
        comps = _complements(tok, mi, lex)
        toks = _contiguous(tok, mods + comps)
        while toks and toks[-1].pos_ in ("ADP", "CCONJ", "PUNCT"):
            toks.pop()
        out.append(Position(tok, kind, toks, _normalize(toks, tok), [tok] + comps))
    return out


# --------------------------------------------------------------------------- linking


def _per_at(mi: MentionIndex, t: Token):
    return mi.at(t.i, ("PER",))


def _person_below(pos: Position, mi: MentionIndex):
    """PER in apposition (or flat/nmod) under the post: ``директор ЮНИСЕФ Кэтрин Рассел``."""
    head = pos.head
    for c in children(head, ("appos", "flat", "nmod", "nsubj", "parataxis")):
        m = _per_at(mi, c)
        if m is None:
            continue
        if c.dep_ == "nmod" and case_of(c) == "Gen" and case_of(head) not in ("Gen", None) \
                and c.i > head.i and not _adjacent_after(pos, m, mi):
            continue  # "пресс-секретарь президента Путина": Путин holds another post
        if c.dep_ == "nsubj" and c.i > head.i:
            continue
        return m, "tree"
    # Parser hangs the name on the organisation: "директор ЮНИСЕФ Кэтрин Рассел".
    for t in pos.org_path_start[1:] + [c for c in children(head, ("nmod", "appos")) if mi.at(c.i)]:
        for c in children(t, ("appos", "flat", "nmod")):
            m = _per_at(mi, c)
            if m is not None and _adjacent_after(pos, m, mi) and case_of(c) == case_of(head):
                return m, "tree"
    return None


def _adjacent_after(pos: Position, m, mi: MentionIndex) -> bool:
    """The PER mention follows the post phrase with only its organisation in between
    (``координатор движения «Левый фронт» Сергей Удальцов``)."""
    doc = pos.head.doc
    sub = {t.i for t in pos.head.subtree}
    i = pos.tokens[-1].i + 1
    while i < m.tokens[0]:
        t = doc[i]
        if t.is_space or t.text in QUOTES:
            i += 1
            continue
        o = mi.at(i, ORG_LABELS)
        if o is not None:
            i = o.tokens[1]
            continue
        if i in sub and t.pos_ not in ("PUNCT", "VERB", "CCONJ") and i - pos.tokens[-1].i <= 8:
            i += 1
            continue
        return False
    return i == m.tokens[0]


def _person_dash(pos: Position, mi: MentionIndex):
    """``Светлана Яковлева - директор …``: a name, a dash, then the post."""
    doc = pos.head.doc
    j = pos.tokens[0].i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 1 or doc[j].text not in DASHES:
        return None
    k = j - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in (")",)):
        if doc[k].text == ")":  # "Крис Хелмбрехт (Chris Helmbrecht) - …"
            while k >= 0 and doc[k].text != "(":
                k -= 1
        k -= 1
    return mi.at(k, ("PER",)) if k >= 0 else None


def _person_above(pos: Position, mi: MentionIndex):
    """Post in apposition to a name: ``Кэтрин Рассел, исполнительный директор …``."""
    head = pos.head
    if head.dep_ in ("appos", "flat", "parataxis", "nmod") and head.head.i != head.i:
        m = _per_at(mi, head.head)
        if m is not None:
            if head.dep_ == "nmod" and case_of(head) == "Gen":
                return None  # "Путин президента" is not a reading; genitive posts belong to others
            return m, "tree"
    return None


def _post_verb(head: Token) -> tuple[Token | None, bool]:
    """Climb from the post to a verb that gives or states it (``назначен на должность директора``)."""
    t = head
    appointed = False
    for _ in range(4):
        if t.head.i == t.i:
            break
        if t.dep_ not in ("obl", "xcomp", "nmod", "obj", "conj", "acl", "ccomp", "root") and \
                not t.dep_.startswith("obl"):
            break
        p = t.head
        lem = lemma(p)
        if lem in APPOINTMENT_NOUNS:
            appointed = True
        if p.pos_ in ("VERB", "AUX") and lem in POST_VERBS:
            return p, appointed or POST_VERBS[lem]
        if p.pos_ == "NOUN" and lem not in POST_NOUNS and lem not in APPOINTMENT_NOUNS:
            break
        t = p
    return None, appointed


def _person_by_verb(pos: Position, mi: MentionIndex):
    head = pos.head
    verb, appointed = _post_verb(head)
    if verb is None:
        # "Петров — директор компании": the post is the predicate and the name its subject
        for c in children(head, ("nsubj",)):
            for cc in [c] + list(children(c, ("appos", "flat"))):
                m = _per_at(mi, cc)
                if m is not None:
                    return m, appointed
        return None
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
    objs = [c for c in verb.children if c.dep_ in ("obj", "iobj")]
    cands = subj if "Pass" in verb.morph.get("Voice") or lemma(verb) not in (
        "назначить", "назначать", "избрать", "избирать", "переизбрать", "утвердить") else objs + subj
    for c in cands:
        for cc in [c] + list(children(c, ("appos", "flat", "conj"))):
            m = _per_at(mi, cc)
            if m is not None:
                return m, appointed
    if verb.dep_ in ("acl", "acl:relcl", "amod") or verb.dep_.startswith("acl"):
        # "Иван Петров, назначенный директором" / "…, который стал министром"
        m = _per_at(mi, verb.head)
        if m is not None:
            return m, appointed
    return None


def _appointment_context(head: Token) -> bool:
    t = head
    for _ in range(4):
        if lemma(t) in APPOINTMENT_NOUNS or (t.pos_ == "VERB" and POST_VERBS.get(lemma(t))):
            return True
        if t.head.i == t.i or not (t is head or lemma(t) in POST_NOUNS or t.pos_ == "VERB") \
                or t.dep_.split(":")[0] not in ("obl", "xcomp", "nmod", "conj", "appos"):
            break
        t = t.head
    return False


def _person_fallback(pos: Position, mi: MentionIndex):
    """Adjacent names when the parse lost the link: "<пост> [<ORG>] <Имя>" or "<Имя>, <пост>"."""
    if pos.kind == "profession":
        return None
    doc = pos.head.doc
    first = pos.tokens[0].i
    for m in mi.mentions:
        if m.label == "PER" and m.tokens[0] > pos.tokens[-1].i and m.tokens[0] - pos.tokens[-1].i <= 8:
            if _adjacent_after(pos, m, mi):
                return m
            break
    j = first - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 1 and doc[j].text == ",":
        k = j - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        m = mi.at(k, ("PER",)) if k >= 0 else None
        if m is not None:
            return m
    return None


def _org_for(pos: Position, person, mi: MentionIndex):
    """First ORG, else LOC, down the post's nmod/appos chain (not through the person)."""
    seen = set()
    found_loc = None
    frontier = [(t, 0) for t in pos.org_path_start]
    while frontier:
        t, d = frontier.pop(0)
        for c in children(t, ("nmod", "appos", "flat", "amod")):
            if c.i in seen:
                continue
            seen.add(c.i)
            m = mi.at(c.i)
            if m is not None:
                if m.label == "ORG":
                    return m
                if m.label == "LOC" and found_loc is None and c.dep_ != "amod":
                    found_loc = m
                if m.label == "PER":
                    continue
            if d < 3 and c.dep_ != "amod" and c.i > pos.head.i - 3:
                frontier.append((c, d + 1))
    if found_loc is not None:
        return found_loc
    # The name right after the post phrase, when the parse attached it elsewhere.
    doc = pos.head.doc
    i = pos.tokens[-1].i + 1
    while i < len(doc) and (doc[i].is_space or doc[i].text in ("«", "\"")):
        i += 1
    if i < len(doc):
        m = mi.at(i, ORG_LABELS)
        if m is not None:
            return m
    return None


# --------------------------------------------------------------------------- extractor


def extract_roles(ctx: Context) -> list[dict]:
    sdoc = ctx.sdoc
    mi = MentionIndex.from_results(ctx.results)
    positions = find_positions(sdoc, mi)
    links: dict[int, tuple] = {}
    for pos in positions:
        dash = _person_dash(pos, mi)
        got = (dash, "dash") if dash is not None else _person_below(pos, mi) or _person_above(pos, mi)
        appointed = _appointment_context(pos.head)
        if got is None:
            r = _person_by_verb(pos, mi)
            if r is not None:
                got = (r[0], "verb")
                appointed = appointed or r[1]
        if got is None:
            m = _person_fallback(pos, mi)
            if m is not None:
                got = (m, "adjacent")
        if got is not None:
            links[pos.head.i] = (got[0], appointed)
        else:
            links[pos.head.i] = (None, appointed)
    # Coordinated posts share their holder: "министр финансов и вице-премьер Антон Силуанов".
    by_head = {p.head.i: p for p in positions}
    for _ in range(2):
        for pos in positions:
            if links[pos.head.i][0] is not None:
                continue
            peers = []
            if pos.head.dep_ == "conj" and pos.head.head.i in by_head:
                peers.append(pos.head.head.i)
            peers += [c.i for c in pos.head.children if c.dep_ == "conj" and c.i in by_head]
            for p in peers:
                if links[p][0] is not None:
                    links[pos.head.i] = (links[p][0], links[pos.head.i][1] or links[p][1])
                    break

    orgs = {p.head.i: _org_for(p, None, mi) for p in positions}
    # A post named again without its holder: "президент Франции Николя Саркози … президент Франции прибыл".
    known: dict = {}
    for pos in positions:
        person, appointed = links[pos.head.i]
        org = orgs[pos.head.i]
        key = (lemma(pos.head), mi.entity_id(org) if org is not None else None)
        if person is not None and key[1] is not None:
            known.setdefault(key, set()).add(mi.entity_id(person) or person.normal)
            known.setdefault(("person", key), person)
        elif person is None and key[1] is not None and len(known.get(key, ())) == 1 \
                and pos.kind == "official":
            links[pos.head.i] = (known[("person", key)], appointed)

    did = ctx.doc.doc_id
    rows: list[dict] = []
    seen = set()
    for pos in positions:
        person, appointed = links[pos.head.i]
        if person is None:
            continue
        org = orgs[pos.head.i]
        if pos.kind == "profession" and org is None:
            continue  # "писатель", "врач": an occupation, not a post, unless tied to an organisation
        key = (person.start, pos.head.i)
        if key in seen:
            continue
        seen.add(key)
        pid = mi.entity_id(person)
        ps, pe, _ = ctx.span(person.start, person.end)
        s_char = pos.tokens[0].idx
        e_char = pos.tokens[-1].idx + len(pos.tokens[-1].text)
        qs, qe, qtext = ctx.span(s_char, e_char)
        rows.append({
            "doc_id": did, "role_id": ctx.make_id("r", ps, qs),
            "person_entity_id": pid, "person": mi.name(person),
            "person_start": ps, "person_end": pe,
            "position": pos.normal, "position_text": qtext,
            "position_start": qs, "position_end": qe,
            "org_entity_id": mi.entity_id(org) if org else None,
            "org": mi.name(org) if org else None,
            "appointment": bool(appointed),
        })
    ctx.results.roles = rows
    return rows


def run(ctx: Context) -> dict[str, list[dict]]:
    return {"roles": extract_roles(ctx)}
