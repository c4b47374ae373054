"""Monte Carlo batches: many replications of a deal, locally or on a Dask cluster.

>>> from sim.batch import Variant, run_batch, parse_what_if
>>> base = Variant(sim.load_scenario("scenarios/cross_sell_mes_erp.yaml"), "expert")
>>> result = run_batch([base, base.with_changes(*parse_what_if("pm=never"))], n=1000, seed=1)
>>> result.differences[0].win_rate          # paired, common random numbers
"""

from sim.batch.backends import Backend, DaskCluster, InProcess, LocalProcesses, make_backend
from sim.batch.outcomes import OUTCOME_SCHEMA, OUTCOMES, ChunkTask, play_chunk, play_replication
from sim.batch.runner import BatchResult, compare, default_chunk_size, run_batch
from sim.batch.seeds import replication_seed
from sim.batch.sinks import batch_metadata
from sim.batch.statistics import Interval, Moments, wilson
from sim.batch.summary import Difference, Summary
from sim.batch.variants import (
    TEAM_ROLES,
    PolicyChange,
    SkillChange,
    Variant,
    parse_change,
    parse_what_if,
)

__all__ = [
    "OUTCOMES",
    "OUTCOME_SCHEMA",
    "TEAM_ROLES",
    "Backend",
    "BatchResult",
    "ChunkTask",
    "DaskCluster",
    "Difference",
    "InProcess",
    "Interval",
    "LocalProcesses",
    "Moments",
    "PolicyChange",
    "SkillChange",
    "Summary",
    "Variant",
    "batch_metadata",
    "compare",
    "default_chunk_size",
    "make_backend",
    "parse_change",
    "parse_what_if",
    "play_chunk",
    "play_replication",
    "replication_seed",
    "run_batch",
    "wilson",
]
