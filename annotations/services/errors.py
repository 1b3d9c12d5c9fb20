"""Errors the services raise; views and the API turn them into responses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from annotations.models import Span

__all__ = ["ConflictError", "StaleError", "ValidationError"]


class ConflictError(Exception):
    """The caller edited an out-of-date version; nothing was written (HTTP 409)."""

    def __init__(self, current: Span, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            f"span {current.pk} is at version {current.version}, "
            f"not {expected_version}: someone else changed it first"
        )


class StaleError(Exception):
    """Something other than a span changed under the caller (an evidence link decided
    or removed by someone else); nothing was written (HTTP 409)."""
