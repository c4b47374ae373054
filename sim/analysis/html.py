"""A tiny HTML builder in which every piece of text is escaped unless marked as markup.

``Markup`` is MarkupSafe's (the one Jinja2 uses): what these builders return passes through the
page templates (:mod:`sim.analysis.pages`, autoescaped) as it is, and any plain ``str`` is
escaped — here and in the templates alike. ``Markup + str`` escapes the ``str`` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

Content = str | Markup | int | float


def esc(text: Content) -> Markup:
    """``text`` escaped for HTML (quotes too); Markup as it is."""
    return escape(text)


def join(parts: Iterable[Content], sep: str = "") -> Markup:
    return Markup(sep.join(esc(p) for p in parts))  # each part escaped


def tag(name: str, *children: Content, cls: str | None = None, **attrs: str) -> Markup:
    """``<name class=... attr=...>children</name>``; attribute values are escaped too."""
    pairs = ([("class", cls)] if cls else []) + [
        (key.rstrip("_").replace("_", "-"), value) for key, value in attrs.items()
    ]
    attributes = "".join(f' {key}="{escape(value)}"' for key, value in pairs)
    return Markup(f"<{name}{attributes}>{join(children)}</{name}>")  # escaped above


def para(*children: Content, cls: str | None = None) -> Markup:
    return tag("p", *children, cls=cls)


def table(
    header: Sequence[Content],
    rows: Iterable[Sequence[Content]],
    cls: str = "data",
    row_attrs: Sequence[dict[str, str]] | None = None,
) -> Markup:
    head = tag("thead", tag("tr", *(tag("th", h) for h in header)))
    lines = []
    for k, row in enumerate(rows):
        attrs = row_attrs[k] if row_attrs is not None and k < len(row_attrs) else {}
        lines.append(tag("tr", *(tag("td", c) for c in row), **attrs))
    return tag("table", head, tag("tbody", *lines), cls=cls)


def image(data_uri: str, alt: str) -> Markup:
    if not data_uri.startswith("data:image/"):
        raise ValueError("the report embeds images as data URIs only")
    return Markup(f'<img src="{escape(data_uri)}" alt="{escape(alt)}">')  # escaped above


__all__ = ["Content", "Markup", "esc", "image", "join", "para", "table", "tag"]
