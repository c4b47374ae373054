"""``sandtable new-scenario NAME``: write the commented scenario template to ``NAME.yaml``.

Exit codes follow the rest of the command line: 0 written, 1 the file exists (without
``--force``) or cannot be written, 2 a usage mistake (a bad NAME, a folder that does not exist).
Every mistake ends in a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.scenario.template import is_valid_id, render_template

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(text + "\n")


def _scenario_id(text: str) -> str:
    if not is_valid_id(text):
        hint = ""
        stem = text.removesuffix(".yaml").removesuffix(".yml")
        if stem != text and is_valid_id(stem):
            hint = f"; give the name without .yaml: {stem}"
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a valid scenario name (expected lowercase letters, digits and _, "
            f"starting with a letter, e.g. grid_tender_2025){hint}"
        )
    return text


def register(subparsers: Any) -> None:
    """Add ``new-scenario`` to the ``sandtable`` command."""
    parser = subparsers.add_parser(
        "new-scenario",
        help="write a commented scenario template NAME.yaml that validates as is",
        description="Write NAME.yaml: a complete, commented, bilingual scenario that validates "
        "and plays as it is. Edit it, then check it with 'sandtable validate NAME.yaml'. "
        "The format is described in docs/scenarios.md.",
    )
    parser.add_argument(
        "name",
        type=_scenario_id,
        metavar="NAME",
        help="scenario id and file name: lowercase letters, digits and _",
    )
    parser.add_argument(
        "--dir",
        default=".",
        metavar="DIR",
        help="folder to write NAME.yaml into (default: the current folder)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite NAME.yaml if it already exists"
    )
    parser.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    name: str = args.name
    folder = Path(args.dir)
    prefix = "sandtable new-scenario: error:"
    if not folder.is_dir():
        _say(f"{prefix} the folder '{folder}' does not exist", error=True)
        return EXIT_USAGE
    target = folder / f"{name}.yaml"
    if target.exists() and not args.force:
        _say(
            f"{prefix} {target} already exists; not overwritten "
            "(choose another NAME, or add --force to replace it)",
            error=True,
        )
        return EXIT_FAILED
    if target.is_dir():
        _say(f"{prefix} {target} is a folder", error=True)
        return EXIT_FAILED
    try:
        target.write_text(render_template(name), encoding="utf-8")
    except OSError as exc:
        _say(f"{prefix} cannot write {target}: {exc.strerror or exc}", error=True)
        return EXIT_FAILED
    _say(f"wrote {target}")
    _say(f"next: edit it, then run 'sandtable validate {target}' (guide: docs/scenarios.md)")
    return EXIT_OK
