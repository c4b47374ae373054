"""Where per-replication rows go as chunks arrive: a Parquet file, memory, or nowhere.

The Parquet sink writes one row group per chunk and keeps nothing, so a batch of any size runs
in flat memory. It writes to ``OUT.parquet.partial`` and renames on success: a failed or
interrupted batch never leaves a file that looks complete.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from sim.batch.outcomes import OUTCOME_SCHEMA


class OutcomeSink(Protocol):
    def write(self, batch: pa.RecordBatch) -> None: ...

    def finish(self) -> None: ...

    def abort(self) -> None: ...


def outcome_schema(metadata: dict[str, object]) -> pa.Schema:
    """The row schema with the batch's description (scenario, seed, variants) attached."""
    described = {f"sandtable.{key}": json.dumps(value) for key, value in metadata.items()}
    return OUTCOME_SCHEMA.with_metadata(described)


def batch_metadata(path: str | Path) -> dict[str, object]:
    """The description a batch wrote into its Parquet file (``scenario``, ``seed``, ...)."""
    raw = pq.read_schema(path).metadata or {}
    prefix = b"sandtable."
    return {k[len(prefix):].decode(): json.loads(v) for k, v in raw.items() if k.startswith(prefix)}


class ParquetSink:
    """Stream rows to ``path`` (one row group per chunk)."""

    def __init__(self, path: str | Path, metadata: dict[str, object]) -> None:
        self.path = Path(path)
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._schema = outcome_schema(metadata)
        self._writer = pq.ParquetWriter(self._partial, self._schema, compression="zstd")
        self.rows = 0

    def write(self, batch: pa.RecordBatch) -> None:
        self._writer.write_batch(batch.replace_schema_metadata(self._schema.metadata),
                                 row_group_size=max(1, batch.num_rows))
        self.rows += batch.num_rows

    def finish(self) -> None:
        self._writer.close()
        os.replace(self._partial, self.path)

    def abort(self) -> None:
        self._writer.close()
        self._partial.unlink(missing_ok=True)


class MemorySink:
    """Keep the rows (for notebooks and small batches)."""

    def __init__(self, metadata: dict[str, object]) -> None:
        self._schema = outcome_schema(metadata)
        self._batches: list[pa.RecordBatch] = []
        self.table: pa.Table | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        self._batches.append(batch)

    def finish(self) -> None:
        self.table = pa.Table.from_batches(self._batches, schema=self._schema)
        self._batches = []

    def abort(self) -> None:
        self._batches = []


class NullSink:
    """Drop the rows: only the summary is wanted."""

    def write(self, batch: pa.RecordBatch) -> None:
        """Nothing to keep."""

    def finish(self) -> None:
        """Nothing to close."""

    def abort(self) -> None:
        """Nothing to remove."""
