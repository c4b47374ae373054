"""Argument types shared by the ``sandtable`` subcommands and the scripts.

Every number on a command line is bounded: a count of replications or workers has a ceiling
(so nothing is allocated per replication beyond what a machine holds), a seed has at most
:data:`MAX_SEED`, and a text is never converted to a number when it is longer than any bound.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sim.safe_text import quoted

MAX_SEED = 2**128 - 1
"""The largest seed (what ``numpy.random.SeedSequence`` draws from the OS is 128 bits)."""
MAX_REPLICATIONS = 1_000_000
"""The most replications one ``sandtable batch`` run plays."""
MAX_REPORT_REPLICATIONS = 1_000
"""The most seeds per ghost policy a ``sandtable report`` plays."""
MAX_COUNT = 2**63 - 1
"""Any other whole number (ids, counts) fits a 64-bit integer."""


def whole_number(text: str, *, least: int = 0, most: int = MAX_COUNT, what: str = "") -> int:
    """``text`` as a whole number from ``least`` to ``most``, or an argparse error saying what
    is wrong (``what`` names the number in the message)."""
    digits = text.strip().lstrip("+-")
    if len(digits) > len(str(most)) + 1 and digits.isdigit():
        raise argparse.ArgumentTypeError(
            f"{what or quoted(text, 24)} is too large (expected at most {most:,})"
        )
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{quoted(text)}' is not a whole number") from None
    name = what or str(value)
    if value < least:
        if what:
            raise argparse.ArgumentTypeError(f"{what} must be {least} or more, not {value}")
        raise argparse.ArgumentTypeError(f"{name} is too small (expected {least} or more)")
    if value > most:
        shown = (
            f"{what} must be at most {most:,}, not {value:,}"
            if what
            else (f"{value:,} is too large (expected at most {most:,})")
        )
        raise argparse.ArgumentTypeError(shown)
    return value


def bounded_number(least: int, most: int, what: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``least`` to ``most``."""

    def parse(text: str) -> int:
        return whole_number(text, least=least, most=most, what=what)

    parse.__name__ = what or "whole number"  # argparse names the type in some messages
    return parse


def positive_number(text: str) -> int:
    """A whole number ≥ 1 (replication counts)."""
    return whole_number(text, least=1, most=MAX_REPLICATIONS)


def seed_number(text: str) -> int:
    """A seed: a whole number from 0 to :data:`MAX_SEED`."""
    return whole_number(text, least=0, most=MAX_SEED, what="the seed")
