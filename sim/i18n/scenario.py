"""The words of a scenario file's problems (``scenario.problem.*`` in the scenario_problems
catalogs).

:mod:`sim.scenario` reports each problem as a :class:`~sim.scenario.loader.Problem` — file,
line, dotted field, a code and parameters, codes again where a parameter names a kind of value
(``got_kind``, ``type``, ``kind``). ``sandtable validate``, the other commands and the start
screen turn it into the contracted line here, in the reader's language:
``FILE:LINE: path.to.field: what is wrong (expected what)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sim.i18n import translate
from sim.i18n.numbers import plural
from sim.safe_text import one_line

if TYPE_CHECKING:
    from sim.scenario.loader import Problem

PREFIX = "scenario.problem."
TEXT_SHAPE = "{en: ..., zh: ...}"
"""How a bilingual text is written in the file (a template cannot hold lone braces)."""


def _size(count: int, lang: str) -> str:
    """A file size as a reader writes it: ``1.0 MB``, ``256 KB``, ``12 bytes``."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return plural(f"{PREFIX}size.bytes", count, lang)


def _got(kind: str, got: Any, lang: str) -> str:
    if kind == "value":
        return translate(f"{PREFIX}got.value", lang, value=got)
    if kind == "list":
        return plural(f"{PREFIX}got.list", int(got), lang)
    return translate(f"{PREFIX}got.{kind}", lang)


def _words(key: str, params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The problem's parameters with every code among them put into words."""
    shown = dict(params)
    if "got_kind" in shown:
        shown["got"] = _got(shown.pop("got_kind"), shown.get("got", ""), lang)
    if "type" in shown:
        name = shown.pop("type_name", "")
        code = shown["type"]
        shown["type"] = translate(f"{PREFIX}type.{code}", lang, name=name, shape=TEXT_SHAPE)
    if key == "top_level":
        shown["kind"] = translate(f"{PREFIX}kind.{shown['kind']}", lang)
    if key.startswith("unknown_key"):
        close = shown.pop("close", "")
        shown["hint"] = translate(f"{PREFIX}did_you_mean", lang, name=close) if close else ""
    if key.startswith("unclosed_"):
        line = int(shown["gave_up"])
        gave_up = f"{PREFIX}gave_up.line" if line else f"{PREFIX}gave_up.end"
        shown["gave_up"] = translate(gave_up, lang, line=line)
        shown["closer"] = "'}'"  # the brace's closer (a template cannot end in a lone brace)
    if key == "too_big":
        shown["size"], shown["limit"] = _size(shown["size"], lang), _size(shown["limit"], lang)
    return shown


def problem_parts(key: str, params: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """``(what is wrong, what was expected)`` of the problem ``key`` in ``lang`` — for a
    problem, and for an input file refused before it is read (``InputFileError``)."""
    shown = _words(key, params, lang)
    what = translate(f"{PREFIX}{key}", lang, **shown)
    expected = translate(f"{PREFIX}{key}.expected", lang, **shown)
    return one_line(what), one_line(expected)


def problem_message(problem: Problem, lang: str) -> str:
    """``problem`` as the contracted line in ``lang``:
    ``FILE:LINE: path.to.field: what is wrong (expected what)``."""
    what, expected = problem_parts(problem.key, problem.params, lang)
    where = f"{one_line(problem.file)}:{problem.line}: {one_line(problem.path)}"
    return translate(f"{PREFIX}line", lang, where=where, what=what, expected=expected)


def problem_messages(problems: list[Problem], lang: str) -> list[str]:
    """Each problem as its line, in order."""
    return [problem_message(found, lang) for found in problems]


__all__ = ["problem_message", "problem_messages", "problem_parts"]
