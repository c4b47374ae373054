"""The ``sandtable`` command: validate, run, batch, report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.scenario import check_file


def _validate(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files:
        problems = check_file(path)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        if not problems and not args.quiet:
            print(f"{path}: ok")
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sandtable",
        description="Sandtable (沙盘): a team-selling sandbox for key accounts.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.set_defaults(handler=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
