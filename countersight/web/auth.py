"""Log in, log out, and the admin's pages: users and settings."""

from __future__ import annotations

import datetime as dt
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from countersight import accounts
from countersight.errors import CountersightError, NotAuthenticated, PermissionDenied
from countersight.settings import SETTINGS
from countersight.store.base import Store
from countersight.web.deps import COOKIE, Ctx, check_csrf, get_store, need, need_form, read_form, safe_next

router = APIRouter(include_in_schema=False)
LOGIN_COOKIE = "cs_login"  # double-submit token for the login form (there is no session yet)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", error: str | None = None) -> Response:
    if request.app.state.no_auth:
        return RedirectResponse(safe_next(next), status_code=303)
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
    response = request.app.state.templates.TemplateResponse(
        request, "login.html",
        {"user": None, "csrf": "", "login_token": token, "next": safe_next(next), "error": error},
        status_code=401 if error else 200,
    )
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login")
    return response


@router.post("/login")
def login_submit(request: Request, form=Depends(read_form), store: Store = Depends(get_store)) -> Response:
    given = form.get("login_token")
    check_csrf(request.cookies.get(LOGIN_COOKIE) or "", given if isinstance(given, str) else None)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    try:
        session = accounts.login(store, username, password)
    except (NotAuthenticated, PermissionDenied) as exc:
        return login_page(request, next=target, error=str(exc))
    response = RedirectResponse(target, status_code=303)
    expires = dt.datetime.fromisoformat(session.expires_at)
    response.set_cookie(
        COOKIE, session.token, httponly=True, samesite="strict", secure=_secure(request), path="/",
        expires=expires, max_age=int((expires - dt.datetime.now(dt.timezone.utc)).total_seconds()),
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(ctx: Ctx = Depends(need_form("viewer"))) -> Response:
    accounts.logout(ctx.store, ctx.request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(ctx: Ctx = Depends(need("admin")), message: str | None = None) -> Response:
    return ctx.render("admin_users.html", users=accounts.list_users(ctx.store), roles=accounts.ROLES, message=message)


@router.post("/admin/users")
def users_add(ctx: Ctx = Depends(need_form("admin"))) -> Response:
    user = accounts.add_user(ctx.store, ctx.field("username"), ctx.field("password"), ctx.field("role") or "viewer",
                               actor=ctx.user.username)
    return RedirectResponse(f"/admin/users?message=added+{user.username}", status_code=303)


@router.post("/admin/users/{username}/role")
def users_role(username: str, ctx: Ctx = Depends(need_form("admin"))) -> Response:
    accounts.set_role(ctx.store, username, ctx.field("role"), actor=ctx.user.username)
    return RedirectResponse(f"/admin/users?message=changed+{username}", status_code=303)


@router.post("/admin/users/{username}/remove")
def users_remove(username: str, ctx: Ctx = Depends(need_form("admin"))) -> Response:
    if username == ctx.user.username:
        raise PermissionDenied("you cannot remove your own account")
    accounts.remove_user(ctx.store, username, actor=ctx.user.username)
    return RedirectResponse(f"/admin/users?message=removed+{username}", status_code=303)


@router.get("/admin/settings", response_class=HTMLResponse)
def settings_page(ctx: Ctx = Depends(need("admin"))) -> Response:
    from countersight.learn.bundle import describe_model, description_lines

    rows = [(s.name, ctx.settings.values.get(s.name), s.env, s.help, s.allowed) for s in SETTINGS]
    try:
        extractor = description_lines(describe_model(ctx.settings.model))
    except CountersightError as exc:  # a damaged model folder: the page still shows the settings
        extractor = [f"the model cannot be read: {exc}"]
    return ctx.render("admin_settings.html", rows=rows, extractor=extractor)
