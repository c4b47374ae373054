"""The workshop's header and the trainer's pacing buttons, with a status line.

Release next round / release all (self-paced from now on) / pause / resume / end / open or
close the debrief for teams. Each button reads the workshop's state back from the store after
acting and says in the status line what is now true, so the trainer never guesses. Ending is
the one step that cannot be undone: it asks for a second press.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.text import due, state_label, tr
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import esc
from sim.workshop import Facilitator, WorkshopInfo
from sim.workshop.trainer import refusal


def last_week(info: WorkshopInfo) -> int:
    """The last week teams may play, counted from 0 as the sandbox shows weeks."""
    return max((info.released_round or 0) - 1, 0)


def pacing_text(info: WorkshopInfo, lang: str) -> str:
    if info.self_paced:
        return tr("pacing.self_paced", lang)
    return tr("pacing.released", lang, week=last_week(info))


def header_html(trainer: Facilitator, info: WorkshopInfo, lang: str) -> str:
    """Name, scenario, seed, state, pacing, the round's deadline and the debrief's state."""
    scenario = trainer.scenario().scenario.title.get(lang)
    deadline = due(info.deadline, trainer.store.clock(), lang) if info.state == "running" else ""
    facts = [
        tr("header.scenario", lang, scenario=scenario),
        tr("header.seed", lang, seed=info.seed),
        pacing_text(info, lang),
    ]
    if deadline:
        facts.append(deadline)
    facts.append(tr("header.debrief_open" if info.debrief_open else "header.debrief_closed", lang))
    state = esc(state_label(info.state, lang))
    return (
        '<div class="st-header st-workshop-header">'
        f'<h2>{esc(info.name)} <span class="st-state st-state-{esc(info.state)}">{state}</span>'
        f"</h2><div>{' · '.join(esc(f) for f in facts)}</div></div>"
    )


class Controls:
    """Pacing buttons for one workshop; ``on_change`` runs after every change (board, header)."""

    def __init__(
        self,
        trainer: Facilitator,
        lang: str,
        on_change: Callable[[], None],
        *,
        strict: bool = False,
    ) -> None:
        self.trainer, self.lang, self.on_change = trainer, lang, on_change
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        self.confirming_end = False

        def button(
            key: str, icon: str, action: Callable[[], None], style: str = ""
        ) -> widgets.Button:
            made = widgets.Button(
                description=tr(key, lang),
                icon=icon,
                button_style=style,
                layout=widgets.Layout(width="auto"),  # the whole label, in either language
            )
            made.add_class(f"st-{key.replace('.', '-').replace('_', '-')}")
            made.on_click(guard(lambda _: action()))
            return made

        self.release_button = button("control.release", "step-forward", self.release, "primary")
        self.release_all_button = button("control.release_all", "forward", self.release_all)
        self.pause_button = button("control.pause", "pause", self.pause, "warning")
        self.resume_button = button("control.resume", "play", self.resume, "success")
        self.end_button = button("control.end", "stop", self.end, "danger")
        self.debrief_button = button("control.open_debrief", "users", self.toggle_debrief)
        self.status = widgets.HTML()
        self.status.add_class("st-status")
        self.box = widgets.VBox(
            [
                widgets.HBox(
                    [
                        self.release_button,
                        self.release_all_button,
                        self.pause_button,
                        self.resume_button,
                        self.end_button,
                        self.debrief_button,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.status,
                self.messages.output,
            ]
        )
        self.box.add_class("st-controls")
        self.update(self.trainer.info)

    # --- state ----------------------------------------------------------------------------
    def update(self, info: WorkshopInfo) -> None:
        """Enable what can be done now; the debrief button says what it will do."""
        self.release_button.disabled = refusal(info, "release") is not None
        self.release_all_button.disabled = refusal(info, "release_all") is not None
        self.pause_button.disabled = refusal(info, "pause") is not None
        self.resume_button.disabled = refusal(info, "resume") is not None
        self.end_button.disabled = refusal(info, "end") is not None
        self.debrief_button.description = tr(
            "control.close_debrief" if info.debrief_open else "control.open_debrief", self.lang
        )
        if not self.confirming_end:
            self.end_button.description = tr("control.end", self.lang)

    def say(self, key: str, **params: object) -> None:
        """The status line: what is true now, after the trainer's last action."""
        self.status.value = (
            f'<div class="st-message st-message-success">{esc(tr(key, self.lang, **params))}</div>'
        )

    def _done(self, key: str, **params: object) -> None:
        self.confirming_end = False
        self.messages.clear()
        info = self.trainer.info
        self.update(info)
        self.say(key, **params)
        self.on_change()

    def _cancel_end(self) -> None:
        self.confirming_end = False

    # --- actions --------------------------------------------------------------------------
    def release(self) -> None:
        self._cancel_end()
        self.trainer.release_round()
        self._done("status.released", week=last_week(self.trainer.info))

    def release_all(self) -> None:
        self._cancel_end()
        self.trainer.release_all()
        self._done("status.released_all")

    def pause(self) -> None:
        self._cancel_end()
        self.trainer.pause()
        self._done("status.paused")

    def resume(self) -> None:
        self._cancel_end()
        self.trainer.resume()
        self._done("status.resumed")

    def end(self) -> None:
        """First press: ask; second press: end the workshop for every team."""
        if not self.confirming_end:
            self.confirming_end = True
            self.end_button.description = tr("control.end_confirm", self.lang)
            self.status.value = (
                '<div class="st-message st-message-info">'
                f"{esc(tr('status.confirm_end', self.lang))}</div>"
            )
            return
        self.trainer.end()
        self._done("status.ended")

    def toggle_debrief(self) -> None:
        self._cancel_end()
        opening = not self.trainer.info.debrief_open
        self.trainer.open_debrief(opening)
        self._done("status.debrief_opened" if opening else "status.debrief_closed")
