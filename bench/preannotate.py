"""Pre-annotation end to end: 10,000 news articles of ~5 KB, two Celery worker processes.

Imports the articles (without pre-annotation; not timed), starts two real workers
(`celery -A factcheck worker --concurrency=1`, twice) on a queue of the run's own,
against the throwaway database and Redis, then times `start_preannotation` for all of
them until the job is done: queueing, the broker, the engine, the bulk span writes and
the job counts. A small job first lets each worker load the engine, which a
long-running worker does once. Three rounds, each into a new project (later ones meet
tables that already hold spans); the median is reported. Nothing is vacuumed or
analysed in between (autovacuum may, if the server runs it): the planner may see
freshly bulk-loaded tables without statistics, the worst case.

Needs Redis: REDIS_URL, or the local server at 127.0.0.1:6379. Without one it says so
and reports nothing. Needs PostgreSQL: the workers share the database with this process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

from annotations.models import Document, Job, Project, Span
from annotations.services.documents import DocumentInput, import_documents
from annotations.services.preannotation import start_preannotation
from bench.corpus import articles

DOCS = 10_000
WARM_UP_DOCS = 50  # two batches: one for each worker, most likely
WORKERS = 2
ROUNDS = (
    3  # the median round is reported: one slowed by a checkpoint or a neighbour is shrugged off
)
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900  # seconds; a run this slow is broken, not slow


def _redis() -> tuple[str | None, str]:
    """The broker URL to use, and where it came from; None if none answers."""
    import redis

    configured = os.environ.get("REDIS_URL", "").strip()
    url, origin = (configured, "REDIS_URL") if configured else (LOCAL_REDIS, "local default")
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        print(f"  no Redis at {_safe(url)} ({origin}): {exc}")
        return None, origin
    finally:
        client.close()
    return url, origin


def _safe(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(parts.password, "***", 1)).geturl()


@contextmanager
def _sending_to(broker_url: str, queue: str) -> Iterator[None]:
    """Point this process's Celery app at the broker and the run's queue: Django was set
    up before the benchmark knew which Redis to use, so the app may still be in the
    embedded (in-process) mode."""
    from factcheck.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, settings.CELERY_TASK_DEFAULT_QUEUE)
    app.conf.broker_url = broker_url
    app.conf.task_always_eager = False
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved[:2]
        settings.CELERY_TASK_DEFAULT_QUEUE = saved[2]
        app.pool.force_close_all()


@contextmanager
def _workers(broker_url: str, queue: str, logs: Path) -> Iterator[list[subprocess.Popen]]:
    env = {
        **os.environ,  # DATABASE_URL is the throwaway database's, DEBUG is off
        "REDIS_URL": broker_url,
        "CELERY_QUEUE": queue,
    }
    processes: list[subprocess.Popen] = []
    try:
        for n in range(1, WORKERS + 1):
            command = [
                sys.executable, "-m", "celery", "-A", "factcheck", "worker",
                "--concurrency=1", "--loglevel=INFO", "-Q", queue, "-n", f"bench{n}-{queue}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ]  # fmt: skip
            with (logs / f"worker-{n}.log").open("w") as log:
                processes.append(
                    subprocess.Popen(
                        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                    )
                )
        deadline = time.monotonic() + 120
        for n, process in enumerate(processes, start=1):
            log_path = logs / f"worker-{n}.log"
            while " ready." not in log_path.read_text():
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {n} did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _forget_queue(broker_url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        client.delete(queue)
    finally:
        client.close()


def _wait(job: Job, logs: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while True:
        job.refresh_from_db()
        if job.is_finished:
            return
        if time.monotonic() > deadline:
            tails = "\n".join(p.read_text()[-2000:] for p in sorted(logs.glob("*.log")))
            raise RuntimeError(f"job {job.pk} unfinished after {TIMEOUT} s: {job}\n{tails}")
        time.sleep(0.05)


def _task_seconds(logs: Path) -> list[float]:
    """Seconds each worker spent inside tasks, from its log ("succeeded in 0.07s")."""
    pattern = re.compile(r"succeeded in ([0-9.]+)s")
    return [
        sum(float(m.group(1)) for m in pattern.finditer(path.read_text()))
        for path in sorted(logs.glob("worker-*.log"))
    ]


def _import(name: str, items: list[DocumentInput]) -> tuple[Project, list[int]]:
    project = Project.objects.create(name=f"Pre-annotation benchmark {name}", slug=name)
    ids: list[int] = []
    for offset in range(0, len(items), 1_000):
        chunk = items[offset : offset + 1_000]
        result = import_documents(project=project, items=chunk, preannotate=False)
        ids += [d.pk for d in result.created]
    if len(ids) != len(items):
        raise RuntimeError(f"{len(items) - len(ids)} texts were not imported")
    return project, ids


def _check(job: Job, project: Project) -> int:
    """The spans written; raises if the job did less than it should have: a benchmark
    that silently did less would report a flattering figure."""
    job.refresh_from_db()
    if (job.state, job.done, job.failed) != (Job.State.DONE, DOCS, 0):
        raise RuntimeError(f"job ended {job.state} with {job.done} done, {job.failed} failed")
    left = Document.objects.filter(project=project).exclude(status="preannotated").count()
    spans = Span.objects.filter(document__project=project, origin=Span.Origin.MODEL).count()
    if left or not spans:
        raise RuntimeError(f"{left} documents not pre-annotated, {spans} spans written")
    return spans


def run() -> dict[str, float]:
    if connection.vendor != "postgresql":
        print("  skipped: worker processes share the database with this one; needs PostgreSQL")
        return {}
    broker_url, origin = _redis()
    if broker_url is None:
        print("  skipped: no Redis reachable (set REDIS_URL, or run one on 127.0.0.1:6379)")
        return {}
    print(f"  broker: Redis at {_safe(broker_url)} ({origin})")

    corpus = [
        DocumentInput(name=a.name, text=a.text, title=a.title)
        for a in articles(DOCS + WARM_UP_DOCS)
    ]
    megabytes = sum(len(item.text.encode()) for item in corpus[:DOCS]) / 1e6
    print(
        f"  {DOCS:,} documents, {megabytes:.1f} MB; {WORKERS} worker processes, batches of "
        f"{settings.PREANNOTATE_BATCH_SIZE}; {ROUNDS} rounds, each into a new project"
    )
    warm_project, warm_ids = _import("bench-preannotate-warm-up", corpus[DOCS:])
    rounds: list[tuple[float, int]] = []
    queue = f"factcheck-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="factcheck_bench_workers_") as folder:
        logs = Path(folder)
        try:
            with _sending_to(broker_url, queue), _workers(broker_url, queue, logs):
                _wait(start_preannotation(project=warm_project, document_ids=warm_ids), logs)
                for round_no in range(1, ROUNDS + 1):
                    project, ids = _import(f"bench-preannotate-{round_no}", corpus[:DOCS])
                    busy_before = _task_seconds(logs)
                    started = time.perf_counter()
                    job = start_preannotation(project=project, document_ids=ids)
                    _wait(job, logs)
                    seconds = time.perf_counter() - started
                    busy = [b - a for a, b in zip(busy_before, _task_seconds(logs), strict=True)]
                    spans = _check(job, project)
                    rounds.append((seconds, spans))
                    inside = ", ".join(f"{b:.1f} s" for b in busy)
                    print(
                        f"  round {round_no}: {seconds:.1f} s, {DOCS / seconds:,.0f} docs/s, "
                        f"{spans:,} spans (time inside tasks, per worker: {inside})"
                    )
        finally:
            _forget_queue(broker_url, queue)

    seconds, spans = sorted(rounds)[len(rounds) // 2]
    print(f"  engine {job.code_version}")
    return {
        "preannotate_docs_per_s": round(DOCS / seconds, 1),
        "preannotate_seconds_10k": round(seconds, 2),
        "preannotate_spans_written": spans,
        "preannotate_spans_per_s": round(spans / seconds, 1),
    }
