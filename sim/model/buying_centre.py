"""The customer's buying centre: hidden perceptions, preferences and influence.

State is held in small numpy arrays indexed ``[stakeholder, vendor, dimension]``; vendor 0 is
us, vendors 1.. are the competitors in scenario order. ``status_quo`` is each stakeholder's
utility of doing nothing. Perception of ``implementation_risk`` is stored as *confidence*
(1 = no perceived risk), so higher is better on every dimension.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from sim.scenario.schema import DIMENSIONS, Parameters, Scenario, Successor

Array = NDArray[np.float64]

BV, TF, IR, PR, REL = range(len(DIMENSIONS))
US = 0
AFFINITY_PER_POINT = 0.03
RELATIONSHIP_PER_POINT = 0.06
STATUS_QUO_PER_POINT = 0.04

# The presentation angle that fits each department (DOMAIN.md: the presales failure).
FITTING_ANGLE = {
    "business": "business",
    "executive": "business",
    "finance": "business",
    "procurement": "business",
    "technical": "technology",
}


BLUE_SHEET_SCALE = 25.0  # utility difference of 0.2 reads as the scale's +5


def _blue_sheet(advantage: Array) -> Array:
    """Utility advantage → whole points on the Blue Sheet scale −5..+5."""
    points = np.rint(BLUE_SHEET_SCALE * advantage)
    np.maximum(points, -5.0, out=points)
    np.minimum(points, 5.0, out=points)
    return points


def receptivity_of(mode: str, params: Parameters) -> float:
    """How far a stakeholder can be moved, by Miller Heiman response mode."""
    value: float = getattr(params, f"receptivity_{mode}")
    return value


@dataclass
class BuyingCentre:
    """Hidden truth about the customer's people; the team sees it only through observation."""

    ids: tuple[str, ...]
    departments: list[str]
    roles: list[tuple[str, ...]]
    modes: list[str]
    influence: Array  # [S], sums to 1
    concerns: Array  # [S, D], rows sum to 1
    perception: Array  # [S, V, D]
    affinity: Array  # [S, V] personal leaning, does not drift
    status_quo: Array  # [S]
    receptivity: Array  # [S]
    links: Array  # [S, S] row-stochastic influence matrix (self weight on the diagonal)
    proof: Array  # [S] evidence seen that we can implement (references, plans, our PM)
    doubt: Array  # [S] doubt about us raised by competitors
    consensus: float
    economic_buyer: int
    names: list[str] = field(default_factory=list)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> BuyingCentre:
        people = scenario.stakeholders
        vendors = scenario.vendor_ids
        params = scenario.parameters
        n, v = len(people), len(vendors)
        influence = np.array([p.influence for p in people], dtype=float)
        influence /= influence.sum()
        concerns = np.array([p.concerns.as_tuple() for p in people], dtype=float)
        concerns /= concerns.sum(axis=1, keepdims=True)
        reputations = [scenario.solution.reputation.as_tuple()] + [
            c.reputation.as_tuple() for c in scenario.competitors
        ]
        perception = np.empty((n, v, len(DIMENSIONS)))
        affinity = np.zeros((n, v))
        status_quo = np.zeros(n)
        for s, person in enumerate(people):
            for k, vendor in enumerate(vendors):
                leaning = person.disposition.get(vendor, 0)
                perception[s, k] = reputations[k]
                perception[s, k, REL] = np.clip(0.5 + RELATIONSHIP_PER_POINT * leaning, 0.0, 1.0)
                affinity[s, k] = AFFINITY_PER_POINT * leaning
        utility = np.einsum("sd,svd->sv", concerns, perception) + affinity
        for s, person in enumerate(people):
            status_quo[s] = utility[s].mean() + STATUS_QUO_PER_POINT * person.disposition.get(
                "none", 0
            )
        index = {p.id: i for i, p in enumerate(people)}
        links = np.zeros((n, n))
        for s, person in enumerate(people):
            for other, weight in person.links.items():
                links[s, index[other]] = weight
            links[s, s] = 1.0 - links[s].sum()
        economic = next(i for i, p in enumerate(people) if "economic_buyer" in p.roles)
        return cls(
            ids=tuple(p.id for p in people),
            departments=[p.department for p in people],
            roles=[tuple(p.roles) for p in people],
            modes=[p.response_mode for p in people],
            influence=influence,
            concerns=concerns,
            perception=perception,
            affinity=affinity,
            status_quo=status_quo,
            receptivity=np.array([receptivity_of(p.response_mode, params) for p in people]),
            links=links,
            proof=np.zeros(n),
            doubt=np.zeros(n),
            consensus=0.5,
            economic_buyer=economic,
            names=[p.name.en for p in people],
        )

    # --- reading the state -------------------------------------------------------------
    def utility(self) -> Array:
        """[S, V+1]: each stakeholder's utility of each vendor, then of doing nothing."""
        vendors = np.einsum("sd,svd->sv", self.concerns, self.perception) + self.affinity
        return np.concatenate([vendors, self.status_quo[:, None]], axis=1)

    def choice(self, temperature: float) -> Array:
        """[S, V+1]: each stakeholder's probability of backing each option (logit choice)."""
        u = self.utility() / temperature
        u -= u.max(axis=1, keepdims=True)
        e = np.exp(u)
        result: Array = e / e.sum(axis=1, keepdims=True)
        return result

    def support(self, temperature: float) -> Array:
        """[V+1]: influence-weighted support for each vendor and for doing nothing."""
        result: Array = self.influence @ self.choice(temperature)
        return result

    def disposition(self) -> Array:
        """[S, V+1] on the Blue Sheet scale −5..+5: each option against the mean of the others."""
        u = self.utility()
        count = u.shape[1]
        others = (u.sum(axis=1, keepdims=True) - u) / (count - 1)
        return _blue_sheet(u - others)

    def disposition_of(self, s: int) -> Array:
        """[V+1] one stakeholder's disposition (same scale as :meth:`disposition`)."""
        u = np.empty(self.perception.shape[1] + 1)
        u[:-1] = self.perception[s] @ self.concerns[s] + self.affinity[s]
        u[-1] = self.status_quo[s]
        others = (u.sum() - u) / (u.size - 1)
        return _blue_sheet(u - others)

    def leans_to_us(self, s: int) -> bool:
        """Does stakeholder ``s`` rate us at least as well as the average other option?"""
        return bool(self.disposition_of(s)[US] >= 0)

    def index(self, stakeholder_id: str) -> int:
        return self.ids.index(stakeholder_id)

    def has_role(self, s: int, role: str) -> bool:
        return role in self.roles[s]

    # --- changing the state ------------------------------------------------------------
    def move(self, s: int, vendor: int, dim: int, gain: float, ceiling: float) -> float:
        """Close ``gain`` of the gap between perception and what the vendor can really show."""
        current = float(self.perception[s, vendor, dim])
        step = gain * (ceiling - current) if ceiling > current else 0.0
        self.perception[s, vendor, dim] = current + step
        return step

    def set_back(self, s: int, vendor: int, dim: int, amount: float) -> float:
        current = float(self.perception[s, vendor, dim])
        new = max(0.0, current - amount)
        self.perception[s, vendor, dim] = new
        return new - current

    def drift(self, rate: float) -> None:
        """One week of opinion drift along the influence links (DeGroot)."""
        if rate <= 0.0:
            return
        n = self.perception.shape[0]
        flat = self.perception.reshape(n, -1)
        flat += rate * (self.links @ flat - flat)
        self.status_quo += rate * (self.links @ self.status_quo - self.status_quo)

    def replace(
        self,
        s: int,
        successor: Successor,
        reputations: Array,
        params: Parameters,
        vendors: tuple[str, ...],
    ) -> None:
        """A new person takes seat ``s``: perceptions restart from reputation, leanings anew."""
        concerns = np.array(successor.concerns.as_tuple(), dtype=float)
        self.concerns[s] = concerns / concerns.sum()
        self.modes[s] = successor.response_mode
        self.receptivity[s] = receptivity_of(successor.response_mode, params)
        leaning = successor.disposition
        for k, vendor in enumerate(vendors):
            self.perception[s, k] = reputations[k]
            lean = leaning.get(vendor, 0)
            self.perception[s, k, REL] = np.clip(0.5 + RELATIONSHIP_PER_POINT * lean, 0.0, 1.0)
            self.affinity[s, k] = AFFINITY_PER_POINT * lean
        vendor_u = self.concerns[s] @ self.perception[s].T + self.affinity[s]
        self.status_quo[s] = vendor_u.mean() + STATUS_QUO_PER_POINT * leaning.get("none", 0)
        self.proof[s] = 0.0
        self.doubt[s] = 0.0
        self.names[s] = successor.name.en
