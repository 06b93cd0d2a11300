"""Web app fixtures: the bundled samples (plus a hostile and a Korean report) ingested once per
session into a template database, copied per test module; users of each role."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from countersight import accounts
from countersight.incidents import rebuild as rebuild_incidents
from countersight.ingest.service import ingest
from countersight.samples import reports_dir
from countersight.settings import load_settings
from countersight.store import open_store
from countersight.web.app import create_app
from webutil import PASSWORD, USERS, session_client


HOSTILE = """Security agents arrest <b>smugglers</b> in Hoeryong

A source in North Hamgyong Province told Daily NK on Monday that Ministry of State Security agents arrested three <b>smugglers</b> in Hoeryong last week. <script>alert(1)</script>

The source said the agents have stepped up surveillance of phone users in the border area. 보위부가 회령에서 탈북자 가족을 감시하고 있다고 소식통이 전했다.
"""


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("webdb")
    extra = root / "extra"
    extra.mkdir()
    (extra / "xss-report.txt").write_text(HOSTILE, encoding="utf-8")
    path = root / "template.db"
    store = open_store(str(path))
    try:
        settings = load_settings({"db": str(path)}, environ={})
        ingest([reports_dir(), extra], store, settings)
        rebuild_incidents(store)  # as the CLI does after an ingest
        for role, name in USERS.items():
            accounts.add_user(store, name, PASSWORD, role)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def db_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(template_db, path)
    return path


@pytest.fixture(scope="module")
def settings(db_path: Path):
    return load_settings({"db": str(db_path)}, environ={})


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings)




@pytest.fixture(scope="module")
def anon(app) -> TestClient:
    return session_client(app, None)


@pytest.fixture(scope="module")
def viewer(app) -> TestClient:
    return session_client(app, "viewer")


@pytest.fixture(scope="module")
def analyst(app) -> TestClient:
    return session_client(app, "analyst")


@pytest.fixture(scope="module")
def admin(app) -> TestClient:
    return session_client(app, "admin")


@pytest.fixture()
def store(settings):
    s = open_store(settings.db)
    yield s
    s.close()

