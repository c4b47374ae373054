"""The stepping API: one deal, round by round — observe, plan, advance — with exact replay."""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import simpy

from sim.engine.errors import SessionOver
from sim.engine.log import EventLog, EventRecord
from sim.engine.processes import DealRun, Instant
from sim.engine.rng import Seed, Streams, describe_seed
from sim.engine.session import load_session, save_session
from sim.model import numerics as nx
from sim.model.deal import NAN, Clock, Deal
from sim.model.knowledge import Handoff
from sim.model.observation import FeedItem, TeamView, team_view
from sim.model.plans import Assignment, Forecast, Plan, PlanError, Reason
from sim.model.rivals import RivalOrder, RivalView, rival_view
from sim.model.stages import current_stage
from sim.model.validation import check_plan
from sim.policies import Policy, resolve_policy
from sim.scenario import LoadedScenario, Scenario, load_scenario_source

if TYPE_CHECKING:
    import pandas as pd

    from sim.engine.notice import ReplayNotice

FEED_VIEWS = ("public", "team")
# What the team sees in its feed, by what it is about (the sandbox groups it the same way).
CUSTOMER_FEED_KINDS = frozenset(
    {
        "needs_discovered",
        "access_granted",
        "decision_maker_replaced",
        "budget_cut",
        "pm_requested",
        "pm_request_met",
        "pm_request_met_cold",
        "pm_request_missed",
        "timeline_slip",
        "reaction",
    }
)
PROGRESS_FEED_KINDS = frozenset(
    {
        "phase",
        "tender_issued",
        "bid",
        "bid_missed",
        "final_round_open",
        "final_offer",
        "tender_score",
        "award",
        "outcome",
        "criterion_met",
        "stage",
        "contract_signed",
        "acceptance",
        "payment",
    }
)
COMPETITOR_FEED_KINDS = frozenset({"competitor_seen"})
TEAM_FEED_KINDS = frozenset(
    {"activity", "buying_centre_mapped", "briefing", "team_aligned", "slip_noticed"}
)
FEED_KINDS = CUSTOMER_FEED_KINDS | PROGRESS_FEED_KINDS | COMPETITOR_FEED_KINDS | TEAM_FEED_KINDS
_new_record = tuple.__new__  # an EventRecord from its fields in order (no keyword parsing)


@dataclass(frozen=True)
class Result:
    """A deal's outcome and key numbers (``to_dict`` is the CLI's ``--json``)."""

    scenario: str
    seed: int | dict[str, object]
    policy: str
    outcome: str | None
    winner: str | None
    weeks: int
    contract_value: float
    pursuit_spend: float
    labour_cost: float
    margin: float
    stage: str
    forecast_brier: float | None
    delivery_troubled: bool | None
    accepted: bool | None
    payment_collected: float
    satisfaction: float
    events: int
    event_log_sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def draw_clock(scenario: Scenario, rng: np.random.Generator) -> Clock:
    """The customer's milestones, drawn once from the scenario's ranges."""
    timeline = scenario.timeline

    def draw(low: int, high: int) -> int:
        return int(rng.integers(low, high + 1))

    need = draw(timeline.need_firm.low, timeline.need_firm.high)
    tender = max(need, draw(timeline.tender_issued.low, timeline.tender_issued.high))
    bids_due = tender + draw(timeline.bid_window.low, timeline.bid_window.high)
    award = bids_due + draw(timeline.evaluation.low, timeline.evaluation.high)
    return Clock(
        need_firm=need,
        tender_issued=tender,
        bids_due=bids_due,
        award=award,
        contract_weeks=draw(timeline.contract.low, timeline.contract.high),
        delivery_weeks=draw(timeline.delivery.low, timeline.delivery.high),
        payment_weeks=draw(timeline.payment.low, timeline.payment.high),
    )


class _Recorder:
    """Writes the deal's event records (the callable the model records through). It holds
    the deal by a weak reference only: the deal holds the recorder, and a strong reference back
    would make every game a reference cycle that only the garbage collector can free."""

    def __init__(self, clock: Instant, records: list[EventRecord], detail: bool) -> None:
        self.clock = clock  # the simulated time records carry (the engine keeps it)
        self.records = records
        self.detail = detail
        self._deal: weakref.ref[Deal] | None = None
        # feed record index → the members in the room when it happened (absent: everyone's news)
        self.witnesses: dict[int, tuple[str, ...]] = {}

    def follow(self, deal: Deal) -> None:
        """Records from now on carry ``deal``'s week and who was in the room."""
        self._deal = weakref.ref(deal)

    def __call__(
        self,
        kind: str,
        actor: str = "",
        target: str = "",
        activity: str = "",
        view: str = "public",
        value: float = NAN,
        note: str = "",
    ) -> None:
        if view == "truth" and not self.detail:
            return  # lean mode: no hidden-state trace
        records = self.records
        deal = self._deal() if self._deal is not None else None
        week = 0
        if deal is not None:
            week = deal.week
            if view in FEED_VIEWS:
                present = deal.beliefs.knowledge.present
                if present:
                    self.witnesses[len(records)] = present
        records.append(
            _new_record(
                EventRecord,
                (self.clock.now, week, kind, actor, target, activity, view, value, note),
            )
        )


class Simulation:
    """One deal. ``observe()`` → ``plan(...)`` → ``advance()`` until ``done``."""

    def __init__(
        self,
        scenario: Scenario | LoadedScenario | str | Path,
        seed: Seed = 0,
        policy: Policy | str | None = None,
        *,
        lang: str = "en",
        detail: bool = True,
    ) -> None:
        """``detail=False`` skips the weekly hidden-state trace (dispositions, the engine's own
        win chance) that only the debrief reads: outcomes and decisions are the same, the event
        log is shorter. Batch runs use it."""
        if isinstance(scenario, str | Path):
            scenario = load_scenario_source(scenario)
        self.source: LoadedScenario | None = (
            scenario if isinstance(scenario, LoadedScenario) else None
        )
        self.scenario: Scenario = (
            scenario.scenario if isinstance(scenario, LoadedScenario) else scenario
        )
        self.seed = seed
        self.detail = detail
        self.policy: Policy | None = resolve_policy(policy)
        self.lang = lang
        self.env = simpy.Environment()
        self.log = EventLog()
        clock = Instant(self.env.now)
        self._record = _Recorder(clock, self.log.records, detail)
        streams = Streams(seed)
        timeline = draw_clock(self.scenario, streams.generator("timeline"))
        self.deal = Deal(
            self.scenario,
            timeline,
            self._record,
            streams.generator("team"),
            streams.generator("observation"),
            streams.generator("signals"),
        )
        self._record.follow(self.deal)
        for name in ("need_firm", "tender_issued", "bids_due", "award"):
            self._record(
                "timeline", target=name, view="truth", value=float(getattr(timeline, name))
            )
        self.run = DealRun(self.env, self.deal, streams, detail=detail, clock=clock)
        self.meta: dict[str, str] = {}
        # Set by loading a saved game that may not be the one played (sim.engine.notice).
        self.replay_notice: ReplayNotice | None = None
        self.decisions: list[Plan] = []
        self.forecasts: list[Forecast] = []
        self._pending: Plan | None = None
        self._orders: dict[str, RivalOrder] = {}  # this week's red-team orders, by vendor
        self._feed_start = 0  # first log record of the last round played

    def _week(self) -> int:
        deal = self.__dict__.get("deal")
        return deal.week if deal is not None else 0

    # --- the stepping API ----------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.deal.phase == "closed"

    @property
    def round(self) -> int:
        return self.deal.week

    def observe(self, *, feed: bool = True, member: str | None = None) -> TeamView:
        """What the team knows now; never the hidden truth. ``feed=False`` leaves out last
        round's feed (policies do not read it). ``member``: what that member knows — what
        they saw in the meetings they attended and what colleagues told them — and the part
        of the feed they were there for (news for everyone included)."""
        if member is not None and member not in self.deal.team.members:
            team = ", ".join(self.deal.team.members)
            raise KeyError(f"no team member {member!r}; the team: {team}")
        items = self._feed(member) if feed else ()
        return team_view(self.deal, items, tuple(self.forecasts), self.done, member)

    def _feed(self, member: str | None = None) -> tuple[FeedItem, ...]:
        start = self._feed_start
        return tuple(
            FeedItem(r.round, r.kind, r.actor, r.target, r.activity, r.note)
            for i, r in enumerate(self.log.records[start:], start)
            if r.view in FEED_VIEWS
            and r.kind in FEED_KINDS
            and (member is None or self._saw(member, i, r))
        )

    def order(self, order: RivalOrder | dict[str, Any]) -> RivalOrder:
        """Set this week's moves for a competitor that people play (the red team); a vendor
        without an order plays its archetype. An invalid order raises :class:`PlanError` and
        changes nothing."""
        if self.done:
            raise SessionOver("the deal is over")
        candidate = order if isinstance(order, RivalOrder) else RivalOrder.from_dict(order)
        others = tuple(o for v, o in self._orders.items() if v != candidate.vendor)
        reasons = check_plan(self.deal, Plan(rivals=(*others, candidate)))
        if reasons:
            raise PlanError(reasons)
        self._orders[candidate.vendor] = candidate
        return candidate

    def observe_rival(self, vendor: str) -> RivalView:
        """What competitor ``vendor`` could observe now (the red team's view)."""
        agent = next((a for a in self.run.agents if a.id == vendor), None)
        if agent is None:
            known = ", ".join(a.id for a in self.run.agents)
            raise KeyError(f"no competitor {vendor!r}; the competitors: {known}")
        return rival_view(self.deal, agent)

    def _take_orders(self, plan: Plan) -> None:
        self.deal.rival_orders = {o.vendor: o for o in plan.rivals}
        for order in plan.rivals:
            if order.discount is not None:
                next(
                    a for a in self.run.agents if a.id == order.vendor
                ).seat_discount = order.discount

    @property
    def handoffs(self) -> tuple[Handoff, ...]:
        """Every briefing and strategy session so far: who told whom what, and when."""
        return tuple(self.deal.beliefs.knowledge.handoffs)

    def _saw(self, member: str, index: int, record: EventRecord) -> bool:
        """Whether ``member`` knows of feed record ``index`` first-hand: a slip only its maker
        notices; an activity's outcome those in the room; other news everyone."""
        if record.kind == "slip_noticed":
            return record.actor == member
        present = self._record.witnesses.get(index)
        return present is None or member in present or member in (record.actor, record.target)

    def plan(
        self,
        plan: Plan | dict[str, Any] | list[Assignment] | tuple[Assignment, ...] | None = None,
        *,
        forecast: Forecast | None = None,
    ) -> Plan:
        """Set this round's plan; an invalid one raises :class:`PlanError` and changes nothing."""
        if self.done:
            raise SessionOver("the deal is over")
        candidate = _as_plan(plan, forecast)
        reasons = check_plan(self.deal, candidate)
        if reasons:
            raise PlanError(reasons)
        self._pending = candidate
        return candidate

    def advance(self) -> None:
        """Play one round with the pending plan (or the policy's); then ``observe()``."""
        if self.done:
            raise SessionOver("the deal is over")
        plan = self._pending
        if plan is None:
            plan = self.policy.plan(self.observe(feed=False)) if self.policy is not None else Plan()
            reasons = check_plan(self.deal, plan)
            if reasons:
                raise PlanError(reasons)
        self._pending = None
        if self._orders:  # the red team's orders ride on the week's decisions
            plan = replace(plan, rivals=(*plan.rivals, *self._orders.values()))
            self._orders = {}
        self._take_orders(plan)
        self.decisions.append(plan)
        if plan.forecast is not None:
            self.forecasts.append(plan.forecast)
            self._record(
                "forecast",
                target=plan.forecast.stage,
                view="team",
                value=float(plan.forecast.win_probability),
            )
        self._feed_start = len(self.log.records)
        self.run.play_round(plan)
        self.env.run(until=self.run.round_end)
        if self.deal.phase == "delivery":
            self.env.run(until=self.run.finished)
        if self.done:
            self.run.wind_down()

    def play(self, max_rounds: int = 10_000) -> Result:
        """Autoplay to the end with the policy (or empty plans)."""
        for _ in range(max_rounds):
            if self.done:
                break
            self.advance()
        return self.result()

    def result(self, *, with_hash: bool = True) -> Result:
        """The outcome and key numbers; ``with_hash=False`` skips hashing the log (batch runs)."""
        deal = self.deal
        won = deal.outcome == "won"
        value = deal.contract_value if won else 0.0
        collected = deal.payment_collected * value
        margin = collected - deal.delivery_cost - deal.spend - deal.labour_cost
        return Result(
            scenario=self.scenario.id,
            seed=describe_seed(self.seed),
            policy=self.policy.name if self.policy is not None else "manual",
            outcome=deal.outcome if self.done else None,
            winner=deal.winner,
            weeks=deal.decision_week if deal.decision_week is not None else deal.week,
            contract_value=round(value, 2),
            pursuit_spend=round(deal.spend, 2),
            labour_cost=round(deal.labour_cost, 2),
            margin=round(margin, 2),
            stage=current_stage(deal),
            forecast_brier=self._brier(),
            delivery_troubled=deal.delivery_troubled,
            accepted=deal.accepted,
            payment_collected=round(collected, 2),
            satisfaction=round(deal.satisfaction, 4),
            events=len(self.log),
            event_log_sha256=self.log.sha256() if with_hash else "",
        )

    def _brier(self) -> float | None:
        if not self.done or not self.forecasts:
            return None
        won = 1.0 if self.deal.outcome == "won" else 0.0
        return round(
            nx.total((f.win_probability - won) * (f.win_probability - won) for f in self.forecasts)
            / len(self.forecasts),
            6,
        )

    def events(self) -> pd.DataFrame:
        """The event log as a DataFrame (one row per record)."""
        return self.log.to_frame()

    # --- sessions --------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        return save_session(self, Path(path))

    @classmethod
    def load(cls, path: str | Path, *, warn: bool = True) -> Simulation:
        """Replay a session file. A game saved under another model version, or whose replay
        differs from the saved log, opens with ``replay_notice`` set (and, if ``warn``, a
        :class:`~sim.engine.notice.ReplayWarning`); a broken file raises SessionError."""
        return load_session(Path(path), cls, warn=warn)


def _as_plan(
    plan: Plan | dict[str, Any] | list[Assignment] | tuple[Assignment, ...] | None,
    forecast: Forecast | None,
) -> Plan:
    try:
        if plan is None:
            result = Plan()
        elif isinstance(plan, Plan):
            result = plan
        elif isinstance(plan, dict):
            result = Plan.from_dict(plan)
        else:
            result = Plan(
                assignments=tuple(
                    a if isinstance(a, Assignment) else Assignment.from_dict(a) for a in plan
                )
            )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PlanError([Reason("malformed", {"problem": str(exc)})]) from None
    if forecast is not None:
        result = Plan(result.assignments, forecast)
    return result
