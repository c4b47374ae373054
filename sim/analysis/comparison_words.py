"""Words for the comparative debrief: the ``comparison.`` catalog and key moments in words.

A key moment is a week in which the engine's estimate of a team's chance moved most. The
trainer needs to say *why* in one breath, so the week's log rows are summed up in four short
lists: what we did (activity and who led it), what it caused (an angle that fitted or missed,
a cold PM, a message conflict ...), what competitors did, and what the customer did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sim.analysis.moments import EFFECT_KINDS, Moment
from sim.analysis.session_facts import CUSTOMER_KINDS, SessionFacts
from sim.analysis.text import label
from sim.i18n import translate


def tr(key: str, lang: str, **params: Any) -> str:
    """The ``comparison.<key>`` message in ``lang``."""
    return translate(f"comparison.{key}", lang, **params)


def outcome_label(outcome: str, lang: str) -> str:
    """An outcome in words; a game that never ended is "unfinished"."""
    if outcome == "unfinished":
        return tr("outcome.unfinished", lang)
    return label("outcome", outcome, lang)


@dataclass(frozen=True)
class MomentWords:
    """What one week's log says, in four short lists (each item already in words)."""

    lang: str
    we: tuple[str, ...]
    effects: tuple[str, ...]
    rivals: tuple[str, ...]
    customer: tuple[str, ...]

    def lines(self) -> list[str]:
        """One line per non-empty list, e.g. "We: Executive meeting (Zhao Ming), ..."."""
        sep = tr("list_separator", self.lang)
        lines = [
            tr("moment.we", self.lang, items=tr("group_separator", self.lang).join(self.we))
            if self.we
            else tr("moment.we_nothing", self.lang)
        ]
        for key, items in (
            ("moment.effects", self.effects),
            ("moment.rivals", self.rivals),
            ("moment.customer", self.customer),
        ):
            if items:
                lines.append(tr(key, self.lang, items=sep.join(items)))
        return lines

    @property
    def text(self) -> str:
        return tr("line_separator", self.lang).join(self.lines())


def _counted(counts: Counter[str], lang: str) -> tuple[str, ...]:
    return tuple(
        text if count == 1 else tr("times", lang, item=text, count=count)
        for text, count in counts.items()
    )


def explain(facts: SessionFacts, moment: Moment) -> MomentWords:
    """The moment's week in words, from the rows :func:`key_moments` found for it."""
    lang, names = facts.lang, facts.names
    by_lead: dict[str, Counter[str]] = {}
    effects: Counter[str] = Counter()
    rivals: Counter[str] = Counter()
    customer: Counter[str] = Counter()
    for row in moment.rows:
        record = facts.records[row]
        if record.kind == "activity":
            lead = names.who(record.actor)
            by_lead.setdefault(lead, Counter())[label("activity", record.activity, lang)] += 1
        elif record.kind in EFFECT_KINDS or record.kind == "bid_missed":
            effects[label("kind", record.kind, lang)] += 1
        elif record.kind == "bid":
            if record.actor in ("", "us"):
                effects[tr("our_bid", lang)] += 1
        elif record.kind == "competitor_move":
            move = label("move", record.activity, lang)
            rivals[tr("rival_move", lang, rival=names.who(record.actor), move=move)] += 1
        elif record.kind == "phase":
            customer[tr("phase_now", lang, phase=label("phase", record.note, lang))] += 1
        elif record.kind in CUSTOMER_KINDS:
            customer[label("kind", record.kind, lang)] += 1
    sep = tr("list_separator", lang)
    we = tuple(
        tr("led_by", lang, lead=lead, activities=sep.join(_counted(done, lang)))
        for lead, done in by_lead.items()
    )
    return MomentWords(
        lang, we, _counted(effects, lang), _counted(rivals, lang), _counted(customer, lang)
    )
