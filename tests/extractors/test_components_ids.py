"""``nlp.pipe(texts)`` gave every document the id ``doc``, so the rows of two documents had the same ids (issue 25)."""
import pytest

from pipeline.nlp import load

TEXTS = ["Губернатор Тульской области Алексей Дюмин открыл завод в Туле.",
         "Мэр Москвы Сергей Собянин открыл парк вчера.",
         "Губернатор Тульской области Алексей Дюмин открыл завод в Туле."]  # the first again: same offsets


@pytest.fixture(scope="module")
def nlp():
    return load()


def test_pipe_gives_every_document_its_own_id(nlp):
    docs = list(nlp.pipe(TEXTS))
    ids = [d._.doc_id for d in docs]
    assert len(set(ids)) == 3 and all(i.startswith("doc_") for i in ids), ids
    numbers = [int(i.rsplit("_", 1)[1]) for i in ids]
    assert numbers == sorted(numbers)  # in the order of the texts
    mention_ids = [m["mention_id"] for d in docs for m in d._.mentions]
    assert mention_ids and len(set(mention_ids)) == len(mention_ids), mention_ids
    for d in docs:
        assert all(r["doc_id"] == d._.doc_id for t in ("mentions", "entities", "dates") for r in getattr(d._, t))


def test_as_tuples_context_gives_the_id_and_the_anchor(nlp):
    pairs = [(t, {"doc_id": f"release-{k}", "anchor": "2025-02-06"}) for k, t in enumerate(TEXTS)]
    out = list(nlp.pipe(pairs, as_tuples=True))
    assert [d._.doc_id for d, _ in out] == ["release-0", "release-1", "release-2"]
    assert [c["doc_id"] for _, c in out] == ["release-0", "release-1", "release-2"]  # the context comes back
    vchera = [r for r in out[1][0]._.dates if r["text"] == "вчера"]
    assert [r["value"] for r in vchera] == ["2025-02-05"]  # resolved against the context's anchor
    assert all(m["mention_id"].startswith("release-2:") for m in out[2][0]._.mentions)


def test_an_id_set_on_the_doc_is_kept(nlp):
    doc = nlp.make_doc(TEXTS[0])
    doc._.doc_id = "mine"
    assert all(m["doc_id"] == "mine" for m in nlp(doc)._.mentions)
