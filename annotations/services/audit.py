"""Audit events: one per change, written inside the change's own transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest

from annotations.models import AuditEvent


@dataclass(frozen=True)
class RequestContext:
    """Where a change came from, for the audit trail."""

    request_id: str = ""
    ip: str | None = None


NO_CONTEXT = RequestContext()


def request_context(request: HttpRequest) -> RequestContext:
    """The request id (from a proxy's X-Request-ID, else a new one) and client IP."""
    request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
    return RequestContext(request_id=request_id, ip=request.META.get("REMOTE_ADDR") or None)


def audit_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    project_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ctx: RequestContext = NO_CONTEXT,
) -> AuditEvent:
    """Build (unsaved) the audit event for a change; callers save or bulk-create it."""
    real_actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor=real_actor,
        actor_name=real_actor.get_username() if real_actor else "system",
        action=action,
        project_id=project_id,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk),
        before=before,
        after=after,
        request_id=ctx.request_id,
        ip=ctx.ip,
    )


def record(**kwargs: Any) -> AuditEvent:
    event = audit_event(**kwargs)
    event.save()
    return event
