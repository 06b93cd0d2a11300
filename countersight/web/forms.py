"""Review forms -> EVENTS.md values for ``countersight.review``."""

from __future__ import annotations

import re
from typing import Any

from countersight.errors import InputError
from countersight.model import Event
from countersight.vocab.agencies import AGENCY_IDS
from countersight.vocab.groups import GROUP_IDS
from countersight.web.deps import Ctx

MEASURE_ROWS_EXTRA = 2  # empty rows offered for new quantities


def _number(text: str, what: str, *, integer: bool = False) -> float | int | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError as exc:
        raise InputError(f"{what} must be a number, not {text!r}") from exc
    if integer:
        if not value.is_integer():
            raise InputError(f"{what} must be a whole number, not {text!r}")
        return int(value)
    return int(value) if value.is_integer() else value


def _others(text: str) -> list[str]:
    """Free entries: "laos security, other:thai_police" -> ["other:laos_security", "other:thai_police"]."""
    out = []
    for item in re.split(r"[,;\n]", text):
        item = item.strip()
        if not item:
            continue
        if item.startswith("other:"):
            item = item[len("other:"):]
        slug = re.sub(r"[^\w]+", "_", item.strip().lower()).strip("_")
        if slug:
            out.append(f"other:{slug}")
    return out


def ids_and_others(ctx: Ctx, name: str, known: tuple[str, ...]) -> list[str]:
    chosen = [v for v in ctx.fields(name) if v in known]
    return list(dict.fromkeys(chosen + _others(ctx.field(f"{name}_other"))))


def split_known(values: list[str], known: tuple[str, ...]) -> tuple[list[str], str]:
    """For pre-filling a form: (known ids, the rest as a comma list)."""
    return [v for v in values if v in known], ", ".join(v for v in values if v not in known)


def location(ctx: Ctx, prefix: str = "loc_") -> dict[str, Any] | None:
    country = ctx.field(prefix + "country").upper() or None
    admin1 = ctx.field(prefix + "admin1") or None
    place = ctx.field(prefix + "place") or None
    if not (country or admin1 or place):
        return None
    if admin1 and not country:
        country = "KP"
    precision = ctx.field(prefix + "precision") or ("city" if place else "province" if admin1 else "country")
    return {"country": country, "admin1": admin1, "place": place, "precision": precision}


def date(ctx: Ctx) -> dict[str, Any] | None:
    start, end, text = ctx.field("date_start") or None, ctx.field("date_end") or None, ctx.field("date_text")
    if not (start or end or text):
        return None
    return {"start": start, "end": end or start, "precision": ctx.field("date_precision") or "unknown", "text": text}


def measures(ctx: Ctx) -> list[dict[str, Any]]:
    rows = _number(ctx.field("measure_rows"), "measure_rows", integer=True) or 0
    out = []
    for i in range(min(int(rows), 50)):
        name = ctx.field(f"m{i}_measure")
        value = ctx.field(f"m{i}_value")
        if not name or ctx.field(f"m{i}_delete"):
            continue
        number = _number(value, f"the value of {name}")
        if number is None:
            raise InputError(f"the quantity {name} needs a value")
        out.append({"measure": name, "value": number, "previous": _number(ctx.field(f"m{i}_previous"), "previous"),
                    "qualifier": ctx.field(f"m{i}_qualifier") or None})
    return out


def penalty(ctx: Ctx) -> dict[str, Any] | None:
    kind = ctx.field("penalty_kind")
    if not kind:
        return None
    return {"kind": kind, "months": _number(ctx.field("penalty_months"), "penalty months", integer=True)}


def edit_changes(ctx: Ctx, event: Event) -> dict[str, Any]:
    """Every editable field from the edit form; ``review.edit`` records only those that changed."""
    changes: dict[str, Any] = {
        "type": ctx.field("type") or event.type,
        "trend": ctx.field("trend") or None,
        "perpetrators": ids_and_others(ctx, "perpetrators", AGENCY_IDS),
        "targets": ids_and_others(ctx, "targets", GROUP_IDS),
        "location": location(ctx),
        "date": date(ctx),
        "measures": measures(ctx),
        "penalty": penalty(ctx),
    }
    start, end = ctx.field("ev_start"), ctx.field("ev_end")
    if start and end:
        changes["evidence"] = {"start": _number(start, "evidence start", integer=True),
                               "end": _number(end, "evidence end", integer=True)}
    return changes


def add_fields(ctx: Ctx) -> dict[str, Any]:
    """The "add a missed event" form: a type and a span of the report text, the rest optional."""
    fields: dict[str, Any] = {
        "type": ctx.field("type"),
        "trend": ctx.field("trend") or None,
        "perpetrators": ids_and_others(ctx, "perpetrators", AGENCY_IDS),
        "targets": ids_and_others(ctx, "targets", GROUP_IDS),
        "evidence": {"start": _number(ctx.field("start"), "start", integer=True),
                     "end": _number(ctx.field("end"), "end", integer=True)},
    }
    if not fields["type"]:
        raise InputError("choose the type of the new event")
    if fields["evidence"]["start"] is None or fields["evidence"]["end"] is None:
        raise InputError("select the sentence in the report text (or give its start and end offsets)")
    loc = location(ctx)
    if loc:
        fields["location"] = loc
    return fields
