"""Competitor agents: four archetypes that sell, react to what they can see, and bid.

Each agent gets a fixed row of pre-drawn uniforms per week (its own random stream), so what we
do changes what a competitor *decides*, never which random numbers it draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.model import numerics as nx
from sim.model.buying_centre import BV, IR, PR, REL, TF, US
from sim.model.deal import Bid, Deal
from sim.model.reactions import react
from sim.model.rivals import RivalOrder
from sim.scenario.schema import Competitor

SEEN_BY_RIVAL = 0.6  # chance a competitor hears of one of our customer meetings
SEEN_BY_US = 0.35  # chance our team hears of one competitor move
COMPETITOR_GAIN = 0.7  # a competitor action relative to one of ours at full skill
DRAWS_PER_ACTION = 2
EXTRA_DRAWS = 8  # up to 7 'did we hear of it' draws, then one for reading our standing
STANDING_NOISE = 0.05  # how far off a rival's read of its own standing can be
UNDERCUT = 0.02  # a price aggressor's final offer below the lowest other one: assumption
CHANGE_PUSH = 0.08  # share of a rival's selling that also erodes the status quo: assumption
PROOF_ACTIVITIES = frozenset({"reference_visit", "implementation_plan", "clarification_answers"})


# What a department usually weighs on implementation, for someone a rival has not met yet.
DEPARTMENT_WORRY = {"technical": 0.35, "executive": 0.25, "business": 0.2, "finance": 0.15}


def draws_per_week(spec: Competitor) -> int:
    return spec.capacity * DRAWS_PER_ACTION + EXTRA_DRAWS


@dataclass
class CompetitorAgent:
    """One rival vendor; ``vendor`` is its index in the buying-centre arrays."""

    spec: Competitor
    vendor: int
    standing_error: float = 0.0  # how far off its read of its own standing is this week
    heard_proof: set[int] = field(default_factory=set)  # where it heard of our proof
    worked: set[int] = field(default_factory=set)  # stakeholders it has met
    last_heard: tuple[int, ...] = ()  # the meetings of ours it heard of this week
    seat_discount: float | None = None  # the discount a person playing it chose to bid at
    _ranked: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)
    _ranked_of: object = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.spec.id

    # --- what it can see ---------------------------------------------------------------
    def heard_of(self, deal: Deal, draws: Sequence[float]) -> list[tuple[int, str]]:
        """Our customer meetings of last week this rival heard about: (stakeholder, activity)."""
        ours = deal.our_moves.get(deal.week - 1)
        if not ours:
            return []
        met = sorted({(s, activity) for activity, s in ours})
        return [move for move, u in zip(met, draws, strict=False) if u < SEEN_BY_RIVAL]

    def believed_standing(self, deal: Deal) -> float:
        """Its own read of how it compares (read when it prices its bid)."""
        return self.standing(deal) + self.standing_error

    def standing(self, deal: Deal) -> float:
        """How this rival's quality compares with the best other vendor (hidden truth)."""
        views = deal.centre.perception[:, :, BV : IR + 1]  # [S, V, 3]: BV, TF, IR
        quality = nx.row_totals(nx.weighted_rows(np.ones(views.shape[0]), views))
        quality /= views.shape[0] * views.shape[2]
        own = float(quality[self.vendor])
        quality[self.vendor] = -np.inf
        return own - float(quality.max())

    def observe(self, deal: Deal, draws: Sequence[float]) -> list[int]:
        """Read this week's signals; return the stakeholders we were heard meeting."""
        signals = draws[-EXTRA_DRAWS:]
        self.standing_error = STANDING_NOISE * (2.0 * float(signals[-1]) - 1.0)
        heard = self.heard_of(deal, signals[:-1])
        if not heard:
            return []
        self.heard_proof.update([s for s, activity in heard if activity in PROOF_ACTIVITIES])
        return list(dict.fromkeys([s for s, _ in heard]))

    def can_reach(self, deal: Deal, s: int) -> bool:
        """Access, by the same rules as ours: an incumbent knows everyone; another vendor
        reaches open doors, people introduced by someone it has met, and the executives once
        the tender is out (the bid process brings their seniors in front of the customer)."""
        if self.spec.archetype == "incumbent" or s in self.worked:
            return True
        person = deal.scenario.stakeholders[s]
        if person.reach == "open":
            return True
        if person.reach == "introduction":
            return any(deal.index(i) in self.worked for i in person.introduced_by)
        return deal.phase in ("tender", "evaluation")

    def worry(self, deal: Deal, s: int) -> float:
        """How much ``s`` cares about implementation, as far as this rival can know: what it
        learned meeting them, else what their department usually cares about."""
        if s in self.worked or self.spec.archetype == "incumbent":
            return deal.centre.concerns.item(s, IR)
        return DEPARTMENT_WORRY.get(deal.centre.departments[s], 0.2)

    # --- what it does ------------------------------------------------------------------
    def act(
        self,
        deal: Deal,
        draws: Sequence[float] | NDArray[np.float64],
        order: RivalOrder | None = None,
    ) -> None:
        """One week's selling: its archetype's choices, or ``order``'s moves when a person
        plays this vendor (the red team), bound by the same access and capacity. ``draws``:
        this week's row of uniforms (a list of Python floats, or the numpy row: the same
        numbers)."""
        if deal.phase not in ("latent", "requirements", "tender", "evaluation"):
            return
        row: Sequence[float] = draws.tolist() if isinstance(draws, np.ndarray) else draws
        heard = self.observe(deal, row)
        self.last_heard = tuple(heard)
        if order is None:
            # the first ``capacity`` reachable people in its order (can_reach only reads)
            capacity = self.spec.capacity
            plays: list[tuple[int, str]] = []
            if capacity > 0:
                for s in self.choose_targets(deal, heard):
                    if self.can_reach(deal, s):
                        plays.append((s, ""))
                        if len(plays) == capacity:
                            break
        else:
            chosen = [(deal.index(m.target), m.move) for m in order.moves]
            plays = [(s, m) for s, m in chosen if self.can_reach(deal, s)][: self.spec.capacity]
        centre = deal.centre
        vendor = self.vendor
        for k, (s, ordered) in enumerate(plays):
            move = self.move(deal, s) if not ordered else self.play(deal, s, ordered)
            centre.get_to_know(s, vendor)
            self.worked.add(s)
            seen = row[k * DRAWS_PER_ACTION] < SEEN_BY_US
            stakeholder = centre.ids[s]
            if deal.trace:
                deal.record(
                    "competitor_move",
                    actor=self.id,
                    target=stakeholder,
                    activity=move,
                    view="truth",
                    note="seat" if ordered else "",
                )
            if seen:
                deal.record(
                    "competitor_seen", actor=self.id, target=stakeholder, activity=move, view="team"
                )

    def moves(self) -> tuple[str, ...]:
        """What a person playing this vendor may do: its archetype's own move, and visits."""
        return MOVE_SETS[self.spec.archetype]

    def play(self, deal: Deal, s: int, move: str) -> str:
        """Carry out one move a person chose (one of :meth:`moves`)."""
        if move == self.moves()[0]:
            return self.move(deal, s) if move != "raise_doubt" else raise_doubt(self, deal, s)
        if move == "demo":
            self.sell(deal, s, TF, 1.0)
        else:  # a relationship visit, as any vendor makes one
            CompetitorAgent.move(self, deal, s)
        return move

    def choose_targets(self, deal: Deal, heard: list[int]) -> list[int]:
        """Default: answer our meetings first, then the most influential people."""
        ranked = self._by_influence(deal)
        return [*heard, *(s for s in ranked if s not in heard)]

    def _by_influence(self, deal: Deal) -> tuple[int, ...]:
        """Stakeholders by influence, highest first (ties in index order); influence never
        changes during a deal, so the order is kept while the array is the same object."""
        influence = deal.centre.influence
        if self._ranked_of is not influence:
            weights = influence.tolist()
            self._ranked = tuple(sorted(range(len(weights)), key=lambda s: -weights[s]))
            self._ranked_of = influence
        return self._ranked

    def sell(self, deal: Deal, s: int, dim: int, strength: float = 1.0) -> None:
        centre = deal.centre
        gain = deal.params.activity_gain * COMPETITOR_GAIN * strength * centre.receptivity.item(s)
        centre.move(s, self.vendor, dim, gain, deal.strengths.item(self.vendor, dim))
        # every vendor's selling makes the case for change a little, not only ours
        centre.erode_status_quo(s, CHANGE_PUSH * gain)

    def move(self, deal: Deal, s: int) -> str:
        self.sell(deal, s, REL)
        self.sell(deal, s, BV, 0.5)
        return "relationship_visit"

    def bid(self, deal: Deal) -> Bid:
        discount = self.discount(deal) if self.seat_discount is None else self.seat_discount
        price = deal.deal_value * self.spec.price_ratio * (1.0 - discount)
        return Bid(self.vendor, price, discount, quality=0.9)

    def discount(self, deal: Deal) -> float:
        return self.spec.max_discount * self.spec.aggressiveness * 0.5

    # --- best and final offer -----------------------------------------------------------
    FINAL_SHARE = 0.5  # share of its gap to the lowest price it gives up when told: assumption

    def final_share(self, deal: Deal) -> float:
        return self.FINAL_SHARE

    def final_bid(self, deal: Deal, own: Bid, lowest_other: float) -> Bid:
        """Told by procurement how its price compares with the lowest other offer, it closes
        ``final_share`` of the gap (never past its own floor, never raising its price). A
        person playing it offers the discount they chose (never a dearer price)."""
        if self.seat_discount is not None:
            list_price = deal.deal_value * self.spec.price_ratio
            return self._offer_at(deal, own, list_price * (1.0 - self.seat_discount))
        target = own.price - self.final_share(deal) * max(0.0, own.price - lowest_other)
        return self._offer_at(deal, own, target)

    def _offer_at(self, deal: Deal, own: Bid, target: float) -> Bid:
        """Its bid re-priced toward ``target``: never dearer than ``own``, never past its floor."""
        list_price = deal.deal_value * self.spec.price_ratio
        discount = min(self.spec.max_discount, max(own.discount, 1.0 - target / list_price))
        return Bid(self.vendor, list_price * (1.0 - discount), discount, own.quality)


class Incumbent(CompetitorAgent):
    """Holds the relationships and sells low implementation risk."""

    def move(self, deal: Deal, s: int) -> str:
        self.sell(deal, s, REL, 1.2)
        self.sell(deal, s, IR, 0.8)
        return "relationship_visit"

    def discount(self, deal: Deal) -> float:
        return (
            self.spec.max_discount
            * self.spec.aggressiveness
            * (0.8 if self.believed_standing(deal) < 0 else 0.3)
        )

    def final_share(self, deal: Deal) -> float:
        """Defends the account: meets the lower price more when it knows it is behind."""
        return 0.7 if self.believed_standing(deal) < 0 else 0.35


class PriceAggressor(CompetitorAgent):
    """Courts procurement and finance; cuts price at bid time, harder when behind on quality."""

    def choose_targets(self, deal: Deal, heard: list[int]) -> list[int]:
        buyers = [
            s for s, d in enumerate(deal.centre.departments) if d in ("procurement", "finance")
        ]
        rest = super().choose_targets(deal, heard)
        return [*buyers, *(s for s in rest if s not in buyers)]

    def move(self, deal: Deal, s: int) -> str:
        self.sell(deal, s, PR, 1.2)
        self.sell(deal, s, REL, 0.5)
        return "price_offer"

    def discount(self, deal: Deal) -> float:
        behind = max(0.0, -self.believed_standing(deal)) / 0.2
        return self.spec.max_discount * float(
            np.clip(0.5 * self.spec.aggressiveness + behind, 0.0, 1.0)
        )

    def final_bid(self, deal: Deal, own: Bid, lowest_other: float) -> Bid:
        """Undercuts the lowest other offer by ``UNDERCUT`` if its floor allows."""
        return self._offer_at(deal, own, min(own.price, lowest_other * (1.0 - UNDERCUT)))


class TechnicalLeader(CompetitorAgent):
    """Demos to technical buyers; answers our demos with its own."""

    def choose_targets(self, deal: Deal, heard: list[int]) -> list[int]:
        technical = [s for s, d in enumerate(deal.centre.departments) if d == "technical"]
        users = [s for s in range(len(deal.centre.ids)) if deal.centre.has_role(s, "user_buyer")]
        rest = super().choose_targets(deal, heard)
        order = [*heard, *technical, *users, *rest]
        return list(dict.fromkeys(order))

    def move(self, deal: Deal, s: int) -> str:
        self.sell(deal, s, TF, 1.5)
        return "demo"

    def final_share(self, deal: Deal) -> float:
        """Holds on quality: gives up little of its price."""
        return 0.2


DOUBT_DECAY = 0.69  # each repeat convinces e^-0.69 ≈ half as much (harm bounded): assumption


class DoubtRaiser(CompetitorAgent):
    """Asks through the customer about our record, our PMs and our guarantees (FUD)."""

    def choose_targets(self, deal: Deal, heard: list[int]) -> list[int]:
        """Those who worry most about implementation (as far as it knows: ``worry``) and weigh
        most; where it heard of our proof (a reference visit, a plan, our PM answering) comes
        last."""
        influence = deal.centre.influence.tolist()
        worry = [self.worry(deal, s) * weight for s, weight in enumerate(influence)]
        proof = self.heard_proof
        ranked = sorted(range(len(worry)), key=lambda s: (s in proof, -worry[s]))
        return list(dict.fromkeys([*(s for s in heard if s not in proof), *ranked]))

    def move(self, deal: Deal, s: int) -> str:
        if s in self.heard_proof:  # it heard we proved ourselves here: sell instead of doubting
            self.sell(deal, s, IR)
            self.sell(deal, s, BV, 0.5)
            return "relationship_visit"
        return raise_doubt(self, deal, s)


def raise_doubt(agent: CompetitorAgent, deal: Deal, s: int) -> str:
    """Doubt about our record, told to ``s``: the customer's own evidence shields them, and
    the same worry told again convinces less (the n-th doubt weighs e^(−0.69 n) ≈ 2^−n)."""
    centre = deal.centre
    params = deal.params
    shield = params.proof_shield * centre.proof.item(s)
    doubt = centre.doubt.item(s)
    credibility = (1.0 - shield) * nx.exp1(-DOUBT_DECAY * doubt)
    centre.set_back(s, US, IR, params.doubt_effect * credibility)
    centre.doubt[s] = doubt + 1.0
    centre.status_quo[s] = centre.status_quo.item(s) + params.doubt_no_decision * credibility
    agent.sell(deal, s, IR, 0.5)
    react(deal, "raise_doubt", s, agent.id)
    return "raise_doubt"


# What a person playing each archetype may do: its own move first, then the others it can make.
MOVE_SETS: dict[str, tuple[str, ...]] = {
    "incumbent": ("relationship_visit", "demo"),
    "price_aggressor": ("price_offer", "relationship_visit"),
    "technical_leader": ("demo", "relationship_visit"),
    "doubt_raiser": ("raise_doubt", "relationship_visit"),
}


ARCHETYPES: dict[str, type[CompetitorAgent]] = {
    "incumbent": Incumbent,
    "price_aggressor": PriceAggressor,
    "technical_leader": TechnicalLeader,
    "doubt_raiser": DoubtRaiser,
}


def make_agents(competitors: tuple[Competitor, ...]) -> list[CompetitorAgent]:
    return [ARCHETYPES[c.archetype](c, i + 1) for i, c in enumerate(competitors)]
