"""Pairs that state no role: a post or a name called out in an address, a word that is no post, a
transcript's speaker label and the posts named in what the speaker says."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ... import resources
from ...resources import fold
from ..common import lemma
from ..entities.people import name_parts
from ..entities.rules.name_lists import speaker_span

ADDRESS_WORDS = resources.words("roles/address_words")
ADDRESS_END = ("!", ",")


def _word_before(doc: Doc, i: int) -> Token | None:
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _word_after(doc: Doc, i: int) -> Token | None:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _address_word(t: Token | None) -> bool:
    return t is not None and (fold(t.text) in ADDRESS_WORDS or lemma(t) in ADDRESS_WORDS)


def called_out(doc: Doc, start: int, end: int | None = None) -> bool:
    """The phrase at tokens ``start:end`` is called out: an address word opening the sentence (or
    after a colon) stands before it (``Уважаемый господин Председатель``, ``Дорогой Иван Петрович``),
    not one inside a sentence (``в числе самых уважаемых лидеров``)."""
    t = _word_before(doc, start)
    if not _address_word(t):
        return False
    while _address_word(_word_before(doc, t.i)):
        t = _word_before(doc, t.i)
    before = _word_before(doc, t.i)
    return t.is_sent_start or before is None or before.text in (":", "!", ",", ".", "?", "…")


def not_a_post(doc: Doc, tokens: tuple[int, int], head: Token) -> bool:
    """A phrase with no noun is no post (``уважаемый``, ``исполняющая``, ``чрезвычайный``) unless its
    participle governs the duty it stands for (``исполняющий обязанности губернатора``); nor is an
    address word or a verb's infinitive."""
    if tokens[1] - tokens[0] == 1 and (_address_word(head) or fold(head.text).endswith(("ть", "ться"))):
        return True  # "Уважаемый"; "Назначить" opening a decree's item, capitalised and read as a name
    if any(t.pos_ in ("NOUN", "PROPN") for t in doc[tokens[0]:tokens[1]]):
        return False
    return not any(lemma(c) == "обязанность" for c in head.children)


def address_name(doc: Doc, tokens: tuple[int, int], normal: str) -> bool:
    """A name called out, not a person a post is stated of: after an address word, or a first name
    with its patronymic and no surname (how one is addressed) before ``!`` or ``,``, opening its
    sentence or following a speaker's colon (``В.Путин: Иван Петрович, как дела?``)."""
    if called_out(doc, tokens[0]):
        return True
    after = _word_after(doc, tokens[1])
    if after is None or after.text not in ADDRESS_END:
        return False
    parts = name_parts(normal)
    if parts.surname is not None or parts.patronymic is None:
        return False
    before = _word_before(doc, tokens[0])
    return before is None or doc[tokens[0]].is_sent_start or before.text in (":", "!", ".", "?", "…")


def speaker(doc: Doc, tokens: tuple[int, int]) -> bool:
    """The mention is a transcript's speaker label (``И.Петров:``)."""
    return speaker_span(doc, tokens[0]) == tokens[1]


def acting_for(head: Token) -> bool:
    """The post is the one an acting holder stands in for (``исполняющим обязанности Губернатора``).
    Kept as a role of its own (releases' editors give the acting holder that post's head), but not
    as the phrase of the acting post."""
    return head.dep_ == "nmod" and lemma(head.head) in ("обязанность",) and head.head.i < head.i


def no_role(doc: Doc, person, post_tokens: tuple[int, int], head: Token) -> bool:
    """The pair states no role: the post is called out or no post, the person is called out, or the
    person is a speaker label and the post comes in what they say."""
    if not_a_post(doc, post_tokens, head) or called_out(doc, post_tokens[0]):
        return True
    if address_name(doc, person.tokens, person.normal):
        return True
    return speaker(doc, person.tokens) and post_tokens[0] >= person.tokens[1]
