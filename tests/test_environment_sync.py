"""The conda environment and the pip metadata list the same dependencies.

pyproject.toml ([project].dependencies plus the "dev" extra) is what pip installs;
environment.yml is what conda users install. Both must name the same packages with the same
version bounds, so that a trainer on conda and a developer on pip test the same thing.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from ruamel.yaml import YAML

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: tomli comes with pytest and mypy there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

# Entries of environment.yml that are not project dependencies.
NOT_DEPENDENCIES = {"python", "pip"}
EDITABLE_SELF = {"-e .", "--editable .", "-e ./", "--editable ./", "."}


def normalise(name: str) -> str:
    """PEP 503 name: lowercase, runs of '-', '_' and '.' become one '-'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirements(specs: list[str], source: str) -> dict[str, str]:
    """Map normalised name -> version bounds (e.g. '>=2.1', '' for none)."""
    parsed: dict[str, str] = {}
    for spec in specs:
        try:
            requirement = Requirement(spec)
        except InvalidRequirement as error:
            pytest.fail(f"{source}: cannot read dependency {spec!r}: {error}")
        name = normalise(requirement.name)
        if name in parsed:
            pytest.fail(f"{source}: {requirement.name!r} is listed twice")
        parsed[name] = ",".join(sorted(str(s) for s in requirement.specifier))
    return parsed


def pyproject_dependencies() -> dict[str, str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    return parse_requirements(specs, "pyproject.toml")


def load_environment() -> Any:
    return YAML(typ="safe").load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def environment_dependencies() -> dict[str, str]:
    specs: list[str] = []
    for entry in load_environment()["dependencies"]:
        if isinstance(entry, dict):
            specs.extend(
                str(pip_entry).strip()
                for pip_entry in entry.get("pip", [])
                if str(pip_entry).strip() not in EDITABLE_SELF
            )
        else:
            specs.append(str(entry).strip())
    parsed = parse_requirements(specs, "environment.yml")
    return {name: bounds for name, bounds in parsed.items() if name not in NOT_DEPENDENCIES}


def test_environment_yml_lists_the_same_dependencies_as_pyproject() -> None:
    pip_side = pyproject_dependencies()
    conda_side = environment_dependencies()

    problems = [
        f"  {name}: only in pyproject.toml ({pip_side[name] or 'no bound'})"
        for name in sorted(pip_side.keys() - conda_side.keys())
    ]
    problems += [
        f"  {name}: only in environment.yml ({conda_side[name] or 'no bound'})"
        for name in sorted(conda_side.keys() - pip_side.keys())
    ]
    problems += [
        f"  {name}: pyproject.toml has {pip_side[name] or 'no bound'!r}, "
        f"environment.yml has {conda_side[name] or 'no bound'!r}"
        for name in sorted(pip_side.keys() & conda_side.keys())
        if pip_side[name] != conda_side[name]
    ]
    assert not problems, "environment.yml and pyproject.toml differ:\n" + "\n".join(problems)


def test_environment_yml_is_the_sandtable_env_on_conda_forge() -> None:
    environment = load_environment()
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requires_python = tomllib.load(handle)["project"]["requires-python"]

    assert environment["name"] == "sandtable"
    assert environment["channels"] == ["conda-forge"]
    plain = [str(entry).replace(" ", "") for entry in environment["dependencies"]]
    assert f"python{requires_python}" in plain
    pip_lists = [entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)]
    assert any(EDITABLE_SELF & {str(e).strip() for e in pip} for pip in pip_lists), (
        "environment.yml should install the project itself with `pip: [-e .]`"
    )


def make_recipe(target: str) -> list[str]:
    """The recipe lines of one Makefile rule, with the prerequisites line first."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(rf"^{re.escape(target)}\s*:(?!=)", line):
            recipe = [line]
            for following in lines[index + 1 :]:
                if not following.startswith("\t"):
                    break
                recipe.append(following)
            return recipe
    pytest.fail(f"Makefile has no {target!r} target")


def test_make_test_bootstraps_the_venv_then_lints_and_runs_pytest() -> None:
    header, *recipe = make_recipe("test")
    assert "$(STAMP)" in header or ".venv/.installed" in header
    commands = "\n".join(recipe)
    assert "ruff check" in commands
    assert "mypy" in commands
    assert "-m pytest" in commands


def test_ci_entry_point_runs_make_test() -> None:
    script = ROOT / ".ci" / "run"
    text = script.read_text(encoding="utf-8")
    commands = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    assert "set -euo pipefail" in commands
    assert "make test" in commands
    if os.name == "posix":
        assert os.access(script, os.X_OK), ".ci/run must be executable"
