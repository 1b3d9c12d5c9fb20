"""Undo: each reviewer's last actions, kept in their session, undone by applying the
inverse change at the version the action left. If someone changed the span since,
the undo is refused like any stale edit, so it never overwrites their work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase

from annotations.models import Document, Evidence, Span
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


def apply(
    entry: dict[str, Any], document: Document, user: AbstractBaseUser, ctx: RequestContext
) -> int | None:
    """Undo one entry; return the id of the span to show afterwards."""
    op = entry["op"]
    span_id = entry.get("span")
    try:
        if op == "span":
            span_revert(
                span=span_id,
                expected_version=entry["version"],
                snapshot=entry["before"],
                user=user,
                ctx=ctx,
            )
        elif op == "verdict":
            verdict_revert(
                span=span_id,
                expected_version=entry["version"],
                previous=entry["before"],
                user=user,
                ctx=ctx,
            )
        elif op == "create":
            span_delete(span=span_id, expected_version=entry["version"], user=user, ctx=ctx)
            return None
        elif op == "delete":
            before = entry["before"]
            span = span_create(
                document=document,
                start=before["start"],
                end=before["end"],
                kind=before["kind"],
                user=user,
                ctx=ctx,
            )
            return span.pk
        elif op == "evidence":
            evidence_remove(evidence=entry["evidence"], user=user, ctx=ctx)
        else:
            raise ValueError(f"unknown undo entry {op!r}")
    except Span.DoesNotExist:
        raise StaleError("the claim was deleted since; there is nothing to undo") from None
    except Evidence.DoesNotExist:
        raise StaleError("the evidence link was removed since") from None
    return span_id
