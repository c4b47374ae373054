"""Words on the trainer's screens: the ``facilitator.`` catalog, times, states and outcomes.

Everything the trainer reads goes through :func:`tr`; team and workshop names are typed by
people and are escaped (:func:`sim.ui.text.esc`) before they reach any HTML widget.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sim.i18n import translate

MINUTE = 60.0
HOUR = 3600.0
DAY = 24 * HOUR


def tr(key: str, lang: str, **params: Any) -> str:
    """The trainer's message ``facilitator.<key>`` in ``lang``."""
    return translate(f"facilitator.{key}", lang, **params)


def parse_time(stamp: str | None) -> datetime | None:
    """A store timestamp (ISO 8601, UTC) as an aware datetime; None if missing or unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def clock_time(moment: datetime) -> str:
    """Hours and minutes in the kernel's time zone (the trainer's, when run locally)."""
    return moment.astimezone().strftime("%H:%M")


def ago(stamp: str | None, now: datetime, lang: str) -> str:
    """How long ago ``stamp`` was ("3 min ago"); older than a day, or in the future (a sample
    workshop's fixed dates), the date and time instead."""
    moment = parse_time(stamp)
    if moment is None:
        return "–"
    seconds = (now - moment).total_seconds()
    if 0 <= seconds < MINUTE:
        return tr("time.just_now", lang)
    if 0 <= seconds < HOUR:
        return tr("time.minutes_ago", lang, minutes=int(seconds // MINUTE))
    if 0 <= seconds < DAY:
        return tr("time.hours_ago", lang, hours=int(seconds // HOUR))
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def due(deadline: str | None, now: datetime, lang: str) -> str:
    """The round's deadline: "due 10:15 (in 4 min)" or "10:15, 3 min overdue"; "" if none."""
    moment = parse_time(deadline)
    if moment is None:
        return ""
    minutes = (moment - now).total_seconds() / MINUTE
    if minutes >= 0:
        return tr("deadline.due", lang, time=clock_time(moment), minutes=int(minutes + 0.999))
    return tr("deadline.overdue", lang, time=clock_time(moment), minutes=int(-minutes))


def state_label(state: str, lang: str) -> str:
    return tr(f"state.{state}", lang)


def outcome_label(outcome: str | None, lang: str) -> str:
    """A team's outcome on the board; "playing" while the game goes on."""
    return tr(f"outcome.{outcome or 'playing'}", lang)
