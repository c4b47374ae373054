"""The message catalogs: every English text has a Chinese twin with the same placeholders.

Catalogs live in ``sim/i18n/catalogs`` as ``<area>.en.json`` and ``<area>.zh.json``, merged by
``sim.i18n.catalog(lang)``; ``translate`` never fails a trainee's screen over a message — except in
strict mode (``SANDTABLE_STRICT_I18N=1``, set for the whole suite in ``conftest.py``), where a
missing key, a missing Chinese text or a format error raises. The tests of the lenient fallbacks
turn strict mode off (the ``lenient`` fixture).
"""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from pathlib import Path
from typing import get_args

import pytest

from sim import i18n
from sim.i18n import STRICT_ENV, TranslationError, catalog, numbers, translate
from sim.scenario.schema import Reach

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
"""Chinese ideographs and CJK/full-width punctuation (a '：' marks a message as localised)."""
HAN = re.compile(r"[\u4e00-\u9fff]")
SIM = Path(i18n.__file__).resolve().parents[1]
FOLDER = Path(str(resources.files("sim.i18n").joinpath("catalogs")))


def placeholders(template: str) -> set[str]:
    """The field names a template formats, e.g. {'member', 'hours'} (format specs ignored)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def areas() -> list[str]:
    return sorted({path.name.split(".")[0] for path in FOLDER.glob("*.json")})


def read(area: str, lang: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((FOLDER / f"{area}.{lang}.json").read_text(encoding="utf-8"))
    return data


# ---- the catalogs -------------------------------------------------------------------------------


def test_there_is_a_core_catalog_in_both_languages() -> None:
    assert "core" in areas()
    assert sorted(p.name for p in FOLDER.glob("*.json")) == sorted(
        f"{area}.{lang}.json" for area in areas() for lang in ("en", "zh")
    )


@pytest.mark.parametrize("area", areas())
def test_each_area_has_the_same_keys_in_english_and_chinese(area: str) -> None:
    english, chinese = read(area, "en"), read(area, "zh")
    assert sorted(english.keys() - chinese.keys()) == [], "missing in Chinese"
    assert sorted(chinese.keys() - english.keys()) == [], "missing in English"


def test_the_merged_catalogs_have_the_same_keys() -> None:
    assert catalog("en").keys() == catalog("zh").keys()
    assert len(catalog("en")) > 20


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_plural_message_spells_the_forms_its_language_uses(lang: str) -> None:
    """``<key>.one`` and ``<key>.other`` in every language (the same keys everywhere); which
    one is shown is the language's CLDR rule, so each form the rule gives must be there."""
    texts = catalog(lang)
    plurals = {
        key.removesuffix(".one")
        for key in texts
        if key.endswith(".one") and key.removesuffix(".one") + ".other" in texts
    }
    assert {"batch.cli.timing", "replay.unplayed", "replay.adjusted"} <= plurals
    rules = numbers.locale(lang)
    used = {rules.plural_form(n) for n in range(201)}
    assert used == ({"one", "other"} if lang == "en" else {"other"})
    for base in plurals:
        assert all(f"{base}.{form}" in texts for form in used), base


def test_every_message_has_the_same_placeholders_in_both_languages() -> None:
    english, chinese = catalog("en"), catalog("zh")
    differ = {
        key: (placeholders(english[key]), placeholders(chinese[key]))
        for key in english
        if placeholders(english[key]) != placeholders(chinese.get(key, ""))
    }
    assert differ == {}


def is_pure_format(template: str) -> bool:
    """A template with no words of its own, e.g. '{option}={value}' or ' + '."""
    literal = "".join(text for text, _, _, _ in string.Formatter().parse(template))
    return not re.search(r"[^\W\d_]", literal)


def test_every_chinese_message_is_written_in_chinese() -> None:
    """Each zh text has a CJK character, unless it is a pure format with no words to translate."""
    untranslated = {
        key: text
        for key, text in catalog("zh").items()
        if not CJK.search(text) and not is_pure_format(text)
    }
    assert untranslated == {}


def test_most_chinese_messages_use_chinese_words() -> None:
    texts = list(catalog("zh").values())
    assert sum(bool(HAN.search(text)) for text in texts) >= 0.9 * len(texts)


def test_no_message_is_empty() -> None:
    for lang in ("en", "zh"):
        assert [key for key, text in catalog(lang).items() if not text.strip()] == [], lang


def test_every_template_parses() -> None:
    for lang in ("en", "zh"):
        for key, text in catalog(lang).items():
            placeholders(text)  # raises ValueError on a stray brace
            assert key.count(".") >= 1, key


# ---- every message the code asks for exists -----------------------------------------------------


def _plan_reason_keys() -> set[str]:
    source = (SIM / "model" / "validation.py").read_text(encoding="utf-8")
    source += (SIM / "engine" / "simulation.py").read_text(encoding="utf-8")
    found = set(re.findall(r'Reason\(\s*"([a-z_]+)"', source))
    assert 'Reason(f"unreachable_{reach}"' in source  # the one key built at run time
    return {f"plan.{key}" for key in found} | {
        f"plan.unreachable_{reach}" for reach in get_args(Reach)
    }


def _literal_translate_keys() -> set[str]:
    keys: set[str] = set()
    for path in SIM.rglob("*.py"):
        keys |= set(
            re.findall(r'translate\(\s*"([a-z_]+(?:\.[a-z_]+)+)"', path.read_text(encoding="utf-8"))
        )
    return keys


def test_every_plan_rejection_reason_has_a_message() -> None:
    keys = _plan_reason_keys()
    assert {"plan.unknown_activity", "plan.over_budget", "plan.unreachable_executive_peer"} <= keys
    assert sorted(keys - catalog("en").keys()) == []


def test_every_key_the_code_names_has_a_message() -> None:
    keys = _literal_translate_keys()
    assert "plan.at" in keys
    assert sorted(keys - catalog("en").keys()) == []


@pytest.mark.parametrize("outcome", ["won", "lost", "no_decision", "None"])
def test_every_outcome_has_a_name(outcome: str) -> None:
    assert f"outcome.{outcome}" in catalog("en")


# ---- translate ----------------------------------------------------------------------------------


@pytest.fixture
def lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Translation as users get it: the fallbacks, not strict mode."""
    monkeypatch.delenv(STRICT_ENV, raising=False)


def test_the_suite_translates_strictly() -> None:
    assert i18n.strict()


def test_strict_mode_refuses_a_key_missing_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    english = dict(catalog("en"))
    chinese = {key: text for key, text in catalog("zh").items() if key != "plan.brief_self"}
    monkeypatch.setattr(
        i18n, "catalog", lambda lang: chinese if i18n.normalise(lang) == "zh" else english
    )
    with pytest.raises(TranslationError, match=r"no zh message for 'plan.brief_self'"):
        translate("plan.brief_self", "zh", member="pm")
    assert translate("plan.brief_self", "en", member="pm") == "pm cannot brief themself"


def test_strict_mode_refuses_an_unknown_key() -> None:
    with pytest.raises(TranslationError, match=r"plan\.no_such_reason"):
        translate("plan.no_such_reason", "en")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_strict_mode_refuses_a_missing_or_wrong_parameter(lang: str) -> None:
    with pytest.raises(TranslationError, match=r"brief_self.*KeyError.*none"):
        translate("plan.brief_self", lang)
    assert ":,.0f}" in catalog(lang)["cli.contract"]  # a number format, given None below
    with pytest.raises(TranslationError, match=r"cli\.contract.*TypeError"):
        translate("cli.contract", lang, value=None, currency="CNY")


def test_strict_mode_is_read_when_translating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STRICT_ENV, "0")
    assert translate("plan.no_such_reason", "zh") == "plan.no_such_reason"
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(TranslationError):
        translate("plan.no_such_reason", "zh")


def test_translate_formats_the_message_in_the_language_asked() -> None:
    assert translate("plan.brief_self", "en", member="rep") == "rep cannot brief themself"
    chinese = translate("plan.brief_self", "zh", member="rep")
    assert "rep" in chinese and HAN.search(chinese)


@pytest.mark.parametrize("lang", ["zh", "zh-CN", "zh_CN", "ZH"])
def test_chinese_is_found_by_any_common_spelling(lang: str) -> None:
    assert translate("outcome.won", lang) == catalog("zh")["outcome.won"]


@pytest.mark.parametrize("lang", ["en", "fr", "", "xx-YY"])
def test_other_languages_read_english(lang: str) -> None:
    assert translate("outcome.won", lang) == catalog("en")["outcome.won"]


@pytest.mark.usefixtures("lenient")
def test_a_key_missing_in_chinese_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    english = dict(catalog("en"))
    chinese = {key: text for key, text in catalog("zh").items() if key != "plan.brief_self"}
    monkeypatch.setattr(
        i18n, "catalog", lambda lang: chinese if i18n.normalise(lang) == "zh" else english
    )

    assert translate("plan.brief_self", "zh", member="pm") == "pm cannot brief themself"
    assert HAN.search(translate("plan.no_bid", "zh"))


@pytest.mark.usefixtures("lenient")
def test_an_unknown_key_comes_back_as_itself() -> None:
    assert translate("plan.no_such_reason", "zh") == "plan.no_such_reason"


@pytest.mark.usefixtures("lenient")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_translate_never_raises_on_missing_params(lang: str) -> None:
    for key, text in catalog(lang).items():
        assert translate(key, lang) == text  # nothing to fill: the template itself
        if placeholders(text):
            partly = translate(key, lang, **{sorted(placeholders(text))[0]: "x"})
            assert isinstance(partly, str) and partly


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_translate_ignores_extra_params(lang: str) -> None:
    assert translate("outcome.lost", lang, week=3, unused="x") == catalog(lang)["outcome.lost"]


@pytest.mark.usefixtures("lenient")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_translate_never_raises_on_a_param_of_the_wrong_type(lang: str) -> None:
    text = translate("cli.contract", lang, value=None, currency="CNY")
    assert isinstance(text, str) and text
