"""One Chinese glossary for every screen (issue 15): the game, the debrief, the trainer's and
the manager's screens name a stage, a role, an activity, a phase or a department the same way,
and the words the glossary rejected appear nowhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CATALOGS = Path(__file__).resolve().parents[1] / "sim" / "i18n" / "catalogs"
# The catalogs of the screens people see (core and batch belong to the engine and the CLI).
SCREENS = ("ui", "analysis", "comparison", "gaps", "facilitator", "workshop")
GROUPS = {"stage": "stage", "role": "role", "buying_role": "role", "activity": "activity",
          "phase": "phase", "department": "department"}  # fmt: skip
# The chosen term, and the variants that were used for it before.
GLOSSARY = {
    "寻找商机": ("寻找客户",),
    "摸清采购团队": ("理清关系", "理清采购小组"),
    "经济决策人": ("经济决策者",),
    "技术把关人": ("技术把关者",),
    "守门人": ("把关者",),
    "讲师": ("培训师",),
    "内部交接": ("内部交底",),
}


def catalog(name: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((CATALOGS / f"{name}.zh.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", [s for s in SCREENS if s != "ui"])
def test_every_screen_names_domain_terms_as_the_game_does(name: str) -> None:
    game = catalog("ui")
    differ = {}
    for key, text in catalog(name).items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1] in GROUPS:
            chosen = game.get(f"ui.{GROUPS[parts[1]]}.{parts[2]}")
            if chosen is not None and chosen != text:
                differ[key] = (text, chosen)
    assert differ == {}


@pytest.mark.parametrize("name", SCREENS)
def test_no_rejected_variant_is_left(name: str) -> None:
    left = {
        key: variant
        for key, text in catalog(name).items()
        for variants in GLOSSARY.values()
        for variant in variants
        if variant in text
    }
    assert left == {}
