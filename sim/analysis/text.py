"""Words for the debrief: catalog look-ups and the names of people, vendors and things.

Every user-facing word goes through :func:`sim.i18n.translate` with an ``analysis.`` key;
names come from the scenario's bilingual text fields; numbers are said by
:mod:`sim.i18n.numbers`, as in the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.i18n import catalog, normalise, numbers, translate
from sim.scenario.schema import Scenario


def tr(key: str, lang: str, **params: Any) -> str:
    """The ``analysis.<key>`` message in ``lang``."""
    return translate(f"analysis.{key}", lang, **params)


def label(group: str, value: str, lang: str) -> str:
    """A domain word (``activity``, ``role``, ``phase`` ...); the raw id when no entry exists."""
    key = f"analysis.{group}.{value}"
    return translate(key, lang) if key in catalog("en") else value


def percent(value: float | None, lang: str = "en") -> str:
    """A share of 1 as a whole percentage; None → "–" (:func:`sim.i18n.numbers.percent`)."""
    return numbers.percent(value, lang)


def signed(value: float, lang: str = "en") -> str:
    """A whole number with its sign; no change is "0", never "+0" or "-0"
    (:func:`sim.i18n.numbers.signed`)."""
    return numbers.signed(value, lang)


def money(value: float, lang: str = "en") -> str:
    """A whole amount, grouped by thousands (:func:`sim.i18n.numbers.money`)."""
    return numbers.money(value, lang)


@dataclass(frozen=True)
class Names:
    """Display names in one language for stakeholders, members and vendors."""

    lang: str
    stakeholders: dict[str, str]
    members: dict[str, str]
    roles: dict[str, str]  # member id → role id
    vendors: dict[str, str]

    @classmethod
    def of(cls, scenario: Scenario, lang: str) -> Names:
        lang = normalise(lang)
        vendors = {"us": tr("us", lang), "none": tr("no_decision_option", lang)}
        vendors |= {c.id: c.name.get(lang) for c in scenario.competitors}
        return cls(
            lang=lang,
            stakeholders={p.id: p.name.get(lang) for p in scenario.stakeholders},
            members={m.id: m.name.get(lang) for m in scenario.team},
            roles={m.id: m.role for m in scenario.team},
            vendors=vendors,
        )

    def who(self, ident: str) -> str:
        """Any id of a person or vendor (or ``a+b`` lists of them) as display names."""
        if not ident:
            return ""
        if "+" in ident:
            return ", ".join(self.who(part) for part in ident.split("+"))
        for table in (self.members, self.stakeholders, self.vendors):
            if ident in table:
                return table[ident]
        return ident
