"""The team-gaps notebook runs top to bottom on a seeded sample store (nbval, outputs not
compared) and writes both exports.

``SANDTABLE_GAPS_STRICT=1`` makes the notebook raise what it would otherwise show in its
status area, so a broken view fails the run instead of rendering an error message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sim.workshop.sample import make_sample
from tests.notebook_runs import run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "team_gaps.ipynb"
CODE_CELLS = 7  # setup, heatmap, distribution, trend, priorities, people, load


def test_the_team_gaps_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) == CODE_CELLS
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    titles = [c["source"][0] for c in notebook["cells"] if c["cell_type"] == "markdown"]
    order = [
        next(k for k, t in enumerate(titles) if t.startswith(f"## {part} · "))
        for part in ("Heatmap", "Distribution", "Trend", "Coaching priorities")
    ]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_team_gaps_notebook_runs_under_nbval(tmp_path: Path, lang: str) -> None:
    make_sample(tmp_path / "workshops.sqlite")
    env = {
        "SANDTABLE_WORKSHOPS": str(tmp_path),
        "SANDTABLE_SESSIONS": str(tmp_path / "sessions"),
        "SANDTABLE_GAPS_CACHE": str(tmp_path / "cache"),
        "SANDTABLE_LANG": lang,
        "SANDTABLE_GAPS_STRICT": "1",
    }
    run = run_notebook(NOTEBOOK, env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"{CODE_CELLS} passed" in run.stdout
    # in the chosen folder (here the store's), named for what and when
    stem = {"en": "team_gaps-all", "zh": "团队能力短板-全部"}[lang]
    (html_file,) = tmp_path.glob(f"{stem}-20*.{lang}.html")
    page = html_file.read_text(encoding="utf-8")
    assert "<script" not in page and "Red" in page
    (excel_file,) = tmp_path.glob(f"{stem}-20*.{lang}.xlsx")
    book = load_workbook(excel_file, read_only=True)
    assert len(book.sheetnames) == 4
    book.close()
    assert list((tmp_path / "cache").glob("*.json"))  # the shipped sessions were cached
