"""The manager's team-gaps view on the seeded sample workshops and the shipped sessions.

The sample's teams are played by policies with one habit switched off, so their gaps are
known in advance: Red never brings the PM (``expert:pm=never``), Green pitches technology to
everyone (``expert:angle=technology``), Herons send the PM unbriefed (``pm_briefed=false``).
"""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import warnings
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from sim.analysis.competencies import assess
from sim.analysis.gaps import (
    Gaps,
    NoScoresError,
    TeamRecord,
    collect,
    heatmap_table,
    priorities,
    select,
    shortfall,
)
from sim.analysis.gaps_export import fragment, parts, render, write_excel
from sim.analysis.gaps_figures import (
    distribution_figure,
    heatmap_figure,
    priorities_figure,
    trend_figure,
)
from sim.analysis.html import para
from sim.analysis.plotting import plot_style, png_bytes
from sim.analysis.session_facts import SessionFacts
from sim.i18n import translate
from sim.workshop import Facilitator, Store, list_workshops
from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample
from sim.workshop.scores import all_team_games, cached_scores

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = ROOT / "sessions"
FINISHED_SAMPLE_TEAMS = 11  # 12 teams, West stopped after 6 rounds
SHIPPED_SESSIONS = 3


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaps") / "workshops.sqlite"
    make_sample(path)
    return path


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gaps-cache")


@pytest.fixture(scope="module")
def gaps(sample: Path, cache: Path) -> Gaps:
    return collect([sample], [SESSIONS], cache_dir=cache)


def record(gaps: Gaps, team: str) -> TeamRecord:
    return next(r for r in gaps.records if r.team == team)


def fresh(sample: Path, team: str) -> tuple[SessionFacts, dict[tuple[str, str], object]]:
    """The team's game replayed through the trainer's handle and assessed directly."""
    store = Store(sample)
    try:
        for info in list_workshops(store):
            trainer = Facilitator.open(store, info.id, SAMPLE_TRAINER_CODE)
            if team in [t.name for t in trainer.teams()]:
                facts = SessionFacts(trainer.simulation(team), "en")
                return facts, {(s.role, s.competency): s for s in assess(facts).scores}
    finally:
        store.close()
    raise AssertionError(team)


# --- the table -------------------------------------------------------------------------------
def test_every_finished_team_and_session_is_assessed_once(gaps: Gaps) -> None:
    assert len(gaps.records) == FINISHED_SAMPLE_TEAMS + SHIPPED_SESSIONS
    teams = [r.team for r in gaps.records if r.kind == "workshop"]
    assert "West" not in teams and {"Red", "Green", "Herons", "Blue"} <= set(teams)
    assert any(n.key == "unfinished" and n.params["count"] == 1 for n in gaps.notes)
    frame = gaps.frame("en")
    assert len(frame) == sum(len(r.scores) for r in gaps.records)
    keys = frame.groupby(["record", "role", "competency"]).size()
    assert (keys == 1).all()
    assert set(frame["level"]) <= {"strong", "developing", "gap", "not_observed"}
    assert frame.loc[frame["level"] == "not_observed", "value"].isna().all()
    assert frame.loc[frame["level"] != "not_observed", "value"].between(0, 1 + 1e-9).all()
    dates = frame.loc[frame["team"] == "Red", "date"].dt.date.unique()
    assert list(dates) == [date(2026, 9, 15)]


def test_scores_are_the_debriefs_own(gaps: Gaps, sample: Path) -> None:
    _, scores = fresh(sample, "Swans")
    got = record(gaps, "Swans")
    assert {(s.role, s.competency) for s in got.scores} == set(scores)
    for s in got.scores:
        expected = scores[(s.role, s.competency)]
        assert s.value == expected.value  # type: ignore[attr-defined]
        assert [c.row for c in s.against()] == expected.rows(False)  # type: ignore[attr-defined]


def test_unfinished_games_can_be_included(sample: Path, cache: Path) -> None:
    everything = collect([sample], [], include_unfinished=True, cache_dir=cache)
    west = record(everything, "West")
    assert west.outcome is None and west.scores
    assert "None" in set(everything.frame("en")["outcome"])


def test_the_heatmap_is_the_mean_of_the_observed_teams(gaps: Gaps) -> None:
    frame = gaps.frame("en")
    means, counts = heatmap_table(frame)
    by_hand: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _, line in frame.iterrows():
        if not math.isnan(line["value"]):
            by_hand[(line["role"], line["competency"])].append(line["value"])
    for role in means.index:
        for competency in means.columns:
            values = by_hand.get((role, competency), [])
            if values:
                assert means.at[role, competency] == pytest.approx(sum(values) / len(values))
            else:
                assert math.isnan(means.at[role, competency])
            assert counts.at[role, competency] == len(values)
    assert math.isnan(means.at["executive", "angle_fit"])  # a cell no team can fill is blank
    assert counts.at["project_manager", "pm_early"] == len(gaps.records)


def test_filters_keep_only_what_was_asked(gaps: Gaps) -> None:
    frame = gaps.frame("en")
    october = select(frame, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert set(october["team"]) == {"Falcons", "Herons", "Kites", "Swans"}
    pms = select(frame, roles=["project_manager"], workshops=["Key-account academy · September"])
    assert set(pms["role"]) == {"project_manager"}
    assert set(pms["team"]) == {"Blue", "Red", "Green", "Yellow"}
    assert select(frame, start=date(2030, 1, 1)).empty


# --- the known gaps --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("team", "role", "competency", "kinds"),
    [
        ("Red", "project_manager", "pm_early", {"pm_request_missed"}),
        ("Green", "presales", "angle_fit", {"angle_misfit"}),
        ("Herons", "project_manager", "pm_briefed", {"pm_cold", "activity"}),
    ],
)
def test_a_known_gap_is_a_priority_with_its_evidence(
    gaps: Gaps, sample: Path, team: str, role: str, competency: str, kinds: set[str]
) -> None:
    score = record(gaps, team).score(role, competency)
    assert score is not None and score.level == "gap"
    found = priorities(gaps, gaps.frame("en"), top=None)
    priority = next(p for p in found if (p.role, p.competency) == (role, competency))
    behind = next(t for t in priority.teams if t.team == team)
    assert behind.level == "gap" and behind.value == score.value
    facts, scores = fresh(sample, team)
    rows = scores[(role, competency)].rows(False)  # type: ignore[attr-defined]
    assert rows and [c.row for c in behind.score.against()] == rows
    assert {facts.records[r].kind for r in rows} <= kinds
    for cited in behind.score.against():
        assert cited.week == facts.records[cited.row].round
        assert cited.words("en") and cited.words("zh") != cited.words("en")
    # the worst teams come first, and only teams below strong are listed
    assert [t.value for t in priority.teams] == sorted(t.value for t in priority.teams)
    assert all(t.value < 0.75 for t in priority.teams)


def test_the_pm_gap_leads_the_sample_and_the_rule_is_the_documented_one(gaps: Gaps) -> None:
    frame = gaps.frame("en")
    found = priorities(gaps, frame, top=5)
    assert (found[0].role, found[0].competency) == ("project_manager", "pm_early")
    assert [p.priority for p in found] == sorted((p.priority for p in found), reverse=True)
    lead = found[0]
    pm = frame[(frame["role"] == "project_manager") & (frame["competency"] == "pm_early")]
    need = sum(shortfall(v) for v in pm["value"]) / frame["record"].nunique()
    won = pm.loc[pm["outcome"] == "won", "value"].mean()
    other = pm.loc[pm["outcome"].isin(["lost", "no_decision"]), "value"].mean()
    assert lead.need == pytest.approx(need)
    assert lead.linked and lead.loss_link > 0
    assert lead.loss_link == pytest.approx(max(0.0, won - other))
    assert lead.priority == pytest.approx(need * (1 + lead.loss_link))
    assert lead.gaps == int((pm["value"] < 0.4).sum())


def test_the_presales_view_of_september_leads_with_greens_angle(gaps: Gaps) -> None:
    september = ["Key-account academy · September"]
    frame = select(gaps.frame("zh"), workshops=september, roles=["presales"])
    top = priorities(gaps, frame, top=5)
    assert (top[0].role, top[0].competency) == ("presales", "angle_fit")
    assert [t.team for t in top[0].teams] == ["Green"]
    assert top[0].need == pytest.approx(shortfall(top[0].teams[0].value) / 4)  # of 4 teams
    assert not top[0].linked and top[0].priority == top[0].need  # one winner: no link


# --- the cache -------------------------------------------------------------------------------
def test_a_cache_hit_gives_the_same_view(sample: Path, cache: Path, gaps: Gaps) -> None:
    again = collect([sample], [SESSIONS], cache_dir=cache)
    assert all(r.cached for r in again.records)
    pd.testing.assert_frame_equal(again.frame("zh"), gaps.frame("zh"))
    assert priorities(again, again.frame("en"), None) == priorities(gaps, gaps.frame("en"), None)
    uncached = collect([sample], [SESSIONS], use_cache=False)
    assert not any(r.cached for r in uncached.records)
    pd.testing.assert_frame_equal(uncached.frame("en"), gaps.frame("en"))


def _store_copy(sample: Path, folder: Path) -> Path:
    copy = folder / "copy.sqlite"
    with sqlite3.connect(sample) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def test_the_store_cache_is_read_and_a_changed_log_invalidates_it(
    sample: Path, tmp_path: Path
) -> None:
    path = _store_copy(sample, tmp_path)
    first = collect([path], [])
    blue = record(first, "Blue")
    real = blue.score("sales_rep", "influence_met")
    assert real is not None and real.value == pytest.approx(1.0)
    store = Store(path)
    team = next(g for g in all_team_games(store) if g.team.name == "Blue")
    assert team.event_log_sha256 is not None
    assert cached_scores(store, team.team.id, team.event_log_sha256) is not None
    assert cached_scores(store, team.team.id, "0" * 64) is None

    def doctor(sha: str) -> None:
        store.write(
            lambda conn: conn.execute(
                "UPDATE assessments SET value = 0.125, event_log_sha256 = ? WHERE team_id = ?"
                " AND competency = 'influence_met'",
                (sha, team.team.id),
            )
        )

    doctor(team.event_log_sha256)  # same log: the cached value is what the view shows
    hit = record(collect([path], []), "Blue")
    doctored = hit.score("sales_rep", "influence_met")
    assert hit.cached and doctored is not None and doctored.value == 0.125
    doctor("f" * 64)  # scores of another log: recomputed and the cache rewritten
    miss = record(collect([path], []), "Blue")
    again = miss.score("sales_rep", "influence_met")
    assert not miss.cached and again is not None and again.value == real.value
    assert cached_scores(store, team.team.id, team.event_log_sha256) is not None
    store.close()


def test_the_session_cache_follows_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    shutil.copy(SESSIONS / "team_blue_cross_sell.json", folder / "blue.json")
    cache = tmp_path / "cache"
    first = collect([], [folder], cache_dir=cache)
    assert not first.records[0].cached and len(list(cache.glob("*.json"))) == 1
    entry = next(cache.glob("*.json"))
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["scores"][0]["value"] = 0.125
    entry.write_text(json.dumps(data), encoding="utf-8")
    hit = collect([], [folder], cache_dir=cache).records[0]
    assert hit.cached and hit.scores[0].value == 0.125
    session = json.loads((folder / "blue.json").read_text(encoding="utf-8"))
    session["meta"]["team"] = "Blue, renamed"
    (folder / "blue.json").write_text(json.dumps(session), encoding="utf-8")
    miss = collect([], [folder], cache_dir=cache).records[0]
    assert not miss.cached and miss.team == "Blue, renamed"
    assert miss.scores[0].value == first.records[0].scores[0].value != 0.125


# --- exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_excel_book_has_its_sheets_in_the_language(
    gaps: Gaps, tmp_path: Path, lang: str
) -> None:
    path = write_excel(gaps, gaps.frame(lang), tmp_path / "gaps.xlsx", lang)
    book = load_workbook(path, read_only=True)
    names = [
        translate(f"gaps.sheet.{s}", lang) for s in ("scores", "heatmap", "priorities", "teams")
    ]
    assert book.sheetnames == names
    header = [c.value for c in next(book[names[0]].iter_rows(max_row=1))]
    assert translate("gaps.col.team", lang) in header
    assert translate("gaps.col.competency", lang) in header
    if lang == "zh":
        assert "团队" in header and "能力项" in header
    rows = list(book[names[0]].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(gaps.frame(lang))
    teams = list(book[names[3]].iter_rows(min_row=2, values_only=True))
    assert len(teams) == len(gaps.records)  # one line per team
    evidence = list(book[names[2]].iter_rows(values_only=True))
    red = [r for r in evidence if "Red" in r]
    assert red and any(isinstance(r[-2], int) for r in red)  # cited event rows, one per line
    book.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_page_is_self_contained_and_cites_the_evidence(gaps: Gaps, lang: str) -> None:
    page = render(gaps, gaps.frame(lang), lang)
    assert "<script" not in page.lower()
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in page
    assert "http://" not in page and "https://" not in page
    assert page.count("data:image/png;base64,") == 4
    week_of_red = record(gaps, "Red").score("project_manager", "pm_early").against()[0]  # type: ignore[union-attr]
    cited = translate(
        "gaps.cited", lang, team="Red", week=week_of_red.week, text=week_of_red.words(lang)
    )
    assert cited.replace("→", "&rarr;") in page or cited in page
    if lang == "zh":
        assert 'lang="zh-CN"' in page and "辅导重点" in page


def test_names_are_escaped_in_the_page(gaps: Gaps) -> None:
    frame = gaps.frame("en")
    frame.loc[frame["team"] == "Blue", "team"] = "<b>Blue</b>"
    page = render(gaps, frame, "en")
    assert "<b>Blue</b>" not in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_draw_without_missing_glyphs(gaps: Gaps, lang: str) -> None:
    frame = gaps.frame(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would raise
        with plot_style(lang):
            for figure in (
                heatmap_figure(frame, lang),
                distribution_figure(frame, lang),
                trend_figure(frame, lang),
                priorities_figure(priorities(gaps, frame), lang),
            ):
                assert png_bytes(figure).startswith(b"\x89PNG")


# --- nothing to show -------------------------------------------------------------------------
def test_an_empty_store_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    Store(empty).close()
    gaps = collect([empty], [])
    assert gaps.empty
    assert [n.key for n in gaps.notes] == ["store_empty", "nothing"]
    frame = gaps.frame("zh")
    assert frame.empty
    message = translate("gaps.empty", "zh")
    assert all(message in body for body in parts(gaps, frame, "zh").values())
    assert message in render(gaps, frame, "zh")
    with pytest.raises(NoScoresError) as raised:
        write_excel(gaps, frame, tmp_path / "x.xlsx", "zh")
    assert raised.value.message("zh") == message
    with pytest.raises(NoScoresError):
        heatmap_figure(frame, "en")


def test_a_path_with_no_store_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "workshops.sqlite"
    gaps = collect([missing], [tmp_path / "no-such-folder"])
    assert not missing.exists() and gaps.empty
    assert [n.key for n in gaps.notes] == ["no_store", "no_folder", "nothing"]
    assert str(missing) in gaps.notes[0].message("en")


def test_a_broken_session_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    shutil.copy(SESSIONS / "team_blue_cross_sell.json", folder / "good.json")
    (folder / "bad.json").write_text('{"format": "sandtable-session/1", "done": true}')
    (folder / "other.json").write_text('{"something": "else"}')
    gaps = collect([], [folder], cache_dir=tmp_path / "cache")
    assert [r.team for r in gaps.records] == ["Team Blue"]
    notes = [n for n in gaps.notes if n.key != "replay_notice"]
    # every file left out is listed with its reason, a JSON file that is no session too
    assert [n.key for n in notes] == ["bad_session", "not_a_session"]
    assert "bad.json" in notes[0].message("zh")
    assert notes[1].message("en") == "other.json: skipped (not a Sandtable session file)"


def test_the_notebook_fragment_carries_its_style_sheet_as_markup() -> None:
    """A style sheet escaped into text would show its rules on the manager's page."""
    html = fragment(para("<b>"))
    assert html.startswith("<style>") and "&lt;style" not in html
    assert "<p>&lt;b&gt;</p>" in html  # content is still escaped
