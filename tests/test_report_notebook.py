"""The debrief notebook runs top to bottom on the shipped samples (nbval, outputs not compared).

``SANDTABLE_DEBRIEF_STRICT=1`` makes the notebook raise what it would otherwise show in its
error area, so a broken debrief fails the run instead of rendering a warning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.notebook_runs import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "debrief.ipynb"


def test_the_debrief_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    titles = [c["source"][0] for c in notebook["cells"] if c["cell_type"] == "markdown"]
    order = [
        next(k for k, t in enumerate(titles) if t.startswith(f"## {part}"))
        for part in ("What happened", "So what", "Now what")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("session", ["team_blue_cross_sell.json", "team_red_public_tender_zh.json"])
def test_the_debrief_notebook_runs_under_nbval(session: str, tmp_path: Path) -> None:
    env = {
        "SANDTABLE_DEBRIEF_SESSION": f"sessions/{session}",
        "SANDTABLE_DEBRIEF_REPLICATIONS": "6",
        "SANDTABLE_DEBRIEF_STRICT": "1",
        "SANDTABLE_SESSIONS": str(tmp_path),
    }
    run = run_notebook(NOTEBOOK, env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "6 passed" in run.stdout
