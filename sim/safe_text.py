"""Untrusted text made safe to show: in a terminal, in a one-line message, in a spreadsheet.

Scenario ids and keys, team and workshop names, file names and values quoted back in error
messages all come from files or users. Everything printed or exported passes through here:

- :func:`visible` shows control characters (ESC, BEL, CR, DEL, C1 controls) and the
  bidirectional overrides that reorder a line as escapes (``\\u001b``), so a terminal displays
  them instead of obeying them; line breaks and tabs stay. The escape is also valid inside a
  JSON string, so ``--json`` output stays JSON.
- :func:`one_line` does the same and also escapes line breaks and tabs (one problem, one line).
- :func:`clip` and :func:`preview` bound what a message renders of an input of any size (an
  ellipsis marks the cut); :func:`preview` never walks more of a value than it shows.
- :func:`cell_text` and :func:`looks_like_formula` are the spreadsheet side: characters a cell
  (XML) cannot hold are escaped, and text a spreadsheet would run as a formula (starting with
  ``= + - @``, or a tab or CR before one) is to be written as text.
- :class:`VisibleStream` wraps a terminal stream so that everything written through it is
  :func:`visible` (the ``sandtable`` command wraps stdout and stderr once, in ``main``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any, TextIO

ELLIPSIS = "…"
MESSAGE_CHARS = 60
"""How much of a value a message quotes back, at most."""

# C0 controls except tab and line feed, DEL, C1 controls, the bidi embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069: "Trojan source"), and the Unicode line and
# paragraph separators (a line break a terminal may not show as one).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = {"\n": "\\n", "\t": "\\t"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (line breaks and tabs kept)."""
    return _CONTROLS.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` as one visible line: control characters, line breaks and tabs escaped."""
    shown = visible(text.strip())
    return "".join(_LINE_BREAKS.get(char, char) for char in shown)


def clip(text: str, limit: int = MESSAGE_CHARS) -> str:
    """At most ``limit`` characters of ``text``; a longer text ends in an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def quoted(value: object, limit: int = MESSAGE_CHARS) -> str:
    """A scalar value as a message quotes it: one visible line, clipped (an ellipsis at the
    cut). The text is cut before it is escaped, so a value of any length costs ``limit``."""
    text = value if isinstance(value, str) else _scalar_text(value)
    return clip(one_line(text[: limit * 2]), limit)


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int) and abs(value) >= 10**40:  # int → str is quadratic in digits
        return f"a number of about {value.bit_length() * 30103 // 100_000 + 1} digits"
    return str(value)


def preview(value: object, limit: int = MESSAGE_CHARS) -> str:
    """What a message may say about any value: a scalar quoted (:func:`quoted`), a list or
    mapping by its size only (its contents may be huge, shared or circular)."""
    if isinstance(value, Mapping):
        return f"a mapping of {len(value)} key" + ("" if len(value) == 1 else "s")
    if isinstance(value, list | tuple | set | frozenset):
        return f"a list of {len(value)} item" + ("" if len(value) == 1 else "s")
    if isinstance(value, str | int | float | bool) or value is None:
        return quoted(value, limit)
    return quoted(type(value).__name__, limit)


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet take this text for a formula (``=``, ``+``, ``-``, ``@`` first)?"""
    return text.startswith(_FORMULA_START)


def cell_text(value: object) -> object:
    """A value as a spreadsheet cell may hold it: text with control characters escaped (XML
    refuses most of them); other values unchanged. Formula-like text stays as it reads; the
    writer marks it as text (see ``sim.analysis.gaps_export``)."""
    return visible(value) if isinstance(value, str) else value


class VisibleStream(io.TextIOBase):
    """A text stream that writes everything :func:`visible` to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.wrapped.flush()

    def isatty(self) -> bool:
        return self.wrapped.isatty()

    def fileno(self) -> int:
        return self.wrapped.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]  # read-only here, as on a terminal
        return getattr(self.wrapped, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        value: Any = getattr(self.wrapped, "errors", None)
        return str(value) if value is not None else None


__all__ = [
    "ELLIPSIS",
    "MESSAGE_CHARS",
    "VisibleStream",
    "cell_text",
    "clip",
    "looks_like_formula",
    "one_line",
    "preview",
    "quoted",
    "visible",
]
