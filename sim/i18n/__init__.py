"""Message catalogs for every user-facing text: English and Simplified Chinese (zh-CN).

``translate(key, lang, **params)`` finds ``key`` in the catalog of ``lang`` and formats it. For
a trainee's screen it never fails: a key missing in Chinese falls back to English, an unknown
key comes back as itself, and a template that cannot be formatted comes back unformatted. With
``SANDTABLE_STRICT_I18N=1`` in the environment (the test suite sets it, in
``tests/conftest.py``) each of these raises :class:`TranslationError` instead, so that a
missing Chinese text or a wrong parameter fails a test rather than showing English or a key.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "zh")
HTML_LANG: dict[str, str] = {"en": "en", "zh": "zh-CN"}
"""Each language's tag for ``<html lang=...>`` (BCP 47)."""
STRICT_ENV = "SANDTABLE_STRICT_I18N"
"""Set to ``1`` to make :func:`translate` raise instead of falling back."""


class TranslationError(LookupError):
    """Strict mode: a key missing from a catalog, or a message its parameters cannot format."""


def normalise(lang: str) -> str:
    """``zh``, ``zh-CN``, ``zh_CN`` → ``zh``; anything else → ``en``."""
    return "zh" if lang.lower().startswith("zh") else "en"


def html_lang(lang: str) -> str:
    """The ``<html lang>`` tag of ``lang`` (``zh`` → ``zh-CN``)."""
    return HTML_LANG[normalise(lang)]


def strict() -> bool:
    """Whether :func:`translate` raises instead of falling back (``SANDTABLE_STRICT_I18N=1``)."""
    return os.environ.get(STRICT_ENV, "") == "1"


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages in ``lang``: every ``catalogs/<area>.<lang>.json`` merged (one per area)."""
    suffix = f".{normalise(lang)}.json"
    merged: dict[str, str] = {}
    folder = resources.files("sim.i18n").joinpath("catalogs")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(suffix):
            data: dict[str, str] = json.loads(entry.read_text(encoding="utf-8"))
            clash = merged.keys() & data.keys()
            if clash:
                raise ValueError(f"{entry.name}: keys defined twice: {sorted(clash)}")
            merged.update(data)
    return merged


def translate(key: str, lang: str = "en", **params: Any) -> str:
    """The message for ``key`` in ``lang``, formatted with ``params``; falls back to English,
    then to the key, and to the unformatted template (strict mode: raises instead)."""
    template = catalog(lang).get(key)
    if template is None:
        if strict():
            raise TranslationError(f"no {normalise(lang)} message for {key!r}")
        template = catalog("en").get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        if strict():
            given = ", ".join(sorted(params)) or "none"
            raise TranslationError(
                f"{normalise(lang)} message {key!r} cannot be formatted ({type(exc).__name__}:"
                f" {exc}; parameters given: {given})"
            ) from exc
        return template


__all__ = [
    "HTML_LANG",
    "LANGUAGES",
    "STRICT_ENV",
    "TranslationError",
    "catalog",
    "html_lang",
    "normalise",
    "strict",
    "translate",
]
