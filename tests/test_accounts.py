import pytest

from countersight import accounts
from countersight.errors import Conflict, InputError, NotAuthenticated, PermissionDenied


def test_users_roles_and_password_hashing(store):
    user = accounts.add_user(store, "ana", "correct horse battery", "analyst")
    assert user.can("viewer") and user.can("analyst") and not user.can("admin")
    stored = store.scalar("SELECT password_hash FROM users WHERE username = 'ana'")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    with pytest.raises(Conflict):
        accounts.add_user(store, "ana", "another password", "viewer")
    with pytest.raises(InputError, match="at least"):
        accounts.add_user(store, "bo", "short", "viewer")
    with pytest.raises(InputError, match="role must be"):
        accounts.add_user(store, "bo", "long enough password", "boss")


def test_login_session_logout(store):
    accounts.add_user(store, "ana", "correct horse battery", "viewer")
    session = accounts.login(store, "ana", "correct horse battery")
    assert accounts.session_for(store, session.token).user == accounts.User("ana", "viewer")
    # only the token's hash is stored
    assert store.scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", (session.token,)) == 0
    accounts.logout(store, session.token)
    with pytest.raises(NotAuthenticated):
        accounts.session_for(store, session.token)


def test_expired_session_is_refused(store):
    accounts.add_user(store, "ana", "correct horse battery", "viewer")
    session = accounts.login(store, "ana", "correct horse battery")
    store.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00+00:00'")
    with pytest.raises(NotAuthenticated, match="ended"):
        accounts.session_for(store, session.token)


def test_login_rate_limit(store):
    accounts.add_user(store, "ana", "correct horse battery", "viewer")
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(NotAuthenticated):
            accounts.login(store, "ana", "wrong password!")
    with pytest.raises(PermissionDenied, match="too many failed logins"):
        accounts.login(store, "ana", "correct horse battery")


def test_require_role():
    with pytest.raises(PermissionDenied):
        accounts.require(accounts.User("v", "viewer"), "analyst")
    accounts.require(accounts.User("a", "admin"), "analyst")
