"""Database backends for the tests.

Tests that take the ``backend``, ``store``, ``db_url`` or ``new_db_url`` fixture run
once per available backend: always on SQLite, and also on PostgreSQL when the
environment variable ``COUNTERSIGHT_TEST_PG`` holds the URL of a server where the
user may create databases, e.g. ``postgresql://postgres@127.0.0.1:55432/postgres``
(``.ci/run`` starts one). Each test gets fresh databases of its own: on PostgreSQL,
``CREATE DATABASE`` from a template migrated once per session, dropped after the
test. A test that makes sense on one backend only says so with
``@pytest.mark.backends("sqlite")``; it is deselected where that backend is missing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_URL = os.environ.get("COUNTERSIGHT_TEST_PG", "").strip() or None
BACKENDS: tuple[str, ...] = ("sqlite", "postgresql") if PG_URL else ("sqlite",)
UNAVAILABLE = "unavailable"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run this backend test only on these backends (sqlite, postgresql)"
    )


def pytest_report_header(config: pytest.Config) -> str:
    where = f"PostgreSQL at {_redact(PG_URL)}" if PG_URL else "PostgreSQL not tested (COUNTERSIGHT_TEST_PG unset)"
    return f"database backends: {', '.join(BACKENDS)}; {where}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("backends")
    wanted = [b for b in BACKENDS if marker is None or b in marker.args]
    # An empty parameter set would show as a skipped test; mark it and deselect it instead.
    # Module scope: a module's tests run per backend in turn, and module-scoped fixtures
    # (a database filled once per module) may take ``backend`` too.
    metafunc.parametrize("backend", wanted or [UNAVAILABLE], scope="module")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        (drop if callspec is not None and callspec.params.get("backend") == UNAVAILABLE else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# -- PostgreSQL: one template per session, one database per test --------------------------------


class PgServer:
    """Creates and drops databases on the test server."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.admin = psycopg.connect(url, autocommit=True)
        self.prefix = f"cs_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_template"
        self._made: list[str] = []
        self.admin.execute(f'CREATE DATABASE "{self.template}" TEMPLATE template0 ENCODING \'UTF8\'')
        self._made.append(self.template)
        from countersight.store import open_store

        open_store(self.url_of(self.template)).close()  # migrated once, cloned per test

    def url_of(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/" + name))

    def create(self, *, empty: bool = False) -> str:
        name = f"{self.prefix}_{len(self._made)}"
        template = "template0" if empty else self.template
        self.admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
        self._made.append(name)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in reversed(self._made):
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    assert PG_URL, "COUNTERSIGHT_TEST_PG is not set"
    server = PgServer(PG_URL)
    yield server
    server.close()


@pytest.fixture
def new_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """A factory of fresh, migrated databases of the test's backend: ``new_db_url()``.
    ``new_db_url(empty=True)`` gives a database without any schema (on SQLite: a path
    where no file exists yet)."""
    made: list[str] = []
    server: PgServer | None = request.getfixturevalue("pg_server") if backend == "postgresql" else None

    def make(*, empty: bool = False) -> str:
        if server is not None:
            url = server.create(empty=empty)
        else:
            url = str(tmp_path / f"db{len(made)}.db")
            if not empty:
                from countersight.store import open_store

                open_store(url).close()
        made.append(url)
        return url

    yield make
    if server is not None:
        for url in made:
            server.drop(url)


@pytest.fixture
def db_url(new_db_url: Callable[..., str]) -> str:
    """A fresh, migrated database: an SQLite file in tmp_path, or a PostgreSQL URL."""
    return new_db_url()


@pytest.fixture
def store(backend: str, new_db_url: Callable[..., str]):
    """A fresh, migrated store: SQLite in memory, or a PostgreSQL database of its own."""
    from countersight.store import open_store

    s = open_store(":memory:" if backend == "sqlite" else new_db_url())
    yield s
    s.close()


def _redact(url: str | None) -> str:
    from countersight.store.postgres import redact

    return redact(url or "")
