"""The story the debrief opens with, in plain words: how the deal ended, the (up to) three
decisions or missed actions that mattered most, and what to do next time.

The outcome part reads the log only (:func:`outcome_of`, milliseconds), so a screen can show it
at once; the causes come from replaying candidate changes on the same seed
(:func:`sim.analysis.counterfactuals.counterfactuals`, a fraction of a second per change) and
can fill in afterwards (:func:`tell` with ``found=None`` says they are pending). Every sentence
comes from the ``analysis.story.*`` catalog entries; names from the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.analysis.assessment import Assessment, Gain
from sim.analysis.competitors import chance_before_decision
from sim.analysis.counterfactuals import Counterfactual
from sim.analysis.html import Markup, join, para, tag
from sim.analysis.session_facts import SessionFacts
from sim.analysis.text import label, money, percent, signed, tr

CAUSES = 3
SHOWN_GAIN = 0.005  # a change that moves our chance by less than half a point is not a cause
COACHED = 2  # next-time lines drawn from the weakest competencies when no change mattered
SENTENCE_GAP = {"zh": ""}  # between sentences: a space in English, none after "。"
FAMILY = {"price_bid": "price", "final_offer": "price"}  # one next-time line per lever


@dataclass(frozen=True)
class Outcome:
    """How the deal ended, from the log: ids and numbers only."""

    outcome: str | None
    why: str  # the engine's reason when it closed (``award``, ``no_bid`` ...), else ""
    winner: str | None
    week: int
    margin: float
    contract_value: float
    chance: float | None  # the engine's last estimate before the customer decided
    our_price: float | None
    winner_price: float | None


def outcome_of(facts: SessionFacts) -> Outcome:
    result = facts.result
    prices: dict[str, float] = {}
    for record in facts.records:
        if record.kind in ("bid", "final_offer"):
            prices[record.actor] = float(record.value)
    closed = next((r for r in reversed(facts.records) if r.kind == "outcome"), None)
    why = closed.note.partition(":")[2] if closed is not None and closed.note else ""
    return Outcome(
        outcome=result.outcome,
        why=why,
        winner=result.winner,
        week=result.weeks,
        margin=result.margin,
        contract_value=result.contract_value,
        chance=chance_before_decision(facts.records),
        our_price=prices.get("us"),
        winner_price=prices.get(result.winner) if result.winner else None,
    )


@dataclass(frozen=True)
class Story:
    facts: SessionFacts
    outcome: Outcome
    found: tuple[Counterfactual, ...] | None  # every replayed change, ranked; None: pending

    @property
    def pending(self) -> bool:
        return self.found is None

    @property
    def causes(self) -> tuple[Counterfactual, ...]:
        """The changes that mattered most: the top three by gain that gained at all."""
        return tuple(c for c in (self.found or ())[:CAUSES] if c.gain >= SHOWN_GAIN)

    @property
    def top(self) -> Counterfactual | None:
        return self.causes[0] if self.causes else None

    def gains(self) -> list[Gain]:
        return [
            Gain(c.candidate.kind, c.candidate.role, c.candidate.competency, c.before, c.after)
            for c in self.found or ()
        ]


def tell(facts: SessionFacts, found: list[Counterfactual] | None) -> Story:
    """The story of ``facts``; ``found`` ranked counterfactuals, or None while they are pending."""
    return Story(facts, outcome_of(facts), None if found is None else tuple(found))


# --- words -----------------------------------------------------------------------------------
def _t(key: str, lang: str, **params: object) -> str:
    return tr(f"story.{key}", lang, **params)


def _names(facts: SessionFacts, ids: tuple[str, ...]) -> str:
    return tr("list_separator", facts.lang).join(facts.names.who(i) for i in ids) or tr(
        "nobody", facts.lang
    )


def outcome_lines(story: Story) -> list[str]:
    """The outcome in one to three sentences: who won, when, the margin, price, our chance."""
    facts, out = story.facts, story.outcome
    lang, currency = facts.lang, facts.scenario.account.currency
    params: dict[str, object] = {
        "week": out.week,
        "margin": money(out.margin),
        "value": money(out.contract_value),
        "currency": currency,
        "winner": facts.names.who(out.winner or ""),
    }
    if out.outcome == "lost":
        key = "lost_to" if out.winner else "lost_no_bid" if out.why == "no_bid" else "lost"
    else:
        key = out.outcome if out.outcome in ("won", "no_decision") else "open"
    lines = [_t(f"outcome.{key}", lang, **params)]
    if out.outcome == "lost" and out.winner and out.our_price and out.winner_price:
        gap = out.winner_price / out.our_price - 1.0
        lines.append(
            _t(
                "price.below" if gap < 0 else "price.above",
                lang,
                winner=params["winner"],
                theirs=money(out.winner_price),
                ours=money(out.our_price),
                currency=currency,
                gap=percent(abs(gap)),
            )
        )
    if out.chance is not None and out.outcome is not None:
        lines.append(_t("chance", lang, chance=percent(out.chance)))
    return lines


def change_words(facts: SessionFacts, cause: Counterfactual) -> str:
    """What the change was, as the start of a sentence ("Briefing Li Na before week 17")."""
    c, lang = cause.candidate, facts.lang
    activity = c.change.add[0].activity if c.change.add else ""
    return _t(
        f"change.{c.kind}",
        lang,
        week=c.week,
        who=_names(facts, c.who),
        whom=_names(facts, c.whom),
        angle=label("angle", c.angle or "", lang),
        discount=percent(c.discount),
        activity=label("activity", activity, lang),
    )


def cause_line(facts: SessionFacts, cause: Counterfactual) -> str:
    lang = facts.lang
    line = _t(
        "cause",
        lang,
        change=change_words(facts, cause),
        before=percent(cause.before),
        after=percent(cause.after),
        points=signed(100 * cause.gain),
    )
    if cause.outcome_gain > 0:
        line += SENTENCE_GAP.get(lang, " ") + _t(
            "cause_outcome", lang, outcome=label("outcome", str(cause.outcome_after), lang)
        )
    return line


def next_lines(story: Story, assessment: Assessment | None = None) -> list[str]:
    """What to do next time: one line per lever (kind of cause); with no cause, the coaching of the
    weakest competencies (when the assessment is given)."""
    facts, lang = story.facts, story.facts.lang
    lines: list[str] = []
    kinds: set[str] = set()
    for cause in story.causes:
        c = cause.candidate
        family = FAMILY.get(c.kind, c.kind)
        if family in kinds:
            continue
        kinds.add(family)
        lines.append(
            _t(
                f"next.{c.kind}" + ("_deeper" if c.deeper else ""),
                lang,
                whom=_names(facts, c.whom),
                discount=percent(c.discount),
                winner=facts.names.who(story.outcome.winner or ""),
            )
        )
    if not lines and assessment is not None:
        observed = sorted(
            (s for s in assessment.scores if s.value is not None and s.level != "strong"),
            key=lambda s: (s.value, s.role, s.competency),
        )
        lines += [
            f"{label('competency', s.competency, lang)}: {s.coaching(lang)}"
            for s in observed[:COACHED]
        ]
    return lines


def story_html(
    story: Story, assessment: Assessment | None = None, *, title: str | None = None
) -> Markup:
    """The story as a box: outcome, what mattered most (or that it is being worked out), what
    to do next time; ``title`` instead of the usual heading (a team's name, say)."""
    facts, lang = story.facts, story.facts.lang
    outcome = str(story.outcome.outcome)
    parts: list[Markup] = [
        tag("h2", _t("title", lang) if title is None else title),
        para(
            SENTENCE_GAP.get(lang, " ").join(outcome_lines(story)), cls=f"story-outcome {outcome}"
        ),
        tag("h3", _t("mattered", lang)),
    ]
    if story.pending:
        parts.append(para(_t("pending", lang), cls="note story-pending"))
    elif story.causes:
        items = [tag("li", cause_line(facts, c)) for c in story.causes]
        parts += [
            tag("ol", *items, cls="story-causes"),
            para(_t("method", lang, tried=len(story.found or ())), cls="note"),
        ]
    else:
        parts.append(para(_t("no_cause", lang, tried=len(story.found or ()))))
    if not story.pending:
        advice = next_lines(story, assessment)
        if advice:
            parts += [
                tag("h3", _t("next_time", lang)),
                tag("ul", *(tag("li", a) for a in advice), cls="story-next"),
            ]
    return tag("section", join(parts), cls="story", id="story")


def team_stories_html(stories: list[tuple[str, Story]]) -> Markup:
    """One story per team (name, story), in the order given, under one heading."""
    if not stories:
        return Markup("")
    lang = stories[0][1].facts.lang
    boxes = [story_html(story, title=_t("team", lang, team=team)) for team, story in stories]
    return tag("section", tag("h2", _t("teams", lang)), *boxes, cls="team-stories")
