"""Entity mentions: rule fixes over Natasha's NER, normal forms, document-level clusters."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from . import learned, people, rules as entity_rules
from .rules.tokens import sent_starts
from ...nlp import morph_vocab
from ...text import repair_homoglyphs_word


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


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-zА-Яа-яЁё]+", name)
    skip = {"и", "по", "в", "на", "для", "of", "and", "the", "for"}
    return "".join(w[0].upper() for w in words if w.lower() not in skip)


def _key(s: str) -> str:
    return s.lower().replace("ё", "е")


_QUOTES = "«»\"„“”"


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
    return _key(" ".join(w.strip(_QUOTES) for w in words).strip())


def cluster(mentions: list[Mention], text: str) -> list[Entity]:
    """Group mentions of the same thing in one document.

    Same label and same normal form; a person's mention joins the one person whose name parts
    agree with it (same surname, no conflicting first name, patronymic or initial: ``Д. О. Кравцов``,
    ``Дмитрий Кравцов``, ``Кравцов``); a first name alone joins the one person whose full name
    contains it; an abbreviation given in parentheses after a long name,
    or matching its initials, joins that organisation.
    """
    entities: list[Entity] = []
    by_key: dict[tuple[str, str], int] = {}
    person_parts: dict[str, set[int]] = {}
    abbr_of: dict[str, int] = {}
    person_names: dict[int, list[people.NameParts]] = {}

    def new(m: Mention) -> int:
        entities.append(Entity(m.label, [m]))
        return len(entities) - 1

    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].start, mentions[i].end))
    # First pass: multi-word names define entities so later short forms can find them.
    for i in sorted(order, key=lambda i: (-len(mentions[i].normal.split()), mentions[i].start)):
        m = mentions[i]
        k = (m.label, cluster_key(m.label, m.normal))
        if k in by_key:
            m.entity = by_key[k]
            entities[m.entity].mentions.append(m)
            continue
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
                by_key[k] = e
                continue
        m.entity = new(m)
        by_key[k] = m.entity
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
            ini = _initials(m.normal)
            if len(ini) >= 2:
                abbr_of.setdefault(ini, m.entity)
    # Abbreviations seen before their long form, or matched by initials in a second pass.
    for m in mentions:
        if m.label == "ORG" and _is_abbr(m.text):
            e = abbr_of.get(m.text)
            if e is not None and m.entity != e and len(entities[m.entity].mentions) == 1 \
                    and entities[m.entity].mentions[0] is m:
                entities[m.entity].mentions = []
                m.entity = e
                entities[e].mentions.append(m)
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
        e.name = canonical_name(e)
        if e.abbreviation is None and e.label == "ORG":
            abbrs = [m.text for m in e.mentions if _is_abbr(m.text) and m.text != e.name]
            if abbrs:
                e.abbreviation = abbrs[0]
    return live


def canonical_name(e: Entity) -> str:
    """The most informative normal form: most words, then most frequent, then first seen."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in e.mentions:
        counts[m.normal] = counts.get(m.normal, 0) + 1
        first.setdefault(m.normal, m.start)
    def score(n: str):
        words = len(n.split())
        abbr = 1 if _is_abbr(n) else 0
        return (-abbr if e.label == "ORG" else 0, words, counts[n], -first[n])
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
    for k, s in enumerate(doc.sents):
        sent_of[s.start] = k
    rules = entity_rules.NAME_RULES if spans == "name" else None
    spans, new = learned.combine(doc, entity_rules.apply(doc, rules))
    mentions = _mentions(spans, sent_of)
    entities = cluster(mentions, doc.text)
    return mentions, entities, _mentions(new, sent_of)


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
            )
        )
    return mentions


def _normal_cached(span: Span) -> str:
    if span.label_ in learned.AS_WRITTEN or (span.label_ not in learned.BASE_LABELS and any(
            t.pos_ in ("VERB", "AUX") or t.morph.get("Degree") in (["Sup"], ["Cmp"]) for t in span)):
        # a verb phrase (покинул пост) or a superlative (лучшим бомбардиром) is kept as written
        return re.sub(r"\s+", " ", span.text).strip()
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
