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
    """A session file that cannot be loaded; the message says what and where, on one line.

    ``str(error)`` is English; ``error.message(lang)`` the same in the user's language
    (``FILE: where: what (expected ...)``). The parameters quote the file briefly, control
    characters escaped.
    """

    def __init__(
        self, file: str, where: str, kind: str, reasons: Sequence[Reason] = (), **params: Any
    ) -> None:
        self.file, self.where, self.key, self.params = file, where, kind, params
        self.reasons = tuple(reasons)  # a refused round: the engine's reasons, in words below
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        from sim.i18n import translate  # noqa: PLC0415  (i18n is a leaf; imported lazily)
        from sim.i18n.plans import reason_messages  # noqa: PLC0415

        params = dict(self.params)
        if self.reasons:
            params["problem"] = quoted("; ".join(reason_messages(self.reasons, lang)), 300)
        what = translate(f"session.error.{self.key}", lang, **params)
        where = "" if self.where == FILE_WIDE else f"{self.where}: "  # the file as a whole
        return one_line(f"{self.file}: {where}{what}")


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


def load_session(path: Path, *, warn: bool = False) -> Simulation:
    """Replay the session file at ``path``; ``warn`` also issues a :class:`ReplayWarning` when
    the game opens with a replay notice. Every way the file or its replay can fail raises
    :class:`SessionError`, and the file is only read."""
    name = str(path)
    data = _read_session(path, name)
    sim = _replayed(data, name)
    if warn and sim.replay_notice is not None:
        warnings.warn(ReplayWarning.of(sim.replay_notice), stacklevel=3)
    return sim


def _read_session(path: Path, name: str) -> _SessionFile:
    """The file's content, bounded, parsed and checked against the session format."""
    try:
        raw = read_input_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise SessionError(
            name, FILE_WIDE, "unreadable", reason=exc.reason, expected=exc.expected
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
        found = quoted(tree["format"]) if "format" in tree else "nothing"
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


_FIELD_WORDS = {
    "format": FORMAT,
    "model_version": "a text",
    "scenario": "a mapping with id, path, sha256 and source",
    "rounds": "a list of rounds",
    "meta": "a mapping of texts",
    "result": "a mapping, or null",
}
_TYPE_WORDS = {
    "string_type": "a text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
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
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        parent = ".".join(map(str, loc[:-1])) or FILE_WIDE
        key = quoted(str(loc[-1]))
        return SessionError(
            name, parent, "unknown_key", unknown=key, hint=hint, known=", ".join(allowed)
        )
    expected = _FIELD_WORDS.get(where) or _TYPE_WORDS.get(kind, "another value")
    return SessionError(name, where, "wrong_type", got=_kind(err.get("input")), expected=expected)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text '{quoted(value)}'"
    if isinstance(value, int | float):
        return f"the number {quoted(value)}"
    return preview(value)


def _seed(data: _SessionFile, name: str) -> Seed:
    value = data.seed
    entropy = value.get("entropy") if isinstance(value, dict) else value
    if isinstance(value, dict):
        key = value.get("spawn_key", [])
        extra = sorted(set(value) - {"entropy", "spawn_key"})
        if extra:
            return _bad_seed(name, f"unknown key '{quoted(extra[0])}' in the seed")
        if (
            not isinstance(key, list)
            or len(key) > MAX_DEPTH
            or not all(_whole_number(k, (1 << 64) - 1) for k in key)
        ):
            return _bad_seed(name, f"seed.spawn_key is {_kind(key)}")
    if not _whole_number(entropy, MAX_SEED):
        return _bad_seed(name, f"got {_kind(entropy)}")
    return seed_from(value)


def _whole_number(value: object, most: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= most


def _bad_seed(name: str, problem: str) -> Seed:
    raise SessionError(name, "seed", "bad_seed", problem=problem)


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


def _replayed(data: _SessionFile, name: str) -> Simulation:
    from sim.engine.simulation import SessionOver, Simulation  # noqa: PLC0415  (import cycle)

    try:
        scenario = _scenario_of(data.scenario)
    except ScenarioError as exc:
        problem = str(exc.problems[0])
        raise SessionError(name, "scenario.source", "scenario_invalid", problem=problem) from None
    ref = data.scenario
    if ref.sha256 and hashlib.sha256(ref.source.encode("utf-8")).hexdigest() != ref.sha256:
        raise SessionError(name, "scenario.sha256", "sha256_differs")
    if ref.id != scenario.id:
        raise SessionError(name, "scenario.id", "id_differs", id=quoted(ref.id), found=scenario.id)
    seed = _seed(data, name)
    try:
        sim = Simulation(
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
        # Only an older (or newer) model may refuse what was played: then trim, else refuse.
        seen = replay(sim, plans, tolerant=data.model_version != MODEL_VERSION)
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
