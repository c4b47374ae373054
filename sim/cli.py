"""The ``sandtable`` command: validate, run, batch, report, new-scenario, workshop.

Everything it writes to stdout and stderr goes through :class:`sim.safe_text.VisibleStream`:
a control character from a scenario, a session, a store or a file name (ESC, BEL, CR, the bidi
overrides) is shown as an escape, never obeyed by the terminal. Every number on the command
line is bounded (:mod:`sim.arguments`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, cast

from sim.arguments import MAX_REPORT_REPLICATIONS, bounded_number, seed_number
from sim.i18n import LANGUAGES, translate
from sim.i18n.scenario import problem_messages
from sim.safe_text import VisibleStream
from sim.scenario import ScenarioError, check_file, load_scenario_source


def _validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        problems = check_file(path)
        for line in problem_messages(problems, args.lang):
            print(line)
        failed = failed or bool(problems)
        if not problems:
            # valid, but will not play as its author meant
            for line in _advice(path, args.lang, play=args.play):
                print(line)
        if not problems and not args.quiet:
            print(translate("scenario.validate.ok", args.lang, path=path))
    return 1 if failed else 0


def _advice(path: str, lang: str, *, play: bool = False) -> list[str]:
    from sim.model.playability import advise  # noqa: PLC0415
    from sim.scenario.loader import locate  # noqa: PLC0415

    loaded = load_scenario_source(path)
    found = advise(loaded.scenario)
    if play:  # a hundred quick expert games: does sound play pay?
        from sim.batch.economics import sound_play_advice  # noqa: PLC0415

        found += sound_play_advice(loaded.scenario)
    lines = []
    for advice in found:
        line, where = locate(loaded.source, path, advice.loc)
        params = dict(advice.params)
        if advice.key.startswith("sound_play_"):  # measured figures, in lang's number format
            from sim.i18n.numbers import money, percent  # noqa: PLC0415

            currency = loaded.scenario.account.currency
            for name in ("win_rate", "low", "high", "band_low", "band_high"):
                if name in advice.params:
                    params[name] = percent(cast(float, advice.params[name]), lang)
            for name in ("margin", "cost", "gross"):
                if name in advice.params:
                    params[name] = money(cast(float, advice.params[name]), lang, currency)
        text = translate(f"cli.advice.{advice.key}", lang, **params)
        lines.append(f"{path}:{line}: {where}: {text}")
    return lines


def _policy(text: str) -> str:
    from sim.policies import resolve_policy  # noqa: PLC0415

    try:
        resolve_policy(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _unwritable(target: str | None) -> str:
    """Why an output file cannot be written (empty when it can), checked before playing."""
    if target is None:
        return ""
    path = Path(target)
    if path.is_dir():
        return "is a folder (expected a file name)"
    parent = path.parent
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if not os.access(parent, os.W_OK):
        return f"folder {parent} is not writable"
    return ""


def _run(args: argparse.Namespace) -> int:
    from sim.engine import Simulation  # noqa: PLC0415

    try:
        loaded = load_scenario_source(args.scenario)
    except ScenarioError as exc:
        for line in problem_messages(exc.problems, args.lang):
            print(line, file=sys.stderr)
        return 1
    events_out = args.events
    if events_out is not None and not events_out.endswith((".csv", ".parquet")):
        print(f"--events {events_out}: expected a file ending in .csv or .parquet", file=sys.stderr)
        return 2
    for flag, target in (("--events", events_out), ("--save", args.save)):
        why = _unwritable(target)
        if why:
            print(f"{flag} {target}: {why}", file=sys.stderr)
            return 2
    game = Simulation(loaded, seed=args.seed, policy=args.policy, lang=args.lang)
    result = game.play()
    try:
        if events_out is not None:
            frame = game.events()
            if events_out.endswith(".csv"):
                frame.to_csv(events_out, index=False)
            else:
                frame.to_parquet(events_out, index=False)
        if args.save is not None:
            game.save(args.save)
    except OSError as exc:
        target = exc.filename or (
            args.save if events_out is None else f"{events_out} / {args.save}"
        )
        print(f"{target}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    summary = result.to_dict()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    lang = args.lang
    scenario = loaded.scenario
    names = {c.id: c.name.get(lang) for c in scenario.competitors} | {
        "us": translate("cli.us", lang)
    }
    winner = names.get(summary["winner"] or "", translate("cli.nobody", lang))
    print(
        translate(
            "cli.title", lang, title=scenario.title.get(lang), seed=args.seed, policy=result.policy
        )
    )
    print(
        translate(
            "cli.outcome", lang, outcome=translate(f"outcome.{result.outcome}", lang), winner=winner
        )
    )
    print(translate("cli.weeks", lang, weeks=result.weeks))
    print(
        translate(
            "cli.contract", lang, value=result.contract_value, currency=scenario.account.currency
        )
    )
    print(
        translate(
            "cli.spend",
            lang,
            spend=result.pursuit_spend,
            labour=result.labour_cost,
            currency=scenario.account.currency,
        )
    )
    print(translate("cli.events", lang, count=result.events, sha=result.event_log_sha256[:16]))
    return 0


EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C

# Each module adds its own subcommand with ``register(subparsers)`` (one line per area).
COMMAND_MODULES: tuple[str, ...] = (
    "sim.batch.command",
    "sim.analysis.command",
    "sim.new_scenario",
    "sim.workshop.command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sandtable",
        description="Sandtable (沙盘): a team-selling sandbox for key accounts.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.add_argument(
        "--play",
        action="store_true",
        help="also play 100 quick expert games and warn if sound play loses money on average",
    )
    validate.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the problems (default en)"
    )
    validate.set_defaults(handler=_validate)

    run = commands.add_parser("run", help="autoplay one deal and print the outcome")
    run.add_argument("scenario", metavar="SCENARIO")
    run.add_argument("--seed", type=seed_number, default=0, help="random seed (default 0)")
    run.add_argument(
        "--policy",
        type=_policy,
        default="expert",
        help="naive, expert, or expert:option=value,... (default expert)",
    )
    run.add_argument(
        "--events", metavar="OUT", help="write the event log to OUT.csv or OUT.parquet"
    )
    run.add_argument("--save", metavar="SESSION", help="write the session file")
    run.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the summary")
    run.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    run.set_defaults(handler=_run)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(commands)
    _bound(commands, "report", "--replications", bounded_number(0, MAX_REPORT_REPLICATIONS))
    return parser


def _bound(commands: Any, command: str, option: str, kind: Any) -> None:
    """Give ``command``'s ``option`` a bounded type (a module registered it unbounded)."""
    sub = commands.choices.get(command)
    for action in getattr(sub, "_actions", ()):  # argparse keeps no public list of actions
        if option in action.option_strings:
            action.type = kind


@contextmanager
def _visible_output() -> Iterator[None]:
    """stdout and stderr escape control characters while the command runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, VisibleStream(saved[0]))
    sys.stderr = cast(TextIO, VisibleStream(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A console or redirect that cannot encode '≤' or '沙盘' (cp1252, ascii) must not crash
        # the command: such characters are written as escapes instead.
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            reconfigure(errors="backslashreplace")
    try:
        with _visible_output():
            parser = build_parser()
            args = parser.parse_args(argv)
            code: int = args.handler(args)
    except KeyboardInterrupt:  # Ctrl-C at any point: a short word, not a traceback
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
