"""The case in view: the situation, the tender's rules, what each role can do, a glossary.

One click away at every round (issue 13, item 3). :func:`case_sections` makes the words and the
HTML from the scenario, the activity catalogue and the team's view of this week — nothing is
written per scenario, and only what the team may know is used: the scenario's public texts
(title, description, account, our solution and team, the rivals' names, the tender), the
catalogue, and the view's dates (bids due as published, the award as the team estimates it).
Never a stakeholder's hidden state, agenda or role, the rivals' plans, nor the trainer's notes.
:class:`CasePanel` is the widget: a toggle and four tabs, filled when open.

A scenario without a part (no best-and-final round, no reference customer, no rival, a
tender scored on price or on quality alone) still renders: each rule says what holds.
"""

from __future__ import annotations

from typing import NamedTuple, get_args

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.i18n import translate
from sim.model.activities import ANGLES, BID_HOURS_NEEDED, CATALOGUE, PRE_AWARD, ActivitySpec
from sim.model.buying_centre import FITTING_ANGLE
from sim.model.observation import TeamView
from sim.model.team import ALIGNMENT_WEEKS
from sim.scenario import Scenario
from sim.scenario.schema import BuyingRole, ResponseMode
from sim.ui.game import ROLE_ORDER, Game
from sim.ui.text import esc, label, money, percent, tr

SECTIONS: tuple[str, ...] = ("situation", "tender", "roles", "glossary")
TERMS: tuple[str, ...] = ("leaning", "reaction", "context", "aligned", "access", "no_decision")
# The phases in which a plan is played: from delivery on, every plan is refused
# (``validation.check_plan``: deal_over), whatever the catalogue lists.
PLANNED: tuple[str, ...] = (*PRE_AWARD, "negotiation")
KEEP_WHOLE = frozenset({0, 3, 4})  # columns never wrapped: the activity, its hours, its cost
EXAMPLE_ABOVE = 0.10  # the worked price example: a bid this far above the lowest
STYLE = """<style>
.st-case { font-size: 13px; line-height: 1.45; }
.st-case p, .st-case ul, .st-case dl { max-width: 75em; }
.st-case h4 { margin: 0.6em 0 0.2em; }
.st-case ul { margin: 0.2em 0 0.4em; padding-left: 1.4em; }
.st-case .st-table td { white-space: normal; }
.st-case .st-table td.st-case-keep { white-space: nowrap; }
.st-case .st-case-now { color: #2e7d32; white-space: nowrap; }
.st-case .st-case-off { color: #888; }
.st-case dt { font-weight: bold; margin-top: 0.3em; }
.st-case dd { margin: 0 0 0.2em 1.4em; }
</style>"""


class CaseSection(NamedTuple):
    key: str  # one of SECTIONS
    title: str
    html: str


def ct(key: str, lang: str, **params: object) -> str:
    """The case panel's message ``case.<key>`` in ``lang``."""
    return translate(f"case.{key}", lang, **params)


def case_sections(scenario: Scenario, view: TeamView, lang: str) -> tuple[CaseSection, ...]:
    """The four sections of the case, as this week's view has it, in ``lang`` (every text
    escaped; pure: the same arguments give the same HTML)."""
    bodies = {
        "situation": _situation(scenario, view, lang),
        "tender": _tender(scenario, view, lang),
        "roles": _roles(scenario, view, lang),
        "glossary": _glossary(lang),
    }
    return tuple(
        CaseSection(key, ct(f"tab.{key}", lang), f'<div class="st-case st-case-{key}">{body}</div>')
        for key, body in bodies.items()
    )


def _items(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts) + "</ul>"


def _heading(text: str) -> str:
    return f"<h4>{esc(text)}</h4>"


# --- the situation ------------------------------------------------------------------------------


def _situation(scenario: Scenario, view: TeamView, lang: str) -> str:
    account, currency = scenario.account, scenario.account.currency
    rivals = [c.name.get(lang) for c in scenario.competitors if c.id in view.vendors]
    facts = [
        ct(
            "situation.account",
            lang,
            account=account.name.get(lang),
            industry=account.industry.get(lang),
        ),
        ct(f"situation.sale_type.{account.sale_type}", lang),
        ct("situation.deal_value", lang, value=money(view.deal_value, currency)),
        ct("situation.budget", lang, budget=money(view.budget, currency)),
        ct("situation.solution", lang, solution=scenario.solution.name.get(lang)),
        ct("situation.references", lang, count=view.references),
        ct("situation.competitors", lang, names=tr("list_separator", lang).join(rivals))
        if rivals
        else ct("situation.no_competitors", lang),
        ct(
            "situation.clock",
            lang,
            days=scenario.timeline.round_days,
            horizon=view.horizon_weeks,
        ),
    ]
    team = [
        ct(
            "situation.member",
            lang,
            name=m.name.get(lang),
            role=label("role", m.role, lang),
            hours=f"{m.weekly_hours:g}",
            cost=money(m.hourly_cost, currency),
        )
        for m in view.members
    ]
    return (
        f"<h4>{esc(scenario.title.get(lang))}</h4>"
        f"<p>{esc(scenario.description.get(lang))}</p>"
        f"{_items(facts)}{_heading(ct('situation.team_title', lang))}{_items(team)}"
    )


# --- the tender's rules -------------------------------------------------------------------------


def price_points(commercial_weight: float, formula: str, above: float) -> float:
    """Price points of a bid ``above`` (a share) over the lowest price, by the tender's formula
    (the same as ``sim.model.decision.commercial_points``; a test holds them together)."""
    if formula == "lowest_over_own":
        return commercial_weight / (1.0 + above)
    return commercial_weight * min(1.0, max(0.0, 1.0 - above))


def _tender(scenario: Scenario, view: TeamView, lang: str) -> str:
    tender = scenario.tender
    technical, commercial = tender.technical_weight, tender.commercial_weight
    example = price_points(commercial, tender.price_formula, EXAMPLE_ABOVE)
    kind = "public" if scenario.account.public_tender else "invited"
    award = [
        ct(f"tender.kind.{kind}", lang),
        ct(
            "tender.weights",
            lang,
            technical=f"{technical:g}",
            commercial=f"{commercial:g}",
            total=f"{technical + commercial:g}",
        ),
    ]
    if technical > 0:
        award.append(ct("tender.quality", lang, technical=f"{technical:g}"))
    if commercial > 0:
        award.append(
            ct(
                f"tender.price.{tender.price_formula}",
                lang,
                commercial=f"{commercial:g}",
                above=percent(EXAMPLE_ABOVE),
                example=f"{example:.1f}",
            )
        )
    weight = tender.formal_weight
    award.append(
        ct(
            "tender.formal_only"
            if weight >= 1.0
            else "tender.politics_only"
            if weight <= 0.0
            else "tender.politics",
            lang,
        )
    )
    vetoes = [
        ct("tender.veto_technical", lang, veto=percent(tender.technical_veto)),
        ct("tender.veto_economic", lang),
        ct("tender.no_decision", lang),
    ]
    bid_name, final_name = (
        label("activity", "bid_preparation", lang),
        label("activity", "final_offer", lang),
    )
    bid = [
        ct("tender.min_bid", lang, hours=f"{BID_HOURS_NEEDED:g}", activity=bid_name),
        ct("tender.max_discount", lang, discount=percent(view.max_discount)),
        ct("tender.final.yes", lang, activity=final_name, discount=percent(view.max_discount))
        if tender.best_and_final
        else ct("tender.final.no", lang),
    ]
    if view.phase in ("tender", "evaluation") or view.bid_hours > 0:
        bid.append(
            ct(
                "tender.bid_hours",
                lang,
                hours=f"{view.bid_hours:g}",
                needed=f"{BID_HOURS_NEEDED:g}",
            )
        )
    if view.final_offer_open:
        bid.append(ct("tender.final_open", lang, activity=final_name))
    if view.price_gap is not None:
        bid.append(ct("tender.price_gap", lang, gap=percent(view.price_gap)))
    return (
        f"{_heading(ct('tender.award_title', lang))}{_items(award)}"
        f"{_heading(ct('tender.veto_title', lang))}{_items(vetoes)}"
        f"{_heading(ct('tender.bid_title', lang))}{_items(bid)}"
        f"{_heading(ct('dates.title', lang))}{_items(_dates(view, lang))}"
    )


def _dates(view: TeamView, lang: str) -> list[str]:
    """The dates as the team knows them: bids due once published, the award as estimated."""
    dates = [
        ct(
            "dates.now",
            lang,
            week=view.week,
            horizon=view.horizon_weeks,
            phase=label("phase", view.phase, lang),
        )
    ]
    if view.bids_due_week is not None:
        dates.append(ct("dates.bids_due", lang, week=view.bids_due_week))
    elif view.phase in ("latent", "requirements"):
        dates.append(ct("dates.bids_not_yet", lang))
    if view.bid_submitted:
        dates.append(ct("dates.bid_in", lang))
    if view.phase in PRE_AWARD:
        dates.append(ct("dates.award", lang, week=view.expected_award_week))
    else:
        dates.append(ct("dates.awarded", lang))
    return dates


# --- what each role can do ------------------------------------------------------------------------


def _for_whom(spec: ActivitySpec, lang: str) -> str:
    parts = []
    if spec.targets == "stakeholders":
        low, high = spec.min_targets, spec.max_targets
        if high == 1 and low == 1:
            parts.append(ct("roles.for.one", lang))
        elif low == 0:
            key = "roles.for.optional" if high == 1 else "roles.for.up_to"
            parts.append(ct(key, lang, high=high))
        else:
            parts.append(ct("roles.for.people", lang, low=low, high=high))
    elif spec.targets == "members":
        parts.append(ct("roles.for.members", lang, low=spec.min_targets, high=spec.max_targets))
    else:
        parts.append(ct("roles.for.none", lang))
    if spec.min_members > 1:
        parts.append(ct("roles.for.min_members", lang, count=spec.min_members))
    if spec.needs_angle:
        parts.append(ct("roles.for.angle", lang))
    return tr("list_separator", lang).join(parts)


def _caveat(scenario: Scenario, activity: str, lang: str) -> str | None:
    """Why an activity cannot happen in this case at all (the scenario lacks what it needs)."""
    if activity == "final_offer" and not scenario.tender.best_and_final:
        return ct("roles.no_final_round", lang)
    if activity == "reference_visit" and scenario.solution.references == 0:
        return ct("roles.no_references", lang)
    return None


def _roles(scenario: Scenario, view: TeamView, lang: str) -> str:
    currency = scenario.account.currency
    present = {m.role for m in scenario.team}
    sep = tr("list_separator", lang)
    head = "".join(
        f"<th>{esc(ct(f'roles.column.{c}', lang))}</th>"
        for c in ("activity", "what", "lead", "hours", "cost", "when", "for", "now")
    )
    rows = []
    for activity, spec in CATALOGUE.items():
        caveat = _caveat(scenario, activity, lang)
        what = esc(
            ct(f"activity.{activity}", lang, weeks=ALIGNMENT_WEEKS, needed=f"{BID_HOURS_NEEDED:g}")
        )
        if caveat:
            what += f'<br><i class="st-case-off">{esc(caveat)}</i>'
        leads = sep.join(label("role", r, lang) for r in spec.lead_roles if r in present)
        now = (
            f'<span class="st-case-now">{esc(ct("roles.now", lang))}</span>'
            if activity in view.allowed_activities and caveat is None
            else ""
        )
        cells = (
            f"<b>{esc(label('activity', activity, lang))}</b>",
            what,
            esc(leads or ct("roles.nobody", lang)),
            esc(ct("roles.hours", lang, hours=f"{spec.hours:g}")),
            esc(money(spec.cost, currency)),
            esc(sep.join(label("phase", p, lang) for p in spec.phases if p in PLANNED)),
            esc(_for_whom(spec, lang)),
            now,
        )
        rows.append(
            f'<tr class="st-case-activity" data-activity="{esc(activity)}">'
            + "".join(
                f'<td class="st-case-keep">{c}</td>' if k in KEEP_WHOLE else f"<td>{c}</td>"
                for k, c in enumerate(cells)
            )
            + "</tr>"
        )
    by_role = []
    for role in (r for r in ROLE_ORDER if r in present):
        names = sep.join(m.name.get(lang) for m in scenario.team if m.role == role)
        leads = sep.join(
            label("activity", a, lang) for a, spec in CATALOGUE.items() if role in spec.lead_roles
        )
        by_role.append(
            ct("roles.by_role", lang, role=label("role", role, lang), names=names, activities=leads)
        )
    return (
        f"<p>{esc(ct('roles.intro', lang))}</p>"
        f"{_heading(ct('roles.by_role_title', lang))}{_items(by_role)}"
        f"{_heading(ct('roles.table_title', lang))}"
        f'<table class="st-table st-case-activities"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# --- the glossary -------------------------------------------------------------------------------


def _entries(items: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in items) + "</dl>"


def _glossary(lang: str) -> str:
    buying = []
    for role in get_args(BuyingRole):
        name, short = label("role", role, lang), label("role_short", role, lang)
        same = short.casefold() == name.casefold()
        term = name if same else ct("glossary.role_term", lang, name=name, short=short)
        buying.append((term, ct(f"glossary.role.{role}", lang)))
    modes = [
        (label("response_mode", mode, lang), ct(f"glossary.mode.{mode}", lang))
        for mode in get_args(ResponseMode)
    ]
    sep = tr("list_separator", lang)
    angles = [
        (
            label("angle", a, lang),
            ct(
                f"glossary.angle.{a}",
                lang,
                departments=sep.join(
                    label("department", d, lang) for d, fits in FITTING_ANGLE.items() if fits == a
                ),
            ),
        )
        for a in ANGLES
    ]
    terms = [
        (ct(f"glossary.term.{t}.name", lang), ct(f"glossary.term.{t}", lang, weeks=ALIGNMENT_WEEKS))
        for t in TERMS
    ]
    return (
        f"{_heading(ct('glossary.buying_roles', lang))}{_entries(buying)}"
        f"{_heading(ct('glossary.modes', lang))}{_entries(modes)}"
        f"{_heading(ct('glossary.angles', lang))}{_entries(angles)}"
        f"{_heading(ct('glossary.terms', lang))}{_entries(terms)}"
    )


# --- the widget ---------------------------------------------------------------------------------


class CasePanel:
    """A toggle *The case and the rules* and, while it is on, four tabs. The round screen keeps
    one per game and language and calls :meth:`refresh` each round; the tabs are filled only
    while open (and when opened), so a closed panel costs nothing per week."""

    def __init__(self, game: Game, lang: str) -> None:
        self.game, self.lang = game, lang
        self.toggle = widgets.ToggleButton(
            value=False,
            description=ct("toggle", lang),
            tooltip=ct("toggle_help", lang),
            icon="book",
            layout=widgets.Layout(width="auto"),
        )
        self.toggle.add_class("st-case-toggle")
        self.pages = {key: widgets.HTML() for key in SECTIONS}
        for key, page in self.pages.items():
            page.add_class(f"st-case-page-{key}")
        self.tabs = widgets.Tab(
            children=list(self.pages.values()), titles=[ct(f"tab.{k}", lang) for k in SECTIONS]
        )
        self.tabs.add_class("st-case-tabs")
        self.tabs.layout.display = "none"
        self.toggle.observe(lambda _: self._shown(), names="value")
        self.box = widgets.VBox([widgets.HTML(STYLE), widgets.HBox([self.toggle]), self.tabs])
        self.box.add_class("st-case-panel")

    @property
    def open(self) -> bool:
        return bool(self.toggle.value)

    def _shown(self) -> None:
        self.tabs.layout.display = "" if self.open else "none"
        self.refresh()

    def refresh(self) -> None:
        """This week's case, if the panel is open."""
        if not self.open:
            return
        sim = self.game.sim
        for section in case_sections(sim.scenario, self.game.view(), self.lang):
            self.pages[section.key].value = section.html


__all__ = ["SECTIONS", "CasePanel", "CaseSection", "case_sections", "price_points"]
