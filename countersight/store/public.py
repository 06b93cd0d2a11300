"""SQL for the public view's counts and filters: an event's fields as ``privacy.redact_event``
publishes them, following the analysts' sensitivity marks (migration 5).

A field marked sensitive is withheld whole in public, so a public count must not group by it and
a public filter must not match it: either would tell what the page withholds (when it happened,
whom it concerned). These expressions read the event as ``e``.
"""

from __future__ import annotations


def marked_sensitive(field: str, alias: str = "e") -> str:
    """SQL: the event ``alias`` has its ``field`` (one of ``privacy.MARKABLE_FIELDS``) marked sensitive."""
    return (f"EXISTS (SELECT 1 FROM sensitivity_marks s WHERE s.event_id = {alias}.id "
            f"AND s.field = '{field}' AND s.sensitive = 1)")


# With ``EventFilter.public``, ``since``/``until`` and ``target`` match only what is published.
PUBLIC_DATE_CLAUSE = "NOT " + marked_sensitive("date")
PUBLIC_TARGETS_CLAUSE = "NOT " + marked_sensitive("targets")
# An event's timeline date as the public view shows it: none when its date is withheld. Not the
# report's publication date either (an undated event's fallback): a report published days after
# the act would date it nearly as well.
PUBLIC_TIMELINE = f"CASE WHEN {marked_sensitive('date')} THEN NULL ELSE e.timeline_date END"
# An event's targets (a JSON list) as the public view shows them: none when withheld.
PUBLIC_TARGETS = f"CASE WHEN {marked_sensitive('targets')} THEN '[]' ELSE e.targets END"
# An event's province as the public view shows it: none when its location is withheld
# (``redact_event`` keeps the country only); a district or dong keeps its province.
PUBLIC_ADMIN1 = f"CASE WHEN {marked_sensitive('location')} THEN NULL ELSE e.admin1 END"


def is_public(f: object, public: bool = False) -> bool:
    """Asked for the public view: by the caller, or by the filter (``web.public.check_filter``)."""
    return public or bool(getattr(f, "public", False))
