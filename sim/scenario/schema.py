"""The scenario file format: pydantic v2 models, frozen, unknown keys forbidden.

These classes describe what a trainer writes. Cross-references between parts (a link to a
stakeholder that does not exist, a disposition toward an unknown vendor) are checked in
``checks.py`` so that each problem can point at the exact field and line.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Department = Literal["business", "technical", "executive", "procurement", "finance"]
BuyingRole = Literal["economic_buyer", "technical_buyer", "user_buyer", "coach", "gatekeeper"]
ResponseMode = Literal["growth", "trouble", "even_keel", "overconfident"]
TeamRole = Literal["sales_rep", "presales", "project_manager", "executive"]
Archetype = Literal["incumbent", "price_aggressor", "technical_leader", "doubt_raiser"]
Reach = Literal["open", "introduction", "executive_peer"]
SaleType = Literal["cross_sell", "new_account"]
PriceFormula = Literal["lowest_over_own", "linear"]
KnownAttribute = Literal[
    "role", "influence", "response_mode", "concerns", "disposition", "links", "agenda"
]

DIMENSIONS: tuple[str, ...] = (
    "business_value",
    "technical_fit",
    "implementation_risk",
    "price",
    "relationship",
)
COMPETENCIES: tuple[str, ...] = (
    "discovery",
    "relationship",
    "presentation",
    "technical",
    "implementation",
    "bidding",
    "negotiation",
)

# Numbers are numbers: `true` is not 1 and "0.5" is not 0.5 (strict types), every number is
# finite (no .inf or .nan), and amounts of money have a ceiling, so no sum of them overflows.
Real = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Whole = Annotated[int, Field(strict=True)]
Flag = Annotated[bool, Field(strict=True)]
MAX_AMOUNT = 1e12
"""The largest deal value, budget or hourly cost a scenario may state (in its currency)."""

Unit = Annotated[Real, Field(ge=0.0, le=1.0)]
Disposition = Annotated[Whole, Field(ge=-5, le=5)]
Week = Annotated[Whole, Field(ge=0, le=520)]


class Frozen(BaseModel):
    """Base for every scenario object: immutable, and unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(Frozen):
    """A user-facing text in both languages."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class WeekRange(Frozen):
    """An inclusive range of weeks; the engine draws a whole week uniformly from it."""

    low: Week
    high: Week


def _range_from_list(value: object) -> object:
    """Accept ``[low, high]`` or a single number in the file; keep mappings as they are."""
    if isinstance(value, int) and not isinstance(value, bool):
        return {"low": value, "high": value}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"low": value[0], "high": value[1]}
    return value


RangeField = Annotated[WeekRange, Field()]


class Dimensions(Frozen):
    """A value per decision dimension (concern weights, strengths or reputation)."""

    business_value: Unit = 0.0
    technical_fit: Unit = 0.0
    implementation_risk: Unit = 0.0
    price: Unit = 0.0
    relationship: Unit = 0.0

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, d)) for d in DIMENSIONS)


class Skills(Frozen):
    """Skill per competency, 0 (none) to 1 (expert); unspecified competencies are 0.5."""

    discovery: Unit = 0.5
    relationship: Unit = 0.5
    presentation: Unit = 0.5
    technical: Unit = 0.5
    implementation: Unit = 0.5
    bidding: Unit = 0.5
    negotiation: Unit = 0.5

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, c)) for c in COMPETENCIES)


class Account(Frozen):
    name: Text
    industry: Text
    sale_type: SaleType
    deal_value: Annotated[Real, Field(gt=0, le=MAX_AMOUNT)]
    currency: Annotated[str, Field(min_length=1, max_length=8)] = "CNY"
    pursuit_budget: Annotated[Real, Field(ge=0, le=MAX_AMOUNT)]
    public_tender: Flag = True


TIMELINE_RANGES: tuple[str, ...] = (
    "need_firm",
    "tender_issued",
    "bid_window",
    "evaluation",
    "contract",
    "delivery",
    "payment",
)


class Timeline(Frozen):
    """The customer's buying clock, in weeks, as ranges the engine draws from."""

    round_days: Annotated[Whole, Field(ge=1, le=20)] = 5
    horizon_weeks: Annotated[Whole, Field(ge=4, le=260)]
    need_firm: WeekRange
    tender_issued: WeekRange
    bid_window: WeekRange
    evaluation: WeekRange
    contract: WeekRange
    delivery: WeekRange
    payment: WeekRange

    @field_validator(*TIMELINE_RANGES, mode="before")
    @classmethod
    def _ranges(cls, value: object) -> object:
        return _range_from_list(value)


class Stakeholder(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    title: Text
    department: Department
    roles: Annotated[tuple[BuyingRole, ...], Field(min_length=1)]
    influence: Annotated[Real, Field(gt=0.0, le=1.0)]
    response_mode: ResponseMode
    concerns: Dimensions
    disposition: dict[str, Disposition] = Field(default_factory=dict)
    known: tuple[KnownAttribute, ...] = ()
    reach: Reach = "open"
    introduced_by: tuple[str, ...] = ()
    links: dict[str, Annotated[Real, Field(gt=0.0, le=1.0)]] = Field(default_factory=dict)
    agenda: Text | None = None


class TeamMember(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    role: TeamRole
    skills: Skills = Field(default_factory=Skills)
    weekly_hours: Annotated[Real, Field(gt=0, le=80)]
    hourly_cost: Annotated[Real, Field(ge=0, le=MAX_AMOUNT)] = 0.0
    context: Unit = 0.0


class Solution(Frozen):
    name: Text
    strengths: Dimensions
    reputation: Dimensions
    references: Annotated[Whole, Field(ge=0, le=50)] = 0
    delivery_cost_ratio: Annotated[Real, Field(ge=0.0, lt=1.0)] = 0.6


DEFAULT_INCUMBENCY = 0.04  # utility an incumbent holds from switching cost: assumption


class Competitor(Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    archetype: Archetype
    strengths: Dimensions
    reputation: Dimensions
    price_ratio: Annotated[Real, Field(gt=0.2, le=5.0)] = 1.0
    capacity: Annotated[Whole, Field(ge=0, le=10)] = 2
    aggressiveness: Unit = 0.5
    max_discount: Annotated[Real, Field(ge=0.0, le=0.6)] = 0.2
    # switching cost and known risk: utility every stakeholder adds for this vendor; unset means
    # 0.04 for an incumbent, 0 for the others
    incumbency: Unit | None = None

    @property
    def incumbency_bonus(self) -> float:
        if self.incumbency is not None:
            return self.incumbency
        return DEFAULT_INCUMBENCY if self.archetype == "incumbent" else 0.0


class Tender(Frozen):
    technical_weight: Annotated[Real, Field(ge=0, le=100)]
    commercial_weight: Annotated[Real, Field(ge=0, le=100)]
    price_formula: PriceFormula = "lowest_over_own"
    formal_weight: Unit = 0.6
    technical_veto: Unit = 0.3
    max_discount: Annotated[Real, Field(ge=0.0, le=0.6)] = 0.3
    # a best-and-final-offer round after the bids open: every bidder hears how far its price
    # is above the lowest and may lower it once (private tenders; public ones forbid it)
    best_and_final: Flag = False


class _Event(Frozen):
    week: WeekRange
    probability: Unit = 1.0
    note: Text | None = None

    @field_validator("week", mode="before")
    @classmethod
    def _week(cls, value: object) -> object:
        return _range_from_list(value)


class Successor(Frozen):
    name: Text
    title: Text
    response_mode: ResponseMode
    concerns: Dimensions
    disposition: dict[str, Disposition] = Field(default_factory=dict)


class DecisionMakerReplaced(_Event):
    """The economic buyer (or another stakeholder) leaves; a successor arrives."""

    kind: Literal["decision_maker_replaced"]
    stakeholder: str
    successor: Successor
    delay_weeks: Annotated[Whole, Field(ge=0, le=26)] = 2


class BudgetCut(_Event):
    kind: Literal["budget_cut"]
    factor: Annotated[Real, Field(gt=0.0, lt=1.0)]


class CustomerAsksPM(_Event):
    """The customer asks to meet our project manager within a deadline."""

    kind: Literal["customer_asks_pm"]
    stakeholder: str
    deadline_weeks: Annotated[Whole, Field(ge=1, le=12)] = 2


class TimelineSlip(_Event):
    kind: Literal["timeline_slip"]
    weeks: Annotated[Whole, Field(ge=1, le=26)]


Event = Annotated[
    DecisionMakerReplaced | BudgetCut | CustomerAsksPM | TimelineSlip,
    Field(discriminator="kind"),
]


class Parameters(Frozen):
    """Model parameters; every one is listed in docs/model.md with its basis."""

    drift_rate: Unit = 0.12
    activity_gain: Unit = 0.55
    off_angle_effect: Unit = 0.35
    wrong_angle_setback: Unit = 0.015
    context_floor: Unit = 0.4
    context_decay: Unit = 0.25
    cold_pm_setback: Unit = 0.10
    unaligned_conflict_chance: Unit = 0.30
    conflict_consensus_loss: Unit = 0.05
    handoff_conflict_factor: Unit = 0.5
    group_consensus_gain: Unit = 0.04
    executive_gain: Unit = 0.55
    opportunity_multiplier: Annotated[Real, Field(ge=1.0, le=5.0)] = 1.8
    receptivity_growth: Unit = 1.0
    receptivity_trouble: Unit = 1.0
    receptivity_even_keel: Unit = 0.6
    receptivity_overconfident: Unit = 0.4
    need_pull: Unit = 0.005
    doubt_effect: Unit = 0.04
    doubt_no_decision: Unit = 0.008
    proof_shield: Unit = 0.8
    early_pm_gain: Unit = 0.25
    choice_temperature: Annotated[Real, Field(gt=0.0, le=1.0)] = 0.15
    consensus_threshold: Unit = 0.45
    no_decision_steepness: Annotated[Real, Field(ge=0.0, le=100.0)] = 3.0
    no_decision_base: Annotated[Real, Field(ge=-10.0, le=10.0)] = 0.5
    decision_noise: Annotated[Real, Field(ge=0.0, le=1.0)] = 0.10
    proposal_weight: Unit = 0.5
    economic_veto_margin: Unit = 0.25
    delivery_base_risk: Unit = 0.15
    planning_risk_reduction: Unit = 0.6
    price_pressure_risk: Unit = 0.8
    observation_noise: Unit = 0.15
    signal_chance: Unit = 0.6
    signal_accuracy: Unit = 0.8
    slip_notice_chance: Unit = 0.5
    signal_delay_weeks: Annotated[Whole, Field(ge=0, le=4)] = 0


class Scenario(Frozen):
    """A whole deal: account, buying clock, buying centre, our team, competitors, tender."""

    format: Literal["sandtable-scenario/1"] = "sandtable-scenario/1"
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    title: Text
    description: Text
    account: Account
    timeline: Timeline
    stakeholders: Annotated[tuple[Stakeholder, ...], Field(min_length=1, max_length=30)]
    team: Annotated[tuple[TeamMember, ...], Field(min_length=1, max_length=12)]
    solution: Solution
    competitors: Annotated[tuple[Competitor, ...], Field(max_length=6)] = ()
    tender: Tender
    events: tuple[Event, ...] = ()
    parameters: Parameters = Field(default_factory=Parameters)
    trainer_note: dict[str, Text] = Field(default_factory=dict)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        for person in self.stakeholders:
            if person.id == stakeholder_id:
                return person
        raise KeyError(stakeholder_id)

    def member(self, member_id: str) -> TeamMember:
        for person in self.team:
            if person.id == member_id:
                return person
        raise KeyError(member_id)

    @property
    def vendor_ids(self) -> tuple[str, ...]:
        """``us`` first, then competitors in file order."""
        return ("us", *(c.id for c in self.competitors))
