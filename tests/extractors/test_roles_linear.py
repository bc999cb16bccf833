"""Issue 25, case 5: the learned roles cost linear work in a sentence's size. A sentence listing N
"post + name" items (N = 6, 24, 96) is run through the pipeline and the function calls made inside
``learned_roles`` are counted, never timed: a quadratic step would make the work per item grow 4x
from each size to the next (150 items took 132 s and 806 MB)."""
import sys
from types import SimpleNamespace

import pipeline
from pipeline.extractors.roles import learned

POSTS = ["министр финансов", "губернатор Тульской области", "мэр Казани", "директор завода", "посол Франции"]
FIRST = ["Антон", "Алексей", "Сергей", "Михаил", "Ольга", "Ирина", "Дмитрий"]
LAST = ["Силуанов", "Дюмин", "Петров", "Иванов", "Смирнова", "Орлов", "Волков"]


def sentence(n: int) -> str:
    items = [f"{POSTS[i % len(POSTS)]} {FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}" for i in range(n)]
    return "В совещании приняли участие " + ", ".join(items[:-1]) + " и " + items[-1] + "."


def _work(monkeypatch, n: int) -> tuple[int, int]:
    """(calls inside learned_roles, roles found) for the n-item sentence."""
    calls = [0]
    real = learned.learned_roles

    def counted(*a, **k):
        def prof(frame, event, arg):
            if event in ("call", "c_call"):
                calls[0] += 1
        sys.setprofile(prof)
        try:
            return real(*a, **k)
        finally:
            sys.setprofile(None)

    monkeypatch.setattr(learned, "learned_roles", counted)
    t = pipeline.extract(texts=[sentence(n)])
    return calls[0], len(t["roles"])


def test_roles_work_is_linear_in_a_long_list_sentence(monkeypatch):
    if not learned.available():
        import pytest
        pytest.skip("no role model")
    (w1, r1), (w4, r4), (w16, r16) = (_work(monkeypatch, n) for n in (6, 24, 96))
    # every item is found at every size: the bound costs no holder
    assert r1 >= 5 and r4 >= 22 and r16 >= 90, (r1, r4, r16)
    per = [w1 / 6, w4 / 24, w16 / 96]
    assert per[2] <= 1.3 * per[1], per  # quadratic: 4x
    assert w16 <= 16 * 2.0 * w1, (w1, w16)


def test_inner_posts_is_one_pass_over_distinct_posts():
    """The scorer's WA pairs repeat every post once per person: 150 posts x 150 people used to be
    compared each against each (22,500^2); the distinct posts are walked once."""
    reads = [0]

    class Head:
        def __init__(self, i):
            self._i = i

        @property
        def i(self):
            reads[0] += 1
            return self._i

    def posts(n):
        # "заместителем председателя правительства": an outer post governing an inner one, n times
        out = []
        for k in range(n):
            b = 10 * k
            out += [SimpleNamespace(tokens=(b, b + 3), head=Head(b)), SimpleNamespace(tokens=(b + 1, b + 3), head=Head(b + 1))]
        return out

    small, big = posts(10), posts(160)
    assert learned._inner_posts(small * 10) == {(10 * k + 1, 10 * k + 3) for k in range(10)}
    r_small = reads[0]
    reads[0] = 0
    assert len(learned._inner_posts(big * 160)) == 160
    assert reads[0] <= 16 * 1.5 * r_small, (r_small, reads[0])
