import json

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
