"""Linking mentions into incidents: the same act told again is one incident; look-alikes are not."""

from __future__ import annotations

from countersight.incidents import ReportInfo, build_incidents, incident_id
from countersight.incidents.link import content_words, is_aggregate, people_count, similarity
from countersight.model import DateSpan, Event, Evidence, Location, Penalty


def ev(eid: str, doc: str, type_: str, quote: str, start: int, *, place: str | None = "Hyesan",
       admin1: str | None = "KP-10", date: tuple[str, str, str] | None = None, perps: list[str] | None = None,
       penalty: str | None = None, status: str = "unreviewed") -> Event:
    return Event(
        id=eid, document=doc, type=type_, evidence=Evidence(quote, start, start + len(quote)),
        perpetrators=perps if perps is not None else ["mss"], targets=["residents"],
        location=Location("KP", admin1, place, "city" if place else "province"),
        date=DateSpan(date[0], date[1], date[2], "then") if date else None,
        penalty=Penalty(penalty) if penalty else None, status=status,
    )


def report(rid: str, body: str = "", outlet: str | None = None, published: str | None = None,
           near: str | None = None) -> ReportInfo:
    return ReportInfo(rid, body, outlet, published, None, near)


def groups(incidents) -> list[list[str]]:
    return sorted(sorted(i.mentions) for i in incidents)


def test_people_counts_with_their_qualifier():
    assert people_count("five officials were purged") == (5, None)
    assert people_count("about 500 people gathered in the stadium") == (500, "approx")
    assert people_count("at least 15 residents were detained") == (15, "min")
    assert people_count("hundreds of North Koreans remain in detention") == (100, "min")
    assert people_count("1,200 workers were recalled") == (1200, None)
    # Agents are the state's side; buses, dollars and years are no people; one man is no count.
    assert people_count("four agents assigned to each returnee") is None
    assert people_count("brought across in three buses for 5,000 dollars") is None
    assert people_count("a man was arrested in 2020") is None


def test_similarity_counts_shared_content_words_over_the_smaller_quote():
    a = content_words("State security agents arrested three brokers at the Hyesan market on Tuesday")
    b = content_words("Three brokers were arrested by state security agents at Hyesan market")
    assert similarity(a, b) == 1.0
    assert similarity(a, content_words("brokers arrested")) == 0.0  # too few shared words to say


def test_one_report_telling_the_same_act_twice_is_one_incident():
    events = [
        ev("e1", "r1", "arrest", "Agents arrested five traders in Hyesan.", 0),
        ev("e2", "r1", "arrest", "The five traders were taken to the MSS.", 50, place=None),
        ev("e3", "r1", "sentencing", "They were sent to a labour camp.", 100, penalty="labor_camp"),
    ]
    incidents = build_incidents(events, [report("r1", outlet="Daily NK")])
    assert groups(incidents) == [["e1", "e2"], ["e3"]]
    arrest = next(i for i in incidents if i.type == "arrest")
    assert arrest.location.place == "Hyesan" and arrest.location.precision == "city"  # the most precise
    assert arrest.people == {"count": 5, "qualifier": None}
    assert arrest.id == incident_id(["e2", "e1"])
    assert arrest.corroboration == "single_source" and arrest.documents == ["r1"]


def test_look_alikes_stay_apart():
    events = [
        ev("e1", "r1", "sentencing", "Two men were publicly executed in Hyesan in March.", 0,
           date=("2021-03-01", "2021-03-31", "month"), penalty="execution"),
        ev("e2", "r1", "sentencing", "Another public execution was held in Hyesan in May.", 60,
           date=("2021-05-01", "2021-05-31", "month"), penalty="execution"),
        ev("e3", "r1", "sentencing", "A woman was executed in Hoeryong.", 120, place="Hoeryong", admin1="KP-09",
           penalty="execution"),
        ev("e4", "r1", "sentencing", "Three were sent to a prison camp.", 160, penalty="political_prison"),
        ev("e5", "r1", "arrest", "Chinese police detained them.", 200, perps=["china_security"]),
        ev("e6", "r1", "arrest", "MSS agents detained them again.", 240, perps=["mss"]),
        ev("e7", "r1", "arrest", "Five people were arrested.", 280),
        ev("e8", "r1", "arrest", "Seven people were arrested.", 320),
    ]
    incidents = build_incidents(events, [report("r1")])
    # (e6 joins e7 only: the latest compatible act; e5 is China's, e8 another number of people)
    assert groups(incidents) == [["e1"], ["e2"], ["e3"], ["e4"], ["e5"], ["e6", "e7"], ["e8"]]


def test_many_acts_or_a_standing_practice_is_not_one_act():
    assert is_aggregate("Daily NK has confirmed at least three public executions since the spring.")
    assert is_aggregate("The inminban head must check on them three times a day.")
    assert is_aggregate("Dormitories have been inspected every week since September.")
    assert is_aggregate("Agents routinely detain returnees at the border.")
    assert not is_aggregate("Daily NK learned that two men were executed in Hyesan.")  # the outlet is no frequency
    assert not is_aggregate("Agents arrested five traders in Hyesan on Tuesday.")  # people, not acts
    events = [
        ev("e1", "r1", "sentencing", "Two men were publicly executed in Hyesan in March.", 0, penalty="execution"),
        ev("e2", "r1", "sentencing", "At least three public executions were held in Hyesan this year.", 60,
           penalty="execution"),
        ev("e3", "r1", "sentencing", "The two men were shot before a crowd.", 140, place=None, penalty="execution"),
    ]
    # The count of executions is an incident of its own; the one execution told twice is one.
    assert groups(build_incidents(events, [report("r1")])) == [["e1", "e3"], ["e2"]]


def test_rejected_mentions_are_left_out():
    events = [ev("e1", "r1", "arrest", "x", 0), ev("e2", "r1", "arrest", "y", 10, status="rejected")]
    assert groups(build_incidents(events, [report("r1")])) == [["e1"]]


QUOTE = "State security agents arrested three brokers at the Hyesan market for arranging phone calls to China"


def test_a_near_duplicate_tells_its_originals_acts_and_is_a_dependent_source():
    events = [ev("a1", "orig", "arrest", QUOTE, 0), ev("b1", "copy", "arrest", QUOTE.replace("State", "The state"), 0)]
    reports = [report("orig", "A source told Daily NK ...", None),
               report("copy", "Reposted.", "Korea Rights Digest", near="orig")]
    (incident,) = build_incidents(events, reports)
    assert sorted(incident.mentions) == ["a1", "b1"] and incident.documents == ["copy", "orig"]
    assert incident.corroboration == "dependent_sources"
    assert incident.sources == [{"source": "Daily NK", "documents": ["copy", "orig"],
                                 "outlets": ["Korea Rights Digest", "Daily NK"]}]


def test_two_outlets_telling_the_same_dated_act_are_independent_sources():
    march = ("2021-03-12", "2021-03-12", "day")
    events = [ev("a1", "dnk", "arrest", QUOTE, 0, date=march),
              ev("b1", "rfa", "arrest", "Three brokers were arrested at Hyesan market by state security agents over "
                 "phone calls", 0, date=march)]
    reports = [report("dnk", "", "Daily NK", "2021-03-15"), report("rfa", "", "Radio Free Asia", "2021-03-16")]
    (incident,) = build_incidents(events, reports)
    assert incident.corroboration == "independent_sources"
    assert [s["source"] for s in incident.sources] == ["Daily NK", "Radio Free Asia"]


def test_reports_of_other_months_or_places_are_never_linked():
    events = [ev("a1", "dnk", "arrest", QUOTE, 0, date=("2021-03-12", "2021-03-12", "day")),
              ev("b1", "rfa", "arrest", QUOTE, 0, date=("2021-06-02", "2021-06-02", "day")),
              ev("c1", "nkn", "arrest", QUOTE, 0, place="Hoeryong", admin1="KP-09",
                 date=("2021-03-12", "2021-03-12", "day"))]
    reports = [report("dnk", "", "Daily NK"), report("rfa", "", "Radio Free Asia"), report("nkn", "", "NK News")]
    assert groups(build_incidents(events, reports)) == [["a1"], ["b1"], ["c1"]]


def test_an_act_retold_years_later_joins_the_act_of_the_same_year():
    # Background in later reports: the same year of the act and an account with the same
    # rare words; the look-alike of another year stays apart.
    year = ("2013-01-01", "2013-12-31", "year")
    events = [
        ev("a1", "r2016", "sentencing", "Kim executed his uncle Jang Song Thaek, the powerful vice chairman, in 2013.",
           0, place=None, admin1=None, date=year, penalty="execution", perps=["supreme_leader"]),
        ev("b1", "r2020", "sentencing", "In 2013 the leader had his uncle Jang Song Thaek, once vice chairman, executed.",
           0, place=None, admin1=None, date=year, penalty="execution", perps=["supreme_leader"]),
        ev("c1", "r2019", "sentencing", "In 2015 the leader had his defence chief Hyon Yong Chol, once vice chairman, executed.",
           0, place=None, admin1=None, date=("2015-01-01", "2015-12-31", "year"), penalty="execution",
           perps=["supreme_leader"]),
    ]
    reports = [report("r2016", "", "Yonhap", "2016-08-30"), report("r2020", "", "Daily Mail", "2020-09-11"),
               report("r2019", "", "NK News", "2019-05-02")]
    assert groups(build_incidents(events, reports)) == [["a1", "b1"], ["c1"]]


def test_a_report_never_holds_two_incidents_merged_through_another_report():
    day = ("2021-03-12", "2021-03-12", "day")
    events = [ev("a1", "dnk", "arrest", QUOTE, 0, date=day),
              ev("a2", "dnk", "arrest", QUOTE + " again", 300, date=day, perps=["msos"]),
              ev("b1", "rfa", "arrest", QUOTE, 0, date=day, perps=["authorities"])]
    found = groups(build_incidents(events, [report("dnk", "", "Daily NK"), report("rfa", "", "RFA")]))
    assert found in ([["a1", "b1"], ["a2"]], [["a1"], ["a2", "b1"]])
    assert ["a1", "a2"] not in found
