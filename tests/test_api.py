"""The Python API: what ``extract`` takes for a path and what for a text."""
import pytest

import pipeline


def test_a_path_like_string_that_does_not_exist_is_refused(tmp_path):
    missing = str(tmp_path / "raww")
    with pytest.raises(FileNotFoundError, match="raww"):
        pipeline.extract([missing])
    with pytest.raises(FileNotFoundError, match="notes.txt"):
        pipeline.extract("notes.txt")


def test_texts_keyword_never_takes_a_string_for_a_path(tmp_path):
    (tmp_path / "a.txt").write_text("Мэр Москвы Сергей Собянин открыл парк.", encoding="utf-8")
    t = pipeline.extract(texts=[str(tmp_path / "a.txt"), "data/raww"])
    docs = t["documents"]
    assert list(docs["text"]) == [str(tmp_path / "a.txt"), "data/raww"]
    assert list(docs["doc_id"]) == ["doc-000001", "doc-000002"]
    t = pipeline.extract(texts={"x": "Мэр Москвы Сергей Собянин открыл парк."})
    assert "Сергей Собянин" in set(t["mentions"]["text"])


def test_a_plain_sentence_is_still_a_text():
    t = pipeline.extract(["Министр финансов Антон Силуанов выступил в Москве."])
    assert len(t["documents"]) == 1 and t["documents"]["status"].iloc[0] == "ok"


def test_paths_and_texts_keyword_together_is_an_error():
    with pytest.raises(ValueError):
        pipeline.extract(["x"], texts=["y"])
    with pytest.raises(ValueError):
        pipeline.extract()
