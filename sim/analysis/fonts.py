"""Fonts for plots: Chinese text needs a CJK font (Noto Sans CJK SC, Debian's fonts-noto-cjk).

Matplotlib caches its font list; a font installed after the cache was built is found by
scanning the system font folders and registering the files (``FontManager.addfont``).
"""

from __future__ import annotations

from matplotlib import font_manager

from sim.i18n import translate

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans CJK JP")
CJK_FILE_HINTS = ("NotoSansCJK", "NotoSansSC", "SourceHanSans")
LATIN_FAMILY = "DejaVu Sans"


class MissingFontError(RuntimeError):
    """No CJK font: Chinese plots would show empty boxes. ``str(error)`` is English;
    :meth:`message` says it in the reader's language (``analysis.error.missing_font``)."""

    def __init__(self) -> None:
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return translate("analysis.error.missing_font", lang)


def _known() -> set[str]:
    return {entry.name for entry in font_manager.fontManager.ttflist}


def cjk_family(*, required: bool = True) -> str | None:
    """The name of an installed CJK font family; ``MissingFontError`` if none and required."""
    for attempt in range(2):
        known = _known()
        for family in CJK_FAMILIES:
            if family in known:
                return family
        if attempt == 0:
            for path in font_manager.findSystemFonts():
                if any(hint in path for hint in CJK_FILE_HINTS):
                    font_manager.fontManager.addfont(path)
    if required:
        raise MissingFontError
    return None


def font_families(lang: str) -> list[str]:
    """The font fallback list for plots in ``lang`` (CJK first for Chinese)."""
    if lang == "zh":
        family = cjk_family(required=True)
        assert family is not None
        return [family, LATIN_FAMILY]
    family = cjk_family(required=False)  # names typed in Chinese can appear in English reports
    return [LATIN_FAMILY, family] if family else [LATIN_FAMILY]
