"""People on factRuEval dev: one entity per person (B-cubed over coreference chains) and normal forms
(each mention's ``normal`` against its chain's firstname/patronymic/lastname).

    .venv/bin/python benchmarks/person_names.py ../shared/eval/factru-dev [--old]

Scored over the gold PER mentions that rupress finds with the exact span. A normal form is right
when every word of it is one of the chain's name parts (or the initial of one), case-folded.

"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from pipeline.eval.factru import _blocks, read_corpus
from pipeline.eval.runner import predict
from pipeline.run import Options


def chains(root: Path, stem: str) -> dict[str, tuple[str, dict[str, str]]]:
    """object_id -> (chain id, {firstname, patronymic, lastname, nickname: value})."""
    p = root / f"{stem}.coref"
    out = {}
    if not p.exists():
        return out
    for block in _blocks(p.read_text(encoding="utf-8-sig").splitlines()):
        head = block[0].split()
        fields = {}
        for line in block[1:]:
            k, _, v = line.partition(" ")
            fields.setdefault(k, v.strip())
        for oid in head[1:]:
            out[oid] = (head[0], fields)
    return out


def fold(s: str) -> str:
    return s.lower().replace("ё", "е").strip(".")


def normal_ok(normal: str, fields: dict[str, str]) -> bool:
    parts = {fold(w) for k in ("firstname", "patronymic", "lastname", "nickname") if k in fields
             for w in fields[k].split()}
    if not parts:
        return True  # nothing to compare with
    for w in normal.replace(".", ". ").split():
        w = fold(w)
        if not w:
            continue
        if w not in parts and not (len(w) == 1 and any(p.startswith(w) for p in parts)):
            return False
    return True


def b_cubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    p = r = 0.0
    for i in range(len(gold)):
        same_g = {j for j in range(len(gold)) if gold[j] == gold[i]}
        same_p = {j for j in range(len(pred)) if pred[j] == pred[i]}
        both = len(same_g & same_p)
        p += both / len(same_p)
        r += both / len(same_g)
    n = len(gold) or 1
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(path: str) -> None:
    root = Path(path)
    gold = read_corpus(root)
    tables, _ = predict(gold, Options(extractors=("entities",)))
    m = tables["mentions"]
    by_doc = defaultdict(dict)
    for d, s, e, lab, normal, ent in zip(m["doc_id"], m["start"], m["end"], m["label"], m["normal"], m["entity_id"]):
        if lab == "PER":
            by_doc[d][(int(s), int(e))] = (normal, ent)
    found = total = right = 0
    scores = []
    wrong = []
    for g in gold:
        ch = chains(root, g.doc_id)
        gl, pl = [], []
        for gm in g.mentions:
            if gm.label != "PER":
                continue
            total += 1
            hit = by_doc[g.doc_id].get((gm.start, gm.end))
            if hit is None or gm.object_id not in ch:
                continue
            found += 1
            cid, fields = ch[gm.object_id]
            ok = normal_ok(hit[0], fields)
            right += ok
            if not ok:
                wrong.append((g.doc_id, gm.text, hit[0], " ".join(fields.get(k, "") for k in ("firstname", "patronymic", "lastname"))))
            gl.append(cid)
            pl.append(hit[1])
        if gl:
            scores.append((len(gl), b_cubed(gl, pl)))
    n = sum(k for k, _ in scores)
    p = sum(k * s[0] for k, s in scores) / n
    r = sum(k * s[1] for k, s in scores) / n
    print(f"PER gold mentions {total}, found with exact span {found}")
    print(f"normal forms right: {right}/{found} = {right / found:.3f}")
    print(f"clusters B-cubed (mention-weighted over documents): P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}")
    for w in wrong[:40]:
        print("  wrong:", *w, sep="\t")


if __name__ == "__main__":
    main(sys.argv[1])
