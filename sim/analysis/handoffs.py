"""Who told whom what, and when: the hand-offs of a game in words, for the debrief.

A hand-off is a briefing or a team strategy session (``Simulation.handoffs``): who led it, who
received it, the players' note, the facts that reached someone new and the PM requests open at
the time. Here each becomes one row in the reader's language. Imports: engine, model, i18n.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sim.analysis.text import Names, label, tr
from sim.engine import Simulation
from sim.model.knowledge import Handoff
from sim.safe_text import visible

FACTS_SHOWN = 4  # facts named in a row before "and N more"


@dataclass(frozen=True)
class HandoffRow:
    week: int
    activity: str  # words
    source: str  # the member who led it
    recipients: str
    told: str  # the facts that reached someone new, in words
    requests: str  # open PM requests mentioned
    note: str  # the players' own words, as written (control characters escaped)


def handoff_rows(game: Simulation, lang: str) -> list[HandoffRow]:
    names = Names.of(game.scenario, lang)
    return [_row(h, names) for h in game.handoffs]


def _row(handoff: Handoff, names: Names) -> HandoffRow:
    lang = names.lang
    by_person: dict[str, list[str]] = {}
    for stakeholder, fact in handoff.facts:
        by_person.setdefault(stakeholder, []).append(tr(f"handoff.fact.{fact}", lang))
    parts = [
        tr("handoff.about", lang, person=names.who(s), facts=tr("list_separator", lang).join(f))
        for s, f in by_person.items()
    ]
    told = tr("list_separator", lang).join(parts[:FACTS_SHOWN])
    if len(parts) > FACTS_SHOWN:
        told = tr("handoff.more", lang, shown=told, more=len(parts) - FACTS_SHOWN)
    return HandoffRow(
        week=handoff.week,
        activity=label("activity", handoff.activity, lang),
        source=names.who(handoff.source),
        recipients=tr("list_separator", lang).join(names.who(r) for r in handoff.recipients),
        told=told or tr("handoff.nothing_new", lang),
        requests=tr("list_separator", lang).join(names.who(s) for s in handoff.requests),
        note=visible(handoff.note),
    )


COLUMNS = ("week", "activity", "from", "to", "told", "requests", "note")


def handoff_frame(game: Simulation, lang: str) -> pd.DataFrame:
    """The hand-offs as a table with headers in ``lang`` (empty, with headers, if none)."""
    rows = [
        (r.week, r.activity, r.source, r.recipients, r.told, r.requests, r.note)
        for r in handoff_rows(game, lang)
    ]
    headers = [tr(f"handoff.col.{c}", lang) for c in COLUMNS]
    return pd.DataFrame(rows, columns=headers)
