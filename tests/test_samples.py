"""The sample sessions shipped in sessions/ are current: each replays to its saved event log
under the current model version, and ``sessions/make_samples.py`` writes exactly them.

After a change to the model (and a bump of MODEL_VERSION in sim/engine/version.py) these
tests fail until the samples are written again with ``make samples``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sim.engine import Simulation
from sim.engine.version import MODEL_VERSION

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = ROOT / "sessions"
STALE = (
    "is stale: the model changed since it was saved. Run `make samples` (after bumping "
    "MODEL_VERSION in sim/engine/version.py) and commit the regenerated sessions/*.json"
)


def shipped() -> list[Path]:
    """The session files in sessions/ that git keeps (played games are ``*.local.json``)."""
    return sorted(p for p in SESSIONS.glob("*.json") if ".local." not in p.name)


def make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples", SESSIONS / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name)
def test_each_shipped_sample_replays_to_its_saved_hash_under_the_current_model(
    path: Path,
) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data.get("model_version") == MODEL_VERSION, (
        f"{path.name} was saved with model version {data.get('model_version', '1')}, "
        f"the model is at {MODEL_VERSION}; {path.name} {STALE}"
    )
    game = Simulation.load(path, warn=False)
    assert game.log.sha256() == data["event_log_sha256"], f"{path.name} {STALE}"
    assert game.replay_notice is None, f"{path.name} {STALE}"


def test_make_samples_writes_every_shipped_sample_and_no_other() -> None:
    assert [p.name for p in shipped()] == sorted(make_samples().SAMPLES)


def test_make_samples_writes_the_shipped_files_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = make_samples()
    monkeypatch.setattr(module, "HERE", tmp_path)
    written = module.main()
    assert [p.parent for p in written] == [tmp_path] * len(written)
    for path in written:
        assert path.read_bytes() == (SESSIONS / path.name).read_bytes(), f"{path.name} {STALE}"
