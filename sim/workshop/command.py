"""``sandtable workshop``: set up and inspect a workshop store from a terminal.

- ``init``   create (or upgrade) the store and print where it is — e.g. on a JupyterHub's
  shared folder before the first workshop;
- ``list``   the workshops in the store;
- ``sample`` write the seeded sample workshops (to try the facilitator and team-gaps notebooks);
- ``board``  one workshop's live board as text (needs its trainer code);
- ``create`` a new workshop (name, scenario, seed, teams, deadline, pacing, join codes) — the
  same checks as the facilitator notebook's form; prints the join codes to project and, apart
  from them, the trainer code to keep;
- ``release`` the next week (``--all``: let teams play at their own pace), ``pause`` (and
  ``--resume``), ``end`` (asks to be sure unless ``--yes``) — each refused, with the reason, in
  the states where the notebook's button is off (:func:`sim.workshop.trainer.refusal`);
- ``deadline`` commit every seated team's open week in ``--minutes`` (``--clear``: none);
  ``commit`` commit it now (``--team``: one team), ready or not; ``policy`` the policy that
  plans the roles nobody sits in (``expert`` or ``typical``);
- ``red-team`` give a competitor (``--vendor``, an id of the scenario) to a red team and print
  its join code (``--join-code``: your own); without ``--vendor``, list the red teams;
- ``people`` per person and role: decisions, briefings given and received, readiness on time,
  free riders.

Exit codes: 0 done, 1 the store or workshop refused (the message says why), 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.arguments import whole_number
from sim.i18n import LANGUAGES
from sim.workshop.errors import WorkshopError
from sim.workshop.migrations import VERSION
from sim.workshop.store import Store, default_store_path

EXIT_OK = 0
EXIT_FAILED = 1


def _say(text: str, *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(text + "\n")


def _init(store: Store, _args: argparse.Namespace) -> int:
    _say(f"{store.path}: workshop store ready (schema version {VERSION}, WAL mode)")
    if store.upgraded:
        _say(store.upgrade_note("en"))
    return EXIT_OK


def _list(store: Store, _args: argparse.Namespace) -> int:
    from sim.workshop.trainer import list_workshops  # noqa: PLC0415

    workshops = list_workshops(store)
    if not workshops:
        _say(f"{store.path}: no workshops yet")
    for w in workshops:
        paced = "self-paced" if w.self_paced else f"week {w.released_round} released"
        debrief = ", debrief open" if w.debrief_open else ""
        _say(
            f"{w.id:>4}  {w.created_at[:10]}  {w.name}  [{w.scenario_id}, seed {w.seed}, "
            f"{w.state}, {paced}{debrief}]"
        )
    return EXIT_OK


def _sample(store: Store, _args: argparse.Namespace) -> int:
    from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample  # noqa: PLC0415

    ids = make_sample(store.path)
    _say(
        f"{store.path}: wrote sample workshops {', '.join(map(str, ids))} "
        f"(trainer code {SAMPLE_TRAINER_CODE})"
    )
    return EXIT_OK


def _board(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    info = trainer.info
    _say(f"{info.name} — {info.scenario_id}, seed {info.seed}, {info.state}")
    header = ("team", "code", "rounds", "week", "stage", "spend", "forecast", "late", "outcome")
    rows = [header]
    for r in trainer.board():
        forecast = "" if r.forecast_win is None else f"{r.forecast_win:.0%} {r.forecast_stage}"
        rows.append(
            (
                r.team,
                r.join_code,
                str(r.rounds),
                str(r.week),
                r.stage,
                f"{r.spend:,.0f}",
                forecast,
                "late" if r.late else "",
                r.outcome or "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        _say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return EXIT_OK


def _create(store: Store, args: argparse.Namespace) -> int:
    from sim.i18n.scenario import problem_messages  # noqa: PLC0415
    from sim.scenario import ScenarioError  # noqa: PLC0415
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    teams = [t for part in args.teams for t in part.split(",")]
    codes = [c for part in args.codes for c in part.split(",")] if args.codes else None
    try:
        trainer = Facilitator.create(
            store,
            name=args.name,
            scenario=args.scenario,
            seed=args.seed,
            teams=teams,
            round_minutes=args.minutes,
            lang=args.lang,
            self_paced=args.self_paced,
            join_codes=codes,
            auto_policy=args.policy,
        )
    except ScenarioError as exc:
        for line in problem_messages(exc.problems, args.lang):
            _say(line, error=True)
        return EXIT_FAILED
    info = trainer.info
    _say(f"workshop {info.id} created: {info.name} [{info.scenario_id}, seed {info.seed}]")
    _say("")
    _say("Join codes (project these):")
    width = max(len(t.name) for t in trainer.teams())
    for team in trainer.teams():
        _say(f"  {team.name.ljust(width)}  {team.join_code}")
    _say("")
    # Apart from the projected block, on stderr: a terminal shows it, `> codes.txt` keeps it out.
    _say(
        f"Your trainer code (keep it to yourself, do not project it): {trainer.trainer_code}",
        error=True,
    )
    return EXIT_OK


def _pacing(store: Store, args: argparse.Namespace, action: str) -> int:
    from sim.workshop.trainer import Facilitator, refusal  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    refused = refusal(trainer.info, action)
    if refused is not None:
        raise refused
    if action == "release":
        week = trainer.release_round()
        _say(f"{trainer.info.name}: week {week} released for every team")
    elif action == "release_all":
        trainer.release_all()
        _say(f"{trainer.info.name}: every week released; teams play at their own pace")
    elif action == "pause":
        trainer.pause()
        _say(f"{trainer.info.name}: paused; teams' plans are kept until you resume")
    elif action == "resume":
        trainer.resume()
        _say(f"{trainer.info.name}: resumed")
    else:
        trainer.end()
        _say(f"{trainer.info.name}: ended; unfinished games stay unfinished")
    return EXIT_OK


def _release(store: Store, args: argparse.Namespace) -> int:
    return _pacing(store, args, "release_all" if args.all else "release")


def _pause(store: Store, args: argparse.Namespace) -> int:
    return _pacing(store, args, "resume" if args.resume else "pause")


def _end(store: Store, args: argparse.Namespace) -> int:
    """Like the notebook's End button, which asks once more: ``--yes`` is the second press."""
    from sim.workshop.trainer import Facilitator, refusal  # noqa: PLC0415

    refused = refusal(Facilitator.open(store, args.workshop, args.code).info, "end")
    if refused is not None:
        raise refused
    if not args.yes:
        try:
            answer = input("End the workshop for every team? No more weeks can be played [y/N] ")
        except EOFError:  # no terminal to ask on
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            _say("not ended (add --yes to end it without being asked)", error=True)
            return EXIT_FAILED
    return _pacing(store, args, "end")


def _deadline(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    due = trainer.set_deadline(None if args.clear else args.minutes)
    if due is None:
        _say(f"{trainer.info.name}: no deadline; a week commits when its seats are ready")
    else:
        _say(f"{trainer.info.name}: seated teams' open weeks commit at {due} (UTC), ready or not")
    return EXIT_OK


def _commit(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    done = trainer.force_commit(args.team)
    if not done:
        _say("no team playing in seats had an open week to commit", error=True)
        return EXIT_FAILED
    _say(f"{trainer.info.name}: committed the open week of {', '.join(done)}")
    return EXIT_OK


def _policy(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    trainer.set_auto_policy(args.name)
    _say(f"{trainer.info.name}: the {args.name} policy plans the roles nobody sits in")
    return EXIT_OK


def _red_team(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    if args.vendor is not None:
        made = trainer.add_red_team(args.vendor, args.join_code)
        name, code = trainer.info.name, made.join_code
        _say(f"{name}: {made.vendor} is played by a red team; join code {code}")
        return EXIT_OK
    given = trainer.red_teams()
    if not given:
        _say(f"{trainer.info.name}: no red team; the computer plays every competitor")
    for red in given:
        sat = f"sat down ({red.person or 'no name given'})" if red.joined_at else "not sat down yet"
        _say(f"{red.vendor}\t{red.join_code}\t{sat}")
    return EXIT_OK


def _people(store: Store, args: argparse.Namespace) -> int:
    from sim.workshop.people import seat_records  # noqa: PLC0415
    from sim.workshop.trainer import Facilitator  # noqa: PLC0415

    trainer = Facilitator.open(store, args.workshop, args.code)
    header = (
        "team",
        "role",
        "person",
        "played by",
        "weeks",
        "decisions",
        "briefed",
        "notes",
        "was briefed",
        "ready",
        "idle run",
        "",
    )
    rows = [header]
    for r in seat_records(store, trainer.workshop_id):
        rows.append(
            (
                r.team,
                r.role,
                r.person,
                r.played_by,
                str(r.weeks),
                str(r.decisions),
                str(r.briefings_given),
                str(r.notes_given),
                str(r.briefings_received),
                str(r.ready_on_time),
                str(r.idle_run),
                "free rider" if r.free_rider else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        _say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return EXIT_OK


def _handle(args: argparse.Namespace) -> int:
    try:
        with Store(args.store) as store:
            code: int = args.action(store, args)
            return code
    except WorkshopError as exc:
        _say(str(exc), error=True)
        return EXIT_FAILED


def register(subparsers: Any) -> None:
    """Add ``workshop`` to the ``sandtable`` command."""
    parser = subparsers.add_parser(
        "workshop",
        help="set up, run or inspect workshops (init, list, sample, board, create, release, "
        "pause, end, deadline, commit, policy, people, red-team)",
        description="Workshop stores hold every team's rounds (see docs/workshop.md). "
        f"The store defaults to {default_store_path()} ($SANDTABLE_WORKSHOPS sets the folder).",
    )
    actions = parser.add_subparsers(dest="workshop_command", required=True, metavar="ACTION")
    for name, action, text in (
        ("init", _init, "create or upgrade the store"),
        ("list", _list, "list the workshops in the store"),
        ("sample", _sample, "write the seeded sample workshops"),
        ("board", _board, "print a workshop's live board"),
        ("create", _create, "create a workshop and print its join codes"),
        ("release", _release, "release the next week (or --all)"),
        ("pause", _pause, "pause a workshop (or --resume it)"),
        ("end", _end, "end a workshop for every team"),
        ("deadline", _deadline, "commit seated teams' open weeks in N minutes"),
        ("commit", _commit, "commit seated teams' open week now, ready or not"),
        ("policy", _policy, "the policy for the roles nobody sits in"),
        ("people", _people, "per person and role: decisions, briefings, readiness"),
        ("red-team", _red_team, "give a competitor to a red team (or list the red teams)"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument(
            "--store",
            type=Path,
            default=None,
            metavar="FILE",
            help="the store file (default: $SANDTABLE_WORKSHOPS/workshops.sqlite or "
            "workshops/workshops.sqlite in the project)",
        )
        if name in (
            "board",
            "release",
            "pause",
            "end",
            "deadline",
            "commit",
            "policy",
            "people",
            "red-team",
        ):
            sub.add_argument("--workshop", type=whole_number, required=True, metavar="ID")
            sub.add_argument("--code", required=True, metavar="TRAINER_CODE")
        if name == "create":
            _create_arguments(sub)
        if name == "release":
            sub.add_argument("--all", action="store_true", help="let teams play at their own pace")
        if name == "pause":
            sub.add_argument("--resume", action="store_true", help="resume a paused workshop")
        if name == "end":
            sub.add_argument("--yes", action="store_true", help="do not ask to be sure")
        if name == "deadline":
            group = sub.add_mutually_exclusive_group(required=True)
            group.add_argument("--minutes", type=whole_number, metavar="N")
            group.add_argument("--clear", action="store_true", help="no deadline")
        if name == "commit":
            sub.add_argument("--team", default=None, help="only this team")
        if name == "policy":
            sub.add_argument("name", choices=("expert", "typical"))
        if name == "red-team":
            sub.add_argument("--vendor", default=None, help="the competitor's id in the scenario")
            sub.add_argument(
                "--join-code", default=None, help="the red team's join code (default: a new one)"
            )
        sub.set_defaults(handler=_handle, action=action)


def _create_arguments(sub: Any) -> None:
    sub.add_argument("--name", required=True, help="the workshop's name")
    sub.add_argument("--scenario", type=Path, required=True, metavar="FILE")
    sub.add_argument("--seed", type=whole_number, required=True, metavar="N")
    sub.add_argument(
        "--teams",
        nargs="+",
        required=True,
        metavar="NAME",
        help="team names (separate words, or commas: --teams Blue Red, or 'Blue,Red')",
    )
    sub.add_argument(
        "--minutes", type=whole_number, default=0, help="round deadline in minutes (0: none)"
    )
    sub.add_argument("--self-paced", action="store_true", help="release every week at once")
    sub.add_argument("--codes", nargs="+", metavar="CODE", help="your own join codes, one a team")
    sub.add_argument("--lang", choices=LANGUAGES, default="en")
    sub.add_argument(
        "--policy",
        choices=("expert", "typical"),
        default="expert",
        help="who plans the roles nobody sits in (default: expert)",
    )
