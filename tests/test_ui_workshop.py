"""Trainees join a workshop from the sandbox, driven like a trainee would, without a browser.

A trainer creates a workshop in a temporary store (the cross-sell scenario, seed 7) with the
teams "Blue" (code BLUE22) and "Orchid" (ORCH77). A table joins as Blue from the start screen
and plays; the trainer pauses, releases weeks and opens the debrief through its own handle on
the same store. Every assertion is on the store, the team's game or what the screen shows.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

import sim
from sim.policies import ExpertPolicy
from sim.ui import SandboxApp, sandbox_app
from sim.workshop import Facilitator, Store, TeamSeat
from tests.widget_helpers import (
    SCENARIO,
    SEED,
    add,
    advance,
    join,
    message,
    no_user_folders,  # noqa: F401  (a fixture: used by every test here)
    play_to_end,
    rep,
    sandbox_fixture,  # noqa: F401  (a fixture: ``app``)
    shown,
    texts,
)

WORKSHOP = "Shanghai 11-25"
OTHER = "Orchid"  # the other team: its name must not appear before the debrief opens


# --- helpers ----------------------------------------------------------------------------------


def make_workshop(
    path: Path, *, self_paced: bool = True, round_minutes: int = 0, store: Store | None = None
) -> Facilitator:
    return Facilitator.create(
        store or Store(path),
        name=WORKSHOP,
        scenario=SCENARIO,
        seed=SEED,
        teams=["Blue", OTHER],
        join_codes=["BLUE22", "ORCH77"],
        self_paced=self_paced,
        round_minutes=round_minutes,
    )


def rounds_of(trainer: Facilitator, team: str = "Blue") -> int:
    return next(row.rounds for row in trainer.board() if row.team == team)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "shared" / "workshops.sqlite"


# --- joining ----------------------------------------------------------------------------------


def test_the_join_form_is_prefilled_with_the_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDTABLE_WORKSHOPS", str(tmp_path / "hub"))
    app = sandbox_app(sessions_dir=tmp_path / "sessions")
    assert app.start_screen is not None
    assert app.start_screen.store_path.value == str(tmp_path / "hub" / "workshops.sqlite")
    assert "Join a workshop" in shown(app)


def test_a_wrong_join_code_is_explained_and_nothing_changes(
    app: SandboxApp, store_path: Path, tmp_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path, code="NOPE99")
    assert app.screen == "start" and app.game is None
    assert "no team has the join code 'NOPE99'" in message(app)
    assert "Traceback" not in message(app)
    assert [t.joined_at for t in trainer.teams()] == [None, None]
    assert not (tmp_path / "sessions").exists()

    app.language.value = "zh"  # the form keeps what was typed; the message comes in Chinese
    assert app.start_screen is not None and app.start_screen.join_code.value == "NOPE99"
    app.start_screen.join_button.click()
    assert "没有团队使用加入码 'NOPE99'" in message(app)
    assert "no team" not in message(app)


def test_a_missing_store_is_explained_and_not_created(app: SandboxApp, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "workshops.sqlite"
    join(app, missing)
    assert app.screen == "start"
    assert f"There is no workshop store at {missing}" in message(app)
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize("kind", ["text", "empty", "other_sqlite"])
def test_a_file_that_is_not_a_store_is_explained_and_left_alone(
    app: SandboxApp, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"notes-{kind}.sqlite"
    if kind == "text":
        path.write_text("shopping list\n", encoding="utf-8")
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (text TEXT)")
        conn.close()
    before = path.read_bytes()
    join(app, path)
    assert app.screen == "start"
    assert f"{path} is not a Sandtable workshop store" in message(app)
    assert path.read_bytes() == before


def test_joining_shows_the_workshop_and_team_and_records_the_roles(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path, code="blue-22")  # any case, dashes: as people type codes
    assert app.screen == "round", message(app)
    assert app.game is not None and app.game.seat is not None
    header = app.round_screen.header.value  # type: ignore[union-attr]
    assert f"Workshop: {WORKSHOP}" in header and "Team: Blue" in header
    assert "Play at your own pace" in header
    assert f"recorded in the workshop store {store_path}" in header
    assert list(app.round_screen.planners) == ["sales_rep"]  # type: ignore[union-attr]
    blue = next(t for t in trainer.teams() if t.name == "Blue")
    assert blue.roles == ("sales_rep",) and blue.joined_at is not None


def test_two_weeks_played_are_two_rounds_in_the_store(
    app: SandboxApp, store_path: Path, tmp_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path)
    add(rep(app), "discovery_meeting", ("zhou", "sun"))
    advance(app)
    advance(app)
    assert app.game is not None and app.game.sim.round == 2 and not message(app)
    assert rounds_of(trainer) == 2 and rounds_of(trainer, OTHER) == 0
    plans = trainer.plans("Blue")
    assert plans[0].assignments[0] == sim.Assignment("discovery_meeting", ("rep",), ("zhou", "sun"))
    assert plans[0].forecast == sim.Forecast("prospecting", 0.1)
    assert trainer.simulation("Blue").log.sha256() == app.game.sim.log.sha256()
    assert not (tmp_path / "sessions").exists()  # the store is the record
    assert app.round_screen is not None
    assert "What happened in week 1" in app.round_screen.feed_title.value


# --- the trainer's pace -----------------------------------------------------------------------


def test_a_paused_workshop_refuses_advance_and_keeps_the_draft(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path)
    screen = app.round_screen
    assert screen is not None and app.game is not None
    trainer.pause()  # after the screen was drawn: Advance is still on
    add(rep(app), "discovery_meeting", ("zhou",))
    events = len(app.game.sim.log)

    advance(app)

    assert "the trainer has paused workshop 'Shanghai 11-25'" in message(app)
    assert app.game.sim.round == 0 and len(app.game.sim.log) == events
    assert app.game.drafts == [sim.Assignment("discovery_meeting", ("rep",), ("zhou",))]
    assert rounds_of(trainer) == 0
    assert "Paused by the trainer" in screen.header.value
    assert screen.advance_button.disabled
    assert "looks again every 10 seconds" in screen.workshop_note.value

    screen.check_button.click()  # still paused: still off
    assert screen.advance_button.disabled
    trainer.resume()
    screen.check_button.click()
    assert not screen.advance_button.disabled and screen.workshop_note.value == ""
    advance(app)
    assert app.game.sim.round == 1 and rounds_of(trainer) == 1 and not message(app)
    assert trainer.plans("Blue")[0].assignments[0].targets == ("zhou",)


def test_a_paced_workshop_waits_for_the_trainer_to_release_the_next_week(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path, self_paced=False)
    join(app, store_path)
    screen = app.round_screen
    assert screen is not None and app.game is not None
    assert not screen.advance_button.disabled
    advance(app)
    assert app.game.sim.round == 1

    assert "Waiting for the trainer to release week 1" in screen.header.value
    assert screen.advance_button.disabled
    add(rep(app), "discovery_meeting", ("wu",))
    advance(app)  # clicked anyway (a stale page): refused by the store, the draft is kept
    assert "week 1 has not been released yet" in message(app)
    assert app.game.sim.round == 1 and rounds_of(trainer) == 1 and len(app.game.drafts) == 1

    trainer.release_round()
    screen.check_button.click()
    assert not screen.advance_button.disabled
    assert "Week 1 is open" in screen.header.value
    advance(app)
    assert app.game.sim.round == 2 and rounds_of(trainer) == 2 and app.game.drafts == []


@pytest.fixture
def shanghai_time() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_the_deadline_is_shown_in_local_time(
    app: SandboxApp, store_path: Path, shanghai_time: None
) -> None:
    clock = Store(store_path, clock=lambda: datetime(2030, 1, 1, 1, 0, tzinfo=timezone.utc))
    make_workshop(store_path, self_paced=False, round_minutes=30, store=clock)
    join(app, store_path)
    assert app.round_screen is not None
    assert "Week 0 is due at 2030-01-01 09:30" in app.round_screen.header.value  # 01:30 UTC
    app.language.value = "zh"
    assert "第0周截止时间：2030-01-01 09:30" in app.round_screen.header.value


# --- several laptops, one team ----------------------------------------------------------------


def test_rejoining_in_another_app_resumes_the_same_game_with_the_recorded_roles(
    app: SandboxApp, store_path: Path, tmp_path: Path
) -> None:
    make_workshop(store_path)
    join(app, store_path)
    add(rep(app), "discovery_meeting", ("zhou", "sun"))
    advance(app)
    advance(app)
    advance(app)
    assert app.game is not None

    other = sandbox_app(sessions_dir=tmp_path / "laptop2")
    join(other, store_path, roles=("sales_rep", "presales", "project_manager", "executive"))
    assert other.screen == "round" and other.game is not None
    assert other.game.sim.round == 3
    assert other.game.sim.log.sha256() == app.game.sim.log.sha256()
    assert other.game.played == ("sales_rep",)  # the roles recorded at the first join win
    assert "Week 3 of 40" in other.round_screen.header.value  # type: ignore[union-attr]


def test_a_week_played_first_on_another_laptop_reloads_the_game(
    app: SandboxApp, store_path: Path, tmp_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path)
    other = sandbox_app(sessions_dir=tmp_path / "laptop2")
    join(other, store_path)
    add(rep(other), "discovery_meeting", ("zhou", "sun"))
    advance(other)
    assert other.game is not None and other.game.sim.round == 1

    add(rep(app), "relationship_visit", ("zhou",))
    advance(app)  # this laptop still shows week 0

    assert "played week 0 first" in message(app)
    assert "1 of your 1 planned activities are kept" in message(app)
    assert app.game is not None and app.game.sim.round == 1
    assert app.game.sim.log.sha256() == other.game.sim.log.sha256()
    # the draft is not lost: it moves on to the new week, where the engine still accepts it
    assert [a.activity for a in app.game.drafts] == ["relationship_visit"]
    assert 'data-week="1"' in app.round_screen.header.value  # type: ignore[union-attr]
    assert rounds_of(trainer) == 1
    assert trainer.plans("Blue")[0].assignments[0].activity == "discovery_meeting"
    advance(app)
    assert app.game.sim.round == 2 and rounds_of(trainer) == 2
    assert trainer.plans("Blue")[1].assignments[0].activity == "relationship_visit"

    assert other.round_screen is not None
    other.round_screen.check_button.click()  # the other laptop catches up on request
    assert other.game.sim.round == 2
    assert "reloaded" in message(other)


# --- the end ----------------------------------------------------------------------------------


def finish(store_path: Path, code: str) -> None:
    """Another team plays its whole game (the expert policy at its table)."""
    seat = TeamSeat.join(Store(store_path), code)
    policy = ExpertPolicy()
    while not seat.game.done:
        seat.commit(policy.plan(seat.game.observe(feed=False)))
    seat.store.close()


def test_the_end_screen_compares_teams_only_once_the_debrief_is_open(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path)
    finish(store_path, "ORCH77")
    join(app, store_path, roles=())
    play_to_end(app)
    assert app.screen == "end" and app.end_screen is not None and app.game is not None
    result = app.game.sim.result()
    assert trainer.results()["Blue"].event_log_sha256 == result.event_log_sha256
    end = app.end_screen
    assert f"{result.pursuit_spend:,.0f} CNY" in end.summary.value  # our own result
    assert "opens when the trainer opens the debrief" in end.comparison.value
    assert OTHER not in "\n".join(texts(app.root))
    app.language.value = "zh"
    assert "讲师开放复盘后" in app.end_screen.comparison.value  # type: ignore[union-attr]
    assert OTHER not in "\n".join(texts(app.root))
    app.language.value = "en"
    end = app.end_screen
    assert end is not None

    end.check_button.click()  # not open yet: nothing changes
    assert OTHER not in "\n".join(texts(app.root))

    trainer.open_debrief()
    end.check_button.click()
    table = end.comparison.value
    assert "<table" in table and OTHER in table and "Blue (your team)" in table
    other = trainer.results()[OTHER]
    assert f"{other.margin:,.0f} CNY" in table and f"{result.margin:,.0f} CNY" in table
    assert end.check_button.layout.display == "none"

    end.save_button.click()  # a local copy of the workshop game, as a session file
    assert app.game.path.exists() and app.game.path.parent.name == "sessions"
    assert sim.Simulation.load(app.game.path).log.sha256() == result.event_log_sha256


def test_a_rejoin_after_the_end_opens_the_end_screen(app: SandboxApp, store_path: Path) -> None:
    make_workshop(store_path)
    finish(store_path, "BLUE22")
    join(app, store_path)
    assert app.screen == "end" and app.end_screen is not None
    assert "Team: Blue" in app.end_screen.summary.value


# --- words ------------------------------------------------------------------------------------


def test_every_workshop_label_has_a_translation_in_both_languages(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path, self_paced=False)
    for lang in ("zh", "en"):
        app.language.value = lang
        assert "ui." not in "\n".join(texts(app.root))
    app.language.value = "zh"
    assert "加入工作坊" in shown(app)
    join(app, store_path)
    advance(app)
    trainer.pause()
    assert app.round_screen is not None
    app.round_screen.check_button.click()
    page = "\n".join(texts(app.root))
    assert "ui." not in page and "workshop." not in page
    header = app.round_screen.header.value
    assert f"工作坊：{WORKSHOP}" in header and "讲师已暂停" in header
    assert "讲师已暂停工作坊" in app.round_screen.workshop_note.value
    assert app.round_screen.check_button.description == "再查一次"


def test_a_workshop_ended_mid_game_takes_the_team_to_its_end_screen(
    app: SandboxApp, store_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path)
    advance(app)
    trainer.end()
    assert app.round_screen is not None
    app.round_screen.check_button.click()
    assert app.screen == "end" and app.end_screen is not None
    summary = app.end_screen.summary.value
    assert "The workshop ended before the customer decided" in summary
    assert "Weeks to the decision" not in summary and "Weeks played</th><td>1<" in summary
    assert OTHER not in app.end_screen.comparison.value  # still hidden
    trainer.open_debrief()
    app.end_screen.check_button.click()
    assert OTHER in app.end_screen.comparison.value
    assert rounds_of(trainer) == 1


def test_rejoining_an_ended_workshop_with_an_unfinished_game_opens_the_end_screen(
    app: SandboxApp, store_path: Path, tmp_path: Path
) -> None:
    trainer = make_workshop(store_path)
    join(app, store_path)
    advance(app)
    trainer.end()
    again = sandbox_app(sessions_dir=tmp_path / "other")
    join(again, store_path)
    assert again.screen == "end", message(again)


def test_a_waiting_team_is_told_what_it_waits_for_and_looks_again_by_itself(
    app: SandboxApp, store_path: Path
) -> None:
    """After a release the team need not press Check again: the screen's poll (a browser
    ticker) re-reads the workshop and opens Advance."""
    trainer = make_workshop(store_path, self_paced=False)
    join(app, store_path)
    screen = app.round_screen
    assert screen is not None and app.game is not None
    advance(app)
    assert "Waiting for the trainer to release week 1" in screen.workshop_note.value
    assert screen.poll.playing  # ticking while the team waits
    screen.poll.value += 1  # a tick before the release: nothing changes
    assert screen.advance_button.disabled
    trainer.release_round()
    screen.poll.value += 1  # the next tick
    assert not screen.advance_button.disabled and not screen.poll.playing
    assert "you can advance now" in message(app)
