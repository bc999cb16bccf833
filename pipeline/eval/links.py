"""``rupress eval links``: document and corpus entities against NEREL's Wikidata links.

NEREL links mentions to Wikidata (``N1\\tReference T4 Wikidata:Q900\\tКазань``; ``Wikidata:NULL`` is
no link and is skipped). Every linked PER/ORG/LOC mention is an item; its gold cluster is its
Wikidata id. A system mention with the item's exact span (else one that only adds a lower-case
descriptor before it: ``города Казани`` for ``Казани``) gives the item its system cluster:
``entity_id`` within documents, ``corpus_entity_id`` across documents. An item no mention matches
is a singleton. Scored with B³ (Bagga and Baldwin 1998): per item, precision = |gold ∩ system| /
|system| and recall = |gold ∩ system| / |gold| over the items, averaged over items (per gold label:
over that label's items, clusters still counted over all items). Within documents the gold
cluster is (document, Wikidata id). ``ceiling`` is B³ of a perfect clustering of the matched items
(what finding more mentions would add). Plain Natasha (its spans, clustered by label and normal
form, within a document and across the corpus) is the baseline.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Hashable, Sequence

from .nerel import LABEL_MAP, NerelDoc, read_corpus

LABELS = ("PER", "ORG", "LOC")


@dataclass(frozen=True)
class LinkItem:
    doc_id: str
    start: int
    end: int
    label: str  # PER, ORG or LOC
    qid: str
    text: str


def parse_links(lines: Sequence[str]) -> dict[str, str]:
    """``T`` id -> Wikidata id of the ``N … Reference`` lines of an ``.ann`` file (NULL left out)."""
    out = {}
    for line in lines:
        if not line.startswith("N") or "\t" not in line:
            continue
        bits = line.split("\t")[1].split()
        if len(bits) == 3 and bits[0] == "Reference" and bits[2].startswith("Wikidata:Q"):
            out[bits[1]] = bits[2].split(":", 1)[1]
    return out


def read_items(path: str | Path, docs: Sequence[NerelDoc] | None = None) -> tuple[list[NerelDoc], list[LinkItem]]:
    """The NEREL documents under ``path`` and their linked PER/ORG/LOC mentions."""
    docs = list(docs) if docs is not None else read_corpus(path)
    items = []
    for d in docs:
        ann = Path(path) / f"{d.doc_id}.ann"
        links = parse_links(ann.read_text(encoding="utf-8").splitlines()) if ann.exists() else {}
        for e in d.entities:
            lab = LABEL_MAP.get(e.type)
            if lab in LABELS and e.entity_id in links:
                items.append(LinkItem(d.doc_id, e.start, e.end, lab, links[e.entity_id], e.text))
    return docs, items


def b_cubed(gold: Sequence[Hashable], pred: Sequence[Hashable], weights_of: Sequence[str] | None = None,
            labels: Sequence[str] = ()) -> dict[str, tuple[float, float, float, int]]:
    """B³ (precision, recall, F1, items) over all items (``ALL``) and per label of ``weights_of``."""
    g_members: dict = defaultdict(set)
    p_members: dict = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, pred)):
        g_members[g].add(i)
        p_members[p].add(i)
    per_item = []
    for i, (g, p) in enumerate(zip(gold, pred)):
        both = len(g_members[g] & p_members[p])
        per_item.append((both / len(p_members[p]), both / len(g_members[g])))
    groups = {"ALL": range(len(per_item))}
    for lab in labels:
        groups[lab] = [i for i in range(len(per_item)) if weights_of and weights_of[i] == lab]
    out = {}
    for name, idx in groups.items():
        idx = list(idx)
        if not idx:
            out[name] = (0.0, 0.0, 0.0, 0)
            continue
        p = sum(per_item[i][0] for i in idx) / len(idx)
        r = sum(per_item[i][1] for i in idx) / len(idx)
        out[name] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, len(idx))
    return out


def match(items: Sequence[LinkItem], mentions: dict[str, list[tuple[int, int, Hashable, Hashable]]],
          texts: dict[str, str]) -> list[tuple[Hashable, Hashable] | None]:
    """For each item, (document cluster, corpus cluster) of the system mention that matches it, or None.

    ``mentions``: doc_id -> (start, end, document cluster, corpus cluster)."""
    out = []
    for it in items:
        ms = mentions.get(it.doc_id, ())
        hit = next((m for m in ms if m[0] == it.start and m[1] == it.end), None)
        if hit is None:
            text = texts.get(it.doc_id, "")
            # a descriptor the system keeps in front of the name (``города Казани``), nothing else
            cands = [m for m in ms if m[1] == it.end and m[0] < it.start
                     and text[m[0]:it.start].strip() and text[m[0]:it.start] == text[m[0]:it.start].lower()]
            hit = min(cands, key=lambda m: it.start - m[0]) if cands else None
        out.append((hit[2], hit[3]) if hit is not None else None)
    return out


@dataclass
class LinkReport:
    system: str
    items: int
    matched: int
    within: dict = field(default_factory=dict)  # label -> (P, R, F1, n)
    across: dict = field(default_factory=dict)
    ceiling_within: dict = field(default_factory=dict)
    ceiling_across: dict = field(default_factory=dict)
    documents: int = 0  # documents scored


def score_links(items: Sequence[LinkItem], matched: Sequence[tuple | None], system: str) -> LinkReport:
    labels = [it.label for it in items]
    doc_gold = [(it.doc_id, it.qid) for it in items]
    corp_gold = [it.qid for it in items]
    doc_sys = [m[0] if m else ("missing", k) for k, m in enumerate(matched)]
    corp_sys = [m[1] if m else ("missing", k) for k, m in enumerate(matched)]
    # perfect clustering of the matched items: gold clusters for them, singletons for the rest
    doc_ceil = [g if m else ("missing", k) for k, (g, m) in enumerate(zip(doc_gold, matched))]
    corp_ceil = [g if m else ("missing", k) for k, (g, m) in enumerate(zip(corp_gold, matched))]
    return LinkReport(system, len(items), sum(m is not None for m in matched),
                      b_cubed(doc_gold, doc_sys, labels, LABELS), b_cubed(corp_gold, corp_sys, labels, LABELS),
                      b_cubed(doc_gold, doc_ceil, labels, LABELS), b_cubed(corp_gold, corp_ceil, labels, LABELS))


def rupress_clusters(docs: Sequence[NerelDoc]) -> tuple[dict, float]:
    """doc_id -> (start, end, entity_id, corpus_entity_id) of every rupress PER/ORG/LOC mention (nested ones too)."""
    from ..run import Options
    from ..link.corpus import link_corpus
    from .runner import predict

    tables, secs = predict(docs, Options(extractors=("entities",)))
    t0 = time.perf_counter()
    tables = link_corpus(tables)
    secs += time.perf_counter() - t0
    m = tables["mentions"].merge(tables["entities"][["entity_id", "corpus_entity_id"]], on="entity_id", how="left")
    out: dict[str, list] = defaultdict(list)
    for d, s, e, lab, eid, cid in zip(m["doc_id"], m["start"], m["end"], m["label"], m["entity_id"],
                                      m["corpus_entity_id"]):
        if lab not in LABELS:  # a NATIONALITY or PROFESSION on the span is no entity
            continue
        eid = eid if isinstance(eid, str) else ("none", d, int(s))
        cid = cid if isinstance(cid, str) else ("none", d, int(s))
        out[d].append((int(s), int(e), eid, cid))
    return out, secs


def natasha_clusters(docs: Sequence[NerelDoc]) -> dict:
    """Plain Natasha: its spans, one cluster per (label, normal form) in a document and in the corpus."""
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    seg, morph, ner, vocab = Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), MorphVocab()
    out: dict[str, list] = defaultdict(list)
    for d in docs:
        doc = Doc(d.text)
        doc.segment(seg)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        for s in doc.spans:
            if s.type not in LABELS:
                continue
            s.normalize(vocab)
            key = (s.type, (s.normal or s.text).lower().replace("ё", "е"))
            out[d.doc_id].append((s.start, s.stop, (d.doc_id,) + key, key))
    return out


def evaluate_links(path: str | Path, baseline: bool = True, limit: int | None = None) -> list[LinkReport]:
    docs = read_corpus(path)
    if limit:
        docs = docs[:limit]
    docs, items = read_items(path, docs)
    texts = {d.doc_id: d.text for d in docs}
    ours, _ = rupress_clusters(docs)
    reports = [score_links(items, match(items, ours, texts), "rupress")]
    if baseline:
        reports.append(score_links(items, match(items, natasha_clusters(docs), texts), "natasha"))
    for rep in reports:
        rep.documents = len(docs)
    return reports


def format_reports(reports: Sequence[LinkReport], path=None) -> str:
    n_docs = reports[0].documents if reports else 0
    head = "NEREL Wikidata links" + (f": {n_docs} documents from {path}" if path is not None else "")
    lines = [head, "B³ F1 (P/R); items = linked PER/ORG/LOC mentions; matched = found with the gold span;"
             " ceiling = a perfect clustering of the matched items", ""]
    for rep in reports:
        lines.append(f"{rep.system}: {rep.matched}/{rep.items} items matched")
        lines.append(f"  {'label':<5} {'n':>5}  {'within docs':>20}  {'ceiling':>7}  {'across docs':>20}  {'ceiling':>7}")
        for lab in ("ALL",) + LABELS:
            w, a = rep.within[lab], rep.across[lab]
            lines.append(f"  {lab:<5} {w[3]:>5}  {w[2]:.3f} ({w[0]:.3f}/{w[1]:.3f})  {rep.ceiling_within[lab][2]:>7.3f}"
                         f"  {a[2]:.3f} ({a[0]:.3f}/{a[1]:.3f})  {rep.ceiling_across[lab][2]:>7.3f}")
        lines.append("")
    return "\n".join(lines).rstrip()


def reports_json(reports: Sequence[LinkReport]) -> str:
    def one(rep: LinkReport) -> dict:
        d = asdict(rep)
        for k in ("within", "across", "ceiling_within", "ceiling_across"):
            d[k] = {lab: {"precision": round(v[0], 4), "recall": round(v[1], 4), "f1": round(v[2], 4), "items": v[3]}
                    for lab, v in d[k].items()}
        return d

    return json.dumps({rep.system: one(rep) for rep in reports}, ensure_ascii=False, indent=2)
