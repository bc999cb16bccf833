"""Main-text, title and publication-date extraction from HTML pages (selectolax/lexbor)."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from ..resources import words
from .html_depth import cap_depth, tag_kinds
from .published import normalize_date

__all__ = ["extract_html"]

_DROP_TAGS = tag_kinds("drop")  # never part of the main text, wherever they appear
_BLOCK_TAGS = tag_kinds("block")
_CELL_TAGS = tag_kinds("cell")
_DROP_ROLES = words("html/drop_roles")
# Matched against whole class/id tokens (split on - _ and spaces), so "article-header" is kept.
_BOILERPLATE_TOKENS = words("html/boilerplate_tokens")
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; NBSP is content and stays
_SPACES = re.compile(r" {2,}")

_BR = object()
_CELL = object()

# Meta keys (name/property/itemprop, lower-cased) holding the publication date, best first.
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{4,64})"')


def extract_html(html: str) -> tuple[str, str | None, str | None]:
    """Return (main text, title, published_at) of an HTML page.

    Paragraphs are separated by a blank line; navigation, headers/footers outside the article,
    scripts, forms and similar boilerplate are left out. ``published_at`` is ISO 8601 or None.
    """
    parser = LexborHTMLParser(cap_depth(html))  # deep nesting would cost the parser ~n^2
    metas = _meta_map(parser)
    title = _title(parser, metas)
    container = _container(parser)
    text = _render(container) if container is not None else ""
    published = _published(parser, metas, container)
    return text, title, published


def _attrs(node) -> dict:
    try:
        return node.attributes
    except Exception:  # malformed attribute bytes must not stop extraction
        return {}


def _meta_map(parser) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in parser.css("meta"):
        a = _attrs(m)
        content = a.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = a.get(attr)
            if key:
                out.setdefault(key.strip().lower(), content.strip())
    return out


def _clean_inline(s: str | None) -> str | None:
    if not s:
        return None
    s = _WS.sub(" ", s).strip()
    return s or None


def _title(parser, metas: dict[str, str]) -> str | None:
    t = _clean_inline(metas.get("og:title"))
    if t:
        return t
    node = parser.css_first("title")
    if node is not None:
        t = _clean_inline(node.text(deep=True))
        if t:
            return t
    node = parser.css_first("h1")
    if node is not None:
        return _clean_inline(node.text(deep=True))
    return None


def _published(parser, metas: dict[str, str], container) -> str | None:
    for key in _DATE_KEYS:
        value = metas.get(key)
        if value:
            d = normalize_date(value)
            if d:
                return d
    for script in parser.css('script[type="application/ld+json"]'):
        m = _JSONLD_DATE.search(script.text(deep=True) or "")
        if m:
            d = normalize_date(m.group(1))
            if d:
                return d
    selectors = ('[itemprop="datePublished"]', "time[pubdate]")
    for sel in selectors:
        for node in parser.css(sel):
            a = _attrs(node)
            d = normalize_date(a.get("datetime") or a.get("content") or node.text(deep=True) or "")
            if d:
                return d
    scopes = ([container] if container is not None else []) + [parser.root]
    for scope in scopes:
        if scope is None:
            continue
        for node in scope.css("time"):
            d = normalize_date(_attrs(node).get("datetime") or node.text(deep=True) or "")
            if d:
                return d
    return None


def _skip(node, tag: str, in_article: bool) -> bool:
    if tag in _DROP_TAGS or tag == "footer":
        return True
    if tag == "header" and not in_article:
        return True
    a = _attrs(node)
    if not a:
        return False
    if "hidden" in a or (a.get("aria-hidden") or "").lower() == "true":
        return True
    if (a.get("role") or "").strip().lower() in _DROP_ROLES:
        return True
    style = a.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    for key in ("class", "id"):
        value = a.get(key)
        if value and not _BOILERPLATE_TOKENS.isdisjoint(_TOKEN_SPLIT.split(value.lower())):
            return True
    return False


def _children(node) -> list:
    out = []
    c = node.child
    while c is not None:
        out.append(c)
        c = c.next
    return out


def _render(root) -> str:
    """Visible text of ``root``: blocks separated by a blank line, <br> as a newline."""
    blocks: list[str] = []
    pieces: list = []

    def flush() -> None:
        if not pieces:
            return
        para = _assemble(pieces)
        pieces.clear()
        if para:
            blocks.append(para)

    stack: list = [(root, False, root.tag == "article")]
    while stack:
        node, exiting, in_article = stack.pop()
        if exiting:
            flush()
            continue
        tag = node.tag or ""
        if tag == "-text":
            pieces.append(node.text_content or "")
            continue
        if tag.startswith("-") or tag.startswith("!") or tag.startswith("_"):
            continue  # comments, doctype
        if node is not root and _skip(node, tag, in_article):
            continue
        if tag == "br":
            pieces.append(_BR)
            continue
        if tag == "pre":
            flush()
            raw = (node.text(deep=True) or "").strip("\r\n")
            if raw.strip():
                blocks.append(raw)
            continue
        if tag in _CELL_TAGS:
            pieces.append(_CELL)
        inner = in_article or tag == "article"
        if tag in _BLOCK_TAGS:
            flush()
            stack.append((node, True, in_article))
        stack.extend((c, False, inner) for c in reversed(_children(node)))
    flush()
    return "\n\n".join(blocks)


def _assemble(pieces: list) -> str:
    out: list[str] = []
    buf: list[str] = []

    def take() -> None:
        if buf:
            out.append(_SPACES.sub(" ", _WS.sub(" ", "".join(buf))))
            buf.clear()

    for p in pieces:
        if p is _BR:
            take()
            out.append("\n")
        elif p is _CELL:
            take()
            out.append("\t")
        else:
            buf.append(p)
    take()
    lines = [ln.strip(" \t") for ln in "".join(out).split("\n")]
    # A run of <br> tags acts as a paragraph break.
    para: list[str] = []
    gap = False
    for ln in lines:
        if not ln:
            gap = bool(para)
            continue
        if para:
            para.append("\n\n" if gap else "\n")
        para.append(_SPACES.sub(" ", ln.replace("\t", " \t ")).replace(" \t ", "\t").strip("\t"))
        gap = False
    return "".join(para)


def _container(parser):
    body = parser.body
    if body is None:
        return parser.root
    body_len = len(_render(body))
    best, best_len = None, -1
    for art in parser.css("article"):
        n = len(_render(art))
        if n > best_len:
            best, best_len = art, n
    if best is not None and best_len > 0 and (best_len >= 0.2 * body_len or body_len < 500):
        return best
    for sel in ("main", '[role="main"]', '[itemprop="articleBody"]'):
        node = parser.css_first(sel)
        if node is not None and len(_render(node)) > 0:
            return node
    return body

