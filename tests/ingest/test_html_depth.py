"""Issue 13: HTML nesting depth costs linear work. lexbor scans its stack of open elements on
many start tags, so 100k nested elements cost ~n^2; the parser must never see nesting deeper
than html.MAX_DEPTH. Work is counted as the depth of the tree the parser builds, never as time."""
from pipeline.ingest import html as html_mod
from pipeline.ingest.html import extract_html

LIMIT = 512  # the documented cap (docs/security.md, pipeline/ingest/html_depth.py)


def _tree_depth(parser) -> int:
    deepest, stack = 0, [(parser.root, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        c = node.child
        while c is not None:
            stack.append((c, d + 1))
            c = c.next
    return deepest


def _recording(monkeypatch):
    depths = []
    real = html_mod.LexborHTMLParser

    def parser(text):
        p = real(text)
        depths.append(_tree_depth(p))
        return p
    monkeypatch.setattr(html_mod, "LexborHTMLParser", parser)
    return depths


def test_100k_nested_divs_parse_at_bounded_depth(monkeypatch):
    depths = _recording(monkeypatch)
    n = 100_000
    text, _, _ = extract_html("<html><body>" + "<div>" * n + "<p>Глубоко внутри.</p>" + "</div>" * n
                              + "<p>После.</p></body></html>")
    assert depths and max(depths) <= LIMIT + 8
    assert text == "Глубоко внутри.\n\nПосле."


def test_deep_inline_and_unclosed_nesting_is_bounded(monkeypatch):
    depths = _recording(monkeypatch)
    n = 50_000
    text, _, _ = extract_html("<body>" + "<span><b>" * n + "слово" + "<div>" * n + " ещё")
    assert max(depths) <= LIMIT + 8
    assert text == "слово\n\nещё"


def test_shallow_pages_are_parsed_unchanged(monkeypatch):
    seen = []
    real = html_mod.LexborHTMLParser
    monkeypatch.setattr(html_mod, "LexborHTMLParser", lambda t: (seen.append(t), real(t))[1])
    page = ("<html><head><title>Т</title><script>if (a<b) x='<div>';</script></head><body>"
            + "<div>" * 400 + "<p>Текст<br>строка</p><!-- <div> -->" + "</div>" * 400 + "</body></html>")
    text, title, _ = extract_html(page)
    assert seen == [page] and title == "Т" and text == "Текст\nстрока"


def test_text_past_the_depth_keeps_its_paragraphs_and_skips_scripts():
    n = 2_000
    page = ("<body>" + "<div>" * n + "<p>Один.</p><script>var s = '<div><div>';</script><p>Два.</p>"
            + "</div>" * n + "</body>")
    text, _, _ = extract_html(page)
    assert text == "Один.\n\nДва."


def test_the_tag_kinds_come_from_the_data_file_and_keep_html5s_void_and_raw_sets_apart():
    from pipeline.ingest.html_depth import tag_kinds

    assert {"br", "img", "meta"} <= tag_kinds("void")
    assert {"script", "style", "textarea"} <= tag_kinds("raw")
    assert not tag_kinds("void") & tag_kinds("raw")
    assert "div" in tag_kinds("break") and "div" not in tag_kinds("sibling")
    assert tag_kinds("no-such-kind") == frozenset()
