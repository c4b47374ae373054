"""The debrief's three parts as HTML: What happened / So what / Now what (Borton, Rolfe).

Shared by the HTML report and the debrief notebook. Every dynamic text is escaped by the
builder in :mod:`sim.analysis.html`; figures are embedded as PNG data URIs.
"""

from __future__ import annotations

from sim.analysis.debriefing import Debrief
from sim.analysis.html import Markup
from sim.analysis.now_what import now_what, whatif_section
from sim.analysis.so_what import so_what
from sim.analysis.text import tr
from sim.analysis.what_happened import what_happened

__all__ = ["now_what", "sections", "so_what", "what_happened", "whatif_section"]


def sections(d: Debrief) -> list[tuple[str, str, Markup]]:
    """(anchor, title, body) for the three parts, in order."""
    lang = d.lang
    return [
        ("what", tr("part.what", lang), what_happened(d)),
        ("so-what", tr("part.so_what", lang), so_what(d)),
        ("now-what", tr("part.now_what", lang), now_what(d)),
    ]
