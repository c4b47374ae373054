"""The message area: what a callback wants to tell the user, and errors turned into messages.

Callbacks never show a traceback: expected problems (an invalid plan, a scenario with
mistakes, a broken session file) become their own clear messages; anything else becomes one
line naming the error, and the traceback goes to the ``sim.ui`` logger at DEBUG level.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

import ipywidgets as widgets  # type: ignore[import-untyped]

from sim.engine.notice import ReplayNotice
from sim.engine.session import SessionError
from sim.i18n.plans import reason_message, reason_messages
from sim.i18n.replay import notice_lines, notice_title, vendor_names
from sim.i18n.scenario import problem_messages
from sim.i18n.session import session_error_message
from sim.model.plans import PlanError
from sim.scenario import Scenario, ScenarioError
from sim.ui.pacing import FormError
from sim.ui.text import Names, esc, label, tr
from sim.workshop.errors import WorkshopError

_log = logging.getLogger("sim.ui")
F = TypeVar("F", bound=Callable[..., None])

# Plan-message parameters that hold ids, and how to put them in words.
_ID_PARAMS = {"member": "member", "stakeholder": "stakeholder", "activity": "activity"}
_LIST_PARAMS = {"roles": "role", "phases": "phase", "angles": "angle"}
# Engine reasons whose core wording names an activity id; the sandbox says them in words.
_OWN_WORDING = frozenset(
    {
        "unreachable_executive_peer",
        "discount_not_used",
        "bad_discount",
        "bad_angle",
        "final_offer_raises_price",
    }
)


class MessageArea:
    """An Output widget holding the latest message (info, success or error)."""

    def __init__(self) -> None:
        self.output = widgets.Output()
        self.output.add_class("st-messages")
        self.kind = ""
        self.lines: list[str] = []

    @property
    def text(self) -> str:
        """The message as plain text (tests read this)."""
        return "\n".join(self.lines)

    def show(self, kind: str, lines: list[str], title: str = "") -> None:
        self.kind, self.lines = kind, ([title] if title else []) + lines
        items = "".join(f"<li>{esc(line)}</li>" for line in lines)
        heading = f"<b>{esc(title)}</b>" if title else ""
        body = f"<ul>{items}</ul>" if len(lines) > 1 or title else esc(lines[0]) if lines else ""
        markup = f'<div class="st-message st-message-{kind}">{heading}{body}</div>'
        self.output.outputs = (
            {
                "output_type": "display_data",
                "data": {"text/html": markup, "text/plain": self.text},
                "metadata": {},
            },
        )

    def clear(self) -> None:
        self.kind, self.lines = "", []
        self.output.outputs = ()


def replay_notice_html(
    notice: ReplayNotice | None, lang: str, scenario: Scenario | None = None
) -> str:
    """The notice of a reopened game that may differ from the one played (resumed from a file
    of another model version, or a workshop game whose replay differs from the store); ""
    when there is none."""
    if notice is None:
        return ""
    vendors = vendor_names(scenario, lang) if scenario is not None else None
    lines = notice_lines(notice, lang, vendors=vendors)
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    css = "st-message st-message-warning st-replay-notice"
    return (
        f'<div class="{css}" data-reason="{notice.reason}">'
        f"<b>{esc(notice_title(lang))}</b><ul>{items}</ul></div>"
    )


def plan_messages(error: PlanError, lang: str, names: Names | None) -> list[str]:
    """The engine's reasons, with ids replaced by the names people see on screen (and, for
    the reasons whose core wording holds an activity id, the sandbox's own wording)."""
    if names is None:
        return reason_messages(error.reasons, lang)
    out = []
    for reason in error.reasons:
        named = replace(reason, params=_named(reason.params, lang, names))
        if reason.key in _OWN_WORDING:
            text = tr(f"plan_reason.{reason.key}", lang, **_as_percent(named.params))
            if reason.where is not None:
                text = tr("plan_reason.at", lang, index=reason.where + 1, message=text)
        else:
            text = reason_message(named, lang)
        out.append(text)
    return out


def _named(params: dict[str, Any], lang: str, names: Names) -> dict[str, Any]:
    params = dict(params)
    for key, kind in _ID_PARAMS.items():
        value = params.get(key)
        if isinstance(value, str):
            params[key] = names.activity(value) if kind == "activity" else names.anyone(value)
    for key, kind in _LIST_PARAMS.items():
        value = params.get(key)
        if isinstance(value, str):
            separator = tr("list_separator", lang)
            params[key] = separator.join(label(kind, v.strip(), lang) for v in value.split(","))
    if isinstance(params.get("role"), str):
        params["role"] = label("role", str(params["role"]), lang)
    if isinstance(params.get("phase"), str):
        params["phase"] = label("phase", str(params["phase"]), lang)
    if isinstance(params.get("angle"), str):
        params["angle"] = label("angle", str(params["angle"]), lang)
    return params


def _as_percent(params: dict[str, Any]) -> dict[str, Any]:
    """Discounts and limits as percent, as the form takes them."""
    shown = dict(params)
    for key in ("value", "limit", "bid"):
        value = shown.get(key)
        if isinstance(value, float | int) and not isinstance(value, bool):
            shown[key] = f"{float(value) * 100:g}%"
    return shown


def error_lines(exc: BaseException, lang: str, names: Names | None = None) -> tuple[str, list[str]]:
    """A title and lines that explain ``exc`` to a trainee."""
    if isinstance(exc, PlanError):
        return tr("error.plan", lang), plan_messages(exc, lang, names)
    if isinstance(exc, FormError):
        return tr("error.plan", lang), [str(exc)]
    if isinstance(exc, ScenarioError):
        return tr("error.scenario", lang), problem_messages(exc.problems, lang)
    if isinstance(exc, SessionError):
        return tr("error.session", lang), [session_error_message(exc, lang)]
    if isinstance(exc, WorkshopError):
        return tr("error.workshop", lang), [exc.message(lang)]
    if isinstance(exc, OSError):
        return tr("error.file", lang), [str(exc)]
    return tr("error.unexpected", lang), [f"{type(exc).__name__}: {exc}"]


def guarded(
    messages: MessageArea,
    lang: Callable[[], str],
    names: Callable[[], Names | None] = lambda: None,
    *,
    strict: bool = False,
) -> Callable[[F], F]:
    """Decorate a widget callback so that any error becomes a message, not a traceback.

    ``strict`` raises instead (tests, and notebooks run with a strict flag), so a broken screen
    fails a run rather than rendering a polite message."""

    def decorate(callback: F) -> F:
        @wraps(callback)
        def run(*args: Any, **kwargs: Any) -> None:
            try:
                callback(*args, **kwargs)
            except Exception as exc:
                if strict:
                    raise
                _log.debug("callback %s failed", callback.__name__, exc_info=True)
                try:
                    current_names = names()
                except Exception:
                    current_names = None
                title, lines = error_lines(exc, lang(), current_names)
                messages.show("error", lines, title)

        return run  # type: ignore[return-value]

    return decorate
