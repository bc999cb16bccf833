"""The shipped role scorer: a logistic model over hashed pair features (``features.py``), weights
in ``weights.npz`` beside this file, read with numpy only; thresholds in ``meta.json``."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..relations.model import Linear

HERE = Path(__file__).parent
WEIGHTS = HERE / "weights.npz"
META = HERE / "meta.json"


@lru_cache(maxsize=1)
def meta() -> dict:
    return json.loads(META.read_text(encoding="utf-8")) if META.exists() else {}


@lru_cache(maxsize=1)
def model() -> Linear | None:
    """None when no weights ship (the rules alone run)."""
    if not WEIGHTS.exists():
        return None
    z = np.load(WEIGHTS)
    return Linear(z["W"].astype(np.float32), z["b"].astype(np.float32), ["NO", "YES"])


def threshold(kind: str) -> float:
    return float(meta().get("thresholds", {}).get(kind, 0.5))
