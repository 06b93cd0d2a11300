"""The audit log: every change (ingest, extraction, review, deletion, user
management) appended as an entry that carries the hash of the one before.

Editing or deleting an entry breaks the chain, and ``verify`` finds where.
The database refuses UPDATE and DELETE on the log (triggers); someone with raw
access to the file could still drop the triggers, which is what the chain is
for. Truncating the newest entries leaves a valid shorter chain: compare the
head hash ``verify`` prints with one recorded elsewhere (a note, an e-mail) to
detect that too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from countersight.store.base import Store, now

GENESIS = "0" * 64


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    head: str
    problems: list[str]

    def line(self) -> str:
        if self.ok:
            return f"audit log intact: {self.entries} entries, head {self.head}"
        return f"audit log BROKEN ({len(self.problems)} problems): " + "; ".join(self.problems[:5])


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, subject: str | None, details: str) -> str:
    canonical = json.dumps([seq, at, actor, action, subject, details], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def append(store: Store, actor: str, action: str, subject: str | None = None, details: dict[str, Any] | None = None) -> None:
    """Add an entry; call inside the transaction of the change it records."""
    lock = getattr(store.dialect, "audit_lock", None)
    if lock:
        store.execute(lock)
    row = store.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = now()
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
    store.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, subject, text, prev, entry_hash(prev, seq, at, actor, action, subject, text)),
    )


def entries(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT seq, at, actor, action, subject, details FROM audit_log ORDER BY seq DESC"
    rows = store.query(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
    return [{"seq": r[0], "at": r[1], "actor": r[2], "action": r[3], "subject": r[4], "details": json.loads(r[5])} for r in rows]


def verify(store: Store) -> Verification:
    """Recompute the chain from the first entry; report every break."""
    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    cursor = store.execute("SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log ORDER BY seq")
    for seq, at, actor, action, subject, details, prev_hash, digest in cursor.fetchall():
        count += 1
        if seq != expected_seq:
            problems.append(f"entries {expected_seq}..{seq - 1} are missing")
        if prev_hash != prev:
            problems.append(f"entry {seq} does not follow the entry before it")
        if entry_hash(prev_hash, seq, at, actor, action, subject, details) != digest:
            problems.append(f"entry {seq} was altered")
        prev, expected_seq = digest, seq + 1
    return Verification(not problems, count, prev, problems)
