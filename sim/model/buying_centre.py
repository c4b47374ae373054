"""The customer's buying centre: hidden perceptions, preferences and influence.

State is held in small numpy arrays indexed ``[stakeholder, vendor, dimension]``; vendor 0 is
us, vendors 1.. are the competitors in scenario order. ``status_quo`` is each stakeholder's
utility of doing nothing. Perception of ``implementation_risk`` is stored as *confidence*
(1 = no perceived risk), so higher is better on every dimension.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.model import numerics as nx
from sim.model.per_scenario import once_per_scenario
from sim.scenario.schema import DIMENSIONS, Parameters, Scenario, Successor

Array = NDArray[np.float64]

BV, TF, IR, PR, REL = range(len(DIMENSIONS))
US = 0
AFFINITY_PER_POINT = 0.03
RELATIONSHIP_PER_POINT = 0.06
STATUS_QUO_PER_POINT = 0.04
CONSENSUS_SETTLING = 0.05  # weekly pull of consensus toward the group's own alignment: assumption
FAMILIARITY_WEIGHT = 0.1  # utility of a well-known vendor over a stranger: assumption
FAMILIARITY_STEP = 0.35  # share of what is left to know that one meeting adds: assumption
KNOWN_SUPPLIER = 0.4  # familiarity of an existing supplier or incumbent at the start: assumption
INCUMBENCY_PROOF = 0.5  # share of the switching cost our proof of delivery removes: assumption
STATUS_QUO_ROOM = 0.25  # how far selling can erode the pull of doing nothing: assumption

# The presentation angle that fits each department: assumption (Care, Mastering Technical Sales).
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


def _starting_familiarity(scenario: Scenario, n: int) -> Array:
    """[S, V] how well each stakeholder knows each vendor before the pursuit: an existing
    supplier (a cross-sell) and an incumbent are known; a new vendor is not."""
    known = [1.0 if scenario.account.sale_type != "new_account" else 0.0]
    known += [1.0 if c.archetype == "incumbent" else 0.0 for c in scenario.competitors]
    return np.tile(np.array(known) * KNOWN_SUPPLIER, (n, 1))


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
    status_quo_floor: Array  # [S] the least doing nothing can come to be worth (erosion bound)
    receptivity: Array  # [S]
    links: Array  # [S, S] row-stochastic influence matrix (self weight on the diagonal)
    proof: Array  # [S] evidence seen that we can implement (references, plans, our PM)
    doubt: Array  # [S] doubt about us raised by competitors
    consensus: float
    economic_buyer: int
    names: list[str] = field(default_factory=list)
    incumbency: Array = field(default_factory=lambda: np.zeros(0))  # [V] switching-cost utility
    familiarity: Array = field(default_factory=lambda: np.zeros((0, 0)))  # [S, V] 0..1
    _switching_of: Array | None = field(default=None, init=False, repr=False, compare=False)
    _switching_list: list[float] | None = field(default=None, init=False, repr=False, compare=False)
    _fixed: tuple[Array, Array, list[list[float]], list[list[float]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # each stakeholder's seat: a seat's id stays when a successor takes it
    _seats: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> BuyingCentre:
        """The buying centre at the start of a deal: a copy of the one worked out for this
        scenario object (the same numbers for every deal on it)."""
        start = once_per_scenario(scenario, "buying_centre", lambda: cls._start(scenario))
        return start.copy()

    def copy(self) -> BuyingCentre:
        """An independent copy: every array and list copied (one level deep, as the rules
        change them); the caches start empty."""
        copied: dict[str, Any] = {}
        for name in _INIT_FIELDS:
            value = getattr(self, name)
            copied[name] = value.copy() if isinstance(value, np.ndarray | list) else value
        return BuyingCentre(**copied)

    @classmethod
    def _start(cls, scenario: Scenario) -> BuyingCentre:
        people = scenario.stakeholders
        vendors = scenario.vendor_ids
        params = scenario.parameters
        n, v = len(people), len(vendors)
        influence = np.array([p.influence for p in people], dtype=float)
        influence /= nx.total(influence.tolist())
        concerns = np.array([p.concerns.as_tuple() for p in people], dtype=float)
        concerns /= nx.row_totals(concerns)[:, None]
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
                perception[s, k, REL] = min(max(0.5 + RELATIONSHIP_PER_POINT * leaning, 0.0), 1.0)
                affinity[s, k] = AFFINITY_PER_POINT * leaning
        utility = nx.contract_last(concerns[:, None, :], perception) + affinity
        for s, person in enumerate(people):
            lean = person.disposition.get("none", 0)
            status_quo[s] = nx.mean(utility[s].tolist()) + STATUS_QUO_PER_POINT * lean
        index = {p.id: i for i, p in enumerate(people)}
        links = np.zeros((n, n))
        for s, person in enumerate(people):
            for other, weight in person.links.items():
                links[s, index[other]] = weight
            links[s, s] = 1.0 - nx.total(links[s].tolist())
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
            status_quo_floor=status_quo - STATUS_QUO_ROOM,
            receptivity=np.array([receptivity_of(p.response_mode, params) for p in people]),
            links=links,
            proof=np.zeros(n),
            doubt=np.zeros(n),
            consensus=0.5,
            economic_buyer=economic,
            names=[p.name.en for p in people],
            incumbency=np.array([0.0, *(c.incumbency_bonus for c in scenario.competitors)]),
            familiarity=_starting_familiarity(scenario, n),
        )

    def _switching(self) -> list[float] | None:
        """``incumbency`` as Python floats, None when it is all zero (kept while the array is
        the same object: no rule changes it in place)."""
        if self._switching_of is not self.incumbency:
            self._switching_of = self.incumbency
            self._switching_list = self.incumbency.tolist() if self.incumbency.any() else None
        return self._switching_list

    # --- reading the state -------------------------------------------------------------
    def utility(self) -> Array:
        """[S, V+1]: each stakeholder's utility of each vendor, then of doing nothing."""
        vendors = nx.contract_last(self.concerns[:, None, :], self.perception) + self.affinity
        vendors = vendors + FAMILIARITY_WEIGHT * self.familiarity
        if self._switching() is not None:
            # switching cost weighs less for those who have seen that we can deliver
            vendors = vendors + (1.0 - INCUMBENCY_PROOF * self.proof)[:, None] * self.incumbency
        return np.concatenate([vendors, self.status_quo[:, None]], axis=1)

    def choice(self, temperature: float, utility: Array | None = None) -> Array:
        """[S, V+1]: each stakeholder's probability of backing each option (logit choice;
        ``utility``: :meth:`utility` if already at hand)."""
        return nx.softmax_rows((self.utility() if utility is None else utility) / temperature)

    def choice_of(self, s: int, temperature: float) -> list[float]:
        """Row ``s`` of :meth:`choice`, bit for bit (softmax works row by row)."""
        if not self._small():
            row: list[float] = self.choice(temperature)[s].tolist()
            return row
        return _softmax_row(self._utility_row(s), temperature)

    def _small(self) -> bool:
        """Small enough that :func:`nx.exp` takes its Python-float path for the whole table,
        so one row's numbers can be computed alone in Python floats."""
        people, vendors = self.perception.shape[0], self.perception.shape[1]
        return int(people) * (int(vendors) + 1) <= nx.SMALL

    def _utility_row(self, s: int) -> list[float]:
        """Row ``s`` of :meth:`utility` in Python floats: the same operations in the same
        order (elementwise IEEE arithmetic gives the same bits in numpy and in Python)."""
        concerns, affinity = self._fixed_rows()
        row = _utility_of(
            concerns[s],
            self.perception[s].tolist(),
            affinity[s],
            self.familiarity[s].tolist(),
            self.proof.item(s),
            self._switching(),
        )
        row.append(self.status_quo.item(s))
        return row

    def _fixed_rows(self) -> tuple[list[list[float]], list[list[float]]]:
        """``concerns`` and ``affinity`` as Python floats. Only :meth:`replace` changes them
        (and forgets these); they are also read anew if either array is replaced."""
        kept = self._fixed
        if kept is None or kept[0] is not self.concerns or kept[1] is not self.affinity:
            kept = (self.concerns, self.affinity, self.concerns.tolist(), self.affinity.tolist())
            self._fixed = kept
        return kept[2], kept[3]

    def support(self, temperature: float, choice: Array | None = None) -> Array:
        """[V+1]: influence-weighted support for each vendor and for doing nothing
        (``choice``: :meth:`choice` if already at hand)."""
        return nx.weighted_rows(
            self.influence, self.choice(temperature) if choice is None else choice
        )

    def disposition(self, utility: Array | None = None) -> Array:
        """[S, V+1] on the Blue Sheet scale −5..+5: each option against the mean of the others
        (``utility``: :meth:`utility` if already at hand)."""
        u = self.utility() if utility is None else utility
        count = u.shape[1]
        others = (nx.row_totals(u)[:, None] - u) / (count - 1)
        return _blue_sheet(u - others)

    def disposition_of(self, s: int) -> Array:
        """[V+1] one stakeholder's disposition, bit for bit row ``s`` of :meth:`disposition`
        (the same sums in the same order, in Python floats: faster for one row)."""
        return np.array(self.disposition_list(s))

    def disposition_list(self, s: int) -> list[float]:
        """:meth:`disposition_of` as a list of Python floats."""
        u = self._utility_row(s)
        total = u[0]
        for x in u[1:]:
            total = total + x
        count = len(u) - 1
        points = []
        for x in u:  # _blue_sheet in Python floats: rint (half to even; never -0.0), within ±5
            point = float(round(BLUE_SHEET_SCALE * (x - (total - x) / count)))
            points.append(5.0 if point > 5.0 else -5.0 if point < -5.0 else point)
        return points

    def leans_to_us(self, s: int) -> bool:
        """Does stakeholder ``s`` rate us at least as well as the average other option?"""
        return bool(self.disposition_list(s)[US] >= 0)

    def index(self, stakeholder_id: str) -> int:
        seats = self._seats
        if seats is None:
            seats = self._seats = {stakeholder: s for s, stakeholder in enumerate(self.ids)}
        seat = seats.get(stakeholder_id)
        return seat if seat is not None else self.ids.index(stakeholder_id)  # ValueError

    def has_role(self, s: int, role: str) -> bool:
        return role in self.roles[s]

    # --- changing the state ------------------------------------------------------------
    def move(self, s: int, vendor: int, dim: int, gain: float, ceiling: float) -> float:
        """Close ``gain`` of the gap between perception and what the vendor can really show."""
        current = self.perception.item(s, vendor, dim)
        step = gain * (ceiling - current) if ceiling > current else 0.0
        self.perception[s, vendor, dim] = current + step
        return step

    def set_back(self, s: int, vendor: int, dim: int, amount: float) -> float:
        current = self.perception.item(s, vendor, dim)
        new = max(0.0, current - amount)
        self.perception[s, vendor, dim] = new
        return new - current

    def alignment(self, temperature: float, choice: Array | None = None) -> float:
        """1 − the influence-weighted distance (total variation) between each person's choice
        probabilities and the group's: 1 when they all back the same option, lower the more
        their preferences diverge (``choice``: :meth:`choice` if already at hand)."""
        if choice is None:
            choice = self.choice(temperature)
        group = nx.weighted_rows(self.influence, choice)
        distance = 0.5 * nx.row_totals(np.abs(choice - group))
        return 1.0 - nx.total((self.influence * distance).tolist())

    def get_to_know(self, s: int, vendor: int) -> None:
        """A meeting with vendor ``vendor``: stakeholder ``s`` knows them a little better
        (each meeting closes ``FAMILIARITY_STEP`` of what is left to know)."""
        known = self.familiarity.item(s, vendor)
        self.familiarity[s, vendor] = known + FAMILIARITY_STEP * (1.0 - known)

    def shift_consensus(self, delta: float) -> None:
        """Move consensus κ by ``delta`` at κ = 0.5, less near the bounds (never past 0 or 1)."""
        room = 1.0 - self.consensus if delta > 0.0 else self.consensus
        self.consensus += 2.0 * delta * room

    def settle_consensus(self, temperature: float, choice: Array | None = None) -> None:
        """A week of the buying group talking among themselves: consensus moves toward how far
        their preferences actually agree (so it is not ours alone to make or break)."""
        alignment = self.alignment(temperature, choice)
        self.consensus += CONSENSUS_SETTLING * (alignment - self.consensus)

    def erode_status_quo(self, s: int, amount: float) -> float:
        """Selling makes doing nothing less attractive, with diminishing returns: each push
        takes ``amount`` times the share of the room left above the floor, so the status quo
        approaches its floor (initial − ``STATUS_QUO_ROOM``) but never passes it."""
        current = self.status_quo.item(s)
        room = current - self.status_quo_floor.item(s)
        if amount <= 0.0 or room <= 0.0:
            return 0.0
        step = amount * min(1.0, room / STATUS_QUO_ROOM)
        self.status_quo[s] = current - step
        return step

    def drift(self, rate: float) -> None:
        """One week of opinion drift along the influence links (DeGroot)."""
        if rate <= 0.0:
            return
        n = self.perception.shape[0]
        flat = self.perception.reshape(n, -1)
        # one product for both (each column is mixed alone, in the same order): the status
        # quo rides as a last column
        both = np.concatenate([flat, self.status_quo[:, None]], axis=1)
        mixed = nx.mix(self.links, both)
        flat += rate * (mixed[:, :-1] - flat)
        self.status_quo += rate * (mixed[:, -1] - self.status_quo)

    def replace(
        self,
        s: int,
        successor: Successor,
        reputations: Array,
        params: Parameters,
        vendors: tuple[str, ...],
    ) -> None:
        """A new person takes seat ``s``: perceptions restart from reputation, leanings anew."""
        self._fixed = None  # their concerns and affinity change
        concerns = np.array(successor.concerns.as_tuple(), dtype=float)
        self.concerns[s] = concerns / nx.total(concerns.tolist())
        self.modes[s] = successor.response_mode
        self.receptivity[s] = receptivity_of(successor.response_mode, params)
        leaning = successor.disposition
        for k, vendor in enumerate(vendors):
            self.perception[s, k] = reputations[k]
            lean = leaning.get(vendor, 0)
            self.perception[s, k, REL] = np.clip(0.5 + RELATIONSHIP_PER_POINT * lean, 0.0, 1.0)
            self.affinity[s, k] = AFFINITY_PER_POINT * lean
        vendor_u = nx.contract_last(self.concerns[s], self.perception[s]) + self.affinity[s]
        lean_none = leaning.get("none", 0)
        self.status_quo[s] = nx.mean(vendor_u.tolist()) + STATUS_QUO_PER_POINT * lean_none
        self.status_quo_floor[s] = self.status_quo[s] - STATUS_QUO_ROOM
        self.proof[s] = 0.0
        self.doubt[s] = 0.0
        self.names[s] = successor.name.en


_INIT_FIELDS = tuple(f.name for f in fields(BuyingCentre) if f.init)  # copy()'s, in order


def _utility_of(
    weights: list[float],
    perception: list[list[float]],
    affinity: list[float],
    familiarity: list[float],
    proof: float,
    switching: list[float] | None,
) -> list[float]:
    """One stakeholder's utility of each vendor, as :meth:`BuyingCentre.utility` computes it
    (contract_last in index order, then affinity, familiarity and switching cost).

    The five-term sum is written out: Python adds left to right, so ``w0·p0 + w1·p1 + …`` is
    contract_last's order (the first product, then one term at a time)."""
    w0, w1, w2, w3, w4 = weights  # one weight per dimension (DIMENSIONS)
    out = [
        ((w0 * p0 + w1 * p1 + w2 * p2 + w3 * p3 + w4 * p4) + a) + FAMILIARITY_WEIGHT * f
        for (p0, p1, p2, p3, p4), a, f in zip(perception, affinity, familiarity, strict=True)
    ]
    if switching is not None:
        fear = 1.0 - INCUMBENCY_PROOF * proof
        out = [u + fear * cost for u, cost in zip(out, switching, strict=True)]
    return out


def _softmax_row(utility: list[float], temperature: float) -> list[float]:
    """One row of ``nx.softmax_rows(utility / temperature)`` in Python floats (its small-table
    path: :func:`nx.exp1` per value; the row total added in index order)."""
    x = [u / temperature for u in utility]
    top = max(x)
    e = nx.exp_list([v - top for v in x])
    total = e[0]
    for t in e[1:]:
        total = total + t
    return [t / total for t in e]
