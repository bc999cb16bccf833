"""Entity mentions: rule fixes over Natasha's NER, normal forms, document-level clusters."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from . import bodies, learned, orgs, people, places, rules as entity_rules
from .parses import parses
from .rules.tokens import sent_starts
from ...nlp import morph_vocab
from ...nlp.views import sentence_bounds
from ...text import majority_script, repair_homoglyphs_word


@dataclass
class Mention:
    start: int  # char offsets into the (normalized) Doc text
    end: int
    label: str
    text: str
    normal: str
    sentence_id: int
    source: str = "ner"
    tokens: tuple[int, int] = (0, 0)
    entity: int | None = None
    orig: tuple[int, int] | None = None  # offsets in the original text, set when rows are written
    mention_id: str | None = None
    lemma: str = ""  # ORG/LOC: folded lemmas, what inflected mentions of one name share
    form: str | None = None  # PER/ORG/LOC: name, adjective, descriptor or generic (docs/schema.md)


@dataclass
class Entity:
    label: str
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    abbreviation: str | None = None


# ----------------------------------------------------------------------------- normal forms


class _NormToken:
    __slots__ = ("text", "pos", "feats", "id", "head_id", "start", "stop")

    def __init__(self, tok, span_start_char: int):
        self.text = tok.text
        self.pos = tok.pos_
        self.feats = tok.morph.to_dict()
        self.id = str(tok.i)
        self.head_id = str(tok.head.i) if tok.head.i != tok.i else "-1"
        self.start = tok.idx - span_start_char
        self.stop = self.start + len(tok.text)


def normal_form(span: Span) -> str:
    """The mention in the nominative, in the case shape the author used (``Всемирного банка`` -> ``Всемирный банк``)."""
    from natasha.norm import normalize, syntax_normalize

    tokens = [_NormToken(t, span.start_char) for t in span if not t.is_space]
    if not tokens:
        return span.text
    ids = {t.id for t in tokens}
    roots = [t for t in tokens if t.head_id not in ids]
    for t in roots[1:]:
        # one phrase has one head: a second "root" (a parse that leaves the span twice) is its
        # dependent, so only the first is put in the nominative (Исполком Федерации …)
        t.head_id = roots[0].id
    vocab = morph_vocab()
    try:
        name = people.normal_name(span) if span.label_ == "PER" else None
        if name is not None:
            text = name
        elif span.label_ == "ORG":
            text = _org_normalize(vocab, span, tokens)
        elif span.label_ == "LOC" and len(tokens) > 2 and not orgs.descriptor_before_name(span):
            # a place of several words keeps its genitive complement (Соединённых Штатов Америки ->
            # Соединённые Штаты Америки, not "… Америка"); a descriptor before a name in apposition
            # (пограничную реку Нарву) is inflected word by word
            text = syntax_normalize(vocab, tokens)
        else:
            text = normalize(vocab, tokens)
    except Exception:  # pymorphy2 may fail on odd shapes; the surface is then the best we have
        text = span.text
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    surface = [t.text for t in tokens]
    if len(words) == len(surface):
        # Natasha writes ё as е; names keep the letter the author wrote (Ён, Королёв).
        words = [_keep_yo(w, s) for w, s in zip(words, surface)]
    return _balance_quotes(" ".join(repair_homoglyphs_word(w) for w in words))


def _org_normalize(vocab, span: Span, tokens: list[_NormToken]) -> str:
    """Natasha's syntax normalizer, with two fixes: a participle the tagger calls ADJ
    (``Объединённой``) is inflected as the participle it is, and a «quoted» name after a descriptor
    is an appositive, already in the nominative (``фонд «Подари жизнь»``), so it stays as written."""
    from natasha.norm import inflect_words, recover_shapes, recover_spaces, select_inflectable

    for tok, t in zip((t for t in span if not t.is_space), tokens):
        if t.pos == "ADJ" and tok.lemma_.endswith(("ть", "ться", "ти", "тись")):
            t.pos = "VERB"
    ids = set(select_inflectable(tokens))
    opened = next((k for k, t in enumerate(tokens) if t.text in "«\"„“"), None)
    if opened:  # something (a descriptor) before the quote
        ids -= {t.id for t in tokens[opened:]}
    words = recover_shapes(inflect_words(vocab, tokens, ids), tokens)
    return recover_spaces(words, tokens)


def _balance_quotes(text: str) -> str:
    # spans follow factRuEval and stop before a closing quote; the normal form closes it
    opened = text.count("«") - text.count("»")
    if opened > 0:
        text = text + "»" * opened
    if text.count('"') % 2:
        text = text + '"'
    return text


def _keep_yo(word: str, surface: str) -> str:
    if "ё" not in surface.lower():
        return word
    chars = list(word)
    for i, c in enumerate(surface[: len(word)]):
        if c in "ёЁ" and chars[i] in "еЕ":
            chars[i] = "ё" if c == "ё" else "Ё"
    return "".join(chars)


# ----------------------------------------------------------------------------- clustering

_ABBR_RE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё0-9&\-]{1,11}$")


def _is_abbr(s: str) -> bool:
    return bool(_ABBR_RE.match(s)) and sum(c.isupper() for c in s) >= 2


def _key(s: str) -> str:
    return s.lower().replace("ё", "е")


_QUOTES = "«»\"„“”"


def _place_adjective(word: str) -> bool:
    return word.islower() and any(p.tag.POS == "ADJF" and places.place_of(word, p.normal_form) for p in parses(word)[:1])


def cluster_key(label: str, normal: str) -> str:
    """What must agree for two mentions to be one entity: the name without a leading descriptor
    (``партия «Зелёный союз»`` and ``«Зелёный союз»`` agree; ``мэрия Москвы`` keeps its noun)."""
    words = normal.split()
    if label in ("ORG", "LOC") and len(words) > 1:
        descr = entity_rules.words("org_descriptors") | entity_rules.words("loc_descriptors")
        forms = entity_rules.words("org_legal_forms")
        k = 0
        while k < len(words) - 1 and (_key(words[k]) in descr or words[k] in forms):
            k += 1
        rest = words[k:]
        # only an appositive name (quoted, or a foreign/indeclinable word) stands for the whole
        if k and rest and (rest[0][0] in _QUOTES or rest[0][0].isascii()):
            words = rest
        elif label == "ORG" and not k:
            # place adjectives before the kind: американская компания Monsanto is Monsanto
            k = next((j for j, w in enumerate(words[:-1]) if _key(w) in descr), 0)
            rest = words[k + 1:]
            if k and all(_place_adjective(w) for w in words[:k]) and (rest[0][0] in _QUOTES or rest[0][0].isascii()):
                words = rest
        elif label == "LOC":
            # a place after its kind stands for itself (штат Колорадо, родной город Муром, Республика
            # Башкортостан: Колорадо, Муром, Башкортостан), so the adjective калифорнийской and the name
            # Калифорния join штат Калифорния
            places = entity_rules.words("loc_descriptors")
            last = max((j for j, w in enumerate(words[:-1]) if (w.islower() or j == 0) and _key(w) in places),
                       default=None)
            if last is not None and all(w.islower() for w in words[:last]) and words[last + 1][:1].isupper():
                words = words[last + 1:]
    return _key(" ".join(w.strip(_QUOTES) for w in words).strip())


def cluster(mentions: list[Mention], text: str) -> list[Entity]:
    """Group mentions of the same thing in one document.

    Same label and same normal form (or, for organisations and places, the same lemmas or the same
    canonical name in ``aliases.tsv``); a person's mention joins the one person whose name parts
    agree with it (same surname, no conflicting first name, patronymic or initial: ``Д. О. Кравцов``,
    ``Дмитрий Кравцов``, ``Кравцов``); a first name alone joins the one person whose full name
    contains it; a first name with patronymic joins the one person named with both, else the one
    of that first name with no other patronymic; a name in the other script in brackets right after
    a person's (``Скотт Хоровитц (Scott Horowitz)``) is that person's; an abbreviation joins the
    organisation it is given for in the text
    (``Федеральная налоговая служба (ФНС)``, ``ФНС (Федеральная налоговая служба)``), whose initials
    it is, or that the alias table pairs it with, wherever it stands.
    Mentions of one entity with the same lemmas share one normal form.
    """
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], int] = {}
    person_parts: dict[str, set[int]] = {}
    abbr_of: dict[str, int] = {}
    person_names: dict[int, list[people.NameParts]] = {}

    def new(m: Mention) -> int:
        entities.append(Entity(m.label, [m]))
        return len(entities) - 1

    def keys(m: Mention) -> list[tuple[str, str]]:
        out = [(m.label, cluster_key(m.label, m.normal))]
        if m.lemma:
            out.append((m.label, "lemma:" + cluster_key(m.label, m.lemma)))
        alias = orgs.alias_key(m.label, m.normal)
        if alias:
            out.append((m.label, "alias:" + alias))
        return out

    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    # First pass: multi-word names define entities so later short forms can find them.
    for i in sorted(order, key=lambda i: (-len(mentions[i].normal.split()), mentions[i].start)):
        m = mentions[i]
        ks = keys(m)
        hit = next((by_key[k] for k in ks if k in by_key), None)
        if hit is not None:
            m.entity = hit
            entities[m.entity].mentions.append(m)
            for k in ks:
                by_key.setdefault(k, hit)
            continue
        k = ks[0]
        parts = m.normal.split()
        if m.label == "PER":
            named = people.name_parts(m.normal)
            if named.surname is not None:
                # one person: the surname agrees, first names / initials do not conflict
                cands = [e for e, qs in person_names.items() if all(people.same_person(named, q) for q in qs)]
                if len(cands) == 1:
                    m.entity = cands[0]
                    entities[m.entity].mentions.append(m)
                    person_names[m.entity].append(named)
                    by_key[k] = m.entity
                    continue
            elif named.first and named.patronymic and len(named.first) > 1 and len(named.patronymic) > 1:
                # "Борис Николаевич": first name and patronymic of one person named in full
                cands = [e for e, qs in person_names.items()
                         if any(q.first == named.first and q.patronymic == named.patronymic for q in qs)]
                if not cands:  # "Людмила Марковна" after "Людмила Гурченко": the one Людмила named
                    cands = [e for e, qs in person_names.items()
                             if any(q.first == named.first for q in qs)
                             and all(q.patronymic in (None, named.patronymic) for q in qs)]
                if len(cands) == 1:
                    m.entity = cands[0]
                    entities[m.entity].mentions.append(m)
                    by_key[k] = m.entity
                    continue
        if m.label == "PER" and len(parts) == 1:
            cands = person_parts.get(_key(parts[0]), set())
            if len(cands) == 1:
                m.entity = next(iter(cands))
                entities[m.entity].mentions.append(m)
                by_key[k] = m.entity
                continue
        if m.label in ("ORG", "LOC") and _is_abbr(m.text):
            e = abbr_of.get(m.text)
            if e is not None and (m.label == "ORG" or entities[e].label == m.label):
                m.entity = e
                entities[e].mentions.append(m)
                for k in ks:
                    by_key.setdefault(k, e)
                continue
        m.entity = new(m)
        for k in ks:
            by_key.setdefault(k, m.entity)
        if m.label == "PER" and named.surname is not None:
            person_names[m.entity] = [named]
        if m.label == "PER" and len(parts) > 1:
            for p in parts:
                if len(p) > 2 or not p.endswith("."):
                    person_parts.setdefault(_key(p.rstrip(".")), set()).add(m.entity)
        if m.label == "ORG" and len(parts) > 1:
            # "Федеральная налоговая служба (ФНС)": the abbreviation right after the name
            tail = text[m.end:m.end + 20]
            pm = re.match(r"\s*\(\s*([^()\s]{2,12})\s*\)", tail)
            if pm and _is_abbr(pm.group(1)):
                abbr_of.setdefault(pm.group(1), m.entity)
                entities[m.entity].abbreviation = pm.group(1)
            for ini in orgs.initials(m.normal, cluster_key(m.label, m.normal)):
                abbr_of.setdefault(ini, m.entity)
    # "ФНС (Федеральная налоговая служба)": the long name in brackets right after the abbreviation
    at = {(m.start, m.label): m for m in mentions}
    at_per = {m.start: m for m in mentions if m.label == "PER"}
    for m in mentions:
        if m.label == "ORG" and _is_abbr(m.text) and m.text not in abbr_of:
            inside = _after_bracket(text, m.end)
            long = at.get((inside, "ORG")) if inside is not None else None
            if long is not None and len(long.normal.split()) > 1 and text[long.end:long.end + 3].lstrip().startswith(")"):
                abbr_of[m.text] = long.entity
                entities[long.entity].abbreviation = m.text
    # Abbreviations seen before their long form, or matched by initials in a second pass:
    # the abbreviation's entity (all its mentions written so) joins the long name's.
    for m in mentions:
        if m.label == "ORG" and _is_abbr(m.text):
            e = abbr_of.get(m.text)
            own = entities[m.entity]
            if e is not None and m.entity != e and all(x.text == m.text for x in own.mentions):
                for x in own.mentions:
                    x.entity = e
                entities[e].mentions.extend(own.mentions)
                own.mentions = []
    # "Скотт Хоровитц (Scott Horowitz)": a name in brackets right after a person's name, written in
    # the other script, is the same person's (all its entity's mentions written in that script)
    for m in mentions:
        if m.label != "PER":
            continue
        inside = _after_bracket(text, m.end)
        other = at_per.get(inside) if inside is not None else None
        if other is None or other.entity == m.entity or _latin(m.text) == _latin(other.text):
            continue
        own = entities[other.entity]
        if all(_latin(x.text) == _latin(other.text) for x in own.mentions):
            for x in own.mentions:
                x.entity = m.entity
            entities[m.entity].mentions.extend(own.mentions)
            own.mentions = []
    _join_bodies(entities)
    # Drop emptied entities, renumber by first mention.
    live = [e for e in entities if e.mentions]
    for e in live:
        e.mentions.sort(key=lambda m: m.start)
    live.sort(key=lambda e: e.mentions[0].start)
    remap = {id(e): k for k, e in enumerate(live)}
    for e in live:
        for m in e.mentions:
            m.entity = remap[id(e)]
        if e.label == "PER":
            full = max((m.normal for m in e.mentions), key=lambda n: len(n.split()))
            for m in e.mentions:
                # a lone surname says no gender (Путина: his genitive or her nominative); the full name does
                if len(m.normal.split()) == 1 and len(full.split()) > 1:
                    named = people.surname_as_named(m.normal, full)
                    if named is not None:
                        m.normal = named
        else:
            orgs.agree_normals(e.mentions)
        e.name = canonical_name(e)
        if e.abbreviation is None and e.label == "ORG":
            abbrs = [m.text for m in e.mentions if _is_abbr(m.text) and m.text != e.name]
            if abbrs:
                e.abbreviation = abbrs[0]
    return live


def _join_bodies(entities: list[Entity]) -> None:
    """A body's common noun (``правительство``, form ``generic``) joins the one organisation of the
    document named with that noun (``Правительство Японии``, ``японское правительство``): form
    ``descriptor``. With none, or several (two governments), it stays generic."""
    named: dict[str, list[int]] = {}
    for k, e in enumerate(entities):
        if e.label != "ORG" or not any(m.form == "name" for m in e.mentions):
            continue
        heads = {w for m in e.mentions if m.form == "name" for w in (m.lemma or _key(m.normal)).split()}
        for w in heads:
            named.setdefault(w, []).append(k)
    for k, e in enumerate(entities):
        generic = [m for m in e.mentions if m.form == "generic"]
        if not generic:
            continue
        if len(generic) < len(e.mentions):  # joined a name already (a capitalised «Правительство»)
            for m in generic:
                m.form = "descriptor"
            continue
        targets = {t for m in generic for t in named.get(_key(m.lemma or m.normal), ())} - {k}
        if len(targets) != 1:
            continue
        t = targets.pop()
        for m in e.mentions:
            m.form = "descriptor"
            m.entity = t
        entities[t].mentions.extend(e.mentions)
        e.mentions = []


def _latin(s: str) -> bool:
    return majority_script(s) == "latin"


def _after_bracket(text: str, end: int) -> int | None:
    """Where the text inside a bracket opened right after ``end`` begins, else None."""
    pm = re.match(r"\s*\(\s*", text[end:end + 5])
    return end + pm.end() if pm else None


def canonical_name(e: Entity) -> str:
    """The most informative normal form: most words, then most frequent, then first seen."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    latin_text = _latin(e.mentions[0].text) if e.mentions else False
    for m in e.mentions:
        counts[m.normal] = counts.get(m.normal, 0) + 1
        first.setdefault(m.normal, m.start)
    def score(n: str):
        words = len(n.split())
        abbr = 1 if _is_abbr(n) else 0
        # a person's name in the text's script first (Скотт Хоровитц, not the bracketed Scott Horowitz)
        script = -int(_latin(n) != latin_text) if e.label == "PER" else 0
        # a person is named with their surname: "Олег Николаев", not the address "Олег Петрович"
        surname = int(e.label == "PER" and people.name_parts(n).surname is not None)
        return (-abbr if e.label == "ORG" else 0, script, surname, words, counts[n], -first[n])
    return max(counts, key=score)


# ----------------------------------------------------------------------------- extractor


SPAN_CONVENTIONS = {"full": None, "name": "NAME_RULES"}


def extract_mentions(doc: Doc, spans: str = "full") -> tuple[list[Mention], list[Entity]]:
    """Mentions (after rule fixes) with normal forms, and the document's entities.

    ``spans="full"``: an organisation or location mention includes its descriptor (``мэрии Москвы``);
    ``spans="name"``: only the name (``Москвы``), as in name-only NER benchmarks.
    PER/ORG/LOC only; ``learned_mentions`` gives the NEREL tagger's other labels.
    """
    mentions, entities, _ = extract_all_mentions(doc, spans)
    return mentions, entities


def extract_all_mentions(doc: Doc, spans: str = "full") -> tuple[list[Mention], list[Entity], list[Mention]]:
    """``extract_mentions`` plus the mentions of the NEREL tagger's other labels (PROFESSION,
    EVENT, ...; no entity), when ``rupress_nerel`` ran on ``doc``."""
    if spans not in SPAN_CONVENTIONS:
        raise ValueError(f"spans must be one of {', '.join(SPAN_CONVENTIONS)}, not {spans!r}")
    sent_of = {}
    for k, (s, _) in enumerate(sentence_bounds(doc)):
        sent_of[s] = k
    rules = entity_rules.NAME_RULES if spans == "name" else None
    name_view = spans == "name"
    spans, new = learned.combine(doc, entity_rules.apply(doc, rules))
    mentions = _mentions(spans, sent_of)
    if not name_view:  # the name view counts names only: no adjectives, no bodies named by a common noun
        # a place's kind is no part of its name (loc_appositive_name: лондонском районе Тоттенем ->
        # Тоттенем), so the adjective before it is free to be a place of its own
        adjectives = _adjective_mentions(doc, [s for s, _ in spans], sent_of)
        # a place adjective alone that the NER took for a body (Лондонский) is the place's adjective
        alone = {(m.start, m.end) for m in adjectives}
        mentions = [m for m in mentions if not (m.label == "ORG" and (m.start, m.end) in alone)] + adjectives
        mentions += _body_mentions(doc, [s for s, _ in spans], sent_of)
    entities = cluster(mentions, doc.text)
    return mentions, entities, _mentions(new, sent_of)


def _adjective_mentions(doc: Doc, taken: list[Span], sent_of) -> list[Mention]:
    """``российских`` -> a LOC mention of ``Россия`` (form ``adjective``; places.py)."""
    out = []
    for span, place in places.adjective_spans(doc, taken, inside=PLACE_ADJECTIVES_INSIDE):
        out.append(Mention(start=span.start_char, end=span.end_char, label="LOC", text=span.text, normal=place,
                           sentence_id=sent_of.get(sent_starts(doc)[span.start], 0), source=places.SOURCE,
                           tokens=(span.start, span.end), form=places.FORM))
    return out


def _body_mentions(doc: Doc, taken: list[Span], sent_of) -> list[Mention]:
    """``правительство`` -> an ORG mention, form ``generic`` until ``cluster`` joins it to a named body."""
    out = []
    for span, lemma in bodies.body_spans(doc, taken):
        out.append(Mention(start=span.start_char, end=span.end_char, label="ORG", text=span.text, normal=lemma,
                           sentence_id=sent_of.get(sent_starts(doc)[span.start], 0), source=bodies.SOURCE,
                           tokens=(span.start, span.end), lemma=lemma, form="generic"))
    return out


# labels of mentions a place adjective may sit in (measured on NEREL dev, docs/evaluation.md):
# NEREL nests it in organisation names (Московский государственный университет)
PLACE_ADJECTIVES_INSIDE: tuple[str, ...] = ("ORG",)


def _mentions(spans, sent_of) -> list[Mention]:
    mentions: list[Mention] = []
    for span, source in spans:
        sid = sent_of.get(sent_starts(span.doc)[span.start], 0)
        mentions.append(
            Mention(
                start=span.start_char,
                end=span.end_char,
                label=span.label_,
                text=span.text,
                normal=_normal_cached(span),
                sentence_id=sid,
                source=source,
                tokens=(span.start, span.end),
                lemma=orgs.lemma_key(span) if span.label_ in ("ORG", "LOC") else "",
                form=None if span.label_ not in learned.BASE_LABELS else
                "generic" if source == "rule:bare_org_noun" else "name",
            )
        )
    return mentions


# common-noun phrases: a capital at the start of a sentence is not part of their normal form
SENTENCE_CASE_LABELS = ("PROFESSION", "EVENT")


def _normal_cached(span: Span) -> str:
    text = _normal_uncased(span)
    first = next((t for t in span if not t.is_space), None)
    if span.label_ in SENTENCE_CASE_LABELS and first is not None and first.is_sent_start \
            and first.pos_ != "PROPN" and text[:1].isupper() and not text[:2].isupper():
        # "Министр промышленности заявил" -> "министр промышленности"
        text = text[:1].lower() + text[1:]
    return text


def _normal_uncased(span: Span) -> str:
    if span.label_ == "EVENT" and len(span) == 1 and span[0].pos_ in ("VERB", "AUX") and span[0].lemma_:
        return span[0].lemma_  # "встретился" -> "встретиться"
    if span.label_ in learned.AS_WRITTEN or (span.label_ not in learned.BASE_LABELS and any(
            t.pos_ in ("VERB", "AUX") or t.morph.get("Degree") in (["Sup"], ["Cmp"]) for t in span)):
        # a verb phrase (покинул пост) or a superlative (лучшим бомбардиром) is kept as written
        return re.sub(r"\s+", " ", span.text).strip()
    if span.label_ == "PER":
        listed = people.listed_name(span)  # by the span's place in its line: not cached by its words
        if listed is not None:
            return listed
    if span.label_ not in learned.BASE_LABELS:
        # a phrase with a head (министра иностранных дел): normalized as organisations are
        span = Span(span.doc, span.start, span.end, label="ORG")
    key = (span.label_, tuple((t.text, t.pos_, str(t.morph), t.head.i - span.start) for t in span))
    hit = _NORMAL_CACHE.get(key)
    if hit is None:
        hit = normal_form(span)
        if len(_NORMAL_CACHE) > 100_000:
            _NORMAL_CACHE.clear()
        _NORMAL_CACHE[key] = hit
    return hit


_NORMAL_CACHE: dict = {}
