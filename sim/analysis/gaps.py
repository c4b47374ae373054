"""The manager's team-gaps view: competency scores across workshops and solo sessions.

Managers decide where to coach from many games, not one: every finished team of every workshop
in one or more stores, and every finished session file in one or more folders, is assessed
with the debrief's own rules (:func:`sim.analysis.competencies.assess`) and gathered into one
tidy table — one row per team × role × competency the assessment produced (value NaN when the
game gave no chance to observe it). The heatmap, distributions, trend, priorities and exports
(:mod:`sim.analysis.gaps_figures`, :mod:`sim.analysis.gaps_export`) all read that table.

**Cache.** Scoring needs a replay; its result depends only on the event log. Workshop teams
are cached in their store's ``assessments`` table under the log's SHA-256
(:mod:`sim.workshop.scores`); session files in a cache folder (``$SANDTABLE_GAPS_CACHE``, else
``~/.cache/sandtable/gaps``), one JSON file per session file content hash. A cached entry
holds the values, levels, the cited rows (numbers, weeks, and their description in English and
Chinese) and the explanation's figures in both languages, so a cache hit never replays a game
and a language switch never rescores. A changed log (another hash) or another
:data:`SCORING_VERSION` (a hash of the scoring rules' source files) is a miss, recomputed and
overwritten.

**Coaching priorities (the ranking rule).** For each role × competency with at least one
observed score (unfinished games are left out unless asked for):

- *shortfall* of a team's score v = max(0, 0.75 − v) / 0.75 — how far below "strong" it is,
  0 when strong, 1 at zero;
- *need* = the sum of the shortfalls / the number of teams in the view (observed or not) —
  how often the competency falls short of strong across the teams × how far on average; a
  competency weak in one team of fourteen weighs a fourteenth of one weak in all (a score the
  game could not observe is not a shortfall);
- *loss link* = mean score of the teams that won − mean score of those that lost or got no
  decision, floored at 0; counted only when each group has at least :data:`MIN_GROUP` observed
  teams, otherwise 0 (a few teams cannot show an association);
- **priority = need × (1 + loss link)** — a competency where the losing teams scored lower
  than the winners weighs up to twice as much as an equally weak one that did not separate
  them. Ties go to the competency with more teams observed. Only competencies with need > 0
  are listed. The evidence for each is every team below strong, worst first, with its score,
  the explanation, and the rows counting against it, in words.

The link is an association across the teams shown, not a cause: the scenario, the seed and
the rest of the play differ between teams.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from sim.analysis.assessment import DEVELOPING, ROLES, STRONG, Score
from sim.analysis.competencies import assess
from sim.analysis.facts import SessionFacts
from sim.analysis.rows import what, who, whom
from sim.engine import Simulation
from sim.engine.notice import ReplayNotice
from sim.engine.session import SessionError, load_session
from sim.engine.version import MODEL_VERSION
from sim.i18n import LANGUAGES, normalise, translate
from sim.i18n.replay import notice_text
from sim.workshop.errors import WorkshopError
from sim.workshop.scores import CachedScore, TeamGame, all_team_games, cached_scores, save_scores
from sim.workshop.store import STORE_FILE, Store


def _scoring_fingerprint() -> str:
    """A hash of the scoring rules' source and the model version: change a rule (or the model,
    which changes what a replay gives) and every cached score is stale."""
    from sim.analysis import assessment, competencies, context, facts  # noqa: PLC0415

    digest = hashlib.sha256(f"model {MODEL_VERSION}\n".encode())
    for module in (assessment, competencies, context, facts):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:16]


SCORING_VERSION = _scoring_fingerprint()
CACHE_ENV = "SANDTABLE_GAPS_CACHE"
MIN_GROUP = 2  # observed teams needed in both the won and the not-won group for a loss link
COMPETENCIES = (
    "influence_met",
    "economic_buyer_access",
    "angle_fit",
    "discovery_first",
    "pm_early",
    "pm_briefed",
    "peer_meetings",
    "handoffs",
    "alignment",
    "consistent_messages",
    "pricing",
)
COLUMNS = (
    "source",
    "kind",
    "workshop",
    "date",
    "scenario",
    "team",
    "role",
    "competency",
    "value",
    "level",
    "outcome",
    "evidence",
    "explanation",
    "record",
)


def gt(key: str, lang: str, **params: Any) -> str:
    """The ``gaps.<key>`` message in ``lang``."""
    return translate(f"gaps.{key}", lang, **params)


class NoScoresError(ValueError):
    """No scores to draw or export (empty store, no sessions, or a filter that keeps none)."""

    def __init__(self) -> None:
        super().__init__(gt("empty", "en"))

    def message(self, lang: str) -> str:
        return gt("empty", lang)


# --- records ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CitedRow:
    """One event-log row a score cites: its number, week, verdict and words per language."""

    row: int
    week: int
    good: bool | None  # True counts for, False against, None context
    text: dict[str, str]

    def words(self, lang: str) -> str:
        return self.text.get(normalise(lang)) or self.text.get("en", f"#{self.row}")


@dataclass(frozen=True)
class TeamScore:
    """A team's score on one competency, with the rows behind it (from the cache or fresh)."""

    role: str
    competency: str
    value: float | None
    level: str
    variant: str
    cited: tuple[CitedRow, ...]
    detail: dict[str, dict[str, Any]]  # language → the figures its explanation quotes

    def _score(self, lang: str) -> Score:
        lang = normalise(lang)
        detail = self.detail.get(lang) or self.detail.get("en", {})
        return Score(self.role, self.competency, self.value, (), detail, self.variant)

    def explanation(self, lang: str) -> str:
        return self._score(lang).explanation(normalise(lang))

    def coaching(self, lang: str) -> str:
        return self._score(lang).coaching(normalise(lang))

    def against(self) -> list[CitedRow]:
        return [c for c in self.cited if c.good is False]

    def behind(self) -> list[CitedRow]:
        """The rows that explain a weak score: those against it, else the context rows (a
        score of 0 for something that never happened cites only when it should have)."""
        return self.against() or [c for c in self.cited if c.good is None]


@dataclass(frozen=True)
class TeamRecord:
    """One assessed game: a workshop team or a solo session."""

    source: str  # the store file or the session file
    kind: str  # "workshop" | "session"
    workshop: str  # workshop name; "" for a solo session without one
    date: date
    scenario: dict[str, str]  # language → scenario title
    team: str
    outcome: str | None  # won | lost | no_decision; None while unfinished
    event_log_sha256: str
    scores: tuple[TeamScore, ...]
    cached: bool  # read from the cache (no replay)

    def score(self, role: str, competency: str) -> TeamScore | None:
        return next((s for s in self.scores if s.role == role and s.competency == competency), None)


@dataclass(frozen=True)
class Note:
    """Something the view left out, could not read, or read with a caveat (a game whose replay
    may differ from the one played: ``notice``), said in the manager's language."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    notice: ReplayNotice | None = None

    def message(self, lang: str) -> str:
        words = {"text": notice_text(self.notice, lang)} if self.notice is not None else {}
        return gt(f"note.{self.key}", lang, **self.params, **words)


def replay_note(source: str, team: str, notice: ReplayNotice) -> Note:
    """The note for a game that is included although its replay may differ (once per game)."""
    return Note("replay_notice", {"source": source, "team": team}, notice)


NOTICE_KEY = "replay_notice"  # where a cached score keeps the notice of the replay it came from


def _notice_of(data: object) -> ReplayNotice | None:
    """A notice kept in a cache (None: there was none, or it cannot be read)."""
    if not isinstance(data, dict):
        return None
    try:
        return ReplayNotice.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def _cached_notice(cached: Sequence[CachedScore]) -> ReplayNotice | None:
    return _notice_of(cached[0].evidence.get(NOTICE_KEY)) if cached else None


@dataclass(frozen=True)
class Gaps:
    """Every assessed game from the sources asked for, and notes on what was left out."""

    records: tuple[TeamRecord, ...]
    notes: tuple[Note, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.records

    def frame(self, lang: str = "en") -> pd.DataFrame:
        """The tidy table: one row per team × role × competency (ids in ``role``,
        ``competency``, ``level``, ``outcome``; words in ``evidence`` and ``explanation``;
        ``record`` indexes :attr:`records`)."""
        lang = normalise(lang)
        rows: list[dict[str, Any]] = []
        for index, record in enumerate(self.records):
            for score in record.scores:
                rows.append(
                    {
                        "source": record.source,
                        "kind": record.kind,
                        "workshop": record.workshop or gt("solo", lang),
                        "date": pd.Timestamp(record.date),
                        "scenario": record.scenario.get(lang) or record.scenario.get("en", ""),
                        "team": record.team,
                        "role": score.role,
                        "competency": score.competency,
                        "value": float("nan") if score.value is None else score.value,
                        "level": score.level,
                        "outcome": record.outcome or "None",
                        "evidence": evidence_summary(score, lang),
                        "explanation": score.explanation(lang),
                        "record": index,
                    }
                )
        frame = pd.DataFrame(rows, columns=list(COLUMNS))
        frame["value"] = frame["value"].astype(float)
        frame["date"] = pd.to_datetime(frame["date"])
        frame["record"] = frame["record"].astype(int)
        return frame


def people_played(scores: tuple[TeamScore, ...], roles: Iterable[str]) -> tuple[TeamScore, ...]:
    """The scores of the roles people played: a role the expert policy planned for the table
    is not the people's gap (team-wide scores stay). No roles recorded: every score."""
    played = {r for r in roles if r}
    if not played:
        return scores
    return tuple(s for s in scores if s.role == "team" or s.role not in ROLES or s.role in played)


def evidence_summary(score: TeamScore, lang: str, limit: int = 3) -> str:
    """ "2 against, 5 for: week 9 PM request missed; …" — the first rows against, in words."""
    against = score.against()
    favour = [c for c in score.cited if c.good is True]
    head = gt("evidence_counts", lang, against=len(against), favour=len(favour))
    if not against:
        return head
    shown = "; ".join(
        gt("week_row", lang, week=c.week, text=c.words(lang)) for c in against[:limit]
    )
    more = gt("and_more", lang, count=len(against) - limit) if len(against) > limit else ""
    return f"{head}: {shown}{more}"


# --- scoring (fresh) -------------------------------------------------------------------------
def _row_words(facts: SessionFacts, row: int) -> str:
    lang = facts.lang
    text, actor, target = what(facts, row), who(facts, row), whom(facts, row)
    if actor and target:
        return gt("row_who_whom", lang, what=text, who=actor, whom=target)
    if actor or target:
        return gt("row_who", lang, what=text, who=actor or target)
    return text


def score_game(game: Simulation) -> list[CachedScore]:
    """Assess one game and describe every cited row in every language (what the cache keeps).

    The values and rows do not depend on the language (the same log, the same rules); only the
    words do, so the English assessment gives the scores and each language adds its words."""
    facts = {lang: SessionFacts(game, lang) for lang in LANGUAGES}
    assessed = {lang: assess(f) for lang, f in facts.items()}
    base = assessed["en"]
    out: list[CachedScore] = []
    for k, score in enumerate(base.scores):
        rows: dict[str, dict[str, Any]] = {}
        for evidence in score.evidence:
            record = facts["en"].records[evidence.row]
            entry: dict[str, Any] = {"week": int(record.round)}
            entry |= {lang: _row_words(f, evidence.row) for lang, f in facts.items()}
            rows[str(evidence.row)] = entry
        out.append(
            CachedScore(
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
                    NOTICE_KEY: None
                    if game.replay_notice is None
                    else game.replay_notice.to_dict(),
                },
                detail={lang: _plain(a.scores[k].detail) for lang, a in assessed.items()},
                variant=score.variant,
            )
        )
    return out


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe figures (numbers and text stay; anything else becomes text)."""
    return {
        k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
        for k, v in detail.items()
    }


def _from_cache(cached: Sequence[CachedScore]) -> tuple[TeamScore, ...] | None:
    """Cache rows as scores; None when they were written by another scoring version."""
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
            entry = rows.get(str(row), {})
            text = {lang: str(entry[lang]) for lang in LANGUAGES if lang in entry}
            cited.append(CitedRow(int(row), int(entry.get("week", 0)), good, text))
        scores.append(
            TeamScore(
                c.role, c.competency, c.value, c.level, c.variant, tuple(cited), dict(c.detail)
            )
        )
    return tuple(scores)


# --- workshops -------------------------------------------------------------------------------
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
            sha = game.event_log_sha256
            scores: tuple[TeamScore, ...] | None = None
            cached = cached_scores(store, game.team.id, sha) if use_cache else None
            if cached is not None:
                scores = _from_cache(cached)
            hit = scores is not None
            notice = _cached_notice(cached) if cached is not None and hit else None
            if scores is None:
                fresh = score_game(game.simulation())
                if use_cache:  # best effort: a read-only or busy store is only slower next time
                    with contextlib.suppress(WorkshopError, sqlite3.Error):
                        save_scores(store, game.team.id, sha, fresh)
                scores = _from_cache(fresh)
                notice = _cached_notice(fresh)
                assert scores is not None
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
                    event_log_sha256=sha,
                    scores=people_played(scores, game.team.roles),
                    cached=hit,
                )
            )
        if skipped:
            notes.append(Note("unfinished", {"count": skipped, "source": path.name}))
    finally:
        store.close()
    return records, notes


# --- sessions --------------------------------------------------------------------------------
def default_cache_dir() -> Path:
    """``$SANDTABLE_GAPS_CACHE``, else the user's cache folder (``~/.cache/sandtable/gaps``)."""
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sandtable" / "gaps"


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


def _read_cache(file: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("version") == SCORING_VERSION else None


def _write_cache(file: Path, data: dict[str, Any]) -> None:
    """Best effort: a read-only or full cache folder only costs speed next time."""
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        temp = file.with_suffix(".tmp")
        temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, file)


def _cached_dict(score: CachedScore) -> dict[str, Any]:
    return {
        "role": score.role,
        "competency": score.competency,
        "value": score.value,
        "level": score.level,
        "evidence": score.evidence,
        "detail": score.detail,
        "variant": score.variant,
    }


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
    key = hashlib.sha256(content).hexdigest()
    file = cache_dir / f"{key}.json" if cache_dir is not None else None
    data = _read_cache(file) if file is not None else None
    hit = data is not None
    if data is None:
        try:
            game = load_session(path)
        except SessionError as exc:
            return None, Note("bad_session", {"path": path.name, "problem": str(exc)})
        title = game.scenario.title
        data = {
            "version": SCORING_VERSION,
            "event_log_sha256": game.log.sha256(),
            "outcome": game.result(with_hash=False).outcome,
            "scenario": {lang: title.get(lang) for lang in LANGUAGES},
            "scores": [_cached_dict(s) for s in score_game(game)],
            NOTICE_KEY: None if game.replay_notice is None else game.replay_notice.to_dict(),
        }
        if file is not None:
            _write_cache(file, data)
    scores = _from_cache([CachedScore(**s) for s in data["scores"]])
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
    notice = _notice_of(data.get(NOTICE_KEY))
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


# --- gathering -------------------------------------------------------------------------------
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


# --- filtering and tables --------------------------------------------------------------------
def select(
    frame: pd.DataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    workshops: Sequence[str] | None = None,
    roles: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The rows dated from ``start`` to ``end`` (inclusive), of the workshops and roles named
    (None or empty: all)."""
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= frame["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= frame["date"] <= pd.Timestamp(end)
    if workshops:
        keep &= frame["workshop"].isin(list(workshops))
    if roles:
        keep &= frame["role"].isin(list(roles))
    return frame[keep]


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    present = set(values)
    return [v for v in order if v in present] + sorted(present - set(order))


def heatmap_table(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean score and number of observed teams per role (rows) × competency (columns); NaN
    where no team was observed."""
    roles = _ordered(frame["role"], ROLES)
    competencies = _ordered(frame["competency"], COMPETENCIES)
    grouped = frame.groupby(["role", "competency"])["value"]
    means = grouped.mean().unstack().reindex(index=roles, columns=competencies)
    counts = grouped.count().unstack().reindex(index=roles, columns=competencies)
    return means.astype(float), counts.fillna(0).astype(int)


def role_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Each team's headline per role: the mean of its observed competencies (as the debrief)."""
    observed = frame.dropna(subset=["value"])
    means = observed.groupby(["record", "date", "workshop", "team", "role"])["value"].mean()
    heads: pd.DataFrame = means.reset_index().sort_values(["date", "record"])
    return heads


def trend_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per date (of the workshop or session) × role: the mean of the teams' role headlines."""
    heads = role_scores(frame)
    if heads.empty:
        return pd.DataFrame()
    table = heads.groupby(["date", "role"])["value"].mean().unstack()
    return table.reindex(columns=_ordered(table.columns, ROLES))


def per_team_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per team (workshop, date, team, outcome), one column per role · competency."""
    if frame.empty:
        return pd.DataFrame()
    keys = ["record", "workshop", "date", "team", "outcome", "role", "competency"]
    table = frame.groupby(keys)["value"].mean().unstack(["role", "competency"])
    pairs = [
        (r, c)
        for r in _ordered(frame["role"], ROLES)
        for c in _ordered(frame["competency"], COMPETENCIES)
        if (r, c) in table.columns
    ]
    table = table.reindex(columns=pairs).dropna(axis=1, how="all")
    return table.reset_index(level="record", drop=True)


# --- priorities ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TeamEvidence:
    """One team behind a priority: its score and the rows that count against it."""

    record: int
    team: str
    workshop: str
    date: date
    outcome: str | None
    value: float
    level: str
    score: TeamScore


@dataclass(frozen=True)
class Priority:
    role: str
    competency: str
    observed: int  # teams with a score
    gaps: int  # teams at level "gap"
    below_strong: int
    mean: float
    need: float  # sum of shortfalls to strong / teams in the view, 0..1
    loss_link: float  # won mean − not-won mean, floored at 0 (0 when too few teams)
    linked: bool  # both groups had enough teams for the link to be counted
    priority: float
    teams: tuple[TeamEvidence, ...]  # below strong, worst first


def shortfall(value: float) -> float:
    """How far below "strong" a score is, as a share of the way from 0 to strong."""
    return max(0.0, STRONG - value) / STRONG


def priorities(gaps: Gaps, frame: pd.DataFrame, top: int | None = 5) -> list[Priority]:
    """The competencies to coach first, by the rule in this module's docstring."""
    observed = frame.dropna(subset=["value"])
    teams_in_view = max(frame["record"].nunique(), 1)
    found: list[Priority] = []
    for (role, competency), group in observed.groupby(["role", "competency"], sort=False):
        values = group["value"].astype(float)
        need = float(values.map(shortfall).sum()) / teams_in_view
        if need <= 0:
            continue
        won = values[group["outcome"] == "won"]
        other = values[group["outcome"].isin(["lost", "no_decision"])]
        link = 0.0
        linked = len(won) >= MIN_GROUP and len(other) >= MIN_GROUP
        if linked:
            link = max(0.0, float(won.mean() - other.mean()))
        teams = []
        for _, line in group[group["value"] < STRONG].sort_values("value").iterrows():
            record = gaps.records[int(line["record"])]
            score = record.score(str(role), str(competency))
            assert score is not None
            teams.append(
                TeamEvidence(
                    record=int(line["record"]),
                    team=record.team,
                    workshop=str(line["workshop"]),
                    date=record.date,
                    outcome=record.outcome,
                    value=float(line["value"]),
                    level=str(line["level"]),
                    score=score,
                )
            )
        found.append(
            Priority(
                role=str(role),
                competency=str(competency),
                observed=len(values),
                gaps=int((values < DEVELOPING).sum()),
                below_strong=len(teams),
                mean=float(values.mean()),
                need=need,
                loss_link=link,
                linked=linked,
                priority=need * (1.0 + link),
                teams=tuple(teams),
            )
        )
    found.sort(key=lambda p: (-p.priority, -p.observed, p.role, p.competency))
    return found if top is None else found[:top]


__all__ = [
    "COLUMNS",
    "CitedRow",
    "Gaps",
    "NoScoresError",
    "Note",
    "Priority",
    "TeamEvidence",
    "TeamRecord",
    "TeamScore",
    "collect",
    "heatmap_table",
    "people_played",
    "per_team_table",
    "priorities",
    "replay_note",
    "role_scores",
    "score_game",
    "select",
    "trend_table",
]
