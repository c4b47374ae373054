"""The one page renderer: Jinja2 templates (``sim/analysis/templates``, autoescaped) on one
base template, for every self-contained HTML page of the analysis layer.

``templates/base.html.j2`` is the skeleton every page shares — the language, the
Content-Security-Policy that loads nothing, the style sheet, the title — and each page's
template fills its ``main`` block. Autoescape is on for every template: a plain text (a team
name typed by a trainee, a scenario text) is always escaped; only ``Markup`` passes as it is,
and ``Markup`` is made in :mod:`sim.analysis.html` (whose builders escape every text they are
given) or is one of the page's own constants.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from sim.analysis.page_style import CONTENT_POLICY, PAGE_STYLE, STYLE
from sim.i18n import html_lang


@cache
def environment() -> Environment:
    """The templates' environment: autoescaped, and a name a template uses but is not given
    is an error (``StrictUndefined``), not an empty text."""
    return Environment(
        loader=PackageLoader("sim.analysis", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_page(
    template: str, *, lang: str, title: str, style: str, main_class: str, **context: Any
) -> str:
    """The page ``template`` (a child of ``base.html.j2``) as UTF-8 text: ``style`` is the
    page's own rules after the shared sheet; ``context`` what its template uses."""
    return (
        environment()
        .get_template(template)
        .render(
            html_lang=html_lang(lang),
            title=title,
            content_policy=Markup(CONTENT_POLICY),  # a constant of ours
            style=Markup(PAGE_STYLE + STYLE + style),  # constants of ours
            main_class=main_class,
            **context,
        )
    )


__all__ = ["environment", "render_page"]
