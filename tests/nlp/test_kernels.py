"""``pipeline/nlp/kernels.py`` computes what slovnet's own forward pass computes, on its weights."""
import numpy as np
import pytest

from pipeline.nlp import kernels
from pipeline.nlp.batching import _encode
from pipeline.nlp.models import morph_model, ner_model, syntax_model

SENTENCES = [
    "Министр финансов Антон Силуанов встретился в Вашингтоне с главой Всемирного банка .".split(),
    "Сделка закрыта 9 апреля 2020 года , её сумма составила 1,2 млрд рублей .".split(),
    "В Казани открылся форум «Цифровая индустрия» .".split(),
    ["Да", "."],
]


def _slovnet(model):
    m = model.infer.model
    return m.model if isinstance(m, kernels.FastTagger) else m


def _inputs(model, items):
    enc = model.infer.encoder
    return enc.input([_encode(enc, words, {}) for words in items])


@pytest.mark.parametrize("load", [ner_model, morph_model, syntax_model])
def test_the_encoder_matches_slovnets_on_real_and_random_inputs(load):
    model = load()
    slow = _slovnet(model)
    fast = kernels.FastTagger(slow)
    x = _inputs(model, SENTENCES)
    want = slow.encoder(slow.emb(x.word_id, x.shape_id), x.pad_mask)
    got = fast.encode(x.word_id, x.shape_id, x.pad_mask)
    assert got.shape == want.shape
    assert np.abs(got - want).max() < 1e-4 * max(1.0, np.abs(want).max())
    assert not got[x.pad_mask].any()  # padding is zero, as slovnet leaves it
    rng = np.random.default_rng(0)
    words = rng.integers(0, slow.emb.word.indexes.array.shape[0], size=(3, 17))
    shapes = rng.integers(0, slow.emb.shape.weight.array.shape[0], size=(3, 17))
    pad = np.zeros((3, 17), dtype=bool)
    pad[1, 9:] = pad[2, 2:] = True
    want = slow.encoder(slow.emb(words, shapes), pad)
    got = fast.encode(words, shapes, pad)
    assert np.abs(got - want).max() < 1e-4 * max(1.0, np.abs(want).max())


@pytest.mark.parametrize("load", [ner_model, morph_model, syntax_model])
def test_decoded_outputs_are_slovnets(load):
    model = load()
    infer = model.infer
    x = _inputs(model, SENTENCES)
    fast_model = infer.model
    assert isinstance(fast_model, kernels.FastTagger)  # the pipeline's models run the fast pass
    got = list(infer.process([x]))
    infer.model = _slovnet(model)
    try:
        want = list(infer.process([x]))
    finally:
        infer.model = fast_model
    assert len(got) == len(want) == len(SENTENCES)
    for g, w in zip(got, want):
        if isinstance(w, tuple):
            assert all(np.array_equal(a, b) for a, b in zip(g, w))
        else:
            assert np.array_equal(np.asarray(g), np.asarray(w))


def test_speed_up_is_idempotent():
    model = ner_model()
    inner = model.infer.model
    assert kernels.speed_up(model).infer.model is inner
