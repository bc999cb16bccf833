"""The words roles are read by: position heads and modifiers, post verbs and nouns, organisation words."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ... import resources
from ...resources import fold
from ..common import case_of, inflect_nominative, lemma

# Prefixes that do not change which post is meant (вице-, экс-); kept in the surface text.
POST_PREFIXES = tuple(sorted(resources.words("roles/post_prefixes")))
# Verbs that give or state a post ("назначен директором", "является председателем") -> whether
# the verb means an appointment.
_POST_VERB_ROWS = resources.table("roles/post_verbs")
POST_VERBS = {r["lemma"]: r["appointment"] == "yes" for r in _POST_VERB_ROWS}
# "назначил Петрова министром": in the active voice the holder is the object.
HOLDER_IS_OBJECT = frozenset(r["lemma"] for r in _POST_VERB_ROWS if r["holder"] == "object")
APPOINTMENT_NOUNS = resources.words("roles/appointment_nouns")
POST_NOUNS = resources.words("roles/post_nouns")
# Nouns that name an organisation rather than part of a post ("глава компании «Ромашка»").
ORG_WORDS = resources.words("lexicons/org_words")


@dataclass(frozen=True)
class PositionLexicon:
    heads: dict  # lemma -> kind
    modifiers: frozenset
    stems: frozenset = frozenset()  # first three letters of every head

    def head_kind(self, tok: Token) -> str | None:
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        if not self._may_match(fold(tok.text)):
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
    out = [lemma(tok), fold(tok.text)]
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
    for row in resources.table("lexicons/positions"):
        lem = fold(row["lemma"])
        if row.get("kind") == "modifier":
            mods.add(lem)
        else:
            heads[lem] = row.get("kind") or "official"
    return PositionLexicon(heads, frozenset(mods), frozenset(h[:3] for h in heads))
