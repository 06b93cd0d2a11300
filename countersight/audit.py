"""The audit log: every change (ingest, extraction, review, deletion, user
management) appended as an entry that carries the hash of the one before.

Editing or deleting an entry breaks the chain, and ``verify`` finds where.
The database refuses UPDATE and DELETE on the log (triggers); someone with raw
access to the file could still drop the triggers, which is what the chain is
for. Truncating the newest entries, or rewriting the log and recomputing every
hash, leaves a valid chain: keep the head hash ``verify`` prints somewhere else
(a note, an e-mail) and give it back (``audit verify --head HASH``) to detect that
too. New entries may follow it; the recorded entry must still be there.
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
    store.lock_audit()
    head = store.audit_head()
    seq, prev = (head["seq"] + 1, head["hash"]) if head else (1, GENESIS)
    at = now()
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True)
    store.insert_audit_entry({
        "seq": seq, "at": at, "actor": actor, "action": action, "subject": subject, "details": text,
        "prev_hash": prev, "hash": entry_hash(prev, seq, at, actor, action, subject, text),
    })


def entries(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    return [{"seq": e["seq"], "at": e["at"], "actor": e["actor"], "action": e["action"], "subject": e["subject"],
             "details": json.loads(e["details"])} for e in store.audit_entries(limit)]


def verify(store: Store, head: str | None = None) -> Verification:
    """Recompute the chain from the first entry; report every break.

    ``head`` is a hash ``verify`` printed before and that was kept elsewhere: it must
    still be in the chain. A log rewritten with recomputed hashes, or cut back to
    before that entry, is a valid chain by itself; only an outside record shows it."""
    problems: list[str] = []
    prev, expected_seq, count, found = GENESIS, 1, 0, False
    wanted = head.strip().lower() if head else None
    for e in store.audit_entries(newest_first=False):
        seq, digest = e["seq"], e["hash"]
        count += 1
        if seq != expected_seq:
            problems.append(f"entries {expected_seq}..{seq - 1} are missing")
        if e["prev_hash"] != prev:
            problems.append(f"entry {seq} does not follow the entry before it")
        if entry_hash(e["prev_hash"], seq, e["at"], e["actor"], e["action"], e["subject"], e["details"]) != digest:
            problems.append(f"entry {seq} was altered")
        found = found or digest == wanted
        prev, expected_seq = digest, seq + 1
    if wanted is not None and not found and wanted != GENESIS:
        problems.append(f"the recorded head {wanted} is not in the log: it was rewritten or cut back")
    return Verification(not problems, count, prev, problems)
