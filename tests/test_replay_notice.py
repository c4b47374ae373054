"""Games saved under an older model still open, and say that they may differ from the original.

An "old" session is a shipped sample with ``model_version`` set to "1" and another event-log
hash (what a file saved before a model change looks like). It must open through every door —
``Simulation.load``, ``sandtable report``, the team-gaps view, the sandbox's Resume — with a
notice in the reader's language, while broken or tampered files are still refused. Workshop
stores record the model version per workshop and rebuild a team's game that no longer gives
the stored hashes with the same notice.
"""

from __future__ import annotations

import json
import re
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.analysis import debrief
from sim.analysis.fonts import cjk_family
from sim.analysis.gaps import collect
from sim.analysis.gaps_export import notes_html
from sim.analysis.report import notice_html
from sim.cli import main
from sim.engine.notice import ReplayNotice, ReplayWarning
from sim.engine.session import SessionError
from sim.engine.version import MODEL_VERSION, UNVERSIONED
from sim.i18n import catalog
from sim.i18n.replay import notice_lines, notice_text, vendor_names
from sim.i18n.session import session_error_message
from sim.policies import resolve_policy
from sim.ui import sandbox_app
from sim.ui.round_screen import header_html
from sim.ui.workshop_join import join_workshop
from sim.workshop import Facilitator, Store, TeamSeat
from sim.workshop.migrations import MIGRATIONS, statements
from tests.notebook_runs import run_notebook
from tests.widget_helpers import markup

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "team_blue_cross_sell.json"
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
HAN = re.compile(r"[\u4e00-\u9fff]")
OLD_HASH = "0" * 64


def rewrite(source: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    change(data)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def as_old(data: dict[str, Any]) -> None:
    """What a file saved under model version 1 looks like: its version and its own log."""
    data["model_version"] = "1"
    data["event_log_sha256"] = OLD_HASH


def current(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """``change``, then the file claims the current model version again."""

    def changed(data: dict[str, Any]) -> None:
        change(data)
        data["model_version"] = MODEL_VERSION

    return changed


def both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def changed(data: dict[str, Any]) -> None:
        for change in changes:
            change(data)

    return changed


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return rewrite(SAMPLE, tmp_path / "sessions" / "blue_v1.json", as_old)


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Path, sim.Simulation]:
    """A session saved now (current model), played by the expert for 8 weeks."""
    game = sim.Simulation(SCENARIO, seed=3, policy="expert")
    for _ in range(8):
        game.advance()
    return game.save(tmp_path / "fresh.json"), game


# --- Simulation.load -------------------------------------------------------------------------
def test_a_session_of_the_previous_model_version_opens_with_a_notice(old: Path) -> None:
    with pytest.warns(ReplayWarning) as caught:
        game = sim.Simulation.load(old)
    notice = game.replay_notice
    assert notice is not None and caught[0].message.notice == notice  # type: ignore[union-attr]
    assert notice.reason == "model_version_changed"
    assert (notice.saved_version, notice.current_version) == ("1", MODEL_VERSION)
    assert (notice.saved_sha256, notice.replayed_sha256) == (OLD_HASH, game.log.sha256())
    assert notice.source == str(old)
    assert game.done and game.decisions  # the whole game is there, played on


def test_a_file_without_a_model_version_counts_as_version_1(tmp_path: Path) -> None:
    def unversioned(data: dict[str, Any]) -> None:
        data.pop("model_version", None)
        data.pop("result", None)
        data["event_log_sha256"] = OLD_HASH

    path = rewrite(SAMPLE, tmp_path / "no_version.json", unversioned)
    notice = sim.Simulation.load(path, warn=False).replay_notice
    assert notice is not None and notice.saved_version == UNVERSIONED == "1"
    assert notice.saved_result is None and notice.differences == ()


def test_the_saved_result_is_compared_with_the_replayed_one(tmp_path: Path) -> None:
    def won_before(data: dict[str, Any]) -> None:
        as_old(data)
        data["result"] = {"outcome": "lost", "winner": "yunqi", "weeks": 3, "margin": 1.0}

    game = sim.Simulation.load(rewrite(SAMPLE, tmp_path / "won.json", won_before), warn=False)
    notice = game.replay_notice
    assert notice is not None
    result = game.result()
    assert result.outcome != "lost", "the sample must replay to another outcome for this test"
    assert ("outcome", "lost", result.outcome) in notice.differences
    assert ("weeks", 3, result.weeks) in notice.differences
    english = notice_lines(notice, "en")
    assert any(line.startswith("Outcome: lost when saved") for line in english), english
    named = notice_lines(notice, "zh", vendors=vendor_names(game.scenario, "zh"))
    assert any("云启软件" in line for line in named), named  # the winner by name, not its id


def test_an_old_round_the_current_model_refuses_is_played_without_the_refused_activity(
    fresh: tuple[Path, sim.Simulation], tmp_path: Path
) -> None:
    path, game = fresh

    def overbooked(data: dict[str, Any]) -> None:
        as_old(data)
        extra = {"activity": "discovery_meeting", "members": ["rep"], "targets": ["zhou"]}
        data["rounds"][3]["assignments"].extend([extra] * 6)  # far more hours than a week has

    loaded = sim.Simulation.load(rewrite(path, tmp_path / "over.json", overbooked), warn=False)
    notice = loaded.replay_notice
    assert notice is not None and notice.adjusted_rounds == (3,)
    played, kept = game.decisions[3].assignments, loaded.decisions[3].assignments
    assert kept[: len(played)] == played and len(kept) < len(played) + 6  # extras trimmed
    assert any("In week 3 " in line for line in notice_lines(notice, "en"))
    # The same round in a file of the current version is tampering: refused, naming the round.
    now = rewrite(path, tmp_path / "over_now.json", current(overbooked))
    with pytest.raises(SessionError) as caught:
        sim.Simulation.load(now)
    assert re.search(r"rounds\.3: .*would work", session_error_message(caught.value, "en"))


def test_old_rounds_left_over_after_the_deal_ended_are_reported_not_fatal(tmp_path: Path) -> None:
    def longer(data: dict[str, Any]) -> None:
        as_old(data)
        data["rounds"] += [{"assignments": []}] * 3

    game = sim.Simulation.load(rewrite(SAMPLE, tmp_path / "long.json", longer), warn=False)
    assert game.replay_notice is not None and game.replay_notice.unplayed_rounds == 3
    assert any("last 3 saved weeks" in s for s in notice_lines(game.replay_notice, "en"))
    now = rewrite(SAMPLE, tmp_path / "long_now.json", current(longer))
    with pytest.raises(SessionError) as caught:
        sim.Simulation.load(now)
    assert re.search(r"rounds\.\d+: the deal is over", session_error_message(caught.value, "en"))


@pytest.mark.parametrize(
    ("name", "change", "says"),
    [
        ("bad_json", None, "not a session file"),
        ("format", lambda d: d.update(format="sandtable-session/9"), "format"),
        ("version_type", lambda d: d.update(model_version=["1"]), "model_version"),
        (
            "unknown_member",
            lambda d: d["rounds"][0]["assignments"].append(
                {"activity": "discovery_meeting", "members": ["ghost"], "targets": ["zhou"]}
            ),
            "rounds.0",
        ),
        ("malformed_round", lambda d: d["rounds"].__setitem__(1, {"assignments": [7]}), "rounds.1"),
        (
            "scenario",
            lambda d: d["scenario"].update(
                source=d["scenario"]["source"].replace("deal_value: 3200000", "deal_value: -5")
            ),
            "embedded scenario is invalid",
        ),
    ],
)
def test_an_old_file_that_is_broken_or_tampered_is_still_refused_in_one_line(
    tmp_path: Path, name: str, change: Callable[[dict[str, Any]], None] | None, says: str
) -> None:
    path = tmp_path / f"{name}.json"
    if change is None:
        path.write_text('{"format": "sandtable-session/1", "model_version": "1",', "utf-8")
    else:
        rewrite(SAMPLE, path, both(as_old, change))
    with pytest.raises(SessionError) as caught:
        sim.Simulation.load(path)
    message = session_error_message(caught.value, "en")
    assert str(path) in message and says in message and "\n" not in message


def test_a_notice_survives_a_round_trip_through_plain_json(old: Path) -> None:
    notice = sim.Simulation.load(old, warn=False).replay_notice
    assert notice is not None
    again = ReplayNotice.from_dict(json.loads(json.dumps(notice.to_dict())))
    assert again == notice and again.replayed_result == notice.replayed_result
    with pytest.raises(ValueError, match="reason"):
        ReplayNotice.from_dict({**notice.to_dict(), "reason": "bogus"})


# --- the words -------------------------------------------------------------------------------
def test_the_notice_is_worded_in_english_and_in_chinese(old: Path) -> None:
    notice = sim.Simulation.load(old, warn=False).replay_notice
    assert notice is not None
    english, chinese = notice_text(notice, "en"), notice_text(notice, "zh")
    assert "model version 1" in english and f"model version {MODEL_VERSION}" in english
    assert "results may differ from the original game" in english
    assert HAN.search(chinese) and "模型版本 1" in chinese and "可能与原始对局不同" in chinese
    for key in [k for k in catalog("en") if k.startswith("replay.")]:
        assert key in catalog("zh"), key
    replay_keys = [k for k in catalog("zh") if k.startswith("replay.") and k != "replay.line"]
    words = [k for k in replay_keys if k != "replay.list_separator"]
    assert words and all(HAN.search(catalog("zh")[k]) for k in words)


# --- sandtable report ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sandtable_report_writes_the_report_and_one_notice_line_on_stderr(
    old: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    out = tmp_path / f"blue.{lang}.html"
    code = main(["report", str(old), "-o", str(out), "--lang", lang, "--replications", "0"])
    captured = capsys.readouterr()
    if lang == "zh" and cjk_family(required=False) is None:  # the notice comes before the plots
        assert captured.err.startswith(f"{old}：提示：") and "模型版本 1" in captured.err
        pytest.skip("Chinese plots need Noto Sans CJK (apt-get install fonts-noto-cjk)")
    assert code == 0, captured.err
    assert captured.out.strip() == str(out)
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(old))
    assert ("model version 1" in lines[0]) if lang == "en" else ("模型版本 1" in lines[0])
    assert OLD_HASH[:16] in lines[0]
    page = out.read_text(encoding="utf-8")
    assert 'class="replay-notice"' in page
    assert ("results may differ" in page) if lang == "en" else ("可能与原始对局不同" in page)


def test_sandtable_report_of_a_current_session_says_nothing_on_stderr(
    fresh: tuple[Path, sim.Simulation], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fresh.html"
    assert main(["report", str(fresh[0]), "-o", str(out), "--replications", "0"]) == 0
    assert capsys.readouterr().err == ""
    assert 'class="replay-notice"' not in out.read_text(encoding="utf-8")


# --- the debrief ---------------------------------------------------------------------------
def test_the_debrief_carries_the_notice_and_shows_it_above_everything(old: Path) -> None:
    game = sim.Simulation.load(old, warn=False)
    d = debrief(game, "en", replications=0, change=None)
    assert d.notice is game.replay_notice is not None
    box = notice_html(d.notice, "en")
    assert box.startswith('<div class="replay-notice"><strong>This game may differ')
    assert "results may differ from the original game" in box


def test_the_debrief_notebook_runs_on_an_old_session(old: Path, tmp_path: Path) -> None:
    env = {
        "SANDTABLE_DEBRIEF_SESSION": str(old),  # absolute: the notebook joins it to the root
        "SANDTABLE_DEBRIEF_REPLICATIONS": "2",
        "SANDTABLE_DEBRIEF_STRICT": "1",
        "SANDTABLE_SESSIONS": str(tmp_path),
    }
    run = run_notebook(ROOT / "notebooks" / "debrief.ipynb", env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


# --- the team-gaps view ----------------------------------------------------------------------
def test_the_gaps_view_includes_an_old_session_and_notes_it_once(
    old: Path, tmp_path: Path
) -> None:
    folder = old.parent
    rewrite(
        SAMPLE,
        folder / "blue_v1_copy.json",
        both(as_old, lambda d: d["meta"].update(team="Blue copy")),
    )
    cache = tmp_path / "cache"
    for attempt in ("fresh", "cached"):
        gaps = collect([], [folder], cache_dir=cache)
        assert sorted(r.team for r in gaps.records) == ["Blue copy", "Team Blue"], attempt
        assert all(r.cached == (attempt == "cached") for r in gaps.records)
        assert [n.key for n in gaps.notes] == ["replay_notice", "replay_notice"], attempt
        note = next(n for n in gaps.notes if n.params["source"] == old.name)
        assert note.notice is not None and note.notice.saved_version == "1"
        assert "Team Blue" in note.message("en") and "model version 1" in note.message("en")
        assert HAN.search(note.message("zh")) and "模型版本 1" in note.message("zh")
        assert "可能与原始对局不同" in notes_html(gaps, "zh")


# --- the sandbox's Resume --------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_resuming_an_old_finished_game_shows_the_notice_on_the_end_screen(
    old: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SANDTABLE_SESSIONS", raising=False)
    app = sandbox_app(sessions_dir=old.parent, lang=lang)
    screen = app.start_screen
    assert screen is not None and str(old) in [value for _, value in screen.session.options]
    screen.session.value = str(old)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the screen says it; no warning leaks into the page
        screen.resume_button.click()
    assert app.screen == "end" and app.game is not None
    assert app.game.sim.replay_notice is not None
    page = "".join(markup(app.root))
    assert 'class="st-message st-message-warning st-replay-notice"' in page
    if lang == "en":
        assert "model version 1" in page and "results may differ from the original game" in page
    else:
        assert "模型版本 1" in page and "可能与原始对局不同" in page


def test_resuming_an_old_game_mid_deal_shows_the_notice_above_the_week(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SANDTABLE_SESSIONS", raising=False)

    def unfinished(data: dict[str, Any]) -> None:
        as_old(data)
        data["rounds"] = data["rounds"][:5]
        data["done"] = False
        data.pop("result", None)

    path = rewrite(SAMPLE, tmp_path / "sessions" / "mid.json", unfinished)
    app = sandbox_app(sessions_dir=path.parent)
    assert app.start_screen is not None
    app.start_screen.session_path.value = str(path)
    app.start_screen.resume_button.click()
    assert app.screen == "round" and app.round_screen is not None
    assert app.game is not None and app.game.sim.round == 5
    assert "st-replay-notice" in app.round_screen.header.value
    assert "model version 1" in app.round_screen.header.value
    app.round_screen.advance_button.click()  # plays on; the notice stays with the game
    assert app.game.sim.round == 6 and "st-replay-notice" in app.round_screen.header.value


def test_resuming_a_broken_old_file_is_still_refused_on_the_start_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SANDTABLE_SESSIONS", raising=False)
    path = rewrite(SAMPLE, tmp_path / "bad.json", both(as_old, lambda d: d.update(format="x")))
    app = sandbox_app(sessions_dir=tmp_path)
    assert app.start_screen is not None
    app.start_screen.session_path.value = str(path)
    app.start_screen.resume_button.click()
    assert app.screen == "start"
    assert "The session cannot be opened" in app.start_screen.messages.text


# --- workshop stores -------------------------------------------------------------------------
def played_workshop(path: Path, rounds: int = 6) -> Facilitator:
    store = Store(path)
    trainer = Facilitator.create(
        store,
        name="Old model",
        scenario=SCENARIO,
        seed=11,
        teams=["Blue"],
        join_codes=["BLUE22"],
        self_paced=True,
    )
    seat = TeamSeat.join(store, "BLUE22")
    policy = resolve_policy("expert")
    assert policy is not None
    for _ in range(rounds):
        seat.commit(policy.plan(seat.game.observe(feed=False)))
    return trainer


def test_a_new_workshop_records_the_current_model_version(tmp_path: Path) -> None:
    trainer = played_workshop(tmp_path / "w.sqlite", rounds=2)
    assert trainer.info.model_version == MODEL_VERSION
    assert trainer.simulation("Blue").replay_notice is None  # an exact replay says nothing
    trainer.store.close()


def _as_schema_2(played: Path, path: Path) -> None:
    """Copy a played store's workshops, teams, rounds, decisions and forecasts into a store
    built by the migrations up to schema 2 (before the model version was recorded)."""
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        for statement in statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("ATTACH DATABASE ? AS played", (str(played),))
    for table in ("workshops", "teams", "rounds", "decisions", "forecasts"):
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM played.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE played")
    conn.close()


def test_a_store_from_before_the_model_version_records_version_1_and_still_replays(
    tmp_path: Path,
) -> None:
    played = tmp_path / "played.sqlite"
    played_workshop(played, rounds=3).store.close()
    path = tmp_path / "w.sqlite"
    _as_schema_2(played, path)  # the same workshop as a store of schema 2 holds it
    store = Store(path)  # migrated in place: existing workshops count as model version 1
    row = store.conn.execute("SELECT id, model_version, trainer_code FROM workshops").fetchone()
    assert row["model_version"] == "1"
    trainer = Facilitator.open(store, row["id"], row["trainer_code"])
    assert trainer.info.model_version == "1"
    assert trainer.simulation("Blue").replay_notice is None  # same log: the game as played
    store.close()


def test_a_workshop_game_whose_stored_hashes_differ_opens_with_the_notice(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.sqlite"
    trainer = played_workshop(path)
    expected = trainer.simulation("Blue")
    with sqlite3.connect(path) as conn:  # saved under model 1, which logged weeks 2+ otherwise
        conn.execute("UPDATE workshops SET model_version = '1'")
        conn.execute("UPDATE rounds SET event_log_sha256 = ? WHERE round >= 2", (OLD_HASH,))
    game = trainer.simulation("Blue")
    notice = game.replay_notice
    assert notice is not None and notice.reason == "model_version_changed"
    assert notice.first_round == 2 and notice.saved_sha256 == OLD_HASH
    assert game.log.sha256() == expected.log.sha256()
    assert any("week 2" in line for line in notice_lines(notice, "en"))
    # The team joining from the sandbox sees it above its week, in its language.
    joined = join_workshop(str(path), "BLUE22", ("sales_rep",), "zh", tmp_path / "sessions")
    assert joined.sim.replay_notice is not None
    header = header_html(joined, "zh", joined.seat.workshop if joined.seat else None)
    assert "st-replay-notice" in header and "第 2 周" in header
    assert joined.seat is not None
    joined.seat.store.close()
    # The team-gaps view includes the team's game (with unfinished ones) and notes it.
    gaps = collect([path], [], include_unfinished=True, cache_dir=tmp_path / "cache")
    assert [r.team for r in gaps.records] == ["Blue"]
    assert [n.key for n in gaps.notes] == ["replay_notice"]
    again = collect([path], [], include_unfinished=True, cache_dir=tmp_path / "cache")
    assert again.records[0].cached and [n.key for n in again.notes] == ["replay_notice"]
    trainer.store.close()


def test_resuming_an_older_game_keeps_its_file_and_plays_on_in_a_copy(tmp_path: Path) -> None:
    from sim.ui.game import Game  # noqa: PLC0415

    source = Path(__file__).resolve().parent.parent / "sessions" / "team_blue_cross_sell.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data.pop("model_version", None)
    data["event_log_sha256"] = "0" * 64
    data["rounds"] = data["rounds"][:3]
    data["done"] = False
    old = tmp_path / "old.json"
    text = json.dumps(data, ensure_ascii=False)
    old.write_text(text, encoding="utf-8")
    game = Game.resume(old, "en")
    assert game.sim.replay_notice is not None
    game.advance()
    assert old.read_text(encoding="utf-8") == text, "the file as the trainee saved it stays"
    assert game.path != old and game.path.exists()
