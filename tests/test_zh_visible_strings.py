"""In 中文 mode every visible string is Chinese (issue 15).

Each app is built in zh and walked widget by widget: descriptions, option labels, tab titles,
tooltips, placeholders, button texts and the text nodes of every HTML value and output. A string
fails when it holds no CJK character and is not on the short allow-list below (numbers, money,
dates, scenario acronyms, file paths people type, the language button "English"). The
notebooks' markdown is checked the same way, in the language the notebook opens in.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.analysis.report import build_report
from sim.ui import facilitator_app, sandbox_app
from sim.workshop.sample import SAMPLE_TRAINER_CODE, make_sample
from tests.widget_helpers import start

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# What may stay without a Chinese character: numbers with units, signs and percent; money in
# CNY; dates and times; scenario acronyms; the English language button; paths and codes typed
# into fields; a lone separator or symbol.
ALLOWED = re.compile(
    r"""^(
        [\s\d.,:;+\-−–—=/%()#?·…×→|<>*'"!\u200b]*  # numbers, signs, separators
        | [\d.,\s+\-−%]*\s*(CNY|h)\s*[\d.,\s/+\-−%]*  # money and hours
        | \d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?  # dates
        | (MES|ERP|CRM|IT|PoC|ICT|HR|CJK|Brier|Voilà|SQLite|HTML|Excel|CSV|ID)
        | English
        | [\w./~\-]+\.(json|yaml|sqlite|html|xlsx|csv|parquet)  # file names and paths
        | /[\w./~\-]+  # absolute paths
        | [A-Z0-9]{4,8}  # join and trainer codes
        | [A-Za-z]{1,2}\d*  # a grade or a short code (A, B2)
        | Team\ Blue|Team\ Red|East|Blue|Red|Layout  # team names people typed
    )$""",
    re.X,
)


def untranslated(strings: Iterator[str], typed: frozenset[str] = frozenset()) -> list[str]:
    """The strings with no Chinese that the allow-list does not excuse; ``typed`` holds
    what people typed (team, workshop and trainer names), shown as they wrote it."""
    found = []
    for shown in strings:
        text = shown.strip().replace("\xa0", " ")
        if text and text not in typed and not CJK.search(text) and not ALLOWED.match(text):
            found.append(text)
    return sorted(set(found))


def text_nodes(markup: str) -> Iterator[str]:
    """The visible text of an HTML fragment: text between tags, no style or script."""
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    markup = re.sub(r"<iframe\b.*?</iframe>", " ", markup, flags=re.S | re.I)
    for node in re.split(r"<[^>]*>", markup):
        text = html.unescape(node).strip()
        if text:
            yield text
    for title in re.findall(r'title="([^"]*)"', markup):
        yield html.unescape(title)


def visible(widget: Any) -> Iterator[str]:
    """Every string a widget tree can show (hidden widgets included: they show later)."""
    import ipywidgets as widgets  # noqa: PLC0415

    if isinstance(widget, widgets.HTML | widgets.HTMLMath):
        yield from text_nodes(widget.value)
    elif isinstance(widget, widgets.Label | widgets.Button | widgets.ToggleButton):
        yield widget.description if not isinstance(widget, widgets.Label) else widget.value
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            if name == "description" and "<" in value:
                yield from text_nodes(value)
            else:
                yield value
    for option in getattr(widget, "_options_labels", ()) or ():
        yield str(option)
    for title in getattr(widget, "titles", ()) or ():
        yield str(title)
    for output in getattr(widget, "outputs", ()) or ():
        data = output.get("data", {})
        if "text/html" in data:
            yield from text_nodes(str(data["text/html"]))
        elif "text/plain" in data:
            yield str(data["text/plain"])
    for child in getattr(widget, "children", ()) or ():
        yield from visible(child)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SANDTABLE_SESSIONS", "SANDTABLE_WORKSHOPS"):
        monkeypatch.delenv(name, raising=False)


def test_the_sandbox_in_chinese_shows_no_english(tmp_path: Path) -> None:
    app = sandbox_app(sessions_dir=tmp_path, lang="zh")
    seen = {"start": untranslated(visible(app.root))}
    start(app, team="华东队", roles=("sales_rep", "presales", "project_manager", "executive"))
    assert app.round_screen is not None
    planner = app.round_screen.planners["sales_rep"]
    planner.activity.value = "discovery_meeting"
    planner.stakeholder_boxes["chen"].value = True
    planner.add_button.click()  # a refusal, in words
    planner.discount.value = "45"
    seen["round"] = untranslated(visible(app.root))
    while app.screen == "round":
        app.round_screen.skip_button.click()
    seen["end"] = untranslated(visible(app.root))
    assert {k: v for k, v in seen.items() if v} == {}


def test_the_facilitator_in_chinese_shows_no_english(tmp_path: Path) -> None:
    store = tmp_path / "workshops.sqlite"
    make_sample(store)
    app = facilitator_app(store, "zh")
    try:
        typed = frozenset(
            [w.name for w in app.workshops()]
            + [t.name for w in app.workshops() for t in _teams(store, w.id)]
        )
        seen = {"lobby": untranslated(visible(app.root), typed)}
        assert app.open_form is not None
        app.open_workshop(int(app.open_form.workshop.value), SAMPLE_TRAINER_CODE)
        seen["workshop"] = untranslated(visible(app.root), typed)
        assert {k: v for k, v in seen.items() if v} == {}
    finally:
        app.close()


def _teams(store: Path, workshop: int) -> list[Any]:
    from sim.workshop import Facilitator, Store  # noqa: PLC0415

    with Store(store) as opened:
        return list(Facilitator.open(opened, workshop, SAMPLE_TRAINER_CODE).teams())


@pytest.mark.parametrize("session", ["team_blue_cross_sell.json", "team_red_public_tender_zh.json"])
def test_the_debrief_in_chinese_shows_no_english(session: str) -> None:
    import sim  # noqa: PLC0415

    game = sim.Simulation.load(ROOT / "sessions" / session, warn=False)
    typed = frozenset(str(v) for v in game.meta.values())  # team, trainer, workshop names
    left = untranslated(text_nodes(build_report(game, "zh")), typed)
    assert left == []


@pytest.mark.parametrize("notebook", ["sandbox", "facilitator", "team_gaps", "debrief"])
def test_notebook_markdown_in_chinese_mode_shows_no_english(notebook: str) -> None:
    """Markdown cells are shown by Voilà as they are: they must hold no English-only prose
    (the words come from the catalogs, through the app, in the chosen language)."""
    cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    shown = []
    for cell in cells["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            shown.extend(line for line in re.split(r"\n|(?<=[.!?])\s", text) if line.strip())
    english = [s for s in shown if not CJK.search(s) and not ALLOWED.match(s.strip("#* "))]
    assert english == []
