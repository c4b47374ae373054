"""The customer's decision: formal tender score, political preference, vetoes, no decision.

score_v = formal_weight · formal_v / 100 + (1 − formal_weight) · support_v / Σ support
formal_v = technical_weight · T_v / max T + commercial points (price formula)
The winner is the arg-max of score + Gumbel noise (scale ``decision_noise``), so the engine's
own win-chance estimate is exactly a softmax of the same scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.model import numerics as nx
from sim.model.buying_centre import BV, IR, TF, US
from sim.model.deal import Bid, Deal

Array = NDArray[np.float64]
EVALUATOR_ROLES = ("technical_buyer", "user_buyer", "economic_buyer")
QUALITY_DIMS = (BV, TF, IR)
GENERIC_PROPOSAL = 0.7  # what a proposal shows of its strengths without the needs: assumption


@dataclass(frozen=True)
class Verdict:
    outcome: str  # won | lost | no_decision
    winner: str | None
    scores: tuple[float, ...]
    formal: tuple[float, ...]
    support: tuple[float, ...]
    vetoed: tuple[str, ...]
    no_decision_chance: float


def _evaluators(deal: Deal) -> tuple[list[int], Array]:
    """The evaluators (economic, technical, user buyers) and their concern weights on the
    three quality dimensions, renormalised to sum to 1 per evaluator."""
    centre = deal.centre
    evaluators = [
        s for s in range(len(centre.ids)) if any(r in centre.roles[s] for r in EVALUATOR_ROLES)
    ]
    weights = centre.concerns[evaluators][:, QUALITY_DIMS]
    return evaluators, weights / np.maximum(nx.row_totals(weights), 1e-9)[:, None]


def _across_evaluators(deal: Deal, evaluators: list[int], per_evaluator: Array) -> Array:
    """[E, V] → [V]: the influence-weighted mean over the evaluators."""
    influence = deal.centre.influence[evaluators]
    result: Array = nx.weighted_rows(influence, per_evaluator) / nx.total(influence.tolist())
    return result


def technical_quality(deal: Deal) -> Array:
    """[V] evaluators' concern-weighted view of each vendor's non-price quality, 0..1."""
    evaluators, weights = _evaluators(deal)
    views = deal.centre.perception[evaluators][:, :, QUALITY_DIMS]  # [E, V, 3]
    per_evaluator = nx.contract_last(weights[:, None, :], views)  # [E, V]
    return _across_evaluators(deal, evaluators, per_evaluator)


def shown_quality(deal: Deal) -> Array:
    """[V] what each vendor's proposal can show the evaluators: its real strengths, weighted by
    the evaluators' own concerns and influence (the written bid is read, not only remembered)."""
    evaluators, weights = _evaluators(deal)
    strengths = deal.strengths[:, QUALITY_DIMS]  # [V, 3]
    per_evaluator = nx.contract_last(weights[:, None, :], strengths[None, :, :])  # [E, V]
    per_evaluator = per_evaluator * tailoring(deal, evaluators)
    return _across_evaluators(deal, evaluators, per_evaluator)


def tailoring(deal: Deal, evaluators: list[int]) -> Array:
    """[E, V] how far each proposal speaks to each evaluator's own needs: a generic proposal
    shows ``GENERIC_PROPOSAL`` of what a tailored one shows. We tailor to needs we discovered
    (half credit for people we only met); a rival to the people it has worked with."""
    known = deal.centre.familiarity[evaluators].copy()
    for row, s in enumerate(evaluators):
        needs = deal.beliefs[deal.centre.ids[s]].needs_known
        known[row, US] = 1.0 if needs else 0.5 * known[row, US]
    result: Array = GENERIC_PROPOSAL + (1.0 - GENERIC_PROPOSAL) * known
    return result


def commercial_points(deal: Deal, prices: Array) -> Array:
    weight = deal.commercial_weight
    lowest = prices.min()
    if deal.scenario.tender.price_formula == "lowest_over_own":
        points: Array = weight * lowest / prices
        return points
    linear: Array = weight * np.clip(1.0 - (prices - lowest) / lowest, 0.0, 1.0)
    return linear


def formal_scores(deal: Deal, prices: Array, quality: Array) -> Array:
    technical_weight = deal.scenario.tender.technical_weight
    rho = deal.params.proposal_weight
    tech = ((1.0 - rho) * technical_quality(deal) + rho * shown_quality(deal)) * quality
    points: Array = technical_weight * tech / max(float(tech.max()), 1e-9) + commercial_points(
        deal, prices
    )
    return points


def vetoes(deal: Deal, utility: Array | None = None) -> list[int]:
    """Vendors the economic buyer or a technical buyer rules out (``utility``: the centre's
    :meth:`~sim.model.buying_centre.BuyingCentre.utility` if already at hand)."""
    centre = deal.centre
    if utility is None:
        utility = centre.utility()
    eb = centre.economic_buyer
    margin = deal.params.economic_veto_margin
    out = []
    for v in range(len(deal.vendors)):
        if utility[eb, v] < utility[eb, -1] - margin:
            out.append(v)
            continue
        for s in range(len(centre.ids)):
            if (
                centre.has_role(s, "technical_buyer")
                and centre.perception[s, v, TF] < deal.scenario.tender.technical_veto
            ):
                out.append(v)
                break
    return out


def consensus(deal: Deal, choice: Array) -> float:
    """Half the buying group's own alignment, half agreement on the front-runner."""
    support = nx.weighted_rows(deal.centre.influence, choice)
    agreement = float(support.max())
    return 0.5 * deal.centre.consensus + 0.5 * agreement


def no_decision_chance(deal: Deal, support: Array, agreement: float) -> float:
    params = deal.params
    gap = float(support[-1] - support[:-1].max())
    shortfall = params.consensus_threshold - agreement
    z = params.no_decision_base + params.no_decision_steepness * (gap + shortfall)
    return nx.logistic(z)


def combined_scores(
    deal: Deal, bids: list[Bid], choice: Array | None = None
) -> tuple[Array, Array, Array]:
    """Each bid's score, formal score and every option's support; ``choice``: the centre's
    choice table if already at hand."""
    prices = np.array([b.price for b in bids])
    quality = np.array([b.quality for b in bids])
    vendors = [b.vendor for b in bids]
    formal_all = formal_scores(deal, prices, quality)
    support_all = deal.centre.support(deal.params.choice_temperature, choice)
    political = support_all[vendors] / max(nx.total(support_all[vendors].tolist()), 1e-9)
    weight = deal.scenario.tender.formal_weight
    scores: Array = weight * formal_all / 100.0 + (1.0 - weight) * political
    return scores, formal_all, support_all


def utility_and_choice(deal: Deal) -> tuple[Array, Array]:
    """The centre's utility table and the choice table made from it, computed once for a
    decision."""
    utility = deal.centre.utility()
    return utility, deal.centre.choice(deal.params.choice_temperature, utility)


def win_chance(deal: Deal, bids: list[Bid], tables: tuple[Array, Array] | None = None) -> float:
    """The engine's own estimate of our chance, as the customer would decide today
    (``tables``: the centre's utility and choice tables if already at hand)."""
    if not any(b.vendor == US for b in bids):
        return 0.0
    utility, choice = utility_and_choice(deal) if tables is None else tables
    scores, _, support = combined_scores(deal, bids, choice)
    p_none = no_decision_chance(deal, support, consensus(deal, choice))
    out = set(vetoes(deal, utility))
    live = np.array([b.vendor not in out for b in bids])
    if not live.any():
        return 0.0
    beta = max(deal.params.decision_noise, 1e-6)
    ours = next(i for i, b in enumerate(bids) if b.vendor == US)
    if not live[ours]:
        return 0.0
    z = scores[live] / beta
    e = nx.exp(z - z.max())
    p_ours = float(e[int(np.count_nonzero(live[:ours]))]) / nx.total(e.tolist())
    return (1.0 - p_none) * p_ours


def decide(deal: Deal, bids: list[Bid], draws: Array) -> Verdict:
    """The award: ``draws`` are pre-drawn uniforms (one for no decision, one per bid)."""
    utility, choice = utility_and_choice(deal)
    scores, formal, support = combined_scores(deal, bids, choice)
    p_none = no_decision_chance(deal, support, consensus(deal, choice))
    out = set(vetoes(deal, utility))
    vetoed = tuple(deal.vendors[v] for v in sorted(out))
    live = [i for i, b in enumerate(bids) if b.vendor not in out]
    base = Verdict(
        "no_decision", None, tuple(scores), tuple(formal), tuple(support), vetoed, p_none
    )
    if draws[0] < p_none or not live:
        return base
    gumbel = -nx.log(-nx.log(np.clip(draws[1 : 1 + len(bids)], 1e-12, 1 - 1e-12)))
    noisy = scores + deal.params.decision_noise * gumbel
    best = max(live, key=lambda i: noisy[i])
    winner = deal.vendors[bids[best].vendor]
    outcome = "won" if bids[best].vendor == US else "lost"
    return Verdict(outcome, winner, tuple(scores), tuple(formal), tuple(support), vetoed, p_none)
