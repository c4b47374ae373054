"""The end screen: the outcome, the key numbers, the session file and the debrief.

The debrief opens with its story: the outcome part at once, the changes that mattered most
when their replays are done, then the whole report (tables and event rows as evidence) in a
sandboxed frame below; the last two stages run on a background thread
(:class:`sim.ui.background.Background`), so the screen never waits for them.

In a workshop it also holds the comparison with the other teams, shown only once the trainer
has opened the debrief (before that one line says so, and *Check again* looks again).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.engine import Result
from sim.ui.background import Background
from sim.ui.feed import feed_html
from sim.ui.game import Game
from sim.ui.messages import MessageArea, guarded, replay_notice_html
from sim.ui.text import Names, esc, label, money, percent, tr
from sim.ui.workshop_status import results_html

REPORT_MODULE = "sim.analysis.report"
STAGED_MODULE = "sim.analysis.staged"  # the story first (no figures loaded), then the report


class EndScreen:
    def __init__(
        self, game: Game, lang: str, on_new_game: Callable[[], None], *, strict: bool = False
    ) -> None:
        self.game, self.lang = game, lang
        self.strict = strict
        self.worker: Background | None = None
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang)
        self.summary = widgets.HTML(summary_html(game, lang))
        self.summary.add_class("st-summary")
        self.copy_path = widgets.Text(
            description=tr("end.copy_path", lang),
            placeholder="sessions/copy.json",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="32em"),
        )
        self.save_button = widgets.Button(description=tr("end.save", lang), icon="save")
        self.save_button.add_class("st-save")
        self.save_button.on_click(guard(self._save))
        self.debrief_button = widgets.Button(
            description=tr("end.debrief", lang), button_style="primary", icon="file-text"
        )
        self.debrief_button.add_class("st-debrief")
        self.debrief_button.on_click(guard(self._debrief))
        self.new_button = widgets.Button(description=tr("end.new_game", lang), icon="refresh")
        self.new_button.add_class("st-new-game")
        self.new_button.on_click(guard(lambda _: on_new_game()))
        self.story = widgets.HTML()
        self.story.add_class("st-story")
        self.debrief = widgets.HTML()
        self.debrief.add_class("st-debrief-view")
        self.comparison = widgets.HTML()
        self.comparison.add_class("st-comparison")
        self.check_button = widgets.Button(
            description=tr("workshop.check", lang),
            icon="refresh",
            layout=widgets.Layout(width="auto"),
        )
        self.check_button.add_class("st-check")
        self.check_button.on_click(guard(lambda _: self.show_comparison()))
        comparison = widgets.VBox([self.comparison, self.check_button])
        comparison.layout.display = "" if game.seat is not None else "none"
        self.show_comparison()
        self.box = widgets.VBox(
            [
                self.summary,
                comparison,
                widgets.HBox([self.copy_path, self.save_button]),
                widgets.HBox([self.debrief_button, self.new_button]),
                self.messages.output,
                self.story,
                self.debrief,
            ]
        )
        self.box.add_class("st-end")

    def show_comparison(self) -> None:
        """Every team's result once the trainer has opened the debrief; until then, only
        a line saying so (nothing of another team is read before that)."""
        seat = self.game.seat
        if seat is None:
            return
        lang = self.lang
        title = f"<h3>{esc(tr('workshop.compare_title', lang))}</h3>"
        if not seat.workshop.debrief_open:
            self.comparison.value = f"{title}<p>{esc(tr('workshop.compare_wait', lang))}</p>"
            self.check_button.layout.display = ""
            return
        results = seat.results()
        sim = self.game.sim
        names = Names(sim.scenario, sim.observe(), lang)
        table = results_html(
            results, seat.team_names(), seat.team.name, names, sim.scenario.account.currency
        )
        self.comparison.value = title + table
        self.check_button.layout.display = "none"

    def _save(self, _button: object = None) -> None:
        target = self.copy_path.value.strip()
        path = self.game.save(Path(target).expanduser() if target else None)
        self.messages.show("success", [tr("end.saved", self.lang, path=str(path))])

    def _debrief(self, _button: object = None) -> None:
        """Build the debrief (another part of Sandtable) if it is there, else say so: the
        story's outcome now, its causes and the whole report on a background thread."""
        try:
            staged = importlib.import_module(STAGED_MODULE)
        except ImportError:
            self._debrief_at_once()
            return
        self.messages.show("info", [tr("end.building", self.lang)])
        self.debrief_button.disabled = True
        try:
            stages = staged.StagedReport(self.game.sim, self.lang)
            self.story.value = stages.first()
        except Exception:
            self.debrief_button.disabled = False
            raise

        def rest() -> None:
            try:
                self.story.value = stages.causes()
                report = str(stages.page())
                self.story.value = ""  # the report's own first part is the story
                self._show_report(report)
            finally:
                self.debrief_button.disabled = False

        self.worker = Background(rest, self.messages, lambda: self.lang, strict=self.strict)
        self.worker.start()

    def _debrief_at_once(self) -> None:
        """Without the staged debrief: the report module's page in one go, or a note that the
        debrief is not installed."""
        try:
            module = importlib.import_module(REPORT_MODULE)
        except ImportError:
            self.messages.show("info", [tr("end.no_debrief", self.lang)])
            return
        self.messages.show("info", [tr("end.building", self.lang)])
        self.debrief_button.disabled = True
        try:
            self._show_report(str(module.build_report(self.game.sim, self.lang)))
        finally:
            self.debrief_button.disabled = False

    def wait(self, timeout: float | None = None) -> None:
        """Block until the debrief's background stages are done (tests, notebooks)."""
        if self.worker is not None:
            self.worker.wait(timeout)

    def _show_report(self, report: str) -> None:
        path = self.game.path.with_suffix(".report.html")
        path.parent.mkdir(parents=True, exist_ok=True)  # a workshop game has no session file yet
        path.write_text(report, encoding="utf-8")
        self.messages.show("success", [tr("end.debrief_saved", self.lang, path=str(path))])
        # A sandboxed frame: the report's styles stay inside it and no script in it runs.
        self.debrief.value = (
            f'<iframe class="st-report" sandbox="" srcdoc="{esc(report)}" '
            'style="width:100%;height:720px;border:1px solid #ccc"></iframe>'
        )


def outcome_text(result: Result, names: Names, workshop_ended: bool = False) -> str:
    lang = names.lang
    if result.outcome is None and workshop_ended:
        return tr("end.outcome.workshop_ended", lang)
    if result.outcome == "lost" and result.winner:
        return tr("end.outcome.lost_to", lang, winner=names.vendor(result.winner))
    return tr(f"end.outcome.{result.outcome}", lang)


def summary_html(game: Game, lang: str) -> str:
    sim = game.sim
    result = sim.result()
    view = sim.observe()
    names = Names(sim.scenario, view, lang)
    currency = sim.scenario.account.currency
    yes_no = {True: tr("yes", lang), False: tr("no", lang), None: tr("not_applicable", lang)}
    rows = [
        ("weeks" if result.outcome is not None else "weeks_played", str(result.weeks)),
        ("stage", label("stage", result.stage, lang)),
        ("contract_value", money(result.contract_value, currency)),
        ("pursuit_spend", money(result.pursuit_spend, currency)),
        ("labour_cost", money(result.labour_cost, currency)),
        ("margin", money(result.margin, currency)),
        (
            "forecast_brier",
            "—" if result.forecast_brier is None else f"{result.forecast_brier:.3f}",
        ),
        ("delivery_troubled", yes_no[result.delivery_troubled]),
        ("accepted", yes_no[result.accepted]),
        ("payment_collected", money(result.payment_collected, currency)),
        ("satisfaction", percent(result.satisfaction)),
    ]
    table = "".join(
        f"<tr><th>{esc(tr(f'end.number.{key}', lang))}</th><td>{esc(value)}</td></tr>"
        for key, value in rows
    )
    outcome = result.outcome or "None"
    ended = game.seat is not None and game.seat.workshop.state == "ended"
    headline = outcome_text(result, names, ended)
    title = esc(sim.scenario.title.get(lang))
    where = tr("header.saved", lang, path=str(game.path))
    if game.seat is not None:
        where = tr("header.recorded", lang, path=game.seat.store.where)
    last_week = (
        f"<h3>{esc(tr('round.feed_title', lang, week=view.week - 1))}</h3>"
        f'<div class="st-feed-box st-end-feed">{feed_html(view, game.previous, names)}</div>'
        if view.week > 0
        else ""
    )
    return (
        f'<div class="st-header"><div class="st-title"><b>{title}</b> — '
        f'<span class="st-team">{esc(tr("header.team", lang, team=game.team))}</span></div></div>'
        f'<h2 class="st-outcome st-outcome-{esc(outcome)}">{esc(headline)}</h2>'
        f"{replay_notice_html(sim.replay_notice, lang, sim.scenario)}"
        f"{last_week}"
        f"<h3>{esc(tr('end.key_numbers', lang))}</h3>"
        f'<table class="st-table st-numbers">{table}</table>'
        f"<p><small>{esc(where)}</small></p>"
    )
