"""The scoring rules, one function per competency (documented in docs/assessment.md)."""

from __future__ import annotations

from sim.analysis.assessment import Assessment, Evidence, Score
from sim.analysis.contact_context import Contact, Reconstruction, reconstruct
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, percent

PITCHES = ("solution_presentation", "demo_poc")
RISK_CONCERN = 0.15  # implementation risk "matters" to a stakeholder who weighs it this much
PEER_WINDOW = (-1, 2)  # weeks around a decision point in which a peer-level meeting counts
DECISION_POINTS = ("requirements", "tender", "evaluation")
REQUEST_CAP = 0.5  # a customer who asked for the PM and did not get a prepared one caps the score


def assess(facts: SessionFacts) -> Assessment:
    rec = reconstruct(facts)
    scores: list[Score] = [influence_met(facts, rec), economic_buyer_access(facts, rec)]
    pitching_roles = {
        facts.names.roles[c.action.lead] for c in rec.contacts if c.action.activity in PITCHES
    }
    for role in ("sales_rep", "presales"):
        if role == "presales" or role in pitching_roles:
            scores += [angle_fit(facts, rec, role), discovery_first(facts, rec, role)]
    roles = set(facts.names.roles.values())
    if "project_manager" in roles:
        scores += [pm_early(facts, rec), pm_briefed(facts, rec)]
    if "executive" in roles:
        scores.append(peer_meetings(facts, rec))
    scores += [handoffs(facts, rec), alignment(facts, rec), consistent_messages(facts, rec)]
    scores.append(pricing(facts))
    return Assessment(tuple(scores))


def _score(
    role: str,
    competency: str,
    value: float | None,
    evidence: list[Evidence],
    detail: dict[str, object],
) -> Score:
    """A score citing each event row once (the last word on a row wins), in log order."""
    unique = {e.row: e for e in evidence}
    cited = tuple(sorted(unique.values(), key=lambda e: e.row))
    return Score(role, competency, value, cited, detail)


def _who(facts: SessionFacts, ids: list[str]) -> str:
    return ", ".join(facts.names.who(i) for i in ids) or "–"


def _selling(facts: SessionFacts, rec: Reconstruction) -> list[Contact]:
    return [c for c in rec.contacts if c.action.time < facts.bid_time]


# --- sales rep ----------------------------------------------------------------------------
def influence_met(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Share of the buying centre's (true) influence the team met before bids were opened."""
    first: dict[str, int] = {}
    for contact in _selling(facts, rec):
        for target in contact.action.targets:
            first.setdefault(target, contact.action.row)
    value = sum(facts.influence[s] for s in first)
    unmet = sorted(
        (s for s in facts.influence if s not in first), key=lambda s: -facts.influence[s]
    )
    detail = {
        "share": percent(value),
        "met": len(first),
        "total": len(facts.influence),
        "unmet": ", ".join(f"{facts.names.who(s)} ({percent(facts.influence[s])})" for s in unmet)
        or "–",
    }
    evidence = tuple(Evidence(row, True) for row in sorted(first.values()))
    return Score("sales_rep", "influence_met", value, evidence, detail)


def economic_buyer_access(facts: SessionFacts, rec: Reconstruction) -> Score:
    """1 when the economic buyer was met by the time the need firmed, falling to 0 at the bid."""
    eb = facts.economic_buyer
    met = next((c for c in _selling(facts, rec) if eb in c.action.targets), None)
    opening_row = facts.phase_start_row("requirements")
    context = [Evidence(opening_row, None)] if opening_row is not None else []
    detail: dict[str, object] = {"buyer": facts.names.who(eb)}
    if met is None:
        return Score(
            "sales_rep", "economic_buyer_access", 0.0, tuple(context), detail, variant="never"
        )
    opening = facts.records[opening_row].time if opening_row is not None else None
    deadline = facts.bid_time
    if opening is None or met.action.time <= opening:
        value = 1.0
    else:
        value = max(0.0, 1.0 - (met.action.time - opening) / max(deadline - opening, 1e-9))
    detail["week"] = met.action.round
    evidence = (Evidence(met.action.row, value >= 0.75), *context)
    return Score("sales_rep", "economic_buyer_access", value, evidence, detail)


# --- presales (and whoever pitches) ----------------------------------------------------
def _pitches(facts: SessionFacts, rec: Reconstruction, role: str) -> list[Contact]:
    return [
        c
        for c in rec.contacts
        if c.action.activity in PITCHES and facts.names.roles[c.action.lead] == role
    ]


def angle_fit(facts: SessionFacts, rec: Reconstruction, role: str) -> Score:
    """Share of the audience pitched at the angle that fits their department."""
    fits, misses = [], []
    for contact in _pitches(facts, rec, role):
        for row in facts.effects.get(contact.action.row, []):
            kind = facts.records[row].kind
            if kind == "angle_fit":
                fits.append(row)
            elif kind == "angle_misfit":
                misses.append(row)
    total = len(fits) + len(misses)
    value = len(fits) / total if total else None
    wrong: dict[str, int] = {}
    for row in misses:
        record = facts.records[row]
        key = (
            f"{facts.names.who(record.target)} "
            f"({label('department', facts.departments[record.target], facts.lang)}, "
            f"{label('angle', record.note, facts.lang)})"
        )
        wrong[key] = wrong.get(key, 0) + 1
    detail = {
        "fits": len(fits),
        "total": total,
        "share": percent(value),
        "wrong": "; ".join(f"{k} ×{n}" for k, n in wrong.items()) or "–",
    }
    evidence = tuple(
        sorted(
            [Evidence(r, False) for r in misses] + [Evidence(r, True) for r in fits],
            key=lambda e: e.row,
        )
    )
    return Score(role, "angle_fit", value, evidence, detail)


def discovery_first(facts: SessionFacts, rec: Reconstruction, role: str) -> Score:
    """Share of the audience whose needs the team had discovered before the pitch."""
    known = heard = 0
    evidence = []
    blind: dict[str, int] = {}
    for contact in _pitches(facts, rec, role):
        unknown = [t for t, k in contact.needs_known.items() if not k]
        heard += len(contact.needs_known)
        known += len(contact.needs_known) - len(unknown)
        evidence.append(Evidence(contact.action.row, not unknown))
        for target in unknown:
            blind[facts.names.who(target)] = blind.get(facts.names.who(target), 0) + 1
    value = known / heard if heard else None
    detail = {
        "known": known,
        "total": heard,
        "share": percent(value),
        "blind": "; ".join(f"{k} ×{n}" for k, n in blind.items()) or "–",
    }
    return Score(role, "discovery_first", value, tuple(evidence), detail)


# --- project manager ---------------------------------------------------------------------
def _is(facts: SessionFacts, member: str, role: str) -> bool:
    return facts.names.roles[member] == role


def pm_early(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Risk-weighted share of stakeholders who worry about implementation that a briefed PM
    met before bids were opened; capped when a customer's request for the PM went unmet."""
    risk = {
        s: facts.influence[s] * c
        for s, c in facts.implementation_concern.items()
        if c >= RISK_CONCERN
    }
    covered: dict[str, int] = {}
    evidence: list[Evidence] = []
    for part in rec.participations:
        if not _is(facts, part.member, "project_manager") or part.action.time >= facts.bid_time:
            continue
        if not part.warm:
            evidence.append(Evidence(part.action.row, False))
            continue
        for target in part.action.targets:
            if target in risk and target not in covered:
                covered[target] = part.action.row
                evidence.append(Evidence(part.action.row, True))
    value = sum(risk[s] for s in covered) / sum(risk.values()) if risk else None
    requests = facts.rows("pm_requested")
    unmet = facts.rows("pm_request_missed") + facts.rows("pm_request_met_cold")
    evidence += [Evidence(r, None) for r in requests] + [Evidence(r, False) for r in unmet]
    evidence += [Evidence(r, True) for r in facts.rows("pm_request_met")]
    if value is not None and unmet:
        value = min(value, REQUEST_CAP)
    missing = sorted((s for s in risk if s not in covered), key=lambda s: -risk[s])
    detail = {
        "share": percent(value),
        "covered": _who(facts, list(covered)),
        "missing": _who(facts, missing),
        "requests": len(requests),
        "unmet": len(unmet),
    }
    return _score("project_manager", "pm_early", value, evidence, detail)


def pm_briefed(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Share of the PM's customer contacts made with enough context (briefed or in the loop)."""
    parts = [p for p in rec.participations if _is(facts, p.member, "project_manager")]
    warm = [p for p in parts if p.warm]
    value = len(warm) / len(parts) if parts else None
    pms = [m for m, r in facts.names.roles.items() if r == "project_manager"]
    briefings = [row for m in pms for row in rec.briefings.get(m, [])]
    evidence = [Evidence(p.action.row, False) for p in parts if not p.warm]
    evidence += [Evidence(r, False) for r in facts.rows("pm_cold")]
    evidence += [Evidence(r, True) for r in briefings]
    first = min((p.action.round for p in parts), default=None)
    detail = {
        "warm": len(warm),
        "total": len(parts),
        "share": percent(value),
        "briefings": len(briefings),
        "first": "–" if first is None else first,
    }
    return _score("project_manager", "pm_briefed", value, evidence, detail)


# --- executives ----------------------------------------------------------------------------
def _peer(facts: SessionFacts, stakeholder: str) -> bool:
    person = facts.scenario.stakeholder(stakeholder)
    return person.department == "executive" or "economic_buyer" in person.roles


def peer_meetings(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Share of the customer's decision points (need firm, tender issued, bids opened) met by a
    peer-level executive meeting within a week before to two weeks after."""
    points = [(phase, facts.phase_start_row(phase)) for phase in DECISION_POINTS]
    found = [(phase, row) for phase, row in points if row is not None]
    meetings = [
        c for c in rec.contacts if any(_is(facts, m, "executive") for m in c.action.members)
    ]
    peer = [c for c in meetings if any(_peer(facts, t) for t in c.action.targets)]
    evidence = [Evidence(row, None) for _, row in found]
    covered, missed = 0, []
    for phase, row in found:
        week = facts.records[row].round
        near = [c for c in peer if PEER_WINDOW[0] <= c.action.round - week <= PEER_WINDOW[1]]
        if near:
            covered += 1
            evidence += [Evidence(c.action.row, True) for c in near[:2]]
        else:
            missed.append(label("phase", phase, facts.lang))
    evidence += [Evidence(c.action.row, False) for c in meetings if c not in peer]
    value = covered / len(found) if found else None
    detail = {
        "covered": covered,
        "total": len(found),
        "missed": ", ".join(missed) or "–",
        "meetings": len(peer),
        "other": len(meetings) - len(peer),
    }
    return _score("executive", "peer_meetings", value, evidence, detail)


# --- the team ------------------------------------------------------------------------------
def handoffs(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Share of customer contacts by presales, PM and executives made with enough context."""
    parts = [p for p in rec.participations if not _is(facts, p.member, "sales_rep")]
    warm = [p for p in parts if p.warm]
    value = len(warm) / len(parts) if parts else None
    cold: dict[str, int] = {}
    for part in parts:
        if not part.warm:
            cold[facts.names.who(part.member)] = cold.get(facts.names.who(part.member), 0) + 1
    evidence = [Evidence(p.action.row, False) for p in parts if not p.warm]
    evidence += [Evidence(r, True) for rows in rec.briefings.values() for r in rows]
    detail = {
        "warm": len(warm),
        "total": len(parts),
        "share": percent(value),
        "briefings": sum(len(v) for v in rec.briefings.values()),
        "cold": "; ".join(f"{k} ×{n}" for k, n in cold.items()) or "–",
    }
    return _score("team", "handoffs", value, evidence, detail)


def alignment(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Share of customer contacts with two or more voices whose lead was aligned (a strategy
    session in the last weeks)."""
    several = [c for c in rec.contacts if c.voices > 1]
    aligned = [c for c in several if c.lead_aligned]
    value = len(aligned) / len(several) if several else None
    sessions = facts.rows("team_aligned")
    evidence = [Evidence(r, True) for r in sessions]
    evidence += [Evidence(c.action.row, False) for c in several if not c.lead_aligned]
    detail = {
        "aligned": len(aligned),
        "total": len(several),
        "share": percent(value),
        "sessions": len(sessions),
    }
    return Score("team", "alignment", value, tuple(sorted(evidence, key=lambda e: e.row)), detail)


def consistent_messages(facts: SessionFacts, rec: Reconstruction) -> Score:
    """Message conflicts against what a team that never aligned would suffer: 1 − conflicts /
    (multi-voice contacts × the scenario's chance that an unaligned contact conflicts)."""
    several = [c for c in rec.contacts if c.voices > 1]
    conflicts = [c.conflict_row for c in several if c.conflict_row is not None]
    chance = facts.scenario.parameters.unaligned_conflict_chance
    expected = len(several) * chance
    value = max(0.0, 1.0 - len(conflicts) / expected) if several and expected > 0 else None
    evidence = tuple(Evidence(r, False) for r in conflicts)
    detail = {
        "conflicts": len(conflicts),
        "total": len(several),
        "share": percent(value),
        "expected": f"{expected:.0f}",
    }
    return Score("team", "consistent_messages", value, evidence, detail)


# --- pricing --------------------------------------------------------------------------------
LOST_ON_PRICE_CAP = 0.5  # lost to a cheaper offer: price discipline alone cannot rate strong


def pricing(facts: SessionFacts) -> Score:
    """Price held: 1 − our final discount / the tender's maximum; capped at
    ``LOST_ON_PRICE_CAP`` when the award went to a cheaper offer than ours."""
    ours = [i for i, r in enumerate(facts.records) if r.kind in ("bid", "final_offer")
            and r.actor == "us"]
    if not ours:
        return Score("sales_rep", "pricing", None, (), {})
    last = facts.records[ours[-1]]
    discount = float(last.note or 0.0)
    limit = facts.scenario.tender.max_discount
    value = 1.0 - discount / limit if limit > 0 else 1.0
    prices: dict[str, float] = {}
    for record in facts.records:
        if record.kind in ("bid", "final_offer"):
            prices[record.actor] = float(record.value)
    outcome = next((r for r in reversed(facts.records) if r.kind == "outcome"), None)
    winner = outcome.actor if outcome is not None else ""
    lost_on_price = bool(winner) and winner != "us" and prices.get(winner, 1e300) < prices["us"]
    if lost_on_price:
        value = min(value, LOST_ON_PRICE_CAP)
    evidence = [Evidence(r, value >= LOST_ON_PRICE_CAP) for r in ours]
    detail = {
        "discount": percent(discount),
        "limit": percent(limit),
        "share": percent(value),
        "winner": facts.names.who(winner) if winner else "–",
        "lost_on_price": lost_on_price,
    }
    return _score("sales_rep", "pricing", value, evidence, detail)
