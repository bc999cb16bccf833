"""Rule fixes over Natasha's NER spans. Each rule is measured on the factRuEval dev set before it is kept.

A rule takes the Doc and the current list of ``Cand`` and returns a new list (``base``). Rules run in the
order of ``DEFAULT_RULES``; ``apply(doc, rules=...)`` runs a chosen subset (used to measure them).
Full spans (``DEFAULT_RULES``) follow NEREL for organisations: a body's whole name, its head noun
with the genitives and complements that name it (``Комитет Совета Федерации … по обороне``), is one
mention and the names inside stay mentions (``Министерства сельского хозяйства Германии`` holds the
ORG ``Министерства сельского хозяйства`` and the LOC ``Германии``; ``chains``); a kind of body before
a name in apposition is not part of it (``компании «Ромашка»`` -> ``Ромашка``); a place keeps its
descriptor (``реки Славянки``). ``NAME_RULES`` keep factRuEval's name spans. Word lists live in ``resources/entities/``.

Modules: ``base`` (the contract, word lists), ``tokens`` (helpers), ``cleanup`` (cut, trim, drop,
relabel), ``false_names`` (spans that are no names: ``С 3``, ``HR-директор``, a post as a body,
two people in one span), ``descriptors`` (grow over descriptors and complements), ``names`` (quoted names,
repeats, aliases), ``chains`` (whole names of bodies, names inside, names in apposition), ``registry`` (``RULES``, ``DEFAULT_RULES``, ``NAME_RULES``, ``apply``).
"""
from .base import CLOSE_QUOTES, OPEN_QUOTES, Cand, Rule, words
from .cleanup import drop_non_entities, drop_vehicles, name_drop_nested, relabel_by_list, split_punct, trim_space_punct
from .descriptors import (bare_org_noun, geo_adj_org_noun, loc_descriptor, name_strip_prefix, org_descriptor,
                          org_head_genitive, org_left_amod, org_right_nmod, org_right_pp)
from .names import org_name_repeats, org_paren_alias, quoted_org_names
from .registry import DEFAULT_RULES, NAME_RULES, RULES, _dedupe, apply

__all__ = ["CLOSE_QUOTES", "OPEN_QUOTES", "Cand", "Rule", "words", "DEFAULT_RULES", "NAME_RULES", "RULES", "apply",
           *RULES]
