"""The event log: flat records during the run, a DataFrame only when asked.

``view`` says whose knowledge a record is: ``truth`` (hidden state, for the debrief), ``team``
(what our team observed) or ``public`` (what everyone could see).
"""

from __future__ import annotations

import hashlib
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


LINE_FORMAT = "%r\t%d\t%s\t%s\t%s\t%s\t%s\t%r\t%s\n"


def canonical_line(record: EventRecord) -> str:
    """A stable text form: the same record gives the same text in any process.

    Floats use ``repr`` (the shortest text that round-trips), which Python guarantees to be
    the same on every platform with IEEE-754 doubles.
    """
    time, rnd, kind, actor, target, activity, view, value, note = record
    return LINE_FORMAT % (
        float(time),
        rnd,
        kind,
        actor,
        target,
        activity,
        view,
        float(value),
        note.replace("\t", " ").replace("\n", " "),
    )


class EventLog:
    def __init__(self) -> None:
        self.records: list[EventRecord] = []

    def __len__(self) -> int:
        return len(self.records)

    def append(self, record: EventRecord) -> None:
        self.records.append(record)

    def sha256(self) -> str:
        """The hash of the log's canonical text: :func:`canonical_line` of every record."""
        text = "".join(map(canonical_line, self.records))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd  # noqa: PLC0415  (pandas only at the edge)

        return pd.DataFrame.from_records(self.records, columns=list(COLUMNS))
