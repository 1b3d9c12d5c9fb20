"""A real Celery worker process, consuming a queue of its own through Redis and
writing to the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _unavailable(reason: str) -> None:
    if os.environ.get("FACTCHECK_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} (FACTCHECK_REQUIRE_SERVICES is set)")
    pytest.skip(reason)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    if not settings.REDIS_URL:
        _unavailable("REDIS_URL is unset: the real-worker test needs Redis and a worker")
    if connection.vendor != "postgresql":
        _unavailable("the worker process needs a shared database: set DATABASE_URL to PostgreSQL")
    queue = f"factcheck-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    log_path = tmp_path / "worker.log"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_QUEUE": queue}
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "factcheck",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "-Q",
                queue,
                "-n",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield worker, log_path
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        # The worker's connections must be gone before the test database is flushed.
        connection.close()
