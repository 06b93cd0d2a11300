"""Query parameters: every integer one is bounded (params.bounded), and a bad parameter is a 400
that names it as the web shows it: the query parameter in the API, the form field's label on a page."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import annotated_types
import pytest

from countersight.bounds import MAX_ROWS
from countersight.web import api, auth, pages, review


def _query_params(dependant: Any) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _query_params(sub)
    return found


def integer_params() -> list[tuple[str, str, Any]]:
    """(route path, parameter, its field info) of every integer query parameter of every route."""
    found = []
    for router in (api.router, auth.router, pages.router, review.router):
        for route in router.routes:
            for field in _query_params(route.dependant):
                if "int" in str(field.field_info.annotation):
                    found.append((route.path, field.name, field.field_info))
    return found


def test_the_walk_finds_the_integer_parameters():
    names = {(path, name) for path, name, _ in integer_params()}
    assert {("/review", "at"), ("/events", "page"), ("/api/events", "offset"), ("/api/review", "offset"),
            ("/api/trends", "points")} <= names


@pytest.mark.parametrize(("path", "name", "info"), integer_params(), ids=[f"{p}?{n}" for p, n, _ in integer_params()])
def test_every_integer_query_parameter_is_bounded(path: str, name: str, info: Any):
    lower = [m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)]
    upper = [m.le for m in info.metadata if isinstance(m, annotated_types.Le)]
    assert lower and lower[0] >= 0, f"{path}?{name} has no lower bound: declare it with params.bounded"
    assert upper and upper[0] <= MAX_ROWS, f"{path}?{name} has no upper bound: declare it with params.bounded"


def error_of(response) -> str:
    if response.headers["content-type"].startswith("application/json"):
        return response.json()["error"]
    return unescape(re.search(r'id="error-message">(.*?)</p>', response.text, re.S).group(1))


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(("path", "said"), [
    (f"/review?at={HUGE}", f"at must be less than or equal to {MAX_ROWS}, got '{HUGE}'"),  # (was a 500)
    (f"/api/review?offset={HUGE}", f"offset must be less than or equal to {MAX_ROWS}, got '{HUGE}'"),
    ("/review?at=-1", "at must be greater than or equal to 0, got '-1'"),
    (f"/events?page={HUGE}", "page must be less than or equal to 1000000000, got "),
    ("/events?page=two", "page must be a valid integer"),
    ("/api/events?limit=-1", "limit must be greater than or equal to 1, got '-1'"),
])
def test_a_bad_integer_is_a_400_naming_it(analyst, path: str, said: str):
    r = analyst.get(path)
    assert r.status_code == 400, (path, r.status_code)
    assert error_of(r).startswith(said), error_of(r)


@pytest.mark.parametrize("path", ["/events", "/incidents", "/map", "/trends", "/api/events", "/api/incidents",
                                  "/api/stats", "/api/map", "/export"])
@pytest.mark.parametrize(("params", "said"), [
    ({"country": "ZZZ"}, "unknown country 'ZZZ'"), ({"country": "XX"}, "unknown country 'XX'"),
    ({"measure": "bogus"}, "unknown measure 'bogus'"), ({"province": "KP-99"}, "unknown province 'KP-99'"),
])
def test_a_filter_no_event_could_match_is_a_400(viewer, path: str, params: dict, said: str):
    r = viewer.get(path, params=params)
    assert r.status_code == 400 and error_of(r).startswith(said), (path, r.status_code)


def test_a_bad_parameter_is_named_as_the_web_shows_it(viewer):
    api_error = error_of(viewer.get("/api/events", params={"since": "2021-13-01"}))
    assert api_error == "since must be a date YYYY-MM-DD, got '2021-13-01'"
    page = viewer.get("/events", params={"until": "soon"})
    assert page.status_code == 400
    assert error_of(page) == "To (until) must be a date YYYY-MM-DD, got 'soon'"  # the form's label "To"
    assert '<label>To <input type="date" name="until"' in viewer.get("/events").text
    for r in (viewer.get("/api/incidents", params={"since": "x"}), viewer.get("/trends", params={"since": "x"})):
        assert "--since" not in r.text and r.status_code == 400


def test_an_empty_search_box_is_no_search_and_punctuation_is_said(viewer):
    assert viewer.get("/reports", params={"q": "   "}).status_code == 200
    assert viewer.get("/events", params={"search": " "}).status_code == 200
    r = viewer.get("/reports", params={"q": "!!"})
    assert r.status_code == 400 and error_of(r) == "the search '!!' has no word to look for (only punctuation)"
