"""A report's sources: its outlet, whom it cites, and its origin."""

from __future__ import annotations

from countersight.incidents.sources import (ReportSources, canonical_outlet, corroboration, report_sources,
                                            resolve_origins)


def test_the_outlet_a_source_told_is_the_reports_own():
    rs = report_sources("r", "A source in Hyesan told Daily NK on Friday that ...")
    assert rs.to_dict() == {"document": "r", "outlet": "Daily NK", "cites": [], "origin": "Daily NK"}


def test_a_report_citing_another_outlet_in_its_lead_depends_on_it():
    rs = report_sources("r", "North Korea executed two men, Yonhap reported, citing Radio Free Asia.", "NK Times")
    assert rs.to_dict() == {"document": "r", "outlet": "NK Times", "cites": ["Yonhap", "Radio Free Asia"],
                            "origin": "Radio Free Asia"}


def test_a_copy_says_where_it_first_appeared_at_its_end():
    body = "x " * 800 + "This article first appeared on Daily NK and is reproduced here."
    assert report_sources("r", body, "Korea Rights Digest").origin == "Daily NK"


def test_background_citations_further_down_do_not_make_a_relay():
    body = "A source told RFA's Korean Service about the arrests. " + "x " * 400 + "Daily NK reported last year ..."
    rs = report_sources("r", body)
    assert (rs.outlet, rs.cites, rs.origin) == ("Radio Free Asia", ["Daily NK"], "Radio Free Asia")


def test_spellings_become_one_outlet():
    assert canonical_outlet("RFA\u2019s Korean Service") == canonical_outlet("Radio Free Asia") == "Radio Free Asia"
    assert canonical_outlet("Some Local Paper") == "Some Local Paper"
    assert canonical_outlet(None) is None


def test_an_unattributed_report_is_its_own_source():
    assert report_sources("r9", "No outlet named here.").origin == "unattributed report r9"


def test_corroboration_counts_origins_not_reports():
    sources = {"a": ReportSources("a", "Daily NK", [], "Daily NK"),
               "b": ReportSources("b", "Korea Rights Digest", ["Daily NK"], "Daily NK"),
               "c": ReportSources("c", "Radio Free Asia", [], "Radio Free Asia"),
               "d": ReportSources("d", "Blog", [], "Blog")}
    resolve_origins(sources, {"d": "c"})  # d re-publishes c
    assert sources["d"].origin == "Radio Free Asia"
    assert corroboration(["a"], sources) == "single_source"
    assert corroboration(["a", "b"], sources) == "dependent_sources"
    assert corroboration(["c", "d"], sources) == "dependent_sources"
    assert corroboration(["a", "b", "c"], sources) == "independent_sources"


def test_an_outlet_field_that_cites_is_a_relay():
    rs = report_sources("r", "Body without attribution.", "The Daily Beast, citing Yonhap")
    assert rs.to_dict() == {"document": "r", "outlet": "The Daily Beast", "cites": ["Yonhap"], "origin": "Yonhap"}
    assert canonical_outlet("The Dong-A Ilbo") == "Dong-A Ilbo"
