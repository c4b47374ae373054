"""Words on screen: the ``ui.`` catalog, display names for ids, number formats, escaping.

Every user-facing string of the sandbox passes through here; numbers are said by
:mod:`sim.i18n.numbers`, as in the debrief. Free text (team names, scenario
texts, file paths) is escaped with :func:`esc` before it goes into any HTML widget.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from sim.i18n import catalog, numbers, translate
from sim.model.observation import TeamView
from sim.scenario import Scenario


def tr(key: str, lang: str, **params: Any) -> str:
    """The sandbox's message ``ui.<key>`` in ``lang``."""
    return translate(f"ui.{key}", lang, **params)


def known(key: str) -> bool:
    """Whether the catalog has ``ui.<key>`` (engine ids can be newer than the catalog)."""
    return f"ui.{key}" in catalog("en")


def esc(text: object) -> str:
    """Text made safe for HTML: ``<img src=x onerror=...>`` shows as those characters."""
    return html.escape(str(text), quote=True)


def unknown(lang: str) -> str:
    """An unknown value, marked so it cannot be mistaken for a real one."""
    return f'<span class="st-unknown">{esc(tr("unknown", lang))}</span>'


def label(kind: str, value: str, lang: str) -> str:
    """A domain id in words: ``label("role", "sales_rep", "zh")`` → 销售代表; an id the
    catalog does not know is shown as it is."""
    key = f"{kind}.{value}"
    return tr(key, lang) if known(key) else value


def money(amount: float, currency: str, lang: str = "en") -> str:
    """A whole amount with its currency code (:func:`sim.i18n.numbers.money`)."""
    return numbers.money(amount, lang, currency)


def percent(share: float, lang: str = "en") -> str:
    """A share of 1 as a whole percentage (:func:`sim.i18n.numbers.percent`)."""
    return numbers.percent(share, lang)


def signed(value: float, lang: str = "en") -> str:
    """A whole number with its sign; no change is "0", never "+0" or "-0"
    (:func:`sim.i18n.numbers.signed`)."""
    return numbers.signed(value, lang)


class Names:
    """Display names for the ids the engine uses, in one language, for one round's view."""

    def __init__(self, scenario: Scenario, view: TeamView, lang: str) -> None:
        self.lang = lang
        self.members = {m.id: m.name.get(lang) for m in view.members}
        self.stakeholders = {s.id: s.name.get(lang) for s in view.stakeholders}
        self.vendors = {c.id: c.name.get(lang) for c in scenario.competitors}
        self.vendors["us"] = tr("us", lang)

    def member(self, member_id: str) -> str:
        return self.members.get(member_id, member_id)

    def stakeholder(self, stakeholder_id: str) -> str:
        return self.stakeholders.get(stakeholder_id, stakeholder_id)

    def vendor(self, vendor_id: str) -> str:
        return self.vendors.get(vendor_id, vendor_id)

    def anyone(self, some_id: str) -> str:
        """A member, stakeholder or vendor, whichever the id names."""
        for table in (self.members, self.stakeholders, self.vendors):
            if some_id in table:
                return table[some_id]
        return some_id

    def join(self, ids: Iterable[str]) -> str:
        return tr("list_separator", self.lang).join(self.anyone(i) for i in ids if i)

    def activity(self, activity_id: str) -> str:
        return label("activity", activity_id, self.lang)
