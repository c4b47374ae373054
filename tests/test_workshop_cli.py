"""``sandtable workshop``: init, sample, list and board from a terminal; mistakes are one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["workshop", *argv])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_init_sample_list_and_board(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "shared" / "workshops.sqlite")
    assert run(capsys, "init", "--store", store)[0] == 0
    assert run(capsys, "list", "--store", store)[1].endswith("no workshops yet\n")
    code, out, _ = run(capsys, "sample", "--store", store)
    assert code == 0 and "trainer code SAMPLE" in out
    code, out, _ = run(capsys, "list", "--store", store)
    assert code == 0 and out.count("\n") == 3 and "Key-account academy · October" in out
    code, out, _ = run(capsys, "board", "--store", store, "--workshop", "3", "--code", "sample")
    lines = out.splitlines()
    assert code == 0 and lines[1].split()[:3] == ["team", "code", "rounds"]
    assert [line.split()[0] for line in lines[2:]] == ["North", "South", "East", "West"]
    assert "won" in lines[4] and lines[5].split()[2] == "6"  # West stopped after 6 rounds


def test_mistakes_are_one_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "workshops.sqlite")
    run(capsys, "sample", "--store", store)
    code, _, err = run(capsys, "board", "--store", store, "--workshop", "1", "--code", "NOPE")
    assert code == 1 and err.strip().startswith("wrong trainer code")
    code, _, err = run(capsys, "board", "--store", store, "--workshop", "9", "--code", "SAMPLE")
    assert code == 1 and "no workshop number 9" in err
    code, _, err = run(capsys, "list", "--store", str(tmp_path))
    assert code == 1 and "is a folder" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database " * 200)
    code, _, err = run(capsys, "list", "--store", str(junk))
    assert code == 1 and "not a Sandtable workshop store" in err
    code, _, err = run(capsys, "board", "--store", store, "--workshop", "x", "--code", "A")
    assert code == 2 and "not a whole number" in err
    assert "Traceback" not in err


SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "cross_sell_mes_erp.yaml"


def test_create_release_pause_and_end_from_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notebook's actions from a terminal, with its checks: the join codes on stdout to
    project, the trainer code apart on stderr; a pacing action refused in the states where the
    notebook's button is off, with the reason."""
    store = str(tmp_path / "workshops.sqlite")
    code, out, err = run(
        capsys, "create", "--store", store, "--name", "Shanghai", "--scenario", str(SCENARIO),
        "--seed", "7", "--teams", "Blue", "Red", "--codes", "BLUE22,RED333",
    )  # fmt: skip
    assert code == 0 and "BLUE22" in out and "RED333" in out
    trainer = err.strip().rsplit(" ", 1)[-1]
    assert trainer not in out  # never in the block to project
    ids = ("--store", store, "--workshop", "1", "--code", trainer)
    assert run(capsys, "release", *ids)[1].strip() == "Shanghai: week 1 released for every team"
    assert run(capsys, "pause", *ids)[0] == 0
    code, _, err = run(capsys, "pause", *ids)
    assert code == 1 and "not running" in err
    assert run(capsys, "pause", *ids, "--resume")[0] == 0
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, _, err = run(capsys, "end", *ids)
    assert code == 1 and "not ended" in err
    assert run(capsys, "end", *ids, "--yes")[0] == 0
    code, _, err = run(capsys, "release", *ids)
    assert code == 1 and "has ended" in err and "Traceback" not in err
    code, _, err = run(capsys, "board", *ids)
    assert code == 0


def test_create_refuses_what_the_notebook_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "workshops.sqlite")
    base = ("create", "--store", store, "--scenario", str(SCENARIO), "--seed", "7")
    code, _, err = run(capsys, *base, "--name", " ", "--teams", "Blue")
    assert code == 1 and err.strip() == "give the workshop a name"
    code, _, err = run(capsys, *base, "--name", "X", "--teams", "Blue", "Blue")
    assert code == 1 and "already a team called" in err
    code, _, err = run(capsys, *base, "--name", "X", "--teams", "A", "B", "--codes", "ABCD22")
    assert code == 1 and "one join code per team" in err
    code, _, err = run(
        capsys, "create", "--store", store, "--scenario", "nope.yaml", "--seed", "1",
        "--name", "X", "--teams", "A",
    )  # fmt: skip
    assert code == 1 and err.startswith("nope.yaml:") and "Traceback" not in err
