"""The words of a refused session file (``session.*`` in the core catalogs).

The engine's :class:`~sim.engine.session.SessionError` holds the file, the field, a code and
parameters — codes again where a parameter says what kind of value was found or expected.
The sandbox, ``sandtable report``, the team-gaps view and the Python API's callers turn it into
one line here, in the reader's language: ``FILE: field: what (expected ...)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.i18n import translate
from sim.i18n.plans import reason_messages
from sim.i18n.scenario import problem_message, problem_parts
from sim.safe_text import one_line, quoted

if TYPE_CHECKING:
    from sim.engine.session import SessionError


def _words(key: str, params: dict[str, Any], reasons: list[str], lang: str) -> dict[str, Any]:
    """The error's parameters with every code among them put into words."""
    shown = dict(params)
    if "file_problem" in shown:  # refused before it was read: the scenario loader's codes
        shown["reason"], shown["expected"] = problem_parts(shown.pop("file_problem"), shown, lang)
    if "scenario_problem" in shown:
        shown["problem"] = problem_message(shown.pop("scenario_problem"), lang)
    if "got_kind" in shown:
        shown["got"] = translate(f"session.got.{shown.pop('got_kind')}", lang, value=shown["got"])
    if key == "wrong_type":
        shown["expected"] = translate(f"session.expected.{shown['expected']}", lang)
    if key == "unknown_key":
        close = shown.pop("close", "")
        shown["hint"] = translate("session.did_you_mean", lang, name=close) if close else ""
    if key == "bad_seed":
        code = shown.pop("seed_problem")
        shown["problem"] = translate(f"session.seed.{code}", lang, **shown)
    if key == "bad_format" and shown.get("found") is None:
        shown["found"] = translate("session.nothing", lang)
    if reasons:
        shown["problem"] = quoted("; ".join(reasons), 300)
    return shown


def session_error_message(error: SessionError, lang: str) -> str:
    """``error`` as one line in ``lang``: the file, the field (none for the file as a whole),
    and what is wrong with what was expected."""
    reasons = reason_messages(error.reasons, lang) if error.reasons else []
    what = translate(
        f"session.error.{error.key}", lang, **_words(error.key, error.params, reasons, lang)
    )
    where = "" if error.field is None else f"{error.field}: "
    return one_line(f"{error.file}: {where}{what}")


__all__ = ["session_error_message"]
