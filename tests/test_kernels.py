"""The same games give the same event logs whichever CPU kernels the machine picks.

A session saved on one machine is replayed on another, and a Dask cluster may mix CPUs, so the
model's numbers must not depend on the kernels OpenBLAS, numpy or glibc choose at run time
(sim/model/numerics.py says why and how). One machine can play several CPUs: each setting below
makes the libraries pick other kernels. ``tests/kernel_digest.py`` plays every shipped scenario
(expert and naive, several seeds, hidden-state trace on and off) and prints one digest of all
the event logs, plus a *control* digest of the calls the model must not use — the control shows
that a setting really changed the kernels.
"""

from __future__ import annotations

import functools
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "kernel_digest.py"


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def _settings() -> list[dict[str, str]]:
    """Kernel settings this machine can run (Haswell kernels need AVX2 and FMA)."""
    settings: list[dict[str, str]] = [
        {"NPY_DISABLE_CPU_FEATURES": "X86_V3"},  # numpy 2.x: no AVX2/FMA/AVX-512 loops
        {"NPY_DISABLE_CPU_FEATURES": "AVX512_ICL X86_V4"},  # no AVX-512 loops
        {"GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F"},  # libm without FMA
    ]
    if platform.machine() in ("x86_64", "AMD64"):
        cores = ["Sandybridge", "Nehalem"]
        if {"avx2", "fma"} <= _cpu_flags():
            cores.insert(0, "Haswell")
        settings = [{"OPENBLAS_CORETYPE": core} for core in cores] + settings
    return settings


SETTINGS = _settings()


def _digest(setting: dict[str, str]) -> tuple[str, str]:
    """(control digest, games digest) from a fresh process under ``setting``."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "GLIBC_TUNABLES")}
    env.update(setting)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--seeds", "3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{setting}: {done.stderr[-2000:]}"
    lines = done.stdout.split()
    return lines[1], lines[2]


@functools.cache
def _baseline() -> tuple[str, str]:
    return _digest({})


def _name(setting: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in setting.items())


@pytest.mark.parametrize("setting", SETTINGS, ids=_name)
def test_games_do_not_depend_on_cpu_kernels(setting: dict[str, str]) -> None:
    _, games = _digest(setting)
    assert games == _baseline()[1], (
        f"under {setting} the event logs differ: a kernel-dependent product, reduction or "
        "transcendental function has crept into the model, engine or policies "
        "(see sim/model/numerics.py); run tests/kernel_digest.py --verbose to see which games"
    )


def test_kernel_settings_really_switch_kernels() -> None:
    """Without this the test above could pass because no setting changed anything."""
    controls = {_digest(setting)[0] for setting in SETTINGS}
    assert controls - {_baseline()[0]}, "no kernel setting changed the control computation"
