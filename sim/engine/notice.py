"""The replay notice: a saved game that opened, but may not be the game that was played.

A session file (or a workshop team's rows in a store) holds decisions, not state; opening it
replays them. When the game was saved under another :data:`~sim.engine.version.MODEL_VERSION`,
or the replay does not reproduce the saved event log, the game still opens and
``Simulation.replay_notice`` holds a :class:`ReplayNotice` — reason codes and figures only. The
words are made where they are shown, from the i18n catalogs
(:func:`sim.i18n.replay.notice_lines`): the sandbox's resume and workshop join, ``sandtable
report``, the debrief and the team-gaps view.

A replay that reproduces the saved log exactly gets no notice, whatever the versions: the game
is the one that was played.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sim.engine.version import MODEL_VERSION

if TYPE_CHECKING:
    from sim.engine.simulation import Simulation

Reason = Literal["model_version_changed", "replay_differs"]
REASONS: tuple[Reason, ...] = ("model_version_changed", "replay_differs")
# The figures of a result a notice compares, in the order they are told.
RESULT_FIELDS: tuple[str, ...] = (
    "outcome",
    "winner",
    "weeks",
    "contract_value",
    "margin",
    "events",
)


def result_summary(sim: Simulation) -> dict[str, Any]:
    """The figures of ``sim``'s result that a saved game records and a notice compares."""
    result = sim.result(with_hash=False).to_dict()
    return {name: result[name] for name in RESULT_FIELDS}


@dataclass(frozen=True)
class ReplayNotice:
    """Why a reopened game may differ from the original, with what is known about how.

    - ``reason``: ``model_version_changed`` (saved under another model version) or
      ``replay_differs`` (same version, but the replay's event log is not the saved one);
    - ``saved_version`` / ``current_version``: the model versions, saved and running;
    - ``saved_sha256`` / ``replayed_sha256``: the event-log hashes (saved may be ``""``);
    - ``first_round``: the first round (= week, counted from 0) whose log differs, where the
      source records a hash per round (workshop stores), else None;
    - ``saved_result`` / ``replayed_result``: the result's figures (:data:`RESULT_FIELDS`) when
      the source records them, and after the replay;
    - ``adjusted_rounds``: rounds whose plan the current model refused, replayed without the
      refused activities (only for games of another model version);
    - ``unplayed_rounds``: saved rounds left over because the replayed deal ended sooner.
    """

    reason: Reason
    saved_version: str
    current_version: str
    saved_sha256: str
    replayed_sha256: str
    source: str = ""
    first_round: int | None = None
    saved_result: Mapping[str, Any] | None = field(default=None, compare=False)
    replayed_result: Mapping[str, Any] | None = field(default=None, compare=False)
    adjusted_rounds: tuple[int, ...] = ()
    unplayed_rounds: int = 0

    @property
    def differences(self) -> tuple[tuple[str, Any, Any], ...]:
        """``(figure, saved, replayed)`` for each figure recorded on both sides that differs."""
        if self.saved_result is None or self.replayed_result is None:
            return ()
        return tuple(
            (name, self.saved_result[name], self.replayed_result[name])
            for name in RESULT_FIELDS
            if name in self.saved_result
            and name in self.replayed_result
            and self.saved_result[name] != self.replayed_result[name]
        )

    def summary(self) -> str:
        """One line for logs and warnings: the reason code, versions and hashes."""
        saved, replayed = self.saved_sha256[:16] or "-", self.replayed_sha256[:16]
        return (
            f"{self.source or 'game'}: {self.reason} (model version {self.saved_version} saved,"
            f" {self.current_version} running; event log {saved} saved, {replayed} replayed):"
            " results may differ from the original game"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (caches keep it; :meth:`from_dict` reads it back)."""
        return {
            "reason": self.reason,
            "saved_version": self.saved_version,
            "current_version": self.current_version,
            "saved_sha256": self.saved_sha256,
            "replayed_sha256": self.replayed_sha256,
            "source": self.source,
            "first_round": self.first_round,
            "saved_result": None if self.saved_result is None else dict(self.saved_result),
            "replayed_result": None if self.replayed_result is None else dict(self.replayed_result),
            "adjusted_rounds": list(self.adjusted_rounds),
            "unplayed_rounds": self.unplayed_rounds,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReplayNotice:
        reason = next((r for r in REASONS if r == data["reason"]), None)
        if reason is None:
            raise ValueError(f"unknown replay notice reason {data['reason']!r}")
        first = data.get("first_round")
        saved, replayed = data.get("saved_result"), data.get("replayed_result")
        return cls(
            reason=reason,
            saved_version=str(data["saved_version"]),
            current_version=str(data["current_version"]),
            saved_sha256=str(data.get("saved_sha256", "")),
            replayed_sha256=str(data.get("replayed_sha256", "")),
            source=str(data.get("source", "")),
            first_round=None if first is None else int(first),
            saved_result=None if saved is None else dict(saved),
            replayed_result=None if replayed is None else dict(replayed),
            adjusted_rounds=tuple(int(r) for r in data.get("adjusted_rounds", ())),
            unplayed_rounds=int(data.get("unplayed_rounds", 0)),
        )


class ReplayWarning(UserWarning):
    """``Simulation.load`` opened a game that may differ from the one saved; ``notice`` says
    how (the message is :meth:`ReplayNotice.summary`, codes and figures; :meth:`of` makes
    both). The sentences are made where a notice is shown (:mod:`sim.i18n.replay`)."""

    def __init__(self, message: str, notice: ReplayNotice | None = None) -> None:
        # Only the message is an argument: a warning is rebuilt from its args (pytest-xdist).
        super().__init__(message)
        self.notice = notice

    @classmethod
    def of(cls, notice: ReplayNotice) -> ReplayWarning:
        return cls(notice.summary(), notice)


def replay_notice(
    *,
    saved_version: str,
    saved_sha256: str,
    replayed_sha256: str,
    source: str = "",
    first_round: int | None = None,
    saved_result: Mapping[str, Any] | None = None,
    replayed_result: Mapping[str, Any] | None = None,
    adjusted_rounds: tuple[int, ...] = (),
    unplayed_rounds: int = 0,
) -> ReplayNotice | None:
    """The notice a replay deserves, or None when it is the saved game.

    None when the replayed log has the saved hash (the same game, whatever the versions), or
    when nothing was saved to compare with and the version is the current one."""
    changed = saved_version != MODEL_VERSION
    if saved_sha256 and saved_sha256 == replayed_sha256 and not adjusted_rounds:
        return None
    if not changed and not saved_sha256 and not adjusted_rounds and not unplayed_rounds:
        return None
    return ReplayNotice(
        reason="model_version_changed" if changed else "replay_differs",
        saved_version=saved_version,
        current_version=MODEL_VERSION,
        saved_sha256=saved_sha256,
        replayed_sha256=replayed_sha256,
        source=source,
        first_round=first_round,
        saved_result=saved_result,
        replayed_result=replayed_result,
        adjusted_rounds=adjusted_rounds,
        unplayed_rounds=unplayed_rounds,
    )


__all__ = [
    "REASONS",
    "RESULT_FIELDS",
    "ReplayNotice",
    "ReplayWarning",
    "replay_notice",
    "result_summary",
]
