"""Checks that span several parts of a scenario: references, ranges, weights.

Each check yields ``(path, message, expected)`` so the loader can point at the exact field.
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.schema import TIMELINE_RANGES, Dimensions, Scenario, WeekRange

Path = tuple[str | int, ...]
Finding = tuple[Path, str, str]

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
                yield path, f"id '{ident}' is reserved", "an id other than 'us' or 'none'"
            elif ident in seen:
                first = ".".join(str(p) for p in seen[ident])
                yield path, f"duplicate id '{ident}' (first used at {first})", "a unique id"
            else:
                seen[ident] = path


def _weights(path: Path, weights: Dimensions) -> Iterator[Finding]:
    total = sum(weights.as_tuple())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        yield path, f"concern weights add up to {total:.2f}", "weights that add up to 1.0"


def _buying_centre(scenario: Scenario) -> Iterator[Finding]:
    people = {s.id for s in scenario.stakeholders}
    vendors = {*scenario.vendor_ids, "none"}
    economic = [i for i, s in enumerate(scenario.stakeholders) if "economic_buyer" in s.roles]
    if len(economic) != 1:
        where: Path = ("stakeholders", economic[1], "roles") if economic else ("stakeholders",)
        yield (
            where,
            f"{len(economic)} economic buyers",
            "exactly one stakeholder with the role economic_buyer",
        )
    for index, person in enumerate(scenario.stakeholders):
        base: Path = ("stakeholders", index)
        yield from _weights((*base, "concerns"), person.concerns)
        for vendor in person.disposition:
            if vendor not in vendors:
                yield (
                    (*base, "disposition", vendor),
                    f"unknown vendor '{vendor}'",
                    "one of: " + ", ".join(sorted(vendors)),
                )
        for other in person.links:
            if other == person.id:
                yield (
                    (*base, "links", other),
                    "a stakeholder cannot link to themself",
                    "another stakeholder's id",
                )
            elif other not in people:
                yield (
                    (*base, "links", other),
                    f"link to unknown stakeholder '{other}'",
                    "one of: " + ", ".join(sorted(people - {person.id})),
                )
        if sum(person.links.values()) > 1.0 + WEIGHT_TOLERANCE:
            yield (
                (*base, "links"),
                "link weights add up to more than 1",
                "weights that add up to at most 1.0",
            )
        for pos, introducer in enumerate(person.introduced_by):
            if introducer == person.id or introducer not in people:
                yield (
                    (*base, "introduced_by", pos),
                    f"unknown introducer '{introducer}'",
                    "the id of another stakeholder",
                )
        if person.reach == "introduction" and not person.introduced_by:
            yield (
                (*base, "reach"),
                "reach is 'introduction' but nobody can introduce",
                "introduced_by with at least one stakeholder",
            )


def _range(path: Path, weeks: WeekRange) -> Iterator[Finding]:
    if weeks.low > weeks.high:
        yield path, f"range [{weeks.low}, {weeks.high}] is empty", "low ≤ high"


def _timeline(scenario: Scenario) -> Iterator[Finding]:
    clock = scenario.timeline
    for name in TIMELINE_RANGES:
        yield from _range(("timeline", name), getattr(clock, name))
    if clock.need_firm.low > clock.tender_issued.low:
        yield (
            ("timeline", "tender_issued"),
            "the tender can be issued before the need firms up",
            f"tender_issued.low ≥ need_firm.low ({clock.need_firm.low})",
        )
    latest_award = clock.tender_issued.high + clock.bid_window.high + clock.evaluation.high
    if latest_award >= clock.horizon_weeks:
        yield (
            ("timeline", "horizon_weeks"),
            f"the award can come in week {latest_award}, at or after the horizon",
            f"horizon_weeks > {latest_award}",
        )
    if clock.bid_window.low < 1:
        yield (
            ("timeline", "bid_window"),
            "bids would be due the week the tender is issued",
            "at least 1 week",
        )


def _team(scenario: Scenario) -> Iterator[Finding]:
    if not any(m.role == "sales_rep" for m in scenario.team):
        yield ("team",), "no sales rep in the team", "at least one member with role sales_rep"


def _tender(scenario: Scenario) -> Iterator[Finding]:
    tender = scenario.tender
    total = tender.technical_weight + tender.commercial_weight
    if abs(total - 100.0) > 1e-6:
        yield (
            ("tender", "commercial_weight"),
            f"technical and commercial weights add up to {total:g}",
            "technical_weight + commercial_weight = 100",
        )


def _events(scenario: Scenario) -> Iterator[Finding]:
    people = {s.id for s in scenario.stakeholders}
    vendors = {*scenario.vendor_ids, "none"}
    horizon = scenario.timeline.horizon_weeks
    for index, event in enumerate(scenario.events):
        base: Path = ("events", index)
        yield from _range((*base, "week"), event.week)
        if event.week.high >= horizon:
            yield (
                (*base, "week"),
                f"week {event.week.high} is past the horizon",
                f"a week before {horizon}",
            )
        target = getattr(event, "stakeholder", None)
        if target is not None and target not in people:
            yield (
                (*base, "stakeholder"),
                f"unknown stakeholder '{target}'",
                "one of: " + ", ".join(sorted(people)),
            )
        successor = getattr(event, "successor", None)
        if successor is not None:
            yield from _weights((*base, "successor", "concerns"), successor.concerns)
            for vendor in successor.disposition:
                if vendor not in vendors:
                    yield (
                        (*base, "successor", "disposition", vendor),
                        f"unknown vendor '{vendor}'",
                        "one of: " + ", ".join(sorted(vendors)),
                    )
