"""Work that fills a screen in after it is shown: one daemon thread per job.

A screen shows what is quick at once and hands the slow part (replays, figures) to
:class:`Background`; the job sets widget values itself as each part is ready (ipywidgets sends
the change from any thread). An error ends the job and becomes a message, as in a callback
(:func:`sim.ui.messages.guarded`); ``strict`` keeps it for :meth:`Background.wait` to raise
instead, so tests see it. :meth:`wait` is what tests and notebooks call to block until done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sim.ui.messages import MessageArea, guarded


class Background:
    def __init__(
        self,
        job: Callable[[], None],
        messages: MessageArea,
        lang: Callable[[], str],
        *,
        strict: bool = False,
        name: str = "sandtable-background",
    ) -> None:
        self.error: BaseException | None = None
        self.strict = strict

        def run() -> None:
            try:
                job()
            except Exception as exc:  # kept for wait(); shown as a message unless strict
                self.error = exc
                if not strict:
                    guarded(messages, lang)(_raise(exc))()

        self._thread = threading.Thread(target=run, name=name, daemon=True)

    def start(self) -> Background:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job is done; re-raise its error when strict."""
        self._thread.join(timeout)
        if self.strict and self.error is not None:
            raise self.error


def _raise(exc: Exception) -> Callable[[], None]:
    def again() -> None:
        raise exc

    again.__name__ = "background_job"
    return again
