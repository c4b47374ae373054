"""What the team believes about the buying centre: revealed by contact, with noise."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.model import numerics as nx
from sim.model.buying_centre import BuyingCentre
from sim.model.knowledge import Knowledge
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
    """One :class:`Belief` per stakeholder, updated by the rules as the team learns: the union
    of what the members know. Who knows what is kept beside it, in ``knowledge``."""

    def __init__(self, scenario: Scenario, centre: BuyingCentre, rng: np.random.Generator) -> None:
        self.rng = rng
        self.noise = scenario.parameters.observation_noise
        self.by_id: dict[str, Belief] = {}
        self.knowledge = Knowledge(m.id for m in scenario.team)
        readings: list[list[float]] | None = None  # the true dispositions, read once if needed
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
                if readings is None:
                    readings = centre.disposition().tolist()
                belief.disposition = tuple(readings[s])
            if "links" in known:
                belief.links = tuple(person.links)
            belief.agenda_known = "agenda" in known
            self.by_id[person.id] = belief
            for fact, value in _facts(belief).items():
                self.knowledge.known_to_all(person.id, fact, value)
        self.links_truth = {p.id: tuple(p.links) for p in scenario.stakeholders}

    def __getitem__(self, stakeholder_id: str) -> Belief:
        return self.by_id[stakeholder_id]

    def observe_disposition(
        self, centre: BuyingCentre, s: int, accuracy: float
    ) -> tuple[float, ...]:
        """A reading of how the stakeholder leans, noisier for a less skilled observer."""
        truth = centre.disposition_list(s)
        spread = 5.0 * self.noise * (1.5 - accuracy)
        noise = nx.normal_list(self.rng, spread, len(truth))
        value = tuple([_reading(t + e) for t, e in zip(truth, noise, strict=True)])
        stakeholder = centre.ids[s]
        self.by_id[stakeholder].disposition = value
        self.knowledge.saw(stakeholder, "leaning", value)
        return value

    def observe_concerns(self, centre: BuyingCentre, s: int, accuracy: float) -> tuple[float, ...]:
        truth = centre.concerns[s].tolist()
        noise = nx.normal_list(self.rng, self.noise * (1.2 - accuracy), len(truth))
        # np.clip(truth + noise, 0, None) in Python floats: a negative or zero sum is +0.0
        noisy = [0.0 if (x := t + e) <= 0.0 else x for t, e in zip(truth, noise, strict=True)]
        total = nx.total(noisy)
        estimate = [x / total for x in noisy] if total > 0 else truth
        value = tuple([round(x, 2) for x in estimate])
        belief = self.by_id[centre.ids[s]]
        belief.concerns = value
        belief.response_mode = centre.modes[s]
        belief.needs_known = True
        self.knowledge.saw(centre.ids[s], "needs", (value, belief.response_mode))
        return value

    def observe_structure(self, centre: BuyingCentre, s: int, accuracy: float) -> None:
        """Mapping: role, influence (with noise) and links of one stakeholder."""
        belief = self.by_id[centre.ids[s]]
        belief.role = centre.roles[s]
        belief.mapped = True
        noisy = centre.influence[s] * (1.0 + nx.normal(self.rng, self.noise * (1.2 - accuracy)))
        belief.influence = round(float(np.clip(noisy, 0.01, 1.0)), 2)
        belief.links = self.links_truth[centre.ids[s]]
        structure = (belief.role, belief.influence, belief.links)
        self.knowledge.saw(centre.ids[s], "structure", structure)

    def learn_agenda(self, stakeholder_id: str) -> None:
        self.by_id[stakeholder_id].agenda_known = True
        self.knowledge.saw(stakeholder_id, "agenda", True)

    def met(self, stakeholder_id: str, week: int) -> None:
        """Those present met the stakeholder this week."""
        belief = self.by_id[stakeholder_id]
        belief.met = True
        belief.contacts += 1
        belief.last_seen_week = week
        self.knowledge.saw(stakeholder_id, "met", (belief.contacts, week))

    def hear_reaction(self, stakeholder_id: str, tone: str) -> None:
        """A reaction the team noticed nudges its reading of how the person leans toward us
        (``REACTION_NUDGE`` points, warm up, cool down): the map moves with the feed, for those
        who noticed it (``knowledge.present``)."""
        belief = self.by_id[stakeholder_id]
        if belief.disposition is None:
            return  # no reading yet to move: the reaction is in the feed only
        step = REACTION_NUDGE if tone == "warm" else -REACTION_NUDGE
        ours = min(5.0, max(-5.0, belief.disposition[0] + step))
        belief.disposition = (ours, *belief.disposition[1:])
        self.knowledge.saw(stakeholder_id, "leaning", belief.disposition)

    def forget(self, stakeholder_id: str) -> None:
        """A new person holds the seat: what we knew of the old one no longer applies."""
        old = self.by_id[stakeholder_id]
        self.by_id[stakeholder_id] = Belief(role=old.role, reachable=old.reachable)
        self.knowledge.forget(stakeholder_id)


def _reading(x: float) -> float:
    """A noisy disposition on the Blue Sheet scale, within ±5: ``np.rint`` of one finite float
    (round half to even, and -0.0 where it gives -0.0)."""
    point = math.copysign(float(round(x)), x)
    return 5.0 if point > 5.0 else -5.0 if point < -5.0 else point


def _facts(belief: Belief) -> dict[str, object]:
    """The facts a belief holds, as :mod:`sim.model.knowledge` keeps them."""
    facts: dict[str, object] = {}
    if belief.concerns is not None:
        facts["needs"] = (belief.concerns, belief.response_mode)
    if belief.role is not None or belief.influence is not None or belief.links is not None:
        facts["structure"] = (belief.role, belief.influence, belief.links)
    if belief.disposition is not None:
        facts["leaning"] = belief.disposition
    if belief.agenda_known:
        facts["agenda"] = True
    return facts
