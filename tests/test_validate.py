"""`sandtable validate`: a broken scenario is reported field by field, never with a traceback.

The contract (README): exit 0 if every file is valid; otherwise exit 1 and, per problem,
one line ``FILE:LINE: path.to.field: what is wrong (what was expected)``.

Each broken file is the shipped scenario with one precise edit (``scenario_mutations.py``),
so the line a problem should point at is found by searching the mutated file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_mutations import BROKEN, VALID_SCENARIO, Broken

from sim.i18n import catalog
from sim.i18n.scenario import problem_message, problem_parts
from sim.scenario import Problem, ScenarioError, check_file, parse_scenario


def contract_line(file: Path | str) -> re.Pattern[str]:
    """The one-line shape every reported problem must have, for one file."""
    return re.compile(rf"^{re.escape(str(file))}:\d+: [^:]+: .+ \(expected .+\)$")


def zh_line(file: Path | str) -> re.Pattern[str]:
    """The Chinese line of one problem: the same place, the words in Chinese."""
    return re.compile(rf"^{re.escape(str(file))}:\d+: [^:：]+：.+（应为：.+）$")


def run_validate(*args: str | Path, encoding: str = "utf-8") -> subprocess.CompletedProcess[str]:
    """Run the CLI the way a trainer would, in a fresh interpreter."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "sim.cli", "validate", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        env=env, timeout=60, check=False,
    )


LOADER_FAILURES = (AssertionError, KeyError, TypeError)
"""How a known defect shows: a failed assertion, or the crash seen in ``_line_of``."""


def _cases(*, output: bool) -> list[object]:
    """The catalogue as pytest params; known loader defects are strict xfails."""
    params = []
    for case in BROKEN:
        broken = case.defect and (case.garbles_output or not output)
        marks = [pytest.mark.xfail(strict=True, reason=case.defect, raises=LOADER_FAILURES)]
        params.append(pytest.param(case, id=case.id, marks=marks if broken else []))
    return params


def _describe(problems: list[Problem]) -> str:
    lines = [f"  {problem_message(problem, 'en')}" for problem in problems]
    return "\n".join(lines) or "  (no problems)"


# ---- the catalogue itself ------------------------------------------------------------------


def test_the_catalogue_covers_many_distinct_kinds_of_breakage() -> None:
    ids = [case.id for case in BROKEN]
    assert len(ids) >= 25
    assert len(set(ids)) == len(ids)


def test_the_shipped_scenario_is_valid_to_start_with() -> None:
    assert check_file(VALID_SCENARIO) == []


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xef\xbb\xbf" + VALID_SCENARIO.read_bytes(), id="utf8_bom"),
        pytest.param(VALID_SCENARIO.read_bytes().replace(b"\n", b"\r\n"), id="crlf_line_ends"),
    ],
)
def test_harmless_encodings_of_a_valid_file_stay_valid(content: bytes, tmp_path: Path) -> None:
    file = tmp_path / "scenario.yaml"
    file.write_bytes(content)
    assert check_file(file) == []


def test_crlf_line_ends_do_not_shift_line_numbers(tmp_path: Path) -> None:
    text = VALID_SCENARIO.read_text(encoding="utf-8").replace("influence: 0.30", "influence: 1.5")
    file = tmp_path / "scenario.yaml"
    file.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    expected_line = text[: text.index("influence: 1.5")].count("\n") + 1

    problems = check_file(file)

    assert [(p.line, p.path) for p in problems] == [(expected_line, "stakeholders.0.influence")]


# ---- check_file: the right field, the right line, a helpful message -------------------------


@pytest.mark.parametrize("case", _cases(output=False))
def test_the_problem_names_the_field_and_the_line(case: Broken, tmp_path: Path) -> None:
    file = case.write(tmp_path)
    line = case.expected_line(file)

    problems = check_file(file)

    at_field = [p for p in problems if p.path == case.path]
    assert at_field, f"{case.story}\nno problem at {case.path}; got:\n{_describe(problems)}"
    problem = at_field[0]
    said = problem_message(problem, "en")
    assert (problem.file, problem.line) == (str(file), line), f"{case.story}\n  {said}"
    message, expected = problem_parts(problem.key, problem.params, "en")
    assert case.says in message, f"{case.story}\n  {said}"
    assert case.expects in expected, f"{case.story}\n  {said}"


@pytest.mark.parametrize("case", _cases(output=True))
def test_every_problem_prints_as_one_contract_line(case: Broken, tmp_path: Path) -> None:
    file = case.write(tmp_path)

    problems = check_file(file)

    assert problems, case.story
    shape = contract_line(file)
    for problem in problems:
        said = problem_message(problem, "en")
        assert shape.match(said), f"not one contract line: {said!r}"


@pytest.mark.parametrize("case", _cases(output=True))
def test_every_problem_has_chinese_words_in_the_same_place(case: Broken, tmp_path: Path) -> None:
    """Strict translation is on: a key or a word missing in Chinese raises here."""
    file = case.write(tmp_path)

    problems = check_file(file)

    shape = zh_line(file)
    for problem in problems:
        english, chinese = problem_message(problem, "en"), problem_message(problem, "zh")
        assert shape.match(chinese), f"not one Chinese line: {chinese!r}"
        where = f"{file}:{problem.line}: {problem.path}"
        assert english.startswith(where + ": ") and chinese.startswith(where + "：")
        assert chinese != english


# ---- problems are codes: the words are the catalogs' ----------------------------------------


def test_a_problem_holds_a_code_and_parameters_not_words(tmp_path: Path) -> None:
    broken = next(case for case in BROKEN if case.id == "influence_above_one").write(tmp_path)

    [problem] = check_file(broken)

    assert (problem.key, dict(problem.params)) == (
        "out_of_range",
        {"given": "1.5", "sign": "≤", "bound": "1.0"},
    )
    assert f"scenario.problem.{problem.key}" in catalog("zh")
    codes = "out_of_range (given=1.5, sign=≤, bound=1.0)"
    assert str(problem) == f"{broken}:{problem.line}: {problem.path}: {codes}"


def test_a_did_you_mean_hint_is_said_in_each_language() -> None:
    text = VALID_SCENARIO.read_text(encoding="utf-8").replace("\ntimeline:", "\ntimelin:", 1)

    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "case.yaml")

    found = [p for p in caught.value.problems if p.key == "unknown_key"]
    assert found and found[0].params["close"] == "timeline"
    assert "(did you mean 'timeline'?)" in problem_message(found[0], "en")
    assert "（是不是 'timeline'？）" in problem_message(found[0], "zh")
    assert "did you mean" not in str(caught.value)  # the error itself holds codes only


# ---- the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases(output=True))
def test_the_cli_rejects_the_file_without_a_traceback(case: Broken, tmp_path: Path) -> None:
    file = case.write(tmp_path)

    result = run_validate(file)

    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines, "a rejected file must say why"
    shape = contract_line(file)
    assert [line for line in lines if not shape.match(line)] == []


def test_the_cli_accepts_the_shipped_scenario() -> None:
    result = run_validate(VALID_SCENARIO)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [f"{VALID_SCENARIO}: ok"]


def test_the_cli_reports_only_the_broken_file_among_several(tmp_path: Path) -> None:
    broken = next(case for case in BROKEN if case.id == "influence_above_one").write(tmp_path)

    result = run_validate(VALID_SCENARIO, broken)

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{VALID_SCENARIO}: ok"
    assert lines[1:], "the broken file's problems are listed"
    assert all(contract_line(broken).match(line) for line in lines[1:]), lines


def test_quiet_mode_prints_only_the_problems(tmp_path: Path) -> None:
    first = next(case for case in BROKEN if case.id == "link_to_self").write(tmp_path)
    second = next(case for case in BROKEN if case.id == "empty_file").write(tmp_path)

    result = run_validate("--quiet", VALID_SCENARIO, first, second)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == [str(first), str(second)]


def test_the_cli_says_the_problems_in_chinese_with_lang_zh(tmp_path: Path) -> None:
    broken = next(case for case in BROKEN if case.id == "link_to_self").write(tmp_path)

    english = run_validate(VALID_SCENARIO, broken)
    chinese = run_validate("--lang", "zh", VALID_SCENARIO, broken)

    assert chinese.returncode == english.returncode == 1
    assert "Traceback" not in chinese.stderr, chinese.stderr
    lines = chinese.stdout.splitlines()
    assert lines[0] == f"{VALID_SCENARIO}：通过"
    assert lines[1:] and all(zh_line(broken).match(line) for line in lines[1:]), lines
    assert "干系人不能与自己建立联系" in chinese.stdout
    places = [line.split("：", 1)[0] for line in lines[1:]]
    english_places = [": ".join(line.split(": ", 2)[:2]) for line in english.stdout.splitlines()]
    assert places == english_places[1:]


def test_a_missing_file_among_valid_ones_fails_the_run(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"

    result = run_validate(VALID_SCENARIO, missing)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert contract_line(missing).match(result.stdout.splitlines()[-1])


def test_the_installed_sandtable_command_validates() -> None:
    command = Path(sys.executable).with_name("sandtable")
    if not command.exists():
        pytest.skip("the sandtable console script is not installed beside this interpreter")

    result = subprocess.run(
        [str(command), "validate", str(VALID_SCENARIO)],
        capture_output=True, text=True, timeout=60, check=False,
    )

    assert result.returncode == 0, result.stderr


def test_the_cli_survives_an_output_encoding_without_maths_signs(tmp_path: Path) -> None:
    broken = next(case for case in BROKEN if case.id == "influence_above_one").write(tmp_path)

    result = run_validate(broken, encoding="cp1252")

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert "stakeholders.0.influence" in result.stdout
