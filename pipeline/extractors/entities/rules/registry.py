"""The one table of entity rules, the orders they run in, and ``apply``."""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span

from .base import Cand, Rule
from .cleanup import close_quotes, drop_non_entities, drop_vehicles, name_drop_nested, relabel_by_list, split_punct, trim_space_punct
from .chains import body_head_chain, loc_appositive_name, org_appositive_name, org_chain, org_inner_head
from .false_names import drop_false_names
from .descriptors import (bare_org_noun, geo_adj_org_noun, loc_descriptor, name_strip_prefix, org_descriptor,
                          org_head_genitive, org_left_amod, org_right_nmod, org_right_pp)
from .name_lists import per_speaker_label, per_upper_surname
from .names import org_name_repeats, org_paren_alias, quoted_org_names
from .people import per_drop_line_start_words, per_initials, per_strip_title

RULES: dict[str, Rule] = {fn.__name__: fn for fn in (
    split_punct, trim_space_punct, drop_non_entities, relabel_by_list, drop_vehicles, name_drop_nested,
    org_descriptor, org_right_nmod, org_head_genitive, loc_descriptor, org_left_amod, geo_adj_org_noun,
    bare_org_noun, name_strip_prefix, org_right_pp,
    quoted_org_names, org_name_repeats, org_paren_alias, close_quotes, per_initials, per_strip_title,
    per_drop_line_start_words, drop_false_names, per_upper_surname, per_speaker_label,
    org_chain, body_head_chain, org_inner_head, org_appositive_name, loc_appositive_name,
)}

DEFAULT_RULES: list[str] = [
    "split_punct",
    "trim_space_punct",
    "drop_non_entities",
    "relabel_by_list",
    "per_initials",
    "per_strip_title",
    "per_drop_line_start_words",
    "per_upper_surname",
    "per_speaker_label",
    "drop_false_names",
    "quoted_org_names",
    "org_name_repeats",
    "drop_vehicles",
    "org_descriptor",
    "org_right_nmod",
    "org_head_genitive",
    "loc_descriptor",
    "org_left_amod",
    "geo_adj_org_noun",
    "bare_org_noun",
    "org_right_pp",
    "org_appositive_name",
    "org_chain",
    "body_head_chain",
    "org_inner_head",
    "loc_appositive_name",
    "org_paren_alias",
    "close_quotes",
]


# Rules that keep factRuEval's name-span convention (no descriptors, no genitive extensions): for output
# compared with name-only gold, as in the naeval NER benchmark.
NAME_RULES: list[str] = ["split_punct", "trim_space_punct", "drop_non_entities", "relabel_by_list", "per_initials",
                         "per_strip_title", "per_drop_line_start_words", "per_upper_surname", "per_speaker_label",
                         "drop_false_names", "quoted_org_names", "org_name_repeats", "drop_vehicles", "name_strip_prefix", "org_right_pp", "org_left_amod", "org_paren_alias",
                         "name_drop_nested"]


def _dedupe(cands: Iterable[Cand]) -> list[Cand]:
    """Sorted; a span may sit inside a longer one, but partial overlaps and duplicates go
    (the longer, then the earlier, span wins)."""
    seen: dict[tuple[int, int], Cand] = {}
    for c in cands:
        seen[(c.start, c.end)] = c  # the last rule to touch a span decides its label
    order = sorted(seen.values(), key=lambda c: (-(c.end - c.start), c.start))
    # Kept spans nest or are disjoint, and none is shorter than ``c``; so ``c`` overlaps one partially
    # exactly when its first and last tokens lie in different kept spans. Each token lists the kept spans
    # over it: the cost is the kept spans' total length (tokens × nesting depth), not mentions squared.
    over: dict[int, list[int]] = {}
    kept: list[Cand] = []
    for c in order:
        if c.end > c.start and over.get(c.start, []) != over.get(c.end - 1, []):
            continue
        k = len(kept)
        kept.append(c)
        for t in range(c.start, c.end):
            over.setdefault(t, []).append(k)
    return sorted(kept, key=lambda c: (c.start, -c.end))


def apply(doc: Doc, rules: Iterable[str] | None = None) -> list[tuple[Span, str]]:
    """Natasha's spans after the rules, as ``(Span, source)``; nested spans possible, no partial overlaps."""
    cands = [Cand(e.start, e.end, e.label_) for e in doc.ents]
    for name in (DEFAULT_RULES if rules is None else rules):
        cands = RULES[name](doc, cands)
    return [(Span(doc, c.start, c.end, label=c.label), c.source) for c in _dedupe(cands)]
