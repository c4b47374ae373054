"""Independent random streams for replications: child ``i`` of ``SeedSequence(seed)``.

Replication ``i`` always plays with ``SeedSequence(seed).spawn(n)[i]``, whatever the chunking,
the backend or the number of workers, and whatever the variant (common random numbers). A chunk
rebuilds its children from ``(seed, i)`` instead of receiving ``n`` seed objects.
"""

from __future__ import annotations

import numpy as np


def replication_seed(seed: int, index: int) -> np.random.SeedSequence:
    """The seed of replication ``index``: equal to ``SeedSequence(seed).spawn(index + 1)[index]``.

    ``Simulation(scenario, seed=replication_seed(seed, i), policy=...)`` replays replication
    ``i`` of a batch deal by deal (with the full event log).
    """
    if index < 0:
        raise ValueError(f"replication index {index} is negative")
    root = np.random.SeedSequence(seed)
    return np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, index),
                                  pool_size=root.pool_size)
