"""A folder of every kind of bad input, run through the command line: the run completes (exit 0),
every good document is extracted, every bad input is one errors row with a reason."""
import io
import json
import subprocess
import sys
import tarfile
import zipfile

import pytest

import pipeline

GOOD = "Губернатор Иван Петров посетил завод «Ромашка» в Казани 5 октября 2020 года. Петров выступил."


def build(root):
    """(folder, expected good doc_ids, expected error classes)."""
    good, bad = set(), []
    (root / "plain.txt").write_text(GOOD, encoding="utf-8"); good.add("plain")
    (root / "win.txt").write_bytes(("Мэр Москвы Сергей Собянин открыл новый парк на севере города. " * 3).encode("cp1251"))
    good.add("win")
    (root / "koi.txt").write_bytes(("Министр финансов Антон Силуанов провёл переговоры в Казани. " * 3).encode("koi8_r"))
    good.add("koi")
    (root / "bom16.txt").write_bytes(GOOD.encode("utf-16")); good.add("bom16")
    (root / "crlf.md").write_bytes(GOOD.replace(". ", ".\r\n").encode("utf-8")); good.add("crlf")
    (root / "odd.txt").write_text("Мэр\x00 Москвы\x07 Сергей\u200f Собянин 👍🏽 открыл\u00ad парк\u202e.", encoding="utf-8")
    good.add("odd")
    (root / "empty.txt").write_bytes(b""); bad.append("empty")
    (root / "blank.txt").write_text(" \n\t\n", encoding="utf-8"); bad.append("empty")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16); bad.append("binary")
    (root / "huge.txt").write_text("Мэр Москвы выступил. " * 500, encoding="utf-8"); bad.append("too_long")
    (root / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": GOOD, "published_at": "2020-10-06"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "j2", "title": "без текста"}, ensure_ascii=False) + "\n"
        + json.dumps({"text": "без id"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "j1", "text": "дубликат"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "h1", "html": "<html><head><title>Т</title></head><body><nav>Меню</nav>"
                      "<article><p>Мэр Казани открыл школу.</p></article></body></html>"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    good.update({"j1", "h1"}); bad += ["malformed_json", "missing_text", "missing_id", "duplicate_id"]
    (root / "notext.csv").write_text("id,body\n1,Мэр выступил\n", encoding="utf-8"); bad.append("missing_text")
    (root / "page.html").write_text(
        "<html><head><title>Новости</title><meta property='article:published_time' content='2021-03-12T10:00:00'>"
        "<script>var x = 'Москва';</script></head><body><header>Шапка сайта</header><nav>Главная | Новости</nav>"
        f"<article><h1>Визит</h1><p>{GOOD}</p></article><footer>© Портал</footer></body></html>", encoding="utf-8")
    good.add("page")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("inner/release.txt", GOOD)
        z.writestr("../evil.txt", GOOD)
        z.writestr("bomb.txt", b"0" * (30 * 1024 * 1024))
    (root / "pack.zip").write_bytes(buf.getvalue())
    good.add("pack/inner/release"); bad += ["archive_unsafe_path", "archive_bomb"]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        data = GOOD.encode("utf-8")
        info = tarfile.TarInfo("news/a.txt"); info.size = len(data); tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("news/link.txt"); link.type = tarfile.SYMTYPE; link.linkname = "/etc/passwd"; tf.addfile(link)
    (root / "arch.tar.gz").write_bytes(buf.getvalue())
    good.add("arch/news/a"); bad.append("archive_link")
    (root / "broken.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    bad.append("archive_corrupt")
    return good, bad


def test_hostile_folder_runs_to_completion(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    good, bad = build(inp)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out),
                        "--max-chars", "5000", "--html-field", "html", "--quiet"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    t = pipeline.load(out)
    docs = t["documents"]
    assert set(docs["doc_id"]) == good
    assert (docs["status"] == "ok").all()
    errs = t["errors"]
    assert sorted(errs["error"]) == sorted(bad), errs[["source", "error", "message"]].to_string()
    assert errs["message"].str.len().min() > 10
    enc = docs.set_index("doc_id")["encoding"]
    assert enc["win"] == "cp1251" and enc["koi"].replace("-", "_") == "koi8_r" and enc["bom16"].startswith("utf-16")
    assert "Шапка" not in docs.set_index("doc_id").loc["page", "text"]
    assert docs.set_index("doc_id").loc["page", "published_at"].startswith("2021-03-12")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    assert "\r\n" in texts["crlf"]
    m = t["mentions"]
    assert set(m["doc_id"]) >= {"plain", "win", "koi", "page", "j1", "pack/inner/release", "arch/news/a"}
    for d, s, e, x in zip(m["doc_id"], m["start"], m["end"], m["text"]):
        assert texts[d][s:e] == x
