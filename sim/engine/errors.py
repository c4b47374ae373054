"""What the engine raises about the state of a game (codes only; words are made in sim.i18n).

:class:`SessionOver` lives here, below :mod:`sim.engine.simulation`, so that
:mod:`sim.engine.session` can catch it during a replay without importing the simulation
(which imports the session module to save and load games: one direction only).
"""

from __future__ import annotations


class SessionOver(RuntimeError):  # noqa: N818  (a state, not an error in the code)
    """``advance()`` or ``plan()`` after the deal has ended."""


__all__ = ["SessionOver"]
