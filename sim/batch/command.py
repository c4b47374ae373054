"""``sandtable batch``: Monte Carlo replications of one scenario, with optional what-ifs.

The only module of ``sim.batch`` that writes to the terminal. Every mistake in the command
line ends in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, TextIO

from sim.arguments import MAX_REPLICATIONS, MAX_SEED, whole_number
from sim.batch.backends import Backend, make_backend
from sim.batch.runner import BatchResult, run_batch
from sim.batch.variants import PolicyChange, SkillChange, Variant, parse_what_if
from sim.i18n import LANGUAGES, translate
from sim.i18n.numbers import plural
from sim.i18n.scenario import problem_messages
from sim.scenario import LoadedScenario, ScenarioError, load_scenario_source

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _say(text: str, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def _terminal(stream: TextIO) -> TextIO:
    """The stream under ``sandtable``'s escaping wrapper: the progress bar's own carriage
    returns must reach the terminal (its text is ours, never the user's)."""
    wrapped = getattr(stream, "wrapped", None)
    return wrapped if wrapped is not None else stream


def _error(message: str) -> None:
    _say(f"sandtable batch: error: {message}", sys.stderr)


# --- argument types (argparse turns ArgumentTypeError into "error: ..." and exit 2) ----------
# argparse applies them before ``--lang`` is read, among its own English words: English, from
# the batch catalog (``batch.arg.*``).
MAX_WORKERS = 1_024
ARGUMENT_LANG = "en"


def _arg(key: str, **params: object) -> str:
    return translate(f"batch.arg.{key}", ARGUMENT_LANG, **params)


def _replications(text: str) -> int:
    return whole_number(text, least=1, most=MAX_REPLICATIONS, what=_arg("replications"))


def _workers(text: str) -> int:
    return whole_number(text, least=1, most=MAX_WORKERS, what=_arg("workers"))


def _seed(text: str) -> int:
    return whole_number(text, least=0, most=MAX_SEED, what=_arg("seed"))


def _chunk(text: str) -> int:
    return whole_number(text, least=1, most=MAX_REPLICATIONS, what=_arg("chunk"))


def _policy(text: str) -> str:
    from sim.policies import resolve_policy  # noqa: PLC0415

    try:
        resolve_policy(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _parquet(text: str) -> str:
    if not text.endswith(".parquet"):
        raise argparse.ArgumentTypeError(_arg("not_parquet", path=text))
    folder = os.path.dirname(text) or "."
    if not os.path.isdir(folder):
        raise argparse.ArgumentTypeError(_arg("no_folder", path=text, folder=folder))
    return text


def _what_if(text: str) -> tuple[SkillChange | PolicyChange, ...]:
    try:
        return parse_what_if(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _default_workers() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def register(subparsers: Any) -> None:
    """Add ``batch`` to the ``sandtable`` command."""
    batch = subparsers.add_parser(
        "batch",
        help="Monte Carlo: many replications, win/loss/no-decision rates with 95%% CIs",
        description="Play N replications of a scenario (replication i uses child i of the seed) "
        "and print outcome rates with 95%% confidence intervals.",
    )
    batch.add_argument("scenario", metavar="SCENARIO")
    batch.add_argument(
        "-n",
        "--replications",
        type=_replications,
        required=True,
        metavar="N",
        help=f"number of replications (1 to {MAX_REPLICATIONS:,})",
    )
    batch.add_argument(
        "--policy",
        type=_policy,
        default="expert",
        help="naive, expert, or expert:option=value,... (default expert)",
    )
    batch.add_argument("--seed", type=_seed, default=0, help="base seed (default 0)")
    batch.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="K",
        help="local worker processes (default: the CPUs available; 1 = in this "
        "process; with --scheduler local, the LocalCluster's size)",
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="run on a Dask cluster, e.g. tcp://host:8786 ('local' starts a "
        "LocalCluster on this machine)",
    )
    batch.add_argument(
        "--out",
        type=_parquet,
        metavar="FILE.parquet",
        help="stream one row per replication to a Parquet file",
    )
    batch.add_argument(
        "--what-if",
        dest="what_ifs",
        type=_what_if,
        action="append",
        default=[],
        metavar="CHANGE",
        help="a variant to compare with the same seeds, e.g. "
        "presales.presentation=+0.2, pm=never, escalation=false "
        "(repeatable; comma-join changes to combine them)",
    )
    batch.add_argument(
        "--chunk-size",
        type=_chunk,
        default=None,
        metavar="M",
        help="replications per task (default: 50 to 1,000, about 4 per worker)",
    )
    batch.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the report")
    batch.add_argument("--json", action="store_true", help="print the result as one JSON object")
    batch.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    lang: str = args.lang
    try:
        loaded = load_scenario_source(args.scenario)
    except ScenarioError as exc:
        for line in problem_messages(exc.problems, lang):
            _say(line, sys.stderr)
        return 1
    try:
        base = Variant(loaded.scenario, args.policy)
        variants = [base, *(base.with_changes(*changes) for changes in args.what_ifs)]
    except ValueError as exc:
        _error(translate("batch.error.whatif", lang, reason=exc))
        return EXIT_USAGE
    workers = args.workers or _default_workers()
    try:
        backend = make_backend(workers, args.scheduler)
    except (OSError, TimeoutError, ValueError) as exc:
        _error(translate("batch.error.scheduler", lang, address=args.scheduler, reason=exc))
        return 1
    try:
        return _run(args, loaded, variants, backend)
    finally:
        backend.close()


def _run(
    args: argparse.Namespace, loaded: LoadedScenario, variants: list[Variant], backend: Backend
) -> int:
    from tqdm import tqdm  # noqa: PLC0415  (only the command shows a progress bar)

    lang: str = args.lang
    bar = tqdm(
        total=args.replications,
        unit=" " + translate("batch.cli.progress", lang),
        disable=not sys.stderr.isatty(),
        file=_terminal(sys.stderr),
        leave=False,
    )
    try:
        result = run_batch(
            variants,
            args.replications,
            seed=args.seed,
            backend=backend,
            chunk_size=args.chunk_size,
            out=args.out,
            keep_outcomes=False,
            on_progress=bar.update,
        )
    except KeyboardInterrupt:
        _say(translate("batch.error.interrupted", lang), sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        _error(translate("batch.error.out", lang, path=args.out, reason=exc.strerror or exc))
        return 1
    finally:
        bar.close()
    if args.json:
        _say(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _report(result, loaded, lang)
    return 0


def _report(result: BatchResult, loaded: LoadedScenario, lang: str) -> None:
    scenario = loaded.scenario
    currency = scenario.account.currency
    _say(
        translate(
            "batch.cli.title",
            lang,
            title=scenario.title.get(lang),
            n=result.n,
            seed=result.seed,
            policy=result.baseline.policy,
        )
    )
    for variant, summary in zip(result.variants, result.summaries, strict=True):
        if variant.changes:
            _say(
                translate(
                    "batch.cli.whatif", lang, label=variant.label(lang), policy=summary.policy
                )
            )
        for outcome, rate in summary.rates.items():
            _say(
                translate(
                    "batch.cli.rate",
                    lang,
                    label=translate(f"outcome.{outcome}", lang),
                    rate=rate.estimate,
                    low=rate.low,
                    high=rate.high,
                )
            )
        value = summary.contract_value
        _say(
            translate(
                "batch.cli.contract_value",
                lang,
                value=value.estimate,
                low=value.low,
                high=value.high,
                currency=currency,
            )
        )
        if summary.counts.get("open"):
            _say(translate("batch.cli.open", lang, count=summary.counts["open"]))
        difference = next((d for d in result.differences if d.variant == summary.variant), None)
        if difference is not None:
            win, gain = difference.win_rate, difference.contract_value
            _say(
                translate(
                    "batch.cli.difference",
                    lang,
                    diff=100 * win.estimate,
                    low=100 * win.low,
                    high=100 * win.high,
                    value=gain.estimate,
                    value_low=gain.low,
                    value_high=gain.high,
                    currency=currency,
                )
            )
    seconds = max(result.elapsed_seconds, 1e-9)
    rows = result.n * len(result.variants)
    backend = translate(f"batch.backend.{result.backend}", lang)
    _say(
        plural(
            "batch.cli.timing",
            result.workers,
            lang,
            backend=backend,
            workers=result.workers,
            seconds=seconds,
            rate=rows / seconds,
        )
    )
    if result.out is not None:
        _say(translate("batch.cli.written", lang, rows=rows, path=result.out))
