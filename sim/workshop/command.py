"""``sandtable workshop``: set up and inspect a workshop store from a terminal.

- ``init``   create (or upgrade) the store and print where it is — e.g. on a JupyterHub's
  shared folder before the first workshop;
- ``list``   the workshops in the store;
- ``sample`` write the seeded sample workshops (to try the facilitator and team-gaps notebooks);
- ``board``  one workshop's live board as text (needs its trainer code).

Exit codes: 0 done, 1 the store or workshop refused (the message says why), 2 a usage mistake.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.arguments import whole_number
from sim.workshop.errors import WorkshopError
from sim.workshop.migrations import VERSION
from sim.workshop.store import Store, default_store_path

EXIT_OK = 0
EXIT_FAILED = 1


def _say(text: str, *, error: bool = False) -> None:
    (sys.stderr if error else sys.stdout).write(text + "\n")


def _init(store: Store, _args: argparse.Namespace) -> int:
    _say(f"{store.path}: workshop store ready (schema version {VERSION}, WAL mode)")
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
        help="set up or inspect a workshop store (init, list, sample, board)",
        description="Workshop stores hold every team's rounds (see docs/workshop.md). "
        f"The store defaults to {default_store_path()} ($SANDTABLE_WORKSHOPS sets the folder).",
    )
    actions = parser.add_subparsers(dest="workshop_command", required=True, metavar="ACTION")
    for name, action, text in (
        ("init", _init, "create or upgrade the store"),
        ("list", _list, "list the workshops in the store"),
        ("sample", _sample, "write the seeded sample workshops"),
        ("board", _board, "print a workshop's live board"),
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
        if name == "board":
            sub.add_argument("--workshop", type=whole_number, required=True, metavar="ID")
            sub.add_argument("--code", required=True, metavar="TRAINER_CODE")
        sub.set_defaults(handler=_handle, action=action)
