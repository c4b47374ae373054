"""The words of a replay notice (``replay.*`` in the core catalog), for every place that shows one.

The engine's :class:`~sim.engine.notice.ReplayNotice` holds reason codes and figures; the
sandbox, ``sandtable report``, the debrief and the team-gaps view turn it into sentences here,
in the reader's language, so that all of them say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sim.i18n import translate
from sim.i18n.numbers import money, plural

if TYPE_CHECKING:
    from sim.engine.notice import ReplayNotice
    from sim.scenario.schema import Scenario

MONEY_FIELDS = frozenset({"contract_value", "margin"})


def vendor_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Vendor id → its name in ``lang`` (``us`` is our company), for the notice's winner."""
    names = {c.id: c.name.get(lang) for c in scenario.competitors}
    names["us"] = translate("replay.us", lang)
    return names


def _value(name: str, value: Any, lang: str, vendors: Mapping[str, str] | None = None) -> str:
    if name == "outcome":
        return translate(f"outcome.{value}", lang)
    if name == "winner":
        if value is None:
            return translate("cli.nobody", lang)
        return (vendors or {}).get(str(value), str(value))
    if name in MONEY_FIELDS and isinstance(value, int | float):
        return money(value, lang)
    return str(value)


def notice_title(lang: str) -> str:
    """A heading for the notice: "This game may differ from the one that was played"."""
    return translate("replay.title", lang)


def notice_lines(
    notice: ReplayNotice,
    lang: str,
    *,
    hashes: bool = False,
    vendors: Mapping[str, str] | None = None,
) -> list[str]:
    """The notice in sentences: why, where the replay first differs, which figures changed;
    ``hashes`` adds the saved and replayed event-log hashes (for the command line)."""
    lines = [
        translate(
            f"replay.{notice.reason}",
            lang,
            saved=notice.saved_version,
            current=notice.current_version,
        )
    ]
    if notice.first_round is not None:
        lines.append(translate("replay.first_round", lang, week=notice.first_round))
    if notice.adjusted_rounds:
        weeks = translate("replay.list_separator", lang).join(map(str, notice.adjusted_rounds))
        lines.append(plural("replay.adjusted", len(notice.adjusted_rounds), lang, weeks=weeks))
    if notice.unplayed_rounds:
        lines.append(plural("replay.unplayed", notice.unplayed_rounds, lang))
    for name, saved, replayed in notice.differences:
        lines.append(
            translate(
                "replay.result_differs",
                lang,
                figure=translate(f"replay.figure.{name}", lang),
                saved=_value(name, saved, lang, vendors),
                replayed=_value(name, replayed, lang, vendors),
            )
        )
    saved_result, replayed_result = notice.saved_result, notice.replayed_result
    if saved_result is not None and replayed_result is not None and not notice.differences:
        outcome = _value("outcome", replayed_result.get("outcome"), lang)
        lines.append(translate("replay.result_same", lang, outcome=outcome))
    if hashes:
        lines.append(
            translate(
                "replay.hashes",
                lang,
                saved=notice.saved_sha256[:16] or "–",
                replayed=notice.replayed_sha256[:16],
            )
        )
    return lines


def notice_text(notice: ReplayNotice, lang: str, *, hashes: bool = False) -> str:
    """The notice as one paragraph (a warning's message, a line on the command line)."""
    return " ".join(notice_lines(notice, lang, hashes=hashes))


__all__ = ["notice_lines", "notice_text", "notice_title"]
