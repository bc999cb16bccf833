"""Precision/recall/F1 of predicted mentions, roles and events against factRuEval gold."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Mapping, Sequence

from .factru import POSITION_FIELDS, GoldDoc, GoldFact

MENTION_LABELS = ("PER", "ORG", "LOC")
# Other label spellings a predictor may use; anything else is not scored.
LABEL_ALIASES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
    "GPE": "LOC",
}

Span = tuple[int, int]


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _any_overlap(spans: Iterable[Span], others: Iterable[Span]) -> bool:
    others = list(others)
    return any(_overlaps(a, b) for a in spans for b in others)


def _max_matching(n_pred: int, n_gold: int, ok: Callable[[int, int], bool]) -> int:
    """Size of a maximum one-to-one matching between predictions and gold items.

    Predictions are taken in order and may displace an earlier assignment only when that one
    can move to another gold item (augmenting paths), so the count is never below greedy's.
    """
    adj = [[j for j in range(n_gold) if ok(i, j)] for i in range(n_pred)]
    owner = [-1] * n_gold

    def assign(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] < 0 or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(assign(i, set()) for i in range(n_pred))


def score_mentions(
    gold: Sequence[GoldDoc], pred: Mapping[str, Iterable[tuple[int, int, str]]]
) -> dict[str, PRF]:
    """Exact span-and-label match per label, plus ``ALL``. Predicted duplicates count once."""
    def pairs():
        for doc in gold:
            g = {(m.start, m.end, m.label) for m in doc.mentions}
            p = set()
            for s, e, label in pred.get(doc.doc_id, ()):
                label = LABEL_ALIASES.get(label.upper(), label.upper())
                p.add((int(s), int(e), label))
            yield g, p

    return score_span_sets(pairs(), MENTION_LABELS)


def score_span_sets(pairs: Iterable[tuple[set, set]], labels: Sequence[str]) -> dict[str, PRF]:
    """Per-label counts over (gold, predicted) sets of ``(start, end, label)`` per document, plus
    ``ALL``; labels outside ``labels`` are ignored."""
    out = {label: PRF() for label in labels}
    for g, p in pairs:
        for label, prf in out.items():
            gl = {x for x in g if x[2] == label}
            pl = {x for x in p if x[2] == label}
            prf.tp += len(gl & pl)
            prf.fp += len(pl - gl)
            prf.fn += len(gl - pl)
    total = PRF()
    for prf in out.values():
        total = total + prf
    out["ALL"] = total
    return out


def _dedup(items: list[tuple]) -> list[tuple]:
    # Gold facts that differ only in attributes (phase, modality) are one target for matching.
    seen, out = set(), []
    for it in items:
        key = tuple(tuple(x) for x in it)
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def gold_occupations(doc: GoldDoc) -> list[tuple[list[Span], list[Span]]]:
    """(Who spans, Position spans) of each Occupation that names a position, deduplicated."""
    items = []
    for f in doc.facts:
        if f.type != "Occupation":
            continue
        who = [s for spans in f.args_by_field("Who") for s in spans]
        pos = [s for spans in f.args_by_field(*POSITION_FIELDS) for s in spans]
        if who and pos:
            items.append((sorted(set(who)), sorted(set(pos))))
    return _dedup(items)


def score_occupations(gold: Sequence[GoldDoc], pred_roles: Mapping[str, Iterable[dict]]) -> PRF:
    """A role matches an Occupation when its person span overlaps the Who argument and its
    position span overlaps the Position/Job argument. Occupations without a position are not
    scored; predicted roles without a position span never match.

    factRuEval's Occupation facts are posts in an organisation (all but one of the 211 in dev name
    the ``Where``) stated once per document, so roles of kind ``occupation`` (no organisation:
    ``певица``) are not scored, and roles with the same person entity and post count once."""
    out = PRF()
    for doc in gold:
        golds = gold_occupations(doc)
        roles = []
        seen = set()
        for r in pred_roles.get(doc.doc_id, ()):
            if r.get("kind") == "occupation":
                continue
            key = (r.get("person_entity_id") or r.get("person"), r.get("position"))
            if isinstance(key[0], str) and isinstance(key[1], str):
                if key in seen:
                    continue
                seen.add(key)
            person = _span(r, "person")
            position = _span(r, "position")
            roles.append((person, position))

        def ok(i: int, j: int) -> bool:
            person, position = roles[i]
            if person is None or position is None:
                return False
            who, pos = golds[j]
            return _any_overlap([person], who) and _any_overlap([position], pos)

        tp = _max_matching(len(roles), len(golds), ok)
        out = out + PRF(tp, len(roles) - tp, len(golds) - tp)
    return out


def _span(r: Mapping, prefix: str) -> Span | None:
    s, e = r.get(f"{prefix}_start"), r.get(f"{prefix}_end")
    if s is None or e is None:
        return None
    try:
        return (int(s), int(e))
    except (TypeError, ValueError):  # NaN from a DataFrame row
        return None


def participant_args(fact: GoldFact) -> list[list[Span]]:
    """Participant arguments of a fact: ``Participant*`` fields for Meeting; for other types
    (Deal, Ownership, isPartOf) every argument that points at text."""
    if fact.type == "Meeting":
        args = [spans for f, spans in fact.args if f.startswith("Participant")]
    else:
        args = [spans for _, spans in fact.args]
    return [a for a in args if a]


def score_events_against_facts(
    gold: Sequence[GoldDoc],
    pred_events: Mapping[str, Iterable[dict]],
    fact_type: str,
    min_participants: int = 2,
    event_types: Collection[str] | None = None,
) -> PRF:
    """An event matches a gold fact of ``fact_type`` when at least ``min_participants`` distinct
    participant arguments (or all of them, if the fact has fewer) are each overlapped by one of
    the event's argument spans. ``event_types``, if given, keeps only events of those types."""
    out = PRF()
    for doc in gold:
        golds = _dedup(
            [
                tuple(tuple(sorted(set(a))) for a in participant_args(f))
                for f in doc.facts
                if f.type == fact_type
            ]
        )
        golds = [g for g in golds if g]
        events = []
        for ev in pred_events.get(doc.doc_id, ()):
            if event_types is not None and ev.get("type") not in event_types:
                continue
            events.append([(int(s), int(e)) for s, e in (ev.get("arguments") or ())])

        def ok(i: int, j: int) -> bool:
            args = golds[j]
            need = max(1, min(min_participants, len(args)))
            hit = sum(_any_overlap(events[i], a) for a in args)
            return hit >= need

        tp = _max_matching(len(events), len(golds), ok)
        out = out + PRF(tp, len(events) - tp, len(golds) - tp)
    return out


def format_table(rows: Mapping[str, PRF], baseline: Mapping[str, PRF] | None = None) -> str:
    """Plain-text table: label, TP, FP, FN, P, R, F1 (and baseline F1 and delta when given)."""
    header = ["label", "TP", "FP", "FN", "P", "R", "F1"]
    if baseline is not None:
        header += ["base F1", "delta"]
    body = []
    for label, prf in rows.items():
        row = [
            label,
            str(prf.tp),
            str(prf.fp),
            str(prf.fn),
            f"{prf.precision:.3f}",
            f"{prf.recall:.3f}",
            f"{prf.f1:.3f}",
        ]
        if baseline is not None:
            b = baseline.get(label)
            if b is None:
                row += ["-", "-"]
            else:
                row += [f"{b.f1:.3f}", f"{prf.f1 - b.f1:+.3f}"]
        body.append(row)
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]

    def fmt(r: list[str]) -> str:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        return "  ".join(cells).rstrip()

    lines = [fmt(header), "  ".join("-" * w for w in widths)] + [fmt(r) for r in body]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- normal forms

_FOLD = str.maketrans({"«": None, "»": None, '"': None, "„": None, "“": None, "”": None,
                       "’": "'", "ʼ": "'", ".": " "})


def fold_normal(s: str) -> str:
    """What a normal form is compared by: case, ё/е, quotes, apostrophes and dots folded,
    whitespace collapsed (``В. Л. Путин`` == ``в.л путин``)."""
    return " ".join(s.lower().replace("ё", "е").translate(_FOLD).split())


@dataclass
class NormalScore:
    gold: int = 0  # gold mentions with an expected normal form
    found: int = 0  # of them, with a predicted mention of the same span and label
    correct: int = 0  # of those, whose normal form is the expected one
    failures: list = field(default_factory=list)  # (doc_id, mention text, predicted, expected)

    @property
    def accuracy(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def coverage(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def score_normals(gold: Sequence[GoldDoc],
                  pred: Mapping[str, Iterable[tuple[int, int, str, str]]]) -> dict[str, NormalScore]:
    """Per label: gold ``normals`` with a predicted ``(start, end, label, normal)`` of the exact span,
    and how many of those have the expected normal form (any of them, folded by ``fold_normal``)."""
    out: dict[str, NormalScore] = {}
    for doc in gold:
        by_span: dict[tuple[int, int, str], str] = {}
        for s, e, lab, normal in pred.get(doc.doc_id, ()):
            by_span.setdefault((s, e, LABEL_ALIASES.get(lab, lab)), normal)
        for g in doc.normals:
            sc = out.setdefault(g.label, NormalScore())
            sc.gold += 1
            normal = by_span.get((g.start, g.end, g.label))
            if normal is None:
                continue
            sc.found += 1
            if fold_normal(normal) in {fold_normal(x) for x in g.expected}:
                sc.correct += 1
            else:
                sc.failures.append((doc.doc_id, g.text, normal, g.expected))
    return out


def format_normals(rows: Mapping[str, NormalScore]) -> str:
    lines = ["label  gold  found  correct  accuracy  coverage"]
    for lab, sc in sorted(rows.items(), key=lambda kv: ("PER", "ORG").index(kv[0]) if kv[0] in ("PER", "ORG") else 9):
        lines.append(f"{lab:<5} {sc.gold:>5} {sc.found:>6} {sc.correct:>8}  {sc.accuracy:>8.3f}  {sc.coverage:>8.3f}")
    return "\n".join(lines)
