"""``rupress report OUT --html FILE``: one self-contained HTML file (inline CSS, JS and SVG; nothing fetched).

A corpus summary (documents, mentions per label, top organisations, people and places across the
corpus, events per type, a timeline of dated events), then every document's text with its mentions,
dates and event triggers highlighted from rupress's own tables, beside its roles and events.
Every offset is into ``documents.text``; every piece of text is HTML-escaped.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from ..tables import load
from .entities import top_entities

LABEL_COLOURS = {"PER": "#f7c873", "ORG": "#9cc9f5", "LOC": "#a9e2a1"}
TYPE_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                "#9c755f", "#bab0ac", "#8cd17d", "#499894"]

CSS = """
body{font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#23395d;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1400px}h2{border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #e3e3e3;border-radius:6px;
padding:10px 14px;min-width:140px}.card b{display:block;font-size:22px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
table{border-collapse:collapse;background:#fff;width:100%}td,th{border:1px solid #e3e3e3;padding:3px 6px;
text-align:left;vertical-align:top;font-size:13px}th{background:#f0f3f7}
.doc{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;background:#fff;
border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:14px 0}
.doc h3{grid-column:1/-1;margin:0;font-size:15px}.text{white-space:pre-wrap;line-height:2}
mark{border-radius:4px;padding:1px 3px;background:#eee}mark .lbl{font-size:10px;font-weight:700;margin-left:3px;
opacity:.7;text-transform:uppercase}mark.ent-PER{background:#f7c873}mark.ent-ORG{background:#9cc9f5}
mark.ent-LOC{background:#a9e2a1}mark.date{background:#e6c8f5}mark.trigger{background:none;
border-bottom:3px solid #e15759;padding:0}
.hide-PER mark.ent-PER,.hide-ORG mark.ent-ORG,.hide-LOC mark.ent-LOC,.hide-date mark.date,
.hide-trigger mark.trigger{background:none;border:0}.legend label{margin-right:12px;cursor:pointer}
.muted{color:#777}svg text{font:11px system-ui,sans-serif}
"""

JS = """
document.querySelectorAll('.legend input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.value, !box.checked);
  });
});
var filter = document.getElementById('doc-filter');
if (filter) {
  filter.addEventListener('input', function () {
    var q = filter.value.toLowerCase();
    document.querySelectorAll('section.doc').forEach(function (s) {
      s.style.display = !q || s.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
}
"""


def esc(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return html.escape(str(v), quote=True)


def _table(headers: list[str], rows: list[list], cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _yes(v) -> bool:
    """True for a true boolean cell (numpy, pandas or Python), False for false and missing ones."""
    return not pd.isna(v) and bool(v)


def highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """``text`` with ``(start, end, css class, label, title)`` spans as ``<mark>``; spans overlapping one already
    placed are skipped (mentions first, longest first; then dates; then triggers)."""
    placed: list[tuple[int, int, str, str, str]] = []
    taken = bytearray(len(text))  # 1 where a placed span is: a new span is checked against its own characters only
    for s, e, cls, label, title in spans:
        if not (0 <= s < e <= len(text)):
            continue
        if taken.find(1, s, e) >= 0:
            continue
        taken[s:e] = b"\x01" * (e - s)
        placed.append((s, e, cls, label, title))
    placed.sort()
    out, pos = [], 0
    for s, e, cls, label, title in placed:
        out.append(esc(text[pos:s]))
        out.append(f'<mark class="{esc(cls)}" title="{esc(title)}">{esc(text[s:e])}'
                   f'<span class="lbl">{esc(label)}</span></mark>')
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def _bars(counts: list[tuple[str, int]], colours: dict[str, str] | None = None, width: int = 420) -> str:
    if not counts:
        return '<p class="muted">none</p>'
    top = max(c for _, c in counts) or 1
    h = 20
    rows = []
    for i, (k, c) in enumerate(counts):
        w = int((width - 170) * c / top)
        col = (colours or {}).get(k, TYPE_COLOURS[i % len(TYPE_COLOURS)])
        rows.append(f'<text x="0" y="{i * h + 14}">{esc(k)}</text>'
                    f'<rect x="120" y="{i * h + 3}" width="{max(w, 1)}" height="{h - 6}" fill="{col}"/>'
                    f'<text x="{124 + w}" y="{i * h + 14}">{c}</text>')
    return (f'<svg role="img" aria-label="bar chart" width="{width}" height="{len(counts) * h + 4}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>')


def timeline_svg(events: pd.DataFrame, width: int = 900) -> str:
    """Dated events as dots on a time axis, one lane per event type."""
    ev = events[events["date_value_dt"].notna()] if len(events) else events
    if not len(ev):
        return '<p class="muted">no dated events</p>'
    types = [t for t in ev["type"].astype(str).value_counts().index]
    t0, t1 = ev["date_value_dt"].min(), ev["date_value_dt"].max()
    span = (t1 - t0).total_seconds() or 86400.0
    left, lane, top = 120, 22, 10
    plot_w = width - left - 50
    height = top + lane * len(types) + 34
    parts = []
    for i, t in enumerate(types):
        y = top + lane * i + lane / 2
        parts.append(f'<text x="0" y="{y + 4:.0f}">{esc(t)}</text>'
                     f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.0f}" y2="{y:.0f}" stroke="#eee"/>')
    colour = {t: TYPE_COLOURS[i % len(TYPE_COLOURS)] for i, t in enumerate(types)}
    for d, t, trig, doc in zip(ev["date_value_dt"], ev["type"].astype(str), ev["trigger"], ev["doc_id"]):
        x = left + plot_w * ((d - t0).total_seconds() / span) if t1 > t0 else left + plot_w / 2
        y = top + lane * types.index(t) + lane / 2
        parts.append(f'<circle class="tl-event" cx="{x:.1f}" cy="{y:.0f}" r="5" fill="{colour[t]}" fill-opacity=".75">'
                     f'<title>{esc(d.date())} {esc(t)}: {esc(trig)} ({esc(doc)})</title></circle>')
    axis_y = top + lane * len(types) + 6
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{axis_y}" y2="{axis_y}" stroke="#888"/>')
    ticks = pd.date_range(t0.normalize(), t1.normalize(), periods=min(6, max(2, len(ev)))) if t1 > t0 else [t0]
    for tk in ticks:
        x = left + plot_w * ((tk - t0).total_seconds() / span) if t1 > t0 else left + plot_w / 2
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y}" y2="{axis_y + 5}" stroke="#888"/>'
                     f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle">{esc(tk.date())}</text>')
    return (f'<svg id="timeline" role="img" aria-label="timeline of dated events" width="{width}" '
            f'height="{height}" xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _few(aliases, n: int = 3) -> str:
    if not isinstance(aliases, str) or not aliases:
        return ""
    parts = aliases.split(" | ")
    return ", ".join(parts[:n]) + (f" (+{len(parts) - n})" if len(parts) > n else "")


def _top(t: dict, label: str, top: int) -> list[list]:
    return [[r.name, r.n_documents, r.n_mentions, _few(r.aliases)] for r in top_entities(t, label, top)]


def render_html(path: str | os.PathLike, top: int = 10, max_docs: int = 500) -> str:
    t = load(path)
    docs, men, dates, ev = t["documents"], t["mentions"], t["dates"], t["events"]
    roles, args = t["roles"], t["event_arguments"]
    ok = docs[docs["status"] == "ok"] if len(docs) else docs
    title = f"rupress report — {Path(path).resolve().name}"
    parts = [f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>{esc(title)}</title>'
             f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head><body>',
             f'<header><h1>{esc(title)}</h1></header><main>', '<h2>Corpus</h2><div class="cards">']
    by_label = men["label"].astype(str).value_counts() if len(men) else pd.Series(dtype=int)
    cards = [("documents", len(ok)), ("mentions", len(men)), *[(f"{k} mentions", int(by_label.get(k, 0)))
             for k in ("PER", "ORG", "LOC")], ("dates", len(dates)), ("roles", len(roles)), ("events", len(ev)),
             ("errors", len(t["errors"]))]
    parts += [f'<div class="card"><b>{v}</b>{esc(k)}</div>' for k, v in cards]
    parts.append("</div>")
    parts.append('<div class="grid">')
    for label, heading in (("ORG", "Top organisations"), ("PER", "Top people"), ("LOC", "Top places")):
        parts.append(f"<div><h3>{heading}</h3>"
                     + _table(["name", "documents", "mentions", "also written"], _top(t, label, top), "top-" + label)
                     + "</div>")
    parts.append("</div>")
    type_counts = [(str(k), int(v)) for k, v in ev["type"].astype(str).value_counts().items()] if len(ev) else []
    parts.append('<div class="grid"><div><h3>Mentions per label</h3>'
                 + _bars([(k, int(by_label.get(k, 0))) for k in ("PER", "ORG", "LOC")], LABEL_COLOURS)
                 + '</div><div><h3>Events per type</h3>' + _bars(type_counts) + "</div></div>")
    parts.append("<h3>Timeline of dated events</h3>" + timeline_svg(ev))

    parts.append('<h2>Documents</h2><p class="legend">Highlight: '
                 + "".join(f'<label><input type="checkbox" value="{k}" checked> <mark class="{c}">{k}</mark></label>'
                           for k, c in (("PER", "ent-PER"), ("ORG", "ent-ORG"), ("LOC", "ent-LOC"),
                                        ("date", "date"), ("trigger", "trigger")))
                 + ' <input id="doc-filter" type="search" placeholder="filter documents…"></p>')
    if len(ok) > max_docs:
        parts.append(f'<p class="muted">The first {max_docs} of {len(ok)} documents are shown.</p>')
    men_by = {d: g for d, g in men.groupby("doc_id", sort=False)} if len(men) else {}
    dates_by = {d: g for d, g in dates.groupby("doc_id", sort=False)} if len(dates) else {}
    ev_by = {d: g for d, g in ev.groupby("doc_id", sort=False)} if len(ev) else {}
    roles_by = {d: g for d, g in roles.groupby("doc_id", sort=False)} if len(roles) else {}
    args_by = {e: g for e, g in args.groupby("event_id", sort=False)} if len(args) else {}
    for i, d in enumerate(ok.head(max_docs).itertuples()):
        text = d.text if isinstance(d.text, str) else ""
        spans = []
        m = men_by.get(d.doc_id)
        if m is not None:
            for s, e, lab, normal in sorted(zip(m["start"], m["end"], m["label"].astype(str), m["normal"]),
                                            key=lambda x: (-(x[1] - x[0]), x[0])):
                spans.append((int(s), int(e), f"ent ent-{lab}", lab, f"{lab}: {normal}"))
        dd = dates_by.get(d.doc_id)
        if dd is not None:
            for s, e, kind, v, ve in zip(dd["start"], dd["end"], dd["kind"].astype(str), dd["value"], dd["value_end"]):
                val = "" if pd.isna(v) else (v if pd.isna(ve) or ve == v else f"{v} – {ve}")
                spans.append((int(s), int(e), "date", "date", f"{kind}: {val or 'unresolved'}"))
        evs = ev_by.get(d.doc_id)
        if evs is not None:
            for s, e, typ in zip(evs["trigger_start"], evs["trigger_end"], evs["type"].astype(str)):
                spans.append((int(s), int(e), f"trigger trigger-{typ}", typ, f"event {typ}"))
        head = esc(d.title) if isinstance(d.title, str) and d.title else esc(d.doc_id)
        meta = " · ".join(x for x in (esc(d.doc_id), esc(d.published_at)) if x)
        side = []
        r = roles_by.get(d.doc_id)
        if r is not None:
            side.append("<h4>Roles</h4>" + _table(["person", "position", "organisation", "appointed"],
                        [[x.person, x.position, x.org, "yes" if _yes(x.appointment) else ""] for x in r.itertuples()]))
        if evs is not None:
            rows = []
            for x in evs.itertuples():
                a = args_by.get(x.event_id)
                who = "; ".join(f"{ro}: {tx}" for ro, tx in zip(a["role"].astype(str), a["text"])) if a is not None else ""
                when = "" if pd.isna(x.date_value) else x.date_value if pd.isna(x.date_value_end) or \
                    x.date_value_end == x.date_value else f"{x.date_value} – {x.date_value_end}"
                rows.append([x.type, x.trigger, when, x.location, who])
            side.append("<h4>Events</h4>" + _table(["type", "trigger", "when", "where", "arguments"], rows))
        if not side:
            side.append('<p class="muted">no roles or events</p>')
        parts.append(f'<section class="doc" id="doc-{i}"><h3>{head} <span class="muted">{meta}</span></h3>'
                     f'<div class="text">{highlight(text, spans)}</div><div class="side">{"".join(side)}</div>'
                     "</section>")
    parts.append(f"</main><script>{JS}</script></body></html>\n")
    return "".join(parts)


def write_html(path: str | os.PathLike, dest: str | os.PathLike, top: int = 10, max_docs: int = 500) -> Path:
    dest = Path(dest)
    if dest.parent and not dest.parent.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(render_html(path, top=top, max_docs=max_docs), encoding="utf-8")
    return dest
