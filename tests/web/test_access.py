"""Access by role on every route of the app, walked from the app itself so that a
new route cannot slip through; session expiry and login rate limiting over HTTP."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from countersight import accounts
from countersight.store import open_store
from webutil import PASSWORD, USERS, session_client

OPEN = {"/login", "/logout", "/static", "/assets/types.css"}


def concrete(path: str, store) -> str:
    event = store.list_events(limit=1)[0]
    values = {"event_id": event.id, "id": event.id, "report_id": event.document, "doc": event.document,
              "document": event.document, "username": USERS["viewer"], "name": USERS["viewer"]}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), path)


def _flatten(items):
    for route in items:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _flatten(inner.routes)
        else:
            yield route


def routes(app):
    for route in _flatten(app.routes):
        if isinstance(route, Route) and not any(route.path.startswith(p) for p in OPEN):
            for method in sorted(route.methods - {"HEAD"}):
                yield method, route.path


@pytest.fixture(scope="module")
def store(settings):
    s = open_store(settings.db)
    yield s
    s.close()


def test_every_route_needs_a_session(app, anon, store):
    checked = 0
    for method, path in routes(app):
        response = anon.request(method, concrete(path, store))
        assert response.status_code in (302, 303, 401, 403), (method, path, response.status_code)
        checked += 1
    assert checked >= 20


def test_every_write_is_refused_to_a_viewer_and_user_management_to_an_analyst(app, viewer, analyst, store):
    writes = [(m, p) for m, p in routes(app) if m != "GET"]
    assert writes
    for method, path in writes:
        url = concrete(path, store)
        response = viewer.request(method, url, data={"csrf_token": viewer.csrf}, headers={"x-csrf-token": viewer.csrf})
        assert response.status_code == 403, (method, path, response.status_code)
        if path.startswith("/admin"):
            response = analyst.request(method, url, data={"csrf_token": analyst.csrf})
            assert response.status_code == 403, (method, path, response.status_code)


def test_admin_pages_are_refused_to_an_analyst(app, analyst, store):
    admin_gets = [p for m, p in routes(app) if m == "GET" and p.startswith("/admin")]
    assert admin_gets
    for path in admin_gets:
        assert analyst.get(concrete(path, store)).status_code == 403


def test_an_expired_session_is_refused(app, settings):
    client = session_client(app, "viewer")
    assert client.get("/events").status_code == 200
    s = open_store(settings.db)
    s.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
    s.close()
    response = client.get("/events")
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")
    assert client.get("/api/events").status_code == 401


def test_login_is_rate_limited(app):
    client = session_client(app, None)
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        client.post("/login", data={"username": USERS["admin"], "password": "wrong!", "login_token": token})
    right = client.post("/login", data={"username": USERS["admin"], "password": PASSWORD, "login_token": token})
    assert right.status_code in (400, 401, 403, 429) or "too many" in right.text
    assert "cs_session" not in right.cookies


def test_the_app_never_creates_a_database(tmp_path):
    from countersight.errors import StoreError
    from countersight.settings import load_settings
    from countersight.web.app import create_app

    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=f"no database at {missing}: create it with `countersight init`"):
        create_app(load_settings({"db": str(missing)}, environ={}))
    assert not missing.exists()
