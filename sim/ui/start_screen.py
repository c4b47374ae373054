"""The start screen: a new game (scenario, team, roles, seed), a saved session to resume, or a
workshop to join with the trainer's join code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ipywidgets as widgets  # type: ignore[import-untyped]

import sim
from sim.i18n.scenario import problem_messages
from sim.scenario import ScenarioError, check_file, load_scenario_source
from sim.ui.game import ROLE_ORDER, Game
from sim.ui.messages import MessageArea, guarded
from sim.ui.text import esc, label, tr
from sim.ui.workshop_join import JoinFormError, join_workshop
from sim.workshop import default_store_path

OTHER_FILE = "__other__"
MAX_SEED = 2**31 - 1


def wide() -> widgets.Layout:
    """A fresh layout per widget: layouts are shared objects, hiding one would hide all."""
    return widgets.Layout(width="34em")


def scenario_folders() -> list[Path]:
    """Where shipped scenarios live: beside the package (a checkout) and near the notebook."""
    candidates = [
        Path(sim.__file__).resolve().parents[1] / "scenarios",
        Path.cwd() / "scenarios",
        Path.cwd().parent / "scenarios",
    ]
    seen: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if resolved.is_dir() and resolved not in seen:
            seen.append(resolved)
    return seen


def shipped_scenarios() -> list[Path]:
    return sorted(
        {p for folder in scenario_folders() for p in folder.glob("*.yaml")}, key=lambda p: p.name
    )


@lru_cache(maxsize=64)
def _title(path: Path, mtime: float, lang: str) -> str:
    try:
        return load_scenario_source(path).scenario.title.get(lang)
    except ScenarioError:
        return path.name


def scenario_title(path: Path, lang: str) -> str:
    return _title(path, path.stat().st_mtime, lang)


def saved_sessions(folder: Path) -> list[Path]:
    """Session files in the sessions folder, newest first."""
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.json") if not p.name.startswith(".")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


class ScenarioPicker:
    """A shipped scenario by its title, or another file by path (the path field shows only when
    "another file" is chosen). Used by the sandbox's start screen and the trainer's form."""

    def __init__(
        self,
        lang: str,
        chosen: str,
        other_path: str,
        texts: tuple[str, str, str],
        *,
        width: str,
        label_width: str,
    ) -> None:
        """``texts``: the dropdown's label, the "another file" option, the path field's label."""
        scenario_label, other_label, file_label = texts
        options = [(scenario_title(p, lang), str(p)) for p in shipped_scenarios()]
        options.append((other_label, OTHER_FILE))
        known = {value for _, value in options}
        style = {"description_width": label_width}
        # As wide as the longest title needs (the select sizes to its options; see the st-fit
        # rule in style.py), never narrower than the other fields nor wider than the page.
        self.dropdown = widgets.Dropdown(
            description=scenario_label,
            options=options,
            value=chosen if chosen in known else options[0][1],
            layout=widgets.Layout(width="auto", min_width=width, max_width="100%"),
            style=style,
        )
        self.dropdown.add_class("st-fit")
        self.path = widgets.Text(
            value=other_path,
            description=file_label,
            placeholder="scenarios/my_scenario.yaml",
            layout=widgets.Layout(width=width),
            style=style,
        )
        self.dropdown.observe(lambda _: self._show_path(), names="value")
        self._show_path()

    def _show_path(self) -> None:
        self.path.layout.display = "" if self.dropdown.value == OTHER_FILE else "none"

    def file(self) -> str:
        """The chosen scenario file ("" when another file was chosen but not typed)."""
        if self.dropdown.value == OTHER_FILE:
            return str(self.path.value).strip()
        return str(self.dropdown.value)


def role_boxes(chosen: tuple[str, ...], lang: str, css: str) -> dict[str, widgets.Checkbox]:
    """One tick box per role (class ``<css>-<role>``), ticked for the ``chosen`` roles."""
    boxes = {}
    for role in ROLE_ORDER:
        box = widgets.Checkbox(
            value=role in chosen,
            description=label("role", role, lang),
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        box.add_class(f"{css}-{role}")
        boxes[role] = box
    return boxes


@dataclass
class StartValues:
    """What has been entered so far (kept across a language switch)."""

    scenario: str = ""
    other_path: str = ""
    team: str = ""
    seed: int = 1
    played: tuple[str, ...] = ROLE_ORDER
    session: str = ""
    session_path: str = ""
    store_path: str | None = None  # None: the default store ($SANDTABLE_WORKSHOPS respected)
    join_code: str = ""
    join_played: tuple[str, ...] = ROLE_ORDER


class StartScreen:
    def __init__(
        self, lang: str, sessions_dir: Path, values: StartValues, on_game: Callable[[Game], None]
    ) -> None:
        self.lang, self.sessions_dir, self.on_game = lang, sessions_dir, on_game
        self.messages = MessageArea()
        guard = guarded(self.messages, lambda: self.lang)
        self.picker = ScenarioPicker(
            lang,
            values.scenario,
            values.other_path,
            (tr("start.scenario", lang), tr("start.other_file", lang), tr("start.file", lang)),
            width="34em",
            label_width="10em",
        )
        self.scenario, self.other_path = self.picker.dropdown, self.picker.path
        self.scenario.add_class("st-scenario")
        self.other_path.add_class("st-scenario-path")
        self.team = widgets.Text(
            value=values.team,
            description=tr("start.team", lang),
            placeholder=tr("start.team_placeholder", lang),
            layout=wide(),
            style={"description_width": "10em"},
        )
        self.team.add_class("st-team-name")
        self.seed = widgets.BoundedIntText(
            value=values.seed,
            min=0,
            max=MAX_SEED,
            description=tr("start.seed", lang),
            layout=widgets.Layout(width="20em"),
            style={"description_width": "10em"},
        )
        self.seed.add_class("st-seed")
        self.roles = role_boxes(values.played, lang, "st-role")
        self.start_button = widgets.Button(
            description=tr("start.start", lang), button_style="success", icon="play"
        )
        self.start_button.add_class("st-start")
        self.start_button.on_click(guard(self._start))
        sessions = saved_sessions(sessions_dir)
        self.session = widgets.Dropdown(
            description=tr("start.saved", lang),
            style={"description_width": "10em"},
            layout=wide(),
            options=[(tr("start.no_session", lang), "")] + [(p.name, str(p)) for p in sessions],
            value=values.session if values.session in {str(p) for p in sessions} else "",
        )
        self.session.add_class("st-session")
        self.session_path = widgets.Text(
            value=values.session_path,
            description=tr("start.session_file", lang),
            placeholder="sessions/team-scenario-1.json",
            layout=wide(),
            style={"description_width": "10em"},
        )
        self.session_path.add_class("st-session-path")
        self.resume_button = widgets.Button(
            description=tr("start.resume", lang), icon="folder-open"
        )
        self.resume_button.add_class("st-resume")
        self.resume_button.on_click(guard(self._resume))
        self._join_widgets(values, guard)
        role_row = self._role_row(self.roles)
        self.box = widgets.VBox(
            [
                widgets.HTML(
                    f"<h2>{esc(tr('start.title', lang))}</h2><p>{esc(tr('start.intro', lang))}</p>"
                ),
                widgets.HTML(f"<h3>{esc(tr('start.new_game', lang))}</h3>"),
                self.scenario,
                self.other_path,
                self.team,
                role_row,
                widgets.HTML(f"<small>{esc(tr('start.roles_help', lang))}</small>"),
                self.seed,
                self.start_button,
                widgets.HTML(
                    f"<h3>{esc(tr('start.resume_title', lang))}</h3>"
                    f"<small>{esc(tr('start.sessions_folder', lang, path=sessions_dir))}</small>"
                ),
                self.session,
                self.session_path,
                self.resume_button,
                widgets.HTML(
                    f"<h3>{esc(tr('join.title', lang))}</h3>"
                    f"<small>{esc(tr('join.intro', lang))}</small>"
                ),
                self.store_path,
                self.join_code,
                self._role_row(self.join_roles),
                widgets.HTML(f"<small>{esc(tr('join.roles_help', lang))}</small>"),
                self.join_button,
                self.messages.output,
            ]
        )
        self.box.add_class("st-start-screen")

    def _join_widgets(self, values: StartValues, guard: Callable[[Any], Any]) -> None:
        lang = self.lang
        self.store_path = widgets.Text(
            value=str(default_store_path()) if values.store_path is None else values.store_path,
            description=tr("join.store", lang),
            placeholder="workshops/workshops.sqlite",
            layout=wide(),
            style={"description_width": "10em"},
        )
        self.store_path.add_class("st-store-path")
        self.join_code = widgets.Text(
            value=values.join_code,
            description=tr("join.code", lang),
            placeholder=tr("join.code_placeholder", lang),
            layout=widgets.Layout(width="20em"),
            style={"description_width": "10em"},
        )
        self.join_code.add_class("st-join-code")
        self.join_roles = role_boxes(values.join_played, lang, "st-join-role")
        self.join_button = widgets.Button(
            description=tr("join.join", lang), button_style="primary", icon="users"
        )
        self.join_button.add_class("st-join")
        self.join_button.on_click(guard(self._join))

    def _role_row(self, boxes: dict[str, widgets.Checkbox]) -> widgets.HBox:
        return widgets.HBox(
            [
                widgets.HTML(
                    f"<b>{esc(tr('start.roles', self.lang))}</b>",
                    layout=widgets.Layout(width="10em"),
                ),
                *boxes.values(),
            ],
            layout=widgets.Layout(flex_flow="row wrap"),
        )

    def values(self) -> StartValues:
        return StartValues(
            scenario=self.scenario.value,
            other_path=self.other_path.value,
            team=self.team.value,
            seed=int(self.seed.value),
            played=tuple(r for r, box in self.roles.items() if box.value),
            session=self.session.value,
            session_path=self.session_path.value,
            store_path=self.store_path.value,
            join_code=self.join_code.value,
            join_played=tuple(r for r, box in self.join_roles.items() if box.value),
        )

    def _start(self, _button: object = None) -> None:
        self.messages.clear()
        team = self.team.value.strip()
        path = self.picker.file()
        if not team:
            self.messages.show("error", [tr("start.need_team", self.lang)])
            return
        if not path:
            self.messages.show("error", [tr("start.need_file", self.lang)])
            return
        problems = check_file(path)
        if problems:
            lines = problem_messages(problems, self.lang)
            self.messages.show("error", lines, tr("error.scenario", self.lang))
            return
        loaded = load_scenario_source(path)
        present = {m.role for m in loaded.scenario.team}
        played = tuple(r for r, box in self.roles.items() if box.value and r in present)
        game = Game.start(
            loaded,
            team=team,
            seed=int(self.seed.value),
            played=played,
            lang=self.lang,
            folder=self.sessions_dir,
        )
        self.on_game(game)

    def _resume(self, _button: object = None) -> None:
        self.messages.clear()
        chosen = self.session_path.value.strip() or self.session.value
        if not chosen:
            self.messages.show("error", [tr("start.need_session", self.lang)])
            return
        self.on_game(Game.resume(Path(chosen).expanduser(), self.lang))

    def _join(self, _button: object = None) -> None:
        """Join the team with the code; a wrong code or store is explained, nothing changes."""
        self.messages.clear()
        played = tuple(r for r, box in self.join_roles.items() if box.value)
        try:
            game = join_workshop(
                self.store_path.value, self.join_code.value, played, self.lang, self.sessions_dir
            )
        except JoinFormError as problem:
            self.messages.show("error", [str(problem)], tr("join.cannot_join", self.lang))
            return
        self.on_game(game)
