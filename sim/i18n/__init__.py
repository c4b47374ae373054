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
    """The message for ``key`` in ``lang``, formatted with ``params``; falls back to English."""
    template = catalog(lang).get(key) or catalog("en").get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError, TypeError):
        return template


__all__ = ["LANGUAGES", "catalog", "normalise", "translate"]
