"""The HTML report opened in Debian's chromium (headless): no console errors, and screenshots.

Playwright drives /usr/bin/chromium with a fresh profile and background networking off. The
English and the Chinese report of the Team Blue sample are opened from file://; every console
error or page error fails the test. Screenshots go to ``artifacts/report_en.png`` and
``artifacts/report_zh.png`` (full page) for a person to look at.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim import Simulation
from sim.analysis import build_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SESSION = ROOT / "sessions" / "team_blue_cross_sell.json"
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000

sync_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free loopback port, as a shared report is opened (a file:
    page is its own security origin, which newer chromium reports as a console error)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def platform_fonts(browser: Any, page: Any, selector: str) -> list[dict[str, Any]]:
    """The fonts chromium really used to draw the text of ``selector`` (DevTools protocol)."""
    devtools = browser.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts: list[dict[str, Any]] = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})[
        "fonts"
    ]
    devtools.detach()
    return fonts


@pytest.mark.parametrize(
    ("lang", "heading", "font_probe"),
    [
        ("en", "What happened", "Debrief"),
        ("zh", "发生了什么", "复盘报告"),  # the start of the page title
    ],
)
def test_the_report_opens_without_console_errors(
    browser: Any, tmp_path: Path, lang: str, heading: str, font_probe: str
) -> None:
    report = tmp_path / f"report_{lang}.html"
    report.write_text(
        build_report(Simulation.load(SESSION), lang, replications=20), encoding="utf-8"
    )
    page = browser.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    with served(tmp_path) as base:
        page.goto(f"{base}/{report.name}", wait_until="load", timeout=TIMEOUT_MS)
        _check_page(browser, page, lang, heading, font_probe)
    page.close()
    assert problems == []


def _check_page(browser: Any, page: Any, lang: str, heading: str, font_probe: str) -> None:
    assert page.locator("h2", has_text=heading).count() == 1
    images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
    assert len(images) >= 7 and all(done and width > 0 for done, width in images)
    fonts = platform_fonts(browser, page, "h1")
    assert sum(f["glyphCount"] for f in fonts) >= len(font_probe)
    if lang == "zh":  # the Chinese title is drawn with the CJK font, not boxes from a fallback
        assert [f["familyName"] for f in fonts] == ["Noto Sans CJK SC"], fonts
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report_{lang}.png"), full_page=True)
