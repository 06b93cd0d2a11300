"""Request context: the store, the signed-in user, the CSRF token; role and CSRF checks."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from countersight import accounts
from countersight.accounts import User
from countersight.errors import PermissionDenied
from countersight.settings import Settings
from countersight.store.base import Store

COOKIE = "cs_session"
LOCAL_USER = User("local", "admin")


def get_store(request: Request) -> Iterator[Store]:
    pool = request.app.state.pool
    store = pool.acquire()
    try:
        yield store
    finally:
        pool.release(store)


@dataclass
class Ctx:
    request: Request
    store: Store
    user: User
    csrf: str
    settings: Settings
    form: FormData | None = None
    public: bool = False  # the public read-only mode: everything shown is redacted (web.public)

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        templates = self.request.app.state.templates
        return templates.TemplateResponse(
            self.request, template,
            {"user": self.user, "csrf": self.csrf, "no_auth": self.request.app.state.no_auth, "public": self.public,
             **context},
            status_code=status_code,
        )

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else default

    def fields(self, name: str) -> list[str]:
        if self.form is None:
            return []
        return [v.strip() for v in self.form.getlist(name) if isinstance(v, str) and v.strip()]


def authenticate(request: Request, store: Store) -> tuple[User, str]:
    """The user and CSRF token of this request; NotAuthenticated without a live session."""
    if request.app.state.public:
        from countersight.web.public import PUBLIC_USER

        user, csrf = PUBLIC_USER, ""  # nothing to write, so no CSRF token
    elif request.app.state.no_auth:
        user, csrf = LOCAL_USER, request.app.state.local_csrf
    else:
        session = accounts.session_for(store, request.cookies.get(COOKIE))
        user, csrf = session.user, session.csrf_token
    request.state.user, request.state.csrf = user, csrf
    return user, csrf


def need(role: str) -> Callable[..., Ctx]:
    """Dependency: a signed-in user with at least ``role`` (401/redirect, then 403)."""

    def dependency(request: Request, store: Store = Depends(get_store)) -> Ctx:
        user, csrf = authenticate(request, store)
        accounts.require(user, role)
        return Ctx(request, store, user, csrf, request.app.state.settings, public=request.app.state.public)

    dependency.__name__ = f"need_{role}"
    return dependency


async def read_form(request: Request) -> FormData:
    return await request.form()


def check_csrf(expected: str, given: str | None) -> None:
    if not given or not secrets.compare_digest(expected.encode(), str(given).encode()):
        raise PermissionDenied("the form's security token is missing or out of date; reload the page and try again")


def need_form(role: str) -> Callable[..., Ctx]:
    """Dependency for a POSTed form: the role, then the session's CSRF token in the ``csrf_token`` field."""
    base = need(role)

    def dependency(ctx: Ctx = Depends(base), form: FormData = Depends(read_form)) -> Ctx:
        value = form.get("csrf_token")
        check_csrf(ctx.csrf, value if isinstance(value, str) else None)
        ctx.form = form
        return ctx

    dependency.__name__ = f"form_{role}"
    return dependency


def need_json_write(role: str) -> Callable[..., Ctx]:
    """Dependency for a JSON API write: the role, then the ``X-CSRF-Token`` header."""
    base = need(role)

    def dependency(ctx: Ctx = Depends(base)) -> Ctx:
        check_csrf(ctx.csrf, ctx.request.headers.get("x-csrf-token"))
        return ctx

    dependency.__name__ = f"json_{role}"
    return dependency


def safe_next(value: str | None, default: str = "/") -> str:
    """Only a relative path on this site: never ``//host`` or ``https://...`` (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value
