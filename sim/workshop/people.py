"""People in the record: per seat (a person in a role) or per role, what each did.

The read API for the debrief and the managers' gaps view (:mod:`sim.analysis.seats` turns it
into a table): decisions made, briefings and strategy sessions given and received, hand-off
notes written, weeks marked ready before the week was committed, and the longest run of weeks
without a decision — a seat with :data:`FREE_RIDER_WEEKS` or more such weeks in a row is
flagged as a free rider. A team on one screen is listed per role (played by the table); a role
nobody sat in or played, as played by the policy.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from sim.workshop.games import workshop_scenario
from sim.workshop.queries import seats_of, teams_of, workshop_info
from sim.workshop.records import SeatRecord, TeamInfo
from sim.workshop.store import Store

FREE_RIDER_WEEKS = 3  # weeks in a row without a decision that flag a seat
HANDOFFS = ("internal_briefing", "team_strategy_session")


def _received(activity: str, members: list[str], targets: list[str]) -> set[str]:
    """The members a hand-off reached (a briefing's targets; a session's other members)."""
    if activity == "internal_briefing":
        return set(targets)
    if activity == "team_strategy_session":
        return set(members[1:])
    return set()


def _longest_idle(weeks: list[int], active: set[int]) -> int:
    run = best = 0
    for week in weeks:
        run = 0 if week in active else run + 1
        best = max(best, run)
    return best


def team_records(conn: sqlite3.Connection, team: TeamInfo, workshop: str) -> list[SeatRecord]:
    """One record per role of the team's scenario: its seat's, else the table's or policy's."""
    scenario = workshop_scenario(conn, team.workshop_id).scenario
    role_of = {m.id: m.role for m in scenario.team}
    rounds = [
        int(r[0])
        for r in conn.execute(
            "SELECT round FROM rounds WHERE team_id = ? ORDER BY round", (team.id,)
        )
    ]
    # per role: (round, source, activity, members, targets, note, seat_id) of what it led
    led: dict[str, list[tuple[int, str, str, list[str], str, int | None]]] = defaultdict(list)
    received: dict[str, int] = defaultdict(int)
    for row in conn.execute(
        "SELECT round, source, seat_id, note, assignment FROM decisions WHERE team_id = ?"
        " ORDER BY round, position",
        (team.id,),
    ):
        data = json.loads(row["assignment"])
        members = [str(m) for m in data.get("members", [])]
        role = role_of.get(members[0], "") if members else ""
        note = str(row["note"] or data.get("note", ""))
        led[role].append(
            (
                int(row["round"]),
                str(row["source"]),
                str(data["activity"]),
                members,
                note,
                row["seat_id"],
            )
        )
        for member in _received(str(data["activity"]), members, data.get("targets", [])):
            if role_of.get(member, role) != role:
                received[role_of[member]] += 1
    ready: dict[int, set[int]] = defaultdict(set)
    for row in conn.execute("SELECT seat_id, round FROM readiness WHERE team_id = ?", (team.id,)):
        ready[int(row[0])].add(int(row[1]))
    seats = {s.role: s for s in seats_of(conn, team.id)}
    roles = list(dict.fromkeys(m.role for m in scenario.team))
    records = []
    for role in roles:
        seat = seats.get(role)
        mine = [x for x in led[role] if (x[5] == seat.id if seat else x[1] != "policy")]
        if seat is not None:
            played_by = "seat"
        elif mine or (role in team.roles and not seats):
            played_by = "table"
        else:
            played_by = "policy"
            mine = led[role]
        weeks = [w for w in rounds if seat is None or w >= seat.from_round]
        given = [x for x in mine if x[2] in HANDOFFS]
        idle = _longest_idle(weeks, {x[0] for x in mine})
        records.append(
            SeatRecord(
                workshop=workshop,
                team=team.name,
                role=role,
                person=seat.person if seat is not None else "",
                played_by=played_by,
                weeks=len(weeks),
                decisions=len(mine),
                briefings_given=len(given),
                briefings_received=received[role],
                notes_given=sum(bool(x[4]) for x in given),
                ready_on_time=len(ready[seat.id] & set(weeks)) if seat is not None else 0,
                idle_run=idle,
                free_rider=seat is not None and idle >= FREE_RIDER_WEEKS,
            )
        )
    return records


def seat_records(store: Store, workshop_id: int) -> list[SeatRecord]:
    """Every team's people of one workshop, in team order, roles in the scenario's order."""
    with store.read() as conn:
        name = workshop_info(conn, workshop_id).name
        return [r for t in teams_of(conn, workshop_id) for r in team_records(conn, t, name)]


def store_records(store: Store) -> list[SeatRecord]:
    """The people of every workshop in the store (the managers' gaps view)."""
    with store.read() as conn:
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM workshops ORDER BY id")]
    return [r for i in ids for r in seat_records(store, i)]
