"""The HTML report: self-contained, escaped, in the session's language, with CJK glyphs.

Built from the shipped sample sessions and from a constructed session in which presales pitches
technology to the business department every week (the report must cite those events).
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager

from sim import Assignment, Forecast, Plan, Simulation
from sim.analysis import MissingFontError, build_report, fonts, write_report
from sim.analysis.report import CONTENT_POLICY
from sim.model.observation import TeamView
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
BLUE = ROOT / "sessions" / "team_blue_cross_sell.json"
RED_ZH = ROOT / "sessions" / "team_red_public_tender_zh.json"
XSS = "<img src=x onerror=alert(1)>"
FEW = 4  # ghost replications: enough to draw the spread, quick to run


@pytest.fixture(scope="module")
def blue_en() -> str:
    return build_report(Simulation.load(BLUE), "en", replications=FEW)


@pytest.fixture(scope="module")
def blue_zh() -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        html = build_report(Simulation.load(BLUE), "zh", replications=FEW)
    glyphs = [
        str(w.message)
        for w in caught
        if "missing from font" in str(w.message) or "Glyph" in str(w.message)
    ]
    assert glyphs == []
    return html


def technology_every_week(scenario: Scenario) -> Simulation:
    game = Simulation(scenario, seed=1, policy=None)
    while not game.done:
        view: TeamView = game.observe(feed=False)
        plan = [Assignment("internal_briefing", ("rep",), ("presales",))]
        if view.week == 0:
            plan.append(Assignment("discovery_meeting", ("rep",), ("wu", "sun")))
        if view.phase in ("requirements", "tender") and view.bid_hours < 24:
            plan.append(
                Assignment(
                    "solution_presentation", ("presales",), ("wu", "sun"), angle="technology"
                )
            )
        if view.phase == "tender" and view.bid_hours < 24:
            plan.append(Assignment("bid_preparation", ("presales", "rep")))
        game.plan(Plan(tuple(plan), Forecast(view.stage, 0.4)))
        game.advance()
    return game


def block(html: str, anchor: str) -> str:
    """The HTML of one element with ``id=anchor`` (up to the next assessment block)."""
    start = html.index(f'id="{anchor}"')
    end = html.find('class="assessment"', start + 1)
    return html[start : end if end > 0 else None]


def test_the_report_is_one_page_in_three_parts(blue_en: str) -> None:
    assert blue_en.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in blue_en
    for anchor in ("what", "so-what", "now-what"):
        assert f'<section id="{anchor}">' in blue_en
    assert (
        blue_en.index('id="what"') < blue_en.index('id="so-what"') < blue_en.index('id="now-what"')
    )
    for heading in ("What happened", "So what", "Now what", "Role assessment", "What if?"):
        assert heading in blue_en


def test_the_report_in_chinese_uses_chinese_words(blue_zh: str) -> None:
    assert '<html lang="zh-CN">' in blue_zh
    for words in ("发生了什么", "意味着什么", "接下来怎么做", "角色能力评估", "售前顾问", "李娜"):
        assert words in blue_zh
    assert "analysis." not in blue_zh  # no message key left untranslated


def test_every_message_has_a_translation(blue_en: str) -> None:
    assert "analysis." not in blue_en


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_loads_nothing_from_anywhere(lang: str, blue_en: str, blue_zh: str) -> None:
    html = blue_en if lang == "en" else blue_zh
    assert 'src="http' not in html
    assert "<link" not in html
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "url(" not in html
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) >= 7 and all(src.startswith("data:image/png;base64,") for src in images)
    assert CONTENT_POLICY in html


def test_free_text_in_the_session_is_escaped(tmp_path: Path) -> None:
    game = Simulation.load(BLUE)
    game.meta["team"] = XSS
    game.meta[XSS] = "note"
    html = build_report(game, "en", replications=0)
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html


def test_the_report_cites_the_wrong_angle_events_under_the_angle_score(
    cross_sell: Scenario,
) -> None:
    game = technology_every_week(cross_sell)
    misfits = [i for i, r in enumerate(game.log.records) if r.kind == "angle_misfit"]
    html = build_report(game, "en", replications=0, change=None)
    angle = block(html, "score-presales-angle_fit")
    assert '<span class="level gap">gap</span>' in angle
    assert misfits
    for row in misfits:
        assert f'<tr data-row="{row}" class="against">' in angle


def test_the_default_language_is_the_sessions(tmp_path: Path) -> None:
    out = write_report(RED_ZH, tmp_path / "red.html", replications=0)
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "红队" in html
    english = write_report(RED_ZH, tmp_path / "red_en.html", "en", replications=0)
    assert '<html lang="en">' in english.read_text(encoding="utf-8")


def test_the_report_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "report.html"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.cli",
            "report",
            str(BLUE),
            "-o",
            str(out),
            "--lang",
            "zh",
            "--replications",
            "0",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run.stdout.strip() == str(out)


def test_a_bad_session_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "sim.cli", "report", str(bad), "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"{bad}:1: not a session file")
    assert not (tmp_path / "r.html").exists()


def test_without_a_cjk_font_chinese_plots_fail_with_the_package_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "_known", lambda: {"DejaVu Sans"})
    monkeypatch.setattr(font_manager, "findSystemFonts", list)
    with pytest.raises(MissingFontError, match="fonts-noto-cjk"):
        fonts.font_families("zh")
    assert fonts.font_families("en") == ["DejaVu Sans"]  # English plots still draw


def test_every_message_key_the_debrief_names_exists_in_both_languages() -> None:
    from typing import get_args  # noqa: PLC0415

    from sim.i18n import catalog  # noqa: PLC0415
    from sim.model.activities import ANGLES, CATALOGUE, PHASES  # noqa: PLC0415
    from sim.model.plans import SALES_STAGES  # noqa: PLC0415
    from sim.scenario.schema import BuyingRole, Department, TeamRole  # noqa: PLC0415

    # The debrief's modules; the comparison and gaps modules have their own catalogs and `tr`.
    sources = [
        p.read_text(encoding="utf-8")
        for p in (ROOT / "sim" / "analysis").glob("*.py")
        if not p.name.startswith(("comparison", "gaps"))
    ]
    sources.append((ROOT / "notebooks" / "debrief.ipynb").read_text(encoding="utf-8"))
    literal = {
        f"analysis.{k}"
        for text in sources
        for k in re.findall(r'\btr\(\s*\\?"([a-z_.]+)\\?"', text)
    }
    domain = {
        "activity": CATALOGUE,
        "phase": PHASES,
        "stage": SALES_STAGES,
        "angle": ANGLES,
        "role": (*get_args(TeamRole), "team"),
        "department": get_args(Department),
        "buying_role": get_args(BuyingRole),
        "outcome": ("won", "lost", "no_decision", "None"),
        "move": ("raise_doubt", "price_offer", "relationship_visit", "demo"),
        "level": ("strong", "developing", "gap", "not_observed"),
    }
    named = {f"analysis.{group}.{value}" for group, values in domain.items() for value in values}
    kinds = {r.kind for path in (BLUE, RED_ZH) for r in Simulation.load(path).log.records}
    named |= {f"analysis.kind.{kind}" for kind in kinds}
    assert len(literal) > 100
    for lang in ("en", "zh"):
        assert sorted((literal | named) - catalog(lang).keys()) == [], lang


@pytest.mark.parametrize("rounds", [0, 4])
def test_a_deal_still_open_gets_a_report_too(cross_sell: Scenario, rounds: int) -> None:
    game = Simulation(cross_sell, seed=2, policy="expert")
    for _ in range(rounds):
        game.advance()
    html = build_report(game, "zh", replications=0)
    assert "进行中" in html  # outcome: still open
    assert "analysis." not in html


def test_the_command_line_does_not_load_the_plotting_stack() -> None:
    probe = "import sys, sim.cli; sim.cli.build_parser(); print('matplotlib' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_the_package_exports_the_functions_not_the_modules_of_the_same_name() -> None:
    from sim.analysis import build_report as build  # noqa: PLC0415
    from sim.analysis import debrief, what_if, write_report  # noqa: PLC0415

    assert all(callable(f) for f in (build, debrief, what_if, write_report))
