"""The batched relation scorer gives exactly what one gather and sum per row gives."""
import random

import numpy as np
import pytest

from pipeline.models.relations import features
from pipeline.models.relations.model import Linear, models


def _rows(m: Linear, feats):
    z = np.stack([m.W[features.hash_ids(f)].sum(axis=0) for f in feats]) + m.b
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _feats(rng, n):
    # empty rows included: they must score as the bias alone
    return [[f"f{rng.randint(0, 5000)}" for _ in range(rng.randint(0, 40))] for _ in range(n)]


def test_batched_proba_is_bitwise_the_per_row_sum():
    rng = random.Random(7)
    W = np.random.default_rng(7).normal(size=(features.BUCKETS, 6)).astype(np.float32)
    m = Linear(W, np.arange(6, dtype=np.float32), list("abcdef"))
    feats = _feats(rng, 500)
    assert np.array_equal(m.proba(feats), _rows(m, feats))


@pytest.mark.skipif(not models(), reason="no relation weights ship")
def test_shipped_models_score_the_same_batched():
    rng = random.Random(3)
    for m in models().values():
        feats = _feats(rng, 300)
        assert np.array_equal(m.proba(feats), _rows(m, feats))


def test_feature_ids_are_the_crc32_buckets():
    import zlib

    for f in ("bias", "l=мэр", "p=NOUN", "l=мэр"):  # the second "l=мэр" comes from the cache
        assert features.feature_id(f) == zlib.crc32(f.encode("utf-8")) % features.BUCKETS
