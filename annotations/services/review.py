"""A document's review status: taken into review on the first change, then marked
reviewed by a person."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.models import Document, Span
from annotations.services.audit import NO_CONTEXT, RequestContext, record
from annotations.services.errors import ValidationError


def document_start_review(document: Document) -> None:
    """Move a new or pre-annotated document into review (one UPDATE; a no-op
    otherwise). From then on pre-annotation leaves it alone."""
    updated = Document.objects.filter(
        pk=document.pk, status__in=[Document.Status.NEW, Document.Status.PREANNOTATED]
    ).update(status=Document.Status.IN_REVIEW)
    if updated:
        document.status = Document.Status.IN_REVIEW


def document_mark_reviewed(
    *,
    document: Document,
    user: AbstractBaseUser,
    force: bool = False,
    ctx: RequestContext = NO_CONTEXT,
) -> Document:
    """Mark a document reviewed. Undecided suggestions block it unless forced, so a
    stray key press does not close a half-reviewed document."""
    with transaction.atomic():
        current = Document.objects.select_for_update().get(pk=document.pk)
        if current.status == Document.Status.REVIEWED:
            raise ValidationError("this document is already marked reviewed")
        if current.status == Document.Status.QUEUED:
            raise ValidationError(
                "this document is queued for pre-annotation; wait for it to finish"
            )
        undecided = Span.objects.filter(document=current, status=Span.Status.SUGGESTED).count()
        if undecided and not force:
            raise ValidationError(
                f"{undecided} suggestion{'s are' if undecided != 1 else ' is'} still "
                "undecided; accept or reject them, or mark reviewed anyway",
                code="undecided",
            )
        before = {"status": current.status}
        current.status = Document.Status.REVIEWED
        current.save(update_fields=["status", "updated_at"])
        record(
            actor=user,
            action="document.reviewed",
            obj=current,
            project_id=current.project_id,
            before=before,
            after={"status": current.status, "undecided": undecided},
            ctx=ctx,
        )
    return current
