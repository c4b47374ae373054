"""Plot plumbing: figures without pyplot, a per-language font style, PNG output.

Figures are plain :class:`matplotlib.figure.Figure` objects (no pyplot, no global figure
registry), drawn inside :func:`plot_style` so that Chinese labels use a CJK font.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
from matplotlib.figure import Figure

from sim.analysis.fonts import font_families

ACTIVITY_COLOURS = {
    "discovery_meeting": "#4e79a7",
    "stakeholder_mapping": "#a0cbe8",
    "needs_workshop": "#2f5d8a",
    "relationship_visit": "#59a14f",
    "executive_meeting": "#f28e2b",
    "solution_presentation": "#b07aa1",
    "demo_poc": "#7b4f8f",
    "reference_visit": "#9c755f",
    "implementation_plan": "#e15759",
    "internal_briefing": "#bab0ac",
    "team_strategy_session": "#79706e",
    "bid_preparation": "#edc948",
    "clarification_answers": "#d4a6c8",
    "negotiation": "#ff9da7",
}
PHASE_COLOURS = {
    "latent": "#f4f4f4",
    "requirements": "#e8f1fa",
    "tender": "#fdf1dc",
    "evaluation": "#fbe3e3",
    "negotiation": "#e6f4e1",
    "delivery": "#eeeeee",
    "closed": "#ffffff",
}
OPTION_COLOURS = ["#1f77b4", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
NONE_COLOUR = "#7f7f7f"


@contextmanager
def plot_style(lang: str) -> Iterator[None]:
    """Fonts with every glyph the language needs, and a quiet house style."""
    with mpl.rc_context(
        {
            "font.family": font_families(lang),
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "svg.fonttype": "path",
            "text.parse_math": False,  # a "$" in a name is a dollar sign, not mathtext
        }
    ):
        yield


def new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def png_bytes(figure: Figure, dpi: int = 96) -> bytes:
    buffer = io.BytesIO()
    # No "Software" text chunk: the report must not carry any URL, even inside an image.
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def png_data_uri(figure: Figure, dpi: int = 96) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(figure, dpi)).decode("ascii")
