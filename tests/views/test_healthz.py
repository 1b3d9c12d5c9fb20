from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    expected = "redis" if settings.REDIS_URL else "in-process"
    assert body["broker"] == {"ok": True, "kind": expected}


@pytest.mark.django_db
def test_healthz_is_503_when_broker_unreachable(client, settings):
    # A closed port on this machine: the real client fails to connect.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
