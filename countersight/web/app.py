"""The web app: ``create_app(settings)`` builds a FastAPI application over one database.

Library first: tests build the app directly; ``countersight serve`` runs it with uvicorn.
Every page and API route needs a role (viewer reads, analyst reviews, admin manages
users); ``no_auth`` makes every request the built-in admin ``local`` and is only
allowed on a loopback address; ``public`` makes every request the read-only viewer
``public`` and redacts everything shown (``countersight.web.public``), on any address.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
import socket
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from countersight import describe
from countersight.errors import CountersightError, InputError, NotAuthenticated, ParamError
from countersight.settings import Settings, load_settings
from countersight.store import open_store
from countersight.store.base import Store
from countersight.vocab import labels
from countersight.web import ui

HERE = Path(__file__).resolve().parent
log = logging.getLogger(__name__)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "[::1]"})
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
)


def is_loopback(host: str | None) -> bool:
    """``localhost`` or a literal loopback address (127.0.0.0/8, ``::1``, ``[::1]``).

    A name is never taken for an address because of how it starts: ``127.0.0.1.evil.example``
    and ``127.attacker.example`` are names anyone can point anywhere.
    """
    if not host:
        return False
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_no_auth_host(host: str) -> None:
    """``--no-auth`` is for one researcher's laptop: refuse it on any address others can reach."""
    if not is_loopback(host):
        raise InputError(
            f"--no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost), not {host!r}: "
            "anyone who can reach the server would be an administrator. Create accounts with "
            "`countersight user add NAME --role analyst` instead."
        )


def bind_socket(host: str, port: int, *, loopback_only: bool = False) -> socket.socket:
    """A TCP socket bound to ``host``:``port``, for the server to listen on.

    ``loopback_only`` (``--no-auth``): the address actually bound must be a loopback one,
    whatever the name said (``localhost`` can be made to resolve to any address).
    """
    literal = host.strip("[]")
    try:
        ipaddress.ip_address(literal)
        flags = socket.AI_PASSIVE | socket.AI_NUMERICHOST  # an address: nothing to look up
    except ValueError:
        flags = socket.AI_PASSIVE
    try:
        family, kind, proto, _, address = socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM, flags=flags)[0]
    except OSError as exc:
        raise InputError(f"cannot listen on {host!r}: {exc.strerror or exc}") from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        bound = sock.getsockname()[0]
        if loopback_only and not is_loopback(bound):
            raise InputError(f"--no-auth is only allowed on a loopback address: {host!r} is {bound}, which other "
                             "computers can reach")
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host!r} port {port}: {exc.strerror or exc}") from exc
    except BaseException:
        sock.close()
        raise
    return sock


class StorePool:
    """One Store (one DB-API connection) per request at a time; idle stores are reused.

    A Store is not thread-safe, so a store is never shared by two requests at once.
    """

    def __init__(self, url: str, keep: int = 8) -> None:
        self.url = url
        self.keep = keep
        self._idle: list[Store] = []
        self._lock = threading.Lock()
        self._closed = False

    def acquire(self) -> Store:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return open_store(self.url, create=False)  # (a file deleted under the server is not made again, empty)

    def release(self, store: Store) -> None:
        store.end_abandoned_transaction()  # an error may have left one open: the next request starts clean
        with self._lock:
            if not self._closed and len(self._idle) < self.keep:
                self._idle.append(store)
                return
        store.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every response; loopback-only in no-auth mode;
    in public mode, only reads (403 for any other method, for logging in or out; 404 for /admin)."""

    def __init__(self, app: Any, *, no_auth: bool, public: bool = False, templates: Any = None) -> None:
        self.app = app
        self.no_auth = no_auth
        self.public = public
        self.templates = templates

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.no_auth and not _local_request(scope):
            response = JSONResponse({"error": "this server runs without accounts (--no-auth) and only answers "
                                              "requests from this computer"}, status_code=403)
            await self._send_with_headers(response, scope, receive, send)
            return
        if self.public:
            refusal = _public_refusal(scope)
            if refusal:
                status, message = refusal
                await self._send_with_headers(self._error(scope, status, message), scope, receive, send)
                return

        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # A bug: Starlette's own 500 would be sent outside this middleware, without the
            # headers. Answer here, then let the error go on to be logged.
            if not started:
                await self._send_with_headers(self._internal_error(scope), scope, receive, send)
            raise

    def _internal_error(self, scope: dict) -> Response:
        request = Request(scope)
        if not wants_json(request) and self.templates is not None:
            try:
                return self.templates.TemplateResponse(
                    request, "error.html", {"status": 500, "message": "internal error", "user": None, "csrf": "",
                                            "public": self.public}, status_code=500)
            except Exception:  # the page itself failed: the plain answer below
                pass
        return JSONResponse({"error": "internal error"}, status_code=500)

    def _error(self, scope: dict, status: int, message: str) -> Response:
        request = Request(scope)
        if wants_json(request) or self.templates is None:
            return JSONResponse({"error": message}, status_code=status)
        from countersight.web.public import PUBLIC_USER

        return self.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message, "user": PUBLIC_USER, "csrf": "",
                                    "public": True}, status_code=status)

    async def _send_with_headers(self, response: Response, scope: dict, receive: Any, send: Any) -> None:
        for name, value in SECURITY_HEADERS:
            response.headers[name] = value
        await response(scope, receive, send)


def _public_refusal(scope: dict) -> tuple[int, str] | None:
    """Why the public mode refuses this request (status, message), or None."""
    from countersight.web.public import READ_METHODS

    path = scope.get("path") or "/"
    if path == "/admin" or path.startswith("/admin/"):
        return 404, f"nothing at {path}"
    if scope.get("method", "GET") not in READ_METHODS:
        return 403, "this is a public, read-only view: nothing can be changed here"
    if path in ("/login", "/logout"):
        return 403, "this is a public view: there are no accounts to log in to"
    return None


def _local_request(scope: dict) -> bool:
    """A request from this computer, addressed to a loopback name (no DNS rebinding)."""
    client = scope.get("client")
    client_host = client[0] if client else None
    # TestClient's peer is "testclient" and its host "testserver": names no network peer has.
    test_client = client_host == "testclient"
    if client_host is not None and not test_client and not is_loopback(client_host):
        return False
    host = ""
    for key, value in scope.get("headers") or []:
        if key == b"host":
            host = value.decode("latin-1")
            break
    name, port = split_host(host)
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return False
    # A page of another site whose name resolves to 127.0.0.1 sends that name: refused.
    return is_loopback(name) or (test_client and name == "testserver")


def split_host(host: str) -> tuple[str, str | None]:
    """A Host header's name and port (None without one): ``[::1]:8000`` -> (``[::1]``, ``8000``)."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        if not rest:
            return name + "]", None
        return (name + "]", rest[1:]) if rest.startswith(":") else (host, None)
    name, colon, port = host.rpartition(":")
    return (name, port) if colon else (host, None)


def create_app(settings: Settings | None = None, *, no_auth: bool = False, public: bool = False) -> FastAPI:
    """The web app over ``settings.db``, which must exist (it is migrated on creation: StoreError
    when it is missing); ``public``: the read-only redacted view."""
    settings = settings or load_settings()
    if no_auth and public:
        raise InputError("--public and --no-auth exclude each other: --public is the read-only, redacted view "
                         "for everyone; --no-auth makes this computer's user the administrator")
    if no_auth:
        check_no_auth_host(str(settings.host))
    # Migrate once, up front: a bad path fails here, not per request. Never create it: a mistyped
    # --db served an empty new database as if the archive were empty (exit 4 at the CLI instead).
    open_store(settings.db, create=False).close()
    pool = StorePool(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(
        title="countersight",
        summary="Sourced, reviewable evidence of North Korean state surveillance.",
        description=(
            "Events (EVENTS.md objects) drawn from reports, with the quote and offsets they came from. "
            "Every route needs a session cookie (log in at /login) with the viewer role; review actions need analyst."
        ),
        version=_version(),
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: offline, only /openapi.json
        redoc_url=None,
        openapi_url=None,  # served below, to signed-in users only
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.no_auth = no_auth
    app.state.public = public
    app.state.local_csrf = secrets.token_urlsafe(32)
    app.state.templates = _templates()
    app.state.templates.env.globals["public_mode"] = public

    app.add_middleware(SecurityHeaders, no_auth=no_auth, public=public, templates=app.state.templates)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from countersight.web import api, auth, pages, review

    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(review.router)
    app.include_router(api.router)

    from countersight.web.deps import Ctx, need

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(ctx: Ctx = Depends(need("viewer"))) -> JSONResponse:
        # Like every route but the login page: with accounts, anonymous visitors learn nothing,
        # not even the routes and version (public mode: everyone is the viewer "public").
        return JSONResponse(app.openapi())

    @app.get("/assets/types.css", include_in_schema=False)
    def type_stylesheet() -> Response:
        return Response(ui.type_css(), media_type="text/css", headers={"cache-control": "max-age=3600"})

    app.add_exception_handler(CountersightError, _on_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("countersight")
    except PackageNotFoundError:  # pragma: no cover
        return "0"


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True  # every .html template escapes; report text is never trusted
    env.globals.update(TYPE_COLOURS=ui.TYPE_COLOURS, FILTER_LABELS=ui.FILTER_LABELS, label=ui.label, province_name=ui.province_name,
                       choices=ui.choices, FILTER_FIELDS=ui.FILTER_FIELDS, name=labels.name, words=describe,
                       heading=describe.heading, heading_rest=ui.heading_rest,
                       corroboration=ui.corroboration, people=ui.people, plural=describe.plural)
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["pathpart"] = ui.path_part
    env.tests["web_link"] = ui.is_web_link
    env.tests["korean"] = lambda text: any("\uac00" <= ch <= "\ud7a3" for ch in str(text))
    return templates


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html",
        {"status": status, "message": message, "user": getattr(request.state, "user", None),
         "csrf": getattr(request.state, "csrf", ""), "public": request.app.state.public,
         "no_auth": request.app.state.no_auth},
        status_code=status,
    )


def message(request: Request, exc: CountersightError) -> str:
    """An error as the web words it: a bad parameter by its name in the URL in the JSON API
    ("since must be ..."), by its form field's label on a page ("From (since) must be ..."),
    never by the CLI's option (``cli.message`` says "--since")."""
    if not isinstance(exc, ParamError):
        return str(exc)
    label = None if wants_json(request) else ui.FILTER_LABELS.get(exc.param)
    return exc.named(f"{label} ({exc.param})" if label and label.lower() != exc.param else exc.param)


async def _on_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CountersightError)
    if isinstance(exc, NotAuthenticated) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
    text = message(request, exc)
    if request.app.state.public and not isinstance(exc, ParamError):  # (a parameter's message names no path)
        if exc.http_status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)  # what the public is not told
        text = public_error_message(exc)
    return error_response(request, exc.http_status, text)


def public_error_message(exc: CountersightError) -> str:
    """An error as the public view tells it: without the server's paths and database URL. A server
    error (5xx: the database cannot be opened or written) is the operators' to read, in the log; its
    message names the database, so the public is told only that it happened (the server logs it)."""
    if exc.http_status >= 500:
        return "internal error"
    return exc.public_message


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    return error_response(request, exc.status_code, message)


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    # FastAPI's own checks (an integer parameter out of its bounds, not a number, not one of the
    # values allowed): worded as every other bad parameter, "page must be ..., got 'x'".
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
        problem = str(err.get("msg") or "is not valid")
        problem = "must" + problem[len("Input should"):] if problem.startswith("Input should") else problem.lower()
        if isinstance(err.get("input"), (str, int, float)) and err.get("type") != "missing":
            problem += f", got {err['input']!r}"
        parts.append(message(request, ParamError(where, problem)))
    return error_response(request, 400, "; ".join(parts) or "bad request")
