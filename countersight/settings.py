"""Every setting, declared once as data with its default, help text and valid values.

A setting is read, in order of precedence, from a command-line option, from
the environment variable ``COUNTERSIGHT_<NAME>`` and from its default. One
``Settings`` object is built at the edge (CLI, web app) and passed down.

Every value, wherever it came from, is checked here against the range its setting
declares (``Setting.problem``), so a bad one is an error naming the option or
variable it came from and the values allowed, never a crash (or a silent
misbehaviour) later on.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from countersight.errors import InputError

# The ``model`` value that means "the rules alone" (``pipeline.factories`` reads it from here).
NO_MODEL = "none"
# The most rows a web page or one API response holds: ``page_size`` is the API's default
# limit, so it may not exceed the API's cap (``web.api.MAX_LIMIT`` is this number).
MAX_PAGE_SIZE = 1000
# A report is read whole into memory (and ``read(max_report_bytes + 1)`` must fit a C ssize_t):
# 1 GB is far beyond any report, and far below what overflowed.
MAX_REPORT_BYTES = 1_000_000_000
# Beyond this the count itself becomes the slow part, and offset + count_limit must stay a
# 64-bit integer for the database (see ``web.params``).
MAX_COUNT_LIMIT = 1_000_000_000


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    minimum: int | float | None = None  # the smallest value allowed (None: no bound)
    maximum: int | float | None = None  # the largest value allowed (None: no bound)
    # The values allowed in words, when the kind and the bounds above do not say it all.
    allowed_words: str = ""
    # A further rule: why ``value`` (already of the right kind and in range) is not allowed, or None.
    check: Callable[[Any], str | None] | None = None

    @property
    def env(self) -> str:
        return f"COUNTERSIGHT_{self.name.upper()}"

    @property
    def option(self) -> str:
        """The command-line option that sets it, where a command has one (``--max-report-bytes``)."""
        return "--" + self.name.replace("_", "-")

    @property
    def kind(self) -> type:
        return type(self.default)

    @property
    def allowed(self) -> str:
        """The values allowed, in words: "an integer from 1 to 1000"."""
        if self.allowed_words:
            return self.allowed_words
        noun = {int: "an integer", float: "a number", str: "a text"}[self.kind]
        low, high = _shown(self.minimum), _shown(self.maximum)
        if low is not None and high is not None:
            return f"{noun} from {low} to {high}"
        if low is not None:
            return f"{noun} of at least {low}"
        if high is not None:
            return f"{noun} of at most {high}"
        return noun

    def in_range(self, value: Any) -> bool:
        """Whether ``value`` (of the setting's kind) is within its bounds; NaN and infinities never are."""
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return not (self.minimum is not None and value < self.minimum or
                    self.maximum is not None and value > self.maximum)


def _shown(bound: int | float | None) -> str | None:
    """A bound as a user would type it: 1000000000, 0.5, 1 (not 1e+09 or 1.0)."""
    if bound is None:
        return None
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def _not_empty(value: str) -> str | None:
    return None if value.strip() else "it is empty"


def _model_problem(value: str) -> str | None:
    if value in ("", NO_MODEL):
        return None
    path = Path(value)
    if not path.exists():
        return f"{value} does not exist"
    if not path.is_dir():
        return f"{value} is not a directory"
    return None  # whether it holds a model, loading it says (bundle.ExtractorModel.load)


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "countersight.db", "Database: an SQLite file path (the embedded default) or a postgresql:// URL.",
            allowed_words="an SQLite file path or a postgresql:// URL", check=_not_empty),
    Setting("max_report_bytes", 5_000_000, "Largest report accepted, in bytes; larger files (or JSONL lines) are refused with a message.",
            minimum=1, maximum=MAX_REPORT_BYTES),
    Setting("near_duplicate_threshold", 0.7, "Estimated word-shingle similarity above which a report is recorded as a near-duplicate of an earlier one.",
            minimum=0.0, maximum=1.0),
    Setting("host", "127.0.0.1", "Address the web app listens on.",
            allowed_words="an address or a host name", check=_not_empty),
    Setting("port", 8000, "Port the web app listens on (0: any free port, printed when it starts).",
            minimum=0, maximum=65535),
    Setting("page_size", 50, "Rows per page in the web app's tables and the API's default limit.",
            minimum=1, maximum=MAX_PAGE_SIZE),
    Setting("model", "", "The trained extractor model: a directory written by `countersight train` (empty: the model shipped with countersight; \"none\": the rules alone).",
            allowed_words="an existing directory written by `countersight train`, empty or \"none\"",
            check=_model_problem),
    Setting("count_limit", 10_000, "The Events page and the API count matches up to this many beyond the current page, then say \"more than\" (filters by type, status, province and country are always counted exactly).",
            minimum=1, maximum=MAX_COUNT_LIMIT),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Every setting's value, checked: built by ``load_settings`` (or ``replace``), never by hand."""

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


def load_settings(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None, *,
                  options: bool = False) -> Settings:
    """Defaults, then environment, then explicit overrides (None means "not given"), each value checked.

    ``options``: the overrides are command-line options (``--port``), and an error names them so;
    otherwise they were given by a caller in Python, and an error names the setting alone.
    """
    environ = os.environ if environ is None else environ
    unknown = set(overrides or {}) - set(SETTINGS_BY_NAME)
    if unknown:
        raise InputError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value, source = s.default, None
        if s.env in environ:
            value, source = environ[s.env], s.env
        if overrides and overrides.get(s.name) is not None:
            value, source = overrides[s.name], (s.option if options else None)
        values[s.name] = checked(s, value, source)
    return Settings(values)


def checked(setting: Setting, value: Any, source: str | None = None) -> Any:
    """``value`` as the setting's kind, if it is one of the values allowed; else an InputError naming
    the setting, where the value came from (``source``: an option or a variable) and what is allowed."""
    where = f"setting {setting.name}" + (f" ({source})" if source else "")
    coerced = _coerce(setting.kind, value)
    if coerced is None or not setting.in_range(coerced):
        raise InputError(f"{where} must be {setting.allowed}, got {value!r}")
    problem = setting.check(coerced) if setting.check else None
    if problem:
        raise InputError(f"{where} must be {setting.allowed}: {problem}")
    return coerced


def _coerce(kind: type, value: Any) -> Any:
    """``value`` as ``kind`` (an environment variable is always a string), or None when it is not one."""
    if isinstance(value, bool):  # a bool is an int to Python, never a port or a size
        return None
    if isinstance(value, kind):
        return value
    if kind is float and isinstance(value, int):
        return float(value)
    if kind is str or not isinstance(value, str):
        return str(value) if kind is str else None
    try:
        return kind(value.strip())
    except ValueError:
        return None
