"""settings.py: every setting declares its valid values, and every value is checked against them
wherever it comes from (an option, an environment variable, a caller in Python)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from countersight.cli import cli
from countersight.errors import InputError
from countersight.settings import SETTINGS, SETTINGS_BY_NAME, load_settings

# (setting, a value outside what it allows) -- each one once did harm: a 500, a way round the
# API's row cap, a port silently taken modulo 65536, an ingest refusing every file ...
BAD = [
    ("page_size", "0"), ("page_size", "-1"), ("page_size", "1001"),
    ("port", "99999"), ("port", "-1"),
    ("count_limit", "-5"), ("count_limit", "0"),
    ("near_duplicate_threshold", "2"), ("near_duplicate_threshold", "-0.5"), ("near_duplicate_threshold", "nan"),
    ("near_duplicate_threshold", "inf"),
    ("max_report_bytes", "-1"), ("max_report_bytes", "0"), ("max_report_bytes", "99999999999999999999999"),
    ("db", ""), ("host", " "),
]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for s in SETTINGS:
        monkeypatch.delenv(s.env, raising=False)


def test_the_defaults_are_allowed():
    assert load_settings(environ={}).values == {s.name: s.default for s in SETTINGS}


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v}" for n, v in BAD])
def test_a_bad_environment_value_names_the_variable_and_the_range(name: str, value: str):
    s = SETTINGS_BY_NAME[name]
    with pytest.raises(InputError) as caught:
        load_settings(environ={s.env: value})
    said = "it is empty" if name in ("db", "host") else f"got {value!r}"  # (a rule of its own, not a range)
    assert str(caught.value) in (f"setting {name} ({s.env}) must be {s.allowed}, {said}",
                                 f"setting {name} ({s.env}) must be {s.allowed}: {said}")


@pytest.mark.parametrize(("name", "value"), [("page_size", 0), ("port", 99999), ("near_duplicate_threshold", 2.0),
                                             ("max_report_bytes", 10**23), ("port", True)])
def test_a_bad_value_given_in_python_or_as_an_option_is_refused_too(name: str, value: object):
    s = SETTINGS_BY_NAME[name]
    with pytest.raises(InputError, match=rf"^setting {name} must be "):
        load_settings({name: value}, environ={})
    with pytest.raises(InputError, match=rf"^setting {name} \({s.option}\) must be "):
        load_settings({name: value}, environ={}, options=True)
    with pytest.raises(InputError, match=rf"^setting {name} must be "):
        load_settings(environ={}).replace(**{name: value})


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("page_size", "1", 1), ("page_size", "1000", 1000), ("port", "0", 0), ("port", " 65535 ", 65535),
    ("near_duplicate_threshold", "0", 0.0), ("near_duplicate_threshold", "1", 1.0), ("count_limit", "1", 1),
    ("model", "none", "none"), ("model", "", ""),
])
def test_the_bounds_themselves_are_allowed(name: str, value: str, expected: object):
    assert getattr(load_settings(environ={SETTINGS_BY_NAME[name].env: value}), name) == expected


def test_every_setting_says_what_it_allows():
    for s in SETTINGS:
        assert s.allowed and "None" not in s.allowed and "e+" not in s.allowed, s.name
    assert SETTINGS_BY_NAME["page_size"].allowed == "an integer from 1 to 1000"
    assert SETTINGS_BY_NAME["near_duplicate_threshold"].allowed == "a number from 0 to 1"


def test_the_page_size_stays_within_the_api_cap():
    from countersight.web.api import MAX_LIMIT

    assert SETTINGS_BY_NAME["page_size"].maximum == MAX_LIMIT


def test_a_missing_model_directory_is_named(tmp_path: Path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(InputError) as caught:
        load_settings(environ={"COUNTERSIGHT_MODEL": str(missing)})
    assert str(caught.value).startswith("setting model (COUNTERSIGHT_MODEL) must be an existing directory")
    assert str(caught.value).endswith(f": {missing} does not exist")
    afile = tmp_path / "model.txt"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="is not a directory"):
        load_settings(environ={"COUNTERSIGHT_MODEL": str(afile)})
    assert load_settings(environ={"COUNTERSIGHT_MODEL": str(tmp_path)}).model == str(tmp_path)


def test_the_no_model_word_is_the_pipeline_s():
    from countersight.pipeline import factories
    from countersight.settings import NO_MODEL

    assert factories.NO_MODEL == NO_MODEL == "none"


# -- at the command line -------------------------------------------------------------------------


def one_error(result, starts: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(starts), result.stderr
    return result.stderr


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v}" for n, v in BAD])
def test_settings_command_refuses_a_bad_variable(name: str, value: str, monkeypatch):
    s = SETTINGS_BY_NAME[name]
    monkeypatch.setenv(s.env, value)
    one_error(CliRunner().invoke(cli, ["settings"]), f"error: setting {name} ({s.env}) must be {s.allowed}")


def test_options_are_checked_and_named(tmp_path: Path):
    runner = CliRunner()
    err = one_error(runner.invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--port", "99999"]),
                    "error: setting port (--port) must be an integer from 0 to 65535, got 99999")
    assert not (tmp_path / "x.db").exists()
    one_error(runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                  "--max-report-bytes", "99999999999999999999999"]),
              "error: setting max_report_bytes (--max-report-bytes) must be an integer from 1 to 1000000000, got ")
    one_error(runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--max-report-bytes", "-1"]),
              "error: setting max_report_bytes (--max-report-bytes) must be an integer from 1 to 1000000000, got -1")
    one_error(runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"),
                                  "--model", str(tmp_path / "nope")]),
              f"error: setting model (--model) must be an existing directory written by `countersight train`, "
              f"empty or \"none\": {tmp_path / 'nope'} does not exist")
    assert err


def test_settings_command_shows_what_each_setting_allows():
    result = CliRunner().invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    for s in SETTINGS:
        assert f"    Allowed: {s.allowed}." in result.stdout.splitlines()


def test_the_option_help_shows_the_range():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "from 0 to 65535" in " ".join(result.output.split())
