"""The shipped relation models: linear (multinomial logistic) scorers over hashed features,
weights in ``weights.npz`` beside this file, read with numpy only (no training code at run time)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .features import hash_ids

HERE = Path(__file__).parent
WEIGHTS = HERE / "weights.npz"
META = HERE / "meta.json"


class Linear:
    """Softmax over ``classes``; ``W`` is (buckets, classes) float32, ``b`` (classes,)."""

    def __init__(self, W: np.ndarray, b: np.ndarray, classes: Sequence[str]):
        self.W, self.b, self.classes = W, b, list(classes)

    def proba(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        if not feats:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        # one gather for all rows, then each row's sum over its own contiguous slice: the same
        # call on the same values as ``W[ids].sum(axis=0)`` per row, so the same scores to the bit
        ends = np.cumsum(np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))).tolist()
        G = self.W[hash_ids([f for row in feats for f in row])]
        zero = np.zeros(self.W.shape[1], dtype=self.W.dtype)
        z = np.stack([G[s:e].sum(axis=0) if e > s else zero for s, e in zip([0] + ends[:-1], ends)]) + self.b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def meta() -> dict:
    return json.loads(META.read_text(encoding="utf-8")) if META.exists() else {}


@lru_cache(maxsize=1)
def models() -> dict[str, Linear]:
    """name -> model ("trigger", "argument"); empty when no weights ship (rules alone run)."""
    if not WEIGHTS.exists():
        return {}
    z = np.load(WEIGHTS)
    m = meta()
    out = {}
    for name, spec in m.get("models", {}).items():
        out[name] = Linear(z[f"{name}_W"].astype(np.float32), z[f"{name}_b"].astype(np.float32),
                           spec["classes"])
    return out


def available() -> bool:
    return bool(models())
