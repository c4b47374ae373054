"""The project's docs stand alone: they cite public sources, link only to files that exist, and
quote the shipped scenarios' figures as they are.

A user of the repository has the repository and nothing else, so no shipped file may point to
project-internal notes (the design, domain and sources notes the project was started from).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[1]
# Built from parts so that this file does not match its own check.
INTERNAL_NOTES = tuple(f"{name}.md" for name in ("DOMAIN", "DESIGN", "SOURCES"))
MARKDOWN = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")])
TEXT_SUFFIXES = {".py", ".md", ".json", ".yaml", ".yml", ".txt", ".html", ".jinja", ".ipynb"}
LINK = re.compile(r"\]\(([^)\s]+)\)")


def shipped_text_files() -> list[Path]:
    """Every text file a user gets: docs, README, the package, scenarios and notebooks."""
    files = list(MARKDOWN)
    for folder in ("sim", "scenarios", "notebooks"):
        files += [
            path
            for path in sorted((ROOT / folder).rglob("*"))
            if path.is_file()
            and path.suffix in TEXT_SUFFIXES
            and "__pycache__" not in path.parts
            and ".ipynb_checkpoints" not in path.parts
        ]
    return files


def test_no_shipped_file_points_to_internal_notes() -> None:
    hits = []
    for path in shipped_text_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits += [
                f"{path.relative_to(ROOT)}:{number}: {note}"
                for note in INTERNAL_NOTES
                if note.lower() in line.lower()
            ]
    assert hits == []


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda path: path.name)
def test_relative_links_resolve(doc: Path) -> None:
    missing = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        path = target.split("#", 1)[0]
        if path and not (doc.parent / path).exists():
            missing.append(target)
    assert missing == []


def test_readme_links_the_architecture_page() -> None:
    assert "](docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_model_reference_quotes_the_shipped_stakeholder_counts() -> None:
    counts = sorted(
        len(load_scenario(path).stakeholders) for path in (ROOT / "scenarios").glob("*.yaml")
    )
    text = " ".join((ROOT / "docs" / "model.md").read_text(encoding="utf-8").split())
    quoted = re.search(r"the shipped scenarios have (\d+) to (\d+)", text)
    assert quoted is not None
    assert (int(quoted[1]), int(quoted[2])) == (counts[0], counts[-1])
