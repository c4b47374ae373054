"""The live board: one line per team — joined, seats, rounds, week, stage, spend, forecast, late.

Live in a kernel: the store's change counter is polled twice a second on the kernel's event
loop (:class:`~sim.ui.live.LiveWatch`), so a seat's draft or ready, a commit, a release or a
pause shows within a second, and a deadline that passed is committed from here. Refreshed on
demand too, or every few seconds by a background thread when the trainer ticks
auto-refresh. The thread opens its own connection to the store (SQLite connections belong to
the thread that made them), stops when asked, and is a daemon, so it never keeps a kernel
alive. Tests never start it unless they ask for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.ui.facilitator.seat_controls import SeatControls
from sim.ui.facilitator.team_detail import TeamDetail
from sim.ui.facilitator.text import ago, clock_time, outcome_label, tr
from sim.ui.live import LiveWatch
from sim.ui.messages import MessageArea, error_lines, guarded
from sim.ui.seat_screen import role_words
from sim.ui.text import esc, label
from sim.ui.text import tr as ui_tr
from sim.workshop import BoardRow, Facilitator, Store, WorkshopInfo

_log = logging.getLogger("sim.ui.facilitator")
REFRESH_CHOICES = (5, 10, 30, 60)
LIVE_HEARTBEAT = 5.0  # seconds: the board looks again even if nothing was written (deadlines)


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def board_html(
    rows: list[BoardRow],
    info: WorkshopInfo,
    currency: str,
    lang: str,
    now: datetime,
    vendors: Mapping[str, str] | None = None,
) -> str:
    """The board as an HTML table, every name escaped (``vendors``: competitor id → name,
    for the red teams' seats)."""
    header = [
        tr("board.team", lang),
        tr("board.joined", lang),
        tr("board.rounds", lang),
        tr("board.week", lang),
        tr("board.stage", lang),
        tr("board.spend", lang, currency=currency),
        tr("board.budget_left", lang, currency=currency),
        tr("board.forecast", lang),
        tr("board.last_commit", lang),
        tr("board.late", lang),
        tr("board.outcome", lang),
        tr("board.seats", lang),
    ]
    lines = []
    for row in rows:
        forecast = (
            tr(
                "board.forecast_value",
                lang,
                stage=label("stage", row.forecast_stage or "", lang),
                win=f"{100 * (row.forecast_win or 0.0):.0f}%",
            )
            if row.forecast_stage is not None
            else "–"
        )
        outcome = outcome_label(row.outcome, lang)
        if row.outcome is None and info.state == "ended":
            outcome = tr("outcome.unfinished", lang)  # the workshop ended before its deal did
        if row.margin is not None:
            outcome = tr("board.outcome_margin", lang, outcome=outcome, margin=_money(row.margin))
        css = "st-late" if row.late else f"st-outcome-{row.outcome}" if row.outcome else ""
        cells = [
            f"<b>{esc(row.team)}</b>",
            esc(tr("yes", lang) if row.joined else tr("no", lang)),
            esc(row.rounds),
            esc(row.week),
            esc(label("stage", row.stage, lang)),
            esc(_money(row.spend)),
            esc(_money(row.budget_left)),
            esc(forecast),
            esc(ago(row.last_commit, now, lang)),
            f'<span class="st-over">{esc(tr("board.is_late", lang))}</span>' if row.late else "",
            esc(outcome),
            seats_cell(row, lang, vendors or {}),
        ]
        lines.append(
            f'<tr class="st-board-row {css}" data-team="{esc(row.team)}">'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + "</tr>"
        )
    if not rows:
        lines.append(f'<tr><td colspan="{len(header)}">{esc(tr("board.no_teams", lang))}</td></tr>')
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    joined = sum(r.joined for r in rows)
    finished = sum(r.outcome is not None for r in rows)
    late = sum(r.late for r in rows)
    summary = tr(
        "board.summary", lang, teams=len(rows), joined=joined, finished=finished, late=late
    )
    return (
        f'<p class="st-board-summary">{esc(summary)}</p>'
        f'<table class="st-table st-board"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(lines)}</tbody></table>"
    )


def seats_cell(row: BoardRow, lang: str, vendors: Mapping[str, str]) -> str:
    """Who sits in which role and who is ready for the week (one screen: the table's), the
    roles the table announced that nobody took yet, and the red teams seated against it."""
    if not row.seats:
        return esc(tr("board.one_screen", lang)) if row.joined else ""
    parts = [
        _seat_span(role_words(role, person, lang), _readiness(ready), lang, role)
        for role, person, ready in row.seats
    ]
    parts += [  # announced by the table, not seated yet: the week waits
        _seat_span(label("role", role, lang), ("board.seat_awaited", "st-seat-awaited"), lang, role)
        for role in row.awaited
    ]
    for vendor, ready in row.rivals:  # a red team seated against this team is a seat too
        who = ui_tr("red_team.waiting", lang, vendor=vendors.get(vendor, vendor))
        key, css = _readiness(ready)
        parts.append(_seat_span(who, (key, f"{css} st-seat-red-team"), lang))
    drafted = tr("board.drafted", lang, count=row.drafts)
    return "<br>".join(parts) + f"<br><small>{esc(drafted)}</small>"


def _readiness(ready: bool) -> tuple[str, str]:
    """A seat's state on the board: its message key and its CSS class."""
    return (
        ("board.seat_ready", "st-seat-ready")
        if ready
        else ("board.seat_planning", "st-seat-planning")
    )


def _seat_span(who: str, state: tuple[str, str], lang: str, role: str = "") -> str:
    """One seat of the board's Seats cell: who, and the state (message key, CSS class)."""
    key, css = state
    data = f' data-role="{esc(role)}"' if role else ""
    return f'<span class="{css}"{data}>{esc(who)} {esc(tr(key, lang))}</span>'


class AutoRefresh:
    """Calls ``tick`` every ``interval`` seconds on a daemon thread until stopped."""

    def __init__(
        self,
        tick: Callable[[], None],
        interval: float,
        on_exit: Callable[[], None] | None = None,
    ) -> None:
        """``on_exit`` runs on the thread as it ends (to close what the thread opened)."""
        self.tick, self.interval, self.on_exit = tick, interval, on_exit
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ticks = 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name="sandtable-board-refresh", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # a failed tick must not end the loop silently mid-workshop
                _log.debug("board refresh failed", exc_info=True)
            self.ticks += 1
        if self.on_exit is not None:
            try:
                self.on_exit()
            except Exception:
                _log.debug("board refresh cleanup failed", exc_info=True)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait for the thread (a tick in progress finishes first)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)


class BoardView:
    """The board table with a Refresh button and an auto-refresh switch."""

    def __init__(
        self,
        trainer: Facilitator,
        lang: str,
        *,
        strict: bool = False,
        auto: bool = False,
        interval: float = 10.0,
        on_refresh: Callable[[], None] | None = None,
    ) -> None:
        self.trainer, self.lang = trainer, lang
        self.on_refresh = on_refresh
        scenario = trainer.scenario().scenario
        self.currency = scenario.account.currency
        self.vendors = {c.id: c.name for c in scenario.competitors}
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang, strict=strict)
        self.table = widgets.HTML()
        self.table.add_class("st-board-table")
        self.updated = widgets.HTML()
        self.refresh_button = widgets.Button(description=tr("board.refresh", lang), icon="refresh")
        self.refresh_button.add_class("st-refresh")
        self.refresh_button.on_click(guard(lambda _: self.refresh()))
        choices = sorted({*REFRESH_CHOICES, int(interval)} if interval >= 1 else REFRESH_CHOICES)
        self.interval = widgets.Dropdown(
            options=[(tr("board.every", lang, seconds=s), s) for s in choices],
            value=int(interval) if interval >= 1 else choices[1],
            layout=widgets.Layout(width="10em"),
        )
        self.auto = widgets.Checkbox(value=False, description=tr("board.auto", lang), indent=False)
        self.auto.add_class("st-auto-refresh")
        self._thread_store: Store | None = None  # the timer thread's own connection
        self.refresher = AutoRefresh(self._tick, interval, self._close_thread_store)
        self.interval.observe(self._interval_changed, names="value")
        self.auto.observe(self._auto_changed, names="value")
        self.detail = TeamDetail(trainer, lang, strict=strict)
        self.seat_controls = SeatControls(trainer, lang, strict=strict, on_change=self._seated)
        # Live: the store's change counter, polled on the kernel's event loop (a colleague's
        # draft, a ready seat, a commit, a release show within a second; a deadline that has
        # passed is committed here even if no seat is looking). Not started outside a kernel.
        self.live = LiveWatch(trainer.changes, guard(self._live), heartbeat=LIVE_HEARTBEAT)
        self.box = widgets.VBox(
            [
                widgets.HTML(f"<h3>{esc(tr('board.title', lang))}</h3>"),
                widgets.HBox([self.refresh_button, self.auto, self.interval, self.updated]),
                self.table,
                self.messages.output,
                self.seat_controls.box,
                self.detail.box,
            ]
        )
        self.box.add_class("st-board-view")
        guard(self.refresh)()
        self.auto.value = auto
        self.live.start(thread=False)

    # --- reading ------------------------------------------------------------------------------
    def show(self, rows: list[BoardRow], info: WorkshopInfo, now: datetime) -> None:
        vendors = {vendor: name.get(self.lang) for vendor, name in self.vendors.items()}
        self.table.value = board_html(rows, info, self.currency, self.lang, now, vendors)
        self.updated.value = (
            f'<span class="st-info">{esc(tr("board.updated", self.lang, time=clock_time(now)))}'
            "</span>"
        )

    def refresh(self) -> None:
        """Read the board from the store now (on the caller's thread and connection)."""
        trainer = self.trainer
        self.show(trainer.board(), trainer.info, trainer.store.clock())
        self.detail.show()
        if self.on_refresh is not None:
            self.on_refresh()

    def _live(self) -> None:
        """The store changed (or the heartbeat): commit what is due, show the board."""
        trainer = self.trainer
        trainer.commit_due()
        self.show(trainer.board(), trainer.info, trainer.store.clock())
        self.seat_controls.show_red_teams()  # a red team sitting down shows by itself

    def _seated(self) -> None:
        trainer = self.trainer
        self.show(trainer.board(), trainer.info, trainer.store.clock())
        self.live.mark()

    def poll(self) -> bool:
        """One look at the store, as the live watch takes it (tests)."""
        return self.live.poll()

    def _tick(self) -> None:
        """One background refresh, through the timer thread's own connection (opened once:
        opening a store takes its write lock for a moment, which teams' commits would feel)."""
        own = self.trainer
        try:
            if self._thread_store is None:
                self._thread_store = Store(own.store.path, clock=own.store.clock)
            trainer = Facilitator(self._thread_store, own.workshop_id, own.trainer_code)
            self.show(trainer.board(), trainer.info, own.store.clock())
        except Exception as exc:
            title, lines = error_lines(exc, self.lang)
            self.messages.show("error", lines, title)
            raise

    def _close_thread_store(self) -> None:
        if self._thread_store is not None:
            self._thread_store.close()
            self._thread_store = None

    # --- auto-refresh ---------------------------------------------------------------------
    def _auto_changed(self, change: dict[str, object]) -> None:
        if change["new"]:
            self.refresher.start()
        else:
            self.refresher.stop()

    def _interval_changed(self, change: dict[str, object]) -> None:
        self.refresher.interval = float(change["new"])  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop auto-refresh and the live watch (the view is going away, or the app closes)."""
        self.refresher.stop()
        self.live.stop()
