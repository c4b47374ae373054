"""Argument types shared by the ``sandtable`` subcommands and the scripts."""

from __future__ import annotations

import argparse


def whole_number(text: str, *, least: int = 0) -> int:
    """``text`` as a whole number ≥ ``least``, or an argparse error saying what is wrong."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"{value} is too small (expected {least} or more)")
    return value


def positive_number(text: str) -> int:
    """A whole number ≥ 1 (replication counts)."""
    return whole_number(text, least=1)
