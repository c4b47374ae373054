"""What the team believes about the buying centre: revealed by contact, with noise."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.model import numerics as nx
from sim.model.buying_centre import BuyingCentre
from sim.scenario.schema import Scenario

REACTION_NUDGE = 1.0  # Blue-Sheet points one noticed reaction moves our reading: assumption


@dataclass
class Belief:
    """The team's picture of one stakeholder; ``None`` means unknown."""

    role: tuple[str, ...] | None = None
    influence: float | None = None
    response_mode: str | None = None
    concerns: tuple[float, ...] | None = None
    disposition: tuple[float, ...] | None = None  # toward each vendor, then doing nothing
    links: tuple[str, ...] | None = None
    agenda_known: bool = False
    met: bool = False
    mapped: bool = False  # role and links confirmed by our own mapping
    needs_known: bool = False
    reachable: bool = True
    last_seen_week: int = -1
    contacts: int = 0
    notes: list[str] = field(default_factory=list)


class Beliefs:
    """One :class:`Belief` per stakeholder, updated by the rules as the team learns."""

    def __init__(self, scenario: Scenario, centre: BuyingCentre, rng: np.random.Generator) -> None:
        self.rng = rng
        self.noise = scenario.parameters.observation_noise
        self.by_id: dict[str, Belief] = {}
        for s, person in enumerate(scenario.stakeholders):
            belief = Belief(reachable=person.reach == "open")
            known = set(person.known)
            if "role" in known:
                belief.role = tuple(person.roles)
            if "influence" in known:
                belief.influence = float(centre.influence[s])
            if "response_mode" in known:
                belief.response_mode = person.response_mode
            if "concerns" in known:
                belief.concerns = tuple(float(x) for x in centre.concerns[s])
            if "disposition" in known:
                belief.disposition = tuple(float(x) for x in centre.disposition()[s])
            if "links" in known:
                belief.links = tuple(person.links)
            belief.agenda_known = "agenda" in known
            self.by_id[person.id] = belief
        self.links_truth = {p.id: tuple(p.links) for p in scenario.stakeholders}

    def __getitem__(self, stakeholder_id: str) -> Belief:
        return self.by_id[stakeholder_id]

    def observe_disposition(
        self, centre: BuyingCentre, s: int, accuracy: float
    ) -> tuple[float, ...]:
        """A reading of how the stakeholder leans, noisier for a less skilled observer."""
        truth = centre.disposition_of(s)
        spread = 5.0 * self.noise * (1.5 - accuracy)
        reading = np.rint(truth + nx.normal(self.rng, spread, truth.shape))
        value = tuple(min(5.0, max(-5.0, x)) for x in reading.tolist())
        self.by_id[centre.ids[s]].disposition = value
        return value

    def observe_concerns(self, centre: BuyingCentre, s: int, accuracy: float) -> tuple[float, ...]:
        truth = centre.concerns[s]
        noisy = np.clip(
            truth + nx.normal(self.rng, self.noise * (1.2 - accuracy), truth.shape), 0.0, None
        )
        total = nx.total(noisy.tolist())
        estimate = noisy / total if total > 0 else truth
        value = tuple(round(float(x), 2) for x in estimate)
        belief = self.by_id[centre.ids[s]]
        belief.concerns = value
        belief.response_mode = centre.modes[s]
        belief.needs_known = True
        return value

    def observe_structure(self, centre: BuyingCentre, s: int, accuracy: float) -> None:
        """Mapping: role, influence (with noise) and links of one stakeholder."""
        belief = self.by_id[centre.ids[s]]
        belief.role = centre.roles[s]
        belief.mapped = True
        noisy = centre.influence[s] * (1.0 + nx.normal(self.rng, self.noise * (1.2 - accuracy)))
        belief.influence = round(float(np.clip(noisy, 0.01, 1.0)), 2)
        belief.links = self.links_truth[centre.ids[s]]

    def hear_reaction(self, stakeholder_id: str, tone: str) -> None:
        """A reaction the team noticed nudges its reading of how the person leans toward us
        (``REACTION_NUDGE`` points, warm up, cool down): the map moves with the feed."""
        belief = self.by_id[stakeholder_id]
        if belief.disposition is None:
            return  # no reading yet to move: the reaction is in the feed only
        step = REACTION_NUDGE if tone == "warm" else -REACTION_NUDGE
        ours = min(5.0, max(-5.0, belief.disposition[0] + step))
        belief.disposition = (ours, *belief.disposition[1:])

    def forget(self, stakeholder_id: str) -> None:
        """A new person holds the seat: what we knew of the old one no longer applies."""
        old = self.by_id[stakeholder_id]
        self.by_id[stakeholder_id] = Belief(role=old.role, reachable=old.reachable)
