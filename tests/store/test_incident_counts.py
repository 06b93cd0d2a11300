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


def test_a_withheld_date_counts_as_undated_in_public(store):
    fill(store)
    store.set_sensitivity("c1", "date", True, "analyst")  # the sentencing's date (May 2020) withheld
    public = EventFilter(public=True)
    # mentions: by month, the sentencing undated; not found by a date filter
    assert store.month_type_counts(public) == [(None, "sentencing", 1), ("2021-03", "arrest", 3)]
    assert store.month_type_counts(public=True) == store.month_type_counts(public)
    assert store.group_counts("month", public) == [(None, 1), ("2021-03", 3)]
    in_2020 = {"since": "2020-01-01", "until": "2020-12-31"}
    assert store.list_events(EventFilter(**in_2020, public=True)) == []
    assert store.count_events(EventFilter(**in_2020, public=True)) == 0
    assert store.count_events(EventFilter(since="2020-01-01", public=True)) == 3
    assert store.facet_period_counts("agency", public, undated=True) == [
        ("authorities", "2021-03", 3), ("msos", None, 1), ("mss", "2021-03", 3)]
    assert store.facet_period_counts("province", public, period=4, undated=True) == [
        ("KP-09", None, 1), ("KP-10", "2021", 3)]
    # incidents likewise: its one mention's date withheld, the sentencing has no public date
    assert store.incident_month_type_counts(public) == [(None, "sentencing", 1), ("2021-03", "arrest", 1)]
    assert store.incident_group_counts("month", public=True) == [(None, 1), ("2021-03", 1)]
    assert store.count_incidents(EventFilter(**in_2020, public=True)) == 0
    assert store.incident_group_counts("type", EventFilter(**in_2020, public=True)) == []
    assert store.incident_facet_period_counts("agency", public, undated=True) == [
        ("authorities", "2021-03", 1), ("msos", None, 1), ("mss", "2021-03", 1)]
    assert store.incident_facet_period_counts("agency", public) == [("authorities", "2021-03", 1), ("mss", "2021-03", 1)]
    assert store.incident_facet_period_counts("province", public, undated=True) == [
        ("KP-09", None, 1), ("KP-10", "2021-03", 1)]
    assert store.incident_place_counts(EventFilter(**in_2020, public=True), public=True) == []
    # not in public: unchanged
    assert store.month_type_counts() == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 3)]
    assert store.group_counts("month") == [("2020-05", 1), ("2021-03", 3)]
    assert [e.id for e in store.list_events(EventFilter(**in_2020))] == ["c1"]
    assert store.incident_month_type_counts() == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 1)]
    assert store.count_incidents(EventFilter(**in_2020)) == 1
    assert store.incident_facet_period_counts("province") == [("KP-09", "2020-05", 1), ("KP-10", "2021-03", 1)]


def test_an_incident_takes_its_public_date_from_its_mentions_public_dates(store):
    fill(store)
    # the arrest: a1 and b1 dated March 12 (day), a2 undated (its report's date, March 20, on the timeline)
    store.set_sensitivity("a1", "date", True, "analyst")
    assert store.incident_month_type_counts(public=True) == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 1)]
    assert store.month_type_counts(public=True) == [(None, "arrest", 1), ("2020-05", "sentencing", 1),
                                                    ("2021-03", "arrest", 2)]
    # every date it had withheld: undated (not dated by its report, which would nearly date it)
    store.set_sensitivity("b1", "date", True, "analyst")
    assert store.incident_month_type_counts(public=True) == [(None, "arrest", 1), ("2020-05", "sentencing", 1)]
    assert store.incident_group_counts("month", EventFilter(type="arrest", public=True)) == [(None, 1)]
    # a2 itself was never dated: still on the timeline by its report, as a mention and as the
    # incident it lets a date filter find (a mention matches, as out of public)
    assert store.month_type_counts(public=True) == [(None, "arrest", 2), ("2020-05", "sentencing", 1),
                                                    ("2021-03", "arrest", 1)]
    assert [e.id for e in store.list_events(EventFilter(since="2021-03-01", public=True))] == ["a2"]
    assert store.count_incidents(EventFilter(since="2021-03-01", public=True)) == 1
    assert store.incident_month_type_counts() == [("2020-05", "sentencing", 1), ("2021-03", "arrest", 1)]
    # marked not sensitive again: as before
    store.set_sensitivity("a1", "date", False, "analyst")
    store.set_sensitivity("b1", "date", False, "analyst")
    assert store.incident_month_type_counts(public=True) == store.incident_month_type_counts()
    assert store.month_type_counts(public=True) == store.month_type_counts()


def test_a_withheld_target_is_neither_counted_nor_matched_in_public(store):
    fill(store)
    store.set_sensitivity("c1", "targets", True, "analyst")  # the sentencing's "residents" withheld
    store.set_sensitivity("a1", "targets", True, "analyst")  # one of the arrest's three mentions
    public = EventFilter(public=True)
    assert store.group_counts("target", public) == [("brokers", 2)]
    assert store.facet_counts("target", public) == [("brokers", 2)]
    assert store.facet_period_counts("target", public, undated=True) == [("brokers", "2021-03", 2)]
    residents = EventFilter(target="residents", public=True)
    assert store.list_events(residents) == [] and store.count_events(residents) == 0
    assert sorted(e.id for e in store.list_events(EventFilter(target="brokers", public=True))) == ["a2", "b1"]
    assert store.count_events(EventFilter(target="brokers", public=True)) == 2
    assert store.count_events(EventFilter(target="brokers", type="arrest", public=True)) == 2
    # incidents: the arrest keeps "brokers" (its other mentions name them), the sentencing has none
    assert store.incident_group_counts("target", public=True) == [("brokers", 1)]
    assert store.incident_facet_period_counts("target", public) == [("brokers", "2021-03", 1)]
    assert store.count_incidents(residents) == 0 and store.incident_place_counts(residents, public=True) == []
    assert store.count_incidents(EventFilter(target="brokers", public=True)) == 1
    # not in public: unchanged
    assert store.group_counts("target") == [("brokers", 3), ("residents", 1)]
    assert store.facet_counts("target") == [("brokers", 3), ("residents", 1)]
    assert [e.id for e in store.list_events(EventFilter(target="residents"))] == ["c1"]
    assert store.incident_group_counts("target") == [("brokers", 1), ("residents", 1)]
    assert store.incident_facet_period_counts("target") == [("brokers", "2021-03", 1), ("residents", "2020-05", 1)]
    # every mention's targets withheld: the arrest counts in no target group
    store.set_sensitivity("a2", "targets", True, "analyst")
    store.set_sensitivity("b1", "targets", True, "analyst")
    assert store.incident_group_counts("target", public=True) == []
    assert store.count_incidents(EventFilter(target="brokers", public=True)) == 0


def test_a_measure_whose_date_is_withheld_has_no_point_on_the_public_time_axis(store):
    from countersight.model import Measure

    fill(store)
    event = store.get_event("c1")
    event.measures = [Measure("team_size", 1.0)]
    with store.transaction():
        store.replace_event(event)
    assert [(p["date"], p["event_id"]) for p in store.measure_points("team_size")[0]] == [("2020-05-01", "c1")]
    store.set_sensitivity("c1", "date", True, "analyst")
    assert store.measure_points("team_size", EventFilter(public=True)) == ([], 0)
    assert store.measure_points("team_size")[1] == 1  # (not in public: as stored)


def _public_place_counts(store) -> tuple:
    return (store.incident_group_counts("admin1", public=True), store.incident_group_counts("precision", public=True),
            store.incident_facet_period_counts("province", public=True, undated=True),
            sorted(store.incident_place_counts(public=True), key=lambda r: (r["place"] or "", r["admin1"] or "")))


def test_public_places_are_stored_and_follow_marks_edits_and_the_rules(store):
    from countersight import privacy
    from countersight.review import edit

    fill(store)
    assert store.public_places_stored()
    # the sentencing moved to a dong: published at its province, stored as such
    edit(store, "c1", "analyst", {"location": {"country": "KP", "admin1": "KP-09", "place": "Wiyon-dong",
                                               "precision": "city"}})
    assert store.public_places_stored()
    counted = _public_place_counts(store)
    assert counted[0] == [("KP-09", 1), ("KP-10", 1)] and counted[1] == [("city", 1), ("province", 1)]
    assert {(r["admin1"], r["place"], r["precision"]) for r in counted[3]} == {
        ("KP-09", None, "province"), ("KP-10", "Hyesan", "city")}
    assert store.incident_group_counts("admin1") == [("KP-09", 1), ("KP-10", 1)]  # (not in public: as stored)
    # its location marked sensitive: country level; marked not sensitive: as stored, the dong too
    store.set_sensitivity("c1", "location", True, "analyst")
    assert _public_place_counts(store)[0] == [(None, 1), ("KP-10", 1)]
    store.set_sensitivity("c1", "location", False, "analyst")
    assert {r["place"] for r in _public_place_counts(store)[3]} == {"Hyesan", "Wiyon-dong"}
    marked = _public_place_counts(store)
    # what is stored is what the gazetteer finds when computed again (a database built before migration 15)
    with store.transaction():
        store.execute("UPDATE incidents SET public_rules = NULL, public_differs = 0, public_admin1 = NULL")
    assert not store.public_places_stored()
    assert _public_place_counts(store) == marked
    store.store_public_places()
    assert store.public_places_stored() and _public_place_counts(store) == marked
    # other redaction rules (an upgrade): the stored places are not used until stored again
    privacy.place_rules.cache_clear()
    try:
        privacy.PLACE_RULES_VERSION += 1
        assert not store.public_places_stored() and _public_place_counts(store) == marked
    finally:
        privacy.PLACE_RULES_VERSION -= 1
        privacy.place_rules.cache_clear()
    assert store.public_places_stored()


def test_a_withheld_date_or_place_sorts_as_none_in_public_lists(store):
    # A list's order would tell what the page withholds: the neighbours of an event date it.
    fill(store)
    by_date = [e.id for e in store.list_events(EventFilter(), sort="date")]
    assert by_date == ["c1", "b1", "a1", "a2"]
    store.set_sensitivity("c1", "date", True, "analyst")
    store.set_sensitivity("c1", "location", True, "analyst")
    assert [e.id for e in store.list_events(EventFilter(public=True), sort="date")] == ["b1", "a1", "a2", "c1"]
    assert [e.id for e in store.list_events(EventFilter(public=True), sort="date", descending=True)][-1] == "c1"
    assert [e.id for e in store.list_events(EventFilter(public=True), sort="province")][-1] == "c1"
    assert [e.id for e in store.list_events(EventFilter(), sort="date")] == by_date  # not in public: as stored
    assert [e.id for e in store.list_events(EventFilter(), sort="province")][0] == "c1"
    # incidents, newest first: one told by a mention whose date is withheld sorts as undated
    store.set_sensitivity("c1", "date", False, "analyst")
    store.set_sensitivity("a1", "date", True, "analyst")
    assert [i.type for i in store.list_incidents(EventFilter(), newest_first=True)] == ["arrest", "sentencing"]
    assert [i.type for i in store.list_incidents(EventFilter(public=True), newest_first=True)] == ["sentencing",
                                                                                                    "arrest"]
