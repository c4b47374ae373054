"""A CJK font for plots with Chinese text (Noto Sans CJK from Debian's fonts-noto-cjk).

matplotlib keeps a font cache; a font installed after the cache was built is not in it, so
when the family is not found by name we look for the Noto CJK files on disk and register them.
Without any CJK font, Chinese plots fall back to ASCII labels and the app says what to install.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

import matplotlib as mpl

from sim.analysis import fonts

LATIN_FALLBACK = "DejaVu Sans"


def cjk_family() -> str | None:
    """The first available CJK font family (registered from disk if the cache is stale)."""
    return fonts.cjk_family(required=False)


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
