"""The buying centre as our team knows it: a network picture and a table.

Only what ``observe()`` returns is drawn; anything the team has not found out is shown as
unknown (a grey node with "?", the word "unknown" in the table), never guessed.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import lru_cache

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from sim.model.observation import StakeholderView, TeamView
from sim.scenario import DIMENSIONS
from sim.ui.fonts import can_draw, plot_fonts
from sim.ui.text import Names, esc, label, percent, signed, tr, unknown

LEANING = Normalize(vmin=-5.0, vmax=5.0)
UNKNOWN_COLOUR = "#d9d9d9"
TOP_CONCERNS = 3


def _roles_short(person: StakeholderView, lang: str) -> str:
    if person.role is None:
        return "?"
    return tr("list_separator", lang).join(label("role_short", r, lang) for r in person.role)


def picture_key(view: TeamView, lang: str) -> tuple[object, ...]:
    """Everything the picture shows, as a hashable key."""
    draw_lang = lang if can_draw(lang) else "en"
    people = tuple(
        (
            p.id,
            p.name if draw_lang == lang else p.id,
            _roles_short(p, draw_lang),
            p.influence,
            None if p.disposition is None else round(p.disposition[0], 1),
            p.reachable,
            p.met,
            p.links,
        )
        for p in view.stakeholders
    )
    return (draw_lang, people)


def buying_centre_png(view: TeamView, lang: str) -> bytes:
    """The network picture as PNG bytes (cached: unchanged knowledge is not redrawn)."""
    return _draw(picture_key(view, lang))


@lru_cache(maxsize=32)
def _draw(key: tuple[object, ...]) -> bytes:
    lang, people = key
    assert isinstance(lang, str) and isinstance(people, tuple)
    with plot_fonts(lang):
        figure = Figure(figsize=(6.4, 4.4), dpi=90)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.02, 0.02, 0.80, 0.90))
        _network(axes, people)
        axes.set_title(tr("map.picture_title", lang), fontsize=11)
        colourbar_axes = figure.add_axes((0.86, 0.18, 0.03, 0.62))
        bar = figure.colorbar(ScalarMappable(norm=LEANING, cmap="RdYlGn"), cax=colourbar_axes)
        bar.set_label(tr("map.leaning_axis", lang), fontsize=8)
        bar.ax.tick_params(labelsize=7)
        figure.text(0.02, 0.01, tr("map.picture_legend", lang), fontsize=7, color="#555555")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _network(axes: object, people: Sequence[tuple[object, ...]]) -> None:
    from matplotlib.axes import Axes  # noqa: PLC0415

    assert isinstance(axes, Axes)
    count = len(people)
    places: dict[str, tuple[float, float]] = {}
    for k, person in enumerate(people):
        angle = math.pi / 2 - 2 * math.pi * k / max(count, 1)
        places[str(person[0])] = (math.cos(angle), math.sin(angle))
    for person in people:
        links = person[7]
        if not isinstance(links, tuple):
            continue
        x0, y0 = places[str(person[0])]
        for other in links:
            if other in places:
                x1, y1 = places[other]
                axes.plot([x0, x1], [y0, y1], color="#8c8c8c", linewidth=1.2, zorder=1)
    for person in people:
        pid, name, roles, influence, leaning, reachable, met, _ = person
        x, y = places[str(pid)]
        size = 250 + 2200 * float(influence) if isinstance(influence, float) else 600
        colour = (
            mpl.colormaps["RdYlGn"](LEANING(leaning))
            if isinstance(leaning, float)
            else UNKNOWN_COLOUR
        )
        axes.scatter(
            [x],
            [y],
            s=size,
            c=[colour],
            edgecolors="#333333",
            linewidths=2.2 if met else 1.0,
            linestyle="solid" if reachable else "dashed",
            zorder=2,
        )
        if not isinstance(leaning, float):
            axes.text(x, y, "?", ha="center", va="center", fontsize=11, color="#555555", zorder=3)
        below = math.sqrt(size) / 2 + 6  # the marker's radius in points, plus a gap
        axes.annotate(
            f"{name}\n{roles}",
            (x, y),
            xytext=(0, -below),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            zorder=3,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.5},
        )
    axes.set_xlim(-1.5, 1.5)
    axes.set_ylim(-1.6, 1.25)
    axes.set_aspect("equal")
    axes.axis("off")


# --- the table ------------------------------------------------------------------------------


def _or_unknown(value: str | None, lang: str) -> str:
    return unknown(lang) if value is None else esc(value)


def _concerns(person: StakeholderView, lang: str) -> str | None:
    if person.concerns is None:
        return None
    ranked = sorted(zip(DIMENSIONS, person.concerns, strict=True), key=lambda kv: -kv[1])
    return tr("list_separator", lang).join(
        f"{label('dimension', d, lang)} {percent(w)}" for d, w in ranked[:TOP_CONCERNS] if w > 0
    )


def _leaning(person: StakeholderView, vendors: tuple[str, ...], names: Names) -> str | None:
    if person.disposition is None:
        return None
    options = [names.vendor(v) for v in vendors] + [tr("no_decision", names.lang)]
    return " · ".join(f"{o} {signed(d)}" for o, d in zip(options, person.disposition, strict=False))


def _contact(person: StakeholderView, lang: str) -> str:
    if person.met:
        return tr("map.met", lang, contacts=person.contacts)
    if person.reachable:
        return tr("map.not_met", lang)
    return tr(f"map.reach.{person.reach}", lang)


def buying_centre_table(view: TeamView, names: Names) -> str:
    """The team's map as an HTML table; every free text escaped, unknowns marked."""
    lang = names.lang
    columns = (
        "person",
        "department",
        "role",
        "influence",
        "response_mode",
        "concerns",
        "leaning",
        "links",
        "contact",
        "agenda",
    )
    head = "".join(f"<th>{esc(tr(f'map.column.{c}', lang))}</th>" for c in columns)
    rows = []
    for p in view.stakeholders:
        role = (
            None
            if p.role is None
            else tr("list_separator", lang).join(label("role", r, lang) for r in p.role)
        )
        cells = (
            f"<b>{esc(p.name)}</b><br><small>{esc(p.title)}</small>",
            esc(label("department", p.department, lang)),
            _or_unknown(role, lang),
            _or_unknown(None if p.influence is None else percent(p.influence), lang),
            _or_unknown(
                None if p.response_mode is None else label("response_mode", p.response_mode, lang),
                lang,
            ),
            _or_unknown(_concerns(p, lang), lang),
            _or_unknown(_leaning(p, view.vendors, names), lang),
            _or_unknown(
                None if p.links is None else names.join(p.links) or tr("map.no_links", lang), lang
            ),
            esc(_contact(p, lang))
            + (f"<br><small>{esc(tr('map.pm_requested', lang))}</small>" if p.pm_requested else ""),
            _or_unknown(p.agenda, lang),
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        f'<table class="st-table st-map"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
