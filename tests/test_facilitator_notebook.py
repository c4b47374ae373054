"""The facilitator notebook runs top to bottom on the seeded sample workshops (nbval).

``SANDTABLE_FACILITATOR_STRICT=1`` makes the notebook raise what it would otherwise show as a
message, and check its board and leaderboard against the store; outputs are not compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample
from tests.notebook_runs import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "facilitator.ipynb"
CODE_CELLS = 4


def test_the_facilitator_notebook_is_committed_without_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert len(code) == CODE_CELLS
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert any("facilitator_app(" in "".join(c["source"]) for c in code)
    assert not any("NBVAL_CHECK_OUTPUT" in "".join(c["source"]) for c in code)


@pytest.mark.parametrize(("workshop", "lang"), [(3, "zh"), (1, "en")])
def test_the_facilitator_notebook_runs_on_a_sample_workshop(
    workshop: int, lang: str, tmp_path: Path
) -> None:
    ids = make_sample(tmp_path / "workshops.sqlite")
    out = tmp_path / "comparison.html"
    env = {
        "SANDTABLE_WORKSHOPS": str(tmp_path),
        "SANDTABLE_LANG": lang,
        "SANDTABLE_WORKSHOP": str(ids[workshop - 1]),
        "SANDTABLE_TRAINER_CODE": SAMPLE_TRAINER_CODE,
        "SANDTABLE_COMPARISON_OUT": str(out),
        "SANDTABLE_FACILITATOR_STRICT": "1",
    }
    run = run_notebook(NOTEBOOK, env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"{CODE_CELLS} passed" in run.stdout
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    names = {"North", "South", "East", "West"} if workshop == 3 else {"Blue", "Red", "Green"}
    assert all(name in page for name in names)
    assert ("对比复盘" in page) == (lang == "zh")


def test_the_facilitator_notebook_runs_with_no_workshop_open(tmp_path: Path) -> None:
    """A trainer's first visit: an empty store folder, nothing open; the cells still run and
    no store file is created until the trainer creates a workshop."""
    env = {"SANDTABLE_WORKSHOPS": str(tmp_path), "SANDTABLE_FACILITATOR_STRICT": "1"}
    run = run_notebook(NOTEBOOK, env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"{CODE_CELLS} passed" in run.stdout
    assert not (tmp_path / "workshops.sqlite").exists()


def test_a_wrong_trainer_code_fails_the_strict_run(tmp_path: Path) -> None:
    ids = make_sample(tmp_path / "workshops.sqlite")
    env = {
        "SANDTABLE_WORKSHOPS": str(tmp_path),
        "SANDTABLE_WORKSHOP": str(ids[0]),
        "SANDTABLE_TRAINER_CODE": "WRONG2",
        "SANDTABLE_FACILITATOR_STRICT": "1",
    }
    run = run_notebook(NOTEBOOK, env)
    assert run.returncode != 0
    assert "AccessError" in run.stdout
