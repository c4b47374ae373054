"""Values worked out once per scenario object and shared by every deal played on it.

A scenario is frozen, so what a deal derives from it alone (the buying centre's starting
state, who introduces whom) is the same for every deal on it: batch runs play thousands of
deals on one scenario object. Values are kept while the scenario object lives (a weak
reference drops them with it); callers copy whatever a deal may change.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# id(scenario) → (a weak reference to it, {what: value}); the reference's callback removes the
# entry when the scenario is collected, so a recycled id never finds another scenario's values
_VALUES: dict[int, tuple[weakref.ref[Any], dict[str, Any]]] = {}


def once_per_scenario(scenario: object, what: str, make: Callable[[], T]) -> T:
    """``make()`` the first time ``what`` is asked for ``scenario``; the same value after."""
    key = id(scenario)
    entry = _VALUES.get(key)
    if entry is None or entry[0]() is not scenario:

        def forget(_: weakref.ref[Any]) -> None:
            _VALUES.pop(key, None)

        entry = (weakref.ref(scenario, forget), {})
        _VALUES[key] = entry
    values = entry[1]
    if what not in values:
        values[what] = make()
    value: T = values[what]
    return value
