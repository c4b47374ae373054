"""``sandtable report SESSION -o REPORT.html [--lang en|zh]``: the debrief as one HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.analysis.report_defaults import REPLICATIONS
from sim.arguments import whole_number
from sim.i18n import LANGUAGES


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report", help="write the debrief of a played session as one self-contained HTML file"
    )
    report.add_argument(
        "session", metavar="SESSION", help="a session file (sandtable run --save, or the sandbox)"
    )
    report.add_argument(
        "-o", "--out", required=True, metavar="REPORT.html", help="where to write the report"
    )
    report.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the report (default: the session's)",
    )
    report.add_argument(
        "--replications",
        type=whole_number,
        default=REPLICATIONS,
        metavar="N",
        help=f"seeds per ghost policy for the outcome spread (default {REPLICATIONS}; 0: none)",
    )
    report.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Write the report. A session that opens with a replay notice (saved under another model
    version, or replayed to another log) is reported all the same, with the notice as one line
    on stderr in the report's language (exit 0)."""
    from sim.analysis.fonts import MissingFontError  # noqa: PLC0415  (matplotlib only when used)
    from sim.analysis.report import save_report  # noqa: PLC0415
    from sim.engine import Simulation  # noqa: PLC0415
    from sim.engine.session import SessionError  # noqa: PLC0415
    from sim.i18n import normalise, translate  # noqa: PLC0415
    from sim.i18n.replay import notice_text  # noqa: PLC0415
    from sim.i18n.session import session_error_message  # noqa: PLC0415

    try:
        game = Simulation.load(Path(args.session), warn=False)
        lang = normalise(args.lang or game.lang)
        if game.replay_notice is not None:
            text = notice_text(game.replay_notice, lang, hashes=True)
            sys.stderr.write(translate("replay.line", lang, source=args.session, text=text) + "\n")
        path = save_report(game, args.out, lang, replications=args.replications)
    except SessionError as exc:
        sys.stderr.write(session_error_message(exc, normalise(args.lang or "en")) + "\n")
        return 1
    except MissingFontError as exc:
        sys.stderr.write(exc.message(normalise(args.lang or "en")) + "\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"{args.out}: cannot write the report ({exc.strerror or exc})\n")
        return 1
    sys.stdout.write(f"{path}\n")
    return 0
