import threading
import time
from collections import Counter

import pytest
from argon2 import PasswordHasher

from countersight import accounts
from countersight.errors import Conflict, InputError, NotAuthenticated, NotFound, PermissionDenied


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


def test_a_decision_outside_the_web_is_recorded_under_an_analyst_account(store):
    """The CLI's --user: any name while the database has no account (as always), else an analyst's."""
    assert accounts.decider(store, "whoever") == "whoever"
    with pytest.raises(InputError):
        accounts.decider(store, "  ")
    accounts.add_user(store, "ana", "correct horse battery", "analyst")
    accounts.add_user(store, "vic", "correct horse battery", "viewer")
    accounts.add_user(store, "root", "correct horse battery", "admin")
    assert accounts.decider(store, "ana") == "ana" and accounts.decider(store, "root") == "root"
    with pytest.raises(NotFound, match="no user 'whoever' in this database, which has accounts"):
        accounts.decider(store, "whoever")
    with pytest.raises(PermissionDenied, match="needs the analyst role; vic is a viewer"):
        accounts.decider(store, "vic")


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


class SlowCountingHasher:
    """A cheap argon2 hasher whose checks take 50 ms (as a real one does) and are counted."""

    def __init__(self) -> None:
        self.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        self.checks = 0
        self.lock = threading.Lock()

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        with self.lock:
            self.checks += 1
        time.sleep(0.05)
        return self.hasher.verify(hashed, password)


def test_login_lock_holds_under_a_burst(db_url, monkeypatch):
    # 40 attempts at once, one with the right password: the lock is counted and decided
    # before any password is checked, so only the first MAX_FAILED_LOGINS are checked.
    from countersight.store import open_store

    hasher = SlowCountingHasher()
    monkeypatch.setattr(accounts, "_hasher", hasher)
    setup = open_store(db_url)
    accounts.add_user(setup, "ana", "correct horse battery", "viewer")
    setup.close()
    attempts = 40
    passwords = ["wrong password!"] * (attempts - 1) + ["correct horse battery"]
    stores = [open_store(db_url) for _ in range(attempts)]
    start = threading.Barrier(attempts)
    outcomes: list[str] = []

    def attempt(store, password: str) -> None:
        start.wait()
        try:
            accounts.login(store, "ana", password)
            outcomes.append("accepted")
        except NotAuthenticated:
            outcomes.append("wrong")
        except PermissionDenied:
            outcomes.append("locked")

    threads = [threading.Thread(target=attempt, args=(s, p)) for s, p in zip(stores, passwords)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    # At most MAX_FAILED_LOGINS wrong passwords are checked (on main: 39). The first
    # MAX_FAILED_LOGINS attempts are all checked; when the right one is among them it is no
    # failure, and may free one more check for an attempt that arrives after it succeeded.
    counted = Counter(outcomes)
    accepted, wrong = counted["accepted"], counted["wrong"]
    assert accepted in (0, 1)
    assert accounts.MAX_FAILED_LOGINS - accepted <= wrong <= accounts.MAX_FAILED_LOGINS
    assert counted == Counter(wrong=wrong, accepted=accepted, locked=attempts - wrong - accepted)
    assert hasher.checks == wrong + accepted


def test_a_successful_login_does_not_count_as_a_failure(store):
    accounts.add_user(store, "ana", "correct horse battery", "viewer")
    for _ in range(accounts.MAX_FAILED_LOGINS + 2):
        accounts.login(store, "ana", "correct horse battery")
    assert store.query("SELECT ok, COUNT(*) FROM login_attempts GROUP BY ok") == [(1, accounts.MAX_FAILED_LOGINS + 2)]


def test_require_role():
    with pytest.raises(PermissionDenied):
        accounts.require(accounts.User("v", "viewer"), "analyst")
    accounts.require(accounts.User("a", "admin"), "analyst")
