"""The layer rules of docs/architecture.md, checked on the sources (ast, no imports run).

- The inner layers (``sim.scenario``, ``sim.model``, ``sim.engine``) import no words and no
  views: not ``sim.i18n``, ipywidgets, matplotlib, jinja2 or IPython — anywhere in a module,
  inside functions and ``TYPE_CHECKING`` blocks included.
- They depend downward only: scenario ← model ← policies ← engine.
- No import cycle among ``sim`` modules. The graph counts every import that can run, including
  imports inside functions (a lazy import hides a cycle; it does not remove it); only imports
  under ``if TYPE_CHECKING:``, which never run, are left out.

``KNOWN`` lists the violations still waiting for their fix, each with the fix; a listed one that
is gone fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sim"

INNER_LAYERS = ("sim.scenario", "sim.model", "sim.engine")
FORBIDDEN_IN_INNER = ("sim.i18n", "ipywidgets", "matplotlib", "jinja2", "IPython")
# Leaf helpers any layer may use (standard library only).
UTILITIES = ("sim.arguments", "sim.safe_text")
# What each inner layer may import from sim, besides itself and the utilities.
ALLOWED = {
    "sim.scenario": (),
    "sim.model": ("sim.scenario",),
    "sim.policies": ("sim.scenario", "sim.model"),
    "sim.engine": ("sim.scenario", "sim.model", "sim.policies"),
}
KNOWN: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "sim.engine.session"
    target: str  # the module imported, resolved ("sim.engine.simulation", "numpy.random")
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


MODULES = module_names()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST, type_only: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement under ``node``, in functions too, marked if only for typing."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, type_only
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.body:
                yield from _statements(ast.Module(body=[statement], type_ignores=[]), True)
            for statement in child.orelse:
                yield from _statements(ast.Module(body=[statement], type_ignores=[]), type_only)
        else:
            yield from _statements(child, type_only)


def imports_in(module: str, source: str, *, is_package: bool = False) -> list[Import]:
    """The imports of ``module`` (whose text is ``source``), relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for statement, type_only in _statements(ast.parse(source)):
        line = statement.lineno
        if isinstance(statement, ast.Import):
            found += [Import(module, a.name, line, type_only) for a in statement.names]
            continue
        assert isinstance(statement, ast.ImportFrom)
        base = statement.module or ""
        if statement.level:
            anchor = package.split(".")[: len(package.split(".")) - (statement.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in statement.names:
            # ``from pkg import sub`` imports the module pkg.sub; ``from mod import name`` mod.
            submodule = f"{base}.{alias.name}"
            found.append(
                Import(module, submodule if submodule in MODULES else base, line, type_only)
            )
    return found


IMPORTS = {
    module: imports_in(
        module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py"
    )
    for module, path in MODULES.items()
}


def assert_only_known(found: list[str]) -> None:
    assert sorted(set(found) - set(KNOWN)) == []


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _layer(name: str) -> str | None:
    return next((layer for layer in ALLOWED if _within(name, layer)), None)


def forbidden_imports() -> list[str]:
    return [
        f"{i.module} imports {i.target}"
        for module, imports in IMPORTS.items()
        if any(_within(module, layer) for layer in INNER_LAYERS)
        for i in imports
        if any(_within(i.target, banned) for banned in FORBIDDEN_IN_INNER)
    ]


@pytest.mark.parametrize("layer", INNER_LAYERS)
def test_inner_layers_import_no_words_and_no_views(layer: str) -> None:
    assert_only_known([f for f in forbidden_imports() if _within(f.split()[0], layer)])


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_inner_layers_depend_downward_only(layer: str) -> None:
    allowed = (layer, *ALLOWED[layer], *UTILITIES)
    found = [
        f"{i.module} imports {i.target}"
        for module, imports in IMPORTS.items()
        if _layer(module) == layer
        for i in imports
        if _within(i.target, "sim") and not any(_within(i.target, a) for a in allowed)
    ]
    assert_only_known(found)


def import_graph() -> dict[str, set[str]]:
    """Module → the sim modules it imports at run time (TYPE_CHECKING blocks left out)."""
    return {
        module: {i.target for i in imports if i.target in MODULES and not i.type_only} - {module}
        for module, imports in IMPORTS.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def import_cycles() -> list[str]:
    return ["cycle " + ", ".join(component) for component in cycles(import_graph())]


def test_no_import_cycle_among_sim_modules() -> None:
    assert_only_known(import_cycles())


def test_the_known_violations_are_still_there() -> None:
    """A fixed violation leaves KNOWN too (delete its entry)."""
    found = set(forbidden_imports()) | set(import_cycles())
    assert sorted(set(KNOWN) - found) == []


def test_the_scan_reads_function_bodies_and_skips_only_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "if TYPE_CHECKING:\n"
        "    from sim.engine.simulation import Simulation\n"
        "def f() -> None:\n"
        "    import matplotlib.pyplot\n"
        "    from ..i18n import translate\n"
    )
    found = {(i.target, i.type_only) for i in imports_in("sim.model.example", source)}
    assert found == {
        ("typing", False),
        ("sim.model", False),  # no module sim.model.sibling: the package itself
        ("sim.engine.simulation", True),
        ("matplotlib.pyplot", False),
        ("sim.i18n", False),
    }


# Analysis reads a workshop store only through the workshop layer's API (docs/architecture.md):
# the package's public names, its errors, the managers' read API (``scores``), the seats' read
# API (``people``) and the store file's name; it runs no SQL and opens no SQLite file itself.
WORKSHOP_API_FOR_ANALYSIS = (
    "sim.workshop",
    "sim.workshop.errors",
    "sim.workshop.scores",
    "sim.workshop.people",
    "sim.workshop.store",
)


def store_access_outside_the_api() -> list[str]:
    found = [
        f"{i.module} imports {i.target}"
        for module, imports in IMPORTS.items()
        if _within(module, "sim.analysis")
        for i in imports
        if _within(i.target, "sim.workshop") and i.target not in WORKSHOP_API_FOR_ANALYSIS
    ]
    for module, path in MODULES.items():
        if not _within(module, "sim.analysis"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("connect", "execute"):
                found.append(f"{module} calls .{node.attr} (line {node.lineno})")
    return found


def test_analysis_reads_the_store_only_through_the_workshop_read_api() -> None:
    assert_only_known(store_access_outside_the_api())
