"""Real Celery worker processes, consuming a queue of their own through Redis and
writing to the test database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text()

    def kill(self) -> None:
        """SIGKILL the worker and its pool children at once: no warm shutdown, no ack."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _forget_queue(redis_url: str, queue: str) -> None:
    """Drop what a test left in Redis: its queue, and the unacked messages of a worker
    it killed (Redis would hand them back to the queue after the visibility timeout)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(queue)
        for tag, payload in client.hscan_iter("unacked"):
            try:
                routing_key = json.loads(payload)[2]
            except (ValueError, IndexError, TypeError):
                continue
            if routing_key == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()


@pytest.fixture
def worker_queue(transactional_db, settings) -> Iterator[str]:
    """A queue of the test's own; tasks the test enqueues go there."""
    if not settings.REDIS_URL:
        _unavailable("REDIS_URL is unset: the real-worker test needs Redis and a worker")
    if connection.vendor != "postgresql":
        _unavailable("the worker process needs a shared database: set DATABASE_URL to PostgreSQL")
    queue = f"factcheck-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    yield queue
    _forget_queue(settings.REDIS_URL, queue)


@pytest.fixture
def start_worker(worker_queue, tmp_path):
    """start_worker(concurrency=2, beat=False, env={}) -> a ready Worker on the test's queue.

    With beat, the worker embeds Celery beat (`-B`), which runs the sweep on its schedule.
    Every worker started is stopped at the end of the test.
    """
    started: list[Worker] = []

    def start(*, concurrency: int = 2, beat: bool = False, env: dict[str, str] | None = None):
        n = len(started) + 1
        log_path = tmp_path / f"worker-{n}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "factcheck", "worker",
            "--loglevel=INFO", f"--concurrency={concurrency}",
            "-Q", worker_queue, "-n", f"{worker_queue}-{n}@%h",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if beat:
            command += ["-B", "-s", str(tmp_path / f"beat-schedule-{n}")]
        full_env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_QUEUE": worker_queue,
            **(env or {}),
        }
        with log_path.open("w") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=full_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so kill() takes the pool too
            )
        worker = Worker(process, log_path)
        started.append(worker)
        deadline = time.monotonic() + 60
        while " ready." not in worker.log():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start:\n{worker.log()[-3000:]}")
            time.sleep(0.2)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
        # The workers' connections must be gone before the test database is flushed.
        connection.close()


@pytest.fixture
def celery_worker_process(start_worker):
    worker = start_worker()
    return worker.process, worker.log_path
