"""The model version: which rules and numbers a game was played with.

**Bump** :data:`MODEL_VERSION` (a string: ``"2"`` → ``"3"``) in the same change as any rule,
parameter or number in ``sim/model`` (or the engine's order of draws) that can change an event
log — then run ``make samples`` so the shipped sample sessions are replayed and saved again.

Every saved session file records it (``model_version``; a file without it was saved before the
field existed and counts as :data:`UNVERSIONED`), and so does every workshop in a workshop store
(``workshops.model_version``). A game saved under another version, or whose replay does not
reproduce its saved event log, still opens, with a :class:`sim.engine.notice.ReplayNotice`
saying so (``Simulation.replay_notice``).
"""

from __future__ import annotations

MODEL_VERSION = "8"
"""Bumped whenever a rule or number of the model changes (see the module's docstring)."""

UNVERSIONED = "1"
"""The version of files and workshops written before the model version was recorded."""

__all__ = ["MODEL_VERSION", "UNVERSIONED"]
