"""The debrief as one self-contained HTML file: no scripts, no external links, images inline.

``build_report(sim, lang)`` builds the whole page for the session just played (a screen builds
it in stages with :class:`sim.analysis.staged.StagedReport`: the story's outcome at once, then
its causes, then the page); ``write_report(session, out)`` is what ``sandtable report`` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from sim.analysis.debriefing import Debrief, debrief
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.page_style import CONTENT_POLICY, PAGE_STYLE, STYLE, fragment
from sim.analysis.pages import render_page
from sim.analysis.report_defaults import REPLICATIONS
from sim.analysis.sections import sections
from sim.analysis.story import story_html
from sim.analysis.text import label, tr
from sim.analysis.whatif import Change
from sim.engine import Simulation
from sim.engine.notice import ReplayNotice
from sim.engine.rng import describe_seed
from sim.i18n import normalise
from sim.i18n.replay import notice_lines, notice_title, vendor_names
from sim.scenario import Scenario

# The page's content policy and style sheets live in page_style (a light module a screen can
# import without the figures); they are re-exported here for the other pages.
__all__ = [
    "CONTENT_POLICY",
    "HIDDEN_META",
    "PAGE_STYLE",
    "STYLE",
    "build_report",
    "fragment",
    "notice_html",
    "played_by",
    "render",
    "save_report",
    "write_report",
]


def notice_html(notice: ReplayNotice, lang: str, scenario: Scenario | None = None) -> Markup:
    """The replay notice of a reopened session, as a box above the debrief."""
    vendors = vendor_names(scenario, lang) if scenario is not None else None
    lines = [tag("li", line) for line in notice_lines(notice, lang, vendors=vendors)]
    return tag("div", tag("strong", notice_title(lang)), tag("ul", *lines), cls="replay-notice")


# Session-file entries that are for programs, not people: the app that wrote the file, and the
# played roles (said in words in the "Played by" row instead).
HIDDEN_META = frozenset({"app", "roles"})


def played_by(meta: dict[str, str], policy: str, lang: str, team_roles: set[str]) -> str:
    """Who made the decisions: for a game played at the sandbox (its session records the
    ``roles`` people played), the people and which roles the expert policy took; else the
    policy that autoplayed it."""
    roles = meta.get("roles")
    if roles is None or "app" not in meta:
        return label("policy", policy, lang)
    played = [r for r in roles.split(",") if r]
    if not played:
        return label("policy", policy, lang)
    names = tr("list_separator", lang).join(label("role", r, lang) for r in played)
    if team_roles <= set(played):
        return tr("meta.played_by_team", lang, roles=names)
    return tr("meta.played_by_people", lang, roles=names, policy=label("policy", policy, lang))


def _header(d: Debrief) -> Markup:
    facts, lang = d.facts, d.lang
    scenario, result, game = facts.scenario, facts.result, facts.game
    outcome = str(result.outcome)
    lines: list[list[str | Markup]] = [
        [tr("meta.scenario", lang), scenario.title.get(lang)],
        [
            tr("meta.account", lang),
            f"{scenario.account.name.get(lang)} · {scenario.account.industry.get(lang)}",
        ],
        [tr("meta.seed", lang), str(describe_seed(game.seed))],
        [
            tr("meta.played_by", lang),
            played_by(game.meta, result.policy, lang, {m.role for m in scenario.team}),
        ],
        [
            tr("meta.outcome", lang),
            tag("span", label("outcome", outcome, lang), cls=f"badge {outcome}"),
        ],
    ]
    lines += [
        [label("meta_key", key, lang), str(value)]
        for key, value in sorted(game.meta.items())
        if key not in HIDDEN_META
    ]
    notice = [notice_html(d.notice, lang, scenario)] if d.notice is not None else []
    return join(
        [
            tag("h1", tr("title", lang, scenario=scenario.title.get(lang))),
            *notice,
            story_html(d.story, d.assessment),  # the story first; the rest is its evidence
            para(tr("story.evidence", lang), cls="note"),
            para(scenario.description.get(lang), cls="note"),
            table([tr("meta.what", lang), tr("meta.value", lang)], lines, cls="meta"),
        ]
    )


def _nav(parts: list[tuple[str, str, Markup]], lang: str) -> Markup:
    items = [tag("li", tag("a", title, href=f"#{anchor}")) for anchor, title, _ in parts]
    return tag("nav", tag("strong", tr("contents", lang)), tag("ol", *items))


def render(d: Debrief) -> str:
    """The whole page for an analysed session (the one page skeleton, ``base.html.j2``)."""
    lang = d.lang
    parts = sections(d)
    return render_page(
        "sections.html.j2",
        lang=lang,
        title=tr("title", lang, scenario=d.facts.scenario.title.get(lang)),
        style="",
        main_class="debrief",
        lead=[_header(d), _nav(parts, lang)],
        sections=[{"anchor": a, "heading": t, "content": c} for a, t, c in parts],
        footer=tr("footer", lang),
    )


def build_report(
    sim: Simulation,
    lang: str | None = None,
    *,
    replications: int = REPLICATIONS,
    change: Change | Literal["suggest"] | None = "suggest",
) -> str:
    """The debrief of a played session as one self-contained HTML page, in ``lang`` (en or zh;
    default: the session's language)."""
    return render(
        debrief(sim, normalise(lang or sim.lang), replications=replications, change=change)
    )


def write_report(
    session_path: str | Path,
    out_path: str | Path,
    lang: str | None = None,
    *,
    replications: int = REPLICATIONS,
) -> Path:
    """Load a session file, build its report and write it (UTF-8); returns the path written.
    A session that opens with a replay notice gets a report that shows it (and no warning)."""
    game = Simulation.load(Path(session_path), warn=False)
    return save_report(game, out_path, lang, replications=replications)


def save_report(
    game: Simulation,
    out_path: str | Path,
    lang: str | None = None,
    *,
    replications: int = REPLICATIONS,
) -> Path:
    """Build the report of ``game`` and write it (UTF-8); returns the path written."""
    text = build_report(game, lang, replications=replications)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
