"""The words of a refused plan (``plan.*`` in the core catalog), for every place that shows one.

The model refuses a plan with :class:`~sim.model.plans.PlanError`, which holds reason codes and
their parameters only; the sandbox, the workshop seats, the debrief's replays and the command
line turn them into sentences here, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sim.i18n import translate

if TYPE_CHECKING:
    from sim.model.plans import Reason


def reason_message(reason: Reason, lang: str) -> str:
    """One reason as a sentence; a reason about one assignment says which (counted from 1)."""
    text = translate(f"plan.{reason.key}", lang, **reason.params)
    if reason.where is not None:
        text = translate("plan.at", lang, index=reason.where + 1, message=text)
    return text


def reason_messages(reasons: Iterable[Reason], lang: str) -> list[str]:
    """Every reason as a sentence, in order."""
    return [reason_message(reason, lang) for reason in reasons]


__all__ = ["reason_message", "reason_messages"]
