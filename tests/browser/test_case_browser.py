"""A trainee opens the case and the tender's rules mid-game, in English and in Chinese.

Voilà serves the sandbox; Debian's chromium plays it (issue 13, item 3). The trainee starts the
cross-sell game as the sales rep, holds a discovery meeting in week 0 (a presentation is not
possible yet: the customer's need is still latent, and the planner says so), advances to the
first week the customer forms its requirements, presents there and advances again, and reads a
customer reaction to that presentation under *What happened*. Then — mid-game, week ≥ 1 — the
trainee opens *The case and the rules*, reads each tab, switches to 中文 and opens it again.

Every expected text is made from the scenario and the catalogs (``sim.i18n``), never copied
from the screen. Screenshots go to ``/tmp/case_shots``; the page load and the time from the
click on the toggle to the filled panel are written to ``benchmarks/results/ui_case_panel.json``
(a measurement, not an assertion).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.i18n import translate
from sim.scenario import load_scenario
from sim.ui.case_panel import SECTIONS
from sim.ui.text import label
from tests.test_case_panel import expected_tender_rules

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api")
helpers = pytest.importorskip("tests.browser.test_sandbox_browser")
layout = pytest.importorskip("tests.browser.test_layout_browser")
voila, browser = helpers.voila, helpers.browser  # the same module-scoped fixtures
SCENARIO = load_scenario(helpers.ROOT / "scenarios" / "cross_sell_mes_erp.yaml")
SHOTS = Path("/tmp/case_shots")
RESULTS = helpers.ROOT / "benchmarks" / "results" / "ui_case_panel.json"
AUDIENCE = ("sun", "he", "wu", "zhou")  # the presentation's audience
WIDTH = 1280

# Click the toggle, then wait until the first tab (the situation) holds text and is painted.
OPEN_JS = """
async () => {
  const start = performance.now();
  document.querySelector('.st-case-toggle button, button.st-case-toggle').click();
  const filled = () => {
    const page = document.querySelector('.st-case-page-situation');
    return page && page.innerText.trim().length > 0 && page.offsetParent !== null;
  };
  await new Promise((resolve, reject) => {
    if (filled()) { resolve(); return; }
    const observer = new MutationObserver(() => {
      if (filled()) { observer.disconnect(); resolve(); }
    });
    observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                     characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no panel in 30 s')); }, 30000);
  });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - start;
}
"""


@pytest.fixture
def timings() -> dict[str, float]:
    return {}


@pytest.fixture
def page(browser: Any, voila: str, timings: dict[str, float]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(helpers.TIMEOUT_MS)
    started = time.monotonic()
    page.goto(voila, wait_until="domcontentloaded")
    page.wait_for_selector(".st-start")
    timings["page_load_ms"] = round((time.monotonic() - started) * 1000, 1)
    try:
        yield page
    finally:
        context.close()


def shoot(page: Any, name: str) -> None:
    """The whole app, the viewport made as tall as the page (Voilà scrolls inside it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.querySelector('.st-app').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": int(height) + 120})
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.locator(".st-case-panel").screenshot(path=str(SHOTS / f"{name}_panel.png"))
    page.set_viewport_size({"width": WIDTH, "height": 900})


def names(ids: tuple[str, ...], lang: str) -> list[str]:
    return [SCENARIO.stakeholder(i).name.get(lang) for i in ids]


def reactions_to_the_presentation(lang: str) -> list[str]:
    """Every sentence the feed may show for a reaction to the rep's presentation."""
    rep = next(m for m in SCENARIO.team if m.role == "sales_rep").name.get(lang)
    return [
        translate(f"ui.feed.reaction.{source}.{tone}", lang, target=person, actor=rep)
        for source in ("angle_fit", "angle_misfit")
        for tone in ("warm", "cool")
        for person in names(AUDIENCE, lang)
    ]


def week(page: Any) -> int:
    return int(page.locator(".st-week").get_attribute("data-week"))


def tab(page: Any, section: str, lang: str) -> None:
    title = translate(f"case.tab.{section}", lang)
    page.locator(
        ".st-case-tabs .lm-TabBar-tab, .st-case-tabs .p-TabBar-tab", has_text=title
    ).click()
    page.wait_for_selector(f".st-case-page-{section}:visible")


def open_and_read(page: Any, lang: str, timings: dict[str, float]) -> None:
    """Open the panel (timed), read every tab, check nothing of it is cut off, screenshot."""
    toggle = translate("case.toggle", lang)
    assert page.locator(".st-case-toggle").inner_text().strip() == toggle
    timings[f"open_panel_{lang}_ms"] = round(float(page.evaluate(OPEN_JS)), 1)
    now = week(page)
    assert now >= 1  # mid-game
    tab(page, "tender", lang)
    rules = " ".join(page.locator(".st-case-page-tender").inner_text().split())
    assert [r for r in expected_tender_rules(SCENARIO, lang) if r not in rules] == []
    phase = label("phase", "requirements", lang)
    assert (
        translate(
            "case.dates.now", lang, week=now, horizon=SCENARIO.timeline.horizon_weeks, phase=phase
        )
        in rules
    )
    shoot(page, f"tender_{lang}")
    for section in SECTIONS:
        tab(page, section, lang)
        text = page.locator(f".st-case-page-{section}").inner_text()
        assert text.strip(), section
        if section == "situation":
            assert SCENARIO.account.name.get(lang) in text
        if section == "roles":
            assert label("activity", "solution_presentation", lang) in text
        if section == "glossary":
            assert label("role", "economic_buyer", lang) in text
        if section != "tender":
            shoot(page, f"{section}_{lang}")
    titles = [translate(f"case.tab.{s}", lang) for s in SECTIONS]
    cut = set(layout.truncated(page)) & {toggle, *titles}
    assert cut == set()


def test_a_trainee_sees_a_reaction_then_opens_the_case_mid_game(
    page: Any, timings: dict[str, float]
) -> None:
    helpers.start_game(page, "Case team", roles=("sales_rep",), seed=7)
    planner = page.locator(".st-planner-sales_rep")
    presentation = label("activity", "solution_presentation", "en")
    offered = planner.locator(".st-activity option").evaluate_all("os => os.map(o => o.value)")
    # week 0: the need is latent, a presentation is marked "not in this phase"
    assert presentation + translate("ui.plan.not_now", "en") in offered
    helpers.plan_activity(page, label("activity", "discovery_meeting", "en"), ("zhou", "sun"))
    requirements = translate("ui.header.phase", "en", phase=label("phase", "requirements", "en"))
    while requirements not in page.locator(".st-header").inner_text():
        assert week(page) < 12, "the need should be firm within the scenario's range"
        helpers.advance(page, week(page) + 1)

    presented = week(page)
    planner.locator(".st-activity select").select_option(value=presentation)
    for target in AUDIENCE:
        planner.locator(f".st-target-{target} input").check()
    business = label("angle", "business", "en")
    planner.locator(f"select:has(option[value='{business}'])").select_option(value=business)
    planner.locator("button.st-add").click()
    page.wait_for_selector(".st-planner-sales_rep button.st-remove")
    helpers.advance(page, presented + 1)

    feed_title = translate("ui.round.feed_title", "en", week=presented)
    assert feed_title in page.locator(".st-round").inner_text()
    feed = page.locator(".st-feed-box").inner_text()
    seen = [s for s in reactions_to_the_presentation("en") if s in feed]
    assert seen, feed
    shoot(page, "reaction_en")

    open_and_read(page, "en", timings)
    page.locator(".st-language button", has_text="中文").click()
    page.wait_for_selector(f".st-case-toggle:has-text('{translate('case.toggle', 'zh')}')")
    assert week(page) == presented + 1  # the switch keeps the game where it was
    open_and_read(page, "zh", timings)
    zh_feed = page.locator(".st-feed-box").inner_text()
    assert [s for s in reactions_to_the_presentation("zh") if s in zh_feed]

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "what": "Voilà + chromium, headless, 1280 px: page load = goto → start screen; "
                "open panel = click on 'The case and the rules' → its first tab filled and painted",
                **timings,
                "week_opened": presented + 1,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
