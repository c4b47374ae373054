"""A round's plan: assignments of activities to members, and the team's committed forecast."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.model.rivals import RivalOrder

SALES_STAGES: tuple[str, ...] = (
    "prospecting",
    "mapping",
    "discovery",
    "solution",
    "bid",
    "award",
    "contract",
    "delivery",
    "payment",
)


@dataclass(frozen=True)
class Assignment:
    """One activity: who does it (the first member leads), for whom, at which angle."""

    activity: str
    members: tuple[str, ...]
    targets: tuple[str, ...] = ()
    angle: str | None = None
    discount: float | None = None
    note: str = ""  # a hand-off note in the players' words (briefings, strategy sessions)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"activity": self.activity, "members": list(self.members)}
        if self.targets:
            data["targets"] = list(self.targets)
        if self.angle is not None:
            data["angle"] = self.angle
        if self.discount is not None:
            data["discount"] = self.discount
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: object) -> Assignment:
        """Build from plain data; raise ValueError saying what is malformed."""
        if not isinstance(data, dict):
            raise ValueError(
                f"an assignment must be a mapping with 'activity' and 'members', not {data!r}"
            )
        unknown = set(data) - {"activity", "members", "targets", "angle", "discount", "note"}
        if unknown:
            raise ValueError(f"unknown assignment keys: {', '.join(sorted(map(str, unknown)))}")
        if "activity" not in data or "members" not in data:
            raise ValueError("an assignment needs 'activity' and 'members'")
        discount = data.get("discount")
        if discount is not None and (
            isinstance(discount, bool) or not isinstance(discount, int | float)
        ):
            raise ValueError(f"discount must be a number, not {discount!r}")
        angle = data.get("angle")
        note = data.get("note", "")
        if not isinstance(note, str):
            raise ValueError(f"note must be a text, not {note!r}")
        return cls(
            activity=str(data["activity"]),
            members=_names(data["members"], "members"),
            targets=_names(data.get("targets", ()), "targets"),
            angle=None if angle is None else str(angle),
            discount=None if discount is None else float(discount),
            note=note,
        )


def _names(value: object, what: str) -> tuple[str, ...]:
    """A list of ids; a bare string is a mistake (it would read as a list of letters)."""
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValueError(f"{what} must be a list of ids, not {value!r}")
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class Forecast:
    """The team's committed view this round: which stage and how likely a win."""

    stage: str
    win_probability: float


@dataclass(frozen=True)
class Plan:
    """One week's decisions: our team's assignments and forecast, and the orders of any
    competitor that people play this week (the red team; :mod:`sim.model.rivals`)."""

    assignments: tuple[Assignment, ...] = ()
    forecast: Forecast | None = None
    rivals: tuple[RivalOrder, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"assignments": [a.to_dict() for a in self.assignments]}
        if self.rivals:
            data["rivals"] = [r.to_dict() for r in self.rivals]
        if self.forecast is not None:
            data["forecast"] = {
                "stage": self.forecast.stage,
                "win_probability": self.forecast.win_probability,
            }
        return data

    @classmethod
    def from_dict(cls, data: object) -> Plan:
        if not isinstance(data, dict):
            raise ValueError(f"a plan must be a mapping with 'assignments', not {data!r}")
        assignments = data.get("assignments", ())
        if not isinstance(assignments, list | tuple):
            raise ValueError("'assignments' must be a list")
        forecast = data.get("forecast")
        if forecast is not None and not isinstance(forecast, dict):
            raise ValueError("'forecast' must be a mapping with 'stage' and 'win_probability'")
        rivals = data.get("rivals", ())
        if not isinstance(rivals, list | tuple):
            raise ValueError("'rivals' must be a list of rival orders")
        return cls(
            assignments=tuple(Assignment.from_dict(a) for a in data.get("assignments", ())),
            forecast=None
            if forecast is None
            else Forecast(str(forecast["stage"]), float(forecast["win_probability"])),
            rivals=tuple(RivalOrder.from_dict(r) for r in rivals),
        )


@dataclass(frozen=True)
class Reason:
    """Why a plan was rejected: a reason code and its parameters (ids and numbers, no words).

    The sentence is made where it is shown: :func:`sim.i18n.plans.reason_message` reads the
    catalog entry ``plan.<key>``."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    where: int | None = None  # index of the assignment, None for the plan as a whole

    def code(self) -> str:
        """The reason in one language-free line, for logs and exception text:
        ``assignments.1: over_capacity(member=rep, hours=34.0, available=30.0)``."""
        params = ", ".join(f"{name}={value}" for name, value in self.params.items())
        text = f"{self.key}({params})"
        return text if self.where is None else f"assignments.{self.where}: {text}"


class PlanError(ValueError):
    """A plan that cannot be carried out; the session is left as it was.

    ``reasons`` say why, as codes; :func:`sim.i18n.plans.reason_messages` gives the sentences.
    The exception's own text is the codes (:meth:`Reason.code`), for logs."""

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reason.code() for reason in reasons))
