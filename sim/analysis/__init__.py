"""Debrief and role assessment: what happened, so what, now what (pandas + matplotlib only).

Names are imported on first use, so that ``sandtable`` commands which never build a report do
not pay for pandas and matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.analysis.assessment import Assessment, Evidence, Score
    from sim.analysis.debriefing import Debrief, debrief
    from sim.analysis.fonts import MissingFontError
    from sim.analysis.report import build_report, save_report, write_report
    from sim.analysis.session_facts import SessionFacts
    from sim.analysis.whatif import Change, WhatIf, what_if

_HOMES = {
    "Assessment": "sim.analysis.assessment",
    "Evidence": "sim.analysis.assessment",
    "Score": "sim.analysis.assessment",
    "Debrief": "sim.analysis.debriefing",
    "debrief": "sim.analysis.debriefing",
    "SessionFacts": "sim.analysis.session_facts",
    "MissingFontError": "sim.analysis.fonts",
    "build_report": "sim.analysis.report",
    "save_report": "sim.analysis.report",
    "write_report": "sim.analysis.report",
    "Change": "sim.analysis.whatif",
    "WhatIf": "sim.analysis.whatif",
    "what_if": "sim.analysis.whatif",
}

__all__ = [
    "Assessment",
    "Change",
    "Debrief",
    "Evidence",
    "MissingFontError",
    "Score",
    "SessionFacts",
    "WhatIf",
    "build_report",
    "debrief",
    "save_report",
    "what_if",
    "write_report",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sim.analysis' has no attribute '{name}'")
    return getattr(importlib.import_module(home), name)
