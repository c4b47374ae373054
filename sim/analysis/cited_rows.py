"""Event-log rows in words: the citations every score, moment and table shows.

May import: the session facts, ``sim.analysis.html`` and ``sim.analysis.text``; nothing that
replays, scores or draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.analysis.html import Markup, para, table
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, percent, tr

CITED_LIMIT = 30


def what(facts: SessionFacts, row: int) -> str:
    """One line saying what the row records."""
    record = facts.records[row]
    lang = facts.lang
    kind = label("kind", record.kind, lang)
    if record.kind == "activity":
        text = label("activity", record.activity, lang)
        action = facts.action_at(row)
        if action is not None and action.angle:
            text += " · " + tr("angle_is", lang, angle=label("angle", action.angle, lang))
        if action is not None and len(action.members) > 1:
            text += " · " + tr(
                "with_members",
                lang,
                members=", ".join(facts.names.who(m) for m in action.members[1:]),
            )
        return text
    if record.kind in ("angle_fit", "angle_misfit"):
        return f"{kind}: {label('activity', record.activity, lang)}, " + tr(
            "angle_is", lang, angle=label("angle", record.note, lang)
        )
    if record.kind in ("competitor_move", "competitor_seen"):
        return f"{kind}: {label('move', record.activity, lang)}"
    if record.kind in ("phase", "stage"):
        return f"{kind}: {label(record.kind, record.note, lang)}"
    if record.kind == "briefing":
        return f"{kind}: " + tr("context_now", lang, context=percent(record.value))
    if record.kind == "pm_cold":
        return f"{kind}: {label('activity', record.activity, lang)}"
    if record.kind == "message_conflict":
        return f"{kind}: {label('activity', record.activity, lang)}"
    if record.kind == "bid":
        return f"{kind}: {record.value:,.0f}"
    if record.kind == "outcome":
        return f"{kind}: {label('outcome', record.note.split(':')[0], lang)}"
    if record.kind == "pm_requested":
        return f"{kind}: " + tr("by_week", lang, week=int(record.value))
    return kind


def who(facts: SessionFacts, row: int) -> str:
    record = facts.records[row]
    return facts.names.who(record.actor)


def whom(facts: SessionFacts, row: int) -> str:
    record = facts.records[row]
    if record.kind in ("phase", "stage", "criterion_met", "timeline"):
        return label("criterion", record.target, facts.lang) if record.target else ""
    return facts.names.who(record.target)


def rows_table(
    facts: SessionFacts,
    rows: Sequence[int],
    verdicts: Sequence[bool | None] | None = None,
    limit: int = CITED_LIMIT,
) -> Markup:
    """Cited rows as a table; each line carries ``data-row`` (its number in the event log)."""
    lang = facts.lang
    shown = list(rows)[:limit]
    marks = list(verdicts)[:limit] if verdicts is not None else [None] * len(shown)
    cells = []
    attrs = []
    for row, verdict in zip(shown, marks, strict=True):
        sign = {True: "+", False: "−", None: "·"}[verdict]
        cells.append(
            [
                f"#{row}",
                sign,
                str(facts.records[row].round),
                what(facts, row),
                who(facts, row),
                whom(facts, row),
            ]
        )
        css = {True: "for", False: "against", None: "context"}[verdict]
        attrs.append({"data_row": str(row), "class_": css})
    header = [
        tr("col.row", lang),
        "",
        tr("col.week", lang),
        tr("col.what", lang),
        tr("col.who", lang),
        tr("col.whom", lang),
    ]
    result = table(header, cells, cls="rows", row_attrs=attrs)
    if len(rows) > limit:
        result = Markup(result + para(tr("more_rows", lang, count=len(rows) - limit), cls="note"))
    return result
