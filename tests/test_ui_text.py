"""The sandbox's words: both catalogs complete, every engine id has a name, every feed item a
sentence, and free text escaped."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import get_args

import pytest

import sim
from sim.engine.simulation import FEED_KINDS
from sim.model.activities import ANGLES, CATALOGUE, PHASES
from sim.model.observation import CRITERIA, FeedItem
from sim.model.plans import SALES_STAGES
from sim.scenario import DIMENSIONS, schema
from sim.ui.feed import describe
from sim.ui.text import Names, esc, label

CATALOGS = Path(sim.__file__).parent / "i18n" / "catalogs"
MOVES = ("relationship_visit", "price_offer", "demo", "raise_doubt")


def _catalog(lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((CATALOGS / f"ui.{lang}.json").read_text(encoding="utf-8"))
    return data


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogs_have_the_same_keys_and_placeholders() -> None:
    en, zh = _catalog("en"), _catalog("zh")
    assert all(key.startswith("ui.") for key in en)
    assert en.keys() == zh.keys()
    assert {k: _fields(v) for k, v in en.items()} == {k: _fields(v) for k, v in zh.items()}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_id_the_engine_uses_has_a_name(lang: str) -> None:
    ids = {
        "activity": tuple(CATALOGUE),
        "angle": ANGLES,
        "phase": PHASES,
        "stage": SALES_STAGES,
        "criterion": CRITERIA,
        "dimension": DIMENSIONS,
        "department": get_args(schema.Department),
        "response_mode": get_args(schema.ResponseMode),
        "role": get_args(schema.TeamRole) + get_args(schema.BuyingRole),
        "role_short": get_args(schema.BuyingRole),
    }
    catalog = _catalog(lang)
    missing = [
        f"{kind}.{value}"
        for kind, values in ids.items()
        for value in values
        if f"ui.{kind}.{value}" not in catalog
    ]
    missing += [
        f"map.reach.{r}" for r in get_args(schema.Reach) if f"ui.map.reach.{r}" not in catalog
    ]
    assert missing == []
    assert label("activity", "demo_poc", lang) != "ui.activity.demo_poc"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_kind_of_feed_item_reads_as_a_sentence(lang: str) -> None:
    game = sim.Simulation(
        Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml",
        seed=1,
        policy="expert",
        lang=lang,
    )
    view = game.observe()
    names = Names(game.scenario, view, lang)
    items = [
        FeedItem(3, kind, "rep", "zhou", "discovery_meeting", "") for kind in sorted(FEED_KINDS)
    ]
    items += [FeedItem(3, "competitor_seen", "yunqi", "zhou", move, "") for move in MOVES]
    items += [
        FeedItem(3, "outcome", winner, "", "", note)
        for winner, note in (
            ("us", "won:paid"),
            ("yunqi", "lost:award"),
            ("", "no_decision:horizon"),
            ("", "lost:no_bid"),
        )
    ]
    items += [
        FeedItem(3, "access_granted", "", "liu", "", "introduced by wu"),
        FeedItem(3, "bid", "us", "", "", "0.100"),
        FeedItem(3, "tender_score", "us", "", "", "formal=88.33"),
        FeedItem(3, "phase", "", "", "", "tender"),
        FeedItem(3, "stage", "", "", "", "bid"),
        FeedItem(3, "activity", "presales", "zhou+sun", "solution_presentation", "business"),
    ]
    sentences = [describe(item, names, view) for item in items]
    assert [s for s in sentences if "ui." in s or "{" in s] == []
    if lang == "en":
        assert "Our team submitted a bid (10% discount)." in sentences
        assert "Yunqi Software raised doubts about us with Zhou Wei." in sentences
        assert (
            "Li Na (presales consultant): Solution presentation for Zhou Wei, Sun Hao "
            "(business need angle)"
        ) in sentences


def test_free_text_is_escaped_for_html() -> None:
    assert esc("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert esc('"quoted" & more') == "&quot;quoted&quot; &amp; more"
