"""People, not only teams: the per-person and per-role record as a table, in words.

Reads the workshop's read API (:func:`sim.workshop.people.seat_records`): one row per seat (a
person in a role) — decisions made, briefings and strategy sessions given (with how many
carried a note) and received, weeks marked ready before the week was committed, the longest
run of weeks without a decision, and the free-rider flag (that run reached
:data:`~sim.workshop.people.FREE_RIDER_WEEKS`). A team that played on one screen has a row per
role played by the table; a role nobody played, a row played by the policy (never flagged).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

import pandas as pd

from sim.analysis.text import label
from sim.i18n import translate
from sim.workshop import SeatRecord, Store, StoreError
from sim.workshop.people import FREE_RIDER_WEEKS, store_records

COLUMNS: tuple[str, ...] = (
    "workshop",
    "team",
    "role",
    "person",
    "played_by",
    "weeks",
    "decisions",
    "briefings_given",
    "notes_given",
    "briefings_received",
    "ready_on_time",
    "idle_run",
    "free_rider",
)


def st(key: str, lang: str, **params: object) -> str:
    """The ``seats.<key>`` message in ``lang``."""
    return translate(f"seats.{key}", lang, **params)


def collect_people(stores: Iterable[str | Path]) -> list[SeatRecord]:
    """Every seat of every workshop in these stores (a store that cannot be read is skipped:
    the gaps view says which, from its own loading)."""
    found: list[SeatRecord] = []
    for path in stores:
        try:
            with Store(path, create=False) as store:
                found.extend(store_records(store))
        except StoreError:
            continue
    return found


def people_table(records: Sequence[SeatRecord], lang: str) -> pd.DataFrame:
    """One row per seat, columns and values in words (``lang``)."""
    rows = [
        {
            "workshop": r.workshop,
            "team": r.team,
            "role": label("role", r.role, lang),
            "person": r.person or "–",
            "played_by": st(f"played_by.{r.played_by}", lang),
            "weeks": r.weeks,
            "decisions": r.decisions,
            "briefings_given": r.briefings_given,
            "notes_given": r.notes_given,
            "briefings_received": r.briefings_received,
            "ready_on_time": r.ready_on_time if r.played_by == "seat" else None,
            "idle_run": r.idle_run,
            "free_rider": st("free_rider", lang) if r.free_rider else "",
        }
        for r in records
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={c: st(f"col.{c}", lang) for c in COLUMNS})


def people_html(records: Sequence[SeatRecord], lang: str) -> str:
    """The table as HTML (every value escaped), free riders' rows marked, with its legend."""
    frame = people_table(records, lang)
    if frame.empty:
        return f'<p class="st-people-empty">{escape(st("none", lang))}</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record, values in zip(records, frame.itertuples(index=False), strict=True):
        css = ' class="st-free-rider"' if record.free_rider else ""
        cells = "".join(f"<td>{escape('–' if pd.isna(v) else str(v))}</td>" for v in values)
        rows.append(f"<tr{css}>{cells}</tr>")
    legend = escape(st("legend", lang, weeks=FREE_RIDER_WEEKS))
    return (
        f'<table class="st-table st-people"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="st-people-legend"><small>{legend}</small></p>'
    )
