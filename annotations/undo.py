"""Undo: each reviewer's last actions, kept in their session, undone by applying the
inverse change at the version the action left. If someone changed the span since,
the undo is refused like any stale edit, so it never overwrites their work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from annotations.models import Document, Span
from annotations.services.audit import RequestContext
from annotations.services.errors import StaleError
from annotations.services.evidence import evidence_remove
from annotations.services.spans import span_create, span_delete, span_revert
from annotations.services.verdicts import verdict_revert

KEY = "factcheck_undo"
DEPTH = 20


def push(session: SessionBase, document_id: int, entry: dict[str, Any]) -> None:
    stack = session.get(KEY, [])
    stack.append({**entry, "document": document_id})
    session[KEY] = stack[-DEPTH:]


def pop(session: SessionBase, document_id: int) -> dict[str, Any] | None:
    """The latest entry for this document, removed from the stack."""
    stack = session.get(KEY, [])
    for index in range(len(stack) - 1, -1, -1):
        if stack[index]["document"] == document_id:
            entry = stack.pop(index)
            session[KEY] = stack
            return entry
    return None


def rebase(
    session: SessionBase,
    old_span: int | None,
    old_version: int | None,
    new_span: int,
    new_version: int,
) -> None:
    """After an undo left a claim at a new version (or, for a re-created one, a new
    id), point the earlier steps that expected its old state at the new one, so the
    next undo goes on back rather than seeing its own change as someone else's."""
    stack = session.get(KEY, [])
    for entry in stack:
        if entry.get("span") == old_span and entry.get("version") == old_version:
            entry["span"], entry["version"] = new_span, new_version
    session[KEY] = stack


def apply(
    entry: dict[str, Any], document: Document, user: AbstractBaseUser, ctx: RequestContext
) -> tuple[int | None, int | None]:
    """Undo one entry; return the claim to show afterwards and its version now."""
    op = entry["op"]
    span_id = entry.get("span")
    try:
        if op == "span":
            span = span_revert(
                span=span_id,
                expected_version=entry["version"],
                snapshot=entry["before"],
                user=user,
                ctx=ctx,
            )
            return span.pk, span.version
        if op == "verdict":
            verdict_revert(
                span=span_id,
                expected_version=entry["version"],
                previous=entry["before"],
                user=user,
                ctx=ctx,
            )
            return span_id, entry["version"] + 1
        if op == "create":
            span_delete(span=span_id, expected_version=entry["version"], user=user, ctx=ctx)
            return None, None
        if op == "delete":
            before = entry["before"]
            span = span_create(
                document=document,
                start=before["start"],
                end=before["end"],
                kind=before["kind"],
                status=before["status"],
                user=user,
                ctx=ctx,
            )
            return span.pk, span.version
        if op == "evidence":
            evidence_remove(evidence=entry["evidence"], user=user, ctx=ctx)
            return span_id, None
        raise ValueError(f"unknown undo entry {op!r}")
    except Span.DoesNotExist:
        raise StaleError("the claim was deleted since; there is nothing to undo") from None
