"""The red team in a workshop: a competitor given to people with its own join code, its order
per team and week checked in that team's game, merged into the team's committed week, counted
as an occupied seat for readiness, and replayed from the store like every other decision."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sim import Simulation
from sim.model.plans import Plan, PlanError
from sim.model.rivals import RivalMove, RivalOrder
from sim.ui.facilitator.board import seats_cell
from sim.workshop import Facilitator, JoinError, RoleSeat, Store, WorkshopError
from sim.workshop.migrations import MIGRATIONS, VERSION, statements
from sim.workshop.red_team import RedTeamSeat

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 7
VENDOR = "yunqi"  # the doubt raiser of the scenario: raise_doubt, relationship_visit


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "workshops.sqlite"


def make(path: Path) -> Facilitator:
    return Facilitator.create(
        Store(path),
        name="Red team",
        scenario=SCENARIO,
        seed=SEED,
        teams=["Red", "Blue"],
        join_codes=["RED333", "BLUE22"],
        self_paced=True,
    )


def reachable(red: RedTeamSeat, team: str) -> list[str]:
    return [p.id for p in red.view(team).people if p.reachable]


def moves_logged(game: Simulation) -> list[tuple[int, str, str]]:
    return [
        (r.round, r.activity, r.target)
        for r in game.log.records
        if r.kind == "competitor_move" and r.actor == VENDOR and r.note == "seat"
    ]


def test_the_trainer_gives_a_competitor_with_its_own_code_and_refuses_what_does_not_fit(
    path: Path,
) -> None:
    trainer = make(path)
    red = trainer.add_red_team(VENDOR, join_code="redt-77")
    assert red.join_code == "REDT77" and red.vendor == VENDOR and red.joined_at is None
    assert trainer.red_teams() == [red]
    with pytest.raises(WorkshopError) as unknown:
        trainer.add_red_team("nobody")
    assert "yunqi, jinding" in str(unknown.value) and "没有竞争对手" in unknown.value.message("zh")
    with pytest.raises(WorkshopError, match="already played by a red team"):
        trainer.add_red_team(VENDOR)
    with pytest.raises(WorkshopError):  # a team's code is not a red team's, and back
        trainer.add_red_team("jinding", join_code="RED333")
    with pytest.raises(WorkshopError):
        trainer.add_team("Green", join_code="REDT77")
    with pytest.raises(JoinError):
        RedTeamSeat.join(Store(path), "RED333")


def test_the_red_teams_view_is_the_vendors_and_an_order_that_does_not_fit_is_refused(
    path: Path,
) -> None:
    trainer = make(path)
    code = trainer.add_red_team(VENDOR).join_code
    red = RedTeamSeat.join(Store(path), code, person="Gao")
    view = red.view("Red")
    assert view.vendor == VENDOR and set(view.moves) == {"raise_doubt", "relationship_visit"}
    assert {p.id for p in view.people} == {s.id for s in red.game("Red").scenario.stakeholders}
    far = next(p.id for p in view.people if not p.reachable)
    with pytest.raises(PlanError) as refused:
        red.order("Red", [RivalMove("raise_doubt", far)])
    assert [r.key for r in refused.value.reasons] == ["rival_unreachable"]
    with pytest.raises(PlanError) as bad:
        red.order("Red", [RivalMove("price_offer", reachable(red, "Red")[0])], discount=0.9)
    assert {r.key for r in bad.value.reasons} == {"rival_bad_move", "rival_bad_discount"}
    assert red.draft("Red").order is None  # nothing stored
    red.order("Red", [RivalMove("raise_doubt", reachable(red, "Red")[0])], discount=0.05)
    assert red.draft("Red").order is not None and red.draft("Blue").order is None


def test_the_red_team_is_an_occupied_seat_and_its_order_rides_on_the_teams_week(
    path: Path,
) -> None:
    trainer = make(path)
    code = trainer.add_red_team(VENDOR).join_code
    rep = RoleSeat.join(Store(path), "RED333", "sales_rep")
    red = RedTeamSeat.join(Store(path), code)
    rep.ready()
    assert len(rep.game.decisions) == 0  # waits for the red team
    (row,) = [r for r in trainer.board() if r.team == "Red"]
    assert row.rivals == ((VENDOR, False),)  # and the trainer's board says so
    (name,) = [c.name.get("en") for c in trainer.scenario().scenario.competitors if c.id == VENDOR]
    assert f"Red team ({name}) … planning" in seats_cell(row, "en", {VENDOR: name})
    target = reachable(red, "Red")[0]
    red.order("Red", [RivalMove("raise_doubt", target)])
    assert red.ready("Red") is True  # the red team was the last: it commits
    rep.sync()
    week = rep.game.decisions[0]
    assert [o.vendor for o in week.rivals] == [VENDOR]
    assert (0, "raise_doubt", target) in moves_logged(rep.game)
    assert (0, "raise_doubt", target) in moves_logged(red.game("Red"))
    # next week: no order, ready -> the computer plays the vendor
    rep.ready()
    red.ready("Red")
    rep.sync()
    assert len(rep.game.decisions) == 2 and rep.game.decisions[1].rivals == ()
    assert not [m for m in moves_logged(rep.game) if m[0] == 1]
    # Blue has no seats (one screen): the table's commit carries the order planned for it
    from sim.workshop import TeamSeat  # noqa: PLC0415

    blue = TeamSeat.join(Store(path), "BLUE22")
    other = reachable(red, "Blue")[0]
    red.order("Blue", [RivalMove("relationship_visit", other)], discount=0.1)
    blue.commit(blue.game.policy.plan(blue.game.observe(feed=False)))  # type: ignore[union-attr]
    assert blue.game.decisions[0].rivals[0].discount == 0.1


def test_a_teams_stored_game_replays_solo_to_the_same_log(path: Path) -> None:
    trainer = make(path)
    code = trainer.add_red_team(VENDOR).join_code
    rep = RoleSeat.join(Store(path), "RED333", "sales_rep")
    red = RedTeamSeat.join(Store(path), code)
    for _week in range(3):
        red.catch_up()
        people = reachable(red, "Red")
        red.order("Red", [RivalMove("raise_doubt", people[0])], discount=0.06)
        red.ready("Red")
        rep.ready()
        rep.sync()
    assert len(rep.game.decisions) == 3
    plans = trainer.plans("Red")
    assert all(p.rivals and p.rivals[0].vendor == VENDOR for p in plans)
    solo = Simulation(SCENARIO, seed=SEED, policy="expert")
    for plan in plans:
        solo.plan(Plan.from_dict(plan.to_dict()))
        solo.advance()
    assert solo.log.sha256() == rep.game.log.sha256() == trainer.simulation("Red").log.sha256()
    assert len(moves_logged(solo)) >= 3
    # without the red team's orders the same decisions give another game
    bare = Simulation(SCENARIO, seed=SEED, policy="expert")
    for plan in plans:
        bare.plan(replace(plan, rivals=()))
        bare.advance()
    assert bare.log.sha256() != solo.log.sha256()


def _v4_store(path: Path) -> None:
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()


def test_a_store_of_the_seats_version_opens_upgraded_and_says_what_changed(path: Path) -> None:
    _v4_store(path)
    store = Store(path)
    assert store.upgraded == (5, VERSION) == (5, 6)
    assert "red teams" in store.upgrade_note("en") and "红队" in store.upgrade_note("zh")
    trainer = make(path)
    assert trainer.add_red_team(VENDOR).vendor == VENDOR
    assert Store(path).upgraded == ()


def test_the_red_team_screen_shows_the_vendors_view_in_words_and_plans_per_team(
    path: Path,
) -> None:
    from sim.ui.facilitator.seat_controls import SeatControls  # noqa: PLC0415
    from sim.ui.red_team_screen import RedTeamScreen  # noqa: PLC0415
    from sim.ui.seat_app import SeatApp  # noqa: PLC0415

    trainer = make(path)
    controls = SeatControls(trainer, "zh", strict=True)
    controls.vendor.value = VENDOR
    controls.red_button.click()
    code = trainer.red_teams()[0].join_code
    assert code in controls.red_list.value and "尚未入座" in controls.red_list.value
    app = SeatApp("en", store_path=path, live=False, strict=True)
    app.code_box.value, app.person_box.value = code.lower(), "Gao"
    app._join()
    screen = app.red_screen
    assert isinstance(screen, RedTeamScreen) and set(screen.panels) == {"Red", "Blue"}
    panel = screen.panels["Red"]
    shown = panel.view.value
    words = re.sub(r"<[^>]+>", " ", shown)
    assert "Zhou" in shown and "technical / IT" in shown
    scenario = trainer.scenario().scenario
    assert not [s.id for s in scenario.stakeholders if re.search(rf"\b{s.id}\b", words)]
    assert not [m for m in scenario.team if m.name.get("en") in words]  # not the team's side
    assert "Blue" in screen.panels["Blue"].title.value
    target = next(v for _, v in panel.targets[0].options if v)
    panel.moves[0].value, panel.targets[0].value = "raise_doubt", target
    panel.use_discount.value, panel.discount.value = True, 8.0
    panel.save.click()
    order = screen.seat.draft("Red").order
    assert order is not None and order.moves == (RivalMove("raise_doubt", target),)
    assert order.discount == 0.08 and screen.seat.draft("Blue").order is None
    assert "raise doubts with" in panel.state.value
    controls.show_red_teams()
    assert "Gao" in controls.red_list.value
    rep = RoleSeat.join(Store(path), "RED333", "sales_rep")
    rep.ready()
    panel.ready.click()  # the last seat: it commits team Red's week
    assert screen.seat.week("Red") == 1 and screen.seat.week("Blue") == 0
    rep.sync()
    assert rep.game.decisions[0].rivals == (order,)
    app.language.value = "zh"  # the screen in Chinese, nothing of the week lost
    assert app.red_screen is not None and app.red_screen is not screen
    assert "对阵 Red 队" in app.red_screen.panels["Red"].title.value
    assert "红队：云启软件（Gao）" in app.red_screen.header.value
    assert app.red_screen.seat.week("Red") == 1
    app.close()


def test_sandtable_workshop_red_team_gives_and_lists(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sim.cli import main  # noqa: PLC0415

    trainer = make(path)
    base = ["workshop", "red-team", "--store", str(path), "--workshop", str(trainer.workshop_id)]
    base += ["--code", trainer.trainer_code]
    assert main([*base, "--vendor", "jinding", "--join-code", "JIN777"]) == 0
    assert "join code JIN777" in capsys.readouterr().out
    assert main([*base, "--vendor", "nobody"]) == 1
    assert "no competitor nobody" in capsys.readouterr().err
    assert main(base) == 0
    assert "jinding\tJIN777\tnot sat down yet" in capsys.readouterr().out


def test_the_trainers_deadline_commits_a_week_the_red_team_is_not_ready_for(path: Path) -> None:
    now = [datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)]

    def clock() -> datetime:
        return now[0]

    trainer = Facilitator.create(
        Store(path, clock=clock),
        name="Deadline",
        scenario=SCENARIO,
        seed=SEED,
        teams=["Red"],
        join_codes=["RED333"],
        self_paced=True,
    )
    code = trainer.add_red_team(VENDOR).join_code
    red = RedTeamSeat.join(Store(path, clock=clock), code)
    target = reachable(red, "Red")[0]
    red.order("Red", [RivalMove("raise_doubt", target)])  # planned, not ready
    RoleSeat.join(Store(path, clock=clock), "RED333", "sales_rep").ready()
    assert trainer.commit_due() == []  # the red team is not ready yet
    now[0] = datetime(2026, 11, 25, 9, 1, tzinfo=timezone.utc)
    trainer.set_deadline(5)
    now[0] = datetime(2026, 11, 25, 9, 7, tzinfo=timezone.utc)
    assert trainer.commit_due() == ["Red"]
    (week,) = trainer.plans("Red")
    assert week.rivals == (RivalOrder(VENDOR, (RivalMove("raise_doubt", target),)),)
    assert red.sync() is True and red.week("Red") == 1
