"""``sandtable new-scenario NAME``: write the commented scenario template to ``NAME.yaml``.

It lives beside ``sim.cli``, not in ``sim.scenario``: it speaks words (``sim.i18n``), which the
inner layers do not.

Exit codes follow the rest of the command line: 0 written, 1 the file exists (without
``--force``) or cannot be written, 2 a usage mistake (a bad NAME, a folder that does not exist).
Every mistake ends in a one-line message (in ``--lang``: en or zh), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.i18n import LANGUAGES, translate
from sim.scenario.template import is_valid_id, render_template

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _say(text: str, *, error: bool = False) -> None:
    stream = sys.stderr if error else sys.stdout
    stream.write(text + "\n")


def _refuse(problem: str) -> None:
    """One line on stderr saying what is wrong (``problem``: already in the user's language)."""
    _say(f"sandtable new-scenario: error: {problem}", error=True)


def _name_problem(text: str, lang: str) -> str | None:
    """Why ``text`` cannot be a scenario name, in ``lang`` (None: it can)."""
    if is_valid_id(text):
        return None
    problem = translate("scenario.new.bad_name", lang, name=text)
    stem = text.removesuffix(".yaml").removesuffix(".yml")
    if stem != text and is_valid_id(stem):
        problem += translate("scenario.new.bad_name_hint", lang, stem=stem)
    return problem


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
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the messages (default en)"
    )
    parser.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    name: str = args.name
    lang: str = args.lang
    folder = Path(args.dir)
    problem = _name_problem(name, lang)
    if problem is not None:  # checked here, not by argparse, so that it speaks ``--lang``
        _refuse(problem)
        return EXIT_USAGE
    if not folder.is_dir():
        _refuse(translate("scenario.new.no_folder", lang, folder=folder))
        return EXIT_USAGE
    target = folder / f"{name}.yaml"
    if target.exists() and not args.force:
        _refuse(translate("scenario.new.exists", lang, target=target))
        return EXIT_FAILED
    if target.is_dir():
        _refuse(translate("scenario.new.is_folder", lang, target=target))
        return EXIT_FAILED
    try:
        target.write_text(render_template(name), encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _refuse(translate("scenario.new.cannot_write", lang, target=target, reason=reason))
        return EXIT_FAILED
    _say(translate("scenario.new.wrote", lang, target=target))
    _say(translate("scenario.new.next", lang, target=target))
    return EXIT_OK
