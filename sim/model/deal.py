"""One deal's whole state: buying centre, team, beliefs, the customer's clock, bids, outcome.

The model never imports the engine: events are written through the ``record`` callable that
the engine injects, and randomness comes in as numpy generators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, Protocol

import numpy as np
from numpy.typing import NDArray

from sim.model.activities import Phase
from sim.model.beliefs import Beliefs
from sim.model.buying_centre import BuyingCentre
from sim.model.per_scenario import once_per_scenario
from sim.model.team import Team
from sim.scenario.schema import Scenario

if TYPE_CHECKING:
    from sim.model.competitors import CompetitorAgent
    from sim.model.reactions import Signal
    from sim.model.rivals import RivalOrder

NAN = math.nan


class Recorder(Protocol):
    def __call__(
        self,
        kind: str,
        actor: str = "",
        target: str = "",
        activity: str = "",
        view: str = "public",
        value: float = NAN,
        note: str = "",
    ) -> None: ...


@dataclass
class Bid:
    vendor: int
    price: float
    discount: float
    quality: float


@dataclass
class Clock:
    """The customer's buying clock in whole weeks (drawn once, moved by events)."""

    need_firm: int
    tender_issued: int
    bids_due: int
    award: int
    contract_weeks: int
    delivery_weeks: int
    payment_weeks: int

    def slip(self, weeks: int, after_week: int) -> None:
        """Move every milestone that has not happened yet."""
        for name in ("need_firm", "tender_issued", "bids_due", "award"):
            when = getattr(self, name)
            if when > after_week:
                setattr(self, name, when + weeks)


@dataclass
class PMRequest:
    stakeholder: int
    deadline: int


class _Doors(NamedTuple):
    """What every deal on one scenario starts from: each vendor's strengths and reputation
    ([V, D]), and who can open whose door (see :class:`Deal`)."""

    strengths: NDArray[np.float64]
    reputations: NDArray[np.float64]
    introduces: tuple[tuple[int, ...], ...]
    peer_introducers: tuple[tuple[int, ...], ...]


def _doors(scenario: Scenario) -> _Doors:
    people = scenario.stakeholders
    return _Doors(
        strengths=np.array(
            [scenario.solution.strengths.as_tuple()]
            + [c.strengths.as_tuple() for c in scenario.competitors]
        ),
        reputations=np.array(
            [scenario.solution.reputation.as_tuple()]
            + [c.reputation.as_tuple() for c in scenario.competitors]
        ),
        introduces=tuple(
            tuple(
                o
                for o, other in enumerate(people)
                if other.reach == "introduction" and person.id in other.introduced_by
            )
            for person in people
        ),
        peer_introducers=tuple(
            tuple(
                o
                for o, other in enumerate(people)
                if o != s
                and other.reach == "executive_peer"
                and (
                    person.id in other.links
                    or person.id in other.introduced_by
                    or "coach" in person.roles
                )
            )
            for s, person in enumerate(people)
        ),
    )


class Deal:
    """Everything the rules read and change during one deal."""

    def __init__(
        self,
        scenario: Scenario,
        clock: Clock,
        record: Recorder,
        team_rng: np.random.Generator,
        observation_rng: np.random.Generator,
        signal_rng: np.random.Generator,
    ) -> None:
        self.scenario = scenario
        self.signal_rng = signal_rng  # what the customer lets show (sim.model.reactions)
        # its uniforms drawn ahead in blocks, handed out in order (sim.model.reactions._draws)
        self.signal_block: list[float] = []
        self.signal_next = 0
        self.pending_signals: list[Signal] = []
        self.params = scenario.parameters
        self.clock = clock
        self.record = record
        # whether truth records (view="truth") are kept: the engine's lean mode turns this off
        # so the rules skip writing records the recorder would drop anyway
        self.trace = True
        self.rng = team_rng
        self.vendors = scenario.vendor_ids
        self.centre = BuyingCentre.from_scenario(scenario)
        self.team = Team(scenario)
        self.beliefs = Beliefs(scenario, self.centre, observation_rng)
        doors = once_per_scenario(scenario, "doors", lambda: _doors(scenario))
        self.strengths = doors.strengths.copy()
        self.reputations = doors.reputations.copy()
        self.introduces: list[list[int]] = [list(others) for others in doors.introduces]
        # An executive-peer door opens another way too: someone the executive listens to (their
        # links), names as an introducer, or our coach can get us in — by chance, and only as
        # far as they back us (rules._introductions).
        self.peer_introducers: list[list[int]] = [list(o) for o in doors.peer_introducers]
        self.phase: Phase = "latent"
        self.week = 0
        self.deal_value = scenario.account.deal_value
        self.commercial_weight = scenario.tender.commercial_weight
        self.spend = 0.0  # pursuit expenses, against the budget
        self.labour_cost = 0.0  # hours × hourly cost, part of the cost of sale
        self.hours_used: dict[str, float] = dict.fromkeys(self.team.members, 0.0)
        self.bid_hours = 0.0
        self.bid_points = 0.0
        self.bid_pm_hours = 0.0
        self.bid_discount = 0.0  # list price unless the bid sets a discount
        self.final_discount: float | None = None  # our best and final offer, if we made one
        self.final_round: str = "none"  # none | open (bids opened, offers invited) | closed
        self.price_gap: float | None = None  # our price above the lowest, as procurement told us
        self.bids: list[Bid] = []
        # the competitor agents (set by the engine), and this week's orders for those that
        # people play (the red team), by vendor id
        self.competitors: list[CompetitorAgent] = []
        self.rival_orders: dict[str, RivalOrder] = {}
        self.our_bid: Bid | None = None
        self.pm_customer_weeks: list[int] = []
        self.plan_quality = 0.0
        self.references_used = 0
        self.pm_requests: list[PMRequest] = []
        self.criteria: dict[str, int] = {}
        self.stage_index = 0
        self.outcome: str | None = None
        self.winner: str | None = None
        self.decision_week: int | None = None
        self.contract_value = 0.0
        self.concession = 0.0
        self.scope_cut = 0.0  # share of the bid price traded back as scope in negotiation
        self.negotiated = 0.0
        self.delivery_troubled: bool | None = None
        self.accepted: bool | None = None
        self.payment_collected = 0.0
        self.delivery_cost = 0.0
        self.satisfaction = 0.0
        self.presented_to: set[int] = set()
        self.misfits = [0] * len(scenario.stakeholders)
        # our customer meetings by week: (activity, stakeholder), as rivals may hear of them
        self.our_moves: dict[int, list[tuple[str, int]]] = {}
        self.contact_weeks: list[list[int]] = [[] for _ in scenario.stakeholders]  # per person
        self.win_chance = NAN
        # what the team's views share from the scenario (sim.model.observation), made once
        self.view_static: object | None = None

    # --- small helpers used by rules, competitors and the engine ------------------------
    def index(self, stakeholder_id: str) -> int:
        return self.centre.index(stakeholder_id)

    @property
    def bidding_open(self) -> bool:
        return self.phase == "tender"

    @property
    def decided(self) -> bool:
        return self.outcome is not None

    def budget_left(self) -> float:
        return self.scenario.account.pursuit_budget - self.spend

    def meet_criterion(self, name: str) -> None:
        if name not in self.criteria:
            self.criteria[name] = self.week
            self.record("criterion_met", target=name, value=float(self.week))

    def reachable(self, s: int) -> bool:
        return self.beliefs[self.centre.ids[s]].reachable

    def make_reachable(self, s: int, how: str) -> None:
        belief = self.beliefs[self.centre.ids[s]]
        if not belief.reachable:
            belief.reachable = True
            self.record("access_granted", target=self.centre.ids[s], note=how)

    def set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.record("phase", note=phase, value=float(self.week))
