"""The red team in a real browser: the trainer gives competitor Yunqi to a red team from the
board (``facilitator.ipynb``), one red-team seat joins with that code through
``notebooks/workshop_seat.ipynb`` and plays Yunqi against teams Red and Blue for three weeks
(each team one seat, the sales rep, played here through the store as a colleague's device
would). Each week the red team plans a move per team from what Yunqi could observe in that
team's deal and marks ready; the team's week commits then (the red team is an occupied seat).

What must show: the red team's screen has both teams' views in words and moves on by itself
when a week commits; its moves are in the engine's log of both games (``competitor_move``,
note ``seat``) and in both teams' debriefs (the red-team section, which the trainer's
deadline-forced rest of the game leaves to the computer). Screenshots and timings go to
/tmp/red_shots.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.analysis.report import build_report
from sim.workshop import Facilitator, RoleSeat, Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SHOTS = Path("/tmp/red_shots")
TIMEOUT_MS = 180_000  # a cold Voilà kernel may take long to first paint on a loaded machine
UPDATE_MS = 30_000
TRAINER_CODE = "TRNR42"
CODES = {"Red": "RED333", "Blue": "BLUE22"}
VENDOR, VENDOR_NAME = "yunqi", "Yunqi Software"
WEEKS = 3
NAMES = {  # the buying centre in words -> ids (the screen shows only the words)
    "Chen Jianguo": "chen",
    "Liu Fang": "liu",
    "Zhou Wei": "zhou",
    "Wu Lei": "wu",
    "Sun Hao": "sun",
    "He Min": "he",
}
MOVES = {"Red": "raise doubts", "Blue": "relationship visit"}

sync_api = pytest.importorskip("playwright.sync_api")
browser_helpers = pytest.importorskip("tests.browser.test_sandbox_browser")
workshop_helpers = pytest.importorskip("tests.browser.test_workshop_browser")
seat_helpers = pytest.importorskip("tests.browser.test_seats_browser")
browser = browser_helpers.browser


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("shared-red")
    with Store(folder / "workshops.sqlite") as store:
        trainer = Facilitator.create(
            store,
            name="Red team in a browser",
            scenario=SCENARIO,
            seed=7,
            teams=list(CODES),
            join_codes=list(CODES.values()),
            trainer_code=TRAINER_CODE,
            self_paced=True,
        )
    return folder, trainer.workshop_id


def _serve(
    notebook: str, env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("voila-red")
    process, url = workshop_helpers.serve(notebook, env, logs / "voila.log")
    try:
        yield url
    finally:
        browser_helpers.stop(process)


@pytest.fixture(scope="module")
def seat_url(workshop: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _serve(
        "workshop_seat.ipynb", {"SANDTABLE_WORKSHOPS": str(workshop[0])}, tmp_path_factory
    )


@pytest.fixture(scope="module")
def board_url(
    workshop: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder, workshop_id = workshop
    env = {
        "SANDTABLE_WORKSHOPS": str(folder),
        "SANDTABLE_WORKSHOP": str(workshop_id),
        "SANDTABLE_TRAINER_CODE": TRAINER_CODE,
    }
    yield from _serve("facilitator.ipynb", env, tmp_path_factory)


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def seat_moves(store_path: Path, team: str) -> list[tuple[int, str, str]]:
    with Store(store_path) as store:
        game = Facilitator.open(store, 1, TRAINER_CODE).simulation(team)
    return [
        (r.round, r.activity, r.target)
        for r in game.log.records
        if r.kind == "competitor_move" and r.actor == VENDOR and r.note == "seat"
    ]


def test_one_red_team_plays_a_competitor_against_two_teams_for_three_weeks(
    browser: Any, seat_url: str, board_url: str, workshop: tuple[Path, int]
) -> None:
    folder, workshop_id = workshop
    store_path = folder / "workshops.sqlite"
    timings: dict[str, Any] = {"commit_shown_s": []}

    # --- the trainer gives Yunqi to a red team from the board -----------------------------
    started = time.monotonic()
    board = seat_helpers.open_page(browser, board_url, ".st-board-table")
    timings["board_first_paint_s"] = round(time.monotonic() - started, 2)
    seat_helpers.choose(board, ".st-red-team-vendor-choice", VENDOR_NAME)
    board.locator("button.st-red-team-give").click()
    row = board.locator(f'.st-red-team-row[data-vendor="{VENDOR}"]')
    row.wait_for(timeout=UPDATE_MS)
    code = str(row.get_attribute("data-code"))
    assert code and code not in CODES.values()
    shot(board, "board_red_team_given")

    # --- the red team sits down with its own code (no role) -------------------------------
    started = time.monotonic()
    red = seat_helpers.open_page(browser, seat_url, "button.st-seat-join")
    timings["seat_first_paint_s"] = round(time.monotonic() - started, 2)
    red.locator(".st-join-code input").fill(code.lower())
    red.locator(".st-seat-person input").fill("Gao Min")
    started = time.monotonic()
    red.locator("button.st-seat-join").click()
    red.wait_for_selector(".st-red-team .st-rival-team-red .st-rival-view[data-week='0']")
    timings["join_s"] = round(time.monotonic() - started, 2)
    board.wait_for_selector(".st-red-team-row:has-text('Gao Min')", timeout=UPDATE_MS)
    text = red.locator(".st-red-team").inner_text()
    assert "Against team Red" in text and "Against team Blue" in text
    assert f"Red team: {VENDOR_NAME} (Gao Min)" in text and "You can reach them" in text

    seats = {team: RoleSeat.join(Store(store_path), c, "sales_rep") for team, c in CODES.items()}
    planned: dict[str, list[tuple[int, str, str]]] = {team: [] for team in CODES}
    for week in range(WEEKS):
        for team, move in MOVES.items():
            seats[team].ready()  # the team's seat is ready: its week waits for the red team
            assert len(seats[team].game.decisions) == week
            panel = red.locator(f".st-rival-team-{team.lower()}")
            panel.locator(f".st-rival-view[data-week='{week}']").wait_for(timeout=UPDATE_MS)
            seat_helpers.choose(panel, ".st-rival-move-0", move)
            options = panel.locator(".st-rival-target-0 option").evaluate_all(
                "options => options.map(o => o.textContent)"
            )
            words = " ".join(options[1 + week % (len(options) - 1)].split())
            seat_helpers.choose(panel, ".st-rival-target-0", words)
            value = NAMES[words]
            panel.locator("button.st-rival-save").click()
            try:
                panel.locator(".st-rival-planned[data-moves='1']").wait_for(timeout=UPDATE_MS)
            except Exception:
                shot(red, f"refused_{team}_week{week}")
                raise AssertionError(red.locator(".st-messages").inner_text()) from None
            assert words in panel.locator(".st-rival-planned").inner_text()
            if week == 0 and team == "Red":
                shot(red, "red_team_week0_planned")
            clicked = time.monotonic()
            panel.locator("button.st-rival-ready").click()
            panel.locator(f".st-rival-view[data-week='{week + 1}']").wait_for(timeout=UPDATE_MS)
            timings["commit_shown_s"].append(round(time.monotonic() - clicked, 2))
            seats[team].sync()
            assert len(seats[team].game.decisions) == week + 1
            chosen = seats[team].game.decisions[week].rivals
            assert [(o.vendor, o.moves[0].target) for o in chosen] == [(VENDOR, value)]
            planned[team].append((week, chosen[0].moves[0].move, value))
    shot(red, f"red_team_week{WEEKS}")
    shot(board, f"board_week{WEEKS}")

    # --- the moves are in the engine's log of both games -----------------------------------
    for team in CODES:
        logged = seat_moves(store_path, team)
        assert [m for m in logged if m[0] < WEEKS] == planned[team], team

    # --- the rest of each game is the computer's; both debriefs show the red team ----------
    started = time.monotonic()
    with Store(store_path) as store:
        trainer = Facilitator.open(store, workshop_id, TRAINER_CODE)
        for _week in range(200):
            if not trainer.force_commit():
                break
        games = {team: trainer.simulation(team) for team in CODES}
    timings["finish_games_s"] = round(time.monotonic() - started, 2)
    assert all(g.done for g in games.values())
    for team, game in games.items():
        started = time.monotonic()
        page_html = build_report(game, "en", replications=0, change=None)
        timings[f"debrief_{team}_s"] = round(time.monotonic() - started, 2)
        path = SHOTS / f"debrief_{team}.html"
        SHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(page_html, encoding="utf-8")
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.goto(path.as_uri())
        section = page.locator("p", has_text="was played by people (the red team)")
        assert section.count() >= 1, team
        words = section.first.inner_text()
        assert f"{VENDOR_NAME} was played by people (the red team): {WEEKS} moves" in words
        section.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"debrief_{team}_red_team.png"))
        page.context.close()

    (SHOTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    sys.stdout.write(f"red team timings: {json.dumps(timings)}\n")
    for page in (red, board):
        page.context.close()
