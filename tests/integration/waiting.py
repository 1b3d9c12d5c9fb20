from __future__ import annotations

import time
from pathlib import Path

import pytest


def wait_for(predicate, *, timeout: float = 60, what: str, log_path: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text()[-3000:]}")
