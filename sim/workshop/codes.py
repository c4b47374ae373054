"""Join codes and trainer codes: short, unambiguous when read aloud or off a projector."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: str) -> str:
    """What people type: any case, spaces or dashes (``ab3-k7q`` → ``AB3K7Q``)."""
    return re.sub(r"[\s\-_]+", "", text).upper()


def well_formed(code: str) -> bool:
    """A code a trainer may choose: 4 to 12 letters and digits (after :func:`normalise_code`)."""
    return re.fullmatch(r"[A-Z0-9]{4,12}", code) is not None
