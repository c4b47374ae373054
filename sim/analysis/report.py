"""The debrief as one self-contained HTML file: no scripts, no external links, images inline.

``build_report(sim, lang)`` is what the sandbox's end screen calls for the session just played;
``write_report(session, out)`` is what ``sandtable report`` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from sim.analysis.debriefing import Debrief, debrief
from sim.analysis.defaults import REPLICATIONS
from sim.analysis.html import Markup, join, para, table, tag
from sim.analysis.sections import sections
from sim.analysis.text import label, tr
from sim.analysis.whatif import Change
from sim.engine import Simulation
from sim.engine.notice import ReplayNotice
from sim.engine.rng import describe_seed
from sim.i18n import normalise
from sim.i18n.replay import notice_lines, notice_title, vendor_names
from sim.scenario import Scenario

# Nothing may load from anywhere: images are data URIs, styles inline, no scripts at all.
CONTENT_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
PAGE_STYLE = """
body { margin: 0 auto; max-width: 1120px; padding: 1.5em; }
"""
# Every rule is scoped to .debrief, so the same sheet can sit inside a notebook page.
STYLE = """
.debrief { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "DejaVu Sans", Arial, sans-serif; color: #222; line-height: 1.45; }
.debrief h1 { font-size: 1.6em; margin-bottom: 0.2em; }
.debrief h2 { border-bottom: 2px solid #34495e; padding-bottom: 0.2em; margin-top: 2em; }
.debrief h3 { margin-top: 1.6em; color: #34495e; }
.debrief nav ol { columns: 3; font-size: 0.9em; } .debrief .note { color: #555; font-size: 0.92em; }
.debrief table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.88em; }
.debrief th, .debrief td { border: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left;
  vertical-align: top; }
.debrief th { background: #f2f4f7; } .debrief table.meta th { width: 12em; }
.debrief tr.against td:nth-child(2) { color: #c0392b; font-weight: bold; }
.debrief tr.for td:nth-child(2) { color: #27ae60; font-weight: bold; }
.debrief figure { margin: 0.8em 0; } .debrief figure img { max-width: 100%; height: auto; }
.debrief figcaption { font-size: 0.85em; color: #666; }
.debrief .badge { display: inline-block; padding: 0.15em 0.6em; border-radius: 1em; color: #fff; }
.debrief .badge.won { background: #27ae60; } .debrief .badge.lost { background: #c0392b; }
.debrief .badge.no_decision, .debrief .badge.None { background: #7f8c8d; }
.debrief .assessment { border-left: 4px solid #ddd; padding: 0.2em 0.8em; margin: 0.8em 0; }
.debrief .score-head span { margin-right: 0.8em; } .debrief .competency { font-weight: bold; }
.debrief .level { padding: 0.05em 0.5em; border-radius: 0.8em; font-size: 0.85em; }
.debrief .level.strong { background: #d5f0d0; } .debrief .level.developing { background: #fbefc1; }
.debrief .level.gap { background: #f8d0d0; } .debrief .level.not_observed { background: #eee; }
.debrief .coach { background: #f5f8fc; padding: 0.4em 0.6em; }
.debrief details summary { cursor: pointer; }
.debrief .replay-notice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px;
  padding: 0.4em 0.8em; margin: 0.8em 0; } .debrief .replay-notice ul { margin: 0.3em 0; }
"""


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
            para(scenario.description.get(lang), cls="note"),
            table([tr("meta.what", lang), tr("meta.value", lang)], lines, cls="meta"),
        ]
    )


def _nav(parts: list[tuple[str, str, Markup]], lang: str) -> Markup:
    items = [tag("li", tag("a", title, href=f"#{anchor}")) for anchor, title, _ in parts]
    return tag("nav", tag("strong", tr("contents", lang)), tag("ol", *items))


def render(d: Debrief) -> str:
    """The whole page for an analysed session."""
    lang = d.lang
    parts = sections(d)
    body = [_header(d), _nav(parts, lang)]
    for anchor, title, content in parts:
        body.append(tag("section", tag("h2", title), content, id=anchor))
    body.append(tag("footer", para(tr("footer", lang), cls="note")))
    head = Markup(
        '<meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{PAGE_STYLE}{STYLE}</style>"
    ) + tag("title", tr("title", lang, scenario=d.facts.scenario.title.get(lang)))
    html_lang = "zh-CN" if lang == "zh" else "en"
    main = tag("main", *body, cls="debrief")
    page = f'<html lang="{html_lang}"><head>{head}</head><body>{main}</body></html>'
    return f"<!DOCTYPE html>\n{page}\n"


def fragment(*content: Markup) -> str:
    """HTML to show inside a notebook: the debrief's style sheet and the content, scoped."""
    return f"<style>{STYLE}</style>" + tag("div", *content, cls="debrief")


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
