"""The workshop store through its API: creating, pacing, isolation, refusals that change
nothing, bad store files, and schema migrations."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sim.model.plans import Assignment, Plan, PlanError
from sim.policies import resolve_policy
from sim.workshop import (
    AccessError,
    ConflictError,
    Facilitator,
    JoinError,
    RoundClosedError,
    Store,
    StoreBusyError,
    StoreError,
    TeamSeat,
    WorkshopError,
    list_workshops,
)
from sim.workshop import store as store_module
from sim.workshop.migrations import MIGRATIONS, VERSION, statements

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
EXPERT = resolve_policy("expert")
assert EXPERT is not None


def make(path: Path, **options: object) -> Facilitator:
    settings: dict[str, object] = {
        "name": "Test workshop",
        "scenario": SCENARIO,
        "seed": 5,
        "teams": ["Blue", "Red"],
        "join_codes": ["BLUE22", "RED333"],
        "self_paced": True,
    }
    settings.update(options)
    return Facilitator.create(Store(path), **settings)  # type: ignore[arg-type]


def play(seat: TeamSeat, rounds: int = 1) -> None:
    for _ in range(rounds):
        seat.commit(EXPERT.plan(seat.game.observe(feed=False)))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "workshops.sqlite"


# --- creating ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"teams": []}, "no_teams"),
        ({"teams": ["  ", ""]}, "no_teams"),
        ({"teams": ["Blue", "blue "]}, "duplicate_team"),
        ({"teams": ["x" * 61]}, "name_too_long"),
        ({"name": "  "}, "no_name"),
        ({"seed": -1}, "bad_seed"),
        ({"seed": True}, "bad_seed"),
        ({"round_minutes": 5000}, "bad_minutes"),
        ({"join_codes": ["ONLY1"]}, "bad_codes"),
        ({"join_codes": ["SAME22", "same-22"]}, "bad_codes"),
        ({"join_codes": ["AB", "OKAY22"]}, "bad_code_shape"),
        ({"join_codes": ["BLUE22", "RED!33"]}, "bad_code_shape"),
        ({"trainer_code": "x"}, "bad_code_shape"),
    ],
)
def test_a_bad_workshop_is_refused_with_a_reason_and_nothing_is_created(
    path: Path, options: dict[str, object], key: str
) -> None:
    with pytest.raises(WorkshopError) as caught:
        make(path, **options)
    assert caught.value.key == key
    assert "workshop.error" not in str(caught.value)
    assert "workshop.error" not in caught.value.message("zh")
    assert list_workshops(Store(path)) == []


def test_a_join_code_used_in_another_workshop_is_refused(path: Path) -> None:
    make(path)
    with pytest.raises(WorkshopError, match="already used"):
        make(path, join_codes=["GREEN4", "blue-22"])
    assert len(list_workshops(Store(path))) == 1


def test_codes_are_generated_unique_and_typed_in_any_case(path: Path) -> None:
    trainer = make(path, join_codes=None, teams=[f"T{i}" for i in range(30)])
    codes = [t.join_code for t in trainer.teams()]
    assert len(set(codes)) == 30
    assert all(len(c) == 6 and c.isalnum() and c.isupper() for c in codes)
    seat = TeamSeat.join(Store(path), f" {codes[3][:3].lower()}-{codes[3][3:]} ")
    assert seat.team.name == "T3"


# --- who may see what -------------------------------------------------------------------
def test_a_wrong_join_code_gets_a_clear_message_in_both_languages(path: Path) -> None:
    make(path)
    with pytest.raises(JoinError) as caught:
        TeamSeat.join(Store(path), "NOPE99")
    assert "NOPE99" in str(caught.value) and "trainer" in str(caught.value)
    assert "NOPE99" in caught.value.message("zh") and "讲师" in caught.value.message("zh")


def test_a_wrong_trainer_code_opens_nothing(path: Path) -> None:
    trainer = make(path, trainer_code="TRAIN9")
    with pytest.raises(AccessError):
        Facilitator.open(Store(path), trainer.workshop_id, "BLUE22")
    with pytest.raises(AccessError):
        Facilitator(Store(path), trainer.workshop_id, "WRONG1")
    assert Facilitator.open(Store(path), trainer.workshop_id, "train9").trainer_code == "TRAIN9"


def test_a_team_cannot_read_another_teams_decisions_until_the_debrief_opens(path: Path) -> None:
    trainer = make(path)
    blue, red = TeamSeat.join(Store(path), "BLUE22"), TeamSeat.join(Store(path), "RED333")
    play(blue, 3)
    play(red, 2)
    assert len(blue.plans()) == 3
    with pytest.raises(AccessError, match="only your own team"):
        blue.plans("Red")
    with pytest.raises(AccessError):
        red.plans("Blue")
    trainer.open_debrief()
    assert blue.plans("Red") == trainer.plans("Red") == red.game.decisions
    trainer.open_debrief(False)
    with pytest.raises(AccessError):
        blue.plans("Red")


def test_results_of_other_teams_stay_hidden_until_the_debrief_opens(path: Path) -> None:
    trainer = make(path)
    blue, red = TeamSeat.join(Store(path), "BLUE22"), TeamSeat.join(Store(path), "RED333")
    for seat in (blue, red):
        while not seat.game.done:
            play(seat)
    assert set(blue.results()) == {"Blue"}
    assert set(red.results()) == {"Red"}
    trainer.open_debrief()
    assert set(blue.results()) == {"Blue", "Red"}


# --- pacing: refusals change nothing --------------------------------------------------------
def test_a_round_not_released_yet_is_refused_and_the_game_is_unchanged(path: Path) -> None:
    trainer = make(path, self_paced=False)
    seat = TeamSeat.join(Store(path), "BLUE22")
    play(seat)  # week 1 is open from the start
    before = seat.game.log.sha256()
    with pytest.raises(RoundClosedError, match="week 1 has not been released"):
        play(seat)
    assert seat.game.log.sha256() == before and len(seat.game.decisions) == 1
    assert trainer.info.released_week == 0
    assert trainer.release_round() == 1 == trainer.info.released_week
    play(seat)
    assert len(trainer.plans("Blue")) == 2


def test_pause_resume_and_end(path: Path) -> None:
    trainer = make(path)
    seat = TeamSeat.join(Store(path), "BLUE22")
    trainer.pause()
    assert isinstance(seat.closed(), RoundClosedError)
    with pytest.raises(RoundClosedError, match="paused"):
        play(seat)
    assert seat.game.decisions == []
    trainer.resume()
    play(seat)
    trainer.end()
    with pytest.raises(RoundClosedError, match="ended"):
        play(seat)
    with pytest.raises(WorkshopError, match="ended"):
        trainer.release_round() if not trainer.info.self_paced else trainer.resume()
    assert trainer.info.state == "ended" and trainer.info.ended_at is not None
    trainer.open_debrief()  # a debrief opens after the end
    assert trainer.info.debrief_open


def test_a_pause_that_lands_between_the_check_and_the_commit_still_refuses(path: Path) -> None:
    trainer = make(path)
    seat = TeamSeat.join(Store(path), "BLUE22")

    def trainer_pauses_just_after_the_check() -> None:
        trainer.pause()

    seat.closed = trainer_pauses_just_after_the_check  # type: ignore[method-assign,assignment]
    with pytest.raises(RoundClosedError, match="paused"):
        play(seat)
    assert seat.game.decisions == [] and trainer.plans("Blue") == []


def test_an_invalid_plan_changes_neither_the_game_nor_the_store(path: Path) -> None:
    trainer = make(path)
    seat = TeamSeat.join(Store(path), "BLUE22")
    bad = Plan((Assignment("demo_poc", ("nobody",), ("nobody_either",)),))
    with pytest.raises(PlanError):
        seat.commit(bad)
    assert seat.game.decisions == [] and trainer.board()[0].rounds == 0


def test_a_round_committed_by_another_kernel_of_the_team_first_reloads_the_game(
    path: Path,
) -> None:
    make(path)
    first, second = TeamSeat.join(Store(path), "BLUE22"), TeamSeat.join(Store(path), "BLUE22")
    play(first, 2)
    with pytest.raises(ConflictError, match="another window"):
        play(second)
    assert len(second.game.decisions) == 2
    assert second.game.log.sha256() == first.game.log.sha256()
    play(second)  # and it carries on from there
    assert len(TeamSeat.join(Store(path), "BLUE22").game.decisions) == 3


def test_the_board_flags_teams_late_after_the_round_deadline(path: Path) -> None:
    now = [datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)]
    store = Store(path, clock=lambda: now[0])
    trainer = Facilitator.create(
        store,
        name="Deadline",
        scenario=SCENARIO,
        seed=1,
        teams=["Blue", "Red"],
        join_codes=["BLUE22", "RED333"],
        round_minutes=10,
    )
    assert trainer.info.deadline == "2026-11-25T09:10:00+00:00"
    play(TeamSeat.join(store, "BLUE22"))
    assert [r.late for r in trainer.board()] == [False, False]
    now[0] += timedelta(minutes=11)
    assert {r.team: r.late for r in trainer.board()} == {"Blue": False, "Red": True}
    trainer.release_round()
    assert trainer.info.deadline == "2026-11-25T09:21:00+00:00"
    assert [r.late for r in trainer.board()] == [False, False]


def test_the_board_shows_each_teams_round_stage_spend_and_forecast(path: Path) -> None:
    trainer = make(path)
    seat = TeamSeat.join(Store(path), "BLUE22", roles=["sales_rep", "presales"])
    play(seat, 4)
    blue, red = trainer.board()
    view = seat.game.observe()
    assert (blue.rounds, blue.week, blue.stage) == (4, view.week, view.stage)
    assert blue.budget_left == pytest.approx(view.budget_left)
    assert blue.spend == pytest.approx(view.budget - view.budget_left)
    assert blue.forecast_win == seat.game.forecasts[-1].win_probability
    assert blue.joined and not red.joined and red.rounds == 0 and red.budget_left == view.budget
    assert trainer.teams()[0].roles == ("sales_rep", "presales")


# --- the store itself ------------------------------------------------------------------------
def test_the_store_runs_in_wal_mode_with_a_busy_timeout(path: Path) -> None:
    store = Store(path)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION


def test_a_folder_or_a_file_that_is_not_a_store_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    junk = tmp_path / "notes.sqlite"
    junk.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a Sandtable workshop store"):
        Store(junk)
    assert junk.read_text().startswith("these are my notes")


def test_a_store_from_a_newer_sandtable_is_refused_not_misread(path: Path) -> None:
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(StoreError, match="upgrade Sandtable"):
        Store(path)


def test_an_old_store_is_migrated_in_place_keeping_its_data(path: Path) -> None:
    conn = sqlite3.connect(path)
    for statement in statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Store(path)  # version 1 → current
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "assessments" in tables
    trainer = Facilitator.create(
        store, name="After", scenario=SCENARIO, seed=1, teams=["Blue"], self_paced=True
    )
    assert [w.name for w in list_workshops(store)] == ["After"]
    assert trainer.teams()[0].name == "Blue"


def test_a_lock_held_for_a_while_is_waited_out_not_reported(path: Path) -> None:
    make(path)
    seat = TeamSeat.join(Store(path), "BLUE22")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(3.0, lambda: holder.execute("COMMIT"))  # > the busy timeout
    release.start()
    began = time.monotonic()
    play(seat)
    assert time.monotonic() - began >= 2.5  # it really waited for the other writer
    assert len(seat.game.decisions) == 1
    release.join()


def test_a_lock_that_never_ends_gives_a_message_and_changes_nothing(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainer = make(path)
    seat = TeamSeat.join(Store(path), "BLUE22")
    monkeypatch.setattr(store_module, "COMMIT_PATIENCE", 0.5)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 100)
    seat.store.conn.execute("PRAGMA busy_timeout = 100")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusyError, match="nothing was changed"):
            play(seat)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert seat.game.decisions == [] and trainer.board()[0].rounds == 0
    assert "locked" not in StoreBusyError("busy", path="x", seconds="1").message("zh")


def test_another_programs_database_is_never_turned_into_a_store(tmp_path: Path) -> None:
    other = tmp_path / "crm.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not a Sandtable workshop store"):
        Store(other)
    assert other.read_bytes() == before


def test_opening_only_an_existing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "workshops.sqlite"
    with pytest.raises(StoreError, match="no workshop store here"):
        Store(missing, create=False)
    assert not missing.parent.exists()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="not a Sandtable workshop store"):
        Store(empty, create=False)
    assert empty.read_bytes() == b""
    Store(tmp_path / "real.sqlite").close()
    assert Store(tmp_path / "real.sqlite", create=False).integrity() == "ok"
