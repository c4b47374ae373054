"""docs/model.md stays in step with the code: every parameter, activity, archetype and constant.

The model reference promises "every rule and every parameter, with its default and its basis".
These checks fail when a field, activity or module constant is added to the code without a line
in the reference, or when a documented default or catalogue number drifts from the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

import pytest

from sim.model.activities import CATALOGUE
from sim.model.competitors import ARCHETYPES
from sim.scenario.schema import Archetype, Parameters

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "model.md"
ROW_NAME = re.compile(r"^\|\s*`([^`]+)`\s*\|")

SECTIONS = (
    "Overview and time",
    "Buying centre",
    "Our team",
    "Activities",
    "Competitors",
    "Customer events",
    "Decision",
    "After the win",
    "Our sales stages and forecasts",
    "Randomness and determinism",
    "Policies",
    "Parameters",
    "Calibration (measured)",
    "Known simplifications",
)

# Modules whose module-level numeric constants the reference must list, as
# "fixed in code (<qualified>.<NAME>)" with <qualified> the module path without "sim." / "model.".
CONSTANT_PACKAGES = ("sim/model", "sim/engine", "sim/policies")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of ``## heading`` up to the next second-level heading."""
    match = re.search(rf"^## {re.escape(heading)}[ \t]*$", text, flags=re.MULTILINE)
    assert match is not None, f"docs/model.md has no section '## {heading}'"
    rest = text[match.end() :]
    following = re.search(r"^## ", rest, flags=re.MULTILINE)
    return rest[: following.start()] if following else rest


def table_rows(text: str) -> dict[str, list[str]]:
    """Table rows whose first cell is a name in backticks: name → stripped cells."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = ROW_NAME.match(line)
        if match:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[match.group(1)] = cells
    return rows


def test_sections_in_order(doc: str) -> None:
    positions = []
    for heading in SECTIONS:
        match = re.search(rf"^## {re.escape(heading)}[ \t]*$", doc, flags=re.MULTILINE)
        assert match is not None, f"missing section '## {heading}'"
        positions.append(match.start())
    assert positions == sorted(positions), "sections are out of the agreed order"


def test_every_parameter_in_the_parameters_table(doc: str) -> None:
    rows = {
        name: cells
        for name, cells in table_rows(section(doc, "Parameters")).items()
        if name.islower()  # the constants table under the same heading is upper case
    }
    fields = set(Parameters.model_fields)
    missing = sorted(fields - set(rows))
    extra = sorted(set(rows) - fields)
    assert not missing, f"parameters missing from the table in docs/model.md: {missing}"
    assert not extra, f"table rows that are not fields of Parameters: {extra}"


def test_parameter_defaults_and_bases(doc: str) -> None:
    rows = table_rows(section(doc, "Parameters"))
    for name, info in Parameters.model_fields.items():
        cells = rows.get(name)
        assert cells is not None, f"parameter {name} missing from the table in docs/model.md"
        assert len(cells) == 4, f"{name}: expected name | default | meaning | basis, got {cells}"
        documented = float(cells[1].strip("`"))
        assert documented == pytest.approx(info.default), (
            f"{name}: docs say {cells[1]}, code default is {info.default}"
        )
        assert cells[2], f"{name}: no meaning given"
        basis = cells[3]
        cited = "](" in basis or "][" in basis  # an inline or reference-style link
        assert "assumption — tunable in the scenario" in basis or cited, (
            f"{name}: basis must cite a source or say 'assumption — tunable in the scenario'"
        )


def test_every_activity_in_the_catalogue_table(doc: str) -> None:
    rows = table_rows(section(doc, "Activities"))
    for activity_id, spec in CATALOGUE.items():
        cells = rows.get(activity_id)
        assert cells is not None, f"activity {activity_id} missing from the catalogue table"
        hours, cost = f"{spec.hours:g}", f"{spec.cost:,.0f}"
        assert cells[3] == hours, f"{activity_id}: hours {cells[3]} in the docs, {hours} in code"
        assert cells[4] == cost, f"{activity_id}: expense {cells[4]} in the docs, {cost} in code"


def test_all_archetypes_described(doc: str) -> None:
    competitors = section(doc, "Competitors")
    archetypes = set(get_args(Archetype)) | set(ARCHETYPES)
    assert len(archetypes) == 4
    for archetype in sorted(archetypes):
        assert f"`{archetype}`" in competitors, f"archetype {archetype} not described"


def module_constants() -> list[tuple[str, str]]:
    """(qualified module, NAME) of every module-level numeric constant in the model layers."""
    found = []
    for package in CONSTANT_PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            qualified = module.removeprefix("sim.").removeprefix("model.")
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    targets, value = [node.target], node.value
                else:
                    continue
                if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub):
                    value = value.operand
                if not (isinstance(value, ast.Constant) and isinstance(value.value, int | float)):
                    continue
                if isinstance(value.value, bool):
                    continue
                found.extend(
                    (qualified, t.id) for t in targets if isinstance(t, ast.Name) and t.id.isupper()
                )
    return found


def test_module_constants_documented(doc: str) -> None:
    constants = module_constants()
    assert constants, "found no module constants: has the package moved?"
    missing = [
        f"{qualified}.{name}"
        for qualified, name in constants
        if f"`{name}`" not in doc or f"({qualified}.{name})" not in doc
    ]
    assert not missing, f"module constants not listed in docs/model.md: {missing}"


def test_calibration_placeholder_section(doc: str) -> None:
    assert "## Calibration (measured)" in doc
