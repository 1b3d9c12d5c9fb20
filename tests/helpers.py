"""Small helpers shared by the domain tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Max

from annotations.claims import Proposal
from annotations.models import AuditEvent, Span


@contextmanager
def new_audit_events() -> Iterator[list[AuditEvent]]:
    """Collect the audit events written inside the block, oldest first.

    Nest `pytest.raises` inside it to check that a failed call wrote none.
    """
    mark = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
    events: list[AuditEvent] = []
    yield events
    events.extend(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def span_state(span: Span) -> dict[str, Any]:
    """Every stored field of a span, read fresh from the database."""
    return Span.objects.filter(pk=span.pk).values().get()


@dataclass
class FakeEngine:
    """A claims engine that proposes exactly what the test gives it."""

    proposals: list[Proposal] = field(default_factory=list)
    name: str = "fake"
    version: str = "1"

    @property
    def label(self) -> str:
        return f"{self.name}/{self.version}"

    def propose(self, text: str) -> list[Proposal]:
        return list(self.proposals)


# Three well-formed proposals for documents of at least 50 characters.
PROPOSALS = [
    Proposal(start=0, end=10, kind="statistic", score=0.9, attrs={"n": 1}),
    Proposal(start=20, end=30, kind="statistic", score=0.8),
    Proposal(start=40, end=50, kind="quote", score=0.7),
]


@contextmanager
def locked_elsewhere(document_id: int) -> Iterator[None]:
    """Hold a row lock on a document from another connection, as a second worker
    writing it would, for as long as the block runs."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM annotations_document WHERE id = %s FOR UPDATE", [document_id]
                )
                locked.set()
                release.wait(10)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert locked.wait(10), "the other connection did not get the lock"
        yield
    finally:
        release.set()
        thread.join(10)


def install_engine(monkeypatch: Any, proposals: list[Proposal]) -> FakeEngine:
    """Make pre-annotation use a FakeEngine proposing `proposals`."""
    from annotations.services import preannotation

    engine = FakeEngine(proposals=list(proposals))
    monkeypatch.setattr(preannotation, "default_engine", lambda: engine)
    return engine
