"""ipywidgets views over the engine: the trainee sandbox (no rules live here)."""

from sim.ui.app import SandboxApp, sandbox_app
from sim.ui.facilitator import FacilitatorApp, facilitator_app
from sim.ui.game import Game

__all__ = ["FacilitatorApp", "Game", "SandboxApp", "facilitator_app", "sandbox_app"]
