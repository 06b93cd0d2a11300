"""Every setting, declared once as data with its default and help text.

A setting is read, in order of precedence, from a command-line option, from
the environment variable ``COUNTERSIGHT_<NAME>`` and from its default. One
``Settings`` object is built at the edge (CLI, web app) and passed down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from countersight.errors import InputError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"COUNTERSIGHT_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "countersight.db", "Database: an SQLite file path (the embedded default) or a postgresql:// URL."),
    Setting("max_report_bytes", 5_000_000, "Largest report accepted, in bytes; larger files (or JSONL lines) are refused with a message."),
    Setting("near_duplicate_threshold", 0.7, "Estimated word-shingle similarity above which a report is recorded as a near-duplicate of an earlier one."),
    Setting("host", "127.0.0.1", "Address the web app listens on."),
    Setting("port", 8000, "Port the web app listens on."),
    Setting("page_size", 50, "Rows per page in the web app's tables and the API's default limit."),
    Setting("model", "", "The trained extractor model: a directory written by `countersight train` (empty: the model shipped with countersight; \"none\": the rules alone)."),
    Setting("count_limit", 10_000, "The Events page and the API count matches up to this many beyond the current page, then say \"more than\" (filters by type, status, province and country are always counted exactly)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "values":  # copy/pickle probe dunders before __init__ ran
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **changes: Any) -> Settings:
        return load_settings({**self.values, **{k: v for k, v in changes.items() if v is not None}}, environ={})


def load_settings(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then environment, then explicit overrides (None means "not given")."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value = s.default
        if s.env in environ:
            value = environ[s.env]
        if overrides and overrides.get(s.name) is not None:
            value = overrides[s.name]
        values[s.name] = _coerce(s, value)
    unknown = set(overrides or {}) - set(_BY_NAME)
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return Settings(values)


def _coerce(setting: Setting, value: Any) -> Any:
    kind = type(setting.default)
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"setting {setting.name} ({setting.env}) must be {kind.__name__}, got {value!r}") from exc
