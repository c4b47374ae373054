"""The trainer's side of workshop mode (ipywidgets): create, pace, watch, compare.

``facilitator_app()`` is what ``notebooks/facilitator.ipynb`` shows. The rules live in
:mod:`sim.workshop` (store, pacing, codes) and :mod:`sim.analysis.comparison` (the comparative
debrief); these views only read them and call them.
"""

from sim.ui.facilitator.app import FacilitatorApp, facilitator_app

__all__ = ["FacilitatorApp", "facilitator_app"]
