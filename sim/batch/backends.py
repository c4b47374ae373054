"""Where chunks run: this process, a pool of local processes, or a Dask cluster.

Every backend takes the same chunk tasks and yields ``(task, columns)`` as chunks finish, in any
order; the runner puts them back in replication order. At most a few chunks per worker are in
flight, so results never pile up in memory while a long batch runs.

No backend touches global state: the process pool gets its own ``spawn``/``forkserver`` context
(the start method of the interpreter is left alone), and a Dask client is closed by whoever
opened it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from types import TracebackType
from typing import Any, Literal, Protocol

from sim.batch.outcomes import ChunkTask, Columns, play_chunk

StartMethod = Literal["spawn", "forkserver"]
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "10s"


class Backend(Protocol):
    """Runs chunk tasks; ``workers`` is how many run at once."""

    @property
    def workers(self) -> int: ...

    @property
    def name(self) -> str: ...

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[tuple[ChunkTask, Columns]]: ...

    def close(self) -> None: ...


class _Closing:
    """Context-manager plumbing shared by the backends."""

    def close(self) -> None:
        """Release workers or connections (nothing to do by default)."""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class InProcess(_Closing):
    """Chunks one after another in this process (``workers=1``; quickest for small batches)."""

    name = "in-process"
    workers = 1

    def __init__(self, play: Callable[[ChunkTask], Columns] = play_chunk) -> None:
        self._play = play

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[tuple[ChunkTask, Columns]]:
        for task in tasks:
            yield task, self._play(task)


def default_start_method() -> StartMethod:
    """``forkserver`` where the platform has it (quick worker start), else ``spawn``."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _leave_interrupts_to_the_parent() -> None:
    """Worker initialiser: Ctrl-C stops the batch in the submitting process, which then shuts
    the pool down; workers ignore it instead of each printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalProcesses(_Closing):
    """A pool of ``workers`` local processes (``concurrent.futures``), started lazily."""

    name = "processes"

    def __init__(self, workers: int, start_method: StartMethod | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, not {workers}")
        self._workers = workers
        self.start_method = start_method or default_start_method()
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            self._pool = ProcessPoolExecutor(max_workers=self._workers, mp_context=context,
                                             initializer=_leave_interrupts_to_the_parent)
        return self._pool

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[tuple[ChunkTask, Columns]]:
        pool = self._executor()
        pending = iter(tasks)
        running: dict[Future[Columns], ChunkTask] = {}
        try:
            for task in islice(pending, self._workers * IN_FLIGHT_PER_WORKER):
                running[pool.submit(play_chunk, task)] = task
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    for extra in islice(pending, 1):
                        running[pool.submit(play_chunk, extra)] = extra
                    yield task, future.result()
        finally:
            if running:  # stopped early (Ctrl-C, a failed chunk): do not wait for the rest
                self._stop_workers()

    def _stop_workers(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if callable(terminate):
            terminate()
        else:  # no public way before 3.14; chunks are pure, so killing them loses nothing
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskCluster(_Closing):
    """Chunks on a Dask ``distributed`` cluster: an existing scheduler or a LocalCluster.

    ``DaskCluster.connect("tcp://host:8786")`` joins a running cluster (every worker needs
    sandtable installed); ``DaskCluster.local(workers=2, processes=False)`` starts a small
    cluster in this machine, for notebooks and tests. Whatever this object opened, it closes.
    """

    name = "dask"

    def __init__(self, client: Any, cluster: Any = None, *, owns_client: bool = False) -> None:
        self.client = client
        self._cluster = cluster
        self._owns_client = owns_client

    @classmethod
    def connect(cls, address: str, timeout: str = CONNECT_TIMEOUT) -> DaskCluster:
        """Connect to ``address``; raises ``OSError`` when no scheduler answers in time."""
        from distributed import Client  # noqa: PLC0415  (dask is only needed when used)

        return cls(Client(address, timeout=timeout), owns_client=True)  # type: ignore[no-untyped-call]

    @classmethod
    def local(cls, workers: int = 2, *, processes: bool = True,
              threads_per_worker: int = 1) -> DaskCluster:
        from distributed import Client, LocalCluster  # noqa: PLC0415

        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=threads_per_worker, processes=processes,
            dashboard_address=None,
        )
        return cls(Client(cluster), cluster, owns_client=True)  # type: ignore[no-untyped-call]

    @property
    def workers(self) -> int:
        threads: dict[str, int] = self.client.nthreads()
        return max(1, sum(threads.values()))

    @property
    def address(self) -> str:
        return str(self.client.scheduler.address)

    def run(self, tasks: Iterable[ChunkTask]) -> Iterator[tuple[ChunkTask, Columns]]:
        from distributed import as_completed  # noqa: PLC0415

        pending = iter(tasks)
        token = os.urandom(6).hex()
        running_tasks: dict[str, tuple[ChunkTask, Any]] = {}

        def submit(task: ChunkTask) -> Any:
            key = f"sandtable-chunk-{token}-{task.index}"
            future = self.client.submit(play_chunk, task, key=key, pure=False)
            running_tasks[future.key] = (task, future)
            return future

        first = [submit(t) for t in islice(pending, self.workers * IN_FLIGHT_PER_WORKER)]
        running = as_completed(first)  # type: ignore[no-untyped-call]
        try:
            for future in running:
                for extra in islice(pending, 1):
                    running.add(submit(extra))  # type: ignore[no-untyped-call]
                columns: Columns = future.result()
                task, _ = running_tasks.pop(future.key)
                future.release()
                yield task, columns
        finally:
            leftover = [future for _, future in running_tasks.values()]
            if leftover:
                self.client.cancel(leftover)

    def close(self) -> None:
        if self._owns_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_backend(workers: int = 1, scheduler: str | None = None) -> Backend:
    """``scheduler`` = a Dask address, or ``"local"`` for a LocalCluster of ``workers``
    processes; otherwise ``workers`` local processes (``1`` = in this process)."""
    if scheduler == "local":
        return DaskCluster.local(workers)
    if scheduler:
        return DaskCluster.connect(scheduler)
    if workers == 1:
        return InProcess()
    return LocalProcesses(workers)
