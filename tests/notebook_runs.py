"""Run one notebook top to bottom with nbval in a fresh process (outputs are not compared)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_notebook(
    notebook: Path, env: dict[str, str], timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """``pytest --nbval-lax NOTEBOOK`` with ``env`` added to this process's environment."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            str(notebook),
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--rootdir",
            str(ROOT),
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
