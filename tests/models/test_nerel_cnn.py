"""The NEREL tagger's CNN encoder (``CnnTagger``) computes torch's ``Conv1d`` + ReLU + ``BatchNorm1d``
stack (``training/nerel_train.py``), whatever the sentences are batched with."""
import numpy as np
import pytest

from pipeline.models.nerel import features as F
from pipeline.models.nerel import model as M
from pipeline.models.nerel.tags import LEVELS, TYPES

DILATIONS = (1, 2, 4, 1)
C = 24


@pytest.fixture(scope="module")
def cnn():
    rng = np.random.default_rng(1)
    w = {"hash.weight": rng.normal(size=(F.HASH_BUCKETS, 48)), "shape.weight": rng.normal(size=(len(F.SHAPES), 16)),
         "pos.weight": rng.normal(size=(len(F.POS), 16)), "case.weight": rng.normal(size=(len(F.CASES), 8)),
         "ner.weight": rng.normal(size=(len(F.NER_TAGS), 8))}
    dim = 300 + 48 + 16 + 16 + 8 + 8
    for k, _ in enumerate(DILATIONS):
        w[f"convs.{k}.weight"] = rng.normal(0, dim ** -0.5, (C, dim, 3))
        w[f"convs.{k}.bias"] = rng.normal(0, 0.1, C)
        w[f"norms.{k}.weight"] = rng.uniform(0.5, 1.5, C)
        w[f"norms.{k}.bias"] = rng.normal(0, 0.1, C)
        w[f"norms.{k}.running_mean"] = rng.normal(0, 0.3, C)
        w[f"norms.{k}.running_var"] = rng.uniform(0.5, 2.0, C)
        dim = C
    w["out.weight"] = rng.normal(0, dim ** -0.5, (LEVELS * len(TYPES) * 3, dim))
    w["out.bias"] = rng.normal(0, 0.1, LEVELS * len(TYPES) * 3)
    meta = {"arch": "cnn", "types": list(TYPES), "levels": LEVELS, "dilations": list(DILATIONS), "ner": True}
    return M.CnnTagger(w, meta, M.tagger().pq)


def _feats(rng, n):
    f = np.zeros((n, F.N_COLS), dtype=np.int32)
    f[:, 0] = rng.integers(0, 1000, n)
    f[:, 1:4] = rng.integers(0, F.HASH_BUCKETS, (n, 3))
    f[:, 4] = rng.integers(0, len(F.SHAPES), n)
    f[:, 5] = rng.integers(0, len(F.POS), n)
    f[:, 6] = rng.integers(0, len(F.CASES), n)
    f[:, 7] = rng.integers(0, len(F.NER_TAGS), n)
    return f


def _reference(t, f):
    """One sentence, the layers written out as torch defines them: out[i] = b + sum over taps
    k of W[:, :, k] @ x[i + (k - 1) * d], zero outside the sentence; then ReLU, then batch norm."""
    x = t._embed(f[None].astype(np.int64))[0]
    for k, d in enumerate(DILATIONS):
        W, b = t.w[f"convs.{k}.weight"], t.w[f"convs.{k}.bias"]
        out = np.zeros((len(x), W.shape[0]), dtype=np.float64)
        for i in range(len(x)):
            out[i] = b
            for tap in range(3):
                j = i + (tap - 1) * d
                if 0 <= j < len(x):
                    out[i] += W[:, :, tap] @ x[j]
        out = np.maximum(out, 0)
        g, beta = t.w[f"norms.{k}.weight"], t.w[f"norms.{k}.bias"]
        mean, var = t.w[f"norms.{k}.running_mean"], t.w[f"norms.{k}.running_var"]
        x = (out - mean) / np.sqrt(var + 1e-5) * g + beta
    return (x @ t.w["out.weight"].T + t.w["out.bias"]).reshape(len(x), LEVELS, len(TYPES), 3)


def test_the_cnn_computes_the_layers_as_torch_defines_them(cnn):
    rng = np.random.default_rng(2)
    feats = [_feats(rng, n) for n in (1, 3, 9, 17)]
    feats[3][5] = feats[2][0]  # a repeated feature row (computed once, gathered)
    logits, lens = cnn.logits(feats)
    assert list(lens) == [1, 3, 9, 17]
    for b, f in enumerate(feats):
        want = _reference(cnn, f)
        assert np.abs(logits[b, :len(f)] - want).max() < 1e-3 * max(1.0, np.abs(want).max())


def test_a_sentence_scores_the_same_alone_and_in_a_padded_batch(cnn):
    rng = np.random.default_rng(3)
    f = _feats(rng, 6)
    alone = cnn.tags([f])[0]
    batched = cnn.tags([f, _feats(rng, 30), _feats(rng, 2)])[0]
    assert alone.shape == (6, LEVELS, len(TYPES))
    assert (alone == batched).all()
    assert cnn.spans([f, f]) == cnn.spans([f, f], batch_tokens=6)  # batching by tokens changes nothing


def test_load_picks_the_encoder_from_meta(tmp_path, cnn):
    np.savez(tmp_path / "weights.npz", **cnn.w)
    (tmp_path / "meta.json").write_text(
        '{"arch": "cnn", "types": %s, "levels": %d, "dilations": [1, 2, 4, 1]}'
        % (str(list(TYPES)).replace("'", '"'), LEVELS), encoding="utf-8")
    assert isinstance(M.load(tmp_path / "weights.npz", tmp_path / "meta.json"), M.CnnTagger)
    assert type(M.tagger()) is M.NerelTagger  # the shipped model's meta names no arch: the BiLSTM
