"""Last round in plain language: what the customer did, what rivals were seen doing, our work.

The engine's feed items are terse records; this turns each into one sentence. Changes in how we
read a stakeholder's leaning (the team's beliefs, not the hidden truth) are added as reactions.
"""

from __future__ import annotations

from typing import NamedTuple

from sim.engine.simulation import COMPETITOR_FEED_KINDS, CUSTOMER_FEED_KINDS, PROGRESS_FEED_KINDS
from sim.model.activities import ANGLES
from sim.model.observation import FeedItem, TeamView
from sim.ui.text import Names, esc, known, label, percent, tr

CATEGORIES: tuple[str, ...] = ("customer", "competitors", "team", "progress")
INTRODUCED = "introduced by "


class FeedLine(NamedTuple):
    category: str
    text: str


def category_of(kind: str) -> str:
    if kind in COMPETITOR_FEED_KINDS:
        return "competitors"
    if kind in CUSTOMER_FEED_KINDS:
        return "customer"
    if kind in PROGRESS_FEED_KINDS:
        return "progress"
    return "team"


def _number(note: str, prefix: str = "") -> float | None:
    try:
        return float(note.removeprefix(prefix))
    except ValueError:
        return None


def describe(item: FeedItem, names: Names, view: TeamView) -> str:
    """One feed item as a sentence in ``names.lang``."""
    text = _sentence(item, names, view)
    return text[:1].upper() + text[1:]  # "our team submitted…" opens a sentence


def _sentence(item: FeedItem, names: Names, view: TeamView) -> str:
    lang = names.lang
    kind = item.kind
    if kind == "activity":
        return _activity(item, names)
    if kind == "competitor_seen":
        move = f"feed.competitor.{item.activity}"
        return tr(
            move if known(move) else "feed.competitor.other",
            lang,
            vendor=names.vendor(item.actor),
            target=names.stakeholder(item.target),
        )
    if kind in ("reaction", "slip_noticed"):
        key = f"feed.{kind}.{item.activity}" + (f".{item.note}" if kind == "reaction" else "")
        if known(key):
            return tr(
                key,
                lang,
                target=names.stakeholder(item.target),
                actor=names.anyone(item.actor) if item.actor else "",
            )
    if kind == "access_granted":
        if item.note.startswith(INTRODUCED):
            by = names.stakeholder(item.note.removeprefix(INTRODUCED))
            return tr("feed.access_introduced", lang, target=names.stakeholder(item.target), by=by)
        return tr("feed.access_granted", lang, target=names.stakeholder(item.target))
    if kind == "decision_maker_replaced" and item.target in names.stakeholders:
        person = view.stakeholder(item.target)
        name, title = person.name.get(lang), person.title.get(lang)
        return tr("feed.decision_maker_replaced", lang, name=name, title=title)
    if kind == "outcome":
        outcome, _, why = item.note.partition(":")
        key = f"feed.outcome.{outcome}"
        return tr(
            key if known(key) else "feed.outcome.other",
            lang,
            winner=names.vendor(item.actor),
            why=label("outcome_reason", why, lang),
        )
    params: dict[str, object] = {
        "kind": kind,
        "actor": names.anyone(item.actor),
        "target": names.anyone(item.target),
        "members": names.join(item.target.split("+")),
        "note": item.note,
        "phase": label("phase", item.note, lang),
        "stage": label("stage", item.note, lang),
        "criterion": label("criterion", item.target, lang),
        "week": view.bids_due_week if view.bids_due_week is not None else "?",
        "reading": item.note or "?",
    }
    share = _number(item.note)
    params["share"] = percent(share) if share is not None else "?"
    score = _number(item.note, "formal=")
    params["score"] = f"{score:.1f}" if score is not None else "?"
    if kind == "buying_centre_mapped" and item.note:
        kind = "buying_centre_mapped_coach"
    key = f"feed.{kind}"
    return tr(key if known(key) else "feed.other", lang, **params)


def _activity(item: FeedItem, names: Names) -> str:
    lang = names.lang
    text = tr(
        "feed.activity", lang, lead=names.member(item.actor), activity=names.activity(item.activity)
    )
    if item.note and item.note not in ANGLES:
        text += tr("feed.with", lang, members=names.join(item.note.split("+")))
    if item.target:
        text += tr("feed.for", lang, targets=names.join(item.target.split("+")))
    if item.note in ANGLES:
        text += tr("feed.angle", lang, angle=label("angle", item.note, lang))
    return text


def reactions(view: TeamView, previous: TeamView | None, names: Names) -> list[FeedLine]:
    """Stakeholders whose leaning toward us, as we read it, moved since last round."""
    if previous is None:
        return []
    lines = []
    before = {s.id: s for s in previous.stakeholders}
    for person in view.stakeholders:
        old = before.get(person.id)
        if old is None or old.disposition is None or person.disposition is None:
            continue
        was, now = round(old.disposition[0]), round(person.disposition[0])
        if was != now:
            key = "feed.warmer" if now > was else "feed.cooler"
            lines.append(
                FeedLine(
                    "customer",
                    tr(
                        key,
                        names.lang,
                        name=names.stakeholder(person.id),
                        was=f"{was:+d}",
                        now=f"{now:+d}",
                    ),
                )
            )
    return lines


def feed_lines(view: TeamView, previous: TeamView | None, names: Names) -> list[FeedLine]:
    lines = [FeedLine(category_of(item.kind), describe(item, names, view)) for item in view.feed]
    return reactions(view, previous, names) + lines


def feed_html(view: TeamView, previous: TeamView | None, names: Names) -> str:
    """The feed as HTML: one section per category, every sentence escaped."""
    lang = names.lang
    lines = feed_lines(view, previous, names)
    if not lines:
        empty = "feed.empty_start" if view.week == 0 else "feed.empty"
        return f'<div class="st-feed"><p>{esc(tr(empty, lang))}</p></div>'
    parts = ['<div class="st-feed">']
    for category in CATEGORIES:
        texts = [line.text for line in lines if line.category == category]
        if not texts:
            continue
        parts.append(f"<h4>{esc(tr(f'feed.category.{category}', lang))}</h4><ul>")
        parts.extend(f"<li>{esc(text)}</li>" for text in texts)
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)
