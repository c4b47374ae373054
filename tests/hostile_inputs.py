"""Hostile and broken inputs: a generated corpus of cases against every way in (issue 16).

Each :class:`Case` builds its files in an empty folder and names the command that must
refuse (or survive) them: ``sandtable validate|run|batch|report|workshop`` or the Python API
(``load-scenario`` / ``load-session``, run by this script, see :func:`main`). The contract the
harness (``test_hostile_inputs.py``) checks for every case: the exit status, a message that
says what (``says``) and where (``at``: text on the line the problem must point at), one line
per problem, no traceback, no raw control character, a time limit (a subprocess timeout, not
a timing assertion), and every file that is not ours unchanged (``foreign``: checksums and no
new files beside them).

Run ``python tests/hostile_inputs.py generate DIR`` to write every case's files into DIR.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"
SESSION = ROOT / "sessions" / "team_blue_cross_sell.json"
"""A shipped session (for the command-line bounds, which refuse before reading it)."""

Make = Callable[[Path], list[str]]
"""Builds a case's files in a folder; returns the command's arguments (after ``sandtable``)."""


@dataclass(frozen=True)
class Case:
    """One hostile input and what the command must do with it."""

    id: str
    area: str  # scenario | session | cli | store
    story: str
    make: Make
    exit: int = 1
    says: str = ""
    at: str | None = None
    """Text on the line the (first) problem must point at, in the file named ``target``."""
    target: str = "case.yaml"
    problems: int | None = None
    """How many problem lines (``FILE:LINE: ...``) the output must hold, if it is known."""
    foreign: tuple[str, ...] = ()
    """Files that are not ours: they, and the folder's listing, must stay as they were."""
    absent: tuple[str, ...] = ()
    """Words the output must not hold (library wording that leaked before)."""
    needs_fifo: bool = field(default=False)

    def expected_line(self, folder: Path) -> int:
        if self.at is None:
            return 1
        content = (folder / self.target).read_bytes()
        anchor = self.at.encode("utf-8")
        if content.count(anchor) != 1:
            raise ValueError(f"{self.id}: anchor {self.at!r} is not unique")
        return content[: content.index(anchor)].count(b"\n") + 1


# ---- building blocks ---------------------------------------------------------------------------


def valid_scenario() -> str:
    return SCENARIO.read_text(encoding="utf-8")


def edited(old: str, new: str) -> str:
    text = valid_scenario()
    if text.count(old) != 1:
        raise ValueError(f"{old!r} occurs {text.count(old)} times in the scenario, not once")
    return text.replace(old, new)


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    """Anchors l1..lN, each a list of ``width`` aliases of the one before: width^N values."""
    lines = ["lol0: &l0 'lol'"]
    for level in range(1, levels + 1):
        items = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"lol{level}: &l{level} [{items}]")
    return "\n".join(lines) + "\n"


def in_trainer_note(block: str) -> str:
    """``block`` (YAML at indentation 0) as a free-text-ish part of the scenario."""
    return edited("trainer_note:\n", block + "trainer_note:\n")


def scenario_case(
    case_id: str,
    story: str,
    text: str | bytes,
    says: str,
    at: str | None = None,
    *,
    command: str = "validate",
    problems: int | None = 1,
    absent: tuple[str, ...] = (),
) -> Case:
    data = text.encode("utf-8") if isinstance(text, str) else text

    def make(folder: Path) -> list[str]:
        (folder / "case.yaml").write_bytes(data)
        return _command(command, folder / "case.yaml")

    return Case(
        case_id, "scenario", story, make, says=says, at=at, problems=problems, absent=absent
    )


def _command(command: str, path: Path) -> list[str]:
    if command == "validate":
        return ["validate", str(path)]
    if command == "run":
        return ["run", str(path), "--json"]
    if command == "batch":
        return ["batch", str(path), "-n", "2", "--workers", "1"]
    if command == "api":
        return ["@load-scenario", str(path)]
    raise ValueError(command)


def special_file(kind: str) -> Make:
    """A path that is a FIFO with no writer, /dev/zero, a symlink to it, or a folder."""

    def make(folder: Path) -> list[str]:
        target = folder / "case.yaml"
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "zero":
            return ["validate", "/dev/zero"]
        elif kind == "symlink":
            target.symlink_to("/dev/zero")
        return ["validate", str(target)]

    return make


# ---- scenario files ------------------------------------------------------------------------------

BOMB = in_trainer_note(billion_laughs())
CYCLE = in_trainer_note("loop: &loop [1, *loop]\n")
CHAIN = in_trainer_note(
    "c0: &c0 [x]\n" + "".join(f"c{i}: &c{i} [*c{i - 1}]\n" for i in range(1, 40))
)
MANY_KEYS = valid_scenario() + "".join(f"unknown_{i}: {i}\n" for i in range(3000))
HUGE_FILE = valid_scenario() + "".join(f"junk_{i}: {'x' * 40}\n" for i in range(250_000))
DEEP_BLOCK = (
    "id: x\nnest:\n"
    + "".join("  " * d + f"k{d}:\n" for d in range(1, 60))
    + ("  " * 60 + "end: 1\n")
)

SCENARIO_CONTENT: tuple[tuple[str, str, str | bytes, str, str | None, int | None], ...] = (
    # (id, story, text, says, at, problems)
    (
        "alias_bomb",
        "A billion-laughs alias bomb in the file.",
        BOMB,
        "more than 50,000 values",
        "lol5: &l5",
        1,
    ),
    (
        "alias_cycle",
        "An alias refers to the list it is inside.",
        CYCLE,
        "refers to the list or mapping it is inside",
        "loop: &loop",
        1,
    ),
    (
        "alias_chain",
        "Forty anchors, each nesting the one before.",
        CHAIN,
        "nested too deeply",
        "c31: &c31",
        1,
    ),
    ("ten_megabytes", "Ten megabytes of unknown keys.", HUGE_FILE, "too large", None, 1),
    (
        "three_thousand_unknown_keys",
        "3,000 unknown keys: 50 are listed, then a count.",
        MANY_KEYS,
        "more problems not listed",
        "unknown_0: 0",
        51,
    ),
    (
        "deep_block_nesting",
        "Sixty levels of block mappings.",
        DEEP_BLOCK,
        "nested too deeply",
        "k31:",
        1,
    ),
    (
        "deep_flow_nesting",
        "Five thousand brackets.",
        "id: " + "[" * 5000 + "]" * 5000 + "\n",
        "nested too deeply",
        None,
        1,
    ),
    (
        "bool_weekly_hours",
        "true where weekly hours go.",
        edited("    weekly_hours: 30\n", "    weekly_hours: true\n"),
        "wrong type: got 'true'",
        "weekly_hours: true",
        1,
    ),
    (
        "bool_capacity",
        "false where a competitor's capacity goes.",
        edited("    capacity: 2\n", "    capacity: false\n"),
        "wrong type: got 'false'",
        "capacity: false",
        1,
    ),
    (
        "bool_influence",
        "true where an influence goes.",
        edited("    influence: 0.30\n", "    influence: true\n"),
        "wrong type",
        "influence: true",
        1,
    ),
    (
        "bool_deal_value",
        "true where the deal value goes.",
        edited("  deal_value: 3200000\n", "  deal_value: true\n"),
        "wrong type",
        "deal_value: true",
        1,
    ),
    (
        "inf_deal_value",
        ".inf deal value.",
        edited("  deal_value: 3200000\n", "  deal_value: .inf\n"),
        "not a finite number",
        "deal_value: .inf",
        1,
    ),
    (
        "inf_budget",
        ".inf budget.",
        edited("  pursuit_budget: 150000\n", "  pursuit_budget: .inf\n"),
        "not a finite number",
        "pursuit_budget: .inf",
        1,
    ),
    (
        "inf_hourly_cost",
        "-.inf hourly cost.",
        edited("    hourly_cost: 300\n", "    hourly_cost: -.inf\n"),
        "not a finite number",
        "hourly_cost: -.inf",
        1,
    ),
    (
        "nan_influence",
        ".nan influence.",
        edited("    influence: 0.30\n", "    influence: .nan\n"),
        "not a finite number",
        "influence: .nan",
        1,
    ),
    (
        "overflowing_deal_value",
        "1e308: finite, but sums of it overflow.",
        edited("  deal_value: 3200000\n", "  deal_value: 1e308\n"),
        "out of range",
        "deal_value: 1e308",
        1,
    ),
    (
        "overflowing_literal",
        "1e400 reads as infinity.",
        edited("  deal_value: 3200000\n", "  deal_value: 1.0e+400\n"),
        "not a finite number",
        "deal_value: 1.0e+400",
        1,
    ),
    (
        "quoted_number",
        "A number in quotes.",
        edited("    weekly_hours: 30\n", "    weekly_hours: '30'\n"),
        "got the text '30'",
        "weekly_hours: '30'",
        1,
    ),
    (
        "float_for_whole_number",
        "2.0 where a whole number goes.",
        edited("    capacity: 2\n", "    capacity: 2.0\n"),
        "wrong type",
        "capacity: 2.0",
        1,
    ),
    (
        "five_thousand_digits",
        "A 5,000-digit integer.",
        edited("    weekly_hours: 30\n", "    weekly_hours: " + "9" * 5000 + "\n"),
        "a number written with 5,000 characters",
        "weekly_hours: 999",
        1,
    ),
    (
        "long_text",
        "A 20,000-character name.",
        edited(
            '  en: "Cross-selling ERP into an MES customer"\n', '  en: "' + "x" * 20_000 + '"\n'
        ),
        "a text of 20,000 characters",
        'en: "xxx',
        1,
    ),
    (
        "long_key",
        "A 20,000-character key.",
        edited("trainer_note:\n", "? " + "k" * 20_000 + "\n: 1\ntrainer_note:\n"),
        "a text of 20,000 characters",
        "? kkkk",
        1,
    ),
    (
        "escape_in_id",
        "An escaped ESC sequence in an id.",
        edited("  - id: sun\n", '  - id: "s\\e[31mun\\a"\n'),
        "\\u001b[31m",
        'id: "s\\e[31m',
        1,
    ),
    (
        "bell_in_key",
        "A BEL in an unknown key.",
        edited("trainer_note:\n", '"beep\\a\\e[2J": 1\ntrainer_note:\n'),
        "unknown key 'beep\\u0007\\u001b[2J'",
        '"beep',
        1,
    ),
    (
        "bidi_override_in_id",
        "A right-to-left override in an id.",
        edited("  - id: sun\n", "  - id: su\u202en\n"),
        "\\u202e",
        "id: su",
        1,
    ),
    (
        "python_object_tag",
        "A !!python/object tag: never built, just an unknown key.",
        edited("trainer_note:\n", "x: !!python/object:os.system {a: 1}\ntrainer_note:\n"),
        "unknown key 'x'",
        "x: !!python",
        1,
    ),
    (
        "number_as_key",
        "A number where a key name goes.",
        edited("trainer_note:\n", "12: 1\ntrainer_note:\n"),
        "is not a name",
        "12: 1",
        1,
    ),
    (
        "sixty_thousand_values",
        "One flow list of 60,000 numbers (no aliases).",
        edited("trainer_note:\n", "x: [" + ",".join(["1"] * 60_000) + "]\ntrainer_note:\n"),
        "more than 50,000 values",
        "x: [1,1",
        1,
    ),
    (
        "utf16",
        "The file was saved as UTF-16.",
        valid_scenario().encode("utf-16"),
        "not UTF-8",
        None,
        1,
    ),
    (
        "unclosed_quote_line_7",
        "The quote opened on line 7 closes on line 8.",
        edited(
            '  en: "Cross-selling ERP into an MES customer"\n',
            '  en: "Cross-selling ERP into an MES customer\n',
        ),
        "closed only on line 8",
        'en: "Cross-selling ERP',
        1,
    ),
)


def scenario_cases() -> list[Case]:
    cases: list[Case] = []
    for case_id, story, text, says, at, problems in SCENARIO_CONTENT:
        cases.append(scenario_case(case_id, story, text, says, at, problems=problems))
    # The same bounds hold for run and for the Python API (a selection of the worst ones).
    for case_id in (
        "alias_bomb",
        "ten_megabytes",
        "inf_deal_value",
        "escape_in_id",
        "deep_flow_nesting",
        "bool_weekly_hours",
    ):
        _id, story, text, says, at, problems = next(c for c in SCENARIO_CONTENT if c[0] == case_id)
        for command in ("run", "api"):
            cases.append(
                scenario_case(
                    f"{case_id}_{command}",
                    story,
                    text,
                    says,
                    at,
                    command=command,
                    problems=problems,
                )
            )
    for kind, says in (("fifo", "named pipe"), ("zero", "a device"), ("symlink", "a device")):
        cases.append(
            Case(
                f"special_{kind}",
                "scenario",
                f"The scenario path is {kind}.",
                special_file(kind),
                says=says,
                problems=1,
                target="case.yaml",
                needs_fifo=kind == "fifo",
            )
        )
    cases.append(
        Case(
            "control_character_in_file_name",
            "scenario",
            "The file's own name holds ESC.",
            _escaped_file_name,
            says="case\\u001bname.yaml",
            problems=1,
        )
    )
    cases.append(
        Case(
            "scenario_control_characters_in_names",
            "scenario",
            "The deal's title holds ESC and BEL: run prints them escaped.",
            _runnable_title,
            exit=0,
            says="\\u001b[2J",
            problems=0,
        )
    )
    return cases


def _escaped_file_name(folder: Path) -> list[str]:
    target = folder / "case\x1bname.yaml"
    target.write_text("a: [\n", encoding="utf-8")
    return ["validate", str(target)]


def _runnable_title(folder: Path) -> list[str]:
    text = edited(
        '  en: "Cross-selling ERP into an MES customer"\n', '  en: "Cross-selling \\e[2J\\a ERP"\n'
    )
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return ["run", str(folder / "case.yaml")]


# ---- session files -------------------------------------------------------------------------------


@cache
def _played_session() -> str:
    """A whole game played now (so it replays under the current model), as saved."""
    import sim  # noqa: PLC0415
    from sim.engine.session import session_data as saved  # noqa: PLC0415

    game = sim.Simulation(SCENARIO, seed=0, policy="expert")
    game.play()
    return json.dumps(saved(game), ensure_ascii=False)


def session_data() -> dict[str, object]:
    data: dict[str, object] = json.loads(_played_session())
    return data


def session_case(
    case_id: str,
    story: str,
    change: Callable[[dict[str, object]], object],
    says: str,
    *,
    raw: Callable[[str], bytes] | None = None,
    api: bool = False,
    absent: tuple[str, ...] = (),
) -> Case:
    def make(folder: Path) -> list[str]:
        data = session_data()
        change(data)
        text = json.dumps(data, ensure_ascii=False)
        (folder / "case.json").write_bytes(raw(text) if raw else text.encode("utf-8"))
        if api:
            return ["@load-session", str(folder / "case.json")]
        return [
            "report",
            str(folder / "case.json"),
            "-o",
            str(folder / "out.html"),
            "--replications",
            "0",
        ]

    return Case(
        case_id,
        "session",
        story,
        make,
        says=says,
        target="case.json",
        problems=None,
        absent=("instance of", "_SessionFile", "Input should", *absent),
    )


def _set(key: str, value: object) -> Callable[[dict[str, object]], None]:
    return lambda data: data.update({key: value})


def _extra_rounds(data: dict[str, object]) -> None:
    rounds = data["rounds"]
    assert isinstance(rounds, list)
    data["rounds"] = rounds + rounds[-3:]


def _embedded(text: str) -> Callable[[dict[str, object]], None]:
    def change(data: dict[str, object]) -> None:
        scenario = data["scenario"]
        assert isinstance(scenario, dict)
        scenario["source"] = text
        scenario["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()

    return change


def _tampered_source(data: dict[str, object]) -> None:
    scenario = data["scenario"]
    assert isinstance(scenario, dict)
    scenario["source"] = str(scenario["source"]).replace(
        "pursuit_budget: 150000", "pursuit_budget: 150001"
    )


def _scenario_id(name: str) -> Callable[[dict[str, object]], None]:
    def change(data: dict[str, object]) -> None:
        scenario = data["scenario"]
        assert isinstance(scenario, dict)
        scenario["id"] = name

    return change


def _first_round_targets(targets: list[str]) -> Callable[[dict[str, object]], None]:
    def change(data: dict[str, object]) -> None:
        rounds = data["rounds"]
        assert isinstance(rounds, list)
        assignment = {"activity": "discovery_meeting", "members": ["rep"], "targets": targets}
        rounds[0] = {"assignments": [assignment]}

    return change


def _nothing(_data: dict[str, object]) -> None:
    return None


def session_cases() -> list[Case]:
    deep = "[" * 1000 + "]" * 1000
    cases = [
        session_case(
            "rounds_beyond_the_deal",
            "Three rounds more than the deal lasted.",
            _extra_rounds,
            "the deal is over",
        ),
        session_case("seed_true", "seed: true", _set("seed", True), "not a seed"),
        session_case("seed_huge", "A seed above 2^128.", _set("seed", 2**130), "not a seed"),
        session_case("seed_negative", "A negative seed.", _set("seed", -1), "not a seed"),
        session_case("seed_float", "A fractional seed.", _set("seed", 1.5), "not a seed"),
        session_case(
            "seed_object_bool",
            "A seed object with entropy true.",
            _set("seed", {"entropy": True}),
            "not a seed",
        ),
        session_case(
            "deep_nesting",
            "1,000 nested lists in meta.",
            _nothing,
            "nested too deeply",
            raw=lambda t: t.replace('"meta": {', f'"deep": {deep}, "meta": {{', 1).encode(),
        ),
        session_case(
            "session_five_thousand_digits",
            "A 5,000-digit seed.",
            _nothing,
            "5000 digits",
            raw=lambda t: t.replace('"seed": ', '"seed": ' + "9" * 5000 + ', "x": ', 1).encode(),
        ),
        session_case(
            "nan_constant",
            "NaN in the file.",
            _nothing,
            "not a finite number",
            raw=lambda t: t.replace('"seed": ', '"seed": NaN, "x": ', 1).encode(),
        ),
        session_case(
            "infinity_constant",
            "Infinity in the file.",
            _nothing,
            "not a finite number",
            raw=lambda t: t.replace('"seed": ', '"seed": -Infinity, "x": ', 1).encode(),
        ),
        session_case("lang_xx", "lang: xx", _set("lang", "xx"), "not a language"),
        session_case(
            "unknown_key",
            "A key the format does not have (pydantic wording hidden).",
            _set("sede", 1),
            "unknown key 'sede'",
        ),
        session_case(
            "rounds_not_a_list",
            "rounds is a number.",
            _set("rounds", 5),
            "expected a list of rounds",
        ),
        session_case(
            "round_is_text", "A round that is a text.", _set("rounds", ["week 1"]), "rounds.0"
        ),
        session_case(
            "sha256_mismatch",
            "The embedded scenario was edited after saving.",
            _tampered_source,
            "does not match the embedded scenario",
        ),
        session_case(
            "embedded_alias_bomb",
            "The embedded scenario is an alias bomb.",
            _embedded(BOMB),
            "more than 50,000 values",
        ),
        session_case(
            "embedded_huge_scenario",
            "The embedded scenario is 2 MB.",
            _embedded(valid_scenario() + "x: " + "y" * 2_000_000 + "\n"),
            "too many",
        ),
        session_case(
            "embedded_inf",
            "The embedded scenario has an infinite deal value.",
            _embedded(edited("  deal_value: 3200000\n", "  deal_value: .inf\n")),
            "not a finite number",
        ),
        session_case(
            "huge_policy",
            "A policy name of a million characters.",
            _set("policy", "x" * 1_000_000),
            "unknown policy",
        ),
        session_case(
            "huge_spawn_key",
            "A seed whose spawn key has 100,000 entries.",
            _set("seed", {"entropy": 1, "spawn_key": list(range(100_000))}),
            "not a seed",
        ),
        session_case(
            "five_thousand_rounds",
            "5,000 rounds.",
            _set("rounds", [{}] * 5000),
            "5000 rounds",
        ),
        session_case(
            "scenario_id_mismatch",
            "The scenario id does not match the embedded scenario.",
            _scenario_id("other"),
            "is not the id of the embedded scenario",
        ),
        session_case(
            "escape_in_target",
            "A round meets a stakeholder named with ESC.",
            _first_round_targets(["\x1b[2J"]),
            "\\u001b[2J",
        ),
        session_case(
            "control_characters_in_policy",
            "An unknown policy with ESC in its name.",
            _set("policy", "expert\x1b[2J"),
            "\\u001b[2J",
        ),
        session_case(
            "api_seed_true",
            "seed: true, through Simulation.load.",
            _set("seed", True),
            "not a seed",
            api=True,
        ),
        session_case(
            "api_rounds_beyond_the_deal",
            "Extra rounds, through Simulation.load.",
            _extra_rounds,
            "the deal is over",
            api=True,
        ),
        session_case(
            "api_deep_nesting",
            "Deep nesting, through Simulation.load.",
            _nothing,
            "nested too deeply",
            api=True,
            raw=lambda t: t.replace('"meta": {', f'"deep": {deep}, "meta": {{', 1).encode(),
        ),
        session_case(
            "api_embedded_alias_bomb",
            "An alias bomb, through Simulation.load.",
            _embedded(BOMB),
            "more than 50,000 values",
            api=True,
        ),
    ]
    for kind, says in (("fifo", "named pipe"), ("zero", "a device")):

        def make(folder: Path, kind: str = kind) -> list[str]:
            target = folder / "case.json"
            if kind == "fifo":
                os.mkfifo(target)
            else:
                target = Path("/dev/zero")
            return ["report", str(target), "-o", str(folder / "out.html")]

        cases.append(
            Case(
                f"session_{kind}",
                "session",
                f"The session path is {kind}.",
                make,
                says=says,
                target="case.json",
                needs_fifo=kind == "fifo",
            )
        )
    return cases


# ---- command-line bounds -------------------------------------------------------------------------


def cli_case(case_id: str, story: str, args: list[str], says: str) -> Case:
    def make(folder: Path) -> list[str]:
        return [
            str(SCENARIO)
            if a == "{scenario}"
            else str(SESSION)
            if a == "{session}"
            else str(folder / a)
            if a.startswith("{out}")
            else a
            for a in args
        ]

    return Case(case_id, "cli", story, make, exit=2, says=says)


def cli_cases() -> list[Case]:
    return [
        cli_case(
            "batch_a_trillion",
            "batch -n 1000000000000",
            ["batch", "{scenario}", "-n", "1000000000000"],
            "at most 1,000,000",
        ),
        cli_case(
            "batch_five_thousand_digits",
            "batch -n with 5,000 digits",
            ["batch", "{scenario}", "-n", "9" * 5000],
            "too large",
        ),
        cli_case(
            "batch_workers",
            "batch --workers 1000000000",
            ["batch", "{scenario}", "-n", "2", "--workers", "1000000000"],
            "at most",
        ),
        cli_case(
            "batch_seed",
            "batch --seed 10^50",
            ["batch", "{scenario}", "-n", "2", "--seed", "1" + "0" * 50],
            "at most",
        ),
        cli_case(
            "report_a_billion",
            "report --replications 1000000000",
            ["report", "{session}", "-o", "{out}r.html", "--replications", "1000000000"],
            "at most 1,000",
        ),
        cli_case(
            "run_seed",
            "run --seed 10^50",
            ["run", "{scenario}", "--seed", "1" + "0" * 50],
            "at most",
        ),
        cli_case(
            "board_workshop_id",
            "workshop board --workshop 10^30",
            [
                "workshop",
                "board",
                "--store",
                "{out}w.sqlite",
                "--workshop",
                "1" + "0" * 30,
                "--code",
                "X",
            ],
            "too large",
        ),
    ]


# ---- workshop stores -----------------------------------------------------------------------------


def _sqlite(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _foreign_versioned(path: Path) -> None:
    _sqlite(path, "CREATE TABLE contacts (name TEXT)", "PRAGMA user_version = 3")


def _foreign_application(path: Path) -> None:
    _sqlite(path, "PRAGMA application_id = 1347571490", "CREATE TABLE notes (body TEXT)")


def _foreign_wal(path: Path) -> None:
    _sqlite(path, "PRAGMA journal_mode = WAL", "CREATE TABLE orders (id INTEGER)")


def _foreign_empty_database(path: Path) -> None:
    _sqlite(path, "PRAGMA user_version = 0", "VACUUM")
    if path.stat().st_size == 0:  # SQLite wrote nothing: give it one page
        _sqlite(path, "CREATE TABLE t (x)", "DROP TABLE t")


def _foreign_lookalike(path: Path) -> None:
    """A database with a ``workshops`` table of its own (and our schema version)."""
    _sqlite(
        path,
        "CREATE TABLE workshops (id INTEGER PRIMARY KEY, title TEXT)",
        "PRAGMA user_version = 3",
    )


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _text_file(path: Path) -> None:
    path.write_text("minutes of the sales meeting\n" * 50, encoding="utf-8")


def _real_store(path: Path) -> None:
    from sim.workshop.sample import make_sample  # noqa: PLC0415

    make_sample(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _damaged_page(path: Path) -> None:
    """A real store whose ``teams`` table page has its header overwritten."""
    _real_store(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'teams'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\xff" * 16)


def _damaged_schema(path: Path) -> None:
    _real_store(path)
    with open(path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x07" * 60)


def _newer_schema(path: Path) -> None:
    _real_store(path)
    _sqlite(path, "PRAGMA user_version = 99")


STORE_FILES: tuple[tuple[str, str, Callable[[Path], None], str, bool], ...] = (
    # (id, story, build, says, not ours)
    (
        "foreign_versioned",
        "Another program's database with user_version 3.",
        _foreign_versioned,
        "not a Sandtable workshop store",
        True,
    ),
    (
        "foreign_application_id",
        "Another program's database with its application id.",
        _foreign_application,
        "another program's database",
        True,
    ),
    (
        "foreign_wal",
        "Another program's database in WAL mode.",
        _foreign_wal,
        "not a Sandtable workshop store",
        True,
    ),
    (
        "foreign_empty_database",
        "An SQLite database with no tables.",
        _foreign_empty_database,
        "not a Sandtable workshop store",
        True,
    ),
    (
        "foreign_lookalike",
        "Another program's table named workshops, user_version 3.",
        _foreign_lookalike,
        "not a Sandtable workshop store",
        True,
    ),
    ("zero_bytes", "A zero-byte file.", _zero_bytes, "the file is empty", True),
    ("text_file", "A text file.", _text_file, "not an SQLite database", True),
    ("damaged_page", "A store with a damaged page.", _damaged_page, "damaged", True),
    ("damaged_schema", "A store with a damaged schema page.", _damaged_schema, "damaged", True),
    ("newer_schema", "A store from a newer Sandtable.", _newer_schema, "upgrade Sandtable", True),
)


def store_case(
    case_id: str, story: str, build: Callable[[Path], None], says: str, action: str, foreign: bool
) -> Case:
    def make(folder: Path) -> list[str]:
        build(folder / "store.sqlite")
        args = ["workshop", action, "--store", str(folder / "store.sqlite")]
        if action == "board":
            args += ["--workshop", "1", "--code", "TRAIN1"]
        return args

    return Case(
        f"{case_id}_{action}",
        "store",
        story,
        make,
        says=says,
        target="store.sqlite",
        foreign=("store.sqlite",) if foreign else (),
        absent=("no such table", "malformed\n"),
    )


def store_cases() -> list[Case]:
    cases = [
        store_case(case_id, story, build, says, action, foreign)
        for case_id, story, build, says, foreign in STORE_FILES
        for action in ("init", "list", "sample", "board")
    ]

    def special(kind: str) -> Make:
        def make(folder: Path) -> list[str]:
            target = folder / "store.sqlite"
            if kind == "fifo":
                os.mkfifo(target)
            else:
                target = Path("/dev/zero")
            return ["workshop", "list", "--store", str(target)]

        return make

    cases.append(
        Case(
            "store_fifo",
            "store",
            "The store path is a FIFO.",
            special("fifo"),
            says="not a regular file",
            needs_fifo=True,
        )
    )
    cases.append(
        Case(
            "store_dev_zero",
            "store",
            "The store path is /dev/zero.",
            special("zero"),
            says="not a regular file",
        )
    )
    cases.append(
        Case(
            "store_control_characters_in_names",
            "store",
            "A workshop and a team named with ESC: list and board escape them.",
            _named_with_controls,
            exit=0,
            says="\\u001b[2J",
        )
    )
    return cases


def _named_with_controls(folder: Path) -> list[str]:
    from sim.workshop import Facilitator, Store  # noqa: PLC0415

    with Store(folder / "w.sqlite") as store:
        Facilitator.create(
            store,
            name="Cohort \x1b[2J\x07",
            scenario=SCENARIO,
            seed=1,
            teams=["Red\x1b[2J"],
            self_paced=True,
            trainer_code="TRAIN1",
        )
    return [
        "workshop",
        "board",
        "--store",
        str(folder / "w.sqlite"),
        "--workshop",
        "1",
        "--code",
        "TRAIN1",
    ]


# ---- the corpus -------------------------------------------------------------------------------


def corpus() -> list[Case]:
    cases = [*scenario_cases(), *session_cases(), *cli_cases(), *store_cases()]
    ids = [case.id for case in cases]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise ValueError(f"duplicate case ids: {sorted(duplicated)}")
    return cases


def counts() -> dict[str, int]:
    tally: dict[str, int] = {}
    for case in corpus():
        tally[case.area] = tally.get(case.area, 0) + 1
    return tally


def main(argv: list[str]) -> int:
    """``load-scenario FILE`` / ``load-session FILE``: the Python API, as a user would call it
    (the error's message on stderr, exit 1); ``generate DIR``: write every case's files."""
    import sim  # noqa: PLC0415
    from sim.engine.session import SessionError  # noqa: PLC0415
    from sim.i18n.scenario import problem_message  # noqa: PLC0415
    from sim.i18n.session import session_error_message  # noqa: PLC0415

    command, target = argv[0], argv[1]
    if command == "load-scenario":
        try:
            sim.load_scenario(target)
        except sim.ScenarioError as exc:
            for problem in exc.problems:
                sys.stderr.write(problem_message(problem, "en") + "\n")
            return 1
        return 0
    if command == "load-session":
        try:
            sim.Simulation.load(target, warn=False)
        except SessionError as exc:
            sys.stderr.write(session_error_message(exc, "en") + "\n")
            return 1
        return 0
    if command == "generate":
        for case in corpus():
            folder = Path(target) / case.area / case.id
            folder.mkdir(parents=True, exist_ok=True)
            args = case.make(folder)
            (folder / "command.txt").write_text(" ".join(args)[:2000] + "\n", encoding="utf-8")
        print(counts())  # noqa: T201
        return 0
    raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
