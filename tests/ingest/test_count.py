"""The quick pre-count behind the progress bar's total."""
import zipfile

from pipeline.ingest import iter_inputs
from pipeline.ingest.count import estimate_documents


def test_the_estimate_counts_files_lines_and_members(tmp_path):
    (tmp_path / "a.txt").write_text("Мэр Москвы выступил.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Текст.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("не читается", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "feed.jsonl").write_text('{"id": 1, "text": "а"}\n\n{"id": 2, "text": "б"}\n{"id": 3, "text": "в"}',
                                         encoding="utf-8")
    (tmp_path / "rows.csv").write_text("id,text\n1,а\n2,б\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pack.zip", "w") as z:
        z.writestr("x.txt", "Текст один.")
        z.writestr("y.txt", "Текст два.")
        z.writestr("readme.pdf", "not read")
    expected = 1 + 1 + 3 + 2 + 2
    assert estimate_documents([tmp_path]) == expected
    # the estimate is what the reader then yields, on input without surprises
    assert len(list(iter_inputs([tmp_path]))) == expected


def test_a_missing_input_counts_as_its_one_error_row(tmp_path):
    assert estimate_documents([tmp_path / "nope", tmp_path]) == 1
