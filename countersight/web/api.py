"""The JSON API under /api/: the same filters as the pages, EVENTS.md objects, documented in /openapi.json.

Reads need the viewer role (the session cookie from /login); writes need analyst and the
session's CSRF token in the ``X-CSRF-Token`` header (``GET /api/me`` gives it).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field

from countersight import counting, review
from countersight.incidents import review as incident_review
from countersight.errors import InputError
from countersight.model import Event, MEASURES
from countersight.settings import MAX_PAGE_SIZE
from countersight.store.filters import EventFilter
from countersight.web import queries
from countersight.web import public as publicview
from countersight.web.deps import Ctx, need, need_json_write
from countersight.web.params import MAX_OFFSET, bounded, count_param, event_filter, sort_key

router = APIRouter(prefix="/api", tags=["api"])
MAX_LIMIT = MAX_PAGE_SIZE  # the most rows one response holds; the page_size setting stays within it


class LocationOut(BaseModel):
    country: str | None
    admin1: str | None = Field(None, description="ISO 3166-2:KP province code")
    place: str | None = None
    precision: str


class DateOut(BaseModel):
    start: str | None
    end: str | None
    precision: str
    text: str


class MeasureOut(BaseModel):
    measure: str
    value: int | float
    previous: int | float | None = None
    qualifier: str | None = None


class PenaltyOut(BaseModel):
    kind: str
    months: int | None = None


class EvidenceOut(BaseModel):
    quote: str
    start: int | None = Field(description="Offset of the quote in the report's stored body; in the public view "
                                          "null when the redaction changed the quote (as in the public export), "
                                          "except in a report's own answer, where it points into the masked body")
    end: int | None


class EventOut(BaseModel):
    """One event mention, exactly the EVENTS.md export object."""

    id: str | None
    document: str = Field(description="The report's id")
    type: str
    trend: str | None
    perpetrators: list[str]
    targets: list[str]
    location: LocationOut | None
    date: DateOut | None
    measures: list[MeasureOut]
    penalty: PenaltyOut | None
    evidence: EvidenceOut
    confidence: float
    status: str
    extractor: str | None = Field(None, description="The rules' and the model's version that made it; null for an analyst's event")


class EventList(BaseModel):
    total: int = Field(description="Events matching the filters; when total_exact is false, a lower bound: "
                             "more than this many match (counting stops count_limit rows beyond offset)")
    total_exact: bool = Field(True, description="False when total is a lower bound")
    limit: int
    offset: int
    events: list[EventOut]


class ReviewOut(BaseModel):
    id: int
    user: str
    at: str
    action: str
    field: str | None
    before: Any = None
    after: Any = None
    reason: str | None


class EventDetail(BaseModel):
    event: EventOut
    report_id: str
    origin: str = Field(description="machine or analyst")
    reviewed_fields: list[str] = Field(description="Fields a re-extraction will not overwrite")
    created_at: str
    updated_at: str
    history: list[ReviewOut]


class NearDuplicate(BaseModel):
    id: str
    similarity: float | None
    relation: str = Field(description="original: this report re-publishes it; republished: it re-publishes this one")


class ReportOut(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    format: str
    word_count: int
    on_topic: bool
    source: dict[str, Any] | None = Field(description="The report's inside source: quote, offsets, place")
    source_admin1: str | None
    near_duplicate_of: str | None
    similarity: float | None
    ingested_at: str
    body: str = Field(description="The stored text; evidence offsets point into it")
    furniture: list[list[Any]] = Field(description="[start, end, kind] spans of page furniture")
    events: list[EventOut]
    near_duplicates: list[NearDuplicate]


class ReportSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    on_topic: bool
    near_duplicate_of: str | None
    ingested_at: str
    events: int


COUNTING = Field(description="What every count in this response counts: incidents (one real-world act each, "
                 "however often told) or mentions (each telling)")
COUNTING_NOTE = Field(None, description="Why it counts mentions when incidents were asked for (or by default): "
                      "they have not been built")


class Count(BaseModel):
    key: str | None
    count: int = Field(description="Incidents or mentions, as `counting` says")


class People(BaseModel):
    stated: int = Field(description="Matching incidents whose reports state how many people they concern")
    unstated: int = Field(description="Matching incidents with no stated number")
    people: int = Field(description="The stated numbers summed (as stated: some approximate or bounds)")
    approx: int = Field(description="Of the stated: incidents whose number is approximate (\"about 500\")")
    min: int = Field(description="... a minimum (\"at least 15\")")
    max: int = Field(description="... a maximum (\"up to 20\")")


class Stats(BaseModel):
    counting: str = COUNTING
    counting_note: str | None = COUNTING_NOTE
    counts: dict[str, int] = Field(description="The database's totals: reports, events (mentions), and incidents "
                                   "where built; not filtered")
    by_type: list[Count]
    by_status: list[Count] = Field(description="Mentions by review status; empty when counting incidents "
                                   "(an incident has no review status of its own)")
    by_corroboration: list[Count] = Field(description="Incidents by corroboration; empty when counting mentions")
    by_province: list[Count]
    by_country: list[Count]
    by_agency: list[Count]
    by_target: list[Count]
    by_month: list[Count]
    people: People | None = Field(description="People the matching incidents concern, where stated; null when "
                                  "counting mentions")


class TrendPoint(BaseModel):
    date: str
    value: int | float
    previous: int | float | None
    qualifier: str | None
    event_id: str
    report_id: str
    type: str


class MeasureSeries(BaseModel):
    measure: str
    total: int
    points: list[TrendPoint] = Field(description="The latest values (up to `points` of them), oldest first")


class PeriodCount(BaseModel):
    key: str
    period: str = Field(description="YYYY-MM, or YYYY with period=year")
    count: int = Field(description="Incidents or mentions, as `counting` says")


class Trends(BaseModel):
    counting: str = COUNTING
    counting_note: str | None = COUNTING_NOTE
    measures: list[MeasureSeries] = Field(description="Stated quantities, one point per mention (whatever `counting` says)")
    agency: list[PeriodCount]
    target: list[PeriodCount]
    province: list[PeriodCount]


class MapPlace(BaseModel):
    country: str | None
    admin1: str | None
    place: str | None
    name: str
    count: int = Field(description="Incidents or mentions, as `counting` says")


class MapPointOut(BaseModel):
    lat: float
    lon: float
    count: int = Field(description="Incidents or mentions, as `counting` says")
    places: list[MapPlace]


class MapOut(BaseModel):
    counting: str = COUNTING
    counting_note: str | None = COUNTING_NOTE
    points: list[MapPointOut] = Field(description="Grouped by the place's coordinates; an incident by its own place "
                                      "(the most precise its mentions support)")
    unplaced: int = Field(description="Matching incidents or mentions with no point (country-level or unknown place)")


class PeopleOut(BaseModel):
    count: int
    qualifier: str | None = Field(None, description="approx, min or max; null when stated exactly")


class IncidentSourceOut(BaseModel):
    source: str = Field(description="The origin: an outlet, or who told it")
    documents: list[str] = Field(description="The reports that carry it")
    outlets: list[str]


class IncidentOut(BaseModel):
    """One incident, exactly the object of ``countersight export --incidents``."""

    id: str
    type: str
    location: LocationOut | None
    date: DateOut | None
    perpetrators: list[str]
    targets: list[str]
    people: PeopleOut | None
    mentions: list[str] = Field(description="Its events' ids")
    documents: list[str] = Field(description="Its reports' ids")
    sources: list[IncidentSourceOut]
    corroboration: str = Field(description="single_source, dependent_sources or independent_sources")
    confirmed: bool = Field(description="An analyst confirmed exactly these mentions as one incident")


class IncidentList(BaseModel):
    total: int = Field(description="Incidents with at least one mention matching the filters")
    limit: int
    offset: int
    incidents: list[IncidentOut] = Field(description="Newest first (by date, else first report)")


class IncidentReport(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None


class IncidentGroupOut(BaseModel):
    id: str
    mentions: list[str]
    confirmed: bool


class IncidentDecisionOut(BaseModel):
    """An analyst's decision on incidents (``countersight incidents history``)."""

    id: int
    at: str
    user: str
    action: str = Field(description="merge, split, move, confirm or unconfirm")
    incidents: list[str] = Field(description="The incidents decided on, as they were")
    mentions: list[str] = Field(description="split: the mentions taken out; move: the mention moved")
    target: str | None = Field(None, description="move: the incident the mention joined")
    groups: list[IncidentGroupOut] = Field(description="The incidents the decision left")
    reason: str | None
    summary: str


class IncidentDetail(BaseModel):
    incident: IncidentOut
    events: list[EventOut] = Field(description="Its mentions, each with its quote, in the incident's order")
    reports: list[IncidentReport]
    confirmed: bool = Field(False, description="An analyst confirmed exactly these mentions as one act")
    history: list[IncidentDecisionOut] = Field(default_factory=list,
                                               description="The decisions on its mentions (none in public mode)")


class IncidentReviewAction(BaseModel):
    action: Literal["confirm", "unconfirm", "merge", "split", "move"]
    reason: str | None = Field(None, description="Required for merge, split and move")
    mentions: list[str] | None = Field(None, description="split: the mentions to take out; move: the one mention")
    to: str | None = Field(None, description="move: the incident the mention belongs to")
    with_: list[str] | None = Field(None, alias="with", description="merge: the other incidents")
    force: bool = Field(False, description="merge or move across event types")


class IncidentReviewOut(BaseModel):
    incidents: list[IncidentOut] = Field(description="The incidents the decision left (split: the rest, then the "
                                         "mentions taken out)")
    history: list[IncidentDecisionOut]


class Me(BaseModel):
    user: str
    role: str
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every write")


class ReviewAction(BaseModel):
    action: Literal["confirm", "reject", "edit"]
    reason: str | None = None
    changes: dict[str, Any] | None = Field(None, description="For edit: EVENTS.md field -> new value")


class QueueItem(BaseModel):
    event: dict[str, Any] = Field(description="The EVENTS.md object")
    confidence: float
    report: dict[str, Any] = Field(description="The report's id, title, outlet and publication date")


class ReviewQueue(BaseModel):
    total: int = Field(description="Events waiting for review")
    order: str
    limit: int
    offset: int
    items: list[QueueItem]


class NewEvent(BaseModel):
    fields: dict[str, Any] = Field(description="EVENTS.md fields; type and evidence required (evidence: {start, end} "
                                   "offsets, {quote} found once in the report, or all three agreeing)")
    reason: str | None = None


def _out(event: Event) -> dict[str, Any]:
    return event.to_dict()


@router.get("/me", response_model=Me, summary="The signed-in user and the CSRF token for writes")
def me(ctx: Ctx = Depends(need("viewer"))) -> dict:
    return {"user": ctx.user.username, "role": ctx.user.role, "csrf_token": ctx.csrf}


@router.get("/events", response_model=EventList, summary="Events matching the filters, paged")
def api_events(
    ctx: Ctx = Depends(need("viewer")),
    f: EventFilter = Depends(event_filter),
    limit: int | None = bounded(None, ge=1, le=MAX_LIMIT, description="Default: the page_size setting"),
    offset: int = bounded(0, le=MAX_OFFSET),
    sort: str = Query("date", description="date, type, province, confidence, status or document"),
    order: Literal["asc", "desc"] = "desc",
) -> dict:
    if ctx.public:
        publicview.check_filter(f, ctx.store)
    limit = limit or int(ctx.settings.page_size)
    events = ctx.store.list_events(f, limit=limit, offset=offset, sort=sort_key(sort), descending=order == "desc")
    if ctx.public:
        events = publicview.events(ctx.store, events)
    total, exact = ctx.store.count_upto(f, offset + int(ctx.settings.count_limit))
    return {"total": total if exact else total - 1, "total_exact": exact, "limit": limit, "offset": offset,
            "events": [_out(e) for e in events]}


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event, its review state and history")
def api_event(event_id: str, ctx: Ctx = Depends(need("viewer"))) -> dict:
    event = ctx.store.get_event(event_id)
    meta = ctx.store.event_meta(event_id)
    if ctx.public:  # redacted; the review history (before/after values, reasons) is not published
        return {"event": _out(publicview.event(ctx.store, event)), **meta, "history": []}
    return {"event": _out(event), **meta, "history": review.history(ctx.store, event_id)}


@router.post("/events/{event_id}/review", response_model=EventDetail,
             summary="Confirm, reject (with a reason) or edit an event (analyst; X-CSRF-Token)")
def api_review(event_id: str, action: ReviewAction, ctx: Ctx = Depends(need_json_write("analyst"))) -> dict:
    if action.action == "confirm":
        review.confirm(ctx.store, event_id, ctx.user.username, action.reason)
    elif action.action == "reject":
        review.reject(ctx.store, event_id, ctx.user.username, action.reason or "")
    else:
        if not action.changes:
            raise InputError("an edit needs changes: {field: new value}")
        review.edit(ctx.store, event_id, ctx.user.username, action.changes, action.reason)
    return api_event(event_id, ctx)


@router.get("/review", response_model=ReviewQueue, summary="The events waiting for review (analyst)")
def api_review_queue(
    ctx: Ctx = Depends(need("analyst")),
    order: Literal["latest", "uncertain", "confident"] = Query(
        "latest", description="latest: the latest ingested reports first; uncertain: the confidence nearest one "
        "half first; confident: the highest confidence first"),
    limit: int = bounded(20, ge=1, le=MAX_LIMIT),
    offset: int = bounded(0, le=MAX_OFFSET),
) -> dict:
    items = ctx.store.review_queue(order, limit=limit, offset=offset)
    return {"total": ctx.store.counts()["unreviewed"], "order": order, "limit": limit, "offset": offset,
            "items": [{"event": _out(e), "confidence": e.confidence,
                       "report": {"id": info["report_id"], "title": info["title"], "outlet": info["outlet"],
                                  "published": info["published"]}} for e, info in items]}


@router.post("/reports/{report_id:path}/events", response_model=EventDetail, status_code=201,
             summary="Add an event the machine missed (analyst; X-CSRF-Token)")
def api_add(report_id: str, new: NewEvent = Body(...), ctx: Ctx = Depends(need_json_write("analyst"))) -> dict:
    event = review.add(ctx.store, report_id, ctx.user.username, new.fields, new.reason)
    return api_event(event.id or "", ctx)


@router.get("/reports", response_model=list[ReportSummary], summary="Reports, latest ingested first")
def api_reports(ctx: Ctx = Depends(need("viewer")), limit: int = bounded(50, ge=1, le=MAX_LIMIT),
                offset: int = bounded(0, le=MAX_OFFSET)) -> list:
    rows = ctx.store.list_reports(limit=limit, offset=offset)
    if ctx.public:
        rows = publicview.titles(rows)
    return [{**r, "on_topic": bool(r["on_topic"])} for r in rows]


@router.get("/reports/{report_id:path}", response_model=ReportOut,
            summary="A report: metadata, stored text, furniture, events, near-duplicates")
def api_report(report_id: str, ctx: Ctx = Depends(need("viewer"))) -> dict:
    report = ctx.store.get_report(report_id)
    events = ctx.store.events_of_report(report_id)
    if ctx.public:  # the body masked in place (offsets stay valid), the events redacted
        report, events = publicview.report(report, ctx.store), publicview.report_events(ctx.store, events)
    data = report.to_dict()
    data.pop("source_path", None)
    data["events"] = [_out(e) for e in events]
    data["near_duplicates"] = [{"id": i, "similarity": s, "relation": r} for i, s, r in ctx.store.near_duplicates(report_id)]
    return data


@router.get("/incidents", response_model=IncidentList,
            summary="Incidents with a mention that matches the filters, newest first, paged")
def api_incidents(
    ctx: Ctx = Depends(need("viewer")),
    f: EventFilter = Depends(event_filter),
    limit: int | None = bounded(None, ge=1, le=MAX_LIMIT, description="Default: the page_size setting"),
    offset: int = bounded(0, le=MAX_OFFSET),
) -> dict:
    if ctx.public:
        publicview.check_filter(f, ctx.store)
    limit = limit or int(ctx.settings.page_size)
    rows = ctx.store.list_incidents(f, limit=limit, offset=offset, newest_first=True)
    if ctx.public:
        rows = publicview.incidents(ctx.store, rows)
    return {"total": ctx.store.count_incidents(f), "limit": limit, "offset": offset,
            "incidents": [i.to_dict() for i in rows]}


@router.get("/incidents/{incident_id}", response_model=IncidentDetail,
            summary="One incident, its mentions (with their quotes), its reports and review history; a retired "
                    "id (merged, split) redirects to the incident holding most of its mentions")
def api_incident(incident_id: str, ctx: Ctx = Depends(need("viewer"))) -> Any:
    from countersight.web.pages import incident_detail, incident_moved

    if (moved := incident_moved(ctx, incident_id, "/api")) is not None:
        return moved
    detail = incident_detail(ctx, incident_id)
    return {"incident": detail["incident"].to_dict(), "events": [_out(e) for e in detail["events"]],
            "reports": detail["reports"], "confirmed": detail["confirmed"], "history": detail["history"]}


@router.post("/incidents/{incident_id}/review", response_model=IncidentReviewOut,
             summary="Confirm, unconfirm, merge, split or move a mention of an incident (analyst; X-CSRF-Token)")
def api_incident_review(incident_id: str, action: IncidentReviewAction,
                        ctx: Ctx = Depends(need_json_write("analyst"))) -> dict:
    store, user = ctx.store, ctx.user.username
    if action.action == "confirm":
        left = [incident_review.confirm(store, incident_id, user, action.reason)]
    elif action.action == "unconfirm":
        left = [incident_review.unconfirm(store, incident_id, user, action.reason)]
    elif action.action == "merge":
        if not action.with_:
            raise InputError("a merge needs the other incidents: {\"with\": [ids]}")
        left = [incident_review.merge(store, [incident_id, *action.with_], user, action.reason, force=action.force)]
    elif action.action == "split":
        left = list(incident_review.split(store, incident_id, action.mentions or [], user, action.reason))
    else:
        if not action.mentions or len(action.mentions) != 1 or not action.to:
            raise InputError("a move needs one mention and the incident it goes to: "
                             "{\"mentions\": [event id], \"to\": incident id}")
        left = [incident_review.move(store, action.mentions[0], action.to, user, action.reason, force=action.force,
                                     from_incident=incident_id)]
    return {"incidents": [i.to_dict() for i in left], "history": incident_review.history(store, left[0].id)}


@router.get("/stats", response_model=Stats,
            summary="Totals, and incidents (or mentions) by type, province, country, agency, target and month")
def api_stats(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
              count: str | None = Depends(count_param)) -> dict:
    store = ctx.store
    if ctx.public:
        publicview.check_filter(f, store)
    c = counting.choose(store, count)

    def counts(column: str) -> list[dict]:
        if column == "status" and c.incidents or column == "corroboration" and not c.incidents:
            return []
        if column in ("agency", "target") and not c.incidents:  # (one query each, from the JSON lists)
            rows = queries.facet_counts(store, column, f)
        else:
            rows = counting.group_counts(store, c, column, f, public=ctx.public)
        return [{"key": k, "count": n} for k, n in rows]

    months: dict[str | None, int] = {}
    for month, _, n in counting.month_type_counts(store, c, f, public=ctx.public):
        months[month] = months.get(month, 0) + n
    by_month = [{"key": m, "count": n} for m, n in sorted(months.items(), key=lambda kv: kv[0] or "9999")]
    totals = store.counts()
    if store.incidents_built_at() is not None:
        totals["incidents"] = store.count_incidents()
    return {"counting": c.what, "counting_note": c.note, "counts": totals, "by_type": counts("type"),
            "by_status": counts("status"), "by_corroboration": counts("corroboration"),
            "by_province": counts("admin1"), "by_country": counts("country"), "by_agency": counts("agency"),
            "by_target": counts("target"), "by_month": by_month,
            "people": counting.people(store, f) if c.incidents else None}


@router.get("/trends", response_model=Trends,
            summary="Each measure's values over time (with event and report), and facet counts per month")
def api_trends(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
               points: int = bounded(100, ge=1, le=5000, description="Latest values per measure"),
               period: Literal["month", "year"] = Query("month", description="Facet counts per month or per year"),
               count: str | None = Depends(count_param)) -> dict:
    store = ctx.store
    if ctx.public:
        publicview.check_filter(f, store)
    c = counting.choose(store, count)
    series = []
    for measure in MEASURES:
        pts, total = queries.measure_points(store, measure, f, limit=points)
        series.append({"measure": measure, "total": total, "points": pts})
    size = 7 if period == "month" else 4
    facets = {facet: [{"key": k, "period": p, "count": n}
                      for k, p, n in counting.facet_period_counts(store, c, facet, f, period=size, public=ctx.public)]
              for facet in ("agency", "target", "province")}
    return {"counting": c.what, "counting_note": c.note, "measures": series, **facets}


@router.get("/map", response_model=MapOut, summary="Incidents (or mentions) grouped by the coordinates of their places")
def api_map(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
            count: str | None = Depends(count_param)) -> dict:
    from countersight.web.pages import map_points

    if ctx.public:
        publicview.check_filter(f, ctx.store)
    c = counting.choose(ctx.store, count)
    points, unplaced = map_points(ctx, f, c)
    return {
        "counting": c.what, "counting_note": c.note,
        "points": [{"lat": p.lat, "lon": p.lon, "count": p.events,
                    "places": [{**{k: r[k] for k in ("country", "admin1", "place", "name")}, "count": r["events"]}
                               for r in p.places]}
                   for p in points],
        "unplaced": unplaced,
    }
