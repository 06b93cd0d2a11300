"""The HTML pages: overview, events, event, report, trends, map, and the filtered export."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from countersight import counting, review
from countersight.errors import InputError
from countersight.incidents import review as incident_review
from countersight.export import FORMATS, iter_export
from countersight.model import EVENT_TYPES, MEASURES
from countersight.store.base import SORTABLE
from countersight.store.filters import EventFilter
from countersight.vocab import gazetteer, labels
from countersight.vocab.agencies import AGENCIES
from countersight.vocab.groups import GROUP_IDS
from countersight.web import charts, mapdata, mapview, queries, segments, ui
from countersight.web import review as reviewpages
from countersight.web import public as publicview
from countersight.web.deps import Ctx, need
from countersight.web.params import MAX_PAGE, bounded, count_param, event_filter, query_string, sort_key

router = APIRouter(include_in_schema=False)

EXPORT_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
}


def _period_link(period: str, base: dict | None = None, path: str = "/events") -> str:
    since, until = charts.period_bounds(period)
    return path + query_string({**(base or {}), "since": since, "until": until})


def _list_path(c: counting.Counting) -> str:
    """Where a figure links: the list of what it counts."""
    return "/incidents" if c.incidents else "/events"


def count_links(path: str, params: dict, c: counting.Counting) -> dict[str, str]:
    """The same page counting the other way (incidents only where they were built)."""
    offered = [w for w in counting.COUNTINGS if w != "incidents" or c.incidents or not c.note]
    return {w: path + query_string({**params, "count": w}) for w in offered}


def _titles(ctx: Ctx, rows: list[dict]) -> list[dict]:
    return publicview.titles(rows) if ctx.public else rows


def _events(ctx: Ctx, events: list, marks: dict | None = None) -> list:
    return publicview.events(ctx.store, events, marks) if ctx.public else events


def _incidents(ctx: Ctx, incidents: list) -> list:
    return publicview.incidents(ctx.store, incidents) if ctx.public else incidents


def incidents_of_report(ctx: Ctx, report_id: str) -> list:
    """The incidents a report's events belong to (redacted in public mode), in listing order."""
    return _incidents(ctx, ctx.store.incidents_of_report(report_id))


def province_points(rows: list[tuple[str | None, int]]) -> list[mapview.MapPoint]:
    points = []
    for code, n in rows:
        place = gazetteer.provinces().get(code or "")
        if not place or place.lat is None or place.lon is None:
            continue
        point = mapview.MapPoint(round(place.lat, 4), round(place.lon, 4), n)
        point.places.append({"name": f"{place.name} ({code})", "admin1": code, "events": n})
        points.append(point)
    return points


@router.get("/", response_class=HTMLResponse)
def overview(ctx: Ctx = Depends(need("viewer")), count: str | None = Depends(count_param)) -> Response:
    store = ctx.store
    counts = store.counts()
    c = counting.choose(store, count, check_unlinked=True)
    month_type = counting.month_type_counts(store, c, public=ctx.public)
    totals: dict[str, int] = {}
    for _, etype, n in month_type:
        totals[etype] = totals.get(etype, 0) + n
    by_type = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    by_province = counting.group_counts(store, c, "admin1", public=ctx.public)
    points = province_points(by_province)
    path = _list_path(c)
    built = store.incidents_built_at() is not None
    return ctx.render(
        "overview.html",
        counts=counts,
        counting=c, count_links=count_links("/", {}, c), list_path=path,
        incidents_total=store.count_incidents() if built else None,
        people=counting.people_line(counting.people(store)) if c.incidents else None,
        by_type=by_type,
        timeline=charts.timeline([r for r in month_type if r[0]], link=lambda p: _period_link(p, path=path),
                                 what=c.what),
        province_map=mapview.render(points, lambda p: path + query_string({"province": p.places[0]["admin1"]}),
                                    svg_id="province-map", label=f"{c.what.capitalize()} by province", noun=c.noun),
        provinces=[(code, n) for code, n in by_province if code],
        latest=_titles(ctx, queries.latest_reports(store, 10)),
        queue=_titles(ctx, queries.review_queue(store, 10)),
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    ctx: Ctx = Depends(need("viewer")),
    f: EventFilter = Depends(event_filter),
    sort: str = "date",
    order: str = "desc",
    page: int = bounded(1, ge=1, le=MAX_PAGE),
) -> Response:
    if ctx.public:
        publicview.check_filter(f, ctx.store)
    sort = sort_key(sort)
    order = "asc" if order == "asc" else "desc"
    size = int(ctx.settings.page_size)
    cap = (page - 1) * size + int(ctx.settings.count_limit)
    total, exact = ctx.store.count_upto(f, cap)
    pages = max(1, math.ceil(total / size))  # when not exact: one page beyond the count, which counts further
    if not exact:  # (a count_limit below the page size counts less than this page: the next one is still there)
        pages = max(pages, page + 1)
    page = min(page, pages)
    events = ctx.store.list_events(f, limit=size, offset=(page - 1) * size, sort=sort, descending=order == "desc")
    events = _events(ctx, events)
    filters = f.to_dict()

    def link(**changes: object) -> str:
        return "/events" + query_string({**filters, "sort": sort, "order": order, "page": page, **changes})

    def sort_link(column: str) -> str:
        flip = "asc" if (column == sort and order == "desc") else "desc"
        return link(sort=column, order=flip, page=None)

    return ctx.render(
        "events.html", events=events, total=total if exact else total - 1, exact=exact, page=page, pages=pages,
        size=size, sort=sort, order=order,
        filters=filters, link=link, sort_link=sort_link, sortable=SORTABLE,
        export_links={fmt: "/export" + query_string({"format": fmt, "public": "1" if ctx.public else None, **filters})
                      for fmt in FORMATS},
        public_links={} if ctx.public else {fmt: "/export" + query_string({"format": fmt, "public": "1", **filters})
                                            for fmt in FORMATS},
        map_link="/map" + query_string(filters), trends_link="/trends" + query_string(filters),
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(event_id: str, ctx: Ctx = Depends(need("viewer")), saved: str | None = None,
               done: str | None = None) -> Response:
    event = ctx.store.get_event(event_id)
    meta = ctx.store.event_meta(event_id)
    report = ctx.store.get_report(meta["report_id"])
    history = review.history(ctx.store, event_id)
    start, end = event.evidence.start, event.evidence.end
    if ctx.public:  # the decisions' before/after values and reasons are not redacted: not shown
        event, report, history = publicview.event(ctx.store, event), publicview.report(report, ctx.store), []
    context = reviewpages.context_of(report.body, start, end)
    if event.evidence.start is None:
        # A quote the redaction changed has no offsets in public, as in the public export: its
        # context is shown from the masked text, without them.
        context = tuple((None, text) for _, text in context)
    incidents = [i for i in incidents_of_report(ctx, meta["report_id"]) if event_id in i.mentions]
    return ctx.render(
        "event.html", event=event, meta=meta, report=report, history=history, incidents=incidents,
        **reviewpages.edit_context(event),
        context=context,
        as_json=json.dumps(event.to_dict(), ensure_ascii=False, indent=2),
        saved=None if ctx.public else reviewpages.saved_message(ctx.store, saved, done),
    )


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
                   page: int = bounded(1, ge=1, le=MAX_PAGE)) -> Response:
    """Incidents with a mention that matches the filters, newest first."""
    if ctx.public:
        publicview.check_filter(f, ctx.store)
    size = int(ctx.settings.page_size)
    total = ctx.store.count_incidents(f)
    pages = max(1, math.ceil(total / size))
    page = min(page, pages)
    rows = _incidents(ctx, ctx.store.list_incidents(f, limit=size, offset=(page - 1) * size, newest_first=True))
    filters = f.to_dict()

    def link(**changes: object) -> str:
        return "/incidents" + query_string({**filters, "page": page, **changes})

    return ctx.render("incidents.html", incidents=rows, total=total, page=page, pages=pages, filters=filters,
                      link=link, events_link="/events" + query_string(filters))


def incident_detail(ctx: Ctx, incident_id: str) -> dict:
    """An incident (redacted in public mode), its mentions (each event with its report) and its reports."""
    store = ctx.store
    incident = store.get_incident(incident_id)
    events = store.events_by_id(incident.mentions)
    reports = {}
    for document in incident.documents:
        cited = store.report_citation(document) or {}
        reports[document] = {"id": document, "title": cited.get("title"), "outlet": cited.get("outlet"),
                             "url": cited.get("url"), "published": cited.get("published")}
    if ctx.public:
        incident = publicview.incidents(store, [incident])[0]
        events = publicview.events(store, events)
        reports = {d: {**r, "title": publicview.title(r["title"])} for d, r in reports.items()}
    # (the decisions' reasons are not redacted: not published; that there were some is)
    history = incident_review.history(store, incident_id)
    return {"incident": incident, "events": events, "reports": list(reports.values()),
            "confirmed": incident_review.is_confirmed(store, incident), "decided": bool(history),
            "history": [] if ctx.public else history}


def incident_moved(ctx: Ctx, incident_id: str, prefix: str = "") -> Response | None:
    """A redirect to the incident that now holds most of the mentions of a retired incident id
    (merged, split, relinked); None when the id is current. NotFound when it is gone."""
    current = incident_review.current_id(ctx.store, incident_id)
    if current == incident_id:
        return None
    return RedirectResponse(f"{prefix}/incidents/{current}", status_code=307)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(incident_id: str, ctx: Ctx = Depends(need("viewer")), saved: str | None = None) -> Response:
    if (moved := incident_moved(ctx, incident_id)) is not None:
        return moved
    detail = incident_detail(ctx, incident_id)
    by_report: dict[str, list] = {r["id"]: [] for r in detail["reports"]}
    for e in detail["events"]:
        by_report.setdefault(e.document, []).append(e)
    told = [{"report": r, "events": by_report.get(r["id"], [])} for r in detail["reports"]]
    return ctx.render("incident.html", incident=detail["incident"], told=told, mentions=len(detail["events"]),
                      confirmed=detail["confirmed"], decided=detail["decided"], history=detail["history"],
                      saved=None if ctx.public else reviewpages.incident_saved_message(saved))


@router.get("/reports", response_class=HTMLResponse)
def reports_page(ctx: Ctx = Depends(need("viewer")), page: int = bounded(1, ge=1, le=MAX_PAGE), q: str | None = None) -> Response:
    size = int(ctx.settings.page_size)
    q = q.strip() if q else None  # an empty search box lists the reports
    if q and ctx.public:
        raise InputError("searching the reports' text is not available in the public view: it could find "
                         "withheld names")
    if q:
        found = ctx.store.search_reports(q, limit=size)
        return ctx.render("reports.html", reports=None, found=found, q=q, page=1, pages=1)
    total = ctx.store.counts()["reports"]
    pages = max(1, math.ceil(total / size))
    page = min(page, pages)
    rows = _titles(ctx, ctx.store.list_reports(limit=size, offset=(page - 1) * size))
    return ctx.render("reports.html", reports=rows, found=None, q="", page=page, pages=pages)


@router.get("/reports/{report_id:path}", response_class=HTMLResponse)
def report_page(report_id: str, ctx: Ctx = Depends(need("viewer")), saved: str | None = None,
                done: str | None = None) -> Response:
    store = ctx.store
    report = store.get_report(report_id)
    events = store.events_of_report(report_id)
    if ctx.public:  # the body masked in place: the quotes' offsets still point at their (masked) text
        report, events = publicview.report(report, ctx.store), publicview.report_events(ctx.store, events)
    events.sort(key=lambda e: (e.evidence.start, e.evidence.end, e.type))
    source = report.source or {}
    source_span = (source["start"], source["end"]) if isinstance(source.get("start"), int) and isinstance(
        source.get("end"), int) else None
    segs = segments.segments(report.body, events, report.furniture, source_span)
    duplicates = store.near_duplicates(report_id)
    incidents = incidents_of_report(ctx, report_id)
    return ctx.render(
        "report.html", report=report, events=events, text=segments.render(segs), duplicates=duplicates,
        incidents=incidents, incident_of={m: i for i in incidents for m in i.mentions},
        source=source, agencies=AGENCIES, groups=GROUP_IDS,
        legend=sorted({e.type for e in events}, key=EVENT_TYPES.index),
        saved=None if ctx.public else reviewpages.saved_message(store, saved, done),
    )


@router.get("/trends", response_class=HTMLResponse)
def trends_page(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
                count: str | None = Depends(count_param)) -> Response:
    store = ctx.store
    if ctx.public:
        publicview.check_filter(f, store)
    c = counting.choose(ctx.store, count)
    filters = f.to_dict()
    path = _list_path(c)
    measure_charts = []
    for measure in MEASURES:
        points, total = queries.measure_points(store, measure, f, limit=120)
        chart = charts.scatter(
            points,
            href=lambda p: f"/reports/{ui.path_part(p['report_id'])}#q-{p['event_id']}",
            title=lambda p: (f"{p['date']}: {p['value']:g}"
                             + (f" (before: {p['previous']:g})" if p["previous"] is not None else "")
                             + (f" [{p['qualifier']}]" if p["qualifier"] else "") + f" — report {p['report_id']}"),
            chart_id=f"measure-{measure}",
        )
        measure_charts.append({"measure": measure, "chart": chart, "total": total, "shown": len(points),
                               "link": "/events" + query_string({**filters, "measure": measure})})
    facets = []
    month_type = counting.month_type_counts(store, c, f, public=ctx.public)
    # The periods of what is counted (an incident's date is its most precise mention's).
    dated = sorted(month for month, _, _ in month_type if month and len(month) >= 7)
    months = charts.month_span(dated[0], dated[-1]) if dated else []
    size = 7 if len(months) <= 36 else 4
    periods = months if size == 7 else sorted({m[:4] for m in months})
    events_total = sum(n for _, _, n in month_type)
    undated_total = sum(n for month, _, n in month_type if not month)
    what = c.what.capitalize()
    for facet, title, key in (("agency", f"{what} per agency", "agency"),
                              ("target", f"{what} per target group", "target"),
                              ("province", f"{what} per province", "province")):
        counts: dict[str, dict[str | None, int]] = {}
        for value, period, n in counting.facet_period_counts(store, c, facet, f, period=size, undated=True,
                                                              public=ctx.public):
            counts.setdefault(value, {})[period] = n
        rows = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        top = max((n for _, cells in rows for p, n in cells.items() if p), default=0)
        facets.append({
            "facet": facet, "title": title, "rows": [
                {"value": value, "label": (f"{gazetteer_name(value)} ({value})" if facet == "province"
                                           else labels.name(facet, value)),
                 "total": sum(cells.values()), "undated": cells.get(None, 0),
                 "total_link": path + query_string({**filters, key: value}),
                 "cells": [(p, cells.get(p, 0), charts.heat_class(cells.get(p, 0), top),
                            _period_link(p, {**filters, key: value}, path)) for p in periods]}
                for value, cells in rows],
        })
    return ctx.render("trends.html", measure_charts=measure_charts, facets=facets, periods=periods,
                      period_size=size, filters=filters, events_total=events_total, undated_total=undated_total,
                      counting=c, count_links=count_links("/trends", filters, c), asked=count)


def gazetteer_name(code: str) -> str:
    place = gazetteer.provinces().get(code)
    return place.name if place else code


@router.get("/map", response_class=HTMLResponse)
def map_page(ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
             at: str | None = Query(None, description="LAT,LON of a circle: list the places there and their events"),
             view: str = Query("all", description="the map's view: all (the whole map) or border (the border region)"),
             count: str | None = Depends(count_param)) -> Response:
    if ctx.public:
        publicview.check_filter(f, ctx.store)
    if view not in mapdata.VIEWS:
        raise InputError(f"unknown map view {view!r}; known: {', '.join(mapdata.VIEWS)}")
    c = counting.choose(ctx.store, count)
    filters = f.to_dict()
    shown_view = None if view == "all" else view
    points, unplaced = map_points(ctx, f, c)
    kept = {**filters, "count": count}  # what the page was asked to count stays in its links
    chosen = mapview.parse_at(at)
    key = f"{chosen[0]:.4f},{chosen[1]:.4f}" if chosen else None

    def link(p: mapview.MapPoint) -> str:
        return "/map" + query_string({**kept, "view": shown_view, "at": p.key}) + "#selection"

    views = [{"view": name, "title": title, "current": name == view,
              "link": "/map" + query_string({**kept, "view": None if name == "all" else name, "at": at})}
             for name, (title, _) in mapdata.VIEWS.items()]

    selection = None
    if key:
        point = next((p for p in points if p.key == key), None)
        places = []
        stored = queries.place_counts(ctx.store, f, public=True) if ctx.public and point else []
        for row in (point.places if point else []):
            merged = publicview.generalised_places(stored, row["country"], row["admin1"]) if ctx.public else []
            events, total = queries.events_at(ctx.store, f, row["country"], row["admin1"], row["place"], limit=100,
                                              public=ctx.public, merged=merged, spellings=row.get("spellings", ()))
            events = _events(ctx, events)
            where = {"country": row["country"], "province": row["admin1"], "place": row["place"]}
            places.append({**row, "events_list": events, "total": total,
                           "link": "/events" + query_string({**filters, **where}),
                           "incidents_link": "/incidents" + query_string({**filters, **where})})
        selection = {"key": key, "point": point, "places": places}
    return ctx.render(
        "map.html", svg=mapview.render(points, link, selected=key, view=view, noun=c.noun,
                                       label=f"Map of {c.what}"),
        points=points, unplaced=unplaced, views=views,
        outside=[p for p in points if not p.inside], selection=selection, filters=filters, link=link,
        total=sum(p.events for p in points) + unplaced, counting=c, count_links=count_links("/map", filters, c),
        asked=count,
    )


def map_points(ctx: Ctx, f: EventFilter, c: counting.Counting) -> tuple[list[mapview.MapPoint], int]:
    """The map's points, counting ``c``; in public mode districts and dongs merged into their province."""
    rows = counting.place_counts(ctx.store, c, f, public=ctx.public)
    if ctx.public and not c.incidents:  # (incidents come generalised already)
        rows = publicview.place_rows(rows)
    return mapview.group_points(rows)


@router.get("/export")
def export(request: Request, ctx: Ctx = Depends(need("viewer")), f: EventFilter = Depends(event_filter),
           format: str = "jsonl", public: bool = False) -> Response:
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    if ctx.public:  # a public server's exports are always the public ones
        publicview.check_filter(f, ctx.store)
        public = True
    # An analyst's public export too: its filters match what it publishes (as ``export --public``),
    # or a date or place filter would select events by what the export then withholds.
    f.public = public
    pool = request.app.state.pool
    return StreamingResponse(
        _export_chunks(pool, f, format, public),
        media_type=EXPORT_TYPES[format],
        headers={"content-disposition": f'attachment; filename="countersight-events.{format}"'},
    )


def _export_chunks(pool, f: EventFilter, fmt: str, public: bool, batch: int = 500) -> Iterator[str]:
    """The export, streamed in batches: its own connection (the request's is released before the body is sent)."""
    store = pool.acquire()
    try:
        pending: list[str] = []
        marks = store.sensitivity_marks() if public else None
        for chunk in iter_export(store.iter_events(f), fmt, public=public, marks=marks, reports=store.report_citation):
            pending.append(chunk)
            if len(pending) >= batch:
                yield "".join(pending)
                pending = []
        yield "".join(pending)
    finally:
        pool.release(store)
