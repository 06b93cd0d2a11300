"""User management through the web is logged under the administrator who did it."""

from __future__ import annotations

from countersight import audit
from countersight.store import open_store
from webutil import USERS, session_client


def test_user_management_through_the_web_names_the_admin(app):
    admin = session_client(app, "admin")
    with admin:
        added = admin.post("/admin/users", data={"csrf_token": admin.csrf, "username": "newcomer",
                                                 "password": "a long enough password", "role": "viewer"})
        role = admin.post("/admin/users/newcomer/role", data={"csrf_token": admin.csrf, "role": "analyst"})
        removed = admin.post("/admin/users/newcomer/remove", data={"csrf_token": admin.csrf})
    assert [added.status_code, role.status_code, removed.status_code] == [303, 303, 303]
    store = open_store(app.state.settings.db)
    try:
        logged = [(e["actor"], e["action"], e["subject"], e["details"]) for e in audit.entries(store, limit=3)]
        assert audit.verify(store).ok
    finally:
        store.close()
    assert logged == [
        (USERS["admin"], "user.remove", "newcomer", {"role": "analyst"}),
        (USERS["admin"], "user.role", "newcomer", {"before": "viewer", "after": "analyst"}),
        (USERS["admin"], "user.add", "newcomer", {"role": "viewer"}),
    ]
