"""HTML main-text extraction: pipeline.html (selectolax) against trafilatura on the same pages.

    pip install trafilatura && python benchmarks/bench_html.py

Pages are built here: a news body among navigation, a cookie banner, related links and a footer,
with the body in <article>, in plain <div>s, or in <main>. Prints body sentences kept and
boilerplate pieces kept per page, and milliseconds per page.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.ingest.html import extract_html  # noqa: E402

try:
    import trafilatura
except ImportError:  # optional: only this comparison needs it
    trafilatura = None

BODY = [
 "Министр финансов Антон Силуанов провёл переговоры с делегацией Всемирного банка в Москве.",
 "Стороны обсудили поддержку малого бизнеса и подписали меморандум о сотрудничестве на 2024–2026 годы.",
 "По словам министра, первые проекты будут запущены в первом квартале 2024 года.",
]
NOISE_NAV = "<nav><ul>" + "".join(f"<li><a href='/s{i}'>Раздел {i}</a></li>" for i in range(12)) + "</ul></nav>"
RELATED = "<aside><h3>Читайте также</h3><ul>" + "".join(f"<li><a href='/n{i}'>Мэр Казани открыл школу номер {i}</a></li>" for i in range(6)) + "</ul></aside>"
FOOT = "<footer><p>© 2024 Пресс-служба. Все права защищены.</p><p>Подписывайтесь на наш канал</p></footer>"
COOKIE = "<div class='cookie'>Мы используем файлы cookie. Продолжая, вы соглашаетесь.</div>"
def page(kind):
    paras = "".join(f"<p>{b}</p>" for b in BODY)
    if kind == "article":
        main = f"<article><h1>Переговоры</h1>{paras}</article>"
    elif kind == "divs":
        main = f"<div id='content'><div class='news-title'>Переговоры</div><div class='text'>{paras}</div></div>"
    else:
        main = f"<main><h1>Переговоры</h1><div class='lead'><b>{BODY[0]}</b></div>" + "".join(f"<p>{b}</p>" for b in BODY[1:]) + "</main>"
    return (f"<html><head><title>Переговоры — Минфин</title><meta property='article:published_time' content='2024-01-15T10:00:00+03:00'>"
            f"<script>var a='Москва';</script><style>p{{}}</style></head><body><header>Шапка сайта Минфина</header>{NOISE_NAV}{COOKIE}{main}{RELATED}{FOOT}</body></html>")
pages = {k: page(k) for k in ("article", "divs", "main")}
def score(text):
    kept = sum(b in text for b in BODY)
    noise = sum(n in text for n in ("Раздел 3", "Читайте также", "Все права", "cookie", "Шапка", "школу номер"))
    return kept, noise
systems = [("selectolax (pipeline.html)", lambda h: extract_html(h)[0])]
if trafilatura is not None:
    systems.append(("trafilatura", lambda h: trafilatura.extract(h, include_comments=False) or ""))
else:
    print("trafilatura is not installed: pip install trafilatura to compare")
for name, fn in systems:
    res = {k: score(fn(h)) for k, h in pages.items()}
    t0 = time.perf_counter()
    for _ in range(50):
        for h in pages.values(): fn(h)
    dt = (time.perf_counter() - t0) / 150 * 1000
    print(f"{name:<28} body sentences kept / noise kept per page: {res}  {dt:.2f} ms/page")
