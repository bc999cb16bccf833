"""Issue 13, smaller cases of the reading stage: NaN/Infinity in title or url are null, and a
duplicate zip member's message names the first entry, not itself as a different source."""
import zipfile

from pipeline.ingest import iter_inputs
from pipeline.types import Document

TEXT = "Мэр Москвы Сергей Собянин открыл парк."


def test_nan_and_infinity_in_title_or_url_are_null(tmp_path):
    p = tmp_path / "f.jsonl"
    p.write_text('{"id": "a", "text": "%s", "title": NaN, "url": Infinity}\n'
                 '{"id": "b", "text": "%s", "title": -Infinity, "url": 7}\n' % (TEXT, TEXT), encoding="utf-8")
    docs = [d for d in iter_inputs([str(p)]) if isinstance(d, Document)]
    assert [(d.doc_id, d.title, d.url) for d in docs] == [("a", None, None), ("b", None, "7")]


def test_duplicate_zip_member_message_names_the_first(tmp_path):
    p = tmp_path / "a.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("x.txt", TEXT)
        z.writestr("x.txt", TEXT + " Ещё.")
    items = list(iter_inputs([str(p)]))
    errs = [i for i in items if not isinstance(i, Document)]
    assert len(errs) == 1 and errs[0].error == "duplicate_id"
    assert "earlier" in errs[0].message and "already used by" in errs[0].message
    assert f"already used by {errs[0].source};" not in errs[0].message  # not named as if another source
