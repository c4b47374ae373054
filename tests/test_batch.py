"""Monte Carlo batches: the same seed gives the same replications on every backend; rows stream
to Parquet; summaries carry 95% intervals; what-ifs are paired with common random numbers; the
``sandtable batch`` command answers bad flags with a message, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from sim.batch import (
    OUTCOME_SCHEMA,
    ChunkTask,
    DaskCluster,
    InProcess,
    LocalProcesses,
    Moments,
    PolicyChange,
    SkillChange,
    Variant,
    batch_metadata,
    parse_what_if,
    play_replication,
    replication_seed,
    run_batch,
    wilson,
)
from sim.batch.outcomes import Columns
from sim.scenario import Scenario
from tests.notebook_runs import run_notebook

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
N = 200


@pytest.fixture(scope="module")
def baseline(cross_sell: Scenario) -> Variant:
    return Variant(cross_sell, "expert")


@pytest.fixture(scope="module")
def in_process_rows(baseline: Variant) -> pd.DataFrame:
    """The reference: N replications in this process (four chunks of 50)."""
    return run_batch(baseline, N, seed=7).outcomes()


# --- seeds and backends ------------------------------------------------------------------------
def test_replication_i_plays_child_i_of_the_seed() -> None:
    children = np.random.SeedSequence(7).spawn(5)
    for i, child in enumerate(children):
        assert np.array_equal(replication_seed(7, i).generate_state(4), child.generate_state(4))


def test_two_local_processes_give_the_same_rows_as_one(
    baseline: Variant, in_process_rows: pd.DataFrame
) -> None:
    with LocalProcesses(2) as backend:
        # other chunks than the reference, finishing in any order
        rows = run_batch(baseline, N, seed=7, backend=backend, chunk_size=30).outcomes()
    pd.testing.assert_frame_equal(rows, in_process_rows)


def test_a_dask_local_cluster_gives_the_same_rows(
    baseline: Variant, in_process_rows: pd.DataFrame
) -> None:
    with DaskCluster.local(2, processes=False) as backend:
        rows = run_batch(baseline, N, seed=7, backend=backend, chunk_size=40).outcomes()
    pd.testing.assert_frame_equal(rows, in_process_rows)


def test_a_row_is_the_replayed_deal(baseline: Variant, in_process_rows: pd.DataFrame) -> None:
    row = in_process_rows.iloc[123]
    replay = play_replication(baseline, seed=7, index=int(row["replication"]))
    assert (replay.outcome, replay.weeks, replay.contract_value) == (
        row["outcome"], row["weeks"], row["contract_value"])


def test_rows_are_ordered_by_replication(in_process_rows: pd.DataFrame) -> None:
    assert in_process_rows["replication"].tolist() == list(range(N))


# --- Parquet -------------------------------------------------------------------------------
def test_rows_stream_to_parquet_one_row_group_per_chunk(baseline: Variant, tmp_path: Path) -> None:
    out = tmp_path / "batch.parquet"
    result = run_batch(baseline, 120, seed=3, chunk_size=50, out=out)
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_rows == 120
    assert parquet.metadata.num_row_groups == 3
    assert parquet.schema_arrow.equals(OUTCOME_SCHEMA, check_metadata=False)
    assert batch_metadata(out) == {
        "scenario": "cross_sell_mes_erp", "seed": 3, "n": 120,
        "variants": [{"name": "baseline", "policy": "expert"}],
    }
    assert result.table is None, "streamed rows are not also kept in memory"
    assert result.outcomes()["replication"].tolist() == list(range(120))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.parquet"]


class LostWorker(InProcess):
    """A backend whose second chunk never comes back."""

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[tuple[ChunkTask, Columns]]:
        for count, finished in enumerate(super().run(tasks)):
            if count == 1:
                raise RuntimeError("worker lost")
            yield finished


def test_a_failed_batch_leaves_no_parquet_file(baseline: Variant, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="worker lost"):
        run_batch(baseline, 40, chunk_size=10, backend=LostWorker(), out=tmp_path / "rows.parquet")
    assert list(tmp_path.iterdir()) == []


# --- summaries -----------------------------------------------------------------------------
def test_summary_intervals_contain_their_estimates(baseline: Variant) -> None:
    result = run_batch(baseline, 150, seed=11)
    summary = result.baseline
    assert summary.n == 150
    assert sum(summary.counts.values()) == 150
    assert sum(r.estimate for r in summary.rates.values()) == pytest.approx(1.0)
    for interval in (*summary.rates.values(), summary.contract_value, summary.margin):
        assert interval.low < interval.estimate < interval.high
    frame = result.outcomes()
    assert summary.rates["won"].estimate == (frame["outcome"] == "won").mean()
    assert summary.contract_value.estimate == pytest.approx(frame["contract_value"].mean())


def test_wilson_interval_stays_inside_zero_and_one() -> None:
    assert wilson(0, 20).low == 0.0
    assert wilson(20, 20).high == 1.0
    half = wilson(50, 100)
    assert half.estimate == 0.5
    assert (round(half.low, 4), round(half.high, 4)) == (0.4038, 0.5962)


def test_moments_do_not_depend_on_how_values_are_chunked() -> None:
    values = np.round(np.random.default_rng(1).normal(3e6, 1e6, size=1000), 2)
    by_seven, by_three = Moments(), Moments()
    for chunk in np.array_split(values, 7):
        by_seven = by_seven.merge(Moments.of(chunk))
    for chunk in np.array_split(values[::-1], 3):
        by_three = by_three.merge(Moments.of(chunk))
    assert by_seven == by_three == Moments.of(values)
    assert by_seven.n == 1000
    assert by_seven.mean == pytest.approx(values.mean(), rel=1e-12)
    assert by_seven.variance == pytest.approx(values.var(ddof=1), rel=1e-9)


def test_summaries_are_identical_whatever_the_chunking(baseline: Variant) -> None:
    by_ten = run_batch(baseline, 60, seed=9, chunk_size=10, keep_outcomes=False)
    by_25 = run_batch(baseline, 60, seed=9, chunk_size=25, keep_outcomes=False)
    assert by_ten.summaries == by_25.summaries


def test_progress_reports_every_replication_once(baseline: Variant) -> None:
    seen: list[int] = []
    run_batch(baseline, 75, seed=2, chunk_size=20, keep_outcomes=False, on_progress=seen.append)
    assert seen == [20, 20, 20, 15]


# --- what-ifs: common random numbers --------------------------------------------------------
def test_a_what_if_that_changes_nothing_differs_by_exactly_zero(baseline: Variant) -> None:
    same_policy = baseline.with_changes(PolicyChange("pm", "early"))  # expert's own default
    same_team = baseline.with_changes(SkillChange("presales", "presentation", 0.0))
    result = run_batch([baseline, same_policy, same_team], 60, seed=5)
    for difference in result.differences:
        for interval in (difference.win_rate, difference.contract_value, difference.margin):
            assert (interval.estimate, interval.low, interval.high) == (0.0, 0.0, 0.0)


def test_what_if_difference_is_paired_by_replication(baseline: Variant) -> None:
    never = baseline.with_changes(*parse_what_if("pm=never"))
    result = run_batch([baseline, never], 60, seed=5)
    rows = result.outcomes().pivot(index="replication", columns="variant", values="contract_value")
    difference = result.differences[0]
    assert difference.contract_value.estimate == pytest.approx(
        (rows["pm=never"] - rows["baseline"]).mean())
    assert difference.win_rate.contains(difference.win_rate.estimate)
    assert result.summary("pm=never").policy == "expert:pm=never"


def test_a_skill_what_if_changes_only_that_role(baseline: Variant, cross_sell: Scenario) -> None:
    raised = baseline.with_changes(SkillChange("presales", "presentation", 0.5))
    for before, after in zip(cross_sell.team, raised.scenario.team, strict=True):
        expected = min(1.0, before.skills.presentation + 0.5) if before.role == "presales" else (
            before.skills.presentation)
        assert after.skills.presentation == expected
        assert after.skills.technical == before.skills.technical
    assert raised.name == "presales.presentation+0.5"
    assert raised.label("zh") == "售前顾问方案呈现 +0.5"
    assert baseline.scenario is cross_sell, "the baseline is never modified"


@pytest.mark.parametrize(("spec", "message"), [
    ("presales.charm=+0.2", "unknown competency 'charm'"),
    ("janitor.discovery=+0.2", "unknown team role 'janitor'"),
    ("presales.discovery=lots", "'lots' is not a number"),
    ("presales.discovery=+2", "outside -1 to +1"),
    ("pm=sometimes", "pm takes one of"),
    ("luck=high", "unknown option 'luck'"),
    ("pm", "is not ROLE.COMPETENCY"),
])
def test_bad_what_ifs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_what_if(spec)


def test_policy_what_ifs_need_the_expert_policy(cross_sell: Scenario) -> None:
    with pytest.raises(ValueError, match="changes the expert policy"):
        Variant(cross_sell, "naive").with_changes(PolicyChange("escalation", "false"))


def test_the_same_variant_twice_is_refused(baseline: Variant) -> None:
    with pytest.raises(ValueError, match="listed more than once: baseline"):
        run_batch([baseline, baseline], 10)


def test_importing_the_batch_package_leaves_multiprocessing_alone() -> None:
    code = ("import multiprocessing, sim.batch, sim.cli; sim.cli.build_parser(); "
            "print(multiprocessing.get_start_method(allow_none=True))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "None"


# --- the command ---------------------------------------------------------------------------
def sandtable_batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", "batch", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120,
        check=False,
    )


def test_batch_json_is_one_object_with_rates_and_intervals(tmp_path: Path) -> None:
    out = tmp_path / "rows.parquet"
    done = sandtable_batch(SCENARIO, "-n", "40", "--seed", "4", "--workers", "1", "--json",
                           "--out", out, "--what-if", "pm=never")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    assert (data["scenario"], data["policy"], data["seed"], data["n"]) == (
        "cross_sell_mes_erp", "expert", 4, 40)
    assert set(data["rates"]) == set(data["ci95"]) == {"won", "lost", "no_decision"}
    assert sum(data["rates"].values()) == pytest.approx(1.0)
    for outcome, (low, high) in data["ci95"].items():
        assert low <= data["rates"][outcome] <= high
    assert data["elapsed_seconds"] >= 0
    assert [w["variant"] for w in data["what_ifs"]] == ["pm=never"]
    assert set(data["what_ifs"][0]["difference"]) >= {"win_rate", "contract_value"}
    assert pq.ParquetFile(out).metadata.num_rows == 80


def test_batch_report_in_chinese() -> None:
    done = sandtable_batch(SCENARIO, "-n", "20", "--workers", "1", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "赢单" in done.stdout and "95%置信区间" in done.stdout
    assert "\x1b" not in done.stderr + done.stdout, "no progress bar when not on a terminal"


BAD_FLAGS: dict[tuple[str, ...], str] = {
    ("-n", "0"): "the number of replications must be 1 or more, not 0",
    ("-n", "many"): "'many' is not a whole number",
    ("-n", "5", "--workers", "0"): "the number of workers must be 1 or more, not 0",
    ("-n", "5", "--seed", "-1"): "the seed must be 0 or more",
    ("-n", "5", "--out", "rows.csv"): "must be a file name ending in .parquet",
    ("-n", "5", "--out", "no/such/folder/rows.parquet"): "does not exist",
    ("-n", "5", "--policy", "lucky"): "unknown policy 'lucky'",
    ("-n", "5", "--what-if", "presales.charm=+1"): "unknown competency 'charm'",
    (): "the following arguments are required: -n",
}


@pytest.fixture(scope="module")
def bad_flag_runs() -> dict[tuple[str, ...], tuple[int, str]]:
    """Every bad command line, run side by side (each in its own interpreter)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    running = {
        args: subprocess.Popen(
            [sys.executable, "-m", "sim.cli", "batch", str(SCENARIO), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            cwd=ROOT, env=env,
        )
        for args in BAD_FLAGS
    }
    results = {}
    for args, process in running.items():
        _, stderr = process.communicate(timeout=120)
        results[args] = (process.returncode, stderr)
    return results


@pytest.mark.parametrize("args", list(BAD_FLAGS), ids=" ".join)
def test_bad_flags_get_a_message_not_a_traceback(
    args: tuple[str, ...], bad_flag_runs: dict[tuple[str, ...], tuple[int, str]]
) -> None:
    code, stderr = bad_flag_runs[args]
    assert code == 2
    assert BAD_FLAGS[args] in stderr
    assert "Traceback" not in stderr


def test_a_bad_scenario_is_reported_like_validate(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: sandtable-scenario/1\nid: Bad Id\n", encoding="utf-8")
    done = sandtable_batch(broken, "-n", "5")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines and all(line.startswith(f"{broken}:") for line in lines)


def test_a_what_if_the_scenario_cannot_take_is_reported(tmp_path: Path) -> None:
    done = sandtable_batch(SCENARIO, "-n", "5", "--policy", "naive", "--what-if", "pm=never")
    assert done.returncode == 2
    assert "changes the expert policy" in done.stderr
    assert "Traceback" not in done.stderr


# --- the strategy lab notebook ---------------------------------------------------------------
def test_strategy_lab_notebook_runs_top_to_bottom() -> None:
    done = run_notebook(ROOT / "notebooks" / "strategy_lab.ipynb", {})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]

