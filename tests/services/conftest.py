from __future__ import annotations

import pytest

from tests.helpers import PROPOSALS, FakeEngine


@pytest.fixture
def engine() -> FakeEngine:
    """An engine that proposes PROPOSALS for any text."""
    return FakeEngine(proposals=list(PROPOSALS))
