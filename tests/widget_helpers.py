"""Driving and reading the apps' widgets without a browser, shared by the UI tests.

- Reading a widget tree: :func:`texts` (every text it holds), :func:`markup` (every piece of
  HTML), :func:`shown` (the text of the visible parts only).
- Driving the sandbox as a trainee: :func:`start` (a solo game from the start screen),
  :func:`join` (a workshop team), :func:`rep`, :func:`add`, :func:`advance`, :func:`message`,
  :func:`play_to_end`.
- Fixtures, registered in a test module by importing them (``# noqa: F401``): a test module
  that imports ``sandbox_fixture`` gets an ``app`` fixture (a sandbox saving to a temporary
  folder); one that imports ``facilitator_fixture`` and ``store_path_fixture`` gets ``app`` (a
  facilitator app on a temporary store) and ``path`` (that store). ``no_user_folders`` clears
  the environment variables that point the apps at the user's own sessions and stores.

Imports ipywidgets, pytest and ``sim.ui``; nothing here asserts what a screen should say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]
import pytest

from sim.ui import FacilitatorApp, SandboxApp, facilitator_app, sandbox_app
from sim.ui.planner import RolePlanner

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 7
USER_FOLDERS = ("SANDTABLE_SESSIONS", "SANDTABLE_WORKSHOPS")


# --- fixtures -------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def no_user_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's own session folder or workshop store."""
    for name in USER_FOLDERS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(name="app")
def sandbox_fixture(tmp_path: Path) -> SandboxApp:
    """A sandbox that saves its sessions in a temporary folder."""
    return sandbox_app(sessions_dir=tmp_path / "sessions")


@pytest.fixture(name="path")
def store_path_fixture(tmp_path: Path) -> Path:
    """Where the facilitator app's store goes (not created until a workshop is)."""
    return tmp_path / "workshops.sqlite"


@pytest.fixture(name="app")
def facilitator_fixture(path: Path) -> Iterator[FacilitatorApp]:
    """The facilitator app in English on the store at ``path``, closed afterwards."""
    made = facilitator_app(path, "en")
    yield made
    made.close()


# --- reading a widget tree ------------------------------------------------------------------
def texts(widget: Any) -> Iterator[str]:
    """Every text a widget tree shows: values, descriptions, options, tab titles, outputs."""
    for name in ("value", "description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            yield value
    for option in getattr(widget, "_options_labels", ()) or ():
        yield str(option)
    for title in getattr(widget, "titles", ()) or ():
        yield str(title)
    for output in getattr(widget, "outputs", ()) or ():
        yield from (str(v) for v in output.get("data", {}).values())
    for child in getattr(widget, "children", ()) or ():
        yield from texts(child)


def markup(widget: Any) -> Iterator[str]:
    """Every piece of HTML a widget tree puts on the page (HTML widgets and outputs)."""
    if isinstance(widget, widgets.HTML):
        yield widget.value
    for output in getattr(widget, "outputs", ()) or ():
        yield str(output.get("data", {}).get("text/html", ""))
    for child in getattr(widget, "children", ()) or ():
        yield from markup(child)


def shown(app: SandboxApp) -> str:
    """All the text on the page, visible parts only (hidden boxes are left out)."""

    def walk(widget: Any) -> Iterator[str]:
        layout = getattr(widget, "layout", None)
        if layout is not None and getattr(layout, "display", None) == "none":
            return
        if not isinstance(widget, widgets.Box):
            yield from texts(widget)
        for child in getattr(widget, "children", ()) or ():
            yield from walk(child)

    return "\n".join(walk(app.root))


# --- driving the sandbox --------------------------------------------------------------------
def start(
    app: SandboxApp,
    team: str = "East",
    roles: tuple[str, ...] = ("sales_rep",),
    seed: int = SEED,
    scenario: Path = SCENARIO,
) -> None:
    """Start a solo game from the start screen, with people in ``roles``."""
    screen = app.start_screen
    assert screen is not None
    screen.scenario.value = str(scenario)
    screen.team.value = team
    screen.seed.value = seed
    for role, box in screen.roles.items():
        box.value = role in roles
    screen.start_button.click()


def join(
    app: SandboxApp,
    store: Path | str,
    code: str = "BLUE22",
    roles: tuple[str, ...] = ("sales_rep",),
) -> None:
    """Join a workshop team from the start screen, with people in ``roles``."""
    screen = app.start_screen
    assert screen is not None
    screen.store_path.value = str(store)
    screen.join_code.value = code
    for role, box in screen.join_roles.items():
        box.value = role in roles
    screen.join_button.click()


def rep(app: SandboxApp) -> RolePlanner:
    """The sales rep's planner on the round screen."""
    assert app.round_screen is not None
    return app.round_screen.planners["sales_rep"]


def add(planner: RolePlanner, activity: str, targets: tuple[str, ...] = ()) -> None:
    """Add an activity with these stakeholders to a role's plan."""
    planner.activity.value = activity
    for target in targets:
        planner.stakeholder_boxes[target].value = True
    planner.add_button.click()


def advance(app: SandboxApp) -> None:
    """Press the round screen's advance button."""
    assert app.round_screen is not None
    app.round_screen.advance_button.click()


def message(app: SandboxApp) -> str:
    """The messages of the screen on show."""
    screen = app.round_screen or app.start_screen or app.end_screen
    assert screen is not None
    return screen.messages.text


def play_to_end(
    app: SandboxApp, decide: Callable[[SandboxApp], None] | None = None, max_weeks: int = 200
) -> None:
    """Advance week by week until the round screen closes (``decide`` plans each week first);
    every advance must be accepted."""
    for _ in range(max_weeks):
        if app.screen != "round":
            return
        if decide is not None:
            decide(app)
        advance(app)
        assert app.round_screen is None or not app.round_screen.messages.lines, message(app)
    raise AssertionError("the deal did not end")
