"""Who on our team knows what about whom, since when, and who told them.

The team's beliefs (:mod:`sim.model.beliefs`) are the union of what its members know: the one-
screen table and the debrief read them. Each member's own picture is kept here, fact by fact:
a member learns a fact first-hand in a meeting they attended, or second-hand from a colleague in
a briefing or a strategy session. A hand-on keeps the fact's age (the week it was seen), so a
briefing passes on old news as old news.

Facts about one stakeholder, each with the value the member holds (a snapshot of the team's
reading when they learned it):

- ``met``: that we met them (value: contacts so far, last week seen);
- ``needs``: their concerns and response mode;
- ``structure``: their roles, influence and links (mapping);
- ``leaning``: the reading of how they lean (value: the disposition tuple);
- ``agenda``: their personal agenda.

Imports: nothing outside the standard library. Ids only; no words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

FACTS: tuple[str, ...] = ("met", "needs", "structure", "leaning", "agenda")
NOTE_LIMIT = 500  # characters in a hand-off note (the players' own words)
HANDOFF_ACTIVITIES = ("internal_briefing", "team_strategy_session")  # activities that carry one


class Item(NamedTuple):
    """One fact as one member holds it."""

    week: int  # when it was seen first-hand (its age); -1: known before the deal started
    via: str  # "" if seen first-hand, else the colleague who passed it on
    told: int  # the week it reached this member
    value: object  # the reading as it stood then


class Handoff(NamedTuple):
    """A briefing or strategy session as information: who told whom what, and when."""

    week: int
    activity: str  # internal_briefing | team_strategy_session
    source: str  # the member who led it
    recipients: tuple[str, ...]
    note: str  # in the players' words; "" if none was written
    facts: tuple[tuple[str, str], ...]  # (stakeholder id, fact) that reached someone new
    requests: tuple[str, ...]  # stakeholders whose request to meet the PM was open then


Key = tuple[str, str]  # (stakeholder id, fact)
_new_item = tuple.__new__  # an Item from its fields in order (no keyword parsing)


class Knowledge:
    """Per member: ``(stakeholder, fact) → Item``. Facts are recorded for the members
    ``present`` at the activity being carried out (set by :meth:`attend`)."""

    def __init__(self, members: Iterable[str]) -> None:
        self.by_member: dict[str, dict[Key, Item]] = {m: {} for m in members}
        self.present: tuple[str, ...] = ()
        self.week = 0
        self.handoffs: list[Handoff] = []

    # --- who is in the room ------------------------------------------------------------
    def attend(self, members: Sequence[str], week: int) -> None:
        self.present = tuple(members)
        self.week = week

    def leave(self) -> None:
        self.present = ()

    def ears(self, stakeholder: str, actor: str) -> tuple[str, ...]:
        """Who hears of a reaction outside a meeting of ours: the member it was about, else
        those who have met the stakeholder, else (nobody close) the whole team."""
        if actor in self.by_member:
            return (actor,)
        key = (stakeholder, "met")
        close = tuple([m for m, held in self.by_member.items() if key in held])
        return close or tuple(self.by_member)

    # --- learning ----------------------------------------------------------------------
    def known_to_all(self, stakeholder: str, fact: str, value: object) -> None:
        """What the team knew before the deal started (the scenario's ``known``)."""
        for held in self.by_member.values():
            held[(stakeholder, fact)] = _new_item(Item, (-1, "", 0, value))

    def saw(
        self, stakeholder: str, fact: str, value: object, witnesses: Sequence[str] = ()
    ) -> None:
        """Those present (or ``witnesses``) see ``fact`` about ``stakeholder`` now."""
        item = _new_item(Item, (self.week, "", self.week, value))
        for member in witnesses or self.present:
            self.by_member[member][(stakeholder, fact)] = item

    def forget(self, stakeholder: str) -> None:
        """A new person holds the seat: nobody's picture of the old one applies."""
        for held in self.by_member.values():
            for key in [k for k in held if k[0] == stakeholder]:
                del held[key]

    # --- telling -----------------------------------------------------------------------
    def tell(self, source: str, recipient: str) -> list[Key]:
        """``source`` passes on everything they know that ``recipient`` lacks or holds older;
        returns the facts passed."""
        passed: list[Key] = []
        theirs = self.by_member[recipient]
        held_by_them = theirs.get
        week = self.week
        for key, item in self.by_member[source].items():
            held = held_by_them(key)
            if held is None or held.week < item.week:
                theirs[key] = _new_item(Item, (item.week, item.via or source, week, item.value))
                passed.append(key)
        return passed

    def brief(
        self, source: str, recipients: Sequence[str], note: str, requests: Sequence[str]
    ) -> Handoff:
        passed: dict[Key, None] = {}
        for recipient in recipients:
            passed.update(dict.fromkeys(self.tell(source, recipient)))
        return self._hand_off("internal_briefing", source, recipients, note, passed, requests)

    def share(self, members: Sequence[str], note: str, requests: Sequence[str]) -> Handoff:
        """A strategy session: everyone present leaves with the newest of what anyone knew."""
        passed: dict[Key, None] = {}
        for source in members:
            for recipient in members:
                if recipient != source:
                    passed.update(dict.fromkeys(self.tell(source, recipient)))
        return self._hand_off(
            "team_strategy_session", members[0], tuple(members[1:]), note, passed, requests
        )

    def _hand_off(
        self,
        activity: str,
        source: str,
        recipients: Sequence[str],
        note: str,
        passed: dict[Key, None],
        requests: Sequence[str],
    ) -> Handoff:
        handoff = Handoff(
            self.week, activity, source, tuple(recipients), note, tuple(passed), tuple(requests)
        )
        self.handoffs.append(handoff)
        return handoff

    # --- reading -----------------------------------------------------------------------
    def of(self, member: str) -> dict[Key, Item]:
        return self.by_member[member]

    def handoffs_of(self, member: str) -> tuple[Handoff, ...]:
        """The hand-offs ``member`` gave or received."""
        return tuple(h for h in self.handoffs if member == h.source or member in h.recipients)
