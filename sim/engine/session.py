"""Session files: scenario + seed + the team's decisions, replayed to the exact same state.

A session embeds the scenario text it was played on, so it replays anywhere. Files are written
atomically (temp file + rename): a killed kernel loses at most the round in progress.

A file records the model version it was saved with (``model_version``; none: ``"1"``), the
hash of its event log and its result's figures. A file saved under another model version, or
whose replay gives another log, still opens: ``sim.replay_notice`` says so
(:mod:`sim.engine.notice`), and rounds the current model refuses in an older file are played
without the refused activities (:mod:`sim.engine.replay`). A broken or tampered file — not
JSON, another format, a malformed or impossible round, an invalid embedded scenario or one
whose text no longer matches its recorded sha256 — is refused with a one-line
:class:`SessionError`, whatever in it fails: the file is bounded before it is parsed (size,
nesting, number length and finiteness), strictly typed (``true`` is not a seed), and every
failure of the replay is caught.

The error holds a code and parameters (codes again where a parameter names a kind of value);
the sentence, in the reader's language, is :func:`sim.i18n.session.session_error_message`.
This module imports no simulation: :meth:`Simulation.load` passes its class in.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import re
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from sim.engine.errors import SessionOver
from sim.engine.notice import ReplayWarning, replay_notice, result_summary
from sim.engine.replay import RoundRefusedError, replay
from sim.engine.rng import Seed, describe_seed, seed_from
from sim.engine.version import MODEL_VERSION, UNVERSIONED
from sim.model.plans import Plan, PlanError, Reason
from sim.safe_text import one_line, preview, quoted
from sim.scenario import LoadedScenario, ScenarioError, parse_scenario
from sim.scenario.loader import InputFileError, read_input_file

if TYPE_CHECKING:
    from sim.engine.simulation import Simulation

FORMAT = "sandtable-session/1"


MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest session file read (a whole game with its scenario is 20–40 KB)."""
MAX_DEPTH = 32
"""How deeply lists and mappings may nest in a session file (a round needs 4 levels)."""
MAX_DIGITS = 40
"""The most digits a whole number may have (a seed below 2^128 has 39)."""
MAX_ROUNDS = 1_000
"""The most rounds a file may hold (a deal's horizon is at most 260 weeks)."""
MAX_SEED = (1 << 128) - 1
FILE_WIDE = "(file)"  # a problem with the file as a whole: the message names no field
LANGUAGE_TAGS = ("en", "zh")


class SessionError(ValueError):
    """A session file that cannot be loaded: which file, where in it, a code and parameters.

    ``key`` is the code (the sentence is ``session.error.<key>`` in the core catalogs, made by
    :func:`sim.i18n.session.session_error_message`: ``FILE: where: what (expected ...)``);
    ``where`` a dotted field, or :data:`FILE_WIDE`; ``reasons`` the engine's reasons for a
    refused round. ``str(error)`` is :meth:`summary`, the codes on one line. The parameters
    quote the file briefly, control characters escaped.
    """

    def __init__(
        self, file: str, where: str, kind: str, reasons: Sequence[Reason] = (), **params: Any
    ) -> None:
        self.file, self.where, self.key, self.params = file, where, kind, params
        self.reasons = tuple(reasons)
        super().__init__(self.summary())

    @property
    def field(self) -> str | None:
        """The dotted field the problem is in, or None for the file as a whole."""
        return None if self.where == FILE_WIDE else self.where

    def summary(self) -> str:
        """One line of codes for logs: ``FILE: where: key (name=value, ...) [reason, ...]``."""
        shown = ", ".join(f"{name}={value}" for name, value in self.params.items())
        reasons = ", ".join(r.key for r in self.reasons)
        return one_line(
            f"{self.file}: {self.where}: {self.key}"
            + (f" ({shown})" if shown else "")
            + (f" [{reasons}]" if reasons else "")
        )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _ScenarioRef(_Strict):
    id: str
    path: str = ""
    sha256: str = ""
    source: str


class _SessionFile(_Strict):
    format: str
    model_version: str = UNVERSIONED
    scenario: _ScenarioRef
    seed: Any
    policy: str | None = None
    lang: str = "en"
    meta: dict[str, str] = {}
    rounds: list[dict[str, Any]]
    done: bool = False
    result: dict[str, Any] | None = None
    event_log_sha256: str = ""


def session_data(sim: Simulation) -> dict[str, Any]:
    source = sim.source
    return {
        "format": FORMAT,
        "model_version": MODEL_VERSION,
        "scenario": {
            "id": sim.scenario.id,
            "path": source.path if source else "",
            "sha256": source.sha256 if source else "",
            "source": source.source if source else json.dumps(sim.scenario.model_dump(mode="json")),
        },
        "seed": describe_seed(sim.seed),
        "policy": sim.policy.name if sim.policy is not None else None,
        "lang": sim.lang,
        "meta": dict(sim.meta),
        "rounds": [plan.to_dict() for plan in sim.decisions],
        "done": sim.done,
        "result": result_summary(sim),
        "event_log_sha256": sim.log.sha256(),
    }


def save_session(sim: Simulation, path: Path) -> Path:
    text = json.dumps(session_data(sim), ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".session-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def load_session(path: Path, simulation: type[Simulation], *, warn: bool = False) -> Simulation:
    """Replay the session file at ``path`` as a new ``simulation`` (the class: callers use
    :meth:`Simulation.load`); ``warn`` also issues a :class:`ReplayWarning` when the game
    opens with a replay notice. Every way the file or its replay can fail raises
    :class:`SessionError`, and the file is only read."""
    name = str(path)
    data = _read_session(path, name)
    sim = _replayed(data, name, simulation)
    if warn and sim.replay_notice is not None:
        warnings.warn(ReplayWarning.of(sim.replay_notice), stacklevel=3)
    return sim


def _read_session(path: Path, name: str) -> _SessionFile:
    """The file's content, bounded, parsed and checked against the session format."""
    try:
        raw = read_input_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise SessionError(
            name, FILE_WIDE, "unreadable", file_problem=exc.key, **exc.params
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise SessionError(f"{name}:{line}", FILE_WIDE, "not_utf8", byte=byte) from None
    tree = _parse_json(text, name)
    if not isinstance(tree, dict):
        raise SessionError(name, FILE_WIDE, "not_a_mapping", format=FORMAT)
    if tree.get("format") != FORMAT:
        found = quoted(tree["format"]) if "format" in tree else None  # None: no format key
        raise SessionError(name, "format", "bad_format", found=found, format=FORMAT)
    try:
        data = _SessionFile.model_validate(tree)
    except ValidationError as exc:
        raise _pydantic_error(name, exc.errors()[0]) from None
    if len(data.rounds) > MAX_ROUNDS:
        raise SessionError(
            name, "rounds", "too_many_rounds", count=len(data.rounds), most=MAX_ROUNDS
        )
    if data.lang.replace("_", "-").split("-")[0].lower() not in LANGUAGE_TAGS:
        raise SessionError(name, "lang", "bad_lang", language=quoted(data.lang), known="en, zh")
    return data


class _NumberError(ValueError):
    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(key)


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _NumberError("number_too_long", digits=len(text.lstrip("-")), most=MAX_DIGITS)
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError("not_finite", value=quoted(text))
    return value


def _constant(text: str) -> float:
    raise _NumberError("not_finite", value=text)


def _parse_json(text: str, name: str) -> Any:
    """JSON with every number finite and short, nesting bounded (checked without recursion)."""
    try:
        tree = json.loads(text, parse_int=_whole, parse_float=_real, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise SessionError(f"{name}:{exc.lineno}", FILE_WIDE, "not_json", problem=exc.msg) from None
    except _NumberError as exc:
        raise SessionError(_number_line(text, name), FILE_WIDE, exc.key, **exc.params) from None
    except RecursionError:
        raise SessionError(name, FILE_WIDE, "too_deep", most=MAX_DEPTH) from None
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        raise SessionError(name, FILE_WIDE, "too_deep", most=MAX_DEPTH)
    return tree


def _number_line(text: str, name: str) -> str:
    """``FILE:LINE`` of the first number that is too long or not finite, if it can be found."""
    found = re.search(rf"\d{{{MAX_DIGITS + 1},}}|NaN|-?Infinity|\d[eE]\+?\d{{3,}}", text)
    return f"{name}:{text[: found.start()].count(chr(10)) + 1}" if found else name


def _depth(tree: Any) -> int:
    deepest = 0
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


# What a field or a pydantic error type expects, as a code (``session.expected.<code>``).
_FIELD_EXPECTS = {
    "model_version": "text",
    "scenario": "scenario",
    "rounds": "rounds",
    "meta": "meta",
    "result": "result",
}
_TYPE_EXPECTS = {
    "string_type": "text",
    "int_type": "whole_number",
    "bool_type": "true_or_false",
    "dict_type": "mapping",
    "list_type": "list",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


def _pydantic_error(name: str, err: Any) -> SessionError:
    """The first problem pydantic found, in the session's own words (no class names)."""
    loc = tuple(err["loc"])
    where = ".".join(str(part) for part in loc) or FILE_WIDE
    kind = str(err["type"])
    if kind == "missing":
        return SessionError(name, where, "missing")
    if kind == "extra_forbidden":
        model = _ScenarioRef if loc[:1] == ("scenario",) else _SessionFile
        allowed = sorted(model.model_fields)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        parent = ".".join(map(str, loc[:-1])) or FILE_WIDE
        key = quoted(str(loc[-1]))
        return SessionError(
            name,
            parent,
            "unknown_key",
            unknown=key,
            close=close[0] if close else "",
            known=", ".join(allowed),
        )
    expected = _FIELD_EXPECTS.get(where) or _TYPE_EXPECTS.get(kind, "other")
    kind, shown = _got(err.get("input"))
    return SessionError(name, where, "wrong_type", expected=expected, got_kind=kind, got=shown)


def _got(value: Any) -> tuple[str, str]:
    """What a value is: a code (``session.got.<kind>``) and the value, quoted briefly."""
    if isinstance(value, bool):
        return ("true" if value else "false"), ""
    if value is None:
        return "null", ""
    if isinstance(value, str):
        return "text", quoted(value)
    if isinstance(value, int | float):
        return "number", quoted(value)
    return "value", preview(value)


def _seed(data: _SessionFile, name: str) -> Seed:
    value = data.seed
    entropy = value.get("entropy") if isinstance(value, dict) else value
    if isinstance(value, dict):
        key = value.get("spawn_key", [])
        extra = sorted(set(value) - {"entropy", "spawn_key"})
        if extra:
            return _bad_seed(name, "unknown_key", unknown=quoted(extra[0]))
        if (
            not isinstance(key, list)
            or len(key) > MAX_DEPTH
            or not all(_whole_number(k, (1 << 64) - 1) for k in key)
        ):
            kind, shown = _got(key)
            return _bad_seed(name, "spawn_key", got_kind=kind, got=shown)
    if not _whole_number(entropy, MAX_SEED):
        kind, shown = _got(entropy)
        return _bad_seed(name, "entropy", got_kind=kind, got=shown)
    return seed_from(value)


def _whole_number(value: object, most: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= most


def _bad_seed(name: str, problem: str, **params: Any) -> Seed:
    """Refuse the seed; ``problem`` is a code (``session.seed.<problem>``)."""
    raise SessionError(name, "seed", "bad_seed", seed_problem=problem, **params)


REPLAY_FAILURES = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    ArithmeticError,
    IndexError,
    RecursionError,
    AssertionError,
)
"""What a tampered round can make the engine raise besides its own refusals."""


def _replayed(data: _SessionFile, name: str, simulation: type[Simulation]) -> Simulation:
    try:
        scenario = _scenario_of(data.scenario)
    except ScenarioError as exc:
        problem = exc.problems[0]
        raise SessionError(
            name, "scenario.source", "scenario_invalid", scenario_problem=problem
        ) from None
    ref = data.scenario
    if ref.sha256 and hashlib.sha256(ref.source.encode("utf-8")).hexdigest() != ref.sha256:
        raise SessionError(name, "scenario.sha256", "sha256_differs")
    if ref.id != scenario.id:
        raise SessionError(name, "scenario.id", "id_differs", id=quoted(ref.id), found=scenario.id)
    seed = _seed(data, name)
    try:
        sim = simulation(
            LoadedScenario(scenario, ref.source, ref.path),
            seed=seed,
            policy=data.policy,
            lang=data.lang,
        )
    except REPLAY_FAILURES as exc:
        raise SessionError(name, "policy", "cannot_start", problem=_said(exc)) from None
    sim.meta.update(data.meta)
    plans = []
    for number, plan_data in enumerate(data.rounds):
        try:
            plans.append(Plan.from_dict(plan_data))
        except REPLAY_FAILURES as exc:
            raise SessionError(name, f"rounds.{number}", "malformed", problem=_said(exc)) from None
    try:
        # An older (or newer) model may refuse what was played: then trim. So may the same model
        # when the file's inputs no longer give the saved game (an edited seed), for what only
        # the course of the deal rules out; the notice names the rounds. Else: refused.
        seen = replay(sim, plans, tolerant=data.model_version != MODEL_VERSION, course=True)
    except RoundRefusedError as exc:
        raise SessionError(name, f"rounds.{exc.round}", "refused", exc.reasons) from None
    except (PlanError, SessionOver, *REPLAY_FAILURES) as exc:
        raise SessionError(name, "rounds", "replay_failed", problem=_said(exc)) from None
    sim.replay_notice = replay_notice(
        saved_version=data.model_version,
        saved_sha256=data.event_log_sha256,
        replayed_sha256=seen.sha256,
        source=name,
        saved_result=data.result,
        replayed_result=result_summary(sim),
        adjusted_rounds=tuple(seen.adjusted_rounds),
        unplayed_rounds=seen.unplayed_rounds,
    )
    return sim


def _said(exc: BaseException) -> str:
    """An exception's message, short and on one line (it may quote the file at length)."""
    text = str(exc) if not isinstance(exc, KeyError) or not exc.args else str(exc.args[0])
    return quoted(text or type(exc).__name__, 200)


def _scenario_of(ref: _ScenarioRef) -> Any:
    # JSON (a scenario built in Python) is valid YAML, so one parser serves both.
    return parse_scenario(ref.source, ref.path or "<session>")
