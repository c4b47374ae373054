"""Read a scenario file: YAML with line numbers → pydantic validation → cross-field checks.

Every problem becomes a :class:`Problem`: the file, the line, the dotted field, a code and
its parameters — no words. :func:`sim.i18n.scenario.problem_message` makes of it the contracted
one-liner ``FILE:LINE: path.to.field: what is wrong (what was expected)`` in the reader's
language (the sentences are ``scenario.problem.<key>`` in the catalogs).

Every input is finite in time and memory before any work is done on it: only a regular file
is read (a FIFO, a device or a socket is refused without opening it for long), at most
:data:`MAX_FILE_BYTES` of it; YAML nesting is limited (:data:`MAX_DEPTH`), and so are what
aliases expand to (:data:`MAX_VALUES`, no alias may contain itself), the length of a text
(:data:`MAX_TEXT_CHARS`) and of a written number (:data:`MAX_NUMBER_CHARS`). Messages quote
at most a few dozen characters of any value, control characters escaped
(:mod:`sim.safe_text`), and at most :data:`MAX_PROBLEMS` problems are listed.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import os
import re
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import ScalarToken

from sim.safe_text import one_line, quoted
from sim.scenario.checks import check_scenario
from sim.scenario.schema import Event, Scenario, Text, WeekRange

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 256 * 1024
"""The largest scenario file read (the shipped ones are 10–17 KB)."""
MAX_DEPTH = 32
"""How deeply lists and mappings may nest, aliases followed (a scenario needs about 6)."""
MAX_VALUES = 50_000
"""How many values the file may hold once its aliases are expanded (shipped: about 1,500)."""
MAX_TEXT_CHARS = 10_000
"""The longest text or key (the longest shipped text has about 650 characters)."""
MAX_NUMBER_CHARS = 40
"""The most characters a number may be written with."""
MAX_PROBLEMS = 50
"""Problems listed for one file; a count of the rest follows."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, with where it is: ``key`` is the code (the words
    are ``scenario.problem.<key>`` and ``scenario.problem.<key>.expected``), ``params`` its
    parameters — values quoted briefly, and codes where a parameter names a kind of value.
    ``str(problem)`` is :meth:`summary`, the codes on one line."""

    file: str
    line: int
    path: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """One line of codes for logs: ``FILE:LINE: path: key (name=value, ...)``."""
        shown = ", ".join(f"{name}={value}" for name, value in self.params.items())
        where = f"{one_line(self.file)}:{self.line}: {one_line(self.path)}"
        return one_line(f"{where}: {self.key}" + (f" ({shown})" if shown else ""))

    def __str__(self) -> str:
        return self.summary()


def problem(source: str, line: int, path: str, key: str, **params: Any) -> Problem:
    """A :class:`Problem` with its parameters given by name."""
    return Problem(source, line, path, key, params)


class ScenarioError(ValueError):
    """A scenario file that cannot be used; ``problems`` lists every reason (as codes: the
    words are made by :func:`sim.i18n.scenario.problem_message`)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.summary() for p in problems))


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


class InputFileError(ValueError):
    """An input file refused before it is read: ``key`` says why (a scenario problem code,
    ``scenario.problem.<key>``), ``params`` with what."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        shown = ", ".join(f"{name}={value}" for name, value in params.items())
        super().__init__(key + (f" ({shown})" if shown else ""))


_SPECIAL_FILES = (
    (stat.S_ISFIFO, "named_pipe"),
    (stat.S_ISCHR, "device"),
    (stat.S_ISBLK, "device"),
    (stat.S_ISSOCK, "socket"),
)


def read_input_file(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else :class:`InputFileError`.

    The file is opened without blocking (a FIFO with no writer would wait for ever) and
    checked through the open descriptor, so what is checked is what is read; a file that grows
    while it is read is cut at ``limit + 1`` bytes and refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise InputFileError("unreadable", error=str(exc.strerror or exc)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError("folder")
        for is_kind, kind in _SPECIAL_FILES:
            if is_kind(info.st_mode):
                raise InputFileError(kind)
        if info.st_size > limit:
            raise InputFileError("too_big", size=info.st_size, limit=limit)
        raw = _read_up_to(descriptor, limit + 1)
    except OSError as exc:
        raise InputFileError("unreadable", error=str(exc.strerror or exc)) from None
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise InputFileError("too_big", size=len(raw), limit=limit)
    return raw


def _read_up_to(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def load_scenario_source(path: str | Path) -> LoadedScenario:
    name = str(path)
    try:
        raw = read_input_file(path, MAX_FILE_BYTES)
    except InputFileError as exc:
        raise ScenarioError([Problem(name, 1, "(file)", exc.key, exc.params)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise ScenarioError([problem(name, line, "(file)", "not_utf8", byte=byte)]) from None
    return LoadedScenario(parse_scenario(text, name), text, name)


def check_file(path: str | Path) -> list[Problem]:
    """Every problem of one file (empty if it is valid)."""
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return exc.problems
    return []


def locate(text: str, source: str, loc: tuple[str | int, ...]) -> tuple[int, str]:
    """(line, dotted path) of a field of valid scenario text, for messages about it."""
    return _line_of(_read_yaml(text, source), loc), _dotted(loc)


def parse_scenario(text: str, source: str = "<string>") -> Scenario:
    """Validate scenario text; ``source`` names the file in messages."""
    tree = _read_yaml(text, source)
    try:
        scenario = Scenario.model_validate(tree)
    except ValidationError as exc:
        problems = [_from_pydantic(err, tree, source) for err in exc.errors()]
        raise ScenarioError(_at_most(_dedupe(problems), source)) from None
    findings = check_scenario(scenario)
    if findings:
        problems = [
            Problem(source, _line_of(tree, loc), _dotted(loc), key, params)
            for loc, key, params in findings
        ]
        raise ScenarioError(problems)
    return scenario


# ---- YAML -----------------------------------------------------------------------------------


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date (2024-02-30) as its text.

    ruamel raises a bare ValueError for it; as text, validation reports the field and line.
    """

    def construct_lenient_timestamp(self, node: ScalarNode) -> object:
        try:
            value: object = self.construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)
        return value


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _Constructor.construct_lenient_timestamp
)


class _OversizeError(YAMLError):
    """A composed document beyond the limits: ``problem`` says which, at ``line``."""

    def __init__(self, line: int, path: str, key: str, **params: Any) -> None:
        self.line, self.path, self.key, self.params = line, path, key, params
        super().__init__(key)


class _BoundedComposer(Composer):
    """A composer that measures each document before anything is built from it.

    Aliases share one node, so a "billion laughs" file is small as nodes yet huge once
    expanded (and pydantic expands it): what it expands to is counted on the node graph.
    """

    def compose_document(self) -> Any:
        node = super().compose_document()
        _check_nodes(node)
        return node


def _check_nodes(root: Node) -> None:
    """Refuse a node graph whose expansion is too large or too deep, whose aliases contain
    themselves, or with a text or number too long; raise :class:`_OversizeError`."""
    measured: dict[int, tuple[int, int]] = {}  # id → (values when expanded, depth)
    open_nodes: set[int] = set()  # the current path of the walk (an alias back to it: a cycle)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            values = [measured[id(child)] for child in _children(node)]
            size = 1 + sum(count for count, _depth in values)
            depth = 1 + max((d for _count, d in values), default=0)
            measured[key] = (size, depth)
            if size > MAX_VALUES:
                raise _OversizeError(
                    _node_line(node), "(yaml)", "too_many_values", limit=MAX_VALUES
                )
            if depth > MAX_DEPTH:
                raise _OversizeError(_node_line(node), "(yaml)", "too_deep", limit=MAX_DEPTH)
            continue
        if key in measured:
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise _OversizeError(_node_line(child), "(yaml)", "alias_cycle")
            if id(child) not in measured:
                stack.append((child, False))
    _check_scalars(root)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_scalars(root: Node) -> None:
    """Every text and number of a measured graph, each once, with its path."""
    seen: set[int] = set()
    stack: list[tuple[Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            _check_scalar(node, loc)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else "(key)"
                step = quoted(name) if isinstance(name, str) else "(key)"
                stack.extend([(key, loc), (value, (*loc, step))])
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*loc, index)) for index, item in enumerate(node.value))


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _check_scalar(node: ScalarNode, loc: Loc) -> None:
    text = node.value if isinstance(node.value, str) else ""
    where = _dotted(loc) if loc else "(yaml)"
    if len(text) > MAX_TEXT_CHARS:
        raise _OversizeError(
            _node_line(node), where, "text_too_long", count=len(text), limit=MAX_TEXT_CHARS
        )
    if str(node.tag) in _NUMBER_TAGS and len(text) > MAX_NUMBER_CHARS:
        raise _OversizeError(
            _node_line(node), where, "number_too_long", count=len(text), limit=MAX_NUMBER_CHARS
        )


def _node_line(node: Node) -> int:
    mark = getattr(node, "start_mark", None)
    return int(mark.line) + 1 if mark is not None else 1


def _read_yaml(text: str, source: str) -> CommentedMap:
    if not text.strip():
        raise ScenarioError([problem(source, 1, "(file)", "empty")])
    if len(text) > MAX_FILE_BYTES:
        too_many = problem(
            source, 1, "(file)", "too_many_chars", count=len(text), limit=MAX_FILE_BYTES
        )
        raise ScenarioError([too_many])
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Composer = _BoundedComposer
    yaml.allow_duplicate_keys = False
    yaml.max_depth = MAX_DEPTH
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a reused anchor is legal YAML; not worth a word
            tree = yaml.load(text)
    except _OversizeError as exc:
        raise ScenarioError(
            [Problem(source, _clamp_line(exc.line, text), exc.path, exc.key, exc.params)]
        ) from None
    except MaxDepthExceededError as exc:
        mark = exc.problem_mark
        line = _clamp_line(mark.line + 1, text) if mark is not None else 1
        deep = problem(source, line, "(yaml)", "yaml_too_deep", limit=MAX_DEPTH)
        raise ScenarioError([deep]) from None
    except MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, text, source)]) from None
    except ReaderError as exc:
        raise ScenarioError([_reader_problem(exc, text, source)]) from None
    except (YAMLError, ValueError) as exc:  # no position known (e.g. "!!int many")
        detail = quoted(_first_line(str(exc)) or type(exc).__name__, 120)
        raise ScenarioError([problem(source, 1, "(yaml)", "yaml_syntax", detail=detail)]) from None
    except RecursionError:
        raise ScenarioError([problem(source, 1, "(yaml)", "yaml_nested")]) from None
    if not isinstance(tree, CommentedMap):
        top = problem(source, 1, "(file)", "top_level", kind=_kind_of(tree))
        raise ScenarioError([top])
    return tree


_OPENERS = {
    "flow sequence": "bracket",
    "flow mapping": "brace",
    "quoted scalar": "quote",
}
"""Per parser context (``while parsing a flow sequence``): what opens it (``unclosed_<it>``)."""


def _syntax_problem(exc: MarkedYAMLError, text: str, source: str) -> Problem:
    """A parser/scanner error at its line; an unclosed bracket or quote at its opening line."""
    unclosed = _unclosed(exc) or _quote_closed_late(exc, text)
    if unclosed is not None:
        line, key, params = unclosed
    else:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = (exc.problem or exc.context or "").strip()
        key, params = ("yaml_syntax", {"detail": detail}) if detail else ("yaml_invalid", {})
    return Problem(source, _clamp_line(line, text), "(yaml)", key, params)


_Unclosed = tuple[int, str, dict[str, Any]]
"""``(line, key, params)`` of a bracket or quote left open."""


def _unclosed(exc: MarkedYAMLError) -> _Unclosed | None:
    """``(line, key, params)`` if the parser ran past the end of a ``[``, ``{`` or quote.

    The parser notices only where it gives up (the next key, or the end of the file), so the
    problem is reported where the bracket or quote opened.
    """
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    opened, stopped = exc.context_mark, exc.problem_mark
    at_end = "end of stream" in problem
    if opened is None or stopped is None or not (at_end or problem.startswith("expected ','")):
        return None
    if not at_end and stopped.line <= opened.line:
        return None  # gave up on the opening line itself: a malformed line, not an open one
    for construct, opener in _OPENERS.items():
        if construct in context:
            gave_up = 0 if at_end else stopped.line + 1  # 0: at the end of the file
            return opened.line + 1, f"unclosed_{opener}", {"gave_up": gave_up}
    return None


def _quote_closed_late(exc: MarkedYAMLError, text: str) -> _Unclosed | None:
    """``(line, key, params)`` if the parser gave up just after a quoted text that runs over
    several lines: a quote left open on one line is closed by the next quote, further down, and
    the error shows only there. Reported where the quote opened."""
    stopped = exc.problem_mark
    if stopped is None:
        return None
    try:
        for token in YAML().scan(text):
            if not isinstance(token, ScalarToken) or token.style not in {'"', "'"}:
                continue
            start, end = token.start_mark.line, token.end_mark.line
            if start < end == stopped.line:
                return start + 1, "quote_closed_late", {"closed": end + 1}
            if start > stopped.line:
                break
    except YAMLError:
        return None
    return None


def _reader_problem(exc: ReaderError, text: str, source: str) -> Problem:
    """A character YAML does not allow (NUL, other control characters), at its line."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text[:position].count("\n") + 1
    code = _code_point(exc.character)
    if code is None:
        return problem(source, line, "(yaml)", "bad_character")
    return problem(source, line, "(yaml)", "bad_character_code", code=f"{code:04x}")


def _code_point(character: object) -> int | None:
    """ruamel gives the offending character as its code point (or, for bytes, as a byte)."""
    if isinstance(character, int):
        return character
    if isinstance(character, str | bytes) and len(character) == 1:
        return ord(character)
    return None


def _clamp_line(line: int, text: str) -> int:
    """Parsers report end of stream one line past a final newline; stay inside the file."""
    return max(1, min(line, len(text.splitlines())))


# ---- locations ------------------------------------------------------------------------------


def _dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc) or "(scenario)"


def _line_of(tree: Any, loc: Loc) -> int:
    """The 1-based line of the deepest node of ``loc`` present in the YAML tree.

    A key that came in through a merge key (``<<: *anchor``) has no line of its own; it is
    reported at the line of the mapping that merges it.
    """
    line = 1
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            own = _own_line(node, part)
            if own is None:
                return _mapping_line(node, line)
            line, node = own, node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = _own_line(node, part) or line
            node = node[part]
        elif isinstance(node, CommentedMap | CommentedSeq) and not isinstance(part, int):
            continue  # a pydantic union tag or a synthetic step: stay on this node
        else:
            break
    return line


def _own_line(node: CommentedMap | CommentedSeq, part: str | int) -> int | None:
    """The 1-based line ruamel recorded for a key or item, if it recorded one."""
    data = getattr(node.lc, "data", None)
    position = data.get(part) if isinstance(data, dict) else None
    if not position or not isinstance(position[0], int):
        return None
    return int(position[0]) + 1


def _mapping_line(node: CommentedMap, fallback: int) -> int:
    """Where a mapping starts (its ``{`` or first key), or ``fallback`` if unknown."""
    line = getattr(node.lc, "line", None)
    return line + 1 if isinstance(line, int) else fallback


def _clean_loc(loc: Loc, tree: Any) -> Loc:
    """Drop pydantic's union tags (e.g. ``events.0.budget_cut.factor``) that are not YAML keys."""
    cleaned: list[str | int] = []
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part not in node and _is_tag(part):
            continue
        cleaned.append(part)
        node = _child(node, part)
    return tuple(cleaned)


def _child(node: Any, part: str | int) -> Any:
    """The YAML node under a key or an index, or ``None`` if there is none."""
    if isinstance(node, CommentedMap) and part in node:
        return node[part]
    if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _event_kinds() -> tuple[str, ...]:
    """The ``kind`` of every event model, in schema order."""
    union = get_args(Event)[0]
    return tuple(tag for member in get_args(union) for tag in _literal_values(member, "kind"))


def _literal_values(model: Any, field: str) -> tuple[str, ...]:
    info = getattr(model, "model_fields", {}).get(field)
    return tuple(str(value) for value in get_args(getattr(info, "annotation", None)))


_EVENT_KINDS = _event_kinds()
_VALIDATOR_TAGS = frozenset({"function-after", "function-before", "function-plain"})


def _is_tag(part: str | int) -> bool:
    return part in _EVENT_KINDS or part in _VALIDATOR_TAGS


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that owns the field at ``loc`` (for listing allowed keys)."""
    annotation: Any = Scenario
    for part in loc:
        annotation = _step_into(annotation, part, loc)
        if annotation is None:
            return None
    model = _unwrap(annotation, loc)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _step_into(annotation: Any, part: str | int, loc: Loc) -> Any:
    """The annotation one step down ``part`` (a field, a list index or a dict key)."""
    target = _unwrap(annotation, loc)
    origin = get_origin(target)
    if origin in (tuple, list):
        items = [a for a in get_args(target) if a is not Ellipsis]
        return items[0] if isinstance(part, int) and items else None
    if origin is dict:
        return get_args(target)[-1]
    fields = getattr(target, "model_fields", None)
    if fields is None:
        return None
    if part in fields:
        return fields[part].annotation
    return target if _is_tag(part) else None  # a union tag names the member we are in


def _unwrap(annotation: Any, loc: Loc) -> Any:
    """Strip ``Annotated`` and ``X | None``; pick the union member whose kind is in ``loc``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        members = [a for a in get_args(annotation) if a is not type(None)]
        models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
        if get_origin(annotation) in (tuple, list, dict) or not models:
            return annotation
        tagged = [m for m in models if set(_literal_values(m, "kind")) & set(map(str, loc))]
        annotation = (tagged or models)[0]


# ---- pydantic errors → problems -------------------------------------------------------------


def _from_pydantic(err: Any, tree: CommentedMap, source: str) -> Problem:
    raw_loc: Loc = tuple(err["loc"])
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    given = err.get("input")
    if kind == "union_tag_invalid":  # point at the `kind:` line, not the whole event
        raw_loc = (*raw_loc, str(ctx.get("discriminator", "kind")).strip("'"))
        given = ctx.get("tag", given)
    loc = _clean_loc(raw_loc, tree)
    described = _describe_error(kind, ctx, given, raw_loc)
    key, params = described or ("invalid", {"detail": str(err.get("msg", kind)).rstrip(".")})
    return Problem(source, _line_of(tree, loc), _dotted(loc), key, params)


_BOUNDS = {
    "greater_than_equal": ("ge", "≥"),
    "greater_than": ("gt", ">"),
    "less_than_equal": ("le", "≤"),
    "less_than": ("lt", "<"),
}

Described = tuple[str, dict[str, Any]]
"""``(key, params)`` of a problem."""


def _describe_error(kind: str, ctx: dict[str, Any], given: Any, raw_loc: Loc) -> Described | None:
    """``(key, params)`` for one pydantic error; ``None`` if the error is not one we know."""
    if kind == "missing":
        return "missing", {}
    if kind == "extra_forbidden":
        return _unknown_key(str(raw_loc[-1]), _model_at(raw_loc[:-1]))
    if kind == "literal_error":
        return _not_allowed(given, _choices(ctx.get("expected")), "or")
    if kind == "union_tag_invalid":
        return _not_allowed(given, _choices(ctx.get("expected_tags")), "")
    if kind == "union_tag_not_found":
        return "missing_kind", {"kinds": ", ".join(_EVENT_KINDS)}
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return "out_of_range", {"given": _short(given), "sign": sign, "bound": _bound(ctx.get(key))}
    if kind in {"too_short", "too_long"}:
        key, limit = (
            ("too_few_items", "min_length")
            if kind == "too_short"
            else ("too_many_items", "max_length")
        )
        return key, {"count": ctx.get("actual_length"), "limit": ctx.get(limit)}
    if kind == "string_too_short":
        return "empty_text", {}
    if kind == "string_pattern_mismatch":
        return "bad_id", {"given": _short(given)}
    if kind == "invalid_key":
        return ("empty_key", {}) if given is None else ("key_not_name", _described(given))
    if kind == "finite_number":
        return "not_finite", _described(given)
    if kind in _NUMBER_KINDS and isinstance(given, str):
        return "text_not_number", {**_described(given), "type": _TYPE_CODES[kind]}
    if kind in _TYPE_CODES or kind.endswith(("_parsing", "_type")):
        return "wrong_type", {**_described(given), **_expected_type(kind, raw_loc)}
    return None


_NUMBER_KINDS = frozenset({"int_type", "int_parsing", "float_type", "float_parsing"})


def _choices(expected: Any) -> list[str]:
    """The values pydantic lists as allowed (``'a', 'b' or 'c'``), unquoted."""
    return re.findall(r"'([^']*)'", str(expected or ""))


def _not_allowed(given: Any, choices: list[str], joiner: str) -> Described:
    """``'x' is not allowed (one of: a, b or c)``: the last choice apart when ``joiner`` is
    ``or`` (the words are the catalog's)."""
    if joiner == "or" and len(choices) > 1:
        rest, last = ", ".join(choices[:-1]), choices[-1]
        return "not_one_of", {"given": _short(given), "allowed": rest, "last": last}
    return "not_allowed", {"given": _short(given), "allowed": ", ".join(choices)}


def _bound(limit: Any) -> str:
    """A schema bound as a reader writes it (``1,000,000,000,000``, not ``1000000000000.0``)."""
    if isinstance(limit, float) and limit.is_integer() and abs(limit) >= 1e6:
        return f"{int(limit):,}"
    return str(limit)


def _unknown_key(key: str, model: type[BaseModel] | None) -> Described:
    allowed = sorted(model.model_fields) if model is not None else []
    by_lower = {name.lower(): name for name in allowed}  # 'EN' and 'Zh' get a hint too
    close = difflib.get_close_matches(key.lower(), list(by_lower), n=1)
    params = {"given": quoted(key), "close": by_lower[close[0]] if close else ""}
    if not allowed:
        return "unknown_key_here", params
    return "unknown_key", {**params, "allowed": ", ".join(allowed)}


_TYPE_CODES = {
    "int_parsing": "whole_number",
    "int_type": "whole_number",
    "int_from_float": "whole_number",
    "float_parsing": "number",
    "float_type": "number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "string_type": "text",
    "model_type": "keys",
    "model_attributes_type": "keys",
    "dict_type": "mapping",
    "tuple_type": "list",
    "list_type": "list",
}
"""pydantic's error type → the code of what was expected (``scenario.problem.type.<code>``)."""

_MODEL_SHAPES: dict[type[BaseModel], str] = {
    Text: "bilingual_text",
    WeekRange: "week_range",
}
"""How the file writes models that are not spelt as a plain mapping of their fields."""


def _expected_type(kind: str, raw_loc: Loc) -> dict[str, str]:
    """``type``: the code of what was expected; an unknown pydantic type as ``type_name``."""
    if kind in {"model_type", "model_attributes_type"}:
        model = _model_at(raw_loc)
        if model in _MODEL_SHAPES:
            return {"type": _MODEL_SHAPES[model]}
    if kind in _TYPE_CODES:
        return {"type": _TYPE_CODES[kind]}
    return {"type": "other", "type_name": kind.replace("_", " ")}


def _kind_of(value: Any) -> str:
    """The code of what a YAML value is (``scenario.problem.kind.<code>``; never a class name)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    return "unknown"


def _described(value: Any) -> dict[str, Any]:
    """A value a message quotes: ``got_kind`` (``value``, ``list``, ``mapping`` or ``nothing``,
    ``scenario.problem.got.<kind>``) and ``got`` (the value quoted, or a list's length)."""
    if isinstance(value, list | tuple):
        return {"got_kind": "list", "got": len(value)}
    if isinstance(value, bool):
        return {"got_kind": "value", "got": str(value).lower()}
    if isinstance(value, dict) or value is None:
        return {"got_kind": _kind_of(value), "got": ""}
    return {"got_kind": "value", "got": _short(value)}


def _short(value: Any) -> str:
    """A value quoted in a message: one line, at most 40 characters (never the whole of a
    list or mapping, which aliases may have made huge)."""
    if isinstance(value, list | tuple):
        return f"[{len(value)}]"
    if isinstance(value, dict):
        return "{...}"
    return quoted(value, 40)


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""


def _at_most(problems: list[Problem], source: str) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` problems, then one line counting the rest."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    more = problem(source, problems[MAX_PROBLEMS].line, "(file)", "more_problems", count=rest)
    return [*problems[:MAX_PROBLEMS], more]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, str, str, str]] = set()
    unique: list[Problem] = []
    for found in problems:
        key = (found.line, found.path, found.key, repr(sorted(found.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(found)
    return unique
