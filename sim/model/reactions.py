"""Customer reactions: every hidden effect on a stakeholder leaves a noisy trace the team sees.

When a rule moves a stakeholder — a cold PM's vague answers, a pitch at the wrong angle, a push
an overconfident buyer resents, one meeting too many, a rival's doubt — the people present show
it, sometimes. :func:`react` draws from its own random stream whether the team notices
(``signal_chance``) and whether it reads the tone right (``signal_accuracy``), and records a
team-visible ``reaction``: target = the stakeholder, activity = what caused it (a reason code),
actor = who caused it, note = the tone as the team read it (``warm`` or ``cool``). Our own
slips are also noticed, sometimes, by the member who made them (``slip_noticed``, chance
``slip_notice_chance``). With ``signal_delay_weeks`` the reaction reaches the team that many
weeks later (:func:`release`, at the week's end). Ids and codes only: words are made in the ui
and the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.deal import Deal

# What caused the reaction → its true tone.
SOURCES: dict[str, str] = {
    "angle_fit": "warm",  # engaged by a pitch that spoke to their concerns
    "angle_misfit": "cool",  # lost in detail they do not care about
    "pm_answers": "warm",  # reassured by the PM's answers on the rollout
    "pm_cold": "cool",  # unconvinced by the PM's answers
    "pushback": "cool",  # an overconfident buyer resents being pushed
    "contact_fatigue": "cool",  # one meeting too many
    "executive_escalation": "warm",  # valued meeting our executive
    "reference": "warm",  # impressed by the reference customer
    "message_conflict": "cool",  # heard two different stories from us
    "raise_doubt": "cool",  # a rival questioned our record with them
}
SLIPS = frozenset({"angle_misfit", "pm_cold", "message_conflict"})
FLIP = {"warm": "cool", "cool": "warm"}


@dataclass(frozen=True)
class Signal:
    """A reaction on its way to the team (``due``: the week it is noticed)."""

    due: int
    actor: str
    target: str
    source: str
    tone: str


def react(deal: Deal, source: str, s: int, actor: str = "") -> None:
    """Stakeholder ``s`` reacts to ``source`` (a key of :data:`SOURCES`) caused by ``actor``.

    Always three draws, whatever happens, so the stream does not depend on the branch."""
    params = deal.params
    noticed, misread, slip = _draws(deal)
    target = deal.centre.ids[s]
    if source in SLIPS and actor and slip < params.slip_notice_chance:
        deal.record("slip_noticed", actor=actor, target=target, activity=source, view="team")
    if noticed >= params.signal_chance:
        return
    tone = SOURCES[source] if misread < params.signal_accuracy else FLIP[SOURCES[source]]
    due = deal.week + params.signal_delay_weeks
    if due <= deal.week:
        _show_now(deal, actor, target, source, tone)
    else:
        deal.pending_signals.append(Signal(due, actor, target, source, tone))


DRAW_BLOCK = 64 * 3  # uniforms drawn from the stream at once: 64 reactions' three each


def _draws(deal: Deal) -> list[float]:
    """The signal stream's next three uniforms (noticed, misread, slip): ``signal_rng.random(3)``
    bit for bit. A generator's doubles come one after another whatever the size of the request,
    so they are drawn ``DRAW_BLOCK`` at a time and handed out in order."""
    start = deal.signal_next
    block = deal.signal_block
    if start + 3 > len(block):
        block = block[start:] + deal.signal_rng.random(DRAW_BLOCK).tolist()
        deal.signal_block = block
        start = 0
    deal.signal_next = start + 3
    return block[start : start + 3]


def release(deal: Deal) -> None:
    """At the week's end: the delayed reactions due by now reach the team, in order."""
    due = [x for x in deal.pending_signals if x.due <= deal.week]
    if due:
        deal.pending_signals = [x for x in deal.pending_signals if x.due > deal.week]
        for signal in due:
            _show(deal, signal)


def _show(deal: Deal, signal: Signal) -> None:
    _show_now(deal, signal.actor, signal.target, signal.source, signal.tone)


def _show_now(deal: Deal, actor: str, target: str, source: str, tone: str) -> None:
    """The team notices a reaction now (a :class:`Signal`'s fields)."""
    knowledge = deal.beliefs.knowledge
    in_meeting = bool(knowledge.present)
    if not in_meeting:  # a later or second-hand reaction: someone on the team hears of it
        knowledge.attend(knowledge.ears(target, actor), deal.week)
    deal.beliefs.hear_reaction(target, tone)
    deal.record("reaction", actor=actor, target=target, activity=source, view="team", note=tone)
    if not in_meeting:
        knowledge.leave()
