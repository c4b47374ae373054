"""The case in view (issue 13, item 3): the situation, the tender's rules, what each role can do
and a glossary, one click away at every round, in English and Chinese.

Expected values are derived from the scenario objects, the activity catalogue and the team's
view — never copied from the panel's output. Every shipped scenario renders at the start and
in every phase the expert reaches; a scenario lacking a part (no best-and-final round, no
reference customer, no rival, a tender on quality alone) renders too.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import get_args

import numpy as np
import pytest

from sim.engine import Simulation
from sim.i18n import catalog, translate
from sim.model.activities import BID_HOURS_NEEDED, CATALOGUE
from sim.model.decision import commercial_points
from sim.model.observation import TeamView
from sim.scenario import Scenario, load_scenario
from sim.scenario.schema import BuyingRole, ResponseMode
from sim.ui import sandbox_app
from sim.ui.case_panel import EXAMPLE_ABOVE, SECTIONS, CasePanel, case_sections, price_points
from sim.ui.text import label, money, percent, tr
from tests.test_zh_visible_strings import text_nodes, untranslated, visible
from tests.widget_helpers import start

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
CROSS_SELL = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
LANGS = ("en", "zh")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
KEYLIKE = re.compile(r"\b(case|ui)\.[a-z_]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def text_of(markup: str) -> str:
    """What a reader sees: the markup without tags, style or entities."""
    markup = re.sub(r"<style\b.*?</style>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@cache
def scenario_of(path: Path) -> Scenario:
    return load_scenario(path)


@cache
def views(path: Path) -> tuple[TeamView, ...]:
    """The team's view at week 0 and at the first week of every later phase the expert reaches
    on seed 1, and the last view (the deal over)."""
    sim = Simulation(scenario_of(path), seed=1, policy="expert")
    seen = [sim.observe()]
    while not sim.done:
        sim.advance()
        view = sim.observe()
        if view.phase != seen[-1].phase:
            seen.append(view)
    if seen[-1] is not (last := sim.observe()):
        seen.append(last)
    return tuple(seen)


def rendered(scenario: Scenario, view: TeamView, lang: str) -> dict[str, str]:
    return {s.key: s.html for s in case_sections(scenario, view, lang)}


def english_words() -> set[str]:
    """Lower-case words the English catalogs use (an id that is also one is not a leak)."""
    return {w.lower() for text in catalog("en").values() for w in LATIN_WORD.findall(text)}


# --- every scenario, every phase, both languages -------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_every_shipped_scenario_renders_in_every_phase_with_words_only(
    path: Path, lang: str
) -> None:
    scenario = scenario_of(path)
    phases = {v.phase for v in views(path)}
    assert len(phases) >= 3, "the expert's game should pass through several phases"
    own_words = english_words() | {
        w.lower()
        for text in (scenario.title.en, scenario.description.en, scenario.account.name.en)
        for w in LATIN_WORD.findall(text)
    }
    ids = (
        {s.id for s in scenario.stakeholders}
        | {m.id for m in scenario.team}
        | {c.id for c in scenario.competitors}
        | {scenario.id}
    )
    for view in views(path):
        sections = rendered(scenario, view, lang)
        assert list(sections) == list(SECTIONS)
        for key, markup in sections.items():
            text = text_of(markup)
            assert text.strip(), (key, view.week)
            assert SNAKE.findall(text) == [], (key, view.week)  # no raw ids or codes
            assert KEYLIKE.findall(text) == [], (key, view.week)  # no untranslated key
            words = set(LATIN_WORD.findall(text))
            leaked = {i for i in ids if i in words and (lang == "zh" or i not in own_words)}
            assert leaked == set(), (key, view.week)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_in_chinese_every_visible_string_is_chinese(path: Path) -> None:
    scenario = scenario_of(path)
    for view in views(path):
        for markup in rendered(scenario, view, "zh").values():
            assert untranslated(text_nodes(markup)) == []


def test_the_chinese_panel_uses_the_chinese_catalog_not_english_text() -> None:
    scenario, view = scenario_of(CROSS_SELL), views(CROSS_SELL)[0]
    chinese = " ".join(text_of(m) for m in rendered(scenario, view, "zh").values())
    english = catalog("en")
    for key in (k for k in english if k.startswith("case.")):
        assert key in catalog("zh")
        assert catalog("zh")[key] != english[key], key
    sentences = [t for k, t in english.items() if k.startswith("case.") and "{" not in t]
    assert [t for t in sentences if t in chinese] == []


# --- the situation -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_situation_is_the_scenarios_own_public_text(lang: str) -> None:
    scenario, view = scenario_of(CROSS_SELL), views(CROSS_SELL)[0]
    text = text_of(rendered(scenario, view, lang)["situation"])
    currency = scenario.account.currency
    expected = [
        scenario.title.get(lang),
        " ".join(scenario.description.get(lang).split()),
        scenario.account.name.get(lang),
        scenario.account.industry.get(lang),
        money(scenario.account.deal_value, currency),
        money(scenario.account.pursuit_budget, currency),
        scenario.solution.name.get(lang),
        *(c.name.get(lang) for c in scenario.competitors),
        *(m.name.get(lang) for m in scenario.team),
        *(money(m.hourly_cost, currency) for m in scenario.team),
    ]
    flat = " ".join(text.split())
    assert [e for e in expected if e not in flat] == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_nothing_hidden_is_shown(path: Path) -> None:
    """No agenda, no trainer's note, no customer event before it happens, no stakeholder's
    state: the buying centre is not listed at all (the map shows what the team knows of it)."""
    scenario = scenario_of(path)
    for lang in LANGS:
        secrets = [s.agenda.get(lang) for s in scenario.stakeholders if s.agenda]
        secrets += [note.get(lang) for note in scenario.trainer_note.values()]
        secrets += [
            e.note.get(lang) for e in scenario.events if e.note is not None
        ]  # a customer event is news only when it happens
        for view in views(path):
            flat = " ".join(
                " ".join(text_of(m).split()) for m in rendered(scenario, view, lang).values()
            )
            assert [s for s in secrets if " ".join(s.split()) in flat] == []
            public = scenario.description.get(lang)  # the case itself may name someone
            names = [p.name.get(lang) for p in scenario.stakeholders]
            names = [n for n in names if n not in public]
            assert [n for n in names if n in flat] == []


# --- the tender's rules --------------------------------------------------------------------------


def deal_like(scenario: Scenario) -> SimpleNamespace:
    """What ``commercial_points`` reads of a deal."""
    return SimpleNamespace(commercial_weight=scenario.tender.commercial_weight, scenario=scenario)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_price_example_is_the_models_own_formula(path: Path) -> None:
    scenario = scenario_of(path)
    tender = scenario.tender
    for formula in ("lowest_over_own", "linear"):
        changed = scenario.model_copy(
            update={"tender": tender.model_copy(update={"price_formula": formula})}
        )
        for above in (0.0, EXAMPLE_ABOVE, 0.5, 1.5):
            prices = np.array([1.0, 1.0 + above])
            model = float(commercial_points(deal_like(changed), prices)[1])  # type: ignore[arg-type]
            assert price_points(tender.commercial_weight, formula, above) == pytest.approx(model)


def expected_tender_rules(scenario: Scenario, lang: str) -> list[str]:
    """The rules the tender tab must state, made from the scenario and the catalog (also
    used by the browser test)."""
    tender = scenario.tender
    final = label("activity", "final_offer", lang)
    return [
        translate(
            "case.tender.weights",
            lang,
            technical=f"{tender.technical_weight:g}",
            commercial=f"{tender.commercial_weight:g}",
            total=f"{tender.technical_weight + tender.commercial_weight:g}",
        ),
        translate("case.tender.veto_technical", lang, veto=percent(tender.technical_veto)),
        translate(
            "case.tender.min_bid",
            lang,
            hours=f"{BID_HOURS_NEEDED:g}",
            activity=label("activity", "bid_preparation", lang),
        ),
        translate("case.tender.max_discount", lang, discount=percent(tender.max_discount)),
        translate(
            "case.tender.final.yes", lang, activity=final, discount=percent(tender.max_discount)
        )
        if tender.best_and_final
        else translate("case.tender.final.no", lang),
        translate(
            f"case.tender.kind.{'public' if scenario.account.public_tender else 'invited'}", lang
        ),
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_the_tender_rules_are_the_scenarios(path: Path, lang: str) -> None:
    scenario = scenario_of(path)
    tender = scenario.tender
    text = text_of(rendered(scenario, views(path)[0], lang)["tender"])
    expected = expected_tender_rules(scenario, lang)
    if tender.commercial_weight > 0:
        example = price_points(tender.commercial_weight, tender.price_formula, EXAMPLE_ABOVE)
        expected.append(f"{example:.1f}")
    assert [e for e in expected if e not in text] == []
    unwanted = "case.tender.final.no" if tender.best_and_final else "case.tender.final.yes"
    assert catalog(lang)[unwanted].split("{")[0][:12] not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_dates_are_those_the_team_knows_each_week(lang: str) -> None:
    scenario = scenario_of(CROSS_SELL)
    kinds = set()
    for view in views(CROSS_SELL):
        text = text_of(rendered(scenario, view, lang)["tender"])
        now = translate(
            "case.dates.now",
            lang,
            week=view.week,
            horizon=view.horizon_weeks,
            phase=label("phase", view.phase, lang),
        )
        assert now in text
        if view.bids_due_week is not None:
            kinds.add("due")
            assert translate("case.dates.bids_due", lang, week=view.bids_due_week) in text
        if view.phase in ("latent", "requirements", "tender", "evaluation"):
            kinds.add("award")
            award = translate("case.dates.award", lang, week=view.expected_award_week)
            assert award in text
        else:
            assert translate("case.dates.awarded", lang) in text
    assert kinds == {"due", "award"}


def test_a_scenario_without_the_optional_parts_still_renders() -> None:
    """No best-and-final round, no reference customer, no rival, all points for quality."""
    scenario = scenario_of(CROSS_SELL)
    tender = scenario.tender.model_copy(
        update={
            "best_and_final": False,
            "technical_weight": 100.0,
            "commercial_weight": 0.0,
            "formal_weight": 1.0,
        }
    )
    bare = scenario.model_copy(
        update={
            "competitors": (),
            "tender": tender,
            "solution": scenario.solution.model_copy(update={"references": 0}),
        }
    )
    sim = Simulation(bare, seed=2, policy="expert")
    for _ in range(6):
        sim.advance()
    for lang in LANGS:
        sections = rendered(bare, sim.observe(), lang)
        rules, situation = text_of(sections["tender"]), text_of(sections["situation"])
        roles = sections["roles"]
        assert translate("case.tender.final.no", lang) in rules
        assert translate("case.tender.formal_only", lang) in rules
        assert translate("case.situation.no_competitors", lang) in situation
        price_line = catalog(lang)["case.tender.price.lowest_over_own"].split("{")[0]
        assert price_line not in rules  # no price points to explain
        assert translate("case.roles.no_final_round", lang) in text_of(roles)
        assert translate("case.roles.no_references", lang) in text_of(roles)


# --- what each role can do -----------------------------------------------------------------------


def rows(markup: str) -> dict[str, str]:
    found = re.findall(r'<tr class="st-case-activity" data-activity="([a-z_]+)">(.*?)</tr>', markup)
    return {activity: text_of(row) for activity, row in found}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_every_activity_of_the_catalogue_is_described_with_hours_cost_and_who(
    path: Path, lang: str
) -> None:
    scenario = scenario_of(path)
    present = {m.role for m in scenario.team}
    for view in views(path)[:3]:
        table = rows(rendered(scenario, view, lang)["roles"])
        assert set(table) == set(CATALOGUE)
        for activity, spec in CATALOGUE.items():
            row = table[activity]
            assert label("activity", activity, lang) in row
            assert catalog(lang)[f"case.activity.{activity}"].split("{")[0] in row
            assert translate("case.roles.hours", lang, hours=f"{spec.hours:g}") in row
            assert money(spec.cost, scenario.account.currency) in row
            leads = [label("role", r, lang) for r in spec.lead_roles if r in present]
            assert all(name in row for name in leads)
            assert (translate("case.roles.nobody", lang) in row) == (not leads)
            possible = translate("case.roles.now", lang) in row
            blocked = (activity == "final_offer" and not scenario.tender.best_and_final) or (
                activity == "reference_visit" and scenario.solution.references == 0
            )
            assert possible == (activity in view.allowed_activities and not blocked), activity


def test_who_leads_what_lists_each_role_of_the_team_with_its_activities() -> None:
    scenario, view = scenario_of(CROSS_SELL), views(CROSS_SELL)[0]
    for lang in LANGS:
        text = text_of(rendered(scenario, view, lang)["roles"])
        for role in {m.role for m in scenario.team}:
            leads = tr("list_separator", lang).join(
                label("activity", a, lang) for a, s in CATALOGUE.items() if role in s.lead_roles
            )
            assert f"{label('role', role, lang)} — " in text
            assert leads in text


# --- the glossary --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_explains_every_buying_role_response_mode_and_angle(lang: str) -> None:
    scenario, view = scenario_of(CROSS_SELL), views(CROSS_SELL)[0]
    text = text_of(rendered(scenario, view, lang)["glossary"])
    for role in get_args(BuyingRole):
        assert label("role", role, lang) in text
        assert label("role_short", role, lang) in text  # EB, TB, UB as on the map
        assert translate(f"case.glossary.role.{role}", lang) in text
    for mode in get_args(ResponseMode):
        assert label("response_mode", mode, lang) in text
        assert translate(f"case.glossary.mode.{mode}", lang) in text
    assert label("department", "technical", lang) in text


# --- the widget, in the app ----------------------------------------------------------------------


def test_the_panel_opens_on_a_click_and_follows_the_weeks(tmp_path: Path) -> None:
    app = sandbox_app(sessions_dir=tmp_path)
    start(app)
    screen = app.round_screen
    assert screen is not None
    panel = screen.case
    assert isinstance(panel, CasePanel)
    assert panel.tabs.layout.display == "none"
    assert all(page.value == "" for page in panel.pages.values())  # closed: nothing built
    panel.toggle.value = True
    assert panel.tabs.layout.display == ""
    assert list(panel.tabs.titles) == [translate(f"case.tab.{k}", "en") for k in SECTIONS]
    week = screen.game.view().week
    assert f"week {week} of" in text_of(panel.pages["tender"].value)
    screen.advance_button.click()
    screen.advance_button.click()
    assert app.round_screen is screen and screen.case is panel and panel.open
    week = screen.game.view().week
    assert week == 2
    assert f"week {week} of" in text_of(panel.pages["tender"].value)


def test_the_open_panel_in_chinese_shows_no_english(tmp_path: Path) -> None:
    app = sandbox_app(sessions_dir=tmp_path, lang="zh")
    start(app, team="华东队")
    assert app.round_screen is not None
    panel = app.round_screen.case
    panel.toggle.value = True
    app.round_screen.advance_button.click()
    assert all(page.value for page in panel.pages.values())
    typed = frozenset({"华东队"})
    assert untranslated(visible(panel.box), typed) == []
