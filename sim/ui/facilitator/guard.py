"""Callbacks that never show a traceback to a trainer, unless strict mode asks for one.

The sandbox's :func:`sim.ui.messages.error_lines` already explains workshop, scenario and
file errors in the trainer's language; this wrapper adds *strict* mode (tests and the
notebook's ``SANDTABLE_FACILITATOR_STRICT=1``), in which the error is raised instead of shown,
so a broken screen fails a run rather than rendering a polite message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from sim.ui.messages import MessageArea, error_lines

_log = logging.getLogger("sim.ui.facilitator")
F = TypeVar("F", bound=Callable[..., Any])


def guarded(messages: MessageArea, lang: Callable[[], str], strict: bool) -> Callable[[F], F]:
    """Decorate a callback: an error becomes a message in ``messages`` (or is raised, strict)."""

    def decorate(callback: F) -> F:
        @wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as exc:
                if strict:
                    raise
                _log.debug("callback %s failed", callback.__name__, exc_info=True)
                title, lines = error_lines(exc, lang())
                messages.show("error", lines, title)
                return None

        return run  # type: ignore[return-value]

    return decorate
