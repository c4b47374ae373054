"""Errors hold codes; their words come from the catalogs, in the reader's language.

- a refused session file: ``SessionError`` (engine) holds the file, the field, a code and
  parameters — codes again for the kind of value found or expected; ``str()`` is those codes,
  and ``sim.i18n.session.session_error_message`` is the sentence, in English or Chinese;
- ``MissingFontError`` says what to install in the report's language;
- ``sandtable batch``'s argument errors come from the batch catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import sim
from sim.analysis.fonts import MissingFontError
from sim.cli import main
from sim.engine.session import SessionError
from sim.i18n import catalog, translate
from sim.i18n.session import session_error_message

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sessions" / "team_blue_cross_sell.json"
SCENARIO = ROOT / "scenarios" / "cross_sell_mes_erp.yaml"


def refused(tmp_path: Path, change: Any) -> SessionError:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "game.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SessionError) as caught:
        sim.Simulation.load(path, warn=False)
    return caught.value


def test_a_session_error_holds_codes_and_no_sentence(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda d: d.update(seed=True))
    assert (error.key, error.field) == ("bad_seed", "seed")
    assert error.params == {"seed_problem": "entropy", "got_kind": "true", "got": ""}
    assert str(error).endswith("seed: bad_seed (seed_problem=entropy, got_kind=true, got=)")
    assert "expected" not in str(error)  # the sentence is made in sim.i18n, not here
    assert not hasattr(error, "message")


def test_the_kind_of_value_found_is_said_in_each_language(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda d: d.update(seed=True))
    english = session_error_message(error, "en")
    assert english.endswith(
        "game.json: seed: not a seed: got true (expected a whole number from 0 to 2^128 − 1,"
        " or {entropy, spawn_key})"
    )
    chinese = session_error_message(error, "zh")
    assert "得到的是true（真）" in chinese and "got" not in chinese


def test_a_wrong_type_names_what_was_expected_in_each_language(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda d: d.update(rounds="many"))
    assert (error.key, error.params["expected"], error.params["got_kind"]) == (
        "wrong_type",
        "rounds",
        "text",
    )
    assert "got the text 'many' (expected a list of rounds)" in session_error_message(error, "en")
    chinese = session_error_message(error, "zh")
    assert "文本“many”" in chinese and catalog("zh")["session.expected.rounds"] in chinese


def test_an_unknown_key_suggests_the_close_one_in_each_language(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda d: d.update(polcy=d.pop("policy", None)))
    assert error.params["close"] == "policy"
    assert "unknown key 'polcy' (did you mean 'policy'?)" in session_error_message(error, "en")
    assert "是否想写“policy”" in session_error_message(error, "zh")


def test_a_file_without_a_format_says_nothing_was_found(tmp_path: Path) -> None:
    error = refused(tmp_path, lambda d: d.pop("format"))
    assert error.params["found"] is None
    assert "'nothing' is not a session format" in session_error_message(error, "en")
    assert "“无”" in session_error_message(error, "zh")


def test_the_missing_font_says_what_to_install_in_each_language() -> None:
    error = MissingFontError()
    assert "fonts-noto-cjk" in str(error) and str(error) == error.message("en")
    assert "fonts-noto-cjk" in error.message("zh") and "字体" in error.message("zh")


@pytest.mark.parametrize(
    ("args", "key", "params"),
    [
        (["--out", "rows.csv"], "batch.arg.not_parquet", {"path": "rows.csv"}),
        (
            ["--out", "no/such/folder/rows.parquet"],
            "batch.arg.no_folder",
            {"path": "no/such/folder/rows.parquet", "folder": "no/such/folder"},
        ),
    ],
)
def test_batch_argument_errors_come_from_the_catalog(
    capsys: pytest.CaptureFixture[str], args: list[str], key: str, params: dict[str, str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["batch", str(SCENARIO), "-n", "1", *args])
    assert stopped.value.code == 2
    assert translate(key, "en", **params) in capsys.readouterr().err


def test_batch_counts_are_named_from_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["batch", str(SCENARIO), "-n", "0"])
    assert translate("batch.arg.replications", "en") in capsys.readouterr().err
