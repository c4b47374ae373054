"""Read a scenario file: YAML with line numbers → pydantic validation → cross-field checks.

Every problem becomes a :class:`Problem` that prints as the contracted one-liner
``FILE:LINE: path.to.field: what is wrong (what was expected)``.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sim.scenario.checks import check_scenario
from sim.scenario.schema import Scenario

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, with where it is."""

    file: str
    line: int
    path: str
    message: str
    expected: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message} (expected {self.expected})"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with the text it came from (sessions embed it for replay)."""

    scenario: Scenario
    source: str
    path: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file; raise :class:`ScenarioError` listing every problem."""
    return load_scenario_source(path).scenario


def load_scenario_source(path: str | Path) -> LoadedScenario:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(name, 1, "(file)", f"cannot read: {exc.strerror}", "a readable file")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            [Problem(name, line, "(file)", f"byte 0x{raw[exc.start]:02x} is not UTF-8", "a UTF-8 text file")]
        ) from None
    return LoadedScenario(parse_scenario(text, name), text, name)


def check_file(path: str | Path) -> list[Problem]:
    """Every problem of one file (empty if it is valid)."""
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return exc.problems
    return []


def parse_scenario(text: str, source: str = "<string>") -> Scenario:
    """Validate scenario text; ``source`` names the file in messages."""
    tree = _read_yaml(text, source)
    try:
        scenario = Scenario.model_validate(tree)
    except ValidationError as exc:
        problems = [_from_pydantic(err, tree, source) for err in exc.errors()]
        raise ScenarioError(_dedupe(problems)) from None
    findings = check_scenario(scenario)
    if findings:
        problems = [
            Problem(source, _line_of(tree, loc), _dotted(loc), message, expected)
            for loc, message, expected in findings
        ]
        raise ScenarioError(problems)
    return scenario


def _read_yaml(text: str, source: str) -> CommentedMap:
    if not text.strip():
        raise ScenarioError([Problem(source, 1, "(file)", "the file is empty", "a scenario mapping")])
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        raise ScenarioError([Problem(source, line, "(yaml)", f"YAML syntax: {what}", "valid YAML")]) from None
    except YAMLError as exc:
        raise ScenarioError([Problem(source, 1, "(yaml)", f"YAML syntax: {exc}", "valid YAML")]) from None
    if not isinstance(tree, CommentedMap):
        kind = type(tree).__name__ if tree is not None else "nothing"
        raise ScenarioError([Problem(source, 1, "(file)", f"the top level is {kind}", "a mapping of scenario keys")])
    return tree


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(scenario)"


def _line_of(tree: Any, loc: Loc) -> int:
    """The 1-based line of the deepest node of ``loc`` present in the YAML tree."""
    line = 1
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedMap | CommentedSeq) and not isinstance(part, int):
            continue  # a pydantic union tag or a synthetic step: stay on this node
        else:
            break
    return line


def _clean_loc(loc: Loc, tree: Any) -> Loc:
    """Drop pydantic's union tags (e.g. ``events.0.budget_cut.factor``) that are not YAML keys."""
    cleaned: list[str | int] = []
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and isinstance(part, str) and part not in node and _is_tag(part):
            continue
        cleaned.append(part)
        if isinstance(node, CommentedMap) and part in node:
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(cleaned)


_EVENT_KINDS = ("decision_maker_replaced", "budget_cut", "customer_asks_pm", "timeline_slip")


def _is_tag(part: str) -> bool:
    return part in _EVENT_KINDS or part in {"function-after", "function-before", "function-plain"}


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that owns the field at ``loc`` (for listing allowed keys)."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if fields is None or part not in fields:
            return None
        model = _inner_model(fields[part].annotation, loc)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _inner_model(annotation: Any, loc: Loc) -> Any:
    """Unwrap tuple[...], X | None and Annotated unions down to a model class."""
    for _ in range(6):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        args = [a for a in get_args(annotation) if a is not type(None) and a is not Ellipsis]
        if not args:
            return annotation
        if get_origin(annotation) is dict:
            return args[-1]
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) > 1:  # an event union: pick the member whose kind appears in loc
            for candidate in models:
                kind = getattr(candidate.model_fields.get("kind"), "annotation", None)
                if kind is not None and any(tag in get_args(kind) for tag in loc):
                    return candidate
            return models[0]
        annotation = models[0] if models else args[0]
    return annotation


def _from_pydantic(err: Any, tree: CommentedMap, source: str) -> Problem:
    raw_loc: Loc = tuple(err["loc"])
    loc = _clean_loc(raw_loc, tree)
    kind = err["type"]
    ctx = err.get("ctx", {}) or {}
    given = err.get("input")
    path = _dotted(loc)
    line = _line_of(tree, loc)
    if kind == "missing":
        return Problem(source, line, path, "missing", "a value for this required key")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        model = _model_at(raw_loc[:-1])
        allowed = sorted(model.model_fields) if model is not None else []
        hint = difflib.get_close_matches(key, allowed, n=1)
        message = f"unknown key '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
        return Problem(source, line, path, message, "one of: " + ", ".join(allowed))
    if kind in {"literal_error", "union_tag_invalid"}:
        expected = str(ctx.get("expected", "")).replace("'", "")
        return Problem(source, line, path, f"'{_short(given)}' is not allowed", f"one of: {expected}")
    if kind == "union_tag_not_found":
        return Problem(source, line, path, "missing 'kind'", "kind: " + ", ".join(_EVENT_KINDS))
    bounds = {
        "greater_than_equal": ("ge", "≥"),
        "greater_than": ("gt", ">"),
        "less_than_equal": ("le", "≤"),
        "less_than": ("lt", "<"),
    }
    if kind in bounds:
        key, sign = bounds[kind]
        return Problem(source, line, path, f"{_short(given)} is out of range", f"a number {sign} {ctx.get(key)}")
    if kind in {"too_short", "too_long"}:
        word = "at least" if kind == "too_short" else "at most"
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return Problem(source, line, path, f"has {ctx.get('actual_length')} items", f"{word} {limit}")
    if kind in {"string_too_short"}:
        return Problem(source, line, path, "is empty", "a non-empty text")
    if kind == "string_pattern_mismatch":
        return Problem(source, line, path, f"'{_short(given)}' is not a valid id", "lowercase letters, digits and _, starting with a letter")
    if kind.endswith(("_parsing", "_type")) or kind in {"model_type", "dict_type", "tuple_type", "list_type"}:
        return Problem(source, line, path, f"wrong type: got {_describe(given)}", _type_word(kind))
    return Problem(source, line, path, str(err.get("msg", kind)).rstrip("."), "a valid value")


def _type_word(kind: str) -> str:
    words = {
        "int_parsing": "a whole number",
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_parsing": "a number",
        "float_type": "a number",
        "bool_parsing": "true or false",
        "bool_type": "true or false",
        "string_type": "a text",
        "model_type": "a mapping of keys",
        "model_attributes_type": "a mapping of keys",
        "dict_type": "a mapping",
        "tuple_type": "a list",
        "list_type": "a list",
    }
    return words.get(kind, kind.replace("_", " "))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{_short(value)}'"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, str, str]] = set()
    unique: list[Problem] = []
    for problem in problems:
        key = (problem.line, problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
