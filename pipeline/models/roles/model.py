"""The shipped role scorer: a logistic model over hashed pair features (``features.py``), weights
in ``weights.npz`` beside this file, read with numpy only; thresholds in ``meta.json``."""
from __future__ import annotations

import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from ..relations.features import BUCKETS
from ..relations.model import Linear

HERE = Path(__file__).parent
WEIGHTS = HERE / "weights.npz"
META = HERE / "meta.json"


@lru_cache(maxsize=1)
def meta() -> dict:
    return json.loads(META.read_text(encoding="utf-8")) if META.exists() else {}


class Scorer(Linear):
    """``Linear`` with the rows of all pairs gathered at once and feature ids cached: most
    feature strings recur from pair to pair, and crc32 in Python dominated the scoring."""

    _cache: dict = {}

    def _ids(self, f) -> np.ndarray:
        c = self._cache
        if len(c) > 200_000:
            c.clear()
        out = []
        for x in f:
            i = c.get(x)
            if i is None:
                i = c[x] = zlib.crc32(x.encode("utf-8")) % BUCKETS
            out.append(i)
        return np.asarray(out, dtype=np.int64)

    def proba(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        if not feats:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        ids = [self._ids(f) for f in feats]
        starts = np.cumsum([0] + [len(i) for i in ids[:-1]])
        z = np.add.reduceat(self.W[np.concatenate(ids)], starts, axis=0) + self.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def model() -> Scorer | None:
    """None when no weights ship (the rules alone run)."""
    if not WEIGHTS.exists():
        return None
    z = np.load(WEIGHTS)
    return Scorer(z["W"].astype(np.float32), z["b"].astype(np.float32), ["NO", "YES"])


def threshold(kind: str) -> float:
    return float(meta().get("thresholds", {}).get(kind, 0.5))
