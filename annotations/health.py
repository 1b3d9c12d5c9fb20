"""What /healthz reports: can we reach the database and the task broker?"""

from __future__ import annotations

from typing import Any

import redis
from django.conf import settings
from django.db import DatabaseError, connection


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "vendor": connection.vendor, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "kind": "in-process"}
    try:
        with redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        ) as client:
            client.ping()
    except redis.RedisError as exc:
        return {"ok": False, "kind": "redis", "error": type(exc).__name__}
    return {"ok": True, "kind": "redis"}


def health_report() -> dict[str, Any]:
    database, broker = _database(), _broker()
    ok = database["ok"] and broker["ok"]
    return {"status": "ok" if ok else "error", "database": database, "broker": broker}
