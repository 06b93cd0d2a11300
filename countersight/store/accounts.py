"""The accounts tables (users, sessions, login attempts), as methods of the Store
(``Store`` inherits ``AccountRows``). ``countersight.accounts`` decides; this reads and writes."""

from __future__ import annotations

from typing import Any


class AccountRows:
    """Mixed into ``Store``: uses its ``execute``, ``record``, ``records`` and ``scalar``."""

    def user_exists(self, username: str) -> bool:
        return self.scalar("SELECT 1 FROM users WHERE username = ?", (username,)) is not None  # type: ignore[attr-defined]

    def has_users(self) -> bool:
        """Whether the database has any account at all (disabled ones included)."""
        return self.scalar("SELECT 1 FROM users LIMIT 1") is not None  # type: ignore[attr-defined]

    def insert_user(self, username: str, password_hash: str, role: str, created_at: str) -> None:
        self.execute(  # type: ignore[attr-defined]
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
            (username, password_hash, role, created_at),
        )

    def set_user_role(self, username: str, role: str) -> None:
        self.execute("UPDATE users SET role = ? WHERE username = ?", (role, username))  # type: ignore[attr-defined]

    def delete_user(self, username: str) -> None:
        """The user and their sessions (call inside a transaction)."""
        self.execute("DELETE FROM sessions WHERE username = ?", (username,))  # type: ignore[attr-defined]
        self.execute("DELETE FROM users WHERE username = ?", (username,))  # type: ignore[attr-defined]

    def active_user(self, username: str) -> dict[str, Any] | None:
        """{username, role, password_hash} of a user who is not disabled, or None."""
        return self.record(  # type: ignore[attr-defined]
            "SELECT username, role, password_hash FROM users WHERE username = ? AND disabled = 0", (username,))

    def users(self) -> list[dict[str, Any]]:
        """{username, role} of every user, by name."""
        return self.records("SELECT username, role FROM users ORDER BY username")  # type: ignore[attr-defined]

    def insert_session(self, token_hash: str, username: str, csrf_token: str, created_at: str,
                       expires_at: str) -> None:
        self.execute(  # type: ignore[attr-defined]
            "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            (token_hash, username, csrf_token, created_at, expires_at),
        )

    def session_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        """{username, role, csrf_token, expires_at} of a session whose user is not disabled, or None."""
        return self.record(  # type: ignore[attr-defined]
            "SELECT s.username AS username, u.role AS role, s.csrf_token AS csrf_token, s.expires_at AS expires_at "
            "FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = ? AND u.disabled = 0",
            (token_hash,),
        )

    def delete_session(self, token_hash: str) -> None:
        self.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))  # type: ignore[attr-defined]
