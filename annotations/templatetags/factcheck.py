"""Template filters."""

from __future__ import annotations

from django import template

from annotations.services.validators import is_web_url

register = template.Library()


@register.filter
def web_url(value: str) -> str:
    """The address if it is http(s), else nothing: escaping alone leaves a
    javascript: link live, and data written around the services could hold one."""
    return value if value and is_web_url(value) else ""
