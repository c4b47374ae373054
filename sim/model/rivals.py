"""A competitor played by people (the red team): their weekly orders and what they can see.

In the course this product comes from, colleagues who used to work for a competitor play it,
raising doubts through the customer. A :class:`RivalOrder` is one week's decision for one
vendor: up to its capacity of moves, each at one stakeholder, chosen from its archetype's
repertoire (``MOVE_SETS`` in :mod:`sim.model.competitors`), and optionally the discount it bids
at. The order rides on the week's :class:`~sim.model.plans.Plan` (``rivals``), so a game with a
red team replays from its decisions like any other. A vendor without an order that week plays
its archetype.

The red team sees what that vendor could observe (:func:`rival_view`): the people it can reach,
what it learned from those it met, the meetings of ours it heard of, its own bid. Never our
team's plans, our beliefs or the hidden state.

Imports: the scenario schema only (the agents are named for typing). Ids and codes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sim.model.competitors import CompetitorAgent
    from sim.model.deal import Deal


@dataclass(frozen=True)
class RivalMove:
    move: str  # relationship_visit | demo | price_offer | raise_doubt
    target: str  # a stakeholder id


@dataclass(frozen=True)
class RivalOrder:
    """One vendor's week, decided by a person."""

    vendor: str
    moves: tuple[RivalMove, ...] = ()
    discount: float | None = None  # the discount it bids (or makes its final offer) at

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "vendor": self.vendor,
            "moves": [{"move": m.move, "target": m.target} for m in self.moves],
        }
        if self.discount is not None:
            data["discount"] = self.discount
        return data

    @classmethod
    def from_dict(cls, data: object) -> RivalOrder:
        """Build from plain data; raise ValueError saying what is malformed."""
        if not isinstance(data, dict) or "vendor" not in data:
            raise ValueError(f"a rival order must be a mapping with 'vendor', not {data!r}")
        unknown = set(data) - {"vendor", "moves", "discount"}
        if unknown:
            raise ValueError(f"unknown rival order keys: {', '.join(sorted(map(str, unknown)))}")
        moves = data.get("moves", [])
        if not isinstance(moves, list | tuple) or not all(
            isinstance(m, dict) and set(m) == {"move", "target"} for m in moves
        ):
            raise ValueError("'moves' must be a list of mappings with 'move' and 'target'")
        discount = data.get("discount")
        if discount is not None and (
            isinstance(discount, bool) or not isinstance(discount, int | float)
        ):
            raise ValueError(f"discount must be a number, not {discount!r}")
        return cls(
            vendor=str(data["vendor"]),
            moves=tuple(RivalMove(str(m["move"]), str(m["target"])) for m in moves),
            discount=None if discount is None else float(discount),
        )


class RivalPerson(NamedTuple):
    """One stakeholder as a competitor sees them."""

    id: str
    department: str
    reachable: bool  # by this vendor, now
    met: bool  # this vendor has worked them
    concerns: tuple[float, ...] | None  # known once met (an incumbent knows everyone's)
    heard_us: bool  # it heard we met them last week


class RivalView(NamedTuple):
    """What one competitor could observe at the start of a week."""

    vendor: str
    archetype: str
    week: int
    phase: str
    moves: tuple[str, ...]  # what it may do
    capacity: int  # moves per week
    max_discount: float
    discount: float  # the discount it would bid at now
    people: tuple[RivalPerson, ...]
    bid_price: float | None  # its bid once opened
    lowest_price: float | None  # the lowest opened price, once procurement says it


def rival_view(deal: Deal, agent: CompetitorAgent) -> RivalView:
    centre = deal.centre
    people = tuple(
        RivalPerson(
            id=centre.ids[s],
            department=centre.departments[s],
            reachable=agent.can_reach(deal, s),
            met=s in agent.worked,
            concerns=tuple(round(float(x), 2) for x in centre.concerns[s])
            if s in agent.worked or agent.spec.archetype == "incumbent"
            else None,
            heard_us=s in agent.last_heard,
        )
        for s in range(len(centre.ids))
    )
    own = next((b for b in deal.bids if b.vendor == agent.vendor), None)
    return RivalView(
        vendor=agent.id,
        archetype=agent.spec.archetype,
        week=deal.week,
        phase=deal.phase,
        moves=agent.moves(),
        capacity=agent.spec.capacity,
        max_discount=agent.spec.max_discount,
        discount=agent.discount(deal) if agent.seat_discount is None else agent.seat_discount,
        people=people,
        bid_price=None if own is None else own.price,
        lowest_price=min(b.price for b in deal.bids) if deal.bids else None,
    )
