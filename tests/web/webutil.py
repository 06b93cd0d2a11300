"""Helpers of the web tests: users, passwords, signed-in clients."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from countersight import accounts
from countersight.store import open_store
from countersight.web.deps import COOKIE

PASSWORD = "correct horse battery"
USERS = {"viewer": "vera", "analyst": "anna", "admin": "adam"}


def session_client(app, role: str | None, base_url: str = "http://testserver") -> TestClient:
    client = TestClient(app, base_url=base_url, follow_redirects=False)
    if role:
        store = open_store(app.state.settings.db)
        try:
            session = accounts.login(store, USERS[role], PASSWORD)
        finally:
            store.close()
        client.cookies.set(COOKIE, session.token)
        client.csrf = session.csrf_token  # type: ignore[attr-defined]
    return client


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)
