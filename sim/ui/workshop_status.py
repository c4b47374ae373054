"""What a team sees of its workshop: the state line, why Advance is off, the teams' results.

Everything is read through the team's :class:`~sim.workshop.TeamSeat`, which shows other teams'
results only once the trainer has opened the debrief; this module shows nothing of another team
before that either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sim.i18n import translate
from sim.ui.text import Names, esc, money, percent, tr
from sim.workshop import TeamResult, WorkshopInfo
from sim.workshop.seat import why_closed


@dataclass(frozen=True)
class WorkshopStatus:
    """The workshop as the team's next round meets it."""

    text: str  # one line for the header: waiting, paused, ended, due at …, own pace
    closed: str  # why Advance is off ("" when the next round may be played)


def _when(iso: str) -> datetime | None:
    """A timestamp from the store (UTC when it names no zone); None if it is not one."""
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def local_time(iso: str, now: datetime | None = None) -> str:
    """A UTC timestamp from the store in this computer's local time: ``14:30`` today, else
    ``2026-11-17 14:30``."""
    when = _when(iso)
    if when is None:
        return iso
    local = when.astimezone()
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def _past(iso: str, now: datetime) -> bool:
    when = _when(iso)
    return when is not None and when < now


def workshop_status(
    info: WorkshopInfo, next_round: int, lang: str, now: datetime | None = None
) -> WorkshopStatus:
    """The state line and, if the next round (0-based) may not be played now, why."""
    now = now or datetime.now(timezone.utc)
    week = next_round  # round i is week i, counted from 0 as the round screen shows weeks
    if info.state == "ended":
        return WorkshopStatus(tr("workshop.ended", lang), tr("workshop.ended_help", lang))
    if info.state == "paused":
        return WorkshopStatus(tr("workshop.paused", lang), tr("workshop.paused_help", lang))
    if why_closed(info, next_round) is not None:
        return WorkshopStatus(
            tr("workshop.waiting", lang, week=week), tr("workshop.waiting_help", lang, week=week)
        )
    if info.released_round is None:
        return WorkshopStatus(tr("workshop.own_pace", lang), "")
    if info.deadline:
        key = "workshop.overdue" if _past(info.deadline, now) else "workshop.due"
        time = local_time(info.deadline, now)
        return WorkshopStatus(tr(key, lang, week=info.released_week, time=time), "")
    return WorkshopStatus(tr("workshop.released", lang, week=info.released_week), "")


def outcome_words(result: TeamResult, names: Names) -> str:
    lang = names.lang
    words = translate(f"outcome.{result.outcome}", lang)
    if result.outcome == "lost" and result.winner:
        return tr("workshop.lost_to", lang, outcome=words, winner=names.vendor(result.winner))
    return words


def results_html(
    results: dict[str, TeamResult], teams: list[str], own: str, names: Names, currency: str
) -> str:
    """Every team's result (the comparative debrief): one row per team, ours marked."""
    lang = names.lang
    columns: tuple[str, ...] = ("team", "outcome", "weeks", "contract_value", "margin")
    columns += ("forecast_brier", "satisfaction")
    head = "".join(f"<th>{esc(tr(f'workshop.col.{c}', lang))}</th>" for c in columns)
    rows = []
    for team in [*teams, *sorted(set(results) - set(teams))]:
        mark = f" {tr('workshop.you', lang)}" if team == own else ""
        css = ' class="st-own-team"' if team == own else ""
        result = results.get(team)
        if result is None:
            cells = [esc(team + mark), esc(tr("workshop.unfinished", lang))] + [""] * 5
        else:
            brier = "—" if result.forecast_brier is None else f"{result.forecast_brier:.3f}"
            cells = [
                esc(team + mark),
                esc(outcome_words(result, names)),
                str(result.weeks),
                esc(money(result.contract_value, currency)),
                esc(money(result.margin, currency)),
                brier,
                percent(result.satisfaction),
            ]
        rows.append(f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        f'<table class="st-table st-results"><tr>{head}</tr>{"".join(rows)}</table>'
        f"<p><small>{esc(tr('workshop.compare_help', lang))}</small></p>"
    )
