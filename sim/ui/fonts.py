"""A CJK font for plots with Chinese text (Noto Sans CJK from Debian's fonts-noto-cjk).

matplotlib keeps a font cache; a font installed after the cache was built is not in it, so
when the family is not found by name we look for the Noto CJK files on disk and register them.
Without any CJK font, Chinese plots fall back to ASCII labels and the app says what to install.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
LATIN_FALLBACK = "DejaVu Sans"
FONT_FILE_MARKERS = ("NotoSansCJK", "NotoSansSC", "SourceHanSans")


def _find(family: str) -> bool:
    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    return True


def _register_from_disk() -> None:
    """Add Noto/Source Han CJK files that the (possibly stale) font cache does not know."""
    # fontext="ttf" finds .ttf, .otf and .ttc files alike.
    for name in font_manager.findSystemFonts(fontext="ttf"):
        if any(marker in Path(name).name for marker in FONT_FILE_MARKERS):
            try:
                font_manager.fontManager.addfont(name)
            except (OSError, RuntimeError, ValueError):
                continue


@cache
def cjk_family() -> str | None:
    """The first available CJK font family, or None when none is installed."""
    for family in CJK_FAMILIES:
        if _find(family):
            return family
    _register_from_disk()
    for family in CJK_FAMILIES:
        if _find(family):
            return family
    return None


def plot_fonts(lang: str) -> AbstractContextManager[None]:
    """A context for drawing a plot in ``lang``: the CJK family first (it has Latin glyphs
    too), DejaVu Sans after it."""
    families = [LATIN_FALLBACK]
    if lang == "zh":
        family = cjk_family()
        if family is not None:
            families = [family, LATIN_FALLBACK]
    return mpl.rc_context({"font.family": "sans-serif", "font.sans-serif": families})


def can_draw(lang: str) -> bool:
    """Whether plot text in ``lang`` can be drawn without missing glyphs."""
    return lang != "zh" or cjk_family() is not None
