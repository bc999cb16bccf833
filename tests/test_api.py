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


@pytest.mark.parametrize("kwargs, line", [
    ({"anchor_date": "garbage"}, "anchor_date must be an ISO date such as 2021-03-12, not 'garbage'"),
    ({"entity_spans": "wide"}, "entity_spans: 'wide' is not one of 'full', 'name'"),
    ({"extractors": ["roles"]}, "extractor 'roles' needs 'entities'; add it to the selection"),
])
def test_python_callers_and_the_cli_get_the_same_one_line_error(kwargs, line, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    with pytest.raises(pipeline.OptionError) as err:
        pipeline.extract(texts=["Мэр Казани открыл школу."], **kwargs)
    assert str(err.value) == line
    (tmp_path / "a.txt").write_text("Мэр Казани открыл школу.", encoding="utf-8")
    option, value = next(iter(kwargs.items()))
    flag = "--" + option.replace("_", "-")
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(tmp_path / "a.txt"), "--out",
                        str(tmp_path / "o"), flag, value if isinstance(value, str) else ",".join(value)],
                       capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert r.returncode == 2
    want = err.value.cli_text()
    assert r.stderr.strip().splitlines() == [f"rupress: error: {want}"]
    assert want.startswith(flag) and want.endswith(line.removeprefix(option))
