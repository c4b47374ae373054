"""Checks that span several parts of a scenario: references, ranges, weights.

Each check yields ``(path, key, params)`` so the loader can point at the exact field; the words
are ``scenario.problem.<key>`` in the catalogs (:mod:`sim.i18n.scenario`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sim.scenario.schema import TIMELINE_RANGES, Dimensions, Scenario, WeekRange

Path = tuple[str | int, ...]
Finding = tuple[Path, str, dict[str, Any]]

RESERVED_IDS = frozenset({"us", "none"})
WEIGHT_TOLERANCE = 0.02


def check_scenario(scenario: Scenario) -> list[Finding]:
    """Every cross-field problem of an otherwise well-typed scenario."""
    return [
        *_unique_ids(scenario),
        *_buying_centre(scenario),
        *_timeline(scenario),
        *_team(scenario),
        *_tender(scenario),
        *_events(scenario),
    ]


def _one_of(ids: set[str]) -> str:
    return ", ".join(sorted(ids))


def _unique_ids(scenario: Scenario) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    groups: list[tuple[str, tuple[str, ...]]] = [
        ("stakeholders", tuple(s.id for s in scenario.stakeholders)),
        ("team", tuple(m.id for m in scenario.team)),
        ("competitors", tuple(c.id for c in scenario.competitors)),
    ]
    for group, ids in groups:
        for index, ident in enumerate(ids):
            path: Path = (group, index, "id")
            if ident in RESERVED_IDS:
                yield path, "reserved_id", {"id": ident}
            elif ident in seen:
                first = ".".join(str(p) for p in seen[ident])
                yield path, "duplicate_id", {"id": ident, "first": first}
            else:
                seen[ident] = path


def _weights(path: Path, weights: Dimensions) -> Iterator[Finding]:
    total = sum(weights.as_tuple())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        yield path, "concern_weights", {"total": total}


def _buying_centre(scenario: Scenario) -> Iterator[Finding]:
    people = {s.id for s in scenario.stakeholders}
    vendors = {*scenario.vendor_ids, "none"}
    economic = [i for i, s in enumerate(scenario.stakeholders) if "economic_buyer" in s.roles]
    if len(economic) != 1:
        where: Path = ("stakeholders", economic[1], "roles") if economic else ("stakeholders",)
        yield where, "economic_buyers", {"count": len(economic)}
    for index, person in enumerate(scenario.stakeholders):
        base: Path = ("stakeholders", index)
        yield from _weights((*base, "concerns"), person.concerns)
        for vendor in person.disposition:
            if vendor not in vendors:
                allowed = _one_of(vendors)
                yield (
                    (*base, "disposition", vendor),
                    "unknown_vendor",
                    {"vendor": vendor, "allowed": allowed},
                )
        for other in person.links:
            if other == person.id:
                yield (*base, "links", other), "self_link", {}
            elif other not in people:
                allowed = _one_of(people - {person.id})
                yield (*base, "links", other), "unknown_link", {"id": other, "allowed": allowed}
        if sum(person.links.values()) > 1.0 + WEIGHT_TOLERANCE:
            yield (*base, "links"), "link_weights", {}
        for pos, introducer in enumerate(person.introduced_by):
            if introducer == person.id or introducer not in people:
                yield (*base, "introduced_by", pos), "unknown_introducer", {"id": introducer}
        if person.reach == "introduction" and not person.introduced_by:
            yield (*base, "reach"), "nobody_introduces", {}


def _range(path: Path, weeks: WeekRange) -> Iterator[Finding]:
    if weeks.low > weeks.high:
        yield path, "empty_range", {"low": weeks.low, "high": weeks.high}


def _timeline(scenario: Scenario) -> Iterator[Finding]:
    clock = scenario.timeline
    for name in TIMELINE_RANGES:
        yield from _range(("timeline", name), getattr(clock, name))
    if clock.need_firm.low > clock.tender_issued.low:
        yield ("timeline", "tender_issued"), "tender_before_need", {"low": clock.need_firm.low}
    latest_award = clock.tender_issued.high + clock.bid_window.high + clock.evaluation.high
    if latest_award >= clock.horizon_weeks:
        yield ("timeline", "horizon_weeks"), "award_after_horizon", {"week": latest_award}
    if clock.bid_window.low < 1:
        yield ("timeline", "bid_window"), "bids_same_week", {}


def _team(scenario: Scenario) -> Iterator[Finding]:
    if not any(m.role == "sales_rep" for m in scenario.team):
        yield ("team",), "no_sales_rep", {}


def _tender(scenario: Scenario) -> Iterator[Finding]:
    tender = scenario.tender
    total = tender.technical_weight + tender.commercial_weight
    if abs(total - 100.0) > 1e-6:
        yield ("tender", "commercial_weight"), "tender_weights", {"total": total}


def _events(scenario: Scenario) -> Iterator[Finding]:
    people = {s.id for s in scenario.stakeholders}
    vendors = {*scenario.vendor_ids, "none"}
    horizon = scenario.timeline.horizon_weeks
    for index, event in enumerate(scenario.events):
        base: Path = ("events", index)
        yield from _range((*base, "week"), event.week)
        if event.week.high >= horizon:
            yield (*base, "week"), "past_horizon", {"week": event.week.high, "horizon": horizon}
        target = getattr(event, "stakeholder", None)
        if target is not None and target not in people:
            yield (
                (*base, "stakeholder"),
                "unknown_stakeholder",
                {"id": target, "allowed": _one_of(people)},
            )
        successor = getattr(event, "successor", None)
        if successor is not None:
            yield from _weights((*base, "successor", "concerns"), successor.concerns)
            for vendor in successor.disposition:
                if vendor not in vendors:
                    yield (
                        (*base, "successor", "disposition", vendor),
                        "unknown_vendor",
                        {"vendor": vendor, "allowed": _one_of(vendors)},
                    )
