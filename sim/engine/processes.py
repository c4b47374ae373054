"""The SimPy side of one deal: one process plays the rounds, another a won deal's delivery.

Time is in working days; week ``w`` spans days ``[5w, 5w+5)`` (with the scenario's round
length). Within a week: our activities (days 0–4), competitors (day 2.5+), scenario events
(day 1.5), the customer's milestones (day 4.6), and the week end (drift, bookkeeping) at day 5,
which fires the round's end event that ``Simulation.advance`` runs to. The week's happenings
are carried out in one step, in the order of their times, each record stamped with its own
time (:class:`Instant`); SimPy's clock moves once a week, to the week's end.
"""

from __future__ import annotations

from collections.abc import Generator
from functools import cached_property
from typing import Any

import numpy as np
import simpy

from sim.engine.rng import Streams
from sim.model.activities import BID_HOURS_NEEDED
from sim.model.competitors import CompetitorAgent, draws_per_week, make_agents
from sim.model.customer_events import CustomerEvent, apply_event, expire_pm_requests
from sim.model.deal import Bid, Deal
from sim.model.decision import decide, utility_and_choice, win_chance
from sim.model.delivery import accept_and_collect, deliver, sign_contract
from sim.model.plans import Plan
from sim.model.reactions import release
from sim.model.rules import perform
from sim.model.stages import check_criteria

ProcessGen = Generator[simpy.Event, Any, None]

ACTIVITY_SPAN = 4.0
EVENT_DAY = 1.5
COMPETITOR_DAY = 2.5
MILESTONE_DAY = 4.6
SELLING_PHASES = ("latent", "requirements", "tender", "evaluation", "negotiation")
SPARE_WEEKS = 60  # competitor draws beyond the horizon, for slipped timelines


DECIDING_PHASES = ("requirements", "tender", "evaluation")
DECIDING_OR_LATENT = ("latent", *DECIDING_PHASES)
_ACTIVITY, _EVENT, _COMPETITOR, _CUSTOMER = range(4)  # what a week's happening is


class Instant:
    """The simulated time the event records carry (working days). Between rounds it is SimPy's
    clock; within a week the engine sets it to each happening's own time."""

    __slots__ = ("now",)

    def __init__(self, now: float = 0) -> None:
        self.now = now


class DealRun:
    """Wires a :class:`Deal` into a SimPy environment and steps it one round at a time.

    One process drives the rounds: it waits for the round's plan, carries out the week's
    happenings — our activities, scenario events, competitors, the customer's milestones — in
    the order of their times, and then waits for the week's end (drift, bookkeeping). Each
    happening's time is reckoned exactly as a SimPy timeout of its own would have reckoned it
    (the creating event's time plus the delay), and at equal times the happenings keep the
    order such timeouts had (ours, created during the week, last). A won deal's delivery is a
    process of its own."""

    def __init__(
        self,
        env: simpy.Environment,
        deal: Deal,
        streams: Streams,
        *,
        detail: bool = True,
        clock: Instant | None = None,
    ) -> None:
        self.env = env
        self.detail = detail
        self.deal = deal
        self.clock = clock if clock is not None else Instant(env.now)
        deal.trace = detail  # lean: the rules need not write truth records (dropped anyway)
        self.days = float(deal.scenario.timeline.round_days)
        self.agents: list[CompetitorAgent] = make_agents(deal.scenario.competitors)
        deal.competitors = self.agents
        horizon = deal.scenario.timeline.horizon_weeks + SPARE_WEEKS
        self.competitor_draws = [
            streams.generator("competitors", agent.vendor).random(
                (horizon, draws_per_week(agent.spec))
            )
            for agent in self.agents
        ]
        self.streams = streams  # the decision and delivery draws are made when first needed
        events_rng = streams.generator("events")
        self.event_schedule = [
            (
                int(events_rng.integers(e.week.low, e.week.high + 1)),
                float(events_rng.random()) < e.probability,
                e,
            )
            for e in deal.scenario.events
        ]
        self.last_disposition = np.full((len(deal.centre.ids), len(deal.vendors) + 1), np.nan)
        self.plan_ready: simpy.Event = env.event()
        self.round_end: simpy.Event = env.event()
        self.finished: simpy.Event = env.event()
        now = env.now
        # when each happening is next due, reckoned from now as a timeout made now would be
        self._competitor_due = [
            now + max(0.0, self.at(0, COMPETITOR_DAY + 0.1 * agent.vendor) - now)
            for agent in self.agents
        ]
        self._customer_due: float | None = now + max(0.0, self.at(0, MILESTONE_DAY) - now)
        due = [
            (now + max(0.0, self.at(week, EVENT_DAY) - now), event)
            for week, happens, event in self.event_schedule
            if happens
        ]
        self._events_due = sorted(due, key=lambda item: item[0])  # stable: schedule order
        env.process(self._rounds())

    @cached_property
    def decision_draws(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        """The award's uniforms (one for no decision, one per vendor), from their own stream:
        made when first read, the same numbers whenever that is."""
        return self.streams.generator("decision").random(1 + len(self.deal.vendors))

    @cached_property
    def delivery_draws(self) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Delivery's uniforms, from their own stream (a lost deal never reads them)."""
        return self.streams.generator("delivery").random(3)

    def at(self, week: int, day: float) -> float:
        return week * self.days + day * self.days / 5.0

    def wait_until(self, when: float) -> simpy.Event:
        return self.env.timeout(max(0.0, when - self.env.now))

    def play_round(self, plan: Plan) -> None:
        """Our team carries out ``plan`` this round."""
        self.plan_ready.succeed(plan)

    def wind_down(self) -> None:
        """After the deal has closed: the rounds' process learns that no plan will come (if
        it still waits for one) and the events still pending run out. No pending event then
        keeps the deal alive: a finished game is freed as soon as nobody holds it, not left to
        the garbage collector."""
        self.plan_ready.succeed(None)
        self.env.run()

    # --- processes -------------------------------------------------------------------------
    def _rounds(self) -> ProcessGen:
        deal = self.deal
        env = self.env
        while True:
            plan: Plan | None = yield self.plan_ready
            if plan is None:
                return  # the deal is over (wind_down)
            self.plan_ready = env.event()  # the next round's plan arrives on a fresh event
            now = env.now
            delay = max(0.0, self.at(deal.week + 1, 0.0) - now)
            week_end = env.timeout(delay)
            self._week(plan, now, now + delay)
            yield week_end
            self.clock.now = env.now
            if deal.phase in SELLING_PHASES:
                self._weekly_bookkeeping()
            deal.week += 1
            done, self.round_end = self.round_end, env.event()
            done.succeed(deal.week)
            if deal.phase not in SELLING_PHASES:
                return

    def _week(self, plan: Plan, now: float, end: float) -> None:
        """The week's happenings before its end, in the order of their times (``now``: the
        week's start, when the plan arrived; ``end``: the week's end)."""
        deal = self.deal
        week = deal.week
        days = self.days
        # (time, tie rank, kind, index): at equal times ours come last (made during the week),
        # the others in the order they were made (the index)
        calendar: list[tuple[float, int, int, int]] = []
        due = self._events_due
        events: list[CustomerEvent] = []
        while due and due[0][0] < end:
            time, event = due.pop(0)
            calendar.append((time, 0, _EVENT, len(events)))
            events.append(event)
        for k, time in enumerate(self._competitor_due):
            calendar.append((time, 0, _COMPETITOR, k))
        if self._customer_due is not None:
            calendar.append((self._customer_due, 0, _CUSTOMER, 0))
        assignments = plan.assignments
        count = len(assignments)
        start = self.at(week, 0.0)
        time = now
        for k in range(count):
            time = time + max(
                0.0, start + (k + 1) * ACTIVITY_SPAN * days / 5.0 / (count + 1) - time
            )
            calendar.append((time, 1, _ACTIVITY, k))
        calendar.sort()
        clock = self.clock
        acting = True  # our team, until the deal leaves the selling phases
        for time, _, kind, index in calendar:
            clock.now = time
            if kind == _ACTIVITY:
                if acting and deal.phase in ("delivery", "closed"):
                    acting = False
                if acting:
                    perform(deal, assignments[index])
            elif kind == _COMPETITOR:
                if deal.phase in SELLING_PHASES:
                    if deal.phase in DECIDING_OR_LATENT:
                        agent = self.agents[index]
                        # the week's row as Python floats (the same numbers)
                        row = self.competitor_draws[index][week].tolist()
                        agent.act(deal, row, deal.rival_orders.get(agent.id))
                    self._competitor_due[index] = time + days  # same day next week
            elif kind == _EVENT:
                if deal.phase in DECIDING_OR_LATENT:
                    apply_event(deal, events[index])
            elif deal.phase in SELLING_PHASES:  # the customer's milestones
                self._milestones()
                if deal.phase in SELLING_PHASES:
                    self._customer_due = time + days  # same day next week
                else:
                    self._customer_due = None
                    if deal.phase == "delivery":
                        self._deliver(time)

    def _milestones(self) -> None:
        deal = self.deal
        clock = deal.clock
        week = deal.week
        if deal.phase == "latent" and week >= clock.need_firm:
            deal.set_phase("requirements")
        if deal.phase == "requirements" and week >= clock.tender_issued:
            deal.set_phase("tender")
            deal.record("tender_issued", value=float(clock.bids_due))
        elif deal.phase == "tender" and week >= clock.bids_due:
            self._open_bids()
        elif deal.phase == "evaluation":
            if deal.final_round == "open" and week >= clock.bids_due + 1:
                self._final_offers()
            if week >= clock.award:
                self._award()
        elif deal.phase == "negotiation" and week >= clock.award + clock.contract_weeks:
            sign_contract(deal)
            deal.set_phase("delivery")
        if deal.phase in DECIDING_OR_LATENT and week >= deal.scenario.timeline.horizon_weeks - 1:
            self._close("no_decision", None, "horizon")

    def _deliver(self, signed: float) -> None:
        """The contract was signed at ``signed``: the delivery starts then."""
        weeks = deliver(self.deal, self.delivery_draws)
        self.env.process(self._delivery(signed, weeks))

    def _delivery(self, signed: float, weeks: float) -> ProcessGen:
        deal = self.deal
        env = self.env
        # back on SimPy's clock at the signing: ``signed`` is within a week of now, so the
        # difference is exact and now + difference is ``signed`` itself
        yield env.timeout(max(0.0, signed - env.now))
        yield env.timeout(weeks * self.days)
        self.clock.now = env.now
        deal.record("delivered", value=weeks)
        yield env.timeout(deal.clock.payment_weeks * self.days)
        self.clock.now = env.now
        accept_and_collect(deal, self.delivery_draws)
        check_criteria(deal)
        deal.record("outcome", actor="us", value=float(deal.decision_week or 0), note="won:paid")
        deal.set_phase("closed")
        self.finished.succeed()

    # --- milestones ----------------------------------------------------------------------
    def _weekly_bookkeeping(self) -> None:
        deal = self.deal
        params = deal.params
        expire_pm_requests(deal)
        release(deal)
        if deal.phase != "latent":
            for s, mode in enumerate(deal.centre.modes):
                if mode in ("growth", "trouble"):
                    deal.centre.erode_status_quo(s, params.need_pull)
        deal.centre.drift(params.drift_rate)
        # with the trace, the week's utility and choice tables are made once: the group's talk
        # and the trace read the same buying centre (nothing below changes it)
        tables = utility_and_choice(deal) if self.detail else None
        if deal.phase in DECIDING_PHASES:  # the group talks until it has decided
            choice = tables[1] if tables is not None else None
            deal.centre.settle_consensus(params.choice_temperature, choice)
        deal.team.end_week()
        check_criteria(deal)
        if tables is not None:
            self._log_truth(tables)

    def _log_truth(self, tables: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]) -> None:
        """Hidden state for the debrief: dispositions and the engine's own win chance
        (``tables``: this week's utility and choice tables)."""
        deal = self.deal
        disposition = deal.centre.disposition(tables[0])
        changed = np.argwhere(disposition != self.last_disposition)
        options = (*deal.vendors, "none")
        ids = deal.centre.ids
        for s, k in changed.tolist():  # only changes: the debrief carries values forward
            deal.record(
                "disposition",
                actor=options[k],
                target=ids[s],
                view="truth",
                value=float(disposition[s, k]),
            )
        self.last_disposition = disposition
        bids = deal.bids if deal.bids else self._expected_bids()
        deal.win_chance = win_chance(deal, bids, tables)
        deal.record(
            "win_chance",
            view="truth",
            value=deal.win_chance,
            note=f"consensus={deal.centre.consensus:.3f}",
        )

    def _expected_bids(self) -> list[Bid]:
        deal = self.deal
        ours = Bid(
            0, deal.deal_value * (1.0 - deal.bid_discount), deal.bid_discount, self._our_quality()
        )
        return [ours, *(agent.bid(deal) for agent in self.agents)]

    def _our_quality(self) -> float:
        deal = self.deal
        effort = min(1.0, deal.bid_points / max(BID_HOURS_NEEDED * 0.7, 1e-9))
        pm_section = min(1.0, deal.bid_pm_hours / 8.0)
        return 0.75 + 0.2 * effort + 0.05 * pm_section

    def _open_bids(self) -> None:
        deal = self.deal
        bids = [agent.bid(deal) for agent in self.agents]
        if deal.bid_hours >= BID_HOURS_NEEDED:
            ours = Bid(
                0,
                deal.deal_value * (1.0 - deal.bid_discount),
                deal.bid_discount,
                self._our_quality(),
            )
            deal.our_bid = ours
            bids.insert(0, ours)
            deal.meet_criterion("bid_submitted")
        else:
            deal.record("bid_missed", actor="us", value=deal.bid_hours)
        for bid in bids:
            deal.record(
                "bid", actor=deal.vendors[bid.vendor], value=bid.price, note=f"{bid.discount:.3f}"
            )
        self._perceive_prices(bids)
        deal.bids = bids
        deal.set_phase("evaluation")
        if deal.our_bid is None:
            self._close("lost", None, "no_bid")
        elif deal.scenario.tender.best_and_final and len(bids) > 1:
            # procurement tells each bidder how far it is above the lowest offer
            deal.final_round = "open"
            deal.price_gap = deal.our_bid.price / min(b.price for b in bids) - 1.0
            deal.record(
                "final_round_open",
                actor="us",
                view="team",
                value=deal.price_gap,
                note=f"{deal.price_gap:.3f}",
            )

    def _perceive_prices(self, bids: list[Bid]) -> None:
        """Opened prices shape the price perception of every stakeholder."""
        centre = self.deal.centre
        lowest = min(b.price for b in bids)
        for bid in bids:
            centre.perception[:, bid.vendor, 3] = (
                0.5 * centre.perception[:, bid.vendor, 3] + 0.5 * lowest / bid.price
            )

    def _final_offers(self) -> None:
        """The best-and-final round closes: every bidder's last price replaces its bid."""
        deal = self.deal
        final = []
        for bid in deal.bids:
            if bid.vendor == 0:
                discount = deal.final_discount if deal.final_discount is not None else bid.discount
                new = Bid(0, deal.deal_value * (1.0 - discount), discount, bid.quality)
                deal.our_bid, deal.bid_discount = new, discount
            else:
                lowest_other = min(b.price for b in deal.bids if b.vendor != bid.vendor)
                new = self.agents[bid.vendor - 1].final_bid(deal, bid, lowest_other)
            final.append(new)
            deal.record(
                "final_offer",
                actor=deal.vendors[new.vendor],
                value=new.price,
                note=f"{new.discount:.3f}",
            )
        self._perceive_prices(final)
        deal.bids = final
        deal.final_round = "closed"

    def _award(self) -> None:
        deal = self.deal
        verdict = decide(deal, deal.bids, self.decision_draws)
        for vendor, score, formal in zip(
            [deal.vendors[b.vendor] for b in deal.bids], verdict.scores, verdict.formal, strict=True
        ):
            deal.record(
                "tender_score",
                actor=vendor,
                view="public",
                value=score,
                note=f"formal={formal:.2f}",
            )
        for vendor in verdict.vetoed:
            deal.record("veto", actor=vendor, view="truth")
        deal.record("no_decision_chance", view="truth", value=verdict.no_decision_chance)
        if verdict.outcome == "won":
            deal.outcome, deal.winner, deal.decision_week = "won", "us", deal.week
            deal.record("award", actor="us", value=float(deal.week))
            deal.meet_criterion("award_received")
            deal.set_phase("negotiation")
        else:
            self._close(verdict.outcome, verdict.winner, "award")

    def _close(self, outcome: str, winner: str | None, why: str) -> None:
        deal = self.deal
        deal.outcome, deal.winner, deal.decision_week = outcome, winner, deal.week
        deal.record("outcome", actor=winner or "", value=float(deal.week), note=f"{outcome}:{why}")
        deal.set_phase("closed")
        self.finished.succeed()
