"""The Celery app: the beat schedule that runs the pre-annotation sweep."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotations import tasks
from factcheck.celery import SWEEP, app

ROOT = Path(__file__).resolve().parent.parent

SHOW = (
    "from factcheck.celery import app, SWEEP; entry = app.conf.beat_schedule[SWEEP]; "
    "print(entry['task'], entry['schedule'], entry['options']['expires'])"
)


def test_beat_runs_the_sweep_every_minute_by_default():
    entry = app.conf.beat_schedule[SWEEP]
    assert entry["task"] == "annotations.tasks.sweep_preannotation"
    assert entry["task"] == tasks.sweep_preannotation.name
    assert entry["schedule"] == 60.0


def test_the_sweep_interval_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update({"DEBUG": "1", "PREANNOTATE_SWEEP_EVERY": "5"})
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["annotations.tasks.sweep_preannotation", "5.0", "5.0"]


def _dry_run(target: str, **env: str) -> str:
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_worker_and_demo_embed_beat_so_the_sweep_runs():
    worker = [line for line in _dry_run("worker").splitlines() if "celery" in line]
    assert worker and " -B " in worker[0] + " "
    demo = _dry_run("demo", REDIS_URL="redis://127.0.0.1:6379/0")
    assert "celery -A factcheck worker" in demo
    assert " -B " in demo


def test_a_second_worker_can_go_without_beat():
    worker = [line for line in _dry_run("worker", BEAT="").splitlines() if "celery" in line]
    assert "-B" not in worker[0]
