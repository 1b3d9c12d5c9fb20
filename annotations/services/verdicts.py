"""Verdicts: one current verdict per claim span. A verdict change bumps the span's
version, so two reviewers judging the same claim at once cannot overwrite each other."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.models import Span, Verdict
from annotations.services.audit import NO_CONTEXT, RequestContext, record
from annotations.services.errors import ValidationError
from annotations.services.spans import lock_span, save_change

RATIONALE_MAX = 10_000


def verdict_set(
    *,
    span: Span | int,
    expected_version: int,
    label: str,
    rationale: str = "",
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Verdict:
    """Set (or replace) the verdict on a claim span."""
    rationale = rationale.strip()
    if len(rationale) > RATIONALE_MAX:
        raise ValidationError(f"rationale is longer than {RATIONALE_MAX:,} characters")
    with transaction.atomic():
        current = lock_span(span, expected_version)
        scale = current.document.project.verdict_scale
        if label not in scale:
            raise ValidationError(
                f"verdict {label!r} is not on this project's scale: {', '.join(scale)}"
            )
        if current.status == Span.Status.REJECTED:
            raise ValidationError(
                "a rejected span is not a claim; accept it before giving a verdict"
            )
        new = {"label": label, "rationale": rationale}
        # Given a verdict, _replace always returns one.
        return cast(Verdict, _replace(current, new, "verdict.set", user, ctx))


def verdict_revert(
    *,
    span: Span | int,
    expected_version: int,
    previous: dict[str, str] | None,
    user: AbstractBaseUser,
    ctx: RequestContext = NO_CONTEXT,
) -> Verdict | None:
    """Put back the verdict a span had before (undo): its label and rationale, or none."""
    with transaction.atomic():
        current = lock_span(span, expected_version)
        return _replace(current, previous, "verdict.revert", user, ctx)


def _replace(
    current: Span,
    new: dict[str, str] | None,
    action: str,
    user: AbstractBaseUser,
    ctx: RequestContext,
) -> Verdict | None:
    """Make the locked span's verdict `new` (label, rationale), or remove it when
    None; bump the span's version and audit the change with what it replaced."""
    verdict = Verdict.objects.filter(span=current).first()
    before = {"label": verdict.label, "rationale": verdict.rationale} if verdict else None
    if new is None:
        if verdict is not None:
            verdict.delete()
        verdict = None
    else:
        verdict = verdict or Verdict(span=current)
        verdict.label, verdict.rationale = new["label"], new.get("rationale", "")
        verdict.reviewer = user
        verdict.save()
    save_change(current, user, [])
    record(
        actor=user,
        action=action,
        obj=current,
        project_id=current.document.project_id,
        before=before,
        after=new and {**new, "span_version": current.version},
        ctx=ctx,
    )
    return verdict
