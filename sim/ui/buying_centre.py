"""The buying centre as our team knows it: the table, and the legend of the picture.

Only what ``observe()`` returns is drawn; anything the team has not found out is shown as
unknown (a grey node with "?", the word "unknown" in the table), never guessed.
"""

from __future__ import annotations

from sim.model.observation import StakeholderView, TeamView
from sim.model.standing import reading, standing
from sim.scenario import DIMENSIONS
from sim.ui.text import Names, esc, label, percent, signed, tr, unknown

TOP_CONCERNS = 3
LEANING_GRADIENT = "linear-gradient(to right, #a50026, #f46d43, #fee08b, #d9ef8b, #66bd63, #006837)"


def legend_html(lang: str) -> str:
    """How to read the picture: the colour scale and the marks (HTML, beside the PNG)."""
    return (
        f'<div class="st-legend"><b>{esc(tr("map.picture_title", lang))}</b><br>'
        f'<span class="st-scale">−5 <span class="st-gradient" '
        f'style="background:{LEANING_GRADIENT}"></span> +5 {esc(tr("map.leaning_axis", lang))}'
        "</span><br>"
        f"<small>{esc(tr('map.picture_legend', lang))}</small></div>"
    )


# --- the table ------------------------------------------------------------------------------


def _or_unknown(value: str | None, lang: str) -> str:
    return unknown(lang) if value is None else esc(value).replace("\n", "<br>")


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
    return "\n".join(f"{o} {signed(d)}" for o, d in zip(options, person.disposition, strict=False))


def _range(person: StakeholderView, view: TeamView, noise: float, names: Names) -> str:
    """Our lead with this person over the best alternative, with its likely range."""
    lang = names.lang
    seen = reading(person, view.week, noise)
    if seen is None:
        return ""
    options = [names.vendor(v) for v in view.vendors] + [tr("no_decision", lang)]
    text = tr(
        "map.lead_range",
        lang,
        option=options[seen.against],
        lead=signed(seen.lead, lang),
        low=signed(seen.low, lang),
        high=signed(seen.high, lang),
        weeks=seen.age,
    )
    return f'<br><small class="st-lead-range">{esc(text)}</small>'


def standing_html(view: TeamView, noise: float, lang: str) -> str:
    """How we believe we stand overall, with its likely range and how much of it we read."""
    believed = standing(view, noise)
    if believed.read_share == 0.0:
        text = tr("map.standing_unread", lang)
    else:
        text = tr(
            "map.standing",
            lang,
            lead=signed(believed.lead, lang),
            low=signed(believed.low, lang),
            high=signed(believed.high, lang),
            read=percent(believed.read_share, lang),
        )
    return f'<div class="st-standing">{esc(text)}</div>'


def _contact(person: StakeholderView, lang: str) -> str:
    if person.met:
        return tr("map.met", lang, contacts=person.contacts)
    if person.reachable:
        return tr("map.not_met", lang)
    return tr(f"map.reach.{person.reach}", lang)


def buying_centre_table(view: TeamView, names: Names, noise: float | None = None) -> str:
    """The team's map as an HTML table; every free text escaped, unknowns marked. With the
    scenario's observation ``noise``, each reading also says its likely range and age, and the
    table opens with our believed standing overall."""
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
            f"<b>{esc(p.name.get(lang))}</b><br><small>{esc(p.title.get(lang))}</small>",
            esc(label("department", p.department, lang)),
            _or_unknown(role, lang),
            _or_unknown(None if p.influence is None else percent(p.influence), lang),
            _or_unknown(
                None if p.response_mode is None else label("response_mode", p.response_mode, lang),
                lang,
            ),
            _or_unknown(_concerns(p, lang), lang),
            _or_unknown(_leaning(p, view.vendors, names), lang)
            + ("" if noise is None else _range(p, view, noise, names)),
            _or_unknown(
                None if p.links is None else names.join(p.links) or tr("map.no_links", lang), lang
            ),
            esc(_contact(p, lang))
            + (f"<br><small>{esc(tr('map.pm_requested', lang))}</small>" if p.pm_requested else ""),
            _or_unknown(None if p.agenda is None else p.agenda.get(lang), lang),
        )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (
        ("" if noise is None else standing_html(view, noise, lang))
        + f'<table class="st-table st-map"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
