"""Writes on spans. Each call is one transaction that also writes its audit event.

Edits of an existing span take the version the caller saw; a stale one raises
ConflictError and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from annotations.models import Document, Evidence, Span, Verdict
from annotations.services.audit import NO_CONTEXT, RequestContext, record
from annotations.services.errors import ConflictError, ValidationError


def span_snapshot(span: Span) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "kind": span.kind,
        "status": span.status,
        "version": span.version,
    }


def validate_offsets(document: Document, start: int, end: int) -> str:
    """Check start/end against the document; return the slice they cover."""
    if not isinstance(start, int) or not isinstance(end, int):
        raise ValidationError("start and end must be whole numbers")
    if start < 0:
        raise ValidationError(f"start {start} is negative")
    if end <= start:
        raise ValidationError(f"end {end} must be greater than start {start}")
    if end > len(document.text):
        raise ValidationError(
            f"end {end} is past the end of the document ({len(document.text)} characters)"
        )
    text = document.text[start:end]
    if not text.strip():
        raise ValidationError(f"the span {start}:{end} covers only white space")
    return text


def validate_kind(document: Document, kind: str) -> None:
    kinds = document.project.claim_kinds
    if kind not in kinds:
        raise ValidationError(
            f"kind {kind!r} is not one of this project's kinds: {', '.join(kinds)}"
        )


def lock_span(span: Span | int, expected_version: int, *, with_text: bool = False) -> Span:
    """Fetch the span for update and check the caller saw its current version.

    The document's text comes along only when asked for (boundary changes check
    offsets against it): most edits need just the project, not a long text.
    """
    pk = span.pk if isinstance(span, Span) else span
    # of=("self",): lock the span row only, not its document and project too, which
    # would serialize every edit in a project and can deadlock with pre-annotation.
    spans = Span.objects.select_for_update(of=("self",)).select_related("document__project")
    if not with_text:
        spans = spans.defer("document__text", "document__metadata")
    current = spans.get(pk=pk)
    if current.version != expected_version:
        raise ConflictError(current, expected_version)
    return current


def save_change(span: Span, user: AbstractBaseUser, fields: list[str]) -> None:
    """Save a locked span's changed fields and bump its version."""
    span.updated_by = user
    span.version += 1
    span.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _change(
    current: Span, changes: dict[str, Any], action: str, user: AbstractBaseUser, ctx: RequestContext
) -> Span:
    """Set fields on a locked span, bump its version and audit it; the caller holds
    the transaction."""
    before = span_snapshot(current)
    for name, value in changes.items():
        setattr(current, name, value)
    save_change(current, user, list(changes))
    record(
        actor=user,
        action=action,
        obj=current,
        project_id=current.document.project_id,
        before=before,
        after=span_snapshot(current),
        ctx=ctx,
    )
    return current


def span_create(
    *,
    document: Document,
    start: int,
    end: int,
    kind: str,
    user: AbstractBaseUser,
    status: str = Span.Status.ACCEPTED,
    ctx: RequestContext = NO_CONTEXT,
) -> Span:
    """A person marks a new claim span; it starts accepted (undo of a delete puts
    back the status it had)."""
    text = validate_offsets(document, start, end)
    validate_kind(document, kind)
    if status not in Span.Status.values:
        raise ValidationError(f"status {status!r} is not a span status")
    with transaction.atomic():
        if Span.objects.filter(
            document=document, start=start, end=end, kind=kind, origin=Span.Origin.HUMAN
        ).exists():
            raise ValidationError(f"a {kind} span at {start}:{end} already exists")
        span = Span.objects.create(
            document=document,
            start=start,
            end=end,
            text=text,
            kind=kind,
            origin=Span.Origin.HUMAN,
            status=status,
            created_by=user,
            updated_by=user,
        )
        record(
            actor=user,
            action="span.create",
            obj=span,
            project_id=document.project_id,
            after=span_snapshot(span),
            ctx=ctx,
        )
    return span


def _set_status(
    span: Span | int,
    *,
    expected_version: int,
    status: str,
    action: str,
    user: AbstractBaseUser,
    ctx: RequestContext,
) -> Span:
    with transaction.atomic():
        current = lock_span(span, expected_version)
        return _change(current, {"status": status}, action, user, ctx)


def span_accept(
    *,
    span: Span | int,
    expected_version: int,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Span:
    return _set_status(
        span,
        expected_version=expected_version,
        status=Span.Status.ACCEPTED,
        action="span.accept",
        user=user,
        ctx=ctx,
    )


def span_reject(
    *,
    span: Span | int,
    expected_version: int,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Span:
    return _set_status(
        span,
        expected_version=expected_version,
        status=Span.Status.REJECTED,
        action="span.reject",
        user=user,
        ctx=ctx,
    )


def span_update(
    *,
    span: Span | int,
    expected_version: int,
    user: AbstractBaseUser,
    start: int | None = None,
    end: int | None = None,
    kind: str | None = None,
    ctx: RequestContext = NO_CONTEXT,
) -> Span:
    """Change a span's boundaries and/or kind. The first-proposed offsets are kept."""
    with transaction.atomic():
        current = lock_span(span, expected_version, with_text=True)
        document = current.document
        new_start = current.start if start is None else start
        new_end = current.end if end is None else end
        new_kind = current.kind if kind is None else kind
        text = validate_offsets(document, new_start, new_end)
        validate_kind(document, new_kind)
        if (new_start, new_end, new_kind) == (current.start, current.end, current.kind):
            raise ValidationError("nothing to change: boundaries and kind are as they were")
        changes = {"start": new_start, "end": new_end, "text": text, "kind": new_kind}
        return _change(current, changes, "span.update", user, ctx)


def span_delete(
    *,
    span: Span | int,
    expected_version: int,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> None:
    """Delete a span a person created. Machine proposals are rejected, never deleted."""
    with transaction.atomic():
        current = lock_span(span, expected_version)
        if current.origin != Span.Origin.HUMAN:
            raise ValidationError("only spans a person created can be deleted; reject this one")
        # Deleting would cascade to reviewed work without a trace of its own.
        if Verdict.objects.filter(span=current).exists():
            raise ValidationError("this span has a verdict; remove the verdict first")
        if Evidence.objects.filter(Q(claim=current) | Q(source_span=current)).exists():
            raise ValidationError("this span is linked as evidence; remove the links first")
        record(
            actor=user,
            action="span.delete",
            obj=current,
            project_id=current.document.project_id,
            before=span_snapshot(current),
            ctx=ctx,
        )
        current.delete()


def span_revert(
    *,
    span: Span | int,
    expected_version: int,
    snapshot: dict[str, Any],
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Span:
    """Put a span's boundaries, kind and status back as a snapshot had them (undo)."""
    with transaction.atomic():
        current = lock_span(span, expected_version, with_text=True)
        document = current.document
        start, end, kind, status = (snapshot[k] for k in ("start", "end", "kind", "status"))
        if status not in Span.Status.values:
            raise ValidationError(f"status {status!r} is not a span status")
        text = validate_offsets(document, start, end)
        changes = {"start": start, "end": end, "text": text, "kind": kind, "status": status}
        return _change(current, changes, "span.revert", user, ctx)
