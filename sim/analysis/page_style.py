"""The debrief pages' content policy and style sheets, and the scoped fragment a notebook or a
screen shows: a light module (no figures, no pandas), so that a screen can show the story at
once without loading the report's plotting stack."""

from __future__ import annotations

from sim.analysis.html import Markup, tag

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
.debrief .story { background: #f5f8fc; border-left: 5px solid #34495e; padding: 0.3em 1.2em 0.8em;
  margin: 1em 0; } .debrief .story h2 { border: none; margin-top: 0.5em; }
.debrief .story h3 { margin-top: 0.8em; } .debrief .story-outcome { font-size: 1.08em; }
.debrief .story-causes li, .debrief .story-next li { margin: 0.3em 0; }
.debrief .replay-notice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px;
  padding: 0.4em 0.8em; margin: 0.8em 0; } .debrief .replay-notice ul { margin: 0.3em 0; }
"""


def fragment(*content: Markup) -> str:
    """HTML to show inside a notebook: the debrief's style sheet and the content, scoped."""
    return str(Markup(f"<style>{STYLE}</style>") + tag("div", *content, cls="debrief"))
