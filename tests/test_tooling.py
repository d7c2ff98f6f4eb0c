"""The code is held to its linters as to its tests: ruff (lint and format) and mypy, configured in
pyproject.toml, run by the same test command as everything else (README, .ci/run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", "."), ("ruff", "format", "--check", "."), ("mypy",)],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes_its_linters(command):
    done = _run(*command)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
