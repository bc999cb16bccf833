"""``rupress eval releases``: the release's own event, its people and their posts, against the
editors' metadata of a releases folder (``releases.jsonl`` + ``gold.jsonl``, ``lists.jsonl`` +
``lists_gold.jsonl``; see ``docs/evaluation.md``). The headline is gold: it is never given to the
pipeline."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from ..resources import fold

PERSON_ROLES = ("AGENT", "PARTICIPANT", "PARTNER", "OBJECT")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# words of a place, post or organisation that say nothing on their own
_STOP = frozenset("в во на и с со о об по при для из за к от до г город".split())


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def words(s: str | None) -> list[str]:
    """Folded words of ``s`` (hyphenated words kept whole)."""
    return [fold(w) for w in _WORD.findall(s or "")]


def _stem(w: str) -> str:
    return w[:max(4, len(w) - 2)] if len(w) > 4 else w


def word_match(a: str, b: str) -> bool:
    """Two folded words are one word inflected: equal, or one starts with the other's stem
    (``кремль`` / ``кремле``, ``мурманск`` / ``мурманске``)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return a.startswith(_stem(b)) or b.startswith(_stem(a))


def any_word_in(needle: list[str], hay: list[str]) -> bool:
    return any(word_match(n, h) for n in needle for h in hay)


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The folded normal form of one word (pymorphy), the word itself when it cannot be read."""
    try:
        from ..extractors.entities.people import parses as _parses

        ps = _parses(word)
        return fold(ps[0].normal_form) if ps else fold(word)
    except Exception:  # no morphology: compare the folded word
        return fold(word)


def head_noun(phrase: str) -> str:
    """The head of a post phrase: its first word pymorphy reads as a noun (``генеральный директор``
    -> ``директор``, ``заместитель министра`` -> ``заместитель``), folded lemma."""
    ws = _WORD.findall(phrase or "")
    if not ws:
        return ""
    try:
        from ..extractors.entities.people import parses as _parses

        for w in ws:
            ps = _parses(w)
            if ps and "NOUN" in ps[0].tag:
                return fold(ps[0].normal_form)
    except Exception:
        pass
    return lemma(ws[0])


def _content(s: str | None) -> list[str]:
    return [w for w in words(s) if w not in _STOP and len(w) > 1]


# ---------------------------------------------------------------- prediction

def run_pipeline(records: list[dict]):
    """Tables for the release records (text, id, published_at; never the title)."""
    from ..run import process
    from ..tables import Tables
    from ..types import Document

    docs = [Document(doc_id=str(r["id"]), text=r["text"], source=str(r["id"]),
                     published_at=r.get("published_at"), url=r.get("url")) for r in records]
    parts = [process(docs[i:i + 32]) for i in range(0, len(docs), 32)]
    return Tables.concat(parts)


def _by_doc(df) -> dict[str, list[dict]]:
    out: dict[str, list] = defaultdict(list)
    for r in df.to_dict(orient="records"):
        out[r["doc_id"]].append({k: (None if _isna(v) else v) for k, v in r.items()})
    return out


def _isna(v) -> bool:
    try:
        return v is None or v != v  # NaN / pd.NA
    except TypeError:  # pd.NA compares to NA
        return True


def events_view(tables) -> dict[str, list[dict]]:
    """doc_id -> events, each with ``people`` (words of its person arguments and their entities'
    names) and ``places`` (words of its location and LOCATION arguments)."""
    names = {}
    for e in tables["entities"].to_dict(orient="records"):
        names[e["entity_id"]] = e["name"]
    args: dict[str, dict] = defaultdict(lambda: {"people": [], "places": []})
    for a in tables["event_arguments"].to_dict(orient="records"):
        slot = args[a["event_id"]]
        name = names.get(a["entity_id"]) if not _isna(a["entity_id"]) else None
        if a["role"] in PERSON_ROLES:
            slot["people"] += words(a["text"]) + words(name)
        elif a["role"] == "LOCATION":
            slot["places"] += words(a["text"]) + words(name)
    out: dict[str, list] = defaultdict(list)
    for doc_id, evs in _by_doc(tables["events"]).items():
        for ev in evs:
            slot = args.get(ev["event_id"], {"people": [], "places": []})
            out[doc_id].append({**ev, "people": slot["people"],
                                "places": slot["places"] + words(ev.get("location"))})
    return out


# ---------------------------------------------------------------- scoring

def place_parts(place: str, text: str) -> tuple[list[list[str]], bool]:
    """The parts of the site's place (``Москва, Кремль``) whose words the body writes, and whether
    the place is given at all."""
    if not (place or "").strip():
        return [], False
    body = words(text)
    parts = []
    for part in place.split(","):
        ws = _content(part)
        if ws and all(any_word_in([w], body) for w in ws):
            parts.append(ws)
    return parts, True


def _day(v) -> str | None:
    return str(v)[:10] if v else None


def counterpart_keys(cp: dict) -> list[str]:
    """Words that identify a counterpart: the name's words after the first (a given name alone
    would match the President), the only word when there is one."""
    ws = words(cp.get("name"))
    return ws[1:] or ws


def score_release(g: dict, text: str, events: list[dict]) -> dict:
    """One release's figures: booleans, None where the item cannot be scored."""
    cls = g["title_class"]
    of_class = [e for e in events if e["type"] == cls]
    parts, has_place = place_parts(g.get("place", ""), text)
    place_scorable = bool(parts)
    cps = [counterpart_keys(c) for c in g.get("counterparts") or [] if counterpart_keys(c)]

    def day_ok(e):
        return (_day(e.get("date_value")) == g["event_date"]
                and _day(e.get("date_value_end") or e.get("date_value")) == (g.get("event_date_end") or g["event_date"]))

    def place_ok(e):
        return any(all(any_word_in([w], e["places"]) for w in p) for p in parts)

    def cp_ok(e):
        return any(any_word_in(k, e["people"]) for k in cps)

    return {
        "class": bool(of_class),
        "day": any(day_ok(e) for e in of_class),
        "place": any(place_ok(e) for e in of_class) if place_scorable else None,
        "place_state": "scorable" if place_scorable else ("unwritten" if has_place else "none"),
        "counterpart": any(cp_ok(e) for e in of_class) if cps else None,
        # the place and the counterpart count as met where the release gives none to find
        "all": any(day_ok(e) and (not place_scorable or place_ok(e)) and (not cps or cp_ok(e))
                   for e in of_class),
    }


def _people_index(tables) -> dict[str, list[dict]]:
    """doc_id -> PER entities with their words and roles."""
    roles: dict[str, list] = defaultdict(list)
    for r in tables["roles"].to_dict(orient="records"):
        roles[r["person_entity_id"]].append(r)
    out: dict[str, list] = defaultdict(list)
    for e in tables["entities"].to_dict(orient="records"):
        if e["label"] == "PER":
            out[e["doc_id"]].append({"words": words(e["name"]), "roles": roles.get(e["entity_id"], [])})
    return out


def post_ok(gold: dict, role: dict) -> bool:
    want = fold(gold.get("post_head") or "") or head_noun(gold.get("post_raw") or gold.get("post") or "")
    return bool(want) and head_noun(role.get("position") or role.get("position_text") or "") == lemma(want)


def post_org_ok(gold: dict, role: dict) -> bool:
    """The head agrees and at least half of the gold post's other content words (its complement
    and organisation) are among the role's position and organisation words."""
    if not post_ok(gold, role):
        return False
    head = lemma(fold(gold.get("post_head") or ""))
    need = [w for w in _content(gold.get("post_raw") or f"{gold.get('post', '')} {gold.get('org', '')}")
            if lemma(w) != head]
    if not need:
        return True
    have = words(role.get("position")) + words(role.get("position_text")) + words(role.get("org"))
    hit = sum(any_word_in([w], have) for w in need)
    return hit * 2 >= len(need)


def score_person(surname: str, people: list[dict]) -> dict:
    """Is the person found (an entity with the surname), does any of their roles have the post
    head, and the post with its organisation."""
    s = words(surname)
    found = [p for p in people if s and all(any_word_in([w], p["words"]) for w in s)]
    return {"found": bool(found), "roles": [r for p in found for r in p["roles"]]}


def _pct(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def score_releases(gold: list[dict], texts: dict[str, str], tables) -> dict:
    evs = events_view(tables)
    people = _people_index(tables)
    per: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        r = score_release(g, texts[g["id"]], evs.get(g["id"], []))
        per[g["title_class"]].append(r)
        per["ALL"].append(r)
    classes = {}
    for cls, rows in per.items():
        n = len(rows)
        scorable = [r for r in rows if r["place"] is not None]
        with_cp = [r for r in rows if r["counterpart"] is not None]
        classes[cls] = {
            "n": n,
            "class": _pct(sum(r["class"] for r in rows), n),
            "day": _pct(sum(r["day"] for r in rows), n),
            "place": _pct(sum(bool(r["place"]) for r in scorable), len(scorable)),
            "place_scorable": len(scorable),
            "place_unwritten": sum(r["place_state"] == "unwritten" for r in rows),
            "counterpart": _pct(sum(bool(r["counterpart"]) for r in with_cp), len(with_cp)),
            "with_counterpart": len(with_cp),
            "all": _pct(sum(r["all"] for r in rows), n),
        }
    cards = {"n": 0, "found": 0, "post": 0, "post_org": 0}
    for g in gold:
        seen = set()
        for c in g.get("cards") or []:
            key = fold(c["name"])
            if key in seen:
                continue
            seen.add(key)
            _tally(cards, c, (c.get("name") or "").split()[0], people.get(g["id"], []))
    return {"classes": classes, "cards": _rates(cards)}


def _tally(acc: dict, gold: dict, surname: str, people: list[dict]) -> None:
    res = score_person(surname, people)
    acc["n"] += 1
    acc["found"] += res["found"]
    acc["post"] += any(post_ok(gold, r) for r in res["roles"])
    acc["post_org"] += any(post_org_ok(gold, r) for r in res["roles"])


def _rates(acc: dict) -> dict:
    n = acc["n"]
    return {"n": n, "people": _pct(acc["found"], n), "post": _pct(acc["post"], n),
            "post_org": _pct(acc["post_org"], n)}


def score_lists(gold: list[dict], tables) -> dict:
    people = _people_index(tables)
    acc = {"n": 0, "found": 0, "post": 0, "post_org": 0}
    for g in gold:
        for p in g.get("participants") or []:
            _tally(acc, p, p.get("surname") or "", people.get(g["id"], []))
    return _rates(acc)


def evaluate(path: str | Path) -> dict:
    """Every figure for a releases folder (a missing half is left out)."""
    path = Path(path)
    out: dict = {"path": str(path)}
    if (path / "releases.jsonl").exists():
        recs = _read_jsonl(path / "releases.jsonl")
        gold = _read_jsonl(path / "gold.jsonl")
        tables = run_pipeline(recs)
        texts = {str(r["id"]): r["text"] for r in recs}
        gold = [dict(g, id=str(g["id"])) for g in gold if str(g["id"]) in texts]
        out.update(score_releases(gold, texts, tables))
        out["n_releases"] = len(gold)
    if (path / "lists.jsonl").exists():
        recs = _read_jsonl(path / "lists.jsonl")
        gold = [dict(g, id=str(g["id"])) for g in _read_jsonl(path / "lists_gold.jsonl")]
        out["lists"] = score_lists(gold, run_pipeline(recs))
        out["n_lists"] = len(gold)
    return out


def _f(v) -> str:
    return "   –  " if v is None else f"{100 * v:5.1f}%"


def format_report(res: dict) -> str:
    lines = [f"Releases: {res.get('n_releases', 0)} from {res['path']} (the headline is the gold, never read)"]
    if "classes" in res:
        lines += ["",
                  "The release's own event, per headline class: an event of the class; with the event day; with the "
                  "place (of the releases whose body writes the place's words); with the counterpart among its "
                  "people (of the releases whose headline names one); all four on one event",
                  f"{'class':<12}{'n':>4} {'event':>7} {'day':>7} {'place':>7} {'(n)':>5} {'cpart':>7} {'(n)':>5} "
                  f"{'all4':>7}  place not written"]
        order = sorted((c for c in res["classes"] if c != "ALL"), key=lambda c: (-res["classes"][c]["n"], c)) + ["ALL"]
        for c in order:
            r = res["classes"][c]
            lines.append(f"{c:<12}{r['n']:>4} {_f(r['class']):>7} {_f(r['day']):>7} {_f(r['place']):>7} "
                         f"{r['place_scorable']:>5} {_f(r['counterpart']):>7} {r['with_counterpart']:>5} "
                         f"{_f(r['all']):>7}  {r['place_unwritten']}")
        lines.append("(place not written: the site's place is given but none of its parts is in the body; these "
                     "are not scored for the place and count as met in all4, as do releases with no counterpart)")
    lines.append("")
    lines.append("People and posts: found = an entity with the surname; post = a role of it with the gold post's "
                 "head noun; post+org = and half of the post's other words")
    for key, label in (("cards", "linked people (cards)"), ("lists", f"list people ({res.get('n_lists', 0)} lists)")):
        if key in res:
            r = res[key]
            lines.append(f"{label:<28} n={r['n']:<4} found {_f(r['people'])}  post {_f(r['post'])}  "
                         f"post+org {_f(r['post_org'])}")
    return "\n".join(lines)
