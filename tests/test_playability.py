"""``sandtable validate`` warns about a valid scenario that cannot play as its author meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.batch.economics import measure_sound_play, sound_play_advice
from sim.cli import main
from sim.model.playability import advise
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent


def _with_pm_hours(tmp_path: Path, hours: int) -> Path:
    text = (ROOT / "scenarios" / "cross_sell_mes_erp.yaml").read_text(encoding="utf-8")
    pm = text.index("  - id: pm")
    start = text.index("weekly_hours:", pm)
    end = text.index("\n", start)
    path = tmp_path / f"pm{hours}.yaml"
    path.write_text(text[:start] + f"weekly_hours: {hours}" + text[end:], encoding="utf-8")
    return path


def test_a_pm_who_can_never_hold_an_implementation_plan_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _with_pm_hours(tmp_path, 6)
    assert main(["validate", str(path)]) == 0, "advice, not an error"
    out = capsys.readouterr().out.splitlines()
    warning = next(line for line in out if "implementation_plan" in line)
    line = int(warning.split(":")[1])
    assert "weekly_hours: 6" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "team.2.weekly_hours" in warning and "8 h" in warning and "6 h" in warning
    assert out[-1] == f"{path}: ok"


def test_enough_hours_give_no_advice(tmp_path: Path) -> None:
    assert not [
        a for a in advise(load_scenario(_with_pm_hours(tmp_path, 12))) if a.params["member"] == "pm"
    ]


def test_validate_play_warns_when_sound_play_loses_money(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cut a profitable scenario's deal value to a fifth: the expert's pursuit no longer pays, and
    ``validate --play`` says so at the deal value, with the figures it measured."""
    text = (ROOT / "scenarios" / "telecom_retention_price_attack.yaml").read_text(encoding="utf-8")
    start = text.index("deal_value:")
    end = text.index("\n", start)
    value = float(text[start:end].split(":")[1])
    path = tmp_path / "thin.yaml"
    path.write_text(text[:start] + f"deal_value: {value * 0.2:.0f}" + text[end:], encoding="utf-8")
    assert main(["validate", "--play", str(path)]) == 0, "advice, not an error"
    warning = next(line for line in capsys.readouterr().out.splitlines() if "sound play" in line)
    line = int(warning.split(":")[1])
    assert "deal_value:" in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "account.deal_value" in warning and "over 100 expert games" in warning
    assert main(["validate", "--play", "--lang", "zh", str(path)]) == 0
    assert "专家打法" in capsys.readouterr().out
    assert main(["validate", str(path)]) == 0
    assert "sound play" not in capsys.readouterr().out, "only --play plays games"


def test_sound_play_that_pays_gives_no_advice() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "telecom_retention_price_attack.yaml")
    measured = measure_sound_play(scenario, games=40)
    assert measured.margin > 0 and 0 < measured.win_rate < 1
    assert measured.gross_per_win > measured.cost_of_sale
    assert sound_play_advice(scenario, games=40) == []


def _variant(
    tmp_path: Path, source: str, edits: list[tuple[str, str, str]], extra: str = ""
) -> Path:
    """``source`` with, for each (after, key, value), the first ``key:`` line after ``after``
    replaced by ``key: value``."""
    text = (ROOT / "scenarios" / source).read_text(encoding="utf-8")
    for after, key, value in edits:
        start = text.index(f"{key}:", text.index(after))
        end = text.index("\n", start)
        text = text[:start] + f"{key}: {value}" + text[end:]
    path = tmp_path / f"variant_{source}"
    path.write_text(text + extra, encoding="utf-8")
    return path


WEAK = (
    "{business_value: 0.4, technical_fit: 0.4, implementation_risk: 0.4, price: 0.5,"
    " relationship: 0.4}"
)
FEEBLE = (
    "{business_value: 0.1, technical_fit: 0.1, implementation_risk: 0.1, price: 0.1,"
    " relationship: 0.1}"
)


def test_validate_play_warns_when_sound_play_rarely_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Our solution made weak against an entrenched incumbent: the expert team wins well under a
    quarter of its games, and ``validate --play`` says so at the competitors, with the range."""
    path = _variant(tmp_path, "relationship_bid.yaml", [("solution:", "strengths", WEAK)])
    assert main(["validate", "--play", str(path)]) == 0, "advice, not an error"
    out = capsys.readouterr().out
    warning = next(line for line in out.splitlines() if "rarely wins" in line)
    assert ": competitors: " in warning and "below the 25% to 60%" in warning
    assert main(["validate", "--play", "--lang", "zh", str(path)]) == 0
    assert "很难赢" in capsys.readouterr().out


def test_validate_play_warns_when_sound_play_nearly_always_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _variant(
        tmp_path,
        "telecom_retention_price_attack.yaml",
        [("competitors:", "strengths", FEEBLE)],
        "parameters:\n  no_decision_base: -3.0\n",
    )
    assert main(["validate", "--play", str(path)]) == 0
    out = capsys.readouterr().out
    assert "nearly always wins" in out and "above the 25% to 60%" in out
    assert "rarely wins" not in out


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_plays_in_the_band_and_pays(path: Path) -> None:
    assert sound_play_advice(load_scenario(path)) == []
