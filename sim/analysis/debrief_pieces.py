"""Pieces shared by the three parts of the debrief: headings, figures, result rows.

May import: ``sim.analysis.html`` and ``sim.analysis.text`` (markup and words), the session
facts, ``sim.engine`` (the result); no pandas or matplotlib.
"""

from __future__ import annotations

from sim.analysis.html import Markup, image, tag
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, money
from sim.engine import Result


def h3(text: str, anchor: str) -> Markup:
    return tag("h3", text, id=anchor)


def figure_html(uri: str, caption: str) -> Markup:
    return tag("figure", image(uri, caption), tag("figcaption", caption))


def result_cells(result: Result, facts: SessionFacts) -> list[str]:
    """Outcome, winner, decision week, contract value, cost of sale and margin, as text."""
    lang, currency = facts.lang, facts.scenario.account.currency
    return [
        label("outcome", str(result.outcome), lang),
        facts.names.who(result.winner or "") or "–",
        str(result.weeks),
        f"{money(result.contract_value)} {currency}",
        f"{money(result.pursuit_spend + result.labour_cost)} {currency}",
        f"{money(result.margin)} {currency}",
    ]
