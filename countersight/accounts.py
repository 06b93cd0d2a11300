"""Accounts, roles and sessions.

Roles are cumulative: a ``viewer`` reads, an ``analyst`` also reviews, an
``admin`` also manages users and settings. Passwords are hashed with argon2id;
session cookies carry a random token whose SHA-256 alone is stored, so a copy of
the database does not let anyone log in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from countersight import audit
from countersight.errors import Conflict, InputError, NotAuthenticated, NotFound, PermissionDenied
from countersight.store.base import Store, now

ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
SESSION_HOURS = 12
MAX_FAILED_LOGINS = 5  # within LOGIN_WINDOW_MINUTES, per user name
LOGIN_WINDOW_MINUTES = 15
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    token: str  # the cookie value: shown once, never stored
    user: User
    csrf_token: str
    expires_at: str


def add_user(store: Store, username: str, password: str, role: str = "viewer", *, actor: str = "cli") -> User:
    username = username.strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-@" for c in username):
        raise InputError("a user name is 1-64 letters, digits or . _ - @")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    with store.transaction():
        if store.scalar("SELECT 1 FROM users WHERE username = ?", (username,)):
            raise Conflict(f"user {username!r} exists already")
        store.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            (username, _hasher.hash(password), role, now()),
        )
        audit.append(store, actor, "user.add", username, {"role": role})
    return User(username, role)


def set_role(store: Store, username: str, role: str, *, actor: str = "cli") -> User:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    with store.transaction():
        get_user(store, username)
        before = get_user(store, username).role
        store.execute("UPDATE users SET role = ? WHERE username = ?", (role, username))
        audit.append(store, actor, "user.role", username, {"before": before, "after": role})
    return User(username, role)


def remove_user(store: Store, username: str, *, actor: str = "cli") -> None:
    with store.transaction():
        role = get_user(store, username).role
        audit.append(store, actor, "user.remove", username, {"role": role})
        store.execute("DELETE FROM sessions WHERE username = ?", (username,))
        store.execute("DELETE FROM users WHERE username = ?", (username,))


def get_user(store: Store, username: str) -> User:
    row = store.execute("SELECT username, role FROM users WHERE username = ? AND disabled = 0", (username,)).fetchone()
    if row is None:
        raise NotFound(f"no user {username!r}")
    return User(row[0], row[1])


def list_users(store: Store) -> list[User]:
    return [User(r[0], r[1]) for r in store.query("SELECT username, role FROM users ORDER BY username")]


def login(store: Store, username: str, password: str) -> Session:
    """Check the password and open a session; too many recent failures lock the name out."""
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=LOGIN_WINDOW_MINUTES)).isoformat(timespec="seconds")
    attempt = store.begin_login_attempt(username, since, MAX_FAILED_LOGINS)  # counted before the check
    if attempt is None:
        raise PermissionDenied(f"too many failed logins for {username!r}; try again in {LOGIN_WINDOW_MINUTES} minutes")
    row = store.execute(
        "SELECT password_hash, role FROM users WHERE username = ? AND disabled = 0", (username,)
    ).fetchone()
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row[0], password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher.hash(password)  # same time whether or not the user exists
    with store.transaction():
        store.end_login_attempt(username, attempt, ok)
        if ok:
            token = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(32)
            expires = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")
            store.execute(
                "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                (_digest(token), username, csrf, now(), expires),
            )
    if not ok:
        raise NotAuthenticated("wrong user name or password")
    return Session(token, User(username, row[1]), csrf, expires)


def session_for(store: Store, token: str | None) -> Session:
    """The live session of a cookie value, or NotAuthenticated."""
    if not token:
        raise NotAuthenticated("please log in")
    row = store.execute(
        "SELECT s.username, u.role, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.username = s.username "
        "WHERE s.token_hash = ? AND u.disabled = 0",
        (_digest(token),),
    ).fetchone()
    if row is None or row[3] < now():
        raise NotAuthenticated("your session has ended; please log in again")
    return Session(token, User(row[0], row[1]), row[2], row[3])


def logout(store: Store, token: str | None) -> None:
    if token:
        store.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))


def require(user: User, role: str) -> None:
    if not user.can(role):
        raise PermissionDenied(f"this needs the {role} role; {user.username} is a {user.role}")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
