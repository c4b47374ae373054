"""Debrief and role assessment: what happened, so what, now what (pandas + matplotlib only)."""

from sim.analysis.assessment import Assessment, Evidence, Score
from sim.analysis.debrief import Debrief, debrief
from sim.analysis.facts import SessionFacts
from sim.analysis.fonts import MissingFontError
from sim.analysis.report import build_report, write_report
from sim.analysis.whatif import Change, WhatIf, what_if

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
    "what_if",
    "write_report",
]
