"""Roles: person – position – organisation, read off the dependency tree.

A position is a noun from ``resources/lexicons/positions.tsv`` with its modifiers (``исполнительный
директор``) and the common-noun complements that name the post (``министр финансов``,
``начальник управления информатизации``). Its holder is a PER mention linked to it by ``appos``,
``flat`` or ``nmod`` in either direction, by a copula or an appointment verb (``назначен
директором``, ``является председателем``), or shared with a coordinated post. Its organisation
is the first ORG (else LOC) mention down its ``nmod``/``appos`` chain.

Modules: ``lexicon`` (the word lists), ``positions`` (the post phrase), ``linking`` (its holder and
organisation), ``extractor`` (the document pass and the rows).
"""
from .extractor import extract_roles

__all__ = ["extract_roles"]
