"""EVENTS.md values in words, for people: an event's heading, its place, date, penalty, trend,
quantities, and the history of decisions ("place: Hoeryong → Nammun-dong, North Hamgyong").

The web pages and the CLI both read these, so an event reads the same everywhere. Values are
the EVENTS.md dicts (as stored in the history) or the model's objects; exports keep the codes.
"""

from __future__ import annotations

from typing import Any

from countersight.model import Event
from countersight.vocab import labels

# Field names as a person reads them.
FIELD_NAMES: dict[str, str] = {
    "type": "type", "trend": "trend", "perpetrators": "perpetrators", "targets": "targets", "location": "place",
    "date": "date", "measures": "quantities", "penalty": "penalty", "evidence": "evidence", "status": "status",
}
NOTHING = "—"


def _dict(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    return value.to_dict() if hasattr(value, "to_dict") else None


def province_name(code: str | None) -> str:
    from countersight.vocab import gazetteer

    if not code:
        return ""
    place = gazetteer.provinces().get(code)
    return place.name if place else code


def place(location: Any) -> str:
    """"Hyesan, Ryanggang"; "Dandong (CN)"; "North Korea (country)" when only the country is known."""
    loc = _dict(location)
    if not loc:
        return NOTHING
    parts = [p for p in (loc.get("place"), province_name(loc.get("admin1"))) if p]
    country = loc.get("country")
    if not parts:
        return country_name(country) if country else NOTHING
    text = ", ".join(dict.fromkeys(parts))
    return text + (f" ({country})" if country and country != "KP" else "")


_SHORT_NAMES = {"KP": "North Korea", "KR": "South Korea", "RU": "Russia"}  # ISO's long forms read badly


def country_name(iso2: str) -> str:
    """A country's name from the gazetteer ("Kuwait" for KW), else ISO's ("Iceland" for IS: an
    analyst may name any real country), else its code."""
    from countersight.vocab.gazetteer import iso_countries, load_countries

    if iso2 in _SHORT_NAMES:
        return _SHORT_NAMES[iso2]
    country = load_countries().get(iso2)
    return country.name if country else iso_countries().get(iso2, iso2)


def date(span: Any) -> str:
    """"2021-03-02"; "2020-05-01 to 2020-05-31 (month)"; "“last week”" when unresolved; "—"."""
    d = _dict(span)
    if not d:
        return NOTHING
    start, end, precision = d.get("start"), d.get("end"), d.get("precision")
    if not start:
        return f"“{d['text']}”" if d.get("text") else NOTHING
    text = start if not end or end == start else f"{start} to {end}"
    return text + (f" ({precision})" if precision and precision != "day" else "")


def penalty(value: Any) -> str:
    p = _dict(value)
    if not p:
        return NOTHING
    text = labels.name("penalty", p.get("kind"))
    months = p.get("months")
    if months:
        text += f", {months} month{'s' if months != 1 else ''}"
    return text


def trend(value: str | None) -> str:
    return labels.name("trend", value) if value else "no trend"


def measures(values: Any) -> str:
    out = []
    for m in values or []:
        m = _dict(m) or {}
        text = f"{labels.name('measure', m.get('measure'))}: {m.get('value'):g}" if isinstance(
            m.get("value"), (int, float)) else f"{labels.name('measure', m.get('measure'))}: {m.get('value')}"
        if m.get("previous") is not None:
            text += f" (was {m['previous']:g})"
        if m.get("qualifier"):
            text += f" [{m['qualifier']}]"
        out.append(text)
    return "; ".join(out) or NOTHING


def value(field: str | None, value: Any) -> str:
    """One field's value in words (the history's before and after)."""
    if value is None or value == [] or value == "":
        return NOTHING if field != "trend" else trend(None)
    if field == "type":
        return labels.name("type", value)
    if field == "perpetrators":
        return ", ".join(labels.names("agency", value))
    if field == "targets":
        return ", ".join(labels.names("target", value))
    if field == "location":
        return place(value)
    if field == "date":
        return date(value)
    if field == "penalty":
        return penalty(value)
    if field == "trend":
        return trend(value)
    if field == "measures":
        return measures(value)
    if field == "evidence" and isinstance(value, dict):
        quote = " ".join(str(value.get("quote", "")).split())
        return f"“{quote[:80]}{'…' if len(quote) > 80 else ''}” ({value.get('start')}–{value.get('end')})"
    if isinstance(value, bool):
        return "sensitive" if value else "not sensitive"
    return str(value)


def history_line(entry: dict[str, Any]) -> str:
    """One decision in words: "place: Hoeryong, North Hamgyong → Nammun-dong, North Hamgyong"."""
    action, field = entry.get("action"), entry.get("field")
    if action == "add":
        after = entry.get("after") or {}
        return f"added a {labels.name('type', after.get('type')).lower()} event"
    if action == "sensitivity":
        return f"{FIELD_NAMES.get(field or '', field)}: {value(None, entry.get('after'))} in public exports"
    name = FIELD_NAMES.get(field or "", field or action or "")
    return f"{name}: {value(field, entry.get('before'))} → {value(field, entry.get('after'))}"


def heading(event: Event) -> str:
    """An event as a person names it: its type, place and date ("Arrest · Hyesan, Ryanggang · 2021-03-02")."""
    when = date(event.date) if event.date else "undated"
    where = place(event.location) if event.location else "place unknown"
    return f"{labels.name('type', event.type)} · {where} · {when}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 report", "2 reports", "0 reports" (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def cut(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters; a cut ends with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip() + "…"
