"""Authoring: the ``new-scenario`` template, the guide's worked example, and the guide's reference.

The template and the worked example must validate as they are and play a deal; the command must
refuse to overwrite a file and reject bad names with a message (never a traceback); and the
reference in docs/scenarios.md must mention every field of the scenario schema.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

import sim
from sim.scenario import parse_scenario, schema
from sim.scenario.template import is_valid_id, render_template

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "scenarios.md"
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def sandtable(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def worked_example() -> str:
    match = YAML_BLOCK.search(GUIDE.read_text(encoding="utf-8"))
    assert match, "docs/scenarios.md has no ```yaml block"
    return match.group(1)


# ---- the template -------------------------------------------------------------------------


def test_template_validates_and_plays() -> None:
    scenario = parse_scenario(render_template("my_first_case"), "my_first_case.yaml")
    assert scenario.id == "my_first_case"
    result = sim.Simulation(scenario, seed=7, policy="expert").play()
    assert result.outcome in {"won", "lost", "no_decision"}
    naive = sim.Simulation(scenario, seed=7, policy="naive", detail=False).play()
    assert naive.outcome in {"won", "lost", "no_decision"}


def test_template_is_commented_and_bilingual() -> None:
    text = render_template("abc")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) >= 40
    assert "docs/scenarios.md" in text
    scenario = parse_scenario(text)
    assert set(scenario.trainer_note) >= {
        "learning_goals",
        "good_play",
        "common_mistakes",
        "debrief_questions",
    }


@pytest.mark.parametrize("name", ["", "Abc", "1abc", "_abc", "a-b", "a b", "abc.yaml", "../x"])
def test_bad_ids(name: str) -> None:
    assert not is_valid_id(name)
    with pytest.raises(ValueError, match="not a valid scenario id"):
        render_template(name)


def test_good_ids() -> None:
    for name in ("a", "grid_tender_2025", "x1_y2"):
        assert is_valid_id(name)


# ---- the command --------------------------------------------------------------------------


def test_new_scenario_writes_a_valid_file(tmp_path: Path) -> None:
    done = sandtable("new-scenario", "pilot_case", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "pilot_case.yaml"
    assert written.is_file()
    assert sim.load_scenario(written).id == "pilot_case"
    checked = sandtable("validate", str(written), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_new_scenario_into_dir(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    done = sandtable("new-scenario", "in_dir", "--dir", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (folder / "in_dir.yaml").is_file()
    assert not (tmp_path / "in_dir.yaml").exists()


def test_new_scenario_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "taken.yaml"
    target.write_text("# my own work\n", encoding="utf-8")
    done = sandtable("new-scenario", "taken", cwd=tmp_path)
    assert done.returncode == 1
    assert "already exists" in done.stderr
    assert "--force" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert target.read_text(encoding="utf-8") == "# my own work\n"
    forced = sandtable("new-scenario", "taken", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert sim.load_scenario(target).id == "taken"


@pytest.mark.parametrize("name", ["Bad-Name", "1st", "with space", "x.yaml", "../escape"])
def test_new_scenario_rejects_bad_names(tmp_path: Path, name: str) -> None:
    done = sandtable("new-scenario", name, cwd=tmp_path)
    assert done.returncode == 2
    assert "not a valid scenario name" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not list(tmp_path.iterdir())


def test_new_scenario_missing_dir(tmp_path: Path) -> None:
    done = sandtable("new-scenario", "ok_name", "--dir", str(tmp_path / "nope"), cwd=tmp_path)
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


# ---- the guide ----------------------------------------------------------------------------


def test_worked_example_validates_and_plays() -> None:
    scenario = parse_scenario(worked_example(), "docs/scenarios.md (worked example)")
    assert 3 <= len(scenario.stakeholders) <= 4
    assert len(scenario.competitors) == 1
    result = sim.Simulation(scenario, seed=1, policy="expert").play()
    assert result.outcome in {"won", "lost", "no_decision"}
    assert result.weeks > 0


def _models() -> list[type[BaseModel]]:
    return [
        schema.Scenario,
        schema.Account,
        schema.Timeline,
        schema.Stakeholder,
        schema.TeamMember,
        schema.Skills,
        schema.Dimensions,
        schema.Solution,
        schema.Competitor,
        schema.Tender,
        schema.DecisionMakerReplaced,
        schema.BudgetCut,
        schema.CustomerAsksPM,
        schema.TimelineSlip,
        schema.Successor,
        schema.Parameters,
        schema.Text,
    ]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_guide_documents_every_field(model: type[BaseModel]) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = [name for name in model.model_fields if f"`{name}`" not in guide]
    assert not missing, f"docs/scenarios.md does not document {model.__name__}: {missing}"


def test_guide_states_each_parameter_default_as_the_schema_has_it() -> None:
    """The guide's two-column parameter table (name | default | range, twice per row)."""
    guide = GUIDE.read_text(encoding="utf-8")
    stated = dict(re.findall(r"\| `(\w+)` \| (-?[\d.]+) \|", guide))
    defaults = schema.Parameters().model_dump()
    wrong = {
        name: (stated[name], value)
        for name, value in defaults.items()
        if name in stated and float(stated[name]) != float(value)
    }
    assert not wrong, f"docs/scenarios.md states other defaults (guide, schema): {wrong}"
    assert defaults.keys() <= stated.keys()


def test_guide_has_difficulty_markers() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "## Difficulty (measured)" in guide
    begin, end = guide.find("<!-- difficulty:begin -->"), guide.find("<!-- difficulty:end -->")
    assert 0 <= begin < end
    assert guide.find("## Difficulty (measured)") < begin


def test_new_scenario_speaks_chinese(tmp_path: Path) -> None:
    bad = sandtable("new-scenario", "Bad.yaml", "--lang", "zh", cwd=tmp_path)
    assert bad.returncode == 2
    assert "不是有效的场景名" in bad.stderr
    assert not list(tmp_path.iterdir())
    done = sandtable("new-scenario", "zh_case", "--lang", "zh", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "已写入" in done.stdout and "sandtable validate" in done.stdout
    again = sandtable("new-scenario", "zh_case", "--lang", "zh", cwd=tmp_path)
    assert again.returncode == 1
    assert "已存在" in again.stderr and "--force" in again.stderr
