"""The conda environment, the pip metadata and the lock list the same dependencies.

pyproject.toml ([project].dependencies plus the "dev" extra) is what pip installs;
environment.yml is what conda users install. Both must name the same packages with the same
version bounds, so that a trainer on conda and a developer on pip test the same thing.
requirements/lock.txt (`make lock`) pins the exact versions that `make venv` installs: it must
pin every dependency of pyproject.toml, and only at versions inside pyproject's ranges.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from ruamel.yaml import YAML

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10: tomli comes with pytest and mypy there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"

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


def lock_pins() -> dict[str, list[Requirement]]:
    """Map normalised name -> its pins in the lock (several when markers split by Python)."""
    pins: dict[str, list[Requirement]] = {}
    for number, raw in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        where = f"requirements/lock.txt:{number}"
        if line.startswith("-"):
            pytest.fail(f"{where}: options such as {line!r} do not belong in the lock")
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            pytest.fail(f"{where}: cannot read pin {line!r}: {error}")
        specifiers = list(requirement.specifier)
        if (
            len(specifiers) != 1
            or specifiers[0].operator != "=="
            or specifiers[0].version.endswith(".*")
        ):
            pytest.fail(f"{where}: {line!r} is not an exact pin (name==version)")
        pins.setdefault(normalise(requirement.name), []).append(requirement)
    return pins


def pinned_version(requirement: Requirement) -> Version:
    return Version(next(iter(requirement.specifier)).version)


def test_lock_pins_every_dependency_of_pyproject_for_this_python() -> None:
    pins = lock_pins()
    problems: list[str] = []
    for name in sorted(pyproject_dependencies()):
        if name not in pins:
            problems.append(f"  {name}: missing from requirements/lock.txt")
            continue
        applying = [r for r in pins[name] if r.marker is None or r.marker.evaluate()]
        if len(applying) != 1:
            markers = ", ".join(str(r.marker) for r in pins[name])
            problems.append(
                f"  {name}: {len(applying)} pins apply to this Python "
                f"{sys.version_info.major}.{sys.version_info.minor} (markers: {markers})"
            )
    assert not problems, (
        "requirements/lock.txt does not match pyproject.toml; run `make lock`:\n"
        + "\n".join(problems)
    )


def test_lock_pins_lie_inside_pyproject_ranges() -> None:
    pins = lock_pins()
    problems = [
        f"  {name}: lock pins {pinned_version(pin)}"
        + (f" (for {pin.marker})" if pin.marker else "")
        + f", pyproject.toml asks for {bounds!r}"
        for name, bounds in sorted(pyproject_dependencies().items())
        for pin in pins.get(name, [])
        if not SpecifierSet(bounds).contains(pinned_version(pin), prereleases=True)
    ]
    assert not problems, (
        "requirements/lock.txt pins versions outside pyproject.toml's ranges; "
        "run `make lock`:\n" + "\n".join(problems)
    )


def test_lock_pins_each_package_once_per_environment() -> None:
    # Two pins of one package must be told apart by markers, or pip refuses the constraints.
    problems = [
        f"  {name}: {', '.join(str(pin) for pin in requirements)}"
        for name, requirements in sorted(lock_pins().items())
        if len(requirements) > 1 and any(pin.marker is None for pin in requirements)
    ]
    assert not problems, "requirements/lock.txt pins a package twice:\n" + "\n".join(problems)


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


def test_the_venv_is_installed_from_the_lock_and_refreshed_when_it_changes() -> None:
    header, *recipe = make_recipe("$(STAMP)")
    assert "pyproject.toml" in header
    assert "$(LOCK)" in header or "requirements/lock.txt" in header
    install = [line for line in recipe if "pip install" in line and "-e" in line]
    assert install, "the $(STAMP) recipe should pip-install the project"
    assert all("-c $(LOCK)" in line or "-c requirements/lock.txt" in line for line in install), (
        "the $(STAMP) recipe should install with the lock as constraints"
    )
    assert any("pip compile" in line for line in make_recipe("lock")), (
        "`make lock` should compile requirements/lock.txt"
    )


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
