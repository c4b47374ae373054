"""Message catalogs for every user-facing text: English and Simplified Chinese (zh-CN)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "zh")


def normalise(lang: str) -> str:
    """``zh``, ``zh-CN``, ``zh_CN`` → ``zh``; anything else → ``en``."""
    return "zh" if lang.lower().startswith("zh") else "en"


@cache
def catalog(lang: str) -> dict[str, str]:
    name = "zh_CN.json" if normalise(lang) == "zh" else "en.json"
    text = resources.files("sim.i18n").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, str] = json.loads(text)
    return data


def translate(key: str, lang: str = "en", **params: Any) -> str:
    """The message for ``key`` in ``lang``, formatted with ``params``; falls back to English."""
    template = catalog(lang).get(key) or catalog("en").get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


__all__ = ["LANGUAGES", "catalog", "normalise", "translate"]
