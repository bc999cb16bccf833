"""People's names: the nominative by the name's own grammar, and its parts (first name, patronymic,
surname, initials) so that one person's mentions make one entity."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from ...resources import table
from .parses import parses

_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_GENDER = {"Masc": "masc", "Fem": "femn"}
_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")
_PATR = re.compile(r"(вич|вна|ична|инична|ьич)$", re.I)


@lru_cache(maxsize=None)
def _masc_endings() -> dict[str, tuple[tuple[str, str], ...]]:
    """case -> (oblique ending, nominative ending) of an unknown masculine name, in the file's order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for row in table("entities/masc_endings"):
        out.setdefault(row["case"], []).append((row["oblique"], row["nominative"]))
    return {case: tuple(ends) for case, ends in out.items()}




def _shape(word: str, surface: str) -> str:
    """``word`` written as ``surface`` is (each hyphen part capitalised like the author's)."""
    parts, sparts = word.split("-"), surface.split("-")
    if len(parts) != len(sparts):
        return word[:1].upper() + word[1:] if surface[:1].isupper() else word
    out = []
    for p, s in zip(parts, sparts):
        out.append(p.upper() if s.isupper() and len(s) > 1 else (p[:1].upper() + p[1:] if s[:1].isupper() else p))
    return "-".join(out)


def _name_parse(word: str, case: str | None, gender: str | None, first: bool = False):
    """pymorphy's Name/Surn/Patr analysis of ``word`` in ``case`` (and ``gender``), else None; one
    that inflects before an indeclinable one (Анне: Анна's dative, not a name Анне), a first name
    before a surname for a word that is not last (Павле: Павел, not a surname Павля)."""
    found = []
    for n, p in enumerate(parses(word)):
        tag = p.tag
        if not ({"Name", "Surn", "Patr"} & tag.grammemes) or {"plur", "voct"} & tag.grammemes:
            # a vocative (Лёв, Эль: informal calls of Лёва, Эля) is never a mention's case
            continue
        if case and tag.case != case:
            continue
        if gender and tag.gender not in (gender, None) and "ms-f" not in tag.grammemes:
            continue
        found.append(("Fixd" in tag.grammemes, first and "Surn" in tag.grammemes, n, p))
    return min(found, key=lambda f: f[:3])[3] if found else None


def _nominative(word: str, case: str, gender: str | None, first: bool = False) -> str:
    if _INITIAL.match(word):
        return word
    if case == "nomn":
        known = _name_parse(word, None, gender)
        if _name_parse(word, "nomn", gender) is not None or known is None or not known.is_known:
            # a word the dictionary does not know (Ларрионда) has no forms to contradict the tagger
            return word
        # the tagger said nominative, but the name has no such form (Изы): its own case then
        cases = {p.tag.case for p in parses(word)
                 if {"Name", "Surn", "Patr"} & p.tag.grammemes and not {"plur", "voct"} & p.tag.grammemes}
        if len(cases) != 1 or cases == {"loct"}:
            # a name in the prepositional stands after a preposition the tagger sees: a word whose
            # only name reading is prepositional (Саломе, Фелипе) is a nominative foreign name
            return word
        case = cases.pop()
    p = _name_parse(word, case, gender, first)
    if p is not None:
        if "Fixd" in p.tag.grammemes:
            return word
        inf = p.inflect({"Nom"})  # natasha's MorphForm takes UD grammemes
        if inf is not None:
            got = inf.word if "ё" in word.lower() else inf.word.replace("ё", "е")  # the author's letters
            return _shape(got, word)
    adj = _adjective_surname(word, case, gender)
    if adj is not None:
        return adj
    if gender == "femn":
        return word  # a foreign woman's surname does not inflect (Изы Кремер)
    if first and any(p.is_known for p in parses(word)) and _name_parse(word, None, None) is None:
        return word  # a first name the dictionary knows only as a common word is foreign (Тору)
    for end, nom in _masc_endings().get(case, ()):
        low = word.lower()
        if low.endswith(end) and len(low) - len(end) >= 2 and word[-1].islower():
            return word[: len(word) - len(end)] + nom
    return word


def _adjective_surname(word: str, case: str, gender: str | None) -> str | None:
    """A surname declined as an adjective (Долгорукому, Толстого), which pymorphy reads as an
    adjective only: its nominative in the person's gender (Долгорукий, Толстой)."""
    if not word[:1].isupper() or "-" in word:
        return None
    for p in parses(word):
        tag = p.tag
        if tag.POS != "ADJF" or tag.case != case or "plur" in tag.grammemes:
            continue
        if gender and tag.gender != gender:
            continue
        ud = {v: k for k, v in _GENDER.items()}.get(tag.gender or gender or "masc")
        if ud is None:
            continue
        inf = p.inflect({"Nom", ud, "Sing"})  # natasha's MorphForm takes UD grammemes
        if inf is not None:
            return _shape(inf.word if "ё" in word.lower() else inf.word.replace("ё", "е"), word)
    return None


def normal_name(span: Span) -> str | None:
    """The person's name in the nominative (``Хамидом Карзаем`` -> ``Хамид Карзай``) by pymorphy's
    Name/Surn/Patr analyses in the case the tagger gave, the gender of the first name or patronymic
    for the surname; a foreign woman's surname stays as written. None for a span that is not words."""
    words = [t for t in span if not t.is_space and not t.is_punct or _INITIAL.match(t.text)]
    if not words or any(not (t.text[:1].isalpha()) for t in words):
        return None
    # the name's case is the tagger's for its first word that inflects: an indeclinable word's
    # case is a guess (Хорхе Ларрионда)
    cases = [_tagged_case(t) for t in words
             if not _INITIAL.match(t.text) and not _indeclinable(t.text)]
    case = next((c for c in cases if c), None)
    held = _apposition_case(span, words)
    if held is not None:
        case = held
    if case is None:  # the tagger gives no case (Иванова М.П.): nothing says it is not the nominative
        case = "nomn"
    gender = None
    full_words = [t for t in words if not _INITIAL.match(t.text)]
    tagged = next((_GENDER.get((t.morph.get("Gender") or [""])[0]) for t in full_words
                   if t.morph.get("Gender")), None)
    for t in full_words:
        # the first name or patronymic says the gender (Изы -> femn); a lone word is a first name
        # only in the case the tagger gave (о докторе Лизе), else a surname (По словам Данна); a
        # name the dictionary does not know is a guess the tagger's gender overrides (аль-Барадеи)
        p = _name_parse(t.text, case, tagged) or _name_parse(t.text, case, None)
        if p is None and len(full_words) > 1:
            p = _name_parse(t.text, None, None)
        if p is not None and ({"Name", "Patr"} & p.tag.grammemes) and p.tag.gender in ("masc", "femn"):
            gender = p.tag.gender if p.is_known or tagged is None else tagged
            break
    # without a first name or patronymic the gender is a guess (Иванова М.П.: a woman in the
    # nominative, or a man in the genitive?): a word that may be a nominative name stays as written
    guessed = gender is None
    if guessed:
        gender = next((_GENDER.get((t.morph.get("Gender") or [""])[0]) for t in words
                       if t.morph.get("Gender") and not _INITIAL.match(t.text)), None)
    out = []
    last = ([t for t in words if not _INITIAL.match(t.text)] or [None])[-1]
    for t in span:
        if t.is_space:
            continue
        if guessed and _name_parse(t.text, "nomn", None) is not None and (
                t.morph.get("Case") in ([], ["Nom"]) or t.dep_.startswith("nsubj")
                or any(w.dep_.startswith("nsubj") for w in words)):
            out.append(t.text + t.whitespace_)
            continue
        if t in words and not _INITIAL.match(t.text):
            # each word in its own case (Ивановой Марии Петровне: the tagger may split them)
            own = held or _tagged_case(t) or case
            first = last is not None and t.i != last.i  # spaCy makes a new Token per access
            word = _nominative(t.text, own, gender, first)
            word = word if word != t.text or own == case else _nominative(t.text, case, gender, first)
            out.append(word + t.whitespace_)
        else:
            out.append(t.text + t.whitespace_)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _tagged_case(t) -> str | None:
    """The tagger's case of a token, as pymorphy names it."""
    return _CASE.get((t.morph.get("Case") or [""])[0])


def _indeclinable(word: str) -> bool:
    names = [p for p in parses(word) if {"Name", "Surn", "Patr"} & p.tag.grammemes]
    if not names:  # a foreign name pymorphy reads as an indeclinable common word (Бенито)
        return any("Fixd" in p.tag.grammemes for p in parses(word))
    return all("Fixd" in p.tag.grammemes for p in names)


def _common_noun(t) -> bool:
    """A noun that is not a name, capitalised or not (``Чемпиона мира``)."""
    if t.pos_ == "NOUN":
        return True
    return t.pos_ == "PROPN" and any(
        p.is_known and p.tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"} & p.tag.grammemes
        for p in parses(t.text))


def _apposition_case(span: Span, words: list) -> str | None:
    """The case of the common noun the name stands in apposition to (``министра … Сейджи
    Маехары``, ``супруге — Наине Иосифовне``): apposition agrees in case, and the tagger reads
    the noun's case more surely than a foreign or rare name's."""
    for t in words:
        head = t.head
        if (t.dep_ != "appos" or head.i >= span.start or not _common_noun(head)
                or head.morph.get("Animacy") != ["Anim"]
                or any(w.pos_ in ("VERB", "AUX") for w in head.doc[head.i + 1:span.start])):
            continue  # a post or title (animate), and no clause between: not a parse slip
        held = _tagged_case(head)
        own = _tagged_case(t)
        if {held, own} == {"gent", "accs"}:
            return None  # an animate noun's accusative is its genitive: the tagger's choice is a guess
        if all(_has_case(w.text, _tagged_case(w))
               for w in words if not _INITIAL.match(w.text)):
            return None  # the tagger's cases fit every word: the noun may be another's (заместителем министра …)
        return held
    return None


def _has_case(word: str, case: str | None) -> bool:
    return case is None or any(p.tag.case == case and "plur" not in p.tag.grammemes for p in parses(word))


@dataclass(frozen=True)
class NameParts:
    first: str | None  # the first name, or its initial ("д")
    patronymic: str | None
    surname: str | None


def _k(s: str) -> str:
    return s.lower().replace("ё", "е").rstrip(".")


def name_parts(normal: str) -> NameParts:
    """First name, patronymic, surname of a normal form: ``Кравцов Дмитрий Олегович``,
    ``Д. О. Кравцов``, ``Дмитрий Кравцов``, ``Кравцов``."""
    words = [w for w in re.split(r"\s+|(?<=\.)(?=[A-ZА-ЯЁ])", normal) if w]
    initials = [_k(w) for w in words if _INITIAL.match(w)]
    full = [w for w in words if not _INITIAL.match(w)]
    patr = next((w for w in full if _PATR.search(w) and len(w) > 5), None)
    rest = [w for w in full if w is not patr]
    if patr is not None and len(rest) >= 2:
        # Кравцов Дмитрий Олегович: the first name stands right before the patronymic
        i = full.index(patr)
        first = full[i - 1] if i > 0 else rest[0]
        last = next(w for w in rest if w is not first)
    elif len(rest) == 1:
        first, last = (None, rest[0]) if initials or patr is None else (rest[0], None)
    elif len(rest) >= 2:
        first, last = rest[0], rest[-1]
        if not _is_first_name(first) and _is_first_name(last):  # Иванова Мария
            first, last = last, first
    else:
        first = last = None
    if first is None and initials:
        first = initials[0]
    if patr is None and len(initials) > 1:
        patr = initials[1]
    return NameParts(_k(first) if first else None, _k(patr) if patr else None, _k(last) if last else None)


def _is_first_name(word: str) -> bool:
    return any("Name" in p.tag.grammemes and p.tag.case == "nomn" for p in parses(word))


def _agree(a: str | None, b: str | None) -> bool:
    """Parts agree when one is missing, they are equal, or one is the other's initial."""
    if a is None or b is None:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def surname_keys(word: str) -> frozenset[str]:
    """The surname as written and its pymorphy lemmas: ``Путина`` may be Путин's genitive."""
    return frozenset({_k(word)} | {_k(p.normal_form) for p in parses(word)
                                    if "Surn" in p.tag.grammemes})


def same_surname(a: str, b: str) -> bool:
    return a == b or bool(surname_keys(a) & surname_keys(b))


def same_person(a: NameParts, b: NameParts) -> bool:
    """One surname, and first names and patronymics (or their initials) that do not conflict."""
    if a.surname is None or b.surname is None or not same_surname(a.surname, b.surname):
        return False
    return _agree(a.first, b.first) and _agree(a.patronymic, b.patronymic)


def surname_as_named(word: str, full: str) -> str | None:
    """A lone surname in the person's full normal name, in the nominative written there
    (``Путина`` in ``Владимир Путин`` -> ``Путин``), else None."""
    parts = name_parts(full)
    if parts.surname is None or not same_surname(_k(word), parts.surname):
        return None
    for w in full.split():
        if _k(w) == parts.surname:
            return w
    return None


def listed_name(span: Span) -> str | None:
    """The normal form of a name written the way lists and transcripts write it, else None: a speaker
    label (``А.Петрова:`` opens its line, so it is in the nominative: kept as written) and a surname in
    capitals (``ПЕТРОВ Иван Сергеевич`` -> ``Иван Сергеевич Петров``: the other names first; a list's
    line is in the nominative, elsewhere the words are put in it)."""
    from .rules.name_lists import _line_start, _UPPER, speaker_span, upper_surname_span

    doc = span.doc
    if speaker_span(doc, span.start) == span.end:
        return " ".join(span.text.split())
    if upper_surname_span(doc, span.start) != span.end:
        return None
    written = [t.text for t in span if not t.is_space]
    words = written if _line_start(doc, span.start) else (normal_name(span) or span.text).split()
    if len(words) != len(written):
        words = written
    upper = [k for k, w in enumerate(written) if _UPPER.match(w)]
    surname = ["-".join(p[:1] + p[1:].lower() for p in words[k].split("-")) for k in upper]
    return " ".join([w for k, w in enumerate(words) if k not in upper] + surname)
