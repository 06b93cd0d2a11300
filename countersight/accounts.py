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
        if store.user_exists(username):
            raise Conflict(f"user {username!r} exists already")
        store.insert_user(username, _hasher.hash(password), role, now())
        audit.append(store, actor, "user.add", username, {"role": role})
    return User(username, role)


def set_role(store: Store, username: str, role: str, *, actor: str = "cli") -> User:
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    with store.transaction():
        get_user(store, username)
        before = get_user(store, username).role
        store.set_user_role(username, role)
        audit.append(store, actor, "user.role", username, {"before": before, "after": role})
    return User(username, role)


def remove_user(store: Store, username: str, *, actor: str = "cli") -> None:
    with store.transaction():
        role = get_user(store, username).role
        audit.append(store, actor, "user.remove", username, {"role": role})
        store.delete_user(username)


def get_user(store: Store, username: str) -> User:
    row = store.active_user(username)
    if row is None:
        raise NotFound(f"no user {username!r}")
    return User(row["username"], row["role"])


def decider(store: Store, username: str, role: str = "analyst") -> str:
    """The name a decision taken outside the web app (the CLI's ``--user``) is recorded under.

    A database with accounts knows who reviews: the name must be an active account with
    ``role``, as the web app requires of its signed-in users, so the history never names
    someone who does not exist (a typo) or may not decide. A database without any account
    (one analyst working alone, no web app shared) records the name given, as it always did."""
    name = username.strip()
    if not name:
        raise InputError("say who decides: a user name")
    if not store.has_users():
        return name
    row = store.active_user(name)
    if row is None:
        raise NotFound(f"no user {name!r} in this database, which has accounts: decisions are recorded under an "
                       "account's name (see `countersight user list`)")
    require(User(row["username"], row["role"]), role)
    return name


def list_users(store: Store) -> list[User]:
    return [User(r["username"], r["role"]) for r in store.users()]


def login(store: Store, username: str, password: str) -> Session:
    """Check the password and open a session; too many recent failures lock the name out."""
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=LOGIN_WINDOW_MINUTES)).isoformat(timespec="seconds")
    attempt = store.begin_login_attempt(username, since, MAX_FAILED_LOGINS)  # counted before the check
    if attempt is None:
        raise PermissionDenied(f"too many failed logins for {username!r}; try again in {LOGIN_WINDOW_MINUTES} minutes")
    row = store.active_user(username)
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row["password_hash"], password)
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
            store.insert_session(_digest(token), username, csrf, now(), expires)
    if not ok:
        raise NotAuthenticated("wrong user name or password")
    return Session(token, User(username, row["role"]), csrf, expires)


def session_for(store: Store, token: str | None) -> Session:
    """The live session of a cookie value, or NotAuthenticated."""
    if not token:
        raise NotAuthenticated("please log in")
    row = store.session_by_hash(_digest(token))
    if row is None or row["expires_at"] < now():
        raise NotAuthenticated("your session has ended; please log in again")
    return Session(token, User(row["username"], row["role"]), row["csrf_token"], row["expires_at"])


def logout(store: Store, token: str | None) -> None:
    if token:
        store.delete_session(_digest(token))


def require(user: User, role: str) -> None:
    if not user.can(role):
        raise PermissionDenied(f"this needs the {role} role; {user.username} is a {user.role}")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
