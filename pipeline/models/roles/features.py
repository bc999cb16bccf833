"""Features of a role candidate pair, shared by training (``training/roles_train.py``) and the
``roles`` extractor, so both hash the same strings.

A pair is (a, b) of spans inside a parsed spaCy ``Doc``, as token ranges with a head token:
``WA`` person × profession (NEREL WORKS_AS), ``WP`` person × organisation and ``QP``
profession × organisation (NEREL WORKPLACE). What only the caller knows (the rules' links, the
candidates around the pair) comes in ``extra``.
"""
from __future__ import annotations

from typing import Sequence

from ...resources import fold
from ..relations.features import _path

KINDS = ("WA", "WP", "QP")
MAX_PATH = 4
MAX_BETWEEN = 6  # words between the two spans kept as a bag


def _lemma(tok) -> str:
    return fold(tok.lemma_ or tok.text)


def _case(tok) -> str:
    v = tok.morph.get("Case")
    return v[0] if v else ""


def _prep(tok) -> str:
    for c in tok.children:
        if c.dep_ == "case" and c.i < tok.i:
            return _lemma(c)
    return ""


def _bucket(n: int) -> str:
    n = abs(n)
    return str(n) if n <= 4 else ("8" if n <= 8 else ("15" if n <= 15 else "far"))


def pair_features(kind: str, a: tuple[int, int], b: tuple[int, int], ha, hb,
                  extra: Sequence[str] = (), sent_starts: tuple[int, int] | None = None) -> list[str]:
    """Feature strings of the pair; every one is prefixed with ``kind`` (one weight table holds
    the three scorers). ``sent_starts``: the first token of each end's sentence, when the caller
    knows them (``Token.sent`` walks the sentence on every call)."""
    doc = ha.doc
    sa, sb = sent_starts if sent_starts is not None else (ha.sent.start, hb.sent.start)
    same_sent = sa == sb
    f = ["bias", f"ta={ha.pos_}", f"tb={hb.pos_}", f"lb={_lemma(hb)}", f"la={_lemma(ha)}" if kind == "QP" else "la=-",
         f"da={ha.dep_}", f"db={hb.dep_}", f"dadb={ha.dep_}|{hb.dep_}",
         f"ca={_case(ha)}", f"cb={_case(hb)}", f"cacb={_case(ha)}|{_case(hb)}",
         f"pa={_prep(ha)}", f"pb={_prep(hb)}|{_case(hb)}"]
    if a[0] < b[1] and b[0] < a[1]:  # nested ("председатель правительства Мали" ⊃ "Мали")
        f.append("nested")
        f.append(f"nested_lb={_lemma(hb)}")
        inner = True
    else:
        inner = False
    if not same_sent:
        gap = abs(sa - sb)
        f += ["xsent", f"xdb={hb.dep_}", f"xta={'before' if a[0] < b[0] else 'after'}",
              f"xsubj={any(c.dep_.startswith('nsubj') and c.pos_ == 'PRON' for c in hb.head.children)}"]
        f += [f"x:{e}" for e in extra]
        return [f"{kind}:{x}" for x in f] + [f"{kind}:xgap={min(gap, 200) // 40}"]
    path, n = _path(ha, hb)
    ps = "|".join(path) if n <= MAX_PATH else f"long{min(n, 9)}"
    f += [f"path={ps}", f"short={'|'.join(path[:2])}", f"n={min(n, 9)}", f"plb={ps}|{_lemma(hb)}"]
    before = a[0] < b[0]
    lo, hi = (a[1], b[0]) if before else (b[1], a[0])
    f.append(f"order={'ab' if before else 'ba'}")
    if not inner:
        gap = max(0, hi - lo)
        f += [f"dist={'ab' if before else 'ba'}{_bucket(gap)}"]
        between = [t for t in doc[lo:hi] if not t.is_space]
        punct = "".join(t.text for t in between if t.is_punct)[:4]
        f.append(f"punct={punct}")
        if not between:
            f.append("adjacent")
        elif len(between) == 1:
            f.append(f"one={fold(between[0].text)}")
        for t in between[:MAX_BETWEEN]:
            f.append(f"w={_lemma(t)}")
        if between and len(between) > MAX_BETWEEN:
            f.append("w=<more>")
        if any(t.pos_ == "VERB" or t.pos_ == "AUX" for t in between):
            f.append("verb_between")
            for t in between:
                if t.pos_ in ("VERB", "AUX"):
                    f.append(f"vb={_lemma(t)}")
                    break
    f += list(extra)
    return [f"{kind}:{x}" for x in f]
