"""One owner of randomness: named child streams of the session's seed.

Each subsystem gets its own stream, keyed by name rather than by the order of requests, so
changing a decision (which changes how many numbers our team's stream draws) never shifts the
draws of the customer's clock, the events or the competitors.
"""

from __future__ import annotations

import numpy as np

SUBSYSTEMS: tuple[str, ...] = (
    "timeline",
    "events",
    "competitors",
    "decision",
    "delivery",
    "team",
    "observation",
    "signals",
)

Seed = int | np.random.SeedSequence


class Streams:
    """Named, independent numpy generators derived from one seed (``SeedSequence``)."""

    def __init__(self, seed: Seed) -> None:
        root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self.root = root

    def sequence(self, name: str, *extra: int) -> np.random.SeedSequence:
        key = (*self.root.spawn_key, SUBSYSTEMS.index(name), *extra)
        return np.random.SeedSequence(self.root.entropy, spawn_key=key)

    def generator(self, name: str, *extra: int) -> np.random.Generator:
        return np.random.Generator(np.random.PCG64(self.sequence(name, *extra)))


def describe_seed(seed: Seed) -> int | dict[str, object]:
    """A JSON-friendly form of a seed, for session files."""
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": seed.entropy, "spawn_key": list(seed.spawn_key)}
    return int(seed)


def seed_from(data: object) -> Seed:
    """Read a seed written by :func:`describe_seed`; raise ValueError saying what is wrong."""
    if isinstance(data, dict):
        entropy = data.get("entropy")
        key = data.get("spawn_key", [])
        if isinstance(entropy, bool) or not isinstance(entropy, int) or entropy < 0:
            raise ValueError(f"seed.entropy must be a whole number ≥ 0, got {entropy!r}")
        if not isinstance(key, list) or not all(
            isinstance(k, int) and not isinstance(k, bool) and k >= 0 for k in key
        ):
            raise ValueError(f"seed.spawn_key must be a list of whole numbers ≥ 0, got {key!r}")
        return np.random.SeedSequence(entropy, spawn_key=tuple(key))
    if isinstance(data, bool) or not isinstance(data, int) or data < 0:
        raise ValueError(f"a seed must be a whole number ≥ 0, got {data!r}")
    return data
