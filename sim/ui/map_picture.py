"""The buying centre as a network picture (matplotlib), redrawn in place each round.

Stakeholders sit on a circle: size is influence, colour is how we believe they lean toward us
(grey with "?" when we do not know), a thick ring means met, a dashed ring not reachable yet,
lines are the links we know of. The figure and its artists are made once per language and
only updated afterwards (making a figure costs about ten times as much as redrawing one), and
an unchanged picture is not redrawn at all.
"""

from __future__ import annotations

import io
import math
from typing import NamedTuple

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from sim.model.observation import StakeholderView, TeamView
from sim.ui.fonts import can_draw, plot_fonts
from sim.ui.text import label, tr

LEANING = Normalize(vmin=-5.0, vmax=5.0)
COLOURS = mpl.colormaps["RdYlGn"]
UNKNOWN_COLOUR = "#d9d9d9"
UNKNOWN_SIZE = 600.0
SIZE = (250.0, 2200.0)  # marker area: base + per unit of influence
FIGURE_INCHES = (5.6, 3.9)
DPI = 80


class Node(NamedTuple):
    """What the picture shows of one stakeholder."""

    id: str
    label: str
    influence: float | None
    leaning: float | None
    reachable: bool
    met: bool
    links: tuple[str, ...] | None


def _roles_short(person: StakeholderView, lang: str) -> str:
    if person.role is None:
        return "?"
    return tr("list_separator", lang).join(label("role_short", r, lang) for r in person.role)


def nodes(view: TeamView, lang: str) -> tuple[Node, ...]:
    """The picture's content; without a CJK font, Chinese plots use ids and English words."""
    draw_lang = lang if can_draw(lang) else "en"
    return tuple(
        Node(
            id=p.id,
            label=f"{p.name.get(lang) if draw_lang == lang else p.id}\n"
            f"{_roles_short(p, draw_lang)}",
            influence=p.influence,
            leaning=None if p.disposition is None else round(p.disposition[0], 1),
            reachable=p.reachable,
            met=p.met,
            links=p.links,
        )
        for p in view.stakeholders
    )


def _size(node: Node) -> float:
    return SIZE[0] + SIZE[1] * node.influence if node.influence is not None else UNKNOWN_SIZE


class _Canvas:
    """One figure with its artists, for one language and one set of stakeholders."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        self.figure = Figure(figsize=FIGURE_INCHES, dpi=DPI)
        FigureCanvasAgg(self.figure)
        axes = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        axes.set_xlim(-1.55, 1.55)
        axes.set_ylim(-1.62, 1.22)
        axes.set_aspect("equal")
        axes.axis("off")
        count = max(len(ids), 1)
        self.places = {
            pid: (
                math.cos(math.pi / 2 - 2 * math.pi * k / count),
                math.sin(math.pi / 2 - 2 * math.pi * k / count),
            )
            for k, pid in enumerate(ids)
        }
        xy = list(self.places.values())
        self.links = LineCollection([], colors="#8c8c8c", linewidths=1.2, zorder=1)
        axes.add_collection(self.links)
        self.markers = axes.scatter(
            [x for x, _ in xy],
            [y for _, y in xy],
            s=UNKNOWN_SIZE,
            c=UNKNOWN_COLOUR,
            edgecolors="#333333",
            zorder=2,
        )
        self.unknown = [
            axes.text(x, y, "?", ha="center", va="center", fontsize=11, color="#555555", zorder=3)
            for x, y in xy
        ]
        self.labels = [
            axes.annotate(
                "",
                (x, y),
                xytext=(0, 0),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8,
                # CJK glyphs fill their line: more room between the name and the roles, and a
                # light backing so a link line never runs through a label (issue 15)
                linespacing=1.45,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
                zorder=3,
            )
            for x, y in xy
        ]

    def render(self, content: tuple[Node, ...]) -> bytes:
        sizes = [_size(n) for n in content]
        self.markers.set_sizes(sizes)
        self.markers.set_facecolor(
            [
                COLOURS(LEANING(n.leaning)) if n.leaning is not None else UNKNOWN_COLOUR
                for n in content
            ]
        )
        self.markers.set_linewidth([2.4 if n.met else 1.0 for n in content])
        self.markers.set_linestyle(["solid" if n.reachable else (0, (3, 2)) for n in content])
        segments = [
            [self.places[n.id], self.places[other]]
            for n in content
            for other in (n.links or ())
            if other in self.places
        ]
        self.links.set_segments(segments)
        for node, size, mark, text in zip(content, sizes, self.unknown, self.labels, strict=True):
            mark.set_visible(node.leaning is None)
            text.set_text(node.label)
            text.xyann = (0.0, -(math.sqrt(size) / 2 + 5))  # below the marker's rim, in points
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()


class MapPicture:
    """The buying-centre picture of one game, as PNG bytes."""

    def __init__(self) -> None:
        self._canvases: dict[tuple[str, tuple[str, ...]], _Canvas] = {}
        self._last: tuple[tuple[str, tuple[Node, ...]], bytes] | None = None

    def png(self, view: TeamView, lang: str) -> bytes:
        content = nodes(view, lang)
        key = (lang, content)
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        draw_lang = lang if can_draw(lang) else "en"
        ids = tuple(n.id for n in content)
        with plot_fonts(draw_lang):  # fonts are looked up when text is made and when drawn
            canvas = self._canvases.get((draw_lang, ids))
            if canvas is None:
                canvas = self._canvases[(draw_lang, ids)] = _Canvas(ids)
            png = canvas.render(content)
        self._last = (key, png)
        return png
