"""Session files: scenario + seed + the team's decisions, replayed to the exact same state.

A session embeds the scenario text it was played on, so it replays anywhere. Files are written
atomically (temp file + rename): a killed kernel loses at most the round in progress.

A file records the model version it was saved with (``model_version``; none: ``"1"``), the
hash of its event log and its result's figures. A file saved under another model version, or
whose replay gives another log, still opens: ``sim.replay_notice`` says so
(:mod:`sim.engine.notice`), and rounds the current model refuses in an older file are played
without the refused activities (:mod:`sim.engine.replay`). A broken or tampered file — not
JSON, another format, a malformed or impossible round, an invalid embedded scenario — is
refused with a one-line :class:`SessionError`.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from sim.engine.notice import ReplayWarning, replay_notice, result_summary
from sim.engine.replay import RoundRefusedError, replay
from sim.engine.rng import describe_seed, seed_from
from sim.engine.version import MODEL_VERSION, UNVERSIONED
from sim.model.plans import Plan
from sim.scenario import LoadedScenario, ScenarioError, parse_scenario

if TYPE_CHECKING:
    from sim.engine.simulation import Simulation

FORMAT = "sandtable-session/1"


class SessionError(ValueError):
    """A session file that cannot be loaded; the message says what and where."""


class _ScenarioRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    path: str = ""
    sha256: str = ""
    source: str


class _SessionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["sandtable-session/1"]
    model_version: str = UNVERSIONED
    scenario: _ScenarioRef
    seed: int | dict[str, Any]
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
    the game opens with a replay notice."""
    from sim.engine.simulation import Simulation  # noqa: PLC0415  (avoid an import cycle)

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SessionError(f"{name}: cannot read the session file ({exc})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SessionError(f"{name}:{exc.lineno}: not a session file: {exc.msg}") from None
    try:
        data = _SessionFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise SessionError(f"{name}: {where}: {first['msg']} (expected a {FORMAT} file)") from None
    try:
        scenario = _scenario_of(data.scenario)
    except ScenarioError as exc:
        raise SessionError(f"{name}: the embedded scenario is invalid: {exc.problems[0]}") from None
    try:
        seed = seed_from(data.seed)
        sim = Simulation(
            LoadedScenario(scenario, data.scenario.source, data.scenario.path),
            seed=seed,
            policy=data.policy,
            lang=data.lang,
        )
    except ValueError as exc:
        raise SessionError(f"{name}: {exc}") from None
    sim.meta.update(data.meta)
    plans = []
    for number, plan_data in enumerate(data.rounds):
        try:
            plans.append(Plan.from_dict(plan_data))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SessionError(f"{name}: rounds.{number}: malformed plan ({exc})") from None
    try:
        # Only an older (or newer) model may refuse what was played: then trim, else refuse.
        seen = replay(sim, plans, tolerant=data.model_version != MODEL_VERSION)
    except RoundRefusedError as exc:
        raise SessionError(f"{name}: rounds.{exc.round}: {exc}") from None
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
    if warn and sim.replay_notice is not None:
        warnings.warn(ReplayWarning.of(sim.replay_notice), stacklevel=3)
    return sim


def _scenario_of(ref: _ScenarioRef) -> Any:
    # JSON (a scenario built in Python) is valid YAML, so one parser serves both.
    return parse_scenario(ref.source, ref.path or "<session>")
