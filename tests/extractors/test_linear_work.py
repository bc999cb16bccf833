"""Entity rules cost linear work in the number of mentions: counted (function calls and the tokens
sentence look-ups walk), never timed. A quadratic step doubles its share of work per doubling of n."""

import pytest

from pipeline.extractors.entities import rules as entity_rules
from pipeline.extractors.entities.mentions import extract_all_mentions
from pipeline.extractors.entities.rules.base import Cand
from pipeline.extractors.entities.rules.registry import _dedupe

NAMES = ["Иван Петров", "Мария Иванова", "Сергей Собянин", "ООО «Ромашка»", "Москва", "Антон Силуанов"]


def test_dedupe_work_is_linear_in_candidates(counted):
    def cands(n):  # names, each nested in a descriptor span, plus partial overlaps to drop
        out = []
        for i in range(n):
            b = 4 * i
            out += [Cand(b, b + 2, "PER"), Cand(b, b + 3, "ORG"), Cand(b + 2, b + 5, "LOC")]
        return out

    w1, k1 = counted(_dedupe, cands(500))
    w2, k2 = counted(_dedupe, cands(1000))
    assert len(k2) == 2 * len(k1)
    assert w2 / w1 < 2.3, (w1, w2)


def test_dedupe_keeps_what_the_pairwise_rule_keeps():
    import random

    rnd = random.Random(7)
    for _ in range(200):
        cs = [Cand(s, s + rnd.randint(0, 4), rnd.choice("ABC")) for s in (rnd.randint(0, 12) for _ in range(10))]
        seen = {}
        for c in cs:
            seen[(c.start, c.end)] = c
        kept = []
        for c in sorted(seen.values(), key=lambda c: (-(c.end - c.start), c.start)):
            if not any(c.start < k.end and k.start < c.end and not (k.start <= c.start and c.end <= k.end)
                       for k in kept):
                kept.append(c)
        want = sorted(kept, key=lambda c: (c.start, -c.end))
        assert [(c.start, c.end, c.label) for c in _dedupe(cs)] == [(c.start, c.end, c.label) for c in want]


@pytest.mark.parametrize("spans", ["full", "name"])
def test_mentions_in_one_long_sentence_cost_linear_work(nlp, spans, counted, monkeypatch):
    # the sentencizer cuts a sentence at 2,000 characters (nlp.sentencizer): the rules alone are measured here
    monkeypatch.setattr("pipeline.nlp.sentencizer.MAX_SENTENCE_CHARS", 10 ** 6)

    def work(n):
        text = "На встрече присутствовали " + ", ".join(NAMES[i % len(NAMES)] for i in range(n)) + "."
        doc = nlp(text)
        assert len(list(doc.sents)) <= 3  # one long sentence: where per-mention sentence walks hurt
        walked = [0]
        starts = {}
        for s in doc.sents:
            for i in range(s.start, s.end):
                starts[i] = (s.start, s.end)

        def sent(span):  # what spaCy's Span.sent does without a hook: walk to both sentence ends
            a, b = starts[span.start]
            walked[0] += (span.start - a) + (b - span.end) + 1
            return doc[a:b]

        doc.user_span_hooks["sent"] = sent
        calls, (mentions, _, _) = counted(extract_all_mentions, doc, spans)
        assert len(mentions) >= n // 2
        return calls + walked[0]

    w1, w2 = work(150), work(300)
    assert w2 / w1 < 2.4, (w1, w2)


def test_name_drop_nested_keeps_what_the_pairwise_rule_keeps():
    import random

    from pipeline.extractors.entities.rules.cleanup import name_drop_nested

    rnd = random.Random(11)
    for _ in range(300):
        cs = [Cand(s, s + rnd.randint(0, 4), rnd.choice("AB")) for s in (rnd.randint(0, 10) for _ in range(8))]
        want = [c for c in cs if not any(d.start <= c.start and c.end <= d.end and (d.start, d.end) != (c.start, c.end)
                                         for d in cs)]
        assert name_drop_nested(None, cs) == want
