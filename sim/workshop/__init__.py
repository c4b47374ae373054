"""Workshop mode: many teams, one scenario and seed, one shared SQLite store.

- :class:`Store` — the store file (WAL, busy timeout, versioned schema with migrations).
- :class:`Facilitator` — the trainer: create a workshop, the live board, pace rounds, end it,
  open the comparative debrief.
- :class:`TeamSeat` — a team on one screen: join with a code, play, commit each round in one
  transaction.
- :class:`RoleSeat` — one role's seat (code + role): plan its members into the team's shared
  draft, mark ready; the week commits when every occupied seat is ready or at the deadline.

Games are stored as decisions only and rebuilt by exact replay, so every kernel that reads the
store sees the same games. Nothing here imports widgets or pandas.
"""

from sim.workshop.errors import (
    AccessError,
    ConflictError,
    JoinError,
    RoundClosedError,
    StoreBusyError,
    StoreError,
    WorkshopError,
)
from sim.workshop.records import (
    BoardRow,
    SeatInfo,
    SeatRecord,
    TeamInfo,
    TeamResult,
    WorkshopInfo,
)
from sim.workshop.seat import RoleSeat, TeamSeat
from sim.workshop.store import STORE_ENV, Store, default_store_path
from sim.workshop.trainer import Facilitator, list_workshops

__all__ = [
    "STORE_ENV",
    "AccessError",
    "BoardRow",
    "ConflictError",
    "Facilitator",
    "JoinError",
    "RoleSeat",
    "RoundClosedError",
    "SeatInfo",
    "SeatRecord",
    "Store",
    "StoreBusyError",
    "StoreError",
    "TeamInfo",
    "TeamResult",
    "TeamSeat",
    "WorkshopError",
    "WorkshopInfo",
    "default_store_path",
    "list_workshops",
]
