"""A linear pre-pass that caps HTML nesting depth before parsing.

lexbor, like every HTML5 tree builder, scans its stack of open elements on many start tags
("a <p> in button scope?"), so n nested elements cost ~n^2 (100k nested <div>s: tens of seconds).
Past ``MAX_DEPTH`` open elements the tags are removed and their text kept; a block tag becomes
``<br><br>`` so its paragraphs stay apart. Pages that cannot reach the depth are returned as is.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import table

MAX_DEPTH = 512


@lru_cache(maxsize=None)
def tag_kinds(kind: str) -> frozenset[str]:
    """The tags ``resources/html/tags.tsv`` gives ``kind`` (drop, block, cell, void, raw, sibling, break)."""
    return frozenset(r["tag"] for r in table("html/tags") if kind in r["kinds"].split(","))


_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_VOID = tag_kinds("void")
# Their content is raw text up to the closing tag (a "<div>" in a script is not a tag).
_RAW = tag_kinds("raw")
# These close their previous sibling instead of nesting in it, so they add no depth.
_SIBLING = tag_kinds("sibling")
_BREAK = tag_kinds("break")


def cap_depth(html: str, max_depth: int = MAX_DEPTH) -> str:
    """``html`` with no element nested deeper than ``max_depth`` (one forward scan)."""
    if html.count("<") <= max_depth:
        return html  # cannot nest that deep: the common case costs one count
    out: list[str] = []
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    n = len(html)
    pos = emitted = 0
    gt = -1
    while True:
        lt = html.find("<", pos)
        if lt < 0:
            break
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
            continue
        if gt <= lt:  # one search per ">", however many "<" come before it
            gt = html.find(">", lt + 1)
            if gt < 0:
                break
        m = _TAG.match(html, lt)
        if m is None or m.end() > gt + 1:
            pos = lt + 1
            continue
        closing, name = m.group(1), m.group(2).lower()
        after = gt + 1
        drop = False
        if not closing and name in _RAW:
            end = _find_close(html, name, after)
            if end < 0:
                break  # the rest of the page is raw text
            after = end
        elif closing:
            if dropped.get(name):
                dropped[name] -= 1
                drop = True
            elif open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
        elif name not in _VOID and name not in _SIBLING and html[gt - 1] != "/":
            if len(stack) >= max_depth:
                dropped[name] = dropped.get(name, 0) + 1
                drop = True
            else:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
        if drop:
            out.append(html[emitted:lt])
            out.append(_replacement(name))
            emitted = after
        pos = after
    if not out:
        return html
    out.append(html[emitted:])
    return "".join(out)


def _replacement(name: str) -> str:
    return "<br><br>" if name in _BREAK else ""


def _find_close(html: str, name: str, start: int) -> int:
    """Start of the ``</name`` that ends a raw-text element, case-insensitively, or -1."""
    pattern = re.compile(r"</" + re.escape(name) + r"[\s/>]", re.I)
    m = pattern.search(html, start)
    return -1 if m is None else m.start()
