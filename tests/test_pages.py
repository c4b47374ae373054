"""The one page renderer (``sim.analysis.pages``): Jinja2 templates on one base, autoescaped."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest
import tomllib

from sim.analysis import html
from sim.analysis.page_style import CONTENT_POLICY
from sim.analysis.pages import environment, render_page

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "sim" / "analysis" / "templates"
XSS = "<img src=x onerror=alert(1)>"


def page(**context: object) -> str:
    return render_page(
        "comparison.html.j2",
        lang=str(context.pop("lang", "en")),
        title=str(context.pop("title", "A title")),
        style=".debrief .x { color: red; }",
        main_class="debrief comparison",
        **{"parts": [], **context},
    )


@pytest.mark.parametrize(("lang", "tag"), [("en", "en"), ("zh", "zh-CN"), ("zh-CN", "zh-CN")])
def test_the_base_template_gives_every_page_its_skeleton(lang: str, tag: str) -> None:
    text = page(lang=lang)
    assert text.startswith(f'<!DOCTYPE html>\n<html lang="{tag}"><head><meta charset="utf-8">')
    assert text.endswith("</main></body></html>\n")
    assert f'content="{CONTENT_POLICY}"' in text  # the policy as written, not entity-escaped
    assert ".debrief .x { color: red; }</style>" in text  # the page's rules after the sheet
    assert '"Noto Sans CJK SC"' in text  # CSS quotes are not escaped inside <style>


def test_every_page_template_extends_the_base() -> None:
    children = sorted(p.name for p in TEMPLATES.glob("*.j2") if p.name != "base.html.j2")
    assert children == ["comparison.html.j2", "sections.html.j2"]
    for name in children:
        assert '{% extends "base.html.j2" %}' in (TEMPLATES / name).read_text(encoding="utf-8")


def test_plain_text_is_escaped_and_markup_is_not() -> None:
    text = page(title=XSS, parts=[XSS, html.tag("b", XSS)])
    assert XSS not in text
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in text
    assert "<b>&lt;img src=x onerror=alert(1)&gt;</b>" in text  # built and escaped by html.tag


def test_a_name_the_template_needs_but_is_not_given_is_an_error() -> None:
    with pytest.raises(jinja2.UndefinedError):
        environment().get_template("sections.html.j2").render(title="t")


def test_the_html_builders_use_the_markup_of_the_templates() -> None:
    assert html.Markup is markupsafe.Markup
    built = html.tag("td", "a & b", cls='x"y')
    assert built == '<td class="x&#34;y">a &amp; b</td>'
    assert html.join([built, "<i>"]) == '<td class="x&#34;y">a &amp; b</td>&lt;i&gt;'
    assert html.esc(3) == "3"


def test_the_templates_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["sim"]
    assert "analysis/templates/*.j2" in data
    assert all(p.suffix == ".j2" for p in TEMPLATES.iterdir() if p.is_file())
    dependencies = " ".join(config["project"]["dependencies"]).lower()
    assert "jinja2" in dependencies and "babel" in dependencies
