"""Counting incidents in the store (``IncidentCounts``): one act told three times across two
reports counts once, by its own place, date, perpetrators and targets; filters select the
incidents with a matching mention; the public view counts places as it shows them."""

from __future__ import annotations

from countersight.store.filters import EventFilter
from told_thrice import fill


def test_one_act_told_three_times_is_one_incident_and_three_mentions(store):
    fill(store)
    assert store.incident_group_counts("type") == [("arrest", 1), ("sentencing", 1)]
    assert store.group_counts("type") == [("arrest", 3), ("sentencing", 1)]
    assert store.incident_group_counts("admin1") == [("KP-09", 1), ("KP-10", 1)]
    assert store.group_counts("admin1") == [("KP-10", 3), ("KP-09", 1)]
    # several perpetrators: once in each of their rows, as a mention naming several counts
    assert store.incident_group_counts("agency") == [("authorities", 1), ("msos", 1), ("mss", 1)]
    assert store.facet_counts("agency") == [("authorities", 3), ("mss", 3), ("msos", 1)]
    assert store.incident_group_counts("target") == [("brokers", 1), ("residents", 1)]
    assert store.incident_group_counts("corroboration") == [("dependent_sources", 1), ("single_source", 1)]
    # by the incident's own date (its most precise mention's), not each mention's
    assert store.incident_month_type_counts() == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 1)]
    assert store.month_type_counts() == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 3)]
    assert store.incident_group_counts("month") == [("2020-05", 1), ("2021-03", 1)]
    assert store.incident_facet_period_counts("agency", period=4) == [
        ("authorities", "2021", 1), ("msos", "2020", 1), ("mss", "2021", 1)]
    assert store.incident_facet_period_counts("province") == [("KP-09", "2020-05", 1), ("KP-10", "2021-03", 1)]
    assert store.facet_period_counts("province") == [("KP-09", "2020-05", 1), ("KP-10", "2021-03", 3)]
    assert sorted(store.incident_place_counts(), key=lambda r: r["place"]) == [
        {"country": "KP", "admin1": "KP-09", "place": "Hoeryong", "precision": "city", "events": 1,
         "lat": None, "lon": None},
        {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city", "events": 1,
         "lat": None, "lon": None}]
    assert store.incident_people() == {"stated": 1, "unstated": 1, "people": 3, "approx": 0, "min": 0, "max": 0}
    assert store.incidents_built_at() is not None and store.mentions_outside_incidents() == 0


def test_an_incident_counts_when_a_mention_matches_the_filters(store):
    fill(store)
    relay = EventFilter(document="copy")  # one mention of the arrest: the whole incident counts, once
    assert store.incident_group_counts("type", relay) == [("arrest", 1)]
    assert store.group_counts("type", relay) == [("arrest", 1)]
    undated = EventFilter(type="arrest", since="2021-03-15")  # only a2 (dated by its report, 2021-03-20)
    assert store.incident_month_type_counts(undated) == [("2021-03", "arrest", 1)]
    assert store.incident_group_counts("admin1", EventFilter(province="KP-09")) == [("KP-09", 1)]
    assert store.incident_place_counts(EventFilter(agency="msos"))[0]["place"] == "Hoeryong"
    assert store.incident_group_counts("type", EventFilter(province="KP-02")) == []
    assert store.incident_people(EventFilter(type="sentencing")) == {
        "stated": 0, "unstated": 1, "people": 0, "approx": 0, "min": 0, "max": 0}


def test_rejected_and_new_mentions(store):
    fill(store)
    with store.transaction():
        store.execute("UPDATE events SET status = 'rejected' WHERE id = 'c1'")
    # an incident whose only mention is now rejected no longer matches a filter (as in list_incidents)
    assert store.incident_group_counts("type", EventFilter(province="KP-09")) == []
    with store.transaction():
        store.delete_event("c1")
    assert store.mentions_outside_incidents() == 0
    fill_more = store.get_event("a2")
    fill_more.id = "a3"
    with store.transaction():
        store.insert_event("dnk", fill_more)
    assert store.mentions_outside_incidents() == 1  # told since the build: in no incident yet


def test_a_store_never_built_has_no_incidents(store):
    fill(store, build=False)
    assert store.incidents_built_at() is None
    assert store.incident_group_counts("type") == []


def test_public_counts_and_filters_follow_the_sensitivity_marks(store):
    fill(store)
    store.set_sensitivity("c1", "location", True, "analyst")
    public = EventFilter(province="KP-09", public=True)
    # the leak closed: a public province (or place) filter matches the place as published
    assert [e.id for e in store.list_events(EventFilter(province="KP-09"))] == ["c1"]
    assert store.list_events(public) == [] and store.count_events(public) == 0
    assert store.list_events(EventFilter(place="Hoeryong", public=True)) == []
    assert store.count_incidents(public) == 0 and store.incident_group_counts("type", public) == []
    # an unrelated public filter is unchanged
    assert sorted(e.id for e in store.list_events(EventFilter(province="KP-10", public=True))) == ["a1", "a2", "b1"]
    # counted at country level: in no province, and off the map
    assert store.incident_group_counts("admin1", public=True) == [(None, 1), ("KP-10", 1)]
    assert store.public_province_counts() == [("KP-10", 3), (None, 1)]
    assert store.facet_period_counts("province", public=True) == [("KP-10", "2021-03", 3)]
    assert store.incident_facet_period_counts("province", public=True) == [("KP-10", "2021-03", 1)]
    assert sorted(store.incident_place_counts(public=True), key=lambda r: r["place"] or "") == [
        {"country": "KP", "admin1": None, "place": None, "precision": "country", "events": 1, "lat": None, "lon": None},
        {"country": "KP", "admin1": "KP-10", "place": "Hyesan", "precision": "city", "events": 1,
         "lat": None, "lon": None}]
    # one of the arrest's three mentions marked: the others still place it in Hyesan
    store.set_sensitivity("a1", "location", True, "analyst")
    assert ("KP-10", 1) in store.incident_group_counts("admin1", public=True)
