"""Run a batch: N replications of one or more variants, chunked, on any backend.

Replication ``i`` of every variant plays with child ``i`` of ``SeedSequence(seed)``, so the
rows, the summary and the Parquet file are the same whatever the backend, the number of workers
or the chunk size. Chunks may finish in any order; they are put back in replication order
before they are written and tallied.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from sim.batch.backends import Backend, InProcess, LocalProcesses
from sim.batch.outcomes import ChunkTask, Columns, to_record_batch
from sim.batch.sinks import MemorySink, NullSink, OutcomeSink, ParquetSink
from sim.batch.statistics import Interval
from sim.batch.summary import BatchTally, Difference, Summary
from sim.batch.variants import PolicyChange, SkillChange, Variant

if TYPE_CHECKING:
    import pandas as pd

MAX_CHUNK = 1000
MIN_CHUNK = 50
CHUNKS_PER_WORKER = 4

Progress = Callable[[int], object]


def default_chunk_size(n: int, workers: int) -> int:
    """About four chunks per worker, each 50 to 1,000 replications (fewer tasks, less overhead;
    enough of them to keep every worker busy to the end)."""
    return max(1, min(MAX_CHUNK, max(MIN_CHUNK, math.ceil(n / (CHUNKS_PER_WORKER * workers))), n))


def chunk_tasks(
    variants: tuple[Variant, ...], n: int, seed: int, chunk_size: int
) -> list[ChunkTask]:
    """Consecutive ranges of replication indices, numbered in order."""
    return [
        ChunkTask(index, seed, start, min(start + chunk_size, n), variants)
        for index, start in enumerate(range(0, n, chunk_size))
    ]


@dataclass(frozen=True)
class BatchResult:
    """What a batch produced: per-variant summaries, what-if differences, and the rows."""

    scenario: str
    seed: int
    n: int
    variants: tuple[Variant, ...]
    summaries: tuple[Summary, ...]
    differences: tuple[Difference, ...]
    elapsed_seconds: float
    backend: str
    workers: int
    chunk_size: int
    out: Path | None = None
    table: pa.Table | None = field(default=None, repr=False)

    @property
    def baseline(self) -> Summary:
        return self.summaries[0]

    def summary(self, variant: str) -> Summary:
        return next(s for s in self.summaries if s.variant == variant)

    def outcomes(self) -> pd.DataFrame:
        """One row per (replication, variant), ordered by replication then variant."""
        if self.table is not None:
            frame: pd.DataFrame = self.table.to_pandas()
            return frame
        if self.out is not None:
            import pandas as pd  # noqa: PLC0415

            return pd.read_parquet(self.out)
        raise ValueError("this batch kept no rows (run it with keep_outcomes=True or out=...)")

    def summary_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per variant: label, n, each rate with its CI, expected contract value."""
        import pandas as pd  # noqa: PLC0415

        labels = {v.name: v.label(lang) for v in self.variants}
        rows: list[dict[str, Any]] = []
        for s in self.summaries:
            row: dict[str, Any] = {"variant": s.variant, "label": labels[s.variant],
                                   "policy": s.policy, "n": s.n}
            for name, interval in (*s.rates.items(), ("contract_value", s.contract_value)):
                row |= _interval_columns(name, interval)
            row["margin"] = s.margin.estimate
            rows.append(row)
        return pd.DataFrame(rows)

    def difference_frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per what-if: win-rate and contract-value differences with their CIs."""
        import pandas as pd  # noqa: PLC0415

        labels = {v.name: v.label(lang) for v in self.variants}
        columns = ["variant", "label", "n", "win_rate", "win_rate_low", "win_rate_high",
                   "contract_value", "contract_value_low", "contract_value_high"]
        rows = [
            {"variant": d.variant, "label": labels[d.variant], "n": d.n}
            | _interval_columns("win_rate", d.win_rate)
            | _interval_columns("contract_value", d.contract_value)
            for d in self.differences
        ]
        return pd.DataFrame(rows, columns=columns)

    def as_dict(self) -> dict[str, Any]:
        """The ``--json`` object: the baseline's rates and CIs at the top, what-ifs below."""
        base = self.baseline.as_dict()
        return {
            "scenario": self.scenario,
            "policy": base["policy"],
            "seed": self.seed,
            "n": self.n,
            "rates": base["rates"],
            "ci95": base["ci95"],
            "counts": base["counts"],
            "contract_value": base["contract_value"],
            "margin": base["margin"],
            "weeks": base["weeks"],
            "what_ifs": [
                {**s.as_dict(), "difference": d.as_dict()}
                for s, d in zip(self.summaries[1:], self.differences, strict=True)
            ],
            "backend": self.backend,
            "workers": self.workers,
            "chunk_size": self.chunk_size,
            "out": str(self.out) if self.out is not None else None,
            "elapsed_seconds": round(self.elapsed_seconds, 3),
        }


def _interval_columns(name: str, interval: Interval) -> dict[str, float]:
    return {name: interval.estimate, f"{name}_low": interval.low, f"{name}_high": interval.high}


def run_batch(
    variants: Variant | Sequence[Variant],
    n: int,
    *,
    seed: int = 0,
    backend: Backend | None = None,
    chunk_size: int | None = None,
    out: str | Path | None = None,
    keep_outcomes: bool = True,
    on_progress: Progress | None = None,
) -> BatchResult:
    """Play ``n`` replications of each variant; the first variant is the baseline.

    ``out`` streams the rows to a Parquet file (one row group per chunk) and keeps none in
    memory; otherwise ``keep_outcomes`` keeps them for :meth:`BatchResult.outcomes`.
    ``on_progress(k)`` is called as each chunk of ``k`` replications is done.
    """
    arms = (variants,) if isinstance(variants, Variant) else tuple(variants)
    _check(arms, n, seed, chunk_size)
    backend = backend or InProcess()
    size = chunk_size or default_chunk_size(n, backend.workers)
    tasks = chunk_tasks(arms, n, seed, size)
    # One chunk is not worth starting a process pool for.
    single = len(tasks) == 1 and isinstance(backend, LocalProcesses)
    runner: Backend = InProcess() if single else backend
    metadata: dict[str, object] = {
        "scenario": arms[0].scenario.id, "seed": seed, "n": n,
        "variants": [{"name": v.name, "policy": v.policy} for v in arms],
    }
    sink: OutcomeSink
    if out is not None:
        sink = ParquetSink(out, metadata)
    elif keep_outcomes:
        sink = MemorySink(metadata)
    else:
        sink = NullSink()
    tally = BatchTally(tuple(v.name for v in arms), tuple(v.policy for v in arms))
    started = time.perf_counter()
    waiting: dict[int, Columns] = {}
    next_index = 0
    try:
        for task, columns in runner.run(tasks):
            waiting[task.index] = columns
            while next_index in waiting:
                ready = waiting.pop(next_index)
                sink.write(to_record_batch(ready))
                tally.add(ready)
                next_index += 1
            if on_progress is not None:
                on_progress(task.size)
    except BaseException:
        sink.abort()
        raise
    sink.finish()
    return BatchResult(
        scenario=arms[0].scenario.id,
        seed=seed,
        n=n,
        variants=arms,
        summaries=tally.summaries(),
        differences=tally.differences(),
        elapsed_seconds=time.perf_counter() - started,
        backend=runner.name,
        workers=runner.workers,
        chunk_size=size,
        out=Path(out) if out is not None else None,
        table=sink.table if isinstance(sink, MemorySink) else None,
    )


def compare(
    baseline: Variant,
    what_ifs: Sequence[Sequence[SkillChange | PolicyChange]],
    n: int,
    **options: Any,
) -> BatchResult:
    """The baseline and each what-if with common random numbers (a simulated control group)."""
    return run_batch((baseline, *(baseline.with_changes(*w) for w in what_ifs)), n, **options)


def _check(arms: tuple[Variant, ...], n: int, seed: int, chunk_size: int | None) -> None:
    if not arms:
        raise ValueError("a batch needs at least one variant")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of 1 or more, not {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more, not {seed!r}")
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk size must be 1 or more, not {chunk_size}")
    names = [v.name for v in arms]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"variants must differ; listed more than once: {', '.join(twice)}")
