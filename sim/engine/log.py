"""The event log: flat records during the run, a DataFrame only when asked.

``view`` says whose knowledge a record is: ``truth`` (hidden state, for the debrief), ``team``
(what our team observed) or ``public`` (what everyone could see).
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("time", "round", "kind", "actor", "target", "activity", "view", "value", "note")


class EventRecord(NamedTuple):
    time: float
    round: int
    kind: str
    actor: str
    target: str
    activity: str
    view: str
    value: float
    note: str


def _number(value: float) -> str:
    if math.isnan(value):
        return ""
    return f"{value:.9g}"


def canonical_line(record: EventRecord) -> str:
    """A stable text form: the same record gives the same bytes on any machine."""
    return "\t".join(
        (
            _number(record.time),
            str(record.round),
            record.kind,
            record.actor,
            record.target,
            record.activity,
            record.view,
            _number(record.value),
            record.note.replace("\t", " ").replace("\n", " "),
        )
    )


class EventLog:
    def __init__(self) -> None:
        self.records: list[EventRecord] = []

    def __len__(self) -> int:
        return len(self.records)

    def append(self, record: EventRecord) -> None:
        self.records.append(record)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for record in self.records:
            digest.update(canonical_line(record).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd  # noqa: PLC0415  (pandas only at the edge)

        return pd.DataFrame.from_records(self.records, columns=list(COLUMNS))
