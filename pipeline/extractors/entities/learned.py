"""Mentions from the NEREL tagger (``rupress_nerel``, ``doc.spans["nerel"]``) beside the rule mentions.

New labels (PROFESSION, EVENT, FACILITY, ...) come from the model alone. For PER/ORG/LOC,
``POLICY`` says how the model combines with Natasha + rules, chosen by measurement on the
NEREL and factRuEval dev sets (``benchmarks/nerel_ensemble.py``):

- ``rules``: rule mentions only (the model's spans of that label are not used);
- ``add``: rule mentions, plus the model's spans of that label that overlap no rule mention;
- ``add_names``: as ``add``, but only spans that read as a name: the head a noun, the first word
  capitalised, a proper noun inside (NEREL tags ``российского`` COUNTRY; factRuEval does not);
- ``model``: the model's spans replace the rule mentions of that label.

A learned per-span decision (logistic, over sources, types, shape, descriptor words; trained on
NEREL train) was measured in ``benchmarks/nerel_span_combine.py`` and is not used: what it adds or
drops follows NEREL's span conventions and lowers factRuEval (docs/models.md).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ...models.nerel.tags import LABEL_MAP
from .rules.false_names import fix_span
from .rules.people import common_word_at_line_start

SPANS_KEY = "nerel"
BASE_LABELS = ("PER", "ORG", "LOC")
# labels rupress takes from the model, beside PER/ORG/LOC (see docs/schema.md)
NEW_LABELS = ("PROFESSION", "EVENT", "FACILITY", "PRODUCT", "LAW", "AWARD", "MONEY", "DATE",
              "TIME", "PERCENT", "WORK_OF_ART", "NATIONALITY")
# these keep the text as their normal form (a phrase normalizer would inflect "в январе")
AS_WRITTEN = frozenset({"MONEY", "DATE", "TIME", "PERCENT", "NUMBER", "AGE", "ORDINAL"})
# measured on NEREL dev and factRuEval dev (docs/models.md): the model adds people the rules miss,
# and places written as names; other ORG and LOC spans gain on NEREL but lose on factRuEval
# (other span conventions), so rules there
POLICY = {"PER": "add", "ORG": "rules", "LOC": "add_names"}


def reads_as_name(span: Span) -> bool:
    """Head a noun, first word capitalised, a proper noun inside: ``Новой Зеландии``, not
    ``российского`` or ``столице``."""
    return span.root.pos_ in ("NOUN", "PROPN") and span[0].text[:1].isupper() \
        and any(t.pos_ == "PROPN" for t in span)


def model_spans(doc: Doc) -> list[Span]:
    """The tagger's spans with rupress labels (CITY -> LOC, ...), labels rupress keeps only."""
    if SPANS_KEY not in doc.spans:
        return []
    keep = set(NEW_LABELS) | set(BASE_LABELS)
    out, seen = [], set()
    for s in doc.spans[SPANS_KEY]:
        label = LABEL_MAP.get(s.label_, s.label_)
        a, b = _trimmed(doc, s.start, s.end, label)
        if label in keep and a < b and (a, b, label) not in seen:
            seen.add((a, b, label))
            out.append(Span(doc, a, b, label=label))
    return out


_LINKS = ("ADP", "CCONJ", "SCONJ")


def _one_line(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """The first line of a span: a headline with no stop runs into the next line
    (``тренера сборной\n\nИсполком``), the tagger's span with it; the span began where the
    tagger saw its start."""
    cuts = [i for i in range(a, b) if "\n" in doc[i].text or (i < b - 1 and "\n" in doc[i].whitespace_)]
    if not cuts:
        return a, b
    pieces, start = [], a
    for i in cuts:
        end = i if not doc[i].text.strip() else i + 1
        pieces.append((start, end))
        start = i + 1
    pieces.append((start, b))
    pieces = [(x, y) for x, y in pieces if y > x and any(t.text.strip() for t in doc[x:y])]
    return pieces[0] if pieces else (a, a)


def _trimmed(doc: Doc, a: int, b: int, label: str) -> tuple[int, int]:
    """A name, post or event does not end on a preposition or conjunction (the tagger's
    ``министра с`` is ``министра``). Dates, amounts and the like keep their edges: NEREL's
    ``с 5 по 7 марта`` begins with one."""
    a, b = _one_line(doc, a, b)
    if label in AS_WRITTEN:
        return a, b
    while a < b and (doc[b - 1].is_space or doc[b - 1].pos_ in _LINKS):
        b -= 1
    return a, b


def combine(doc: Doc, rule_spans: list[tuple[Span, str]], policy: dict[str, str] | None = None
            ) -> tuple[list[tuple[Span, str]], list[tuple[Span, str]]]:
    """(PER/ORG/LOC mentions after ``policy``, new-label mentions), each as (Span, source)."""
    policy = POLICY if policy is None else policy
    learned = model_spans(doc)
    if not learned:
        return rule_spans, []
    base: list[tuple[Span, str]] = []
    for span, source in rule_spans:
        if policy.get(span.label_, "rules") != "model":
            base.append((span, source))
    # tokens under a rule mention: "overlaps none" costs the span's length, not the mentions'
    covered = {i for s, _ in rule_spans for i in range(s.start, s.end)}
    for span in learned:
        mode = policy.get(span.label_)
        if mode in ("add", "add_names"):
            alone = not any(i in covered for i in range(span.start, span.end))
            if not alone or (mode == "add_names" and not reads_as_name(span)):
                continue
            if span.label_ == "PER" and common_word_at_line_start(doc, span.start, span.end):
                continue  # "Сын", "Вдова" opening a sentence
        if mode in ("model", "add", "add_names"):
            # no false names: "С 3", "HR-директор", two people in one span (rules/false_names.py)
            for a, b, lab in fix_span(doc, span.start, span.end, span.label_):
                base.append((span if (a, b, lab) == (span.start, span.end, span.label_)
                             else Span(doc, a, b, label=lab), "nerel"))
    new = [(s, "nerel") for s in learned if s.label_ in NEW_LABELS]
    return base, new
