"""Evidence links from a claim span to another span or to an external source."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from annotations.models import Evidence, Span
from annotations.services.audit import NO_CONTEXT, RequestContext, record
from annotations.services.errors import StaleError, ValidationError
from annotations.services.validators import is_web_url

EXCERPT_MAX = 5_000


def _check_stance(stance: str) -> None:
    if stance not in Evidence.Stance.values:
        raise ValidationError(
            f"stance {stance!r} must be one of {', '.join(Evidence.Stance.values)}"
        )


def evidence_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "claim": evidence.claim_id,
        "source_span": evidence.source_span_id,
        "url": evidence.url,
        "stance": evidence.stance,
        "status": evidence.status,
        "origin": evidence.origin,
    }


def evidence_link_span(
    *,
    claim: Span,
    source_span: Span,
    stance: str,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Evidence:
    """Link a span elsewhere in the same project as evidence for a claim."""
    _check_stance(stance)
    if claim.pk == source_span.pk:
        raise ValidationError("a claim cannot be its own evidence")
    if claim.document.project_id != source_span.document.project_id:
        raise ValidationError("evidence must come from the same project")
    with transaction.atomic():
        if Evidence.objects.filter(claim=claim, source_span=source_span).exists():
            raise ValidationError(f"span {source_span.pk} is already linked to this claim")
        try:
            with transaction.atomic():  # a savepoint: PostgreSQL stays usable after a clash
                return _create(
                    claim=claim, user=user, ctx=ctx, source_span=source_span, stance=stance
                )
        except IntegrityError:
            # Someone linked the same span a moment ago.
            raise ValidationError(
                f"span {source_span.pk} is already linked to this claim"
            ) from None


def evidence_add_external(
    *,
    claim: Span,
    url: str,
    stance: str,
    user: AbstractBaseUser,
    publisher: str = "",
    excerpt: str = "",
    source_date: date | None = None,
    ctx: RequestContext = NO_CONTEXT,
) -> Evidence:
    """Link an external source (a web page) as evidence for a claim."""
    _check_stance(stance)
    url = url.strip()
    if not is_web_url(url):
        raise ValidationError(f"url must be an http:// or https:// address; got {url!r}")
    if len(excerpt) > EXCERPT_MAX:
        raise ValidationError(f"excerpt is longer than {EXCERPT_MAX:,} characters")
    # PostgreSQL refuses longer values (SQLite would silently keep them).
    for name, value in (("url", url), ("publisher", publisher.strip())):
        max_length = Evidence._meta.get_field(name).max_length or 0
        if len(value) > max_length:
            raise ValidationError(f"{name} is longer than {max_length:,} characters")
    with transaction.atomic():
        return _create(
            claim=claim,
            user=user,
            ctx=ctx,
            url=url,
            publisher=publisher.strip(),
            excerpt=excerpt.strip(),
            source_date=source_date,
            stance=stance,
        )


def _create(*, claim: Span, user: AbstractBaseUser, ctx: RequestContext, **fields: Any) -> Evidence:
    """A person's evidence link and its audit event; the caller holds the transaction."""
    evidence = Evidence.objects.create(
        claim=claim,
        origin=Evidence.Origin.HUMAN,
        status=Evidence.Status.ACCEPTED,
        created_by=user,
        **fields,
    )
    record(
        actor=user,
        action="evidence.link",
        obj=evidence,
        project_id=claim.document.project_id,
        after=evidence_snapshot(evidence),
        ctx=ctx,
    )
    return evidence


def _lock(evidence: Evidence | int) -> Evidence:
    pk = evidence.pk if isinstance(evidence, Evidence) else evidence
    found = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("claim__document")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise StaleError("this evidence link was removed by someone else")
    return found


def evidence_decide(
    *,
    evidence: Evidence | int,
    status: str,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Evidence:
    """Accept or reject evidence the matcher suggested. Only a suggestion still
    waiting can be decided, so two reviewers cannot overturn each other unseen."""
    if status not in (Evidence.Status.ACCEPTED, Evidence.Status.REJECTED):
        raise ValidationError(f"evidence can be accepted or rejected, not {status!r}")
    with transaction.atomic():
        current = _lock(evidence)
        if current.status != Evidence.Status.SUGGESTED:
            raise StaleError(f"this suggestion was already {current.status} by someone else")
        _decide(current, status, user, ctx)
        if status == Evidence.Status.REJECTED and current.origin == Evidence.Origin.MATCHER:
            _reject_mirror(current, user, ctx)
    return current


def _decide(evidence: Evidence, status: str, user: AbstractBaseUser, ctx: RequestContext) -> None:
    """Set a locked suggestion's status and keep the change in the audit trail."""
    before = evidence_snapshot(evidence)
    evidence.status = status
    evidence.save(update_fields=["status"])
    record(
        actor=user,
        action=f"evidence.{'accept' if status == Evidence.Status.ACCEPTED else 'reject'}",
        obj=evidence,
        project_id=evidence.claim.document.project_id,
        before=before,
        after=evidence_snapshot(evidence),
        ctx=ctx,
    )


def _reject_mirror(evidence: Evidence, user: AbstractBaseUser, ctx: RequestContext) -> None:
    """The matcher suggests each link both ways; "not the same fact" holds both
    ways, so the other claim's waiting suggestion goes too (accepting is each
    claim's own decision: one may support the other only in part)."""
    mirror = (
        Evidence.objects.select_for_update()
        .filter(
            claim_id=evidence.source_span_id,
            source_span_id=evidence.claim_id,
            origin=Evidence.Origin.MATCHER,
            status=Evidence.Status.SUGGESTED,
        )
        .select_related("claim__document")
        .first()
    )
    if mirror is not None:
        _decide(mirror, Evidence.Status.REJECTED, user, ctx)


def evidence_remove(
    *,
    evidence: Evidence | int,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> None:
    """Remove an evidence link; the audit event keeps what it was."""
    with transaction.atomic():
        current = _lock(evidence)
        snapshot = evidence_snapshot(current)
        snapshot.update(
            publisher=current.publisher,
            excerpt=current.excerpt,
            source_date=current.source_date.isoformat() if current.source_date else None,
        )
        record(
            actor=user,
            action="evidence.remove",
            obj=current,
            project_id=current.claim.document.project_id,
            before=snapshot,
            ctx=ctx,
        )
        current.delete()
