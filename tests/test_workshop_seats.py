"""A seat per role in a workshop: the store, the shared draft, ready and commit, the deadline,
an old store migrated, the per-person record and the free-rider flag, and live updates.

A trainer creates a workshop (the cross-sell scenario, seed 7: rep, presales, pm and the
executive gm) in a temporary store; seats join team Red with its code and a role, each with its
own store connection, as devices would. Assertions are on the store, the games and the screens.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sim import Simulation
from sim.analysis.seats import people_html, people_table
from sim.engine.version import MODEL_VERSION
from sim.model.plans import Assignment, Forecast, PlanError
from sim.policies import resolve_policy
from sim.ui.facilitator.board import BoardView
from sim.ui.facilitator.people import PeopleView
from sim.ui.seat_app import SeatApp
from sim.workshop import ConflictError, Facilitator, RoleSeat, Store, TeamSeat, WorkshopError
from sim.workshop.migrations import MIGRATIONS, statements
from sim.workshop.people import FREE_RIDER_WEEKS, seat_records

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"
SEED = 7
ROLES = ("sales_rep", "presales", "project_manager", "executive")
MEETING = Assignment("discovery_meeting", ("rep",), ("zhou",))
MOST = 0.6  # share of the whole-team policy's active weeks an empty role must act in


class Clock:
    """A clock the test moves (deadlines without waiting)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "workshops.sqlite"


def make(path: Path, *, clock: Clock | None = None, policy: str = "expert") -> Facilitator:
    return Facilitator.create(
        Store(path, clock=clock) if clock else Store(path),
        name="Seats",
        scenario=SCENARIO,
        seed=SEED,
        teams=["Red", "Blue"],
        join_codes=["RED333", "BLUE22"],
        self_paced=True,
        auto_policy=policy,
    )


def seat(path: Path, role: str, person: str = "", clock: Clock | None = None) -> RoleSeat:
    store = Store(path, clock=clock) if clock else Store(path)
    return RoleSeat.join(store, "RED333", role, person=person)


def _rows(path: Path, table: str, team: str, order: str) -> list[sqlite3.Row]:
    with Store(path) as store, store.read() as conn:
        return conn.execute(
            f"SELECT {table}.* FROM {table} JOIN teams ON teams.id = {table}.team_id"
            f" WHERE teams.name = ? ORDER BY {order}",
            (team,),
        ).fetchall()


def rounds(path: Path, team: str = "Red") -> list[sqlite3.Row]:
    return _rows(path, "rounds", team, "round")


def decisions(path: Path, team: str = "Red") -> list[sqlite3.Row]:
    return _rows(path, "decisions", team, "round, position")


# --- joining ----------------------------------------------------------------------------------


def test_a_code_and_a_role_open_that_roles_seat_and_another_device_retakes_it(
    path: Path,
) -> None:
    make(path)
    rep = seat(path, "rep", "Li Wei")  # the short names people type work too
    assert rep.role == "sales_rep" and rep.members == ("rep",)
    assert seat(path, "executive").members == ("gm",)
    again = seat(path, "sales_rep")  # the same role from another device: the same seat
    assert again.seat.id == rep.seat.id and again.seat.person == "Li Wei"
    with pytest.raises(WorkshopError, match="no role 'cfo'"):
        seat(path, "cfo")
    with pytest.raises(WorkshopError, match="WRONG1"):
        RoleSeat.join(Store(path), "WRONG1", "presales")


# --- the shared draft, ready and commit ---------------------------------------------------------


def test_each_seat_plans_its_member_into_one_shared_draft_and_the_week_commits_when_all_are_ready(
    path: Path,
) -> None:
    make(path)
    seats = {r: seat(path, r, f"Person {k}") for k, r in enumerate(ROLES)}
    seats["sales_rep"].add(MEETING)
    seats["presales"].add(Assignment("discovery_meeting", ("presales",), ("wu",)))
    seats["project_manager"].add(
        Assignment("internal_briefing", ("pm",), ("rep",)), note="I can start in March"
    )
    draft = seats["executive"].draft()  # every seat sees every seat's plan
    assert [(i.role, i.person) for i in draft.items] == [
        ("sales_rep", "Person 0"),
        ("presales", "Person 1"),
        ("project_manager", "Person 2"),
    ]
    for role in ROLES[:3]:
        assert seats[role].ready() is False
        assert rounds(path) == []  # not until every occupied seat is ready
    assert seats["executive"].ready() is True
    (committed,) = rounds(path)
    assert committed["how"] == "ready"
    rows = decisions(path)
    assert [(r["source"], r["role"], r["person"]) for r in rows] == [
        ("seat", "sales_rep", "Person 0"),
        ("seat", "presales", "Person 1"),
        ("seat", "project_manager", "Person 2"),
    ]  # every occupied seat: nothing planned by a policy
    assert rows[2]["note"] == "I can start in March"
    for one in seats.values():  # every device follows
        one.sync()
        assert one.game.log.sha256() == committed["event_log_sha256"]
        assert one.draft().items == () and one.draft().round == 1


def test_a_seat_plans_only_for_its_own_member_and_a_bad_forecast_is_refused(path: Path) -> None:
    make(path)
    rep = seat(path, "sales_rep")
    with pytest.raises(WorkshopError, match="own role's members"):
        rep.add(Assignment("internal_briefing", ("pm",), ("rep",)))
    assert rep.draft().items == ()
    with pytest.raises(WorkshopError, match="sales stages, not 'nirvana'"):
        rep.set_forecast(Forecast("nirvana", 0.5))
    with pytest.raises(WorkshopError, match="between 0 and 1"):
        rep.set_forecast(Forecast("discovery", 1.5))
    rep.set_forecast(Forecast("discovery", 0.25))  # any seat may set it; the last one stands
    assert rep.draft().forecast == Forecast("discovery", 0.25)
    assert rep.ready() is True  # the only seat
    assert rep.game.decisions[0].forecast == Forecast("discovery", 0.25)


def test_a_plan_that_no_longer_fits_the_shared_draft_is_refused_with_the_reason(
    path: Path,
) -> None:
    make(path)
    rep, presales = seat(path, "sales_rep"), seat(path, "presales")
    for target in ("zhou", "wu", "sun", "he"):  # 24 of the rep's 30 hours
        rep.add(Assignment("discovery_meeting", ("rep",), (target,)))
    rep.add(Assignment("relationship_visit", ("rep",), ("zhou",)))  # 29
    before = presales.draft().items
    with pytest.raises(PlanError) as refused:  # presales asks the rep along: 6 h, 1 left
        presales.add(Assignment("discovery_meeting", ("presales", "rep"), ("wu",)))
    assert any(r.params.get("member") == "rep" for r in refused.value.reasons), refused.value
    assert presales.draft().items == before  # nothing lost, nothing half-added
    presales.add(Assignment("discovery_meeting", ("presales",), ("wu",)))  # alone it fits


def test_adds_from_many_devices_at_once_are_all_kept(path: Path) -> None:
    make(path)
    devices = [seat(path, "sales_rep") for _ in range(2)] + [seat(path, "presales")]
    adds = [
        (devices[0], Assignment("discovery_meeting", ("rep",), ("zhou",))),
        (devices[1], Assignment("discovery_meeting", ("rep",), ("wu",))),
        (devices[2], Assignment("discovery_meeting", ("presales",), ("sun",))),
    ]
    barrier = threading.Barrier(len(adds))
    errors: list[BaseException] = []

    def act(device: RoleSeat, assignment: Assignment) -> None:
        mine = RoleSeat(Store(path), device.team, device.seat, device.game)  # own connection
        barrier.wait()
        try:
            mine.add(assignment)
        except BaseException as exc:  # pragma: no cover - the finding
            errors.append(exc)

    threads = [threading.Thread(target=act, args=pair) for pair in adds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    planned = sorted(i.assignment.targets[0] for i in devices[0].draft().items)
    assert planned == ["sun", "wu", "zhou"]


def test_the_week_commits_exactly_once_when_the_last_seats_get_ready_together(
    path: Path,
) -> None:
    make(path)
    first, second = seat(path, "sales_rep"), seat(path, "presales")
    first.add(MEETING)
    barrier = threading.Barrier(2)
    moved: list[bool] = []

    def ready(one: RoleSeat) -> None:
        mine = RoleSeat(Store(path), one.team, one.seat, one.game)
        barrier.wait()
        moved.append(mine.ready())

    threads = [threading.Thread(target=ready, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(rounds(path)) == 1  # one week, not two
    assert len([r for r in decisions(path) if r["source"] == "seat"]) == 1


def test_a_team_in_seats_refuses_a_one_screen_commit_with_a_message(path: Path) -> None:
    make(path)
    seat(path, "sales_rep")
    table = TeamSeat.join(Store(path), "RED333")
    with pytest.raises(ConflictError, match="one per role"):
        table.commit(table.game.policy.plan(table.game.observe()))  # type: ignore[union-attr]
    assert rounds(path) == []


# --- empty roles ------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["expert", "typical"])
def test_the_roles_nobody_sits_in_are_planned_by_the_trainers_policy_and_act(
    path: Path, policy: str
) -> None:
    """Only the rep sits; the rep plays as the policy's own rep would. The three empty roles
    must then act (lead or attend) in most of the weeks the same policy's roles act when it
    plays the whole team — the measure of tests/test_solo_roles.py."""
    make(path, policy=policy)
    rep = seat(path, "sales_rep")
    whole = resolve_policy(policy)
    assert whole is not None
    weeks = 12
    for _week in range(weeks):
        for assignment in whole.plan(rep.game.observe(feed=False)).assignments:
            if assignment.members[0] == "rep":
                rep.add(assignment)
        assert rep.ready() is True
    solo = Simulation(SCENARIO, seed=SEED, policy=policy)
    for _week in range(weeks):
        solo.advance()
    rows = decisions(path)
    assert {r["role"] for r in rows if r["source"] == "seat"} == {"sales_rep"}
    assert {r["role"] for r in rows if r["source"] == "policy"} >= {"presales"}
    for member in ("presales", "pm", "gm"):
        ours = {w for w, p in enumerate(rep.game.decisions) if _in(member, p.assignments)}
        theirs = {w for w, p in enumerate(solo.decisions) if _in(member, p.assignments)}
        assert len(ours & theirs) >= MOST * len(theirs), (policy, member, ours, theirs)
    with Store(path) as store, store.read() as conn:
        stored = conn.execute("SELECT auto_policy FROM workshops").fetchone()[0]
    assert stored == policy


def _in(member: str, assignments: tuple[Assignment, ...]) -> bool:
    return any(member in a.members for a in assignments)


def test_the_trainer_switches_the_policy_and_refuses_an_unknown_one(path: Path) -> None:
    trainer = make(path)
    trainer.set_auto_policy("typical")
    assert seat(path, "sales_rep").draft().auto_policy == "typical"
    with pytest.raises(WorkshopError, match="Unknown policy 'genius'"):
        trainer.set_auto_policy("genius")


# --- the deadline and the forced commit ------------------------------------------------------


def test_the_trainers_deadline_commits_an_unready_week_once(path: Path) -> None:
    clock = Clock()
    trainer = make(path, clock=clock)
    rep = seat(path, "sales_rep", clock=clock)
    pm = seat(path, "project_manager", clock=clock)
    rep.add(MEETING)
    assert rep.ready() is False  # the PM is still planning
    trainer.set_deadline(5)
    clock.now += timedelta(minutes=4)
    assert pm.sync() is False and rounds(path) == []
    clock.now += timedelta(minutes=2)
    assert pm.sync() is True  # whoever looks first commits
    (week,) = rounds(path)
    assert week["how"] == "deadline"
    assert rep.sync() is True and len(rep.game.decisions) == 1  # the rep follows
    assert trainer.commit_due() == [] and pm.sync() is False  # the next week opened after it
    assert len(rounds(path)) == 1


def test_the_board_commits_a_due_week_even_when_no_seat_is_looking(path: Path) -> None:
    clock = Clock()
    trainer = make(path, clock=clock)
    seat(path, "sales_rep", clock=clock).add(MEETING)
    trainer.set_deadline(1)
    clock.now += timedelta(minutes=2)
    assert trainer.commit_due() == ["Red"]  # Blue plays on one screen: its table commits
    assert [r["how"] for r in rounds(path)] == ["deadline"]
    assert rounds(path, "Blue") == []


def test_the_trainer_forces_a_commit(path: Path) -> None:
    trainer = make(path)
    rep = seat(path, "sales_rep")
    rep.add(MEETING)
    assert trainer.force_commit("Red") == ["Red"]
    assert [r["how"] for r in rounds(path)] == ["forced"]
    assert decisions(path)[0]["activity"] == "discovery_meeting"
    trainer.pause()
    with pytest.raises(WorkshopError, match="paused"):
        trainer.force_commit("Red")


# --- per-member knowledge in the seat's view --------------------------------------------------


def test_the_pm_learns_the_reps_discovery_only_from_the_reps_briefing_with_its_note(
    path: Path,
) -> None:
    make(path)
    rep, pm = seat(path, "sales_rep"), seat(path, "project_manager")
    rep.add(MEETING)
    rep.ready()
    pm.ready()
    rep.sync()
    assert rep.view().stakeholder("zhou").concerns is not None  # the rep was there
    assert pm.view().stakeholder("zhou").concerns is None  # the PM was not, and was not told
    note = "Zhou fears the cut-over stops the line"
    rep.add(Assignment("internal_briefing", ("rep",), ("pm",)), note=note)
    rep.ready()
    pm.ready()
    assert len(pm.game.decisions) == 2
    view = pm.view()
    assert view.stakeholder("zhou").concerns is not None
    assert [h.note for h in view.handoffs] == [note]


# --- a store saved by the previous version -------------------------------------------------------


def _old_store(path: Path) -> str:
    """A version-3 store (the previous release) with one workshop, one team, two weeks."""
    game = Simulation(SCENARIO, seed=SEED, policy="expert")
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    source = SCENARIO.read_text(encoding="utf-8")
    conn.execute(
        "INSERT INTO workshops (id, name, scenario_id, scenario_path, scenario_source,"
        " scenario_sha256, seed, lang, round_minutes, trainer_code, state, released_round,"
        " deadline, created_at, model_version) VALUES (1, 'Old', ?, ?, ?, '', ?, 'en', 0,"
        " 'OLDTRN', 'running', NULL, NULL, '2026-11-01T09:00:00+00:00', ?)",
        (game.scenario.id, str(SCENARIO), source, SEED, MODEL_VERSION),
    )
    conn.execute(
        "INSERT INTO teams (id, workshop_id, name, join_code, roles, joined_at)"
        " VALUES (1, 1, 'Red', 'RED333', 'sales_rep,presales', '2026-11-01T09:01:00+00:00')"
    )
    for week in range(2):
        plan = game.policy.plan(game.observe(feed=False))  # type: ignore[union-attr]
        game.plan(plan)
        game.advance()
        deal = game.deal
        conn.execute(
            "INSERT INTO rounds VALUES (1, ?, ?, '2026-11-01T09:05:00+00:00', 'prospecting',"
            " ?, 0, 0, 0, ?, ?)",
            (week, deal.week, deal.phase, len(game.log), game.log.sha256()),
        )
        for position, a in enumerate(plan.assignments):
            conn.execute(
                "INSERT INTO decisions VALUES (1, ?, ?, ?, ?, ?)",
                (week, position, a.activity, a.members[0], json.dumps(a.to_dict())),
            )
        if plan.forecast is not None:
            conn.execute(
                "INSERT INTO forecasts VALUES (1, ?, ?, ?)",
                (week, plan.forecast.stage, plan.forecast.win_probability),
            )
    conn.commit()
    conn.close()
    return game.log.sha256()


def test_a_store_saved_by_the_previous_version_opens_migrated_and_says_what_changed(
    path: Path,
) -> None:
    sha = _old_store(path)
    store = Store(path)
    assert store.upgraded == (4, 5, 6)
    assert "a seat per role" in store.upgrade_note("en")
    assert "每个角色一个席位" in store.upgrade_note("zh")
    assert Store(path).upgraded == ()  # said once: the next open finds it up to date
    trainer = Facilitator.open(store, 1, "OLDTRN")
    replayed = trainer.simulation("Red")
    assert replayed.log.sha256() == sha and replayed.replay_notice is None  # as they were
    old = decisions(path)
    assert old and {r["source"] for r in old} == {"table"}  # the whole table's, as before
    # and it plays on with seats (the policy for empty roles defaults to the expert)
    rep = RoleSeat.join(Store(path), "RED333", "sales_rep", person="Ann")
    assert rep.draft().auto_policy == "expert" and len(rep.game.decisions) == 2
    rep.add(MEETING)
    assert rep.ready() is True
    assert rounds(path)[-1]["how"] == "ready"


def test_a_table_that_says_who_sits_with_it_waits_for_those_seats(path: Path) -> None:
    """The first person to sit down cannot commit week 0 for a table still arriving."""
    trainer = make(path)
    rep = RoleSeat.join(Store(path), "RED333", "sales_rep", table=("presales",))
    rep.add(MEETING)
    assert rep.draft().awaited == ("presales",)
    assert rep.ready() is False and rounds(path) == []  # presales has not sat down
    board = {row.team: row for row in trainer.board()}
    assert board["Red"].awaited == ("presales",)
    html = BoardView(trainer, "zh", strict=True)
    html.poll()
    assert "售前顾问 尚未入座" in html.table.value
    html.stop()
    presales = seat(path, "presales")
    assert presales.draft().awaited == ()
    assert presales.ready() is True  # the table is complete and everyone is ready
    assert [r["how"] for r in rounds(path)] == ["ready"]
    # a table without a word from its people commits as before; a role the team lacks is refused
    with pytest.raises(WorkshopError, match="cfo"):
        RoleSeat.join(Store(path), "BLUE22", "sales_rep", table=("cfo",))
    blue = RoleSeat.join(Store(path), "BLUE22", "sales_rep")
    assert blue.draft().awaited == () and blue.ready() is True


def test_the_seat_form_lets_the_first_person_say_who_else_sits_at_the_table(path: Path) -> None:
    make(path)
    app = SeatApp("en", store_path=path, live=False)
    app.code_box.value = "RED333"
    app.role_box.value = "sales_rep"
    app.table_boxes["project_manager"].value = True
    app.table_boxes["sales_rep"].value = True  # one's own role: nothing more to wait for
    join(app)
    assert app.screen is not None
    draft = app.screen.game.seat.draft()
    assert draft.awaited == ("project_manager",)
    assert "not seated yet" in app.screen.shared.value


# --- the per-person record ----------------------------------------------------------------------


def test_the_record_shows_per_person_decisions_briefings_readiness_and_flags_a_free_rider(
    path: Path,
) -> None:
    trainer = make(path)
    rep = seat(path, "sales_rep", "Ann")
    presales = seat(path, "presales", "Bo")
    pm = seat(path, "project_manager", "Cy")
    weeks = FREE_RIDER_WEEKS + 2
    for week in range(weeks):
        rep.add(Assignment("internal_briefing", ("rep",), ("pm",)), note=f"week {week}")
        if week == 0:
            presales.add(Assignment("discovery_meeting", ("presales",), ("wu",)))
        rep.ready()
        presales.ready()  # the PM never marks ready: the trainer commits
        trainer.force_commit("Red")
        for one in (rep, presales, pm):
            one.sync()
    records = {(r.team, r.role): r for r in seat_records(trainer.store, trainer.workshop_id)}
    ann = records[("Red", "sales_rep")]
    assert (ann.person, ann.played_by, ann.weeks) == ("Ann", "seat", weeks)
    assert (ann.decisions, ann.briefings_given, ann.notes_given) == (weeks, weeks, weeks)
    assert ann.ready_on_time == weeks and not ann.free_rider
    bo = records[("Red", "presales")]
    assert bo.decisions == 1 and bo.idle_run == weeks - 1 and bo.free_rider
    cy = records[("Red", "project_manager")]
    assert cy.briefings_received == weeks and cy.decisions == 0 and cy.ready_on_time == 0
    assert cy.free_rider
    assert records[("Red", "executive")].played_by == "policy"
    assert not records[("Red", "executive")].free_rider  # a policy is never a free rider
    assert records[("Blue", "sales_rep")].played_by == "policy"  # Blue never joined
    for lang, word in (("en", "Free rider"), ("zh", "搭便车")):
        frame = people_table(list(records.values()), lang)
        assert len(frame) == len(records)
        html = people_html(list(records.values()), lang)
        assert word in html and "Ann" in html
        assert "project_manager" not in html and "sales_rep" not in html  # words, not ids
    view = PeopleView([trainer.store.path], "zh")
    assert "搭便车" in view.table.value
    view.update(lang="en")
    assert "Free rider" in view.table.value and "People" in view.heading.value


# --- live updates (what the browser test measures, here without a browser) -----------------


def test_a_seat_screen_shows_a_colleagues_change_and_a_commit_without_being_asked(
    path: Path,
) -> None:
    trainer = make(path)
    screens = {}
    for role in ("sales_rep", "project_manager"):
        app = SeatApp("en", store_path=path, live=False)
        app.code_box.value, app.role_box.value = "RED333", role
        app._join()
        assert app.screen is not None, app.messages.text
        screens[role] = app.screen
    rep, pm = screens["sales_rep"], screens["project_manager"]
    assert pm.poll() is False  # nothing new
    rep.planner.activity.value = "discovery_meeting"
    rep.planner.stakeholder_boxes["zhou"].value = True
    rep.planner.add_button.click()
    assert 'data-items="1"' in rep.shared.value
    assert pm.poll() is True and 'data-items="1"' in pm.shared.value
    assert "Discovery meeting" in pm.shared.value
    rep.ready_button.click()
    assert pm.poll() is True and "st-seat-ready" in pm.shared.value
    trainer.pause()
    assert pm.poll() is True and "paused" in pm.header.value.lower()
    trainer.resume()
    pm.poll()
    pm.ready_button.click()
    assert 'data-week="1"' in pm.header.value
    assert rep.poll() is True and 'data-week="1"' in rep.header.value
    assert "Week 0 has been committed" in rep.messages.text


def test_a_note_is_written_on_the_screen_and_reaches_the_shared_draft(path: Path) -> None:
    make(path)
    app = SeatApp("zh", store_path=path, live=False)
    app.code_box.value, app.role_box.value, app.person_box.value = "RED333", "sales_rep", "安"
    app._join()
    screen = app.screen
    assert screen is not None
    screen.planner.activity.value = "internal_briefing"
    assert screen.note.layout.display == ""  # the note shows for a hand-off only
    screen.planner.member_boxes["pm"].value = True
    screen.note.value = "周总担心切换停线"
    screen.planner.add_button.click()
    assert "周总担心切换停线" in screen.shared.value
    assert screen.game.seat.draft().items[0].note == "周总担心切换停线"
    screen.planner.activity.value = "discovery_meeting"
    assert screen.note.layout.display == "none"


def join(app: SeatApp) -> None:
    """Click the seat form's Join button."""
    (button,) = [w for w in app.body.children[0].children if "st-seat-join" in w._dom_classes]
    button.click()


def test_the_seat_form_says_what_is_missing(path: Path) -> None:
    make(path)
    app = SeatApp("en", store_path=path, live=False)
    app.code_box.value = "RED333"
    app.role_box.value = ""
    join(app)
    assert "Choose the role" in app.messages.text and app.screen is None


def test_the_trainers_board_follows_the_seats_and_its_controls_commit_and_set_the_policy(
    path: Path,
) -> None:
    trainer = make(path)
    view = BoardView(trainer, "en", strict=True)
    assert not view.live.running  # no kernel, no watch: tests drive it by hand
    rep = seat(path, "sales_rep", "Ann")
    assert view.poll() is True
    assert "Sales rep (Ann) … planning" in view.table.value
    rep.add(MEETING)
    rep.ready()  # the only seat: the week commits
    assert view.poll() is True and "✓ ready" not in view.table.value
    controls = view.seat_controls
    controls.policy.value = "typical"
    assert rep.draft().auto_policy == "typical" and "typical policy" in controls.messages.text
    rep.add(MEETING)
    controls.commit_button.click()
    assert [r["how"] for r in rounds(path)] == ["ready", "forced"]
    assert "Red" in controls.messages.text
    controls.minutes.value = 10
    controls.deadline_button.click()
    assert trainer.info.deadline is not None
    view.stop()
