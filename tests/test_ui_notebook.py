"""The sandbox notebook runs top to bottom in a fresh kernel (nbval, outputs not compared)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.notebook_runs import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "sandbox.ipynb"


def test_the_sandbox_notebook_is_committed_without_outputs() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert any("sandbox_app(" in "".join(c["source"]) for c in code)


def test_the_sandbox_notebook_runs_under_nbval(tmp_path: Path) -> None:
    run = run_notebook(NOTEBOOK, {"SANDTABLE_SESSIONS": str(tmp_path / "sessions")}, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "2 passed" in run.stdout
