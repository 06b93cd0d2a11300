"""A trained extractor on disk: four linear models (types, perpetrators, targets,
places) and the types' second reading, the config they were trained with and their meta (version, the data they
learned from and its hashes).

The shipped model lives in ``countersight/learn/model/`` (built by ``make model``
from the gold files in ``../shared``); ``countersight train -o DIR`` writes
another, and the ``model`` setting picks which one ingest uses.
"""

from __future__ import annotations

import json
import zipfile
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from countersight.errors import InputError
from countersight.learn.linear import LinearModel, TypesTogether
from countersight.pipeline.extract import RULES_VERSION

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = PACKAGE_DIR / "config.toml"
SHIPPED_DIR = PACKAGE_DIR / "model"
FILES = ("types.npz", "perpetrators.npz", "targets.npz")
TOGETHER_FILE = "types_together.npz"


def load_config(path: Path = CONFIG_PATH) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the training config ({exc})") from exc


@dataclass
class ExtractorModel:
    types: LinearModel
    perpetrators: LinearModel
    targets: LinearModel
    config: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    directory: str | None = None  # where it was loaded from (worker processes load it again)
    places: LinearModel | None = None  # where each event happened (absent in a model trained without places)
    together: TypesTogether | None = None  # the types read together (absent in older models: the first reading decides)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unversioned"))

    @property
    def extractor(self) -> str:
        """What an event records as the extractor that made it."""
        return f"{RULES_VERSION}+model-{self.version}"

    def learned_from(self, sha256: str) -> bool:
        """Whether the gold file with this SHA-256 is among what the model learned from, also
        through the examples of the model it was retrained from (a "base" source keeps that
        model's own ``trained_on``)."""
        return _names_gold(self.meta.get("trained_on"), sha256)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.types.save(directory / "types.npz")
        self.perpetrators.save(directory / "perpetrators.npz")
        self.targets.save(directory / "targets.npz")
        if self.places is not None:
            self.places.save(directory / "places.npz")
        together = directory / TOGETHER_FILE
        if self.together is not None:
            self.together.save(together)
        elif together.exists():  # retrained into the same folder without it
            together.unlink()
        (directory / "config.json").write_text(json.dumps(self.config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (directory / "meta.json").write_text(json.dumps(self.meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> ExtractorModel:
        directory = Path(directory)
        if not directory.exists():
            raise InputError(f"{directory}: no such model folder")
        if not directory.is_dir():
            raise InputError(f"{directory}: not a countersight model (a model is a folder from `countersight train`)")
        missing = [f for f in (*FILES, "config.json", "meta.json") if not (directory / f).is_file()]
        if missing:
            raise InputError(f"{directory}: not a countersight model (missing {', '.join(missing)})")
        try:
            config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            if not isinstance(config, dict) or not isinstance(meta, dict):
                raise ValueError("config.json and meta.json must each hold a JSON object")
            return cls(
                LinearModel.load(directory / "types.npz"),
                LinearModel.load(directory / "perpetrators.npz"),
                LinearModel.load(directory / "targets.npz"),
                config,
                meta,
                str(directory.resolve()),
                LinearModel.load(directory / "places.npz") if (directory / "places.npz").is_file() else None,
                TypesTogether.load(directory / TOGETHER_FILE) if (directory / TOGETHER_FILE).is_file() else None,
            )
        except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:  # a damaged or foreign file
            raise InputError(f"{directory}: cannot read the model ({type(exc).__name__}: {exc})") from exc


def _names_gold(sources: Any, sha256: str) -> bool:
    for source in sources if isinstance(sources, list) else ():
        if not isinstance(source, dict):
            continue
        if source.get("kind") == "gold" and source.get("sha256") == sha256:
            return True
        if _names_gold(source.get("trained_on"), sha256):
            return True
    return False


@lru_cache(maxsize=8)
def _load_cached(directory: str, stamp: tuple[int, int]) -> ExtractorModel:
    return ExtractorModel.load(Path(directory))


def _stamp(directory: Path) -> tuple[int, int]:
    """When and how big the model's meta.json is: a model retrained into the same folder
    (``train -o``, then ``reextract`` in the same process) is read afresh."""
    try:
        stat = (directory / "meta.json").stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def load_model(directory: str | Path | None = None) -> ExtractorModel | None:
    """The model in ``directory``, else the shipped one; None when none is there
    (a checkout before ``make model``): the rules then work alone."""
    if directory:
        resolved = Path(directory).resolve()
        return _load_cached(str(resolved), _stamp(resolved))
    if (SHIPPED_DIR / "meta.json").is_file():
        return _load_cached(str(SHIPPED_DIR), _stamp(SHIPPED_DIR))
    return None


def describe_model(directory: str | Path | None = None) -> dict[str, Any]:
    """What an analyst asks of the extractor in use: which it is (the string every event records),
    where it was read from, what it learned from (gold files and their hashes, reviewed
    databases, the model it was retrained from) and how. ``directory``: as the ``model``
    setting ("" or None: the shipped model; ``"none"``: the rules alone)."""
    from countersight.settings import NO_MODEL

    if directory == NO_MODEL:
        return {"extractor": RULES_VERSION, "model": None}
    model = load_model(directory or None)
    if model is None:  # a checkout before `make model`
        return {"extractor": RULES_VERSION, "model": None}
    meta = model.meta
    return {
        "extractor": model.extractor,
        "model": {
            "version": model.version,
            "directory": model.directory,
            "shipped": bool(model.directory) and Path(model.directory) == SHIPPED_DIR.resolve(),
            "trained_on": meta.get("trained_on", []),
            "examples": meta.get("examples", {}),
            "types_read_together": model.together is not None,
            "places": model.places is not None,
            "seed": meta.get("seed"),
            "training_seconds": meta.get("training_seconds"),
        },
    }


def description_lines(info: dict[str, Any]) -> list[str]:
    """``describe_model``'s answer as lines of text (the CLI prints them, the settings page shows them)."""
    model = info["model"]
    if model is None:
        return [f"extractor  {info['extractor']}: the rules alone, no learned layers"]
    where = "shipped with countersight" if model["shipped"] else "trained with `countersight train`"
    counts = model["examples"]
    return [f"extractor  {info['extractor']} (what every event it makes records)",
            f"model      {model['version']}, {where}: {model['directory']}",
            "learned from:", *_source_lines(model["trained_on"], "  "),
            f"examples   {counts.get('reports', 0)} reports: {counts.get('types', 0)} sentences, "
            f"{counts.get('perpetrators', 0)} perpetrator, {counts.get('targets', 0)} target and "
            f"{counts.get('places', 0)} place examples",
            "types      " + ("read twice: a second reading weighs the twelve types together"
                            if model["types_read_together"] else "read once, each type alone"),
            f"trained    seed {model['seed']}, in {model['training_seconds']} s"]


def _source_lines(sources: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for s in sources if isinstance(sources, list) else ():
        if not isinstance(s, dict):  # a meta.json edited by hand
            continue
        digest = f" (sha256 {str(s.get('sha256', ''))[:12]})" if s.get("sha256") else ""
        if s.get("kind") == "gold":
            lines.append(f"{indent}gold file {s.get('path')}{digest}: {s.get('reports')} reports, "
                         f"{s.get('mentions')} mentions")
        elif s.get("kind") == "reviews":
            lines.append(f"{indent}reviews in {s.get('database')}{digest}: {s.get('reports')} reports, "
                         f"{s.get('events')} events, {s.get('rejected')} of them rejected")
        elif s.get("kind") == "base":
            lines.append(f"{indent}the examples of model {s.get('model')} ({s.get('path')}), which learned from:")
            lines += _source_lines(s.get("trained_on", []), indent + "  ")
        else:
            lines.append(f"{indent}{s.get('kind', 'a source')}{digest}")
    return lines or [f"{indent}(nothing recorded)"]
