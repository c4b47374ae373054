"""A workshop in a real browser: two tables join through the sandbox served by Voilà, one in
Chinese; the trainer paces the weeks; the facilitator notebook, also served by Voilà, shows the
teams on its live board.

Debian's chromium is driven by Playwright (``executable_path``); the store is a temporary file
that the Voilà kernels reach through ``SANDTABLE_WORKSHOPS``, as kernels on a JupyterHub would.
Screenshots go to ``artifacts/workshop_*.png``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.workshop import Facilitator, Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
TIMEOUT_MS = 60_000
TRAINER_CODE = "TRNR42"

sync_api = pytest.importorskip("playwright.sync_api")
browser_helpers = pytest.importorskip("tests.browser.test_sandbox_browser")
CHROMIUM, CHROMIUM_ARGS = browser_helpers.CHROMIUM, browser_helpers.CHROMIUM_ARGS


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("shared")
    with Store(folder / "workshops.sqlite") as store:
        trainer = Facilitator.create(
            store,
            name="Browser workshop",
            scenario=SCENARIO,
            seed=7,
            teams=["Blue", "Red"],
            join_codes=["BLUE22", "RED333"],
            trainer_code=TRAINER_CODE,
        )
    return folder, trainer.workshop_id


def serve(notebook: str, env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = browser_helpers.free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("voila")),
            str(ROOT / "notebooks" / notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        browser_helpers.wait_until_answering(url, process)
    except BaseException:
        browser_helpers.stop(process)
        raise
    return process, url


@pytest.fixture(scope="module")
def sandbox(workshop: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder, _ = workshop
    logs = tmp_path_factory.mktemp("voila-sandbox")
    process, url = serve(
        "sandbox.ipynb",
        {"SANDTABLE_WORKSHOPS": str(folder), "SANDTABLE_SESSIONS": str(logs)},
        logs / "voila.log",
    )
    try:
        yield url
    finally:
        browser_helpers.stop(process)


browser = browser_helpers.browser  # one headless chromium for the module, as for the sandbox


def open_page(browser: Any, url: str, ready: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(ready)
    return page


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workshop_{name}.png"), full_page=True)


def join(page: Any, code: str) -> None:
    page.locator(".st-join-code input").fill(code)
    page.locator("button.st-join").click()


def test_two_tables_join_play_and_wait_for_the_trainer(
    browser: Any, sandbox: str, workshop: tuple[Path, int]
) -> None:
    folder, workshop_id = workshop
    blue = open_page(browser, sandbox, "button.st-join")
    assert blue.locator(".st-store-path input").input_value() == str(
        folder / "workshops.sqlite"
    )  # the shared store, from SANDTABLE_WORKSHOPS
    join(blue, "NOPE99")
    blue.wait_for_selector("text=no team has the join code 'NOPE99'")
    assert blue.locator(".st-start-screen").is_visible()

    join(blue, "blue22")
    blue.wait_for_selector('.st-week[data-week="0"]')
    header = blue.locator(".st-header").inner_text()
    assert "Browser workshop" in header and "Blue" in header
    blue.locator("button.st-advance").click()
    blue.wait_for_selector('.st-week[data-week="1"]')
    # Week 1 is not released yet: Advance waits for the trainer.
    blue.wait_for_selector("text=Waiting for the trainer to release week 1")
    assert blue.locator("button.st-advance").is_disabled()
    screenshot(blue, "waiting_en")

    red = open_page(browser, sandbox, "button.st-join")
    red.locator(".st-language button", has_text="中文").click()
    red.wait_for_selector("button.st-join:has-text('加入')")
    join(red, "RED333")
    red.wait_for_selector('.st-week[data-week="0"]')
    assert "工作坊" in red.locator(".st-header").inner_text()
    red.locator("button.st-advance").click()
    red.wait_for_selector('.st-week[data-week="1"]')
    screenshot(red, "waiting_zh")

    with Store(folder / "workshops.sqlite") as store:
        trainer = Facilitator.open(store, workshop_id, TRAINER_CODE)
        assert [(r.team, r.rounds) for r in trainer.board()] == [("Blue", 1), ("Red", 1)]
        assert trainer.release_round() == 1
    blue.locator("button.st-check").click()
    blue.wait_for_selector("button.st-advance:not([disabled])")
    blue.locator("button.st-advance").click()
    blue.wait_for_selector('.st-week[data-week="2"]')
    with Store(folder / "workshops.sqlite") as store:
        rows = Facilitator.open(store, workshop_id, TRAINER_CODE).board()
        assert [(r.team, r.rounds) for r in rows] == [("Blue", 2), ("Red", 1)]
    for page in (blue, red):
        page.context.close()


def test_the_facilitator_notebook_shows_the_live_board(
    browser: Any, workshop: tuple[Path, int], tmp_path: Path
) -> None:
    folder, workshop_id = workshop
    process, url = serve(
        "facilitator.ipynb",
        {
            "SANDTABLE_WORKSHOPS": str(folder),
            "SANDTABLE_WORKSHOP": str(workshop_id),
            "SANDTABLE_TRAINER_CODE": TRAINER_CODE,
        },
        tmp_path / "voila.log",
    )
    try:
        page = open_page(browser, url, ".st-board-table")
        board = page.locator(".st-board-table").first.inner_text()
        assert "Blue" in board and "Red" in board
        assert "BLUE22" not in page.locator(".st-board-table").first.inner_text()
        screenshot(page, "facilitator_en")
        page.context.close()
    finally:
        browser_helpers.stop(process)
