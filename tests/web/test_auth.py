"""Accounts, roles, sessions, CSRF and the security headers of the web app."""

from __future__ import annotations

import html

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from countersight.cli import cli
from countersight.errors import InputError
from countersight.web import app as webapp
from countersight.web.app import create_app, is_loopback
from countersight.web.deps import COOKIE, safe_next

from webutil import PASSWORD, USERS, session_client

PAGES = ["/", "/events", "/reports", "/reports/dnk-musan-public-trial", "/trends", "/map", "/incidents"]


def login_form(client: TestClient, name: str, password: str = PASSWORD, next_url: str = "/events"):
    page = client.get("/login", params={"next": next_url})
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": name, "password": password, "login_token": token, "next": next_url})


@pytest.mark.parametrize("path", PAGES + ["/events/nope", "/admin/users"])
def test_pages_redirect_to_login_without_a_session(anon, path):
    r = anon.get(path, params={"type": "arrest"} if path == "/events" else None)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=%2F")


@pytest.mark.parametrize("path", ["/api/events", "/api/stats", "/api/reports/dnk-musan-public-trial", "/api/map",
                                  "/api/incidents"])
def test_api_answers_401_json_without_a_session(anon, path):
    r = anon.get(path)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/json")
    assert "error" in r.json()


def test_a_stale_or_forged_cookie_is_not_a_session(app):
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(COOKIE, "forged")
    assert client.get("/api/events").status_code == 401


def test_login_form_sets_a_strict_httponly_cookie_and_goes_to_next(app):
    client = TestClient(app, follow_redirects=False)
    r = login_form(client, USERS["viewer"])
    assert r.status_code == 303 and r.headers["location"] == "/events"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Secure" not in cookie  # plain http on the laptop
    assert "expires=" in cookie.lower()
    assert client.get("/events").status_code == 200


def test_cookie_is_secure_over_https(app):
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    r = login_form(client, USERS["viewer"])
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}="))
    assert "Secure" in cookie


def test_wrong_password_shows_the_form_again(app):
    client = TestClient(app, follow_redirects=False)
    r = login_form(client, USERS["viewer"], "not the password")
    assert r.status_code == 401
    assert "wrong user name or password" in r.text
    assert COOKIE not in client.cookies


def test_login_form_needs_its_token(app):
    client = TestClient(app, follow_redirects=False)
    r = client.post("/login", data={"username": USERS["viewer"], "password": PASSWORD})
    assert r.status_code == 403


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_next_is_only_a_relative_path(app, target):
    assert safe_next(target) == "/"
    client = TestClient(app, follow_redirects=False)
    r = login_form(client, USERS["viewer"], next_url=target)
    assert r.headers["location"] == "/"


def test_logout_ends_the_session(app):
    client = session_client(app, "viewer")
    page = client.get("/")
    token = re.search(r'id="logout-form">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert client.post("/logout", data={"csrf_token": "wrong"}).status_code == 403
    r = client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 303
    client.cookies.set(COOKIE, client.cookies.get(COOKIE) or "x")
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_for_a_viewer(viewer, path):
    r = viewer.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")


def test_viewer_cannot_review(viewer, store):
    eid = store.list_events(limit=1)[0].id
    r = viewer.post(f"/events/{eid}/confirm", data={"csrf_token": viewer.csrf})
    assert r.status_code == 403
    assert store.get_event(eid).status == "unreviewed"


def test_review_needs_the_csrf_token(analyst, store):
    eid = store.list_events(limit=1)[0].id
    assert analyst.post(f"/events/{eid}/confirm", data={}).status_code == 403
    assert analyst.post(f"/events/{eid}/confirm", data={"csrf_token": "wrong"}).status_code == 403
    assert analyst.post(f"/events/{eid}/reject", data={"csrf_token": "wrong", "reason": "x"}).status_code == 403
    assert store.get_event(eid).status == "unreviewed"


def test_admin_pages_need_admin(viewer, analyst, admin):
    assert viewer.get("/admin/users").status_code == 403
    assert analyst.get("/admin/users").status_code == 403
    assert admin.get("/admin/users").status_code == 200
    settings_page = admin.get("/admin/settings")
    assert settings_page.status_code == 200
    assert "<td>an integer from 1 to 1000</td>" in settings_page.text  # each setting's allowed values (page_size)
    # Which extractor runs and what its model learned from, as `countersight model` says it.
    from countersight.learn.bundle import describe_model, description_lines
    from countersight.settings import load_settings

    lines = description_lines(describe_model(load_settings(environ={}).model))
    assert f'<pre id="extractor">{html.escape(chr(10).join(lines))}</pre>' in settings_page.text
    assert analyst.post("/admin/users", data={"csrf_token": analyst.csrf, "username": "x", "password": "y" * 12}).status_code == 403


def test_admin_adds_changes_and_removes_a_user(admin, store):
    r = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "newbie", "password": "long enough pw",
                                         "role": "viewer"})
    assert r.status_code == 303
    assert ("newbie", "viewer") in [(u.username, u.role) for u in __import__("countersight.accounts").accounts.list_users(store)]
    assert admin.post("/admin/users/newbie/role", data={"csrf_token": "bad", "role": "admin"}).status_code == 403
    assert admin.post("/admin/users/newbie/role", data={"csrf_token": admin.csrf, "role": "analyst"}).status_code == 303
    page = admin.get("/admin/users").text
    assert 'data-user="newbie"' in page
    assert admin.post("/admin/users/newbie/remove", data={"csrf_token": admin.csrf}).status_code == 303
    assert 'data-user="newbie"' not in admin.get("/admin/users").text


def test_no_auth_is_refused_off_loopback(settings):
    with pytest.raises(InputError, match="loopback"):
        create_app(settings.replace(host="0.0.0.0"), no_auth=True)
    result = CliRunner().invoke(cli, ["serve", "--db", settings.db, "--host", "0.0.0.0", "--no-auth"])
    assert result.exit_code != 0
    assert "loopback" in result.output


def test_no_auth_acts_as_local_admin_on_loopback_only(settings):
    app = create_app(settings, no_auth=True)
    client = TestClient(app, follow_redirects=False)
    page = client.get("/")
    assert page.status_code == 200 and "local" in page.text
    assert client.get("/admin/users").status_code == 200
    # DNS rebinding: a page of another site resolving to 127.0.0.1 sends its own Host.
    assert client.get("/", headers={"host": "evil.example"}).status_code == 403
    assert client.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200
    remote = TestClient(app, client=("192.0.2.7", 5000), follow_redirects=False)
    assert remote.get("/").status_code == 403
    # Forms still need the (per-app) CSRF token: another site cannot post to localhost.
    eid = client.get("/api/events?limit=1").json()["events"][0]["id"]
    assert client.post(f"/events/{eid}/confirm", data={"csrf_token": "guess"}).status_code == 403
    # Its error pages offer no "Log out" either: there are no accounts to leave.
    missing = client.get("/events/e-nope")
    assert missing.status_code == 404 and "Log out" not in missing.text and "this computer only" in missing.text


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("127.5.6.7", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("LOCALHOST", True), ("127.0.0.1.evil.example", False), ("127.attacker.example", False), ("127.1", False),
    ("localhost.evil.example", False), ("0.0.0.0", False), ("10.0.0.1", False), ("", False), (None, False),
])
def test_is_loopback_takes_addresses_not_names_that_look_like_them(host, loopback):
    assert is_loopback(host) is loopback


def test_no_auth_refuses_names_that_start_like_a_loopback_address(settings):
    for host in ("127.attacker.example", "127.0.0.1.evil.example"):
        with pytest.raises(InputError, match="loopback"):
            create_app(settings.replace(host=host), no_auth=True)
        result = CliRunner().invoke(cli, ["serve", "--db", settings.db, "--host", host, "--no-auth"])
        assert result.exit_code == 2
        assert f"not {host!r}" in result.output


def test_no_auth_checks_the_address_actually_bound(monkeypatch):
    # "localhost" resolving to an address others can reach (a hostile /etc/hosts, a DNS answer).
    from countersight.web.app import bind_socket

    real = webapp.socket.getaddrinfo
    monkeypatch.setattr(webapp.socket, "getaddrinfo", lambda host, *a, **k: real("0.0.0.0", *a, **k))
    with pytest.raises(InputError, match=r"'localhost' is 0\.0\.0\.0, which other computers can reach"):
        bind_socket("localhost", 0, loopback_only=True)
    monkeypatch.setattr(webapp.socket, "getaddrinfo", real)
    sock = bind_socket("127.0.0.1", 0, loopback_only=True)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


@pytest.mark.parametrize("host", ["127.0.0.1.evil.example", "127.0.0.1.evil.example:8000", "127.attacker.example",
                                  "evil.example:8000", "localhost.evil.example", "127.0.0.1:80x", "[::1]x",
                                  "127.0.0.1:99999", "testserver", ""])
def test_no_auth_refuses_requests_for_other_host_names(settings, host):
    # DNS rebinding: a page of another site whose name resolves to 127.0.0.1 sends its own Host.
    app = create_app(settings, no_auth=True)
    browser = TestClient(app, client=("127.0.0.1", 50000), follow_redirects=False)
    refused = browser.get("/", headers={"host": host})
    assert (refused.status_code, refused.json()) == (403, {"error": "this server runs without accounts (--no-auth) "
                                                                    "and only answers requests from this computer"})
    for good in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost", "127.0.0.1"):
        assert browser.get("/", headers={"host": good}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/events", "/static/app.css", "/static/app.js", "/api/events", "/login",
                                  "/nope", "/openapi.json", "/assets/types.css"])
def test_security_headers_on_every_response(viewer, anon, path):
    for client in (viewer, anon):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", PAGES + ["/events/{eid}", "/incidents/{iid}", "/admin/users", "/admin/settings",
                                          "/login"])
def test_no_inline_script_or_style(admin, anon, store, path):
    eid = store.list_events(limit=1)[0].id
    iid = store.list_incidents(limit=1)[0].id
    client = anon if path == "/login" else admin
    html = client.get(path.format(eid=eid, iid=iid)).text
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<style", html), "inline style sheet"
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "http://" not in re.sub(r'href="[^"]*"|>[^<]*<', "", html).replace("http://www.w3.org", ""), "remote asset"
