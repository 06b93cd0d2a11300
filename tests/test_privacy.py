import json
import re

from countersight.model import Event, Evidence, Location
from countersight.privacy import find_private_spans, redact_event, redact_text
from countersight.samples import reports_dir


def test_names_ages_sources_and_streets_are_withheld():
    text = ("A man in his 30s in Nammun-dong, Hoeryong – identified by his surname of Chong – was arrested. "
            "Chong was repatriated in 2019. A 22-year-old private, Ri Myong-chol, fled, and Mr. Pak, aged 45, "
            "was questioned, a source who works at the Hyesan Mine said.")
    assert redact_text(text) == (
        "A man [age withheld] in [place withheld], Hoeryong – identified by his surname of [name withheld] – was "
        "arrested. [name withheld] was repatriated in 2019. A [age withheld] private, [name withheld], fled, and "
        "Mr. [name withheld], [age withheld], was questioned, a source[source details withheld] said."
    )


def test_public_figures_agencies_and_named_institutions_stay():
    text = ("Kim Jong Un ordered the Ministry of State Security to act; Kim Yo Jong said so. "
            "Students at Kim Chaek University of Technology were detained.")
    assert redact_text(text) == text
    assert find_private_spans(text) == []


# Place names below the city, by their form, independently of the rules under test.
SUB_CITY = re.compile(r"[A-Z][\w'’]*(?:-dong|-tong|-ri|-rodongjagu|-guyok|-ban)\b|\b[A-Z]\w+ (?:[Ww]orkers['’] )?[Dd]istrict\b")


def test_every_place_below_the_city_is_withheld_not_only_those_events_are_placed_at():
    # The audit's leaks: the gazetteer knows none of these dongs, and no event was placed at them.
    text = ("Police arrested three residents of Sinŭiju's Ryusang-dong. Inminban heads in Hoeryong's Kangan-dong "
            "and Songchon-dong, in Yuson-dong and in Munak-dong, Manpo, were told; a family in Kusong-dong, Sariwon. "
            "Near Punggye-ri, in Sakju's Chongsong Workers' District, Namyang-rodongjagu, Moranbong-guyok, "
            "Nampo's Waudo District and Yonbong 2-ban.")
    assert redact_text(text) == (
        "Police arrested three residents of Sinŭiju's [place withheld]. Inminban heads in Hoeryong's "
        "[place withheld] and [place withheld], in [place withheld] and in [place withheld], Manpo, were told; a "
        "family in [place withheld], Sariwon. Near [place withheld], in Sakju's [place withheld], [place withheld], "
        "[place withheld], Nampo's [place withheld] and [place withheld]."
    )


def test_cities_counties_and_provinces_stay():
    text = ("Hyesan, Ryanggang Province; Sinuiju and Sinŭiju; Hoeryong in North Hamgyong; Kangdong County; Dandong; "
            "the Hyesan district; Pyongyang.")
    assert redact_text(text) == text


def test_korean_places_below_the_city_are_withheld():
    text = "양강도 혜산시 위연동에서 단속이 있었다. 회령시 유선동 주민. 남양로동자구와 연봉2동. 혜산시 관리가 말했다. 요녕성 단동"
    assert redact_text(text) == ("양강도 혜산시 [place withheld]에서 단속이 있었다. 회령시 [place withheld] 주민. "
                                 "[place withheld]와 [place withheld]. 혜산시 관리가 말했다. 요녕성 단동")


def test_redacted_event_generalises_a_district_to_its_province():
    event = Event(
        document="d", type="arrest",
        evidence=Evidence("a man in his 30s in Nammun-dong, Hoeryong was arrested", 0, 56),
        location=Location("KP", "KP-09", "Nammun-dong", "district"),
    )
    public = redact_event(event)
    assert public.location.to_dict() == {"country": "KP", "admin1": "KP-09", "place": None, "precision": "province"}
    assert public.evidence.quote == "a man [age withheld] in [place withheld], Hoeryong was arrested"
    assert event.location.place == "Nammun-dong"  # the stored event is untouched


def test_redaction_on_the_sample_reports_leaves_no_age_phrases():
    import re

    ages = re.compile(r"\bin (?:his|her) (?:early |mid-|late )?\d0s\b|\b\d{1,2}-year-old\b")
    bodies = [p.read_text(encoding="utf-8") for p in reports_dir().glob("*.txt")]
    assert any(ages.search(b) for b in bodies)  # the samples do name ages
    assert not any(ages.search(redact_text(b)) for b in bodies)


def test_public_export_of_the_samples(tmp_path):
    from click.testing import CliRunner

    from countersight.cli import cli

    db = str(tmp_path / "p.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(reports_dir()), "--db", db, "-q"]).exit_code == 0
    private = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl"]).output
    public = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl", "--public"]).output
    assert len(private.splitlines()) == len(public.splitlines())
    assert "withheld]" in public and "withheld]" not in private
    for line in public.splitlines():
        event = json.loads(line)
        assert not (event["location"] and event["location"]["precision"] == "district")
    # quotes and titles name neighbourhoods events were not placed at: none is left
    assert {"Ryusang-dong", "Songchon-dong", "Kusong-dong", "Munak-dong", "Yuson-dong"} <= set(SUB_CITY.findall(private))
    assert SUB_CITY.findall(public) == []


def test_analysts_marks_override_the_rules(tmp_path):
    from countersight import review
    from countersight.export import export_to_string
    from countersight.ingest.service import ingest
    from countersight.privacy import redact_event
    from countersight.store import open_store

    store = open_store(str(tmp_path / "m.db"))
    ingest([reports_dir()], store)
    event = next(e for e in store.list_events() if e.location and e.location.place)
    review.mark_sensitive(store, event.id, "ana", "evidence", True, reason="identifies the family")
    review.mark_sensitive(store, event.id, "ana", "location", False)
    marks = store.sensitivity_marks()
    public = redact_event(event, marks[event.id])
    assert public.evidence.quote == "[quote withheld]"
    assert public.location == event.location  # published as it is
    assert [h["action"] for h in review.history(store, event.id)] == ["sensitivity", "sensitivity"]
    store.close()
