"""Extraction behaviour on sentences written for these tests (general rules, not seed sentences)."""

import datetime as dt

NK = "North Korea"  # reports need North Korea context to be on-topic


def events_of(run, body, **kw):
    doc = run(body, **kw)
    return [(e.type, e.perpetrators, e.targets) for e in doc.events], doc


def test_order_yields_directive_and_ordered_act(run):
    body = ("North Korean authorities have ordered the Ministry of State Security to arrest brokers "
            "who help people flee North Korea, a source in Chagang Province told Daily NK.")
    got, doc = events_of(run, body)
    assert got == [
        ("directive", ["authorities"], ["brokers"]),
        ("arrest", ["mss"], ["brokers"]),
    ]
    assert doc.events[0].location.to_dict() == {"country": "KP", "admin1": None, "place": None, "precision": "country"}
    assert doc.source.admin1 == "KP-04"


def test_negated_and_feared_acts_are_not_mentions(run):
    body = (f"Residents of Hyesan in {NK} said nobody was arrested during the inspection. "
            f"Traders in {NK} fear they could be detained by state security agents.")
    got, _ = events_of(run, body)
    assert [t for t, _, _ in got if t == "arrest"] == []


def test_anaphora_resolves_to_last_named_agency(run):
    body = ("A source in Ryanggang Province told Daily NK that the Ministry of State Security has stepped up "
            "checks in Hyesan, North Korea. The agents are visiting the homes of defectors' families every night "
            "to threaten them.")
    doc = run(body)
    intimidation = [e for e in doc.events if e.type == "intimidation"]
    assert [(e.perpetrators, e.targets) for e in intimidation] == [(["mss"], ["defector_families"])]
    assert intimidation[0].location.to_dict() == {"country": "KP", "admin1": "KP-10", "place": None, "precision": "province"}


def test_place_date_and_penalty(run):
    body = ("A source in North Hamgyong Province told Daily NK on Friday that a woman in Musan, North Korea, "
            "was arrested by the police on Oct. 3 and sentenced to six months in a labor training camp.")
    doc = run(body, published=dt.date(2021, 10, 15))
    by_type = {e.type: e for e in doc.events}
    assert sorted(by_type) == ["arrest", "sentencing"]
    arrest = by_type["arrest"]
    assert arrest.perpetrators == ["msos"]
    assert arrest.location.to_dict() == {"country": "KP", "admin1": "KP-09", "place": "Musan", "precision": "city"}
    assert arrest.date.to_dict() == {"start": "2021-10-03", "end": "2021-10-03", "precision": "day", "text": "Oct. 3"}
    assert by_type["sentencing"].penalty.to_dict() == {"kind": "labor_training_brigade", "months": 6}


def test_measures_from_the_spec_examples(run):
    body = ("North Korea's Ministry of State Security has moved overseas workers from a two-ply to a three-ply "
            "system of surveillance and increased inspections from once a day to three times a day.")
    doc = run(body)
    surveillance = [e for e in doc.events if e.type == "surveillance"]
    assert [m.to_dict() for m in surveillance[0].measures] == [
        {"measure": "watchers_per_person", "value": 3, "previous": 2, "qualifier": None},
        {"measure": "inspections_per_day", "value": 3, "previous": 1, "qualifier": None},
    ]
    assert surveillance[0].trend == "increase"


def test_abroad_arrest_placed_in_country(run):
    body = "Chinese police arrested three North Korean defectors in Dandong last week, North Korea watchers said."
    doc = run(body)
    arrest = [e for e in doc.events if e.type == "arrest"][0]
    assert arrest.perpetrators == ["china_security"]
    assert arrest.location.country == "CN"


def test_off_topic_report_yields_nothing(run):
    body = ("Police arrested two men after a burglary in Leeds on Tuesday. The court sentenced them to "
            "six months in prison. Officers said the investigation continues.")
    doc = run(body)
    assert (doc.on_topic, doc.events) == (False, [])


def test_evidence_points_into_body(run):
    body = "Headline without stop\n\nState security agents in Hoeryong, North Korea, detained two brokers.\n"
    doc = run(body)
    assert doc.events
    for e in doc.events:
        assert body[e.evidence.start:e.evidence.end] == e.evidence.quote


def test_hostile_long_line_is_bounded(run):
    # one 4 MB line without a full stop: spaCy's length limit and the rules must not choke
    body = "North Korea, Hyesan, Ministry of State Security: " + "agents arrested brokers in Hyesan and " * 100000
    doc = run(body)
    assert doc.on_topic
    assert all(e.evidence.end - e.evidence.start <= 3000 for e in doc.events)
    assert doc.sentences[-1].end == len(body.rstrip())


def test_a_blocked_order_does_not_lift_the_hypothetical_check(run):
    # "in order to" orders nothing, so "would be sent ... if caught" stays a conditional;
    # a real order keeps what it orders ("ordered that anyone caught would be sent").
    purpose = (f"Traders in {NK} travel to China in order to earn money and would be sent to a labor camp "
               "if caught by the Ministry of State Security.")
    order = f"The Ministry of State Security ordered that anyone caught would be sent to a labor camp in {NK}."
    assert events_of(run, purpose)[0] == []
    assert [t for t, _, _ in events_of(run, order)[0]] == ["directive", "sentencing"]
