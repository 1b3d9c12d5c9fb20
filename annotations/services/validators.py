"""Checks several services share."""

from __future__ import annotations

from urllib.parse import urlparse


def is_web_url(value: str) -> bool:
    """Only http(s) addresses: a javascript: or data: URL must never become a link."""
    parsed = urlparse(value)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)
