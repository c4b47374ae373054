"""Where the team-gaps view reads its games: workshop stores and folders of session files.

Holds :func:`collect`, which assesses every finished team of every workshop in the stores and
every finished session file in the folders (each source read once) into :class:`Gaps`, with a
note for everything left out or read with a caveat; and :func:`store_file` (a store as a
manager names it).

May import: :mod:`sim.analysis.gaps.records`, :mod:`~sim.analysis.gaps.scoring`,
:mod:`~sim.analysis.gaps.cache`; ``sim.engine`` (loading a session file); ``sim.i18n``; the
workshop layer's public API and manager's read API only (``sim.workshop`` for :class:`Store`
and its errors, :mod:`sim.workshop.scores` for the games) — never SQLite directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from sim.analysis.gaps.cache import (
    default_cache_dir,
    read_session_entry,
    session_cache_file,
    session_entry,
    session_notice,
    session_scores,
    team_scores,
    write_session_entry,
)
from sim.analysis.gaps.records import Gaps, Note, TeamRecord, people_played, replay_note
from sim.analysis.gaps.scoring import score_game
from sim.engine import Simulation
from sim.engine.session import SessionError
from sim.i18n import LANGUAGES
from sim.i18n.session import session_error_message
from sim.workshop import Store, WorkshopError
from sim.workshop.scores import CachedScore, TeamGame, all_team_games
from sim.workshop.store import STORE_FILE


# --- workshops -----------------------------------------------------------------------------
def store_file(path: str | Path) -> Path:
    """A store path as given by a manager: the file, or the folder that holds it."""
    where = Path(path).expanduser()
    return where / STORE_FILE if where.is_dir() else where


def _day(stamp: str | None) -> date:
    if not stamp:
        return datetime.now(timezone.utc).date()
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.date()


def _titles(game: TeamGame) -> dict[str, str]:
    title = game.scenario().scenario.title
    return {lang: title.get(lang) for lang in LANGUAGES}


def _score_team(game: TeamGame) -> list[CachedScore]:
    return score_game(game.simulation())


def _workshop_records(
    path: Path, include_unfinished: bool, use_cache: bool
) -> tuple[list[TeamRecord], list[Note]]:
    notes: list[Note] = []
    if not path.is_file():
        return [], [Note("no_store", {"path": str(path)})]
    try:
        store = Store(path)
    except WorkshopError as error:
        return [], [Note("bad_store", {"path": str(path), "problem": str(error)})]
    records: list[TeamRecord] = []
    try:
        games = all_team_games(store)
        if not games:
            notes.append(Note("store_empty", {"path": str(path)}))
        titles: dict[int, dict[str, str]] = {}
        skipped = 0
        for game in games:
            if game.event_log_sha256 is None or (game.result is None and not include_unfinished):
                skipped += 1
                continue
            scores, hit, notice = team_scores(store, game, use_cache, partial(_score_team, game))
            if notice is not None:
                where = f"{path.name} · {game.workshop.name}"
                notes.append(replay_note(where, game.team.name, notice))
            if game.workshop.id not in titles:
                titles[game.workshop.id] = _titles(game)
            records.append(
                TeamRecord(
                    source=str(path),
                    kind="workshop",
                    workshop=game.workshop.name,
                    date=_day(game.workshop.created_at),
                    scenario=titles[game.workshop.id],
                    team=game.team.name,
                    outcome=game.result.outcome if game.result else None,
                    event_log_sha256=game.event_log_sha256,
                    scores=people_played(scores, game.team.roles),
                    cached=hit,
                )
            )
        if skipped:
            notes.append(Note("unfinished", {"count": skipped, "source": path.name}))
    finally:
        store.close()
    return records, notes


# --- sessions ------------------------------------------------------------------------------
def _session_date(meta: dict[str, Any], path: Path) -> date:
    """The session's date: ``meta["date"]`` when the sandbox or a trainer set one, else the
    file's modification time (a session file carries no date of its own)."""
    stamp = meta.get("date") or meta.get("played_at")
    if isinstance(stamp, str):
        try:
            return _day(stamp)
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).date()


def _session_record(
    path: Path, include_unfinished: bool, cache_dir: Path | None
) -> tuple[TeamRecord | None, Note | None]:
    """The session's record (None: skipped) and a note (why skipped, or that it is included
    although its replay may differ from the game played)."""
    try:
        content = path.read_bytes()
        raw = json.loads(content)
    except (OSError, ValueError) as exc:
        return None, Note("bad_session", {"path": path.name, "problem": str(exc)})
    if not isinstance(raw, dict) or raw.get("format") != "sandtable-session/1":
        # Some other JSON file in the folder: left out, and said so (a manager who put a
        # session there must see why it is missing).
        return None, Note("not_a_session", {"path": path.name})
    if not raw.get("done") and not include_unfinished:
        return None, Note("unfinished", {"count": 1, "source": path.name})
    meta = raw.get("meta") if isinstance(raw.get("meta"), dict) else {}
    assert isinstance(meta, dict)
    file = session_cache_file(cache_dir, content)
    data = read_session_entry(file)
    hit = data is not None
    if data is None:
        try:
            game = Simulation.load(path, warn=False)
        except SessionError as exc:
            problem = session_error_message(exc, "en")
            return None, Note("bad_session", {"path": path.name, "problem": problem})
        data = session_entry(game, score_game(game))
        write_session_entry(file, data)
    scores = session_scores(data)
    if scores is None:
        return None, Note("bad_session", {"path": path.name, "problem": "cache"})
    record = TeamRecord(
        source=str(path),
        kind="session",
        workshop=str(meta.get("workshop", "")),
        date=_session_date(meta, path),
        scenario=dict(data["scenario"]),
        team=str(meta.get("team") or path.stem),
        outcome=data["outcome"],
        event_log_sha256=str(data["event_log_sha256"]),
        scores=people_played(scores, str(meta.get("roles") or "").split(",")),
        cached=hit,
    )
    notice = session_notice(data)
    return record, None if notice is None else replay_note(path.name, record.team, notice)


def _session_records(
    folder: Path, include_unfinished: bool, cache_dir: Path | None
) -> tuple[list[TeamRecord], list[Note]]:
    if not folder.is_dir():
        return [], [Note("no_folder", {"path": str(folder)})]
    records: list[TeamRecord] = []
    notes: list[Note] = []
    for path in sorted(folder.glob("*.json")):
        record, note = _session_record(path, include_unfinished, cache_dir)
        if record is not None:
            records.append(record)
        if note is not None:
            notes.append(note)
    return records, notes


# --- gathering -----------------------------------------------------------------------------
def collect(
    stores: Iterable[str | Path] = (),
    session_folders: Iterable[str | Path] = (),
    *,
    include_unfinished: bool = False,
    use_cache: bool = True,
    cache_dir: str | Path | None = None,
) -> Gaps:
    """Assess every game in the stores and session folders (each source read once).

    ``use_cache=False`` rescores everything and leaves every cache untouched (for measuring);
    ``cache_dir`` overrides where session scores are cached."""
    records: list[TeamRecord] = []
    notes: list[Note] = []
    seen: set[Path] = set()
    for given in stores:
        path = store_file(given)
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        found, said = _workshop_records(path, include_unfinished, use_cache)
        records += found
        notes += said
    folder_cache = None
    if use_cache:
        folder_cache = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    for given in session_folders:
        folder = Path(given).expanduser()
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        found, said = _session_records(folder, include_unfinished, folder_cache)
        records += found
        notes += said
    if not records:
        notes.append(Note("nothing"))
    return Gaps(tuple(records), tuple(notes))
