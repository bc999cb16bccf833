"""The HTML report without a browser: escaping, offsets, self-containment."""
import re

import pipeline
from pipeline.report.html import highlight, render_html


def test_highlight_escapes_text_and_keeps_offsets():
    text = "<b>Газпром</b> & «Сбер»"
    s = text.index("Газпром")
    out = highlight(text, [(s, s + 7, "ent ent-ORG", "ORG", 'ORG: "Газпром"'), (0, 3, "date", "date", "x"),
                           (s + 2, s + 4, "date", "date", "overlaps, skipped"), (5, 999, "date", "date", "out of range")])
    assert "<b>" not in out
    assert out.count("<mark") == 2
    assert '<mark class="ent ent-ORG" title="ORG: &quot;Газпром&quot;">Газпром<span class="lbl">ORG</span></mark>' in out
    assert re.sub(r"<[^>]+>", "", out.replace('<span class="lbl">ORG</span>', "").replace('<span class="lbl">date</span>', "")) \
        == "&lt;b&gt;Газпром&lt;/b&gt; &amp; «Сбер»"


def test_report_is_self_contained_and_highlights_every_document(tmp_path):
    texts = {"a": "Мэр Москвы Сергей Собянин 12 марта 2021 года встретился с главой ПАО «Сбербанк» <Германом Грефом>.",
             "b": "Сбер открыл офис в Москве."}
    pipeline.extract(texts, out=tmp_path / "out", workers=1)
    page = render_html(tmp_path / "out")
    assert page.startswith("<!DOCTYPE html>") and "<title>rupress report" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched
    assert "<Германом" not in page and "&lt;<mark" in page and "&gt;." in page
    assert page.count('class="doc"') == 2
    assert 'class="ent ent-PER"' in page and 'class="date"' in page and 'id="timeline"' in page
    assert "Сбербанк" in page.split("<h2>Documents</h2>")[0]  # the corpus entity in the summary
