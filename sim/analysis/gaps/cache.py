"""The score cache, all of it: what an entry holds, when it is stale, and where it is kept.

Scoring needs a replay; its result depends only on the event log and the scoring rules. An
entry (:class:`~sim.workshop.scores.CachedScore`) holds the values, levels, the cited rows
(numbers, weeks, and their words in every language), the explanation's figures in every
language, the replay notice of the game it came from, and :data:`SCORING_VERSION` — a hash of
the model version and the scoring rules' source files, taken once when this module is
imported. A cache hit never replays a game and a language switch never rescores; a changed log
or another scoring version is a miss, recomputed and overwritten.

Two places keep entries:

- a workshop team's in its store's ``assessments`` table under the log's SHA-256, read and
  written only through the workshop layer's read API (:mod:`sim.workshop.scores`);
- a session file's in a cache folder (``$SANDTABLE_GAPS_CACHE``, else
  ``~/.cache/sandtable/gaps``), one JSON file per session file content hash.

Writing is best effort in both: a read-only or busy store, or a full cache folder, only costs
speed next time.

May import: :mod:`sim.analysis.gaps.records`, ``sim.analysis.assessment`` (the score it
packs), ``sim.engine`` (versions, notices, the game a session entry is made from),
``sim.workshop.scores`` and ``sim.workshop.errors``; not the scoring (it is handed in), and
not the store itself or SQLite directly (``sqlite3`` only names the error a best-effort
write may raise).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.analysis.assessment import Score
from sim.analysis.gaps.records import CitedRow, TeamScore
from sim.engine import Simulation
from sim.engine.notice import ReplayNotice
from sim.engine.version import MODEL_VERSION
from sim.i18n import LANGUAGES
from sim.workshop.errors import WorkshopError
from sim.workshop.scores import CachedScore, TeamGame, cached_scores, save_scores

if TYPE_CHECKING:
    from sim.workshop import Store


def _scoring_fingerprint() -> str:
    """A hash of the scoring rules' source and the model version: change a rule (or the model,
    which changes what a replay gives) and every cached score is stale."""
    from sim.analysis import (  # noqa: PLC0415
        assessment,
        competencies,
        contact_context,
        session_facts,
    )

    digest = hashlib.sha256(f"model {MODEL_VERSION}\n".encode())
    for module in (assessment, competencies, contact_context, session_facts):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


SCORING_VERSION = _scoring_fingerprint()
CACHE_ENV = "SANDTABLE_GAPS_CACHE"
NOTICE_KEY = "replay_notice"  # where an entry keeps the notice of the replay it came from

Scorer = Callable[[], list[CachedScore]]  # scores a game afresh (the replay happens inside)


# --- entries -----------------------------------------------------------------------------
def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe figures (numbers and text stay; anything else becomes text)."""
    return {
        k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
        for k, v in detail.items()
    }


def _notice_dict(notice: ReplayNotice | None) -> dict[str, Any] | None:
    return None if notice is None else notice.to_dict()


def entry(
    score: Score,
    rows: dict[str, dict[str, Any]],
    details: dict[str, dict[str, Any]],
    notice: ReplayNotice | None,
) -> CachedScore:
    """One fresh score as the cache keeps it: ``rows`` maps each cited row number (as text) to
    its week and its words per language, ``details`` each language to the explanation's
    figures, ``notice`` the replay notice of the game scored."""
    return CachedScore(
        role=score.role,
        competency=score.competency,
        value=score.value,
        level=score.level,
        evidence={
            "version": SCORING_VERSION,
            "for": score.rows(True),
            "against": score.rows(False),
            "context": score.rows(None),
            "rows": rows,
            NOTICE_KEY: _notice_dict(notice),
        },
        detail={lang: _plain(detail) for lang, detail in details.items()},
        variant=score.variant,
    )


def scores_of(cached: Sequence[CachedScore]) -> tuple[TeamScore, ...] | None:
    """Entries as scores; None when they were written by another scoring version."""
    scores = []
    for c in cached:
        if c.evidence.get("version") != SCORING_VERSION:
            return None
        rows = c.evidence.get("rows", {})
        verdicts: list[tuple[int, bool | None]] = [(r, True) for r in c.evidence.get("for", [])]
        verdicts += [(r, False) for r in c.evidence.get("against", [])]
        verdicts += [(r, None) for r in c.evidence.get("context", [])]
        cited = []
        for row, good in sorted(verdicts, key=lambda v: v[0]):
            found = rows.get(str(row), {})
            text = {lang: str(found[lang]) for lang in LANGUAGES if lang in found}
            cited.append(CitedRow(int(row), int(found.get("week", 0)), good, text))
        scores.append(
            TeamScore(
                c.role, c.competency, c.value, c.level, c.variant, tuple(cited), dict(c.detail)
            )
        )
    return tuple(scores)


def notice_of(data: object) -> ReplayNotice | None:
    """A notice kept in an entry (None: there was none, or it cannot be read)."""
    if not isinstance(data, dict):
        return None
    try:
        return ReplayNotice.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def _notice_in(cached: Sequence[CachedScore]) -> ReplayNotice | None:
    return notice_of(cached[0].evidence.get(NOTICE_KEY)) if cached else None


# --- workshop teams: the store's assessments table ---------------------------------------
def team_scores(
    store: Store, game: TeamGame, use_cache: bool, score: Scorer
) -> tuple[tuple[TeamScore, ...], bool, ReplayNotice | None]:
    """A finished team's scores, whether they came from the cache, and the replay notice.

    A miss calls ``score`` and keeps what it gives (unless ``use_cache`` is False: then the
    store is neither read nor written)."""
    sha = game.event_log_sha256
    assert sha is not None
    cached = cached_scores(store, game.team.id, sha) if use_cache else None
    scores = scores_of(cached) if cached is not None else None
    if cached is not None and scores is not None:
        return scores, True, _notice_in(cached)
    fresh = score()
    if use_cache:  # best effort: a read-only or busy store is only slower next time
        with contextlib.suppress(WorkshopError, sqlite3.Error):
            save_scores(store, game.team.id, sha, fresh)
    scores = scores_of(fresh)
    assert scores is not None
    return scores, False, _notice_in(fresh)


# --- session files: one JSON file per session content --------------------------------------
def default_cache_dir() -> Path:
    """``$SANDTABLE_GAPS_CACHE``, else the user's cache folder (``~/.cache/sandtable/gaps``)."""
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sandtable" / "gaps"


def session_cache_file(cache_dir: Path | None, content: bytes) -> Path | None:
    """Where the entry of a session file with these bytes is kept (None: no cache)."""
    if cache_dir is None:
        return None
    return cache_dir / f"{hashlib.sha256(content).hexdigest()}.json"


def read_session_entry(file: Path | None) -> dict[str, Any] | None:
    """The session entry kept in ``file``; None when there is none, it cannot be read, or it
    was written by another scoring version."""
    if file is None:
        return None
    try:
        data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("version") == SCORING_VERSION else None


def write_session_entry(file: Path | None, data: dict[str, Any]) -> None:
    """Best effort: a read-only or full cache folder only costs speed next time."""
    if file is None:
        return
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        temp = file.with_suffix(".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, file)


def _entry_dict(score: CachedScore) -> dict[str, Any]:
    return {
        "role": score.role,
        "competency": score.competency,
        "value": score.value,
        "level": score.level,
        "evidence": score.evidence,
        "detail": score.detail,
        "variant": score.variant,
    }


def session_entry(game: Simulation, fresh: Sequence[CachedScore]) -> dict[str, Any]:
    """What a session file's entry holds: the game's log hash, outcome, scenario title per
    language, its fresh scores and its replay notice."""
    title = game.scenario.title
    return {
        "version": SCORING_VERSION,
        "event_log_sha256": game.log.sha256(),
        "outcome": game.result(with_hash=False).outcome,
        "scenario": {lang: title.get(lang) for lang in LANGUAGES},
        "scores": [_entry_dict(s) for s in fresh],
        NOTICE_KEY: _notice_dict(game.replay_notice),
    }


def session_scores(data: dict[str, Any]) -> tuple[TeamScore, ...] | None:
    """A session entry's scores (None: written by another scoring version)."""
    return scores_of([CachedScore(**s) for s in data["scores"]])


def session_notice(data: dict[str, Any]) -> ReplayNotice | None:
    """The replay notice a session entry keeps."""
    return notice_of(data.get(NOTICE_KEY))
