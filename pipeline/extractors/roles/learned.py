"""The learned role scorer (``pipeline/models/roles``) over candidate pairs inside a sentence.

Candidates: PER mentions, post phrases (the NEREL tagger's PROFESSION spans, and the rules' post
phrases no such span covers) and ORG/LOC mentions. Three pair kinds are scored: ``WA`` person ×
post (NEREL WORKS_AS), ``WP`` person × organisation and ``QP`` post × organisation (WORKPLACE).
The rules' links are features of the pairs, not separate rows. Each post is also paired with
the people named in the two sentences before it (``он был назначен …``).

A post becomes a role with its best-scoring holder above the ``WA`` threshold (``WA_post`` for a
lexicon post or one with an organisation; further holders above ``WA+``); its organisation is the
best ``QP`` organisation above threshold, else the holder's best ``WP`` one. A post with no
holder but an organisation above ``UNHELD_QP`` is a row of the ``posts`` table.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field

from spacy.tokens import Token

from ... import resources
from ...nlp.views import pos_tags, puncts, sentences, spaces, texts_at
from ...resources import fold
from ..common import MentionIndex
from ..entities.learned import model_spans
from . import address
from .linking import appointment_context
from .positions import normalize_phrase
from .role import Role

ORG_LABELS = ("ORG", "LOC")
BACK_SENTENCES = 2  # a post with no person in its sentence looks this many sentences back
BACK_PEOPLE = 3  # at most this many distinct people from those sentences


@dataclass
class Post:
    tokens: tuple[int, int]
    start: int
    end: int
    head: Token
    source: str  # "tagger", "rule", "both"
    rule: Role | None = None


@dataclass
class Pair:
    kind: str  # WA, WP, QP
    a: object  # Mention (PER) or Post
    b: object  # Post or Mention (ORG/LOC)
    feats: list[str] = field(default_factory=list)

    def spans(self) -> tuple[tuple[int, int], tuple[int, int]]:
        return (self.a.start, self.a.end), (self.b.start, self.b.end)


def available() -> bool:
    from ...models.roles.model import model

    return model() is not None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def posts(sdoc, rules: list[Role]) -> list[Post]:
    """The tagger's PROFESSION spans, then the rules' post phrases that overlap none of them."""
    out: list[Post] = []
    prof = [s for s in model_spans(sdoc) if s.label_ == "PROFESSION"]
    by_root: dict[int, list] = {}  # spans sharing a head: only they can hold one another
    for o in prof:
        by_root.setdefault(o.root.i, []).append(o)
    for s in prof:
        if any(o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
               for o in by_root[s.root.i]):
            continue  # "Министр" inside "Министр обороны": one post, not two to give two holders
        rule = next((r for r in rules if _overlap(r.tokens, (s.start, s.end))), None)
        out.append(Post((s.start, s.end), s.start_char, s.end_char, s.root,
                        "both" if rule is not None else "tagger", rule))
    for r in rules:
        if not any(_overlap(r.tokens, p.tokens) for p in out):
            out.append(Post(r.tokens, r.start, r.end, r.head, "rule", r))
    return sorted(out, key=lambda p: p.tokens)


def _bracketed_alias(sdoc, mi: MentionIndex, m) -> bool:
    """``JAY-Z`` in ``ДЖЕЙ-ЗИ (JAY-Z)``: the same person's name again in brackets, which stands for
    them less well than the name it follows."""
    i = m.tokens[0] - 1
    while i >= 0 and sdoc[i].is_space:
        i -= 1
    if i < 1 or sdoc[i].text != "(":
        return False
    i -= 1
    while i >= 0 and sdoc[i].is_space:
        i -= 1
    before = mi.at(i, ("PER",))
    return before is not None and before is not m and mi.entity_id(before) == mi.entity_id(m) is not None


def _head(sdoc, tokens: tuple[int, int]) -> Token:
    return sdoc[tokens[0]:tokens[1]].root


def _bucket(n: int) -> str:
    return str(n) if n < 2 else "2+"


def _between(items, lo: int, hi: int, skip=()) -> int:
    return sum(1 for x in items if x not in skip and x.tokens[0] >= lo and x.tokens[1] <= hi)


def _same(m, n) -> bool:
    return m is not None and n is not None and m.tokens == n.tokens


def _classes(sdoc, people, orgs, posts_) -> list[str]:
    """Per token: P (person), O (organisation or place), Q (post), else its punctuation, "и" for a
    conjunction, or its part of speech."""
    pos = pos_tags(sdoc)
    of_pos = {p: "и" if p == "CCONJ" else p[:1].lower() for p in set(pos)}
    out = list(map(of_pos.__getitem__, pos))
    space = spaces(sdoc)
    marks = [i for i, p in enumerate(puncts(sdoc)) if p and not space[i]]
    for i, text in zip(marks, texts_at(sdoc, marks)):
        out[i] = text[:1]
    for i, sp in enumerate(space):
        if sp:
            out[i] = ""
    for group, c in ((posts_, "Q"), (orgs, "O"), (people, "P")):
        for x in group:
            for i in range(*x.tokens):
                out[i] = c
    return out


def _shape(cls: list[str], lo: int, hi: int) -> str:
    """The classes between two candidates, repeats collapsed (``Q,Q и`` for a list of posts)."""
    if hi <= lo:
        return "0"
    if hi - lo > 12:
        return "long"
    out: list[str] = []
    for c in cls[lo:hi]:
        if c and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)[:10]


# A candidate is paired with at most this many of another kind on each side within its sentence: a
# sentence listing 150 "post + name" items made every post meet every person (132 s); in ordinary
# sentences no candidate has more than a few of a kind on either side, so their pairs do not change.
NEAR = 4


class _Line:
    """The candidates of one kind in a sentence, in token order: the nearest few around a span and
    how many lie between two positions (capped: the features bucket it as 0, 1, 2+), in log time."""

    def __init__(self, items):
        self.items = sorted(items, key=lambda x: x.tokens)
        self.starts = [x.tokens[0] for x in self.items]

    def around(self, x, n: int = NEAR):
        """Up to ``n`` items before ``x`` and ``n`` from ``x`` on, in token order."""
        i = bisect.bisect_left(self.starts, x.tokens[0])
        return self.items[max(0, i - n):i + n]

    def nearest(self, x):
        """The item closest to ``x`` (gap between the spans; the first in order on a tie), or None."""
        def gap(m):
            return min(abs(m.tokens[0] - x.tokens[1]), abs(x.tokens[0] - m.tokens[1]))
        near = self.around(x, 2)
        return min(sorted(near, key=lambda m: m.tokens), key=gap) if near else None

    def between(self, lo: int, hi: int, skip=None, cap: int = 3) -> int:
        """Items inside [lo, hi] other than ``skip``: the exact count up to ``cap``."""
        n = 0
        for x in self.items[bisect.bisect_left(self.starts, lo):]:
            if x.tokens[0] > hi:
                break
            if x is not skip and x.tokens[1] <= hi:
                n += 1
                if n >= cap:
                    break
        return n


def candidate_pairs(sdoc, mi: MentionIndex, rules: list[Role]) -> list[Pair]:
    """The pairs the scorer reads, with their features: each candidate with the nearest few of each
    other kind in its sentence (``NEAR``), so the work grows linearly with the sentence."""
    from ...models.roles.features import pair_features

    sents = sentences(sdoc)
    sent_of = [0] * len(sdoc)
    for k, s in enumerate(sents):
        sent_of[s.start:s.end] = [k] * (s.end - s.start)
    people = [m for m in mi.mentions if m.label == "PER" and m.tokens[1] > m.tokens[0]]
    orgs = [m for m in mi.mentions if m.label in ORG_LABELS and m.tokens[1] > m.tokens[0]]
    # a post inside a person's name is none: the furthest end of the names starting at or before it
    spans = sorted(m.tokens for m in people)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    the_posts = [q for q in posts(sdoc, rules)
                 if not ((k := bisect.bisect_right(starts, q.tokens[0]) - 1) >= 0 and reach[k] >= q.tokens[1])]
    cls = _classes(sdoc, people, orgs, the_posts)

    def shape(x, y) -> str:
        lo, hi = (x.tokens[1], y.tokens[0]) if x.tokens[0] < y.tokens[0] else (y.tokens[1], x.tokens[0])
        return "shape=" + _shape(cls, lo, hi)

    by_sent: dict[int, tuple[list, list, list]] = {}
    for m in people:
        by_sent.setdefault(sent_of[m.tokens[0]], ([], [], []))[0].append(m)
    for p in the_posts:
        by_sent.setdefault(sent_of[p.tokens[0]], ([], [], []))[1].append(p)
    for m in orgs:
        by_sent.setdefault(sent_of[m.tokens[0]], ([], [], []))[2].append(m)
    rule_orgs = {(r.person.tokens, r.org.tokens) for r in rules if r.person is not None and r.org is not None}
    rule_people = {r.person.tokens for r in rules if r.person is not None}
    heads = {}

    def head(x):
        h = heads.get(x.tokens)
        if h is None:
            h = heads[x.tokens] = x.head if isinstance(x, Post) else _head(sdoc, x.tokens)
        return h

    out: list[Pair] = []
    for k, (ps, qs, os) in sorted(by_sent.items()):
        same = (sents[k].start, sents[k].start)
        pidx, qidx, oidx = _Line(ps), _Line(qs), _Line(os)
        for q in qs:
            plural = "Plur" in q.head.morph.get("Number")
            near = pidx.nearest(q)
            for p in pidx.around(q):
                if _overlap(p.tokens, q.tokens) and p.tokens[0] <= q.tokens[0] and p.tokens[1] >= q.tokens[1]:
                    continue  # the post inside the name
                lo, hi = min(p.tokens[1], q.tokens[1]), max(p.tokens[0], q.tokens[0])
                ex = [f"src={q.source}", f"plural={plural}", f"per_between={_bucket(pidx.between(lo, hi, p))}",
                      f"q_between={_bucket(qidx.between(lo, hi, q))}"]
                ex.append(f"nearest={near is p}")
                sh = shape(p, q)
                ex += [sh, f"{sh}|{plural}|{'pq' if p.tokens[0] < q.tokens[0] else 'qp'}"]
                r = q.rule
                if r is None:
                    ex.append("rule=na")
                elif _same(r.person, p):
                    ex += [f"rule={r.how}", f"rule_kind={r.kind}"]
                elif r.person is not None:
                    ex.append("rule=other")
                else:
                    ex += ["rule=none", f"rule_kind={r.kind}"]
                out.append(Pair("WA", p, q, pair_features("WA", p.tokens, q.tokens, head(p), q.head, ex, same)))
            back, seen = [], set()
            for j in range(k - 1, max(-1, k - 1 - BACK_SENTENCES), -1):
                for m in sorted(by_sent.get(j, ([], [], []))[0], key=lambda m: -m.tokens[0]):
                    if len(back) >= BACK_PEOPLE:
                        break  # the closest few are all it takes: a list of hundreds is not walked
                    key = mi.entity_id(m) or m.normal
                    if key not in seen and not _bracketed_alias(sdoc, mi, m):
                        seen.add(key)
                        back.append((m, k - j))
            for rank, (m, gap) in enumerate(back):
                ex = [f"rank={rank}", f"sgap={gap}", f"src={q.source}", f"qd={q.head.dep_}",
                      f"plural={plural}", f"local_per={_bucket(len(ps))}"]
                out.append(Pair("WA", m, q, pair_features("WA", m.tokens, q.tokens, head(m), q.head, ex,
                                                          (sents[k - gap].start, sents[k].start))))
            for o in oidx.around(q):
                lo, hi = min(o.tokens[1], q.tokens[1]), max(o.tokens[0], q.tokens[0])
                ex = [f"ol={o.label}", f"src={q.source}", f"o_between={_bucket(oidx.between(lo, hi, o))}",
                      f"q_between={_bucket(qidx.between(lo, hi, q))}"]
                sh = shape(q, o)
                ex += [sh, f"{sh}|{o.label}|{'qo' if q.tokens[0] < o.tokens[0] else 'oq'}"]
                r = q.rule
                if r is not None and r.org is not None:
                    ex.append("rule_org" if _same(r.org, o) else "rule_org=other")
                out.append(Pair("QP", q, o, pair_features("QP", q.tokens, o.tokens, q.head, head(o), ex, same)))
        for p in ps:
            for o in oidx.around(p):
                if _overlap(p.tokens, o.tokens):
                    continue
                lo, hi = min(o.tokens[1], p.tokens[1]), max(o.tokens[0], p.tokens[0])
                ex = [f"ol={o.label}", f"o_between={_bucket(oidx.between(lo, hi, o))}",
                      f"q_between={_bucket(qidx.between(lo, hi))}",
                      f"per_between={_bucket(pidx.between(lo, hi, p))}",
                      shape(p, o),
                      "rule_org" if (p.tokens, o.tokens) in rule_orgs else
                      ("p_has_role" if p.tokens in rule_people else "rule=na")]
                out.append(Pair("WP", p, o, pair_features("WP", p.tokens, o.tokens, head(p), head(o), ex, same)))
    return out


def score_pairs(pairs: list[Pair]):
    from ...models.roles.model import model

    m = model()
    if m is None or not pairs:
        return [0.0] * len(pairs)
    return [float(x) for x in m.proba([p.feats for p in pairs])[:, 1]]


OTHER_PERSON_PREPS = resources.words("roles/other_person_preps")


def _someone_else(person, post: Post) -> bool:
    """"X встретился с губернатором": a post under such a preposition is another person's, unless
    the person is named inside the post's phrase ("с губернатором Алексеем Дюминым")."""
    head = post.head
    if not any(c.dep_ == "case" and c.i < head.i and fold(c.text) in OTHER_PERSON_PREPS for c in head.children):
        return False
    a, b = person.tokens
    if any(a <= t.i < b for t in head.subtree):
        return False
    # the parse may hang the name elsewhere: "с послом Армении Александром Налбандовым", the name
    # right after the post's phrase in the post's case is its holder all the same
    doc = head.doc
    between = [t for t in doc[post.tokens[1]:a] if not t.is_space] if a >= post.tokens[1] else None
    return not (between == [] and set(head.morph.get("Case")) & set(doc[a:b].root.morph.get("Case")))


def _inner_posts(posts_) -> set[tuple[int, int]]:
    """Posts inside a larger post phrase that governs them: "председателя правительства" in
    "заместителем председателя правительства" is the post of someone else than its holder."""
    # one post per span (the pairs repeat each post once per person), in order: only the spans open
    # at a post's start can hold it, so a list of posts is one pass, not every post against every other
    uniq = sorted({q.tokens: q for q in posts_}.values(), key=lambda q: (q.tokens[0], -q.tokens[1]))
    out = set()
    open_: list = []  # posts whose span is still open, outermost first
    for q in uniq:
        open_ = [p for p in open_ if p.tokens[1] > q.tokens[0]]
        if any(q.tokens[1] <= p.tokens[1] and p.head.i != q.head.i and p.tokens[0] <= p.head.i < q.tokens[0]
               for p in open_):
            out.add(q.tokens)
        open_.append(q)
    return out


# A post no one is named to hold ("на пост президента Мали") still names its organisation; alone,
# the post-organisation pair carries all the evidence, so it asks for more than the QP threshold
# that picks a held post's organisation. NEREL dev WORKPLACE .622 -> .647 / .650 / .652 / .654 /
# .653 / .647 at 0.4 / 0.5 / 0.6 / 0.7 / 0.8 / 0.9 (chosen on dev, so optimistic).
UNHELD_QP = 0.70


CONJ_MIN = 0.05  # a plural post's holder's conjuncts (писатели Павел Басинский и Михаил Тарковский)


def _many(head: Token) -> bool:
    """A post named for several people: plural, or counted (три министра: a singular after a numeral)."""
    return "Plur" in head.morph.get("Number") or any(c.dep_.startswith("nummod") for c in head.children)


def _coordinated(sdoc, person) -> set[int]:
    """Token indices of the heads coordinated (``conj``) with the person's."""
    return {t.i for t in _head(sdoc, person.tokens).conjuncts}


def _person_between(people: list, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """A person's name lies between two spans (neither of them); ``people``: their spans, sorted.
    Only the names starting between the two are looked at (a pass over all people made a long
    list's work quadratic)."""
    lo, hi = (a[1], b[0]) if a[0] < b[0] else (b[1], a[0])
    k = bisect.bisect_left(people, (lo,))
    while k < len(people) and people[k][0] <= hi:
        p = people[k]
        if p[1] <= hi and p != a and p != b:
            return True
        k += 1
    return False


_PLACE_OR_ORG = resources.words("lexicons/org_words") | resources.words("entities/loc_descriptors") \
    | resources.words("entities/org_descriptors")


def _longer_post(q: Post, r: Role, named: set) -> bool:
    """The tagger's span goes on where the rules' phrase stopped at a parse slip (``Министр
    внутренних дел`` for the rules' ``Министр``), taking in no name: the span is the post."""
    if not (q.source == "both" and q.tokens[0] == r.tokens[0] and q.tokens[1] > r.tokens[1]
            and q.head.i == r.head.i and not any(n[0] < q.tokens[1] and r.tokens[1] < n[1] for n in named)):
        return False
    extra = [t for t in q.head.doc[r.tokens[1]:q.tokens[1]] if not t.is_space]
    # only the post's own complement: not an organisation's or a place's word (директор музея,
    # министр спорта области), which the rules leave out on purpose
    return all(t.pos_ in ("NOUN", "PROPN", "ADJ", "CCONJ", "ADP") or t.text == "," for t in extra) and not any(
        fold(t.lemma_) in _PLACE_OR_ORG or fold(t.text) in _PLACE_OR_ORG for t in extra)


def decode(pairs: list[Pair], scores, thresholds: dict, sdoc, unheld: list | None = None) -> list[Role]:
    """Posts with their best holder above the WA threshold, and an organisation (see the module doc);
    ``unheld``, when given, receives the posts with no holder but an organisation (``person`` None)."""
    best_person: dict[tuple, tuple[float, object]] = {}
    best_qorg: dict[tuple, tuple[float, object]] = {}
    best_porg: dict[tuple, tuple[float, object]] = {}
    post_of = {}
    more: dict[tuple, list] = {}  # further holders of one post ("актёры A и B"), above the WA+ threshold
    conj: dict[tuple, list] = {}  # below it: kept for a plural post when coordinated with its holder
    inner = _inner_posts([pr.b for pr in pairs if pr.kind == "WA"])
    people = sorted({pr.a.tokens for pr in pairs if pr.kind in ("WA", "WP")})
    for pr, s in zip(pairs, scores):
        if pr.kind == "WA" and (pr.b.tokens in inner or _someone_else(pr.a, pr.b)
                                or address.no_role(sdoc, pr.a, pr.b.tokens, pr.b.head)):
            continue
        if pr.kind in ("QP", "WP") and _person_between(people, pr.a.tokens, pr.b.tokens):
            continue  # "министр обороны А, руководитель администрации Б": each item its own organisation
        if pr.kind == "WA":
            key, table = pr.b.tokens, best_person
            post_of[key] = pr.b
            other = pr.a
        elif pr.kind == "QP":
            key, table, other = pr.a.tokens, best_qorg, pr.b
        else:
            key, table, other = pr.a.tokens, best_porg, pr.b
        if pr.kind == "WA" and s >= thresholds.get("WA+", 1.1):
            more.setdefault(key, []).append((s, other))
        elif pr.kind == "WA" and s >= CONJ_MIN:
            conj.setdefault(key, []).append((s, other))
        if s >= thresholds.get(pr.kind, 0.5) and (key not in table or s > table[key][0]):
            table[key] = (s, other)
    out: list[Role] = []
    named = {pr.b.tokens for pr in pairs if pr.kind in ("QP", "WP")} | {pr.a.tokens for pr in pairs if pr.kind == "WA"}
    holders = []
    joined: set[int] = set()  # conjuncts of a holder: the coordination is their evidence
    best_of = {person.tokens for _, person in best_person.values()}
    for key, (s, person) in sorted(best_person.items()):
        holders.append((key, s, person))
        # a further holder that is the best holder of a post of their own is a list's next item
        # ("помощник А, министр промышленности Б"), not a second holder of this one
        holders += [(key, s2, p2) for s2, p2 in more.get(key, ())
                    if p2 is not person and p2.tokens not in best_of]
        if _many(post_of[key].head):
            coordinated = _coordinated(sdoc, person)
            mates = [(key, s2, p2) for s2, p2 in conj.get(key, ())
                     if p2 is not person and _head(sdoc, p2.tokens).i in coordinated]
            holders += mates
            joined.update(id(m[2]) for m in mates)
    for key, s, person in holders:
        q = post_of[key]
        org = best_qorg.get(key, (0, None))[1] or best_porg.get(person.tokens, (0, None))[1]
        r = q.rule
        if (org is not None or (r is not None and r.kind == "official")) and s < thresholds.get("WA_post", 0.0) \
                and id(person) not in joined:
            continue  # a post in an organisation asks for more confidence than an occupation
        acting = r is not None and address.acting_for(r.head) and q.head.pos_ in ("VERB", "ADJ")
        if r is not None and _longer_post(q, r, named):
            r = Role(**{**r.__dict__, "tokens": q.tokens, "start": q.start, "end": q.end,
                        "normal": normalize_phrase([t for t in sdoc[q.tokens[0]:q.tokens[1]] if not t.is_space], r.head)})
        if r is not None:  # the rules' phrase names the post alone, where a tagger span may take in its organisation
            out.append(Role(person=person, head=r.head, tokens=r.tokens, start=r.start, end=r.end,
                            normal=r.normal, kind=r.kind, org=org, appointed=r.appointed,
                            how=r.how if _same(r.person, person) else "", score=round(s, 4)))
            if not acting:
                continue
            # "исполняющим обязанности Губернатора": the post stood in for, and the acting post (the
            # tagger's span) beside it
        toks = [t for t in sdoc[q.tokens[0]:q.tokens[1]] if not t.is_space]
        out.append(Role(person=person, head=q.head, tokens=q.tokens, start=q.start, end=q.end,
                        normal=normalize_phrase(toks, q.head), kind="learned", org=org,
                        appointed=appointment_context(q.head), score=round(s, 4)))
    if unheld is not None:
        posts_ = {pr.a.tokens: pr.a for pr in pairs if pr.kind == "QP"}
        held = [k for k, _, _ in holders]
        taken: list[tuple[int, int]] = []
        # a tagger span and a rule phrase may name one post: the rule phrase first, then the surer
        order = sorted(best_qorg.items(), key=lambda kv: (posts_[kv[0]].rule is None, -kv[1][0], kv[0]))
        for key, (s, org) in order:
            if s < thresholds.get("QP_unheld", UNHELD_QP) or key in inner or key == org.tokens \
                    or any(_overlap(key, k) for k in held + taken):
                continue
            q = posts_[key]
            if "Inan" in q.head.morph.get("Animacy"):
                continue  # a post is somebody's: not "гранту", "делегацией"
            taken.append(key)
            r = q.rule
            if r is not None:
                unheld.append(Role(person=None, head=r.head, tokens=r.tokens, start=r.start, end=r.end,
                                   normal=r.normal, kind=r.kind, org=org, appointed=r.appointed, score=round(s, 4)))
                continue
            toks = [t for t in sdoc[q.tokens[0]:q.tokens[1]] if not t.is_space]
            unheld.append(Role(person=None, head=q.head, tokens=q.tokens, start=q.start, end=q.end,
                               normal=normalize_phrase(toks, q.head), kind="learned", org=org,
                               appointed=appointment_context(q.head), score=round(s, 4)))
    return out


def learned_roles(sdoc, mi: MentionIndex, rules: list[Role], unheld: list | None = None) -> list[Role]:
    """Roles by the scorer; ``unheld`` receives the posts with an organisation and no holder."""
    from ...models.roles.model import meta

    pairs = candidate_pairs(sdoc, mi, rules)
    scores = score_pairs(pairs)
    return decode(pairs, scores, meta().get("thresholds", {}), sdoc, unheld=unheld)
