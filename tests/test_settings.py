"""A malformed environment stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def start(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    base.update({"DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1", **env})
    return subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, env=base, capture_output=True, text=True
    )


def test_defaults_start_on_a_fresh_clone():
    result = start()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(
    "env,named",
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://127.0.0.1:notaport/0"}, "REDIS_URL"),
        ({"IMPORT_MAX_BYTES": "five"}, "IMPORT_MAX_BYTES"),
        ({"IMPORT_MAX_BYTES": "0"}, "IMPORT_MAX_BYTES"),
        ({"PREANNOTATE_SWEEP_AGE": "soon"}, "PREANNOTATE_SWEEP_AGE"),
        ({"PREANNOTATE_SWEEP_EVERY": "0"}, "PREANNOTATE_SWEEP_EVERY"),
    ],
)
def test_malformed_value_stops_start_up_naming_the_variable(env, named):
    result = start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


def test_secret_key_required_when_debug_is_off():
    result = start(DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]


def test_allowed_hosts_required_when_debug_is_off():
    result = start(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr.splitlines()[-1]


def test_debug_off_with_secret_key_starts():
    result = start(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="factcheck.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
