"""Live updates without a "Check again" button: a kernel-side poll of the store's change counter.

Every write to a workshop (a draft added, a seat ready, a week committed, a release, a pause)
moves its change counter (``workshops.changes``). :class:`LiveWatch` reads that counter every
``interval`` seconds — one cheap query — and calls ``on_change`` only when it moved (and every
``heartbeat`` seconds in any case, for a deadline passing with nobody writing).

Under Jupyter and Voilà the poll is an asyncio task on the kernel's own event loop, so it runs
on the kernel's thread between widget callbacks: it never races a click and uses the screen's
own store connection. Without a running loop (a plain Python process) it is a daemon thread,
which must then be given a probe and a callback that are safe to call from another thread.
Tests drive :meth:`LiveWatch.poll` by hand and start nothing.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable

_log = logging.getLogger("sim.ui")
INTERVAL = 0.5  # seconds between looks at the counter (a colleague's change shows within ~1 s)
HEARTBEAT = 15.0  # seconds after which the screen looks again even if nothing was written


class LiveWatch:
    """Calls ``on_change()`` when ``probe()`` (the change counter) moves."""

    def __init__(
        self,
        probe: Callable[[], int],
        on_change: Callable[[], None],
        *,
        interval: float = INTERVAL,
        heartbeat: float = HEARTBEAT,
    ) -> None:
        self.probe, self.on_change = probe, on_change
        self.interval, self.heartbeat = interval, heartbeat
        self.seen: int | None = None
        self.looked = time.monotonic()
        self.polls = 0
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def poll(self) -> bool:
        """One look: calls ``on_change`` if the counter moved (or the heartbeat is due);
        returns whether it did."""
        self.polls += 1
        current = self.probe()
        beat = time.monotonic() - self.looked >= self.heartbeat
        if current == self.seen and not beat:
            return False
        self.seen = current
        self.looked = time.monotonic()
        self.on_change()
        self.seen = self.probe()  # the callback's own writes are not news
        return True

    def mark(self) -> None:
        """The screen has just shown the store as it is (after its own action)."""
        try:
            self.seen = self.probe()
        except Exception:
            _log.debug("live probe failed", exc_info=True)

    @property
    def running(self) -> bool:
        task, thread = self._task, self._thread
        return (task is not None and not task.done()) or (thread is not None and thread.is_alive())

    def start(self, *, thread: bool = True) -> None:
        """Start watching: on the running event loop, else (``thread``) on a daemon thread,
        else not at all (``thread=False`` outside a kernel)."""
        if self.running:
            return
        self._stop.clear()
        self.mark()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            self._task = loop.create_task(self._run_async())
            return
        if not thread:
            return
        self._thread = threading.Thread(target=self._run, name="sandtable-live", daemon=True)
        self._thread.start()

    def _safe_poll(self) -> None:
        try:
            self.poll()
        except Exception:  # a failed look must not end the watch mid-workshop
            _log.debug("live poll failed", exc_info=True)

    async def _run_async(self) -> None:
        while not self._stop.is_set():
            await asyncio.sleep(self.interval)
            if not self._stop.is_set():
                self._safe_poll()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._safe_poll()

    def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
