"""`sandtable run`: a trainer autoplays one deal from the shell, in a fresh interpreter each time.

The contract (README): a short outcome summary; ``--json`` prints one JSON object with at
least outcome, winner, weeks, contract_value, events and event_log_sha256. Bad input exits
non-zero with a message, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sim

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
EVENT_COLUMNS = ["time", "round", "kind", "actor", "target", "activity", "view", "value", "note"]


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "sim.cli", "run", *map(str, args)]


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command(*args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def run_many(*argvs: tuple[str | Path, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Several runs side by side, each in its own process."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    procs = [
        subprocess.Popen(
            command(*argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
            env=env,
        )
        for argv in argvs
    ]
    done = []
    for proc, argv in zip(procs, argvs, strict=True):
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(command(*argv), proc.returncode, out, err))
    return done


def summary(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    data = json.loads(lines[0])
    assert isinstance(data, dict)
    return data


def assert_clean_failure(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip()
    assert message, "a failure must say why on stderr"
    for fragment in fragments:
        assert fragment in message, message


# ---- the summary --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli_outputs")


@pytest.fixture(scope="module")
def runs(scenario_path: Path, outputs: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every successful run of this module, side by side, each in its own process."""
    argvs: dict[str, tuple[str | Path, ...]] = {
        **{f"seed{seed}": (scenario_path, "--seed", str(seed), "--json") for seed in range(5)},
        "seed0-again": (scenario_path, "--seed", "0", "--json"),
        "plain": (scenario_path, "--seed", "1"),
        "zh": (scenario_path, "--seed", "1", "--lang", "zh"),
        "csv+save": (
            scenario_path,
            "--seed",
            "3",
            "--json",
            "--events",
            outputs / "events.csv",
            "--save",
            outputs / "deal.json",
        ),
        "parquet+policy": (
            scenario_path,
            "--seed",
            "2",
            "--json",
            "--policy",
            "expert:pm=never",
            "--events",
            outputs / "events.parquet",
        ),
    }
    return dict(zip(argvs, run_many(*argvs.values()), strict=True))


@pytest.fixture(scope="module")
def seed_runs(runs: dict[str, subprocess.CompletedProcess[str]]) -> list[dict[str, Any]]:
    """Seeds 0..4 and seed 0 again, as JSON summaries."""
    names = [f"seed{seed}" for seed in range(5)] + ["seed0-again"]
    return [summary(runs[name]) for name in names]


def test_json_summary_has_the_contract_fields(seed_runs: list[dict[str, Any]]) -> None:
    data = seed_runs[0]
    assert data["outcome"] in {"won", "lost", "no_decision"}
    assert (data["winner"] == "us") == (data["outcome"] == "won")
    assert data["winner"] is None or isinstance(data["winner"], str)
    assert isinstance(data["weeks"], int) and data["weeks"] > 0
    assert isinstance(data["contract_value"], int | float) and data["contract_value"] >= 0
    assert isinstance(data["events"], int) and not isinstance(data["events"], bool)
    assert data["events"] > 0
    assert SHA256.match(data["event_log_sha256"])
    assert (data["contract_value"] > 0) == (data["outcome"] == "won")


def test_the_same_seed_in_two_processes_gives_the_same_log(seed_runs: list[dict[str, Any]]) -> None:
    assert seed_runs[0] == seed_runs[-1]


def test_different_seeds_play_different_deals(seed_runs: list[dict[str, Any]]) -> None:
    assert len({data["event_log_sha256"] for data in seed_runs[:5]}) >= 2


def test_the_cli_plays_the_same_deal_as_the_python_api(
    seed_runs: list[dict[str, Any]], scenario_path: Path
) -> None:
    game = sim.Simulation(sim.load_scenario(scenario_path), seed=0, policy="expert")
    assert game.play().event_log_sha256 == seed_runs[0]["event_log_sha256"]


def test_the_plain_summary_is_a_few_readable_lines(
    runs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = runs["plain"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert 3 <= len(lines) <= 12
    assert "{" not in result.stdout


def test_the_summary_in_chinese(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = runs["zh"]
    assert result.returncode == 0, result.stderr
    assert CJK.search(result.stdout), result.stdout
    assert "Outcome" not in result.stdout


def test_a_policy_variation_runs(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    data = summary(runs["parquet+policy"])
    assert data["outcome"] in {"won", "lost", "no_decision"}
    assert data["policy"] == "expert:pm=never"


# ---- files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "suffix"), [("csv+save", "csv"), ("parquet+policy", "parquet")])
def test_the_event_log_is_written_for_pandas(
    runs: dict[str, subprocess.CompletedProcess[str]], outputs: Path, name: str, suffix: str
) -> None:
    data = summary(runs[name])
    out = outputs / f"events.{suffix}"

    frame = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
    assert len(frame) == data["events"]
    assert list(frame.columns) == EVENT_COLUMNS


def test_save_writes_a_session_the_api_can_load(
    runs: dict[str, subprocess.CompletedProcess[str]], outputs: Path
) -> None:
    data = summary(runs["csv+save"])

    game = sim.Simulation.load(outputs / "deal.json")
    assert game.done
    assert game.log.sha256() == data["event_log_sha256"]
    assert game.result().outcome == data["outcome"]


# ---- bad input ----------------------------------------------------------------------------------


def test_a_missing_scenario_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert_clean_failure(run(missing), str(missing))


def test_an_invalid_scenario_prints_contract_lines(scenario_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = scenario_path.read_text(encoding="utf-8")
    broken.write_text(text.replace("deal_value: 3200000", "deal_value: -5"), encoding="utf-8")

    result = run(broken)

    assert result.returncode == 1
    assert_clean_failure(result)
    line = re.compile(rf"^{re.escape(str(broken))}:\d+: [^:]+: .+ \(expected .+\)$")
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.match(entry) for entry in lines), lines
    assert any("account.deal_value" in entry for entry in lines)
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--seed", "abc"), ("--seed", "abc")),
        (("--seed", "-3"), ("--seed", "-3")),
        (("--policy", "bogus"), ("--policy", "bogus")),
        (("--policy", "expert:pm=sometimes"), ("pm", "sometimes")),
        (("--lang", "fr"), ("--lang",)),
        (("--events", "out.txt"), ("out.txt", ".csv")),
    ],
    ids=[
        "seed-abc",
        "seed-negative",
        "policy-bogus",
        "policy-option",
        "lang",
        "events-txt",
    ],
)
def test_bad_options_exit_with_a_message(
    scenario_path: Path, tmp_path: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    result = run(scenario_path, *args, cwd=tmp_path)
    assert_clean_failure(result, *fragments)
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("option", ["--events", "--save"])
def test_an_unwritable_output_path_exits_with_a_message(
    scenario_path: Path, tmp_path: Path, option: str
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = tmp_path / "missing" / "events.csv" if option == "--events" else blocker / "deal.json"
    assert_clean_failure(run(scenario_path, option, target), str(target.parent))
