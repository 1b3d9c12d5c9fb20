"""A throwaway database for one benchmark run, created before Django starts and
dropped at the end, even when the run fails.

Where it lives, in order: the server DATABASE_URL names; else the local PostgreSQL
(127.0.0.1:5432, user postgres) if it answers; else a temporary SQLite file. It is
never the database DATABASE_URL points at: benchmarks write thousands of rows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import psycopg
from psycopg import sql

LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
CONNECT_TIMEOUT = 2  # seconds; an absent local server must not stall the run
MAINTENANCE_DBS = ("postgres", "template1")  # what createdb falls back on, too


@dataclass(frozen=True)
class Throwaway:
    """Where the benchmark writes; `url` is what DATABASE_URL is set to."""

    url: str
    origin: str  # why this server was chosen, for the printed description


def _with_db(url: str, name: str) -> str:
    return urlsplit(url)._replace(path="/" + name).geturl()


def _libpq_url(url: str, name: str) -> str:
    """The URL for psycopg itself: Django-only options (server_side_binding, …) removed."""
    known = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}
    parts = urlsplit(_with_db(url, name))
    query = [(key, value) for key, value in parse_qsl(parts.query) if key in known]
    return parts._replace(query=urlencode(query)).geturl()


def _maintenance_connection(server_url: str) -> psycopg.Connection:
    last: Exception | None = None
    for dbname in MAINTENANCE_DBS:
        try:
            return psycopg.connect(
                _libpq_url(server_url, dbname), connect_timeout=CONNECT_TIMEOUT, autocommit=True
            )
        except psycopg.OperationalError as exc:
            last = exc
    raise RuntimeError(f"cannot reach a maintenance database on {_safe(server_url)}: {last}")


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def local_postgres_answers() -> bool:
    try:
        with psycopg.connect(LOCAL_POSTGRES, connect_timeout=CONNECT_TIMEOUT):
            return True
    except psycopg.Error:
        return False


@contextmanager
def _postgres(server_url: str, origin: str) -> Iterator[Throwaway]:
    name = f"factcheck_bench_{os.getpid()}"
    with _maintenance_connection(server_url) as conn:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.DuplicateDatabase:
            # Never drop it ourselves: it may be another host's run with the same pid.
            raise RuntimeError(
                f"database {name} already exists on {_safe(server_url)}; a killed run left "
                "it behind? Drop it and run again."
            ) from None
    try:
        yield Throwaway(url=_with_db(server_url, name), origin=origin)
    finally:
        _drop_postgres(server_url, name)


def _drop_postgres(server_url: str, name: str) -> None:
    # Django keeps its connection open (CONN_MAX_AGE); close it so DROP can proceed.
    with suppress(Exception):
        from django.db import connections

        connections.close_all()
    with _maintenance_connection(server_url) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
        if conn.info.server_version >= 130000:
            # Also ends sessions a failed run may have left behind.
            drop = sql.SQL("{} WITH (FORCE)").format(drop)
        conn.execute(drop)


@contextmanager
def _sqlite(directory: Path | None, origin: str) -> Iterator[Throwaway]:
    made = directory is None
    folder = directory or Path(tempfile.mkdtemp(prefix="factcheck_bench_"))
    path = folder / f"factcheck_bench_{os.getpid()}.sqlite3"
    try:
        yield Throwaway(url=f"sqlite:///{path}", origin=origin)
    finally:
        with suppress(Exception):
            from django.db import connections

            connections.close_all()
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def throwaway_database() -> Iterator[Throwaway]:
    """Create the run's database and set DATABASE_URL to it; call before django.setup()."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    scheme = urlsplit(configured).scheme
    if configured and scheme in {"postgres", "postgresql"}:
        chosen = _postgres(configured, "the server DATABASE_URL names")
    elif configured and scheme == "sqlite":
        # sqlite:////abs/file.sqlite3: a new file beside it; sqlite:// or :memory:: a temp dir.
        named = unquote(urlsplit(configured).path)[1:]
        directory = Path(named).parent if named and named != ":memory:" else None
        chosen = _sqlite(directory, "the folder DATABASE_URL names")
    elif configured:
        raise RuntimeError(f"DATABASE_URL has an unsupported scheme {scheme!r}")
    elif local_postgres_answers():
        chosen = _postgres(LOCAL_POSTGRES, "local PostgreSQL, DATABASE_URL unset")
    else:
        chosen = _sqlite(None, "no DATABASE_URL and no local PostgreSQL")

    previous = os.environ.get("DATABASE_URL")
    with chosen as target:
        os.environ["DATABASE_URL"] = target.url
        try:
            yield target
        finally:
            if previous is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = previous


def describe() -> str:
    """Which database Django is connected to: vendor, version, host, name."""
    from django.db import connection

    connection.ensure_connection()
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        host = f"{settings.get('HOST') or 'local socket'}:{settings.get('PORT') or 5432}"
        return f"postgresql {major}.{minor} at {host}, database {settings['NAME']}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"sqlite {sqlite3.sqlite_version}, file {settings['NAME']}"
    return f"{connection.vendor}, database {settings['NAME']}"
