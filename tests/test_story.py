"""The debrief's story: outcome, the three changes that mattered most (by replay on the same
seed), what to do next time; and the caps a lost game puts on the scores.

The lost games are the typical, naive and expert policies on seeds 0–3 of six shipped
scenarios (every lost one among them, at least ten): for each, the story's top cause must be
the candidate change whose own replay gains most, and no lost game may rate every role strong
— some expert games lost to a cheaper offer would, before the caps.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest

from sim import Simulation
from sim.analysis.assessment import (
    LOST_LIMIT,
    MIN_GAIN,
    STRONG,
    Assessment,
    Gain,
    Score,
    cap_limit,
    caps,
)
from sim.analysis.competencies import assess
from sim.analysis.competitors import chance_before_decision
from sim.analysis.counterfactuals import MAX_CANDIDATES, candidates, counterfactuals
from sim.analysis.debriefing import Debrief, debrief
from sim.analysis.report import render
from sim.analysis.session_facts import SessionFacts
from sim.analysis.staged import StagedReport
from sim.analysis.story import SHOWN_GAIN, change_words, story_html, team_stories_html, tell
from sim.analysis.text import percent
from sim.analysis.whatif import what_if
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = (
    "new_account_public_tender",
    "cross_sell_mes_erp",
    "chemical_supply_security",
    "machinery_construction_group",
    "relationship_bid",
    "telecom_retention_price_attack",
)
POLICIES = ("typical", "naive", "expert")
SEEDS = (0, 1, 2, 3)
MIN_LOST = 10


@cache
def lost_games() -> tuple[tuple[str, str, int, Simulation], ...]:
    out = []
    for name in SCENARIOS:
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        for policy in POLICIES:
            for seed in SEEDS:
                game = Simulation(scenario, seed=seed, policy=policy)
                game.play()
                if game.result().outcome == "lost":
                    out.append((name, policy, seed, game))
    return tuple(out)


@cache
def debriefed(index: int, lang: str = "en") -> Debrief:
    return debrief(lost_games()[index][3], lang, replications=0)


def ids(game: Simulation) -> set[str]:
    scenario = game.scenario
    found = {p.id for p in scenario.stakeholders} | {m.id for m in scenario.team}
    return found | {c.id for c in scenario.competitors}


def words(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


def test_the_set_holds_enough_lost_games() -> None:
    assert len(lost_games()) >= MIN_LOST
    assert len({name for name, *_ in lost_games()}) >= 4


def test_the_top_cause_is_the_change_whose_replay_gains_most() -> None:
    """Every third lost game of the set (at least ten of them checked, experts included)."""
    checked = list(range(0, len(lost_games()), 3))
    assert len(checked) >= MIN_LOST
    assert any(lost_games()[i][1] == "expert" for i in checked)
    for index in checked:
        top_cause_is_the_largest_gain(index)


def top_cause_is_the_largest_gain(index: int) -> None:
    d = debriefed(index)
    facts = d.facts
    tried = candidates(facts)
    assert 0 < len(tried) <= MAX_CANDIDATES
    before = chance_before_decision(facts.records) or 0.0
    gains = []
    for candidate in tried:  # each replayed on its own, outside the story's pipeline
        again = what_if(facts, candidate.change)
        gains.append((again.changed_final or 0.0) - before)
    best = max(gains)
    story = d.story
    assert story.found is not None and len(story.found) == len(tried)
    if best < SHOWN_GAIN:  # nothing mattered: the story says so and names no cause
        assert story.top is None
        return
    assert story.top is not None
    assert story.top.gain == pytest.approx(best)
    assert story.top.candidate.change == tried[gains.index(best)].change or gains.count(best) > 1
    assert [c.gain for c in story.found] == sorted((c.gain for c in story.found), reverse=True)
    first = re.search(r"<li>(.*?)</li>", story_html(story, d.assessment))
    assert first is not None  # the first cause said is the top one, with its numbers
    assert change_words(facts, story.top) in html.unescape(first.group(1))
    assert f"to {percent(story.top.after)}" in first.group(1)
    # the debrief's what-if is that same change, with its curves
    assert d.whatif is not None and d.whatif.change == story.top.candidate.change


def test_no_lost_game_in_the_set_rates_every_role_strong() -> None:
    for index in range(len(lost_games())):
        assessment = debriefed(index).assessment
        rated = [assessment.role_score(r) for r in assessment.roles()]
        assert min(h for h in rated if h is not None) < STRONG, lost_games()[index][:3]


def test_the_caps_are_what_keeps_some_expert_losses_from_rating_every_role_strong() -> None:
    uncapped = 0
    for index, (_, policy, _, _) in enumerate(lost_games()):
        if policy != "expert":
            continue
        d = debriefed(index)
        raw = assess(d.facts)
        rated = [raw.role_score(r) for r in raw.roles()]
        uncapped += min(h for h in rated if h is not None) >= STRONG
    assert uncapped >= 1


def test_the_counterfactuals_are_deterministic() -> None:
    facts = SessionFacts(lost_games()[0][3], "en")
    first = [(c.candidate.kind, c.candidate.week, c.gain) for c in counterfactuals(facts)]
    again = [(c.candidate.kind, c.candidate.week, c.gain) for c in counterfactuals(facts)]
    assert first == again


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_story_has_no_raw_ids_or_keys(lang: str) -> None:
    for index in range(4):
        d = debriefed(index, lang)
        text = words(story_html(d.story, d.assessment))
        assert "analysis." not in text and "{" not in text and "_" not in text, text
        tokens = set(re.findall(r"[A-Za-z]+", text))
        assert not (tokens & ids(d.facts.game)), tokens & ids(d.facts.game)
        if lang == "zh":
            assert "We lost" not in text and "would have" not in text
            assert re.search(r"[\u4e00-\u9fff]", text)
        else:
            assert not re.search(r"[\u4e00-\u9fff]", text.replace(d.facts.scenario.title.zh, ""))


def test_a_price_loss_names_the_winner_and_the_prices() -> None:
    for index, (_, _, _, game) in enumerate(lost_games()):
        result = game.result()
        if not result.winner:
            continue
        d = debriefed(index)
        text = words(story_html(d.story))
        winner = d.facts.names.who(result.winner)
        assert f"to {winner} in week {result.weeks}" in text
        assert "final price was" in text
        return
    pytest.fail("no lost game with a winner in the set")


# --- caps -----------------------------------------------------------------------------------
def test_the_cap_falls_with_the_gain() -> None:
    assert cap_limit(MIN_GAIN) < STRONG
    assert cap_limit(0.05) > cap_limit(0.10) > cap_limit(0.20) > cap_limit(0.40) == 0.0


def test_caps_limit_the_competency_and_the_role_of_a_game_not_won() -> None:
    angles = {"fits": 4, "total": 4, "share": "100%", "wrong": "–"}
    scores = (
        Score("presales", "angle_fit", 1.0, detail=angles),
        Score("presales", "discovery_first", 1.0),
        Score("sales_rep", "pricing", 0.9),
    )
    raw = Assessment(scores)
    gains = [
        Gain("angle", "presales", "angle_fit", 0.10, 0.30),
        Gain("price_bid", "sales_rep", "pricing", 0.10, 0.105),  # below MIN_GAIN: no cap
    ]
    capped = raw.capped(caps(raw, gains, "lost"))
    assert capped.get("presales", "angle_fit").value == pytest.approx(cap_limit(0.20))
    assert capped.get("presales", "angle_fit").cap is not None
    assert capped.get("presales", "discovery_first").value == 1.0
    assert capped.role_score("presales") == pytest.approx(cap_limit(0.20))
    assert capped.get("sales_rep", "pricing").value == 0.9
    assert "30%" in capped.get("presales", "angle_fit").explanation("en")
    assert raw.capped(caps(raw, gains, "won")) == Assessment(scores)


def test_a_lost_game_no_change_explains_is_still_not_strong() -> None:
    raw = Assessment((Score("team", "handoffs", 1.0), Score("sales_rep", "pricing", 1.0)))
    found = caps(raw, [], "lost")
    assert [c.kind for c in found] == ["lost"]
    capped = raw.capped(found)
    assert capped.role_score("team") == LOST_LIMIT < STRONG
    assert "no single change" in capped.role_caps("team")[0].sentence("en")


# --- stages and pages -------------------------------------------------------------------------
def test_the_staged_report_shows_the_outcome_first_then_the_causes_then_the_page() -> None:
    game = lost_games()[0][3]
    stages = StagedReport(game, "en")
    first = stages.first()
    assert "Replaying the changes" in first and "What mattered most" in first
    assert "<ol" not in first
    causes = stages.causes()
    assert "Replaying the changes" not in causes and "Next time" in causes
    page = stages.page(replications=0)
    assert page.index('class="story"') < page.index('class="meta"') < page.index("<nav>")
    assert stages.debrief is not None and stages.debrief.story.found == tuple(stages.found or ())


def test_the_shipped_samples_tell_their_story_in_both_languages() -> None:
    for name, lang, phrase in (
        ("team_red_public_tender_zh", "zh", "输给了"),
        ("team_blue_cross_sell", "en", "We won the deal"),
        ("expert_public_tender_won", "zh", "赢单"),
    ):
        game = Simulation.load(ROOT / "sessions" / f"{name}.json", warn=False)
        page = render(debrief(game, lang, replications=0))
        story = page[page.index('class="story"') : page.index("</section>")]
        assert phrase in story


def test_team_stories_are_headed_by_team_names_escaped() -> None:
    facts = SessionFacts(lost_games()[0][3], "en")
    markup = team_stories_html([("<b>East</b>", tell(facts, None))])
    assert "&lt;b&gt;East&lt;/b&gt;: the story of the deal" in markup and "<b>East" not in markup


# --- the screens ------------------------------------------------------------------------------
def test_the_end_screen_shows_the_story_at_once_and_the_report_after(tmp_path: Path) -> None:
    from sim.ui import sandbox_app  # noqa: PLC0415
    from tests.widget_helpers import play_to_end, start  # noqa: PLC0415

    app = sandbox_app(sessions_dir=tmp_path / "sessions")
    start(app, roles=())
    play_to_end(app)
    end = app.end_screen
    assert end is not None
    end.strict = True  # a failing background stage fails the test
    end.debrief_button.click()
    shown = end.story.value  # before the background stages ran or while they run
    assert '<section class="story"' in shown and "The story of this deal" in shown
    end.wait(120)
    assert end.worker is not None and not end.worker.running
    assert end.debrief.value.startswith('<iframe class="st-report" sandbox=""')
    assert "The story of this deal" in end.debrief.value and end.story.value == ""
    assert not end.debrief_button.disabled
    assert "Debrief saved" in end.messages.text


def test_the_trainers_debrief_tells_every_teams_story(tmp_path: Path) -> None:
    from sim.ui import facilitator_app  # noqa: PLC0415
    from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample  # noqa: PLC0415

    path = tmp_path / "w.sqlite"
    ids = make_sample(path)
    app = facilitator_app(path, "zh")
    try:
        app.open_workshop(ids[0], SAMPLE_TRAINER_CODE)
        assert app.debrief is not None
        app.debrief.strict = True
        comparison = app.debrief.build()
        assert "各队的故事" in app.debrief.stories.value
        assert '<section class="team-stories">' in app.debrief.stories.value
        app.debrief.wait(120)
        stories = app.debrief.stories.value
        for team in comparison.teams:
            assert f"{team.team}：这单生意的来龙去脉" in stories
        assert "正在用同一随机种子重放" not in stories  # every story complete
        assert "最关键的几步" in stories and "_" not in words(stories.split("</style>")[-1])
    finally:
        app.close()
