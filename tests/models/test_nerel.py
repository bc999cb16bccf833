"""The NEREL tagger: features, tag decoding, the numpy BiLSTM against a plain loop, and the shipped
weights in the pipeline (sentences written for these tests)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.models.nerel import features as F
from pipeline.models.nerel.model import META, WEIGHTS, NerelTagger, read_meta
from pipeline.models.nerel.tags import B, I, LEVELS, TYPES, decode


def test_shapes_and_hashes_are_fixed():
    assert F.shape("Москва") == "cXx"
    assert F.shape("МВД") == "cX"
    assert F.shape("iPhone") == "lxX"
    assert F.shape("«") == "p«"
    assert F.shape("2024") == "d"
    assert F.shape("Нью-Йорк") == "cX-"
    assert F.hashes("Ёлка") == F.hashes("елка")
    assert all(0 <= h < F.HASH_BUCKETS for h in F.hashes("министр"))


def test_featurize_word_columns_cached_and_tag_columns_per_token():
    vocab = {"москва": 7}

    class V(dict):
        unk_id = 1

    v = V(vocab)
    rows = [("Москва", "PROPN", "Nom", "B-LOC"), ("Москва", "NOUN", "Gen", "O"), ("«", "PUNCT", "", "O")]
    got = F.featurize(v, rows)
    assert got.dtype == np.int32 and got.shape == (3, F.N_COLS)
    assert (got[0, :5] == got[1, :5]).all() and (got[0, 8:] == got[1, 8:]).all()  # the word's own columns
    assert got[0, 0] == 7 and got[2, 0] == 1  # navec id, unknown word
    assert list(got[0, 5:8]) == [F.POS_ID["PROPN"], F.CASE_ID["Nom"], F.NER_ID["B-LOC"]]
    assert list(got[1, 5:8]) == [F.POS_ID["NOUN"], F.CASE_ID["Gen"], F.NER_ID["O"]]
    assert list(got[0, 1:4]) == list(F.hashes("Москва")) and got[0, 4] == F.SHAPE_ID["cXx"]
    assert list(got[0, 8:14]) == F.char_ids("Москва") and not got[0, 14:].any()


def test_decode_layers_and_stray_inside_tags():
    tags = np.zeros((5, LEVELS, len(TYPES)), dtype=np.uint8)
    prof = TYPES.index("PROFESSION")
    tags[0, 0, prof], tags[1:3, 0, prof] = B, I      # outer span 0..3
    tags[0, 1, prof] = B                              # nested one-token span 0..1
    tags[4, 0, TYPES.index("CITY")] = I               # an I with no B starts a span
    assert sorted(decode(tags)) == [(0, 1, 1, prof), (0, 3, 0, prof), (4, 5, 0, TYPES.index("CITY"))]


class _PQ:
    """navec's table in miniature: 6 words, 2 sub-vectors of 2 dims."""

    def __init__(self, rng):
        self.vectors, self.dim, self.qdim = 6, 4, 2
        self.qdims = np.arange(2)
        self.indexes = rng.integers(0, 3, size=(6, 2))
        self.codes = rng.normal(size=(2, 3, 2)).astype(np.float32)


def _tiny_tagger(rng, hidden=3):
    in_dim = 4 + 48 + 16 + 16 + 8 + 8
    w = {"hash.weight": rng.normal(size=(F.HASH_BUCKETS, 48)) * 0.1,
         "shape.weight": rng.normal(size=(len(F.SHAPES), 16)), "pos.weight": rng.normal(size=(len(F.POS), 16)),
         "case.weight": rng.normal(size=(len(F.CASES), 8)), "ner.weight": rng.normal(size=(len(F.NER_TAGS), 8)),
         "out.weight": rng.normal(size=(LEVELS * len(TYPES) * 3, 2 * hidden)), "out.bias": rng.normal(size=LEVELS * len(TYPES) * 3)}
    for sfx in ("", "_reverse"):
        w[f"lstm.weight_ih_l0{sfx}"] = rng.normal(size=(4 * hidden, in_dim)) * 0.3
        w[f"lstm.weight_hh_l0{sfx}"] = rng.normal(size=(4 * hidden, hidden))
        w[f"lstm.bias_ih_l0{sfx}"] = rng.normal(size=4 * hidden)
        w[f"lstm.bias_hh_l0{sfx}"] = rng.normal(size=4 * hidden)
    meta = {"layers": 1, "hidden": hidden, "types": list(TYPES), "levels": LEVELS}
    return NerelTagger(w, meta, _PQ(rng))


def _loop_lstm(X, wih, whh, b):
    H = whh.shape[1]
    h, c, out = np.zeros(H), np.zeros(H), []
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    for x in X:
        g = wih @ x + whh @ h + b
        i, f, gg, o = sig(g[:H]), sig(g[H:2 * H]), np.tanh(g[2 * H:3 * H]), sig(g[3 * H:])
        c = f * c + i * gg
        h = o * np.tanh(c)
        out.append(h)
    return np.array(out)


def test_batched_bilstm_equals_a_loop_per_sentence():
    rng = np.random.default_rng(0)
    t = _tiny_tagger(rng)
    sents = [rng.integers(0, 5, size=(n, 8)) for n in (5, 2, 7)]
    for s in sents:
        s[:, 4:] = s[:, 4:] % 3
    lens = np.array([len(s) for s in sents])
    x = np.zeros((3, 7, 8), dtype=np.int64)
    for k, s in enumerate(sents):
        x[k, :len(s)] = s
    X = t._embed(x)
    fwd = t._direction(X, lens, *t.lstm[0][0], reverse=False)
    bwd = t._direction(X, lens, *t.lstm[0][1], reverse=True)
    w = t.w
    for k, n in enumerate(lens):
        ref_f = _loop_lstm(X[k, :n], w["lstm.weight_ih_l0"], w["lstm.weight_hh_l0"],
                           w["lstm.bias_ih_l0"] + w["lstm.bias_hh_l0"])
        ref_b = _loop_lstm(X[k, :n][::-1], w["lstm.weight_ih_l0_reverse"], w["lstm.weight_hh_l0_reverse"],
                           w["lstm.bias_ih_l0_reverse"] + w["lstm.bias_hh_l0_reverse"])[::-1]
        np.testing.assert_allclose(fwd[k, :n], ref_f, atol=1e-5)
        np.testing.assert_allclose(bwd[k, :n], ref_b, atol=1e-5)
    # the first layer's projection taken per distinct feature row is the whole batch's
    G = X @ t.lstm[0][0][0] + t.lstm[0][0][2]
    np.testing.assert_allclose(t._direction(None, lens, *t.lstm[0][0], reverse=False, G=G), fwd, atol=1e-6)
    Gb = X @ t.lstm[0][1][0] + t.lstm[0][1][2]
    np.testing.assert_allclose(t._direction(None, lens, *t.lstm[0][1], reverse=True, G=Gb), bwd, atol=1e-6)
    # batching does not change a sentence's tags
    alone = [t.tags([s])[0] for s in sents]
    together = t.tags(sents)
    for a, b in zip(alone, together):
        assert (a == b).all()


def test_shipped_weights_are_small_and_match_the_tags():
    assert WEIGHTS.exists() and WEIGHTS.stat().st_size < 60 * 2 ** 20
    meta = read_meta(META)
    assert tuple(meta["types"]) == TYPES and meta["levels"] == LEVELS


TEXT = ("Министр финансов Андрей Кольцов 14 марта 2023 года выступил на форуме «Финансовый конгресс» "
        "в Санкт-Петербурге. Компания «Северный ветер» выпустила смартфон Ветер-5 стоимостью 20 тысяч рублей.")


@pytest.fixture(scope="module")
def tables():
    from pipeline import Document, Options, process

    return process([Document(doc_id="t", text=TEXT, source="t")], Options(extractors=("entities",)))


def test_pipeline_component_sets_nested_spans():
    from pipeline.nlp import NATASHA_COMPONENTS, shared

    assert "rupress_nerel" in NATASHA_COMPONENTS
    doc = shared()(TEXT)
    labels = {s.label_ for s in doc.spans["nerel"]}
    assert labels <= set(TYPES)
    assert "PROFESSION" in labels and "PERSON" in labels


def test_mentions_get_new_labels_and_a_nested_flag(tables):
    m = tables["mentions"]
    got = {(t, lab) for t, lab in zip(m["text"], m["label"])}
    assert any(lab == "PROFESSION" and t.lower().startswith("министр") for t, lab in got)
    assert ("Андрей Кольцов", "PER") in got
    assert any(lab == "DATE" and "марта" in t for t, lab in got)
    assert any(lab == "MONEY" and "рублей" in t for t, lab in got)
    new = m[~m["label"].isin(["PER", "ORG", "LOC"])]
    assert new["entity_id"].isna().all() and (new["source"] == "nerel").all()
    assert str(m["nested"].dtype) == "boolean" and m["nested"].notna().all()
    flat = m[~m["nested"]].sort_values("start")
    starts, ends = flat["start"].tolist(), flat["end"].tolist()
    assert all(e <= s for e, s in zip(ends, starts[1:]))  # the flat layer never overlaps
    prof = m[m["label"] == "PROFESSION"]
    assert prof["normal"].str.lower().str.startswith("министр").any()
