"""One chunk of replications, played where the backend puts it, returned as flat columns.

:func:`play_chunk` is the unit of work every backend runs (in this process, in a process pool
or on a Dask worker): a task carries the variants and a range of replication indices, never one
task per replication. Each replication plays every variant with the same seed (common random
numbers), in lean mode and without hashing the event log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sim.batch.seeds import replication_seed
from sim.batch.variants import Variant
from sim.engine import Result, Simulation

OUTCOMES: tuple[str, ...] = ("won", "lost", "no_decision")
MAX_ROUNDS = 10_000  # the same guard as Simulation.play

# One row per (replication, variant); Result fields the debrief of a batch needs.
OUTCOME_SCHEMA = pa.schema([
    pa.field("replication", pa.int64(), nullable=False),
    pa.field("variant", pa.string(), nullable=False),
    pa.field("outcome", pa.string()),
    pa.field("winner", pa.string()),
    pa.field("weeks", pa.int32()),
    pa.field("contract_value", pa.float64()),
    pa.field("pursuit_spend", pa.float64()),
    pa.field("labour_cost", pa.float64()),
    pa.field("margin", pa.float64()),
    pa.field("stage", pa.string()),
    pa.field("forecast_brier", pa.float64()),
    pa.field("delivery_troubled", pa.bool_()),
    pa.field("accepted", pa.bool_()),
    pa.field("payment_collected", pa.float64()),
    pa.field("satisfaction", pa.float64()),
    pa.field("events", pa.int32()),
])
RESULT_COLUMNS: tuple[str, ...] = tuple(OUTCOME_SCHEMA.names[2:])

Columns = dict[str, list[Any]]


@dataclass(frozen=True)
class ChunkTask:
    """Replications ``start`` .. ``stop - 1`` of every variant, seeded from ``seed``."""

    index: int
    seed: int
    start: int
    stop: int
    variants: tuple[Variant, ...]

    @property
    def size(self) -> int:
        return self.stop - self.start


def play_chunk(task: ChunkTask) -> Columns:
    """Play the chunk; rows are ordered by replication, then by variant."""
    columns: Columns = {name: [] for name in OUTCOME_SCHEMA.names}
    for index in range(task.start, task.stop):
        for variant in task.variants:
            result = play_replication(variant, task.seed, index)
            columns["replication"].append(index)
            columns["variant"].append(variant.name)
            for name in RESULT_COLUMNS:
                columns[name].append(getattr(result, name))
    return columns


def play_replication(variant: Variant, seed: int, index: int) -> Result:
    """Replication ``index`` of ``variant``: autoplay in lean mode, no event-log hash."""
    game = Simulation(variant.scenario, seed=replication_seed(seed, index),
                      policy=variant.policy, detail=False)
    for _ in range(MAX_ROUNDS):
        if game.done:
            break
        game.advance()
    return game.result(with_hash=False)


def to_record_batch(columns: Columns) -> pa.RecordBatch:
    return pa.RecordBatch.from_pydict(columns, schema=OUTCOME_SCHEMA)
