"""An official list's line, ``ПЕТРОВ Иван Сергеевич – министр промышленности …``: what follows the
dash is that line's person's post, whether or not the post lexicon knows its word (``участник
проекта``, ``победитель конкурса``, ``экскурсовод музея``)."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..common import MentionIndex
from ..entities.rules.name_lists import DASHES, _line_start
from .linking import org_for
from .positions import Position, _complements, _contiguous, _modifiers, normalize_phrase
from .lexicon import position_lexicon
from .role import Role


def _after_dash(doc: Doc, end: int) -> int | None:
    """The first word after a dash right after token ``end`` on the same line, else None."""
    i = end
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    if i >= len(doc) or doc[i].text not in DASHES:
        return None
    i += 1
    while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
        i += 1
    return i if i < len(doc) and not doc[i].is_space else None


def _head(doc: Doc, start: int, mi: MentionIndex) -> Token | None:
    """The description's first noun that is no name (``военный корреспондент`` -> ``корреспондент``)."""
    for t in doc[start:min(len(doc), start + 4)]:
        if t.is_space or t.is_punct:
            return None
        if t.pos_ in ("NOUN", "PROPN") and mi.at(t.i) is None:
            return t
        if t.pos_ not in ("ADJ", "NUM"):
            return None
    return None


def list_line_roles(sdoc: Doc, mi: MentionIndex, roles: list[Role]) -> list[Role]:
    """A role for each person opening a list line before a dash who has no role from that line yet."""
    lex = position_lexicon()
    out: list[Role] = []
    for m in mi.mentions:
        if m.label != "PER" or not _line_start(sdoc, m.tokens[0]):
            continue
        start = _after_dash(sdoc, m.tokens[1])
        if start is None:
            continue
        line_end = next((t.i for t in sdoc[start:] if "\n" in t.text or "\n" in t.whitespace_), len(sdoc) - 1)
        if any(r.person is not None and r.person.tokens == m.tokens and start <= r.tokens[0] <= line_end
               for r in roles):
            continue
        head = _head(sdoc, start, mi)
        if head is None:
            continue
        mods = [t for t in sdoc[start:head.i] if t.pos_ == "ADJ"] + _modifiers(head, lex)
        toks = _contiguous(head, mods + _complements(head, mi, lex))
        while toks and toks[-1].pos_ in ("ADP", "CCONJ", "PUNCT"):
            toks.pop()
        pos = Position(head, lex.head_kind(head) or "profession", toks, normalize_phrase(toks, head),
                       [head] + [t for t in toks if t.i > head.i])
        out.append(Role.of_position(pos, m, org_for(pos, m, mi), False, "list"))
    return out
