"""No outbound network: ingest, extraction, export, evaluation and the web app open
no connection to anything but this computer.

In-process, ``socket.socket.connect`` (and ``connect_ex``), ``socket.create_connection``
and ``socket.getaddrinfo`` are replaced by guards that record and refuse any
address that is not loopback; then every command that works on local data runs.
A second test runs ``countersight ingest`` in fresh processes (``-j 1`` and
``-j 2``) with the guard installed by a ``sitecustomize`` module, before anything
is imported, so that import-time behaviour (trafilatura, htmldate, spaCy, and
the extraction workers) is covered too.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight.cli import cli
from countersight.samples import reports_dir
from countersight.settings import SETTINGS

GUARD = r'''
import ipaddress, json, os, socket, traceback

_LOG = os.environ.get("COUNTERSIGHT_NETGUARD_LOG")
_attempts = []


def _local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host in ("localhost", "localhost.localdomain", "ip6-localhost", "testserver", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse(what, target):
    entry = {"call": what, "target": repr(target), "stack": traceback.format_stack(limit=12)[:-2]}
    _attempts.append(entry)
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
    raise OSError(f"outbound network blocked by the test: {what} {target!r}")


def _address_host(address):
    if isinstance(address, tuple) and address:
        return address[0]
    return None  # AF_UNIX path: local


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_create_connection = socket.create_connection
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(_address_host(address)):
        _refuse("socket.connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(_address_host(address)):
        _refuse("socket.connect_ex", address)
    return _connect_ex(self, address)


def create_connection(address, *args, **kwargs):
    if not _local(_address_host(address)):
        _refuse("socket.create_connection", address)
    return _create_connection(address, *args, **kwargs)


def getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        _refuse("socket.getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


def install(patch=None):
    """Install the guards (with ``patch(obj, name, value)`` if given: pytest's monkeypatch)."""
    setter = patch or setattr
    setter(socket.socket, "connect", connect)
    setter(socket.socket, "connect_ex", connect_ex)
    setter(socket, "create_connection", create_connection)
    setter(socket, "getaddrinfo", getaddrinfo)
    return _attempts
'''

REPORT = """Agents arrest brokers in Hyesan

North Korea's Ministry of State Security arrested two brokers in Hyesan last week, a source in Ryanggang Province told Daily NK. The agents seized their Chinese mobile phones.

Border guards in Musan were ordered to watch the families of defectors, the source said.
"""

# A page that names remote resources in every way a parser might be tempted to fetch.
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Agents arrest brokers in Hyesan | Border Watch</title>
<base href="https://cdn.example.org/">
<link rel="stylesheet" href="https://cdn.example.org/site.css">
<link rel="canonical" href="https://news.example.org/2021/11/05/hyesan-brokers">
<meta property="og:url" content="https://news.example.org/2021/11/05/hyesan-brokers">
<meta property="og:image" content="https://img.example.org/a.jpg">
<meta property="article:published_time" content="2021-11-05T09:30:00+09:00">
<script src="https://tracker.example.org/t.js"></script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "datePublished": "2021-11-05", "publisher": {"@type": "Organization", "name": "Border Watch"}}</script>
</head><body>
<iframe src="https://video.example.org/embed/1"></iframe>
<article><h1>Agents arrest brokers in Hyesan</h1>
<p>North Korea's Ministry of State Security arrested two brokers in Hyesan last week, a source in Ryanggang
Province told Border Watch. The agents seized their Chinese mobile phones and questioned their families.</p>
<p><img src="https://img.example.org/b.jpg" srcset="https://img.example.org/c.jpg 2x">Border guards in Musan were
ordered to watch the families of defectors, the source said, and residents were told to report strangers.</p>
<p>See <a href="http://other.example.net/story">the earlier report</a> and
<object data="https://flash.example.org/x.swf"></object></p>
</article></body></html>
"""


def _load_guard():
    namespace: dict = {}
    exec(compile(GUARD, "netguard", "exec"), namespace)
    return namespace


@pytest.fixture
def guard(monkeypatch):
    """The guards, installed for this test; the list of refused attempts."""
    attempts = _load_guard()["install"](monkeypatch.setattr)
    return attempts


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "brokers.txt").write_text(REPORT, encoding="utf-8")
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    lines = [
        {"id": "j1", "title": "Musan guards", "url": "https://news.example.org/j1", "outlet": "Border Watch",
         "published": "2021-11-06", "text": REPORT.replace("Hyesan", "Hoeryong")},
        {"id": "j2", "text": "보위부가 혜산에서 탈북자 가족을 감시하고 있다고 소식통이 전했다. " + REPORT},
    ]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                                        encoding="utf-8")
    return folder


def _clean_env(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for s in SETTINGS:
        monkeypatch.delenv(s.env, raising=False)


def test_the_guard_refuses_remote_and_allows_loopback(guard):
    with pytest.raises(OSError, match="outbound network blocked"):
        socket.create_connection(("example.org", 80), timeout=1)
    with pytest.raises(OSError, match="outbound network blocked"):
        socket.getaddrinfo("example.org", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(OSError, match="blocked"):
        s.connect(("192.0.2.1", 80))
    assert len(guard) == 3
    guard.clear()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        socket.getaddrinfo("localhost", 80)
    finally:
        server.close()
    assert guard == []


def test_commands_open_no_outbound_connection(guard, reports: Path, tmp_path: Path, monkeypatch):
    _clean_env(monkeypatch, tmp_path)
    runner = CliRunner()
    db = str(tmp_path / "net.db")

    def run(*args: str, input: str | None = None, ok: tuple[int, ...] = (0,)):
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        assert result.exit_code in ok, (args, result.output)
        return result

    run("ingest", str(reports), "--db", db)
    run("ingest", str(reports / "page.html"), "--db", db, "-q")  # again: already stored
    assert run("events", "--db", db, "--json", "--limit", "0").output.strip()
    run("events", "--db", db)
    run("show", "brokers", "--db", db, "--json")
    run("search", "brokers", "--db", db)
    for fmt in ("jsonl", "csv", "geojson"):
        run("export", "--db", db, "--format", fmt)
        run("export", "--db", db, "--format", fmt, "--public")
        run("export", "--db", db, "--format", fmt, "--public", "-o", str(tmp_path / f"out.{fmt}"))
    run("summary", "--db", db)
    run("reextract", "--db", db)
    event_id = run("events", "--db", db, "--json", "--limit", "1").output.splitlines()[0]
    event_id = json.loads(event_id)["id"]
    run("review", "confirm", event_id, "--user", "anna", "--db", db)
    run("review", "history", event_id, "--db", db)
    run("user", "add", "anna", "--role", "analyst", "--password-stdin", "--db", db, input="correct horse battery\n")
    run("settings")

    demo = str(tmp_path / "demo.db")
    run("demo", "--db", demo)
    gold = reports_dir().parent / "gold.jsonl"
    run("evaluate", str(gold), "--db", demo, "--json")
    run("evaluate", str(gold), "--db", demo, "--errors")
    run("export", "--db", demo, "--format", "geojson", "--public")

    assert guard == [], f"tried to connect: {[a['call'] + ' ' + a['target'] for a in guard]}"


def _get_paths(app) -> list[str]:
    """Every GET route of the app (routers included), as declared."""
    found: list[str] = []

    def walk(routes, prefix: str) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                context = getattr(route, "include_context", None)
                walk(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
                continue
            sub = getattr(route, "routes", None)
            methods = getattr(route, "methods", None)
            if sub is not None and not methods:
                walk(sub, prefix + (getattr(route, "path", "") or ""))
            elif methods and "GET" in methods and getattr(route, "path", None):
                found.append(prefix + route.path)

    walk(app.routes, "")
    return sorted(set(found))


def test_web_app_opens_no_outbound_connection(guard, reports: Path, tmp_path: Path, monkeypatch):
    from fastapi.testclient import TestClient

    from countersight.ingest.service import ingest
    from countersight.web import app as web
    from countersight.settings import load_settings
    from countersight.store import open_store

    _clean_env(monkeypatch, tmp_path)
    db = str(tmp_path / "web.db")
    settings = load_settings({"db": db, "host": "127.0.0.1"}, environ={})
    store = open_store(db)
    try:
        ingest([reports_dir(), reports], store, settings)
        event_id = store.scalar("SELECT id FROM events ORDER BY id LIMIT 1")
        report_id = store.scalar("SELECT id FROM reports ORDER BY id LIMIT 1")
    finally:
        store.close()

    app = web.create_app(settings, no_auth=True)  # every visitor is the admin: every page opens
    paths = _get_paths(app)
    assert "/" in paths and any(p.startswith("/api/") for p in paths), paths
    fill = {"{event_id}": event_id, "{report_id}": report_id}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        visited = 0
        for path in paths:
            for key, value in fill.items():
                path = path.replace(key, value)
            if "{" in path:
                continue
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
            visited += 1
        for query in ("/events?search=brokers", "/export?format=csv", "/export?format=geojson&public=1",
                      "/api/events?limit=500", "/map", "/trends"):
            assert client.get(query).status_code < 500, query
        csrf = client.cookies.get("csrf") or ""
        client.post(f"/api/events/{event_id}/review", json={"action": "confirm"}, headers={"X-CSRF-Token": csrf})
    assert visited >= 10
    assert guard == [], f"tried to connect: {[a['call'] + ' ' + a['target'] for a in guard]}"


# --------------------------------------------------------------------------
# fresh processes, guarded from their first import


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_process_opens_no_connection_from_its_first_import(reports: Path, tmp_path: Path, workers: str):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD + "\ninstall()\n", encoding="utf-8")
    log = tmp_path / "attempts.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in {s.env for s in SETTINGS}}
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["COUNTERSIGHT_NETGUARD_LOG"] = str(log)
    probe = subprocess.run([sys.executable, "-c", "import socket; print(socket.getaddrinfo.__module__)"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert probe.stdout.strip() == "sitecustomize", "the guard was not installed: " + probe.stderr[-500:]
    proc = subprocess.run(
        [sys.executable, "-m", "countersight", "ingest", str(reports), "--db", str(tmp_path / "p.db"), "-j", workers],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-1000:] + proc.stderr[-2000:]
    assert "4 ingested" in proc.stdout, proc.stdout
    attempts = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    assert attempts == [], "tried to connect:\n" + "\n".join(a["call"] + " " + a["target"] + "\n" + "".join(a["stack"])
                                                          for a in attempts)


def test_loopback_check():
    ns = _load_guard()
    local = ns["_local"]
    assert local("127.0.0.1") and local("::1") and local("localhost") and local(None) and local("[::1]")
    assert not local("example.org") and not local("10.0.0.1") and not local("8.8.8.8")
    assert ipaddress.ip_address("127.0.0.5").is_loopback and local("127.0.0.5")
