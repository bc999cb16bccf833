"""The HTML report opened in a real browser: headless Chromium driven over the DevTools protocol.

`make test` installs Debian's chromium where it can (root, network); elsewhere this test is skipped
and says why. Set RUPRESS_SCREENSHOT=path to keep the screenshot (docs/report.png is made that way).
"""
import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import pipeline
from pipeline.report.html import write_html

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-allow-origins=*", "--remote-debugging-port=0", "--hide-scrollbars"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


class Page:
    """The few DevTools calls the test needs, over one websocket."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.n = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for ev in self.events:
            if ev.get("method") == method:
                return ev
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            self.events.append(msg)
            if msg.get("method") == method:
                return msg
        raise TimeoutError(method)

    def eval(self, expr: str):
        return self.call("Runtime.evaluate", expression=expr, returnByValue=True)["result"].get("value")


def console_errors(page: Page) -> list[dict]:
    return [e for e in page.events
            if e.get("method") == "Runtime.exceptionThrown"
            or e.get("method") == "Runtime.consoleAPICalled" and e["params"].get("type") in ("error", "assert")
            or e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = _chromium()
    if exe is None:
        pytest.skip("no chromium on PATH: `make test` installs Debian's chromium when run as root with network "
                    "(apt-get install chromium)")
    pytest.importorskip("websocket", reason="websocket-client is in the test extra: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()) and proc.poll() is None:
            if time.monotonic() > deadline:
                pytest.fail("chromium did not open its DevTools port within 60 s")
            time.sleep(0.2)
        if proc.poll() is not None:
            pytest.skip(f"chromium exited at start (code {proc.returncode})")
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        page = Page(pages[0]["webSocketDebuggerUrl"])
        yield page
        page.ws.close()
    finally:
        proc.kill()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "processed"
    pipeline.extract([str(ROOT / "data" / "raw")], out=out, workers=1)
    return write_html(out, out / "report.html")


def test_report_opens_in_chromium_with_highlights_and_no_console_errors(browser, report, tmp_path):
    page = browser
    for domain in ("Page", "Runtime", "Log"):
        page.call(f"{domain}.enable")
    page.call("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1, mobile=False)
    page.call("Page.navigate", url=report.resolve().as_uri())
    page.wait_for("Page.loadEventFired")
    assert page.eval("document.title").startswith("rupress report")
    n = page.eval("({ent: document.querySelectorAll('mark.ent').length, per: document.querySelectorAll('mark.ent-PER').length,"
                  " date: document.querySelectorAll('mark.date').length, trig: document.querySelectorAll('mark.trigger').length,"
                  " docs: document.querySelectorAll('section.doc').length, dots: document.querySelectorAll('#timeline circle').length})")
    assert n["ent"] > 50 and n["per"] > 0 and n["date"] > 0 and n["trig"] > 0, n
    assert n["docs"] >= 20 and n["dots"] > 0, n
    # the highlights are painted: a PER mark has its background colour
    bg = page.eval("getComputedStyle(document.querySelector('mark.ent-PER')).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), bg
    # the legend switches a label off (the page's script runs)
    page.eval("var b=document.querySelector('.legend input[value=PER]'); b.click(); 0")
    assert page.eval("getComputedStyle(document.querySelector('mark.ent-PER')).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.eval("document.querySelector('.legend input[value=PER]').click(); 0")
    page.call("Emulation.setDeviceMetricsOverride", width=1280, height=2300, deviceScaleFactor=1, mobile=False)
    shot = base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"])
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000
    (tmp_path / "report.png").write_bytes(shot)
    if os.environ.get("RUPRESS_SCREENSHOT"):
        Path(os.environ["RUPRESS_SCREENSHOT"]).write_bytes(shot)
    errors = console_errors(page)
    assert not errors, errors
    # nothing was fetched: every resource is inline
    assert page.eval("performance.getEntriesByType('resource').length") == 0


def test_the_console_check_sees_a_script_error(browser, tmp_path):
    page = browser
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><title>bad</title><script>console.error('boom'); undefinedFunction();</script>")
    page.events.clear()
    page.call("Page.navigate", url=bad.as_uri())
    page.wait_for("Page.loadEventFired")
    page.eval("0")
    assert len(console_errors(page)) >= 2
