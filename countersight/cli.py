"""The command line: thin wrappers over library functions; errors become messages here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Iterator

import click

from countersight.bounds import MAX_ROWS
from countersight.errors import CountersightError, InputError, ParamError
from countersight.model import EVENT_TYPES, MEASURES, REVIEW_ORDERS, STATUSES, TRENDS
from countersight.settings import SETTINGS, SETTINGS_BY_NAME, Settings, load_settings
from countersight.terminal import printable, printable_lines


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` for everything this CLI prints: control characters other than newline
    and tab are shown escaped. A line made of data goes through ``printable`` first."""
    click.echo(printable_lines(message), err=err)


def _fail(message: str, code: int) -> None:
    # An error that names several problems (a gold file's bad lines) has a line each.
    echo("\n".join(f"error: {line}" for line in str(message).splitlines() or [""]), err=True)
    sys.exit(code)


def message(exc: CountersightError) -> str:
    """An error as the command line words it: a bad parameter by its option (``--since ...``),
    where the web says ``since ...`` (``web.app.message``)."""
    if isinstance(exc, ParamError):
        return exc.named("--" + exc.param.replace("_", "-"))
    return str(exc)


def friendly(func: Callable) -> Callable:
    """Turn library errors into one-line messages and exit codes."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CountersightError as exc:
            _fail(message(exc), exc.exit_code)
        except BrokenPipeError:  # `countersight events | head`
            sys.exit(0)

    return wrapper


def db_option(func: Callable) -> Callable:
    return click.option(
        "--db",
        default=None,
        metavar="FILE|URL",
        help="Database: an SQLite file or a postgresql:// URL (default: countersight.db or $COUNTERSIGHT_DB).",
    )(func)


def limit_option(default: int, what: str) -> Callable:
    """``--limit N`` of every command that lists: 0 lists all; never negative (which listed all
    by the back door), never beyond what the database can count (bounds.py)."""
    return click.option("--limit", type=click.IntRange(min=0, max=MAX_ROWS), default=default, show_default=True,
                        metavar="N", help=f"How many {what} to list (0: all).")


def filter_options(func: Callable) -> Callable:
    options = [
        click.option("--type", "type_", type=click.Choice(EVENT_TYPES, case_sensitive=False), help="Event type."),
        click.option("--agency", help="Perpetrator agency id (mss, msos, wpk, ..., or other:NAME); any case."),
        click.option("--target", help="Target group id (defectors, defector_families, ..., or other:NAME); any case."),
        click.option("--province", help="Province: ISO code (KP-09) or name (North Hamgyong)."),
        click.option("--place", help="Place as the report spells it (Hyesan)."),
        click.option("--country", help="ISO country code of the place (KP, CN, RU ...)."),
        click.option("--since", metavar="YYYY-MM-DD", help="Events dated (or reported) on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", help="Events dated (or reported) on or before this day."),
        click.option("--status", type=click.Choice(STATUSES), help="Review status (rejected events only with --status rejected)."),
        click.option("--trend", type=click.Choice(TRENDS), help="Trend of the measure."),
        click.option("--measure", type=click.Choice(MEASURES), help="Only events that carry this quantity."),
        click.option("--search", metavar="TEXT", help="Full-text search over evidence quotes and report text."),
        click.option("--document", metavar="DOC", help="Only events of this report."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(kwargs: dict[str, Any]):
    from countersight.store.filters import EventFilter

    names = ("agency", "target", "province", "place", "country", "since", "until", "status", "trend", "measure",
             "search", "document")
    return EventFilter(type=kwargs.pop("type_", None), **{n: kwargs.pop(n, None) for n in names})


def _settings(**overrides: Any) -> Settings:
    """The one Settings of a command: its options (None: not given) over the environment, checked
    against each setting's range (settings.py), an error naming the option or variable."""
    return load_settings(overrides, options=True)


def setting_option(name: str, help: str, **kwargs: Any) -> Callable:
    """The option of a setting (``--port`` for ``port``): its type and allowed values come from
    the setting's declaration; the value is checked with the rest in ``_settings``."""
    setting = SETTINGS_BY_NAME[name]
    return click.option(setting.option, type=setting.kind, default=None,
                        help=f"{help} Allowed: {setting.allowed}; default: {setting.default!r} or ${setting.env}.",
                        **kwargs)


@contextmanager
def _open(db: str | None, *, create: bool = False) -> Iterator[Any]:
    from countersight.store import open_store

    settings = _settings(db=db)
    store = open_store(settings.db, create=create, key=_key_for(settings.db))
    try:
        yield store
    finally:
        store.close()


def _key_for(db: str) -> str | None:
    """The key of an encrypted database: $COUNTERSIGHT_KEY, else asked for on a terminal."""
    from countersight.store import KEY_VARIABLE, is_postgres
    from countersight.store.sqlite import is_encrypted

    key = os.environ.get(KEY_VARIABLE)
    if key or is_postgres(db) or not is_encrypted(db):
        return key or None
    if sys.stdin.isatty():
        return click.prompt(f"Key of the encrypted database {db}", hide_input=True)
    return None  # the store then says that the key is missing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="countersight")
def cli() -> None:
    """countersight: turn reports on North Korean state surveillance into sourced, reviewable evidence."""


@cli.command()
@db_option
@click.option("--encrypted", is_flag=True, help="Create an SQLCipher database, encrypted at rest.")
@friendly
def init(db: str | None, encrypted: bool) -> None:
    """Create a new database (optionally encrypted); other commands then open it as it is."""
    from countersight.store import KEY_VARIABLE, create_encrypted, open_store

    settings = _settings(db=db)
    if Path(settings.db).expanduser().exists():
        raise InputError(f"{settings.db} exists already")
    if encrypted:
        key = os.environ.get(KEY_VARIABLE)
        if not key:
            if not sys.stdin.isatty():
                raise InputError(f"give the key in {KEY_VARIABLE} (or run on a terminal to be asked)")
            key = click.prompt("Key for the new database", hide_input=True, confirmation_prompt=True)
        create_encrypted(settings.db, key).close()
        echo(printable(f"created {settings.db}, encrypted; every command opens it with ${KEY_VARIABLE} (or asks for the key)"))
    else:
        open_store(settings.db).close()
        echo(printable(f"created {settings.db}"))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@setting_option("max_report_bytes", "Largest report accepted, in bytes.", metavar="N")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the summary line (the default).")
@click.option("--verbose", "-v", is_flag=True, help="Also print a line per report ingested.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
              help="Worker processes for the extraction (0: one per core); this process alone writes.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run the extraction on an existing Dask cluster (tcp://HOST:8786); needs countersight[dist].")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress line on standard error (default: only when it is a terminal).")
@click.option("--model", default=None, metavar="DIR|none",
              help="The extractor model: a directory from `countersight train`, or 'none' for the rules alone "
                   "(default: the shipped model, or $COUNTERSIGHT_MODEL).")
@friendly
def ingest(paths: tuple[Path, ...], db: str | None, max_report_bytes: int | None, quiet: bool, verbose: bool,
           workers: int, scheduler: str | None, progress: bool | None, model: str | None) -> None:
    """Ingest report files and folders (.txt, .html, .jsonl), extract and store their events.

    Prints problems and one summary line (with --verbose, also a line per report).
    Exits with status 1 when any file or line could not be ingested (each gets a message).
    """
    from countersight.describe import plural

    from countersight.ingest import progress as progress_line
    from countersight.ingest.readers import SUPPORTED_SUFFIXES, skipped_in_folders
    from countersight.ingest.service import ingest as run_ingest

    settings = _settings(db=db, max_report_bytes=max_report_bytes, model=model)
    bar = None
    if progress_line.wanted(progress):
        bar = progress_line.Progress(progress_line.count_reports(paths))
    with _open(settings.db, create=True) as store:

        def say(message: str, err: bool = False) -> None:
            if bar is not None:
                bar.clear()
            echo(message, err=err)

        def problem(p) -> None:
            say(printable(f"problem: {p}"), err=True)

        done: dict[str, int] = {}

        def outcome(o) -> None:
            done[o.status] = done.get(o.status, 0) + 1
            if verbose and not quiet and o.status == "ingested" and o.doc is not None:
                note = "" if o.doc.on_topic else " (off-topic)"
                if o.near_duplicate_of:
                    note += f" (near-duplicate of {o.near_duplicate_of})"
                if o.requested_id and o.requested_id != o.report_id:
                    note += f" (id {o.requested_id} was taken)"
                say(printable(f"ingested {o.report_id}: {plural(len(o.doc.events), 'event')}{note}"))
            if bar is not None:
                bar.tick()

        try:
            summary = run_ingest(paths, store, settings, on_problem=problem, on_outcome=outcome,
                                 workers=workers, scheduler=scheduler)
        except KeyboardInterrupt:
            # Each report was stored whole or not at all: say how far it got and how to go on.
            echo(f"interrupted: {plural(done.get('ingested', 0), 'report')} stored before the interruption; "
                 "run the same ingest again to go on (stored reports are skipped), or link what is stored "
                 "now with `countersight incidents --rebuild`", err=True)
            sys.exit(130)
        finally:
            if bar is not None:
                bar.close()
    echo(summary.line())
    skipped = skipped_in_folders(paths)
    if skipped:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in skipped.items())
        echo(f"note: {plural(sum(skipped.values()), 'file')} of other types in the folders skipped ({kinds}); "
             f"ingest reads {', '.join(SUPPORTED_SUFFIXES)}", err=True)
    if not summary.ok:
        sys.exit(1)


@cli.command()
@db_option
@filter_options
@limit_option(50, "events")
@click.option("--json", "as_json", is_flag=True, help="One EVENTS.md object per line instead of a table.")
@friendly
def events(db: str | None, limit: int, as_json: bool, **kwargs: Any) -> None:
    """List stored events, filtered."""
    filters = _filters(kwargs)
    with _open(db) as store:
        rows = store.list_events(filters, limit=limit or None)
        total = store.count_events(filters)
    if as_json:
        for e in rows:
            echo(json.dumps(e.to_dict(), ensure_ascii=False))
        return
    from countersight.describe import cut, plural

    if rows:
        echo(_row(EVENT_COLUMNS_SHOWN, [c.upper() for c, _ in EVENT_COLUMNS_SHOWN]))
    for e in rows:
        echo(printable(_row(EVENT_COLUMNS_SHOWN, _event_cells(e))))
        echo(printable(f"    \u201c{cut(e.evidence.quote, QUOTE_WIDTH)}\u201d"))
    echo(f"{len(rows)} of {plural(total, 'event')}")


# The events table: (heading, width) of each column; the last one is not cut.
EVENT_COLUMNS_SHOWN: tuple[tuple[str, int], ...] = (
    ("id", 18), ("type", 21), ("perpetrators", 28), ("targets", 26), ("place", 26), ("date", 10), ("report", 0),
)
QUOTE_WIDTH = 150


def _row(columns: tuple[tuple[str, int], ...], cells: list[str]) -> str:
    from countersight.describe import cut

    out = []
    for (_, width), cell in zip(columns, cells, strict=True):
        out.append(f"{cut(cell, width):<{width}}" if width else cell)
    return " ".join(out).rstrip()


def _event_cells(e: Any) -> list[str]:
    from countersight import describe
    from countersight.vocab import labels

    date = (e.date.start or f"\u201c{e.date.text}\u201d") if e.date else "-"
    place = describe.place(e.location) if e.location else "-"
    return [e.id or "", labels.name("type", e.type), ", ".join(labels.names("agency", e.perpetrators)) or "-",
            ", ".join(labels.names("target", e.targets)) or "-", place, date or "-", e.document]


@cli.command()
@click.argument("document")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The report and its events as JSON.")
@friendly
def show(document: str, db: str | None, as_json: bool) -> None:
    """Show one report with its metadata and the events drawn from it."""
    with _open(db) as store:
        report = store.get_report(document)
        evs = store.events_of_report(document)
        dups = store.near_duplicates(document)
        incidents_of = store.incidents_of_report(document)
    incident_of = {m: i.id for i in incidents_of for m in i.mentions}
    if as_json:
        data = report.to_dict()
        data["events"] = [e.to_dict() for e in evs]
        data["near_duplicates"] = [{"id": d, "similarity": s, "relation": r} for d, s, r in dups]
        data["incidents"] = [i.to_dict() for i in incidents_of]
        echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    echo(printable(f"{report.id}: {report.title or '(no title)'}"))
    for label, value in (("outlet", report.outlet), ("url", report.url), ("published", report.published),
                         ("file", report.source_path), ("on topic", "yes" if report.on_topic else "no")):
        if value:
            echo(printable(f"  {label:<10} {value}"))
    if report.source:
        src = report.source
        echo(printable(f"  {'source':<10} {src.get('quote')}  [{src.get('admin1') or src.get('country') or '?'}]"))
    for other, similarity, relation in dups:
        echo(printable(f"  {'duplicate':<10} {relation}: {other} (similarity {similarity})"))
    echo("")
    from countersight import describe
    from countersight.describe import plural
    from countersight.vocab import labels

    for e in evs:
        echo(printable(f"- {labels.name('type', e.type)} [{e.status}] {e.id}"))
        echo(printable(f"    {'perpetrators':<12} {', '.join(labels.names('agency', e.perpetrators)) or '-'}"))
        echo(printable(f"    {'targets':<12} {', '.join(labels.names('target', e.targets)) or '-'}"))
        if e.location:
            echo(printable(f"    {'place':<12} {describe.place(e.location)} ({e.location.precision})"))
        if e.date:
            written = f"  \u201c{e.date.text}\u201d" if e.date.text and e.date.start else ""
            echo(printable(f"    {'date':<12} {describe.date(e.date)}{written}"))
        if e.trend:
            echo(printable(f"    {'trend':<12} {describe.trend(e.trend)}"))
        if e.measures:
            echo(printable(f"    {'quantities':<12} {describe.measures(e.measures)}"))
        if e.penalty:
            echo(printable(f"    {'penalty':<12} {describe.penalty(e.penalty)}"))
        if e.id in incident_of:
            echo(printable(f"    {'incident':<12} {incident_of[e.id]}"))
        echo(printable(f"    \u201c{' '.join(e.evidence.quote.split())}\u201d  [{e.evidence.start}:{e.evidence.end}]"))
    if incidents_of:
        echo("")
        echo(f"Incidents its events belong to ({len(incidents_of)}):")
        for i in incidents_of:
            others = [d for d in i.documents if d != report.id]
            also = f"; also told in {', '.join(others)}" if others else ""
            echo(printable(f"- {i.id} {labels.name('type', i.type)}: {plural(len(i.mentions), 'mention')}, "
                           f"{i.corroboration.replace('_', ' ')}{also}"))


@cli.command()
@click.argument("text")
@db_option
@limit_option(20, "reports")
@click.option("--prefix", is_flag=True, help="Let the last word begin a longer one (brok finds brokers).")
@click.option("--on-topic", is_flag=True, help="Leave out off-topic reports.")
@friendly
def search(text: str, db: str | None, limit: int, prefix: bool, on_topic: bool) -> None:
    """Full-text search over the reports (titles and text): whole words, every one must occur."""
    from countersight.describe import plural

    with _open(db) as store:
        hits = store.search_reports(text, limit=limit or None, prefix=prefix, on_topic_only=on_topic)
        total = store.count_search_reports(text, prefix=prefix, on_topic_only=on_topic)
    for hit in hits:
        echo(printable(f"{hit['id']}: {hit['title'] or ''}") + "\n" + printable(f"    {' '.join(hit['snippet'].split())}"))
    echo(f"{len(hits)} of {plural(total, 'report')}" + (" (on topic)" if on_topic else ""))


@cli.command()
@db_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default="jsonl", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--public", is_flag=True, help="Redact names, ages, victims' streets and sources' details (for publication).")
@click.option("--incidents", "as_incidents", is_flag=True,
              help="Export incidents (those with a mention that matches the filters) instead of events.")
@friendly
def export(db: str | None, fmt: str, output: Path | None, public: bool, as_incidents: bool, **kwargs: Any) -> None:
    """Export events (or, with --incidents, incidents) as JSON Lines, CSV or GeoJSON, with the same filters as `events`."""
    from countersight.export import export_events, export_incidents
    from countersight.export.files import write_export

    filters = _filters(kwargs)
    filters.public = public  # --province and --place then match the places as published

    def write(store: Any, out: Any) -> Any:
        if as_incidents:
            from countersight.incidents import public_incidents

            rows = store.iter_incidents(filters)
            return export_incidents(public_incidents(store, rows) if public else rows, fmt, out)
        marks = store.sensitivity_marks() if public else None
        return export_events(store.iter_events(filters), fmt, out, public=public, marks=marks,
                             reports=store.report_citation)

    what = "incident" if as_incidents else "event"
    with _open(db) as store:
        if output is None:
            write(store, sys.stdout)
            return
        n = write_export(output, lambda out: write(store, out))
    from countersight.describe import plural

    if n.left_out:
        echo(printable(f"{plural(n.written, what)} written to {output}; {n.left_out} left out "
                   f"(no coordinates: placed at country level or not at all)"), err=True)
    else:
        echo(printable(f"{plural(n.written, what)} written to {output}"), err=True)


@cli.command()
@click.argument("gold", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@db_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable figures.")
@click.option("--errors", is_flag=True, help="Also list missed and spurious mentions (with --folds: the model's, cross-validated).")
@click.option("--corpus", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="With --folds: the folder of the reports GOLD annotates (no database is used).")
@click.option("--folds", type=int, default=None, metavar="K",
              help="Cross-validate: train the model on the other folds, score each fold's reports (needs --corpus).")
@click.option("--by", "fold_by", type=click.Choice(["report", "batch"]), default="report", show_default=True,
              help="With --folds: fold by report, or by batch (the id's prefix before the first '-', e.g. d1..d8).")
@click.option("--train-also", nargs=2, multiple=True, type=click.Path(path_type=Path, exists=True),
              metavar="CORPUS GOLD", help="With --folds: more annotated reports to train on in every fold, never scored.")
@friendly
def evaluate(gold: Path, db: str | None, as_json: bool, errors: bool, corpus: Path | None, folds: int | None,
             fold_by: str, train_also: tuple[tuple[Path, Path], ...]) -> None:
    """Score the stored extraction against a gold file (EVENTS.md scoring), or, with
    --folds, cross-validate the learned extractor on a corpus against the rules alone."""
    from countersight.analysis.evaluate import errors_dict, format_errors

    if folds is not None or corpus is not None:
        if corpus is None or folds is None:
            raise InputError("cross-validation needs both --corpus DIR and --folds K")
        if db is not None:
            raise InputError("--db is not used with --folds: cross-validation extracts the reports of --corpus "
                             "itself; drop --db, or drop --corpus and --folds to score the database")
        from countersight.analysis.crossval import cross_validated, format_comparison

        def progress(done: int, total: int) -> None:
            echo(f"fold {done}/{total} done", err=True)

        cv = cross_validated(corpus, gold, folds=folds, by=fold_by, train_also=train_also, progress=progress)
        for note in cv.notes:
            echo(printable(f"note: {note}"), err=True)
        if as_json:
            data = cv.to_dict()
            if errors:
                data["model"].update(errors_dict(cv.model))
            echo(json.dumps(data, indent=2))
        else:
            echo(format_comparison(cv))
            if errors:
                echo("\nthe model's mistakes (each report extracted by a model that never saw it)")
                echo(format_errors(cv.model))
        return
    from countersight import describe
    from countersight.analysis.evaluate import evaluate_store, format_scores, models_trained_on

    settings = _settings(db=db)
    with _open(db) as store:
        scores = evaluate_store(store, gold)
    absent = scores.absent  # scores.documents counts every report the gold names
    if absent and len(absent) >= scores.documents:
        raise InputError(f"the database {_shown(settings.db)} holds none of the gold's reports "
                         f"({describe.plural(len(absent), 'report')}: {_few(absent)}): ingest them first")
    if as_json:
        echo(json.dumps(scores.to_dict() | (errors_dict(scores) if errors else {}), indent=2))
    else:
        echo(format_scores(scores))
    if absent:
        echo(printable(f"warning: the database lacks {describe.plural(len(absent), 'report')} of the gold's "
                   f"{scores.documents} ({_few(absent)}): their gold events count as missed"), err=True)
    flattered = models_trained_on(gold, scores, settings.model)
    if flattered:
        echo(printable(f"warning: model {', '.join(flattered)} learned from this gold file: these figures flatter it; "
                       "score reports it never saw, or cross-validate (--corpus DIR --folds K)"), err=True)
    if errors and not as_json:
        echo("\n" + format_errors(scores))
    if absent:
        sys.exit(1)


def _few(names: list[str], shown: int = 3) -> str:
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


@cli.command()
@click.option("--gold", "gold", nargs=2, multiple=True, type=click.Path(path_type=Path, exists=True),
              metavar="CORPUS GOLD", help="A folder of reports and the gold file that annotates them (repeatable).")
@click.option("--db", default=None, metavar="FILE|URL",
              help="Also learn from the analysts' reviews in this database (confirmed, edited, added, rejected events).")
@click.option("--base", default="shipped", show_default=True, metavar="shipped|none|DIR",
              help="Start from the training examples shipped with countersight, none, or those beside another model.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), default=Path("countersight-model"),
              show_default=True, help="Directory to write the model to.")
@click.option("--config", "config_path", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Training config (default: the one shipped, countersight/learn/config.toml).")
@friendly
def train(gold: tuple[tuple[Path, Path], ...], db: str | None, base: str, output: Path, config_path: Path | None) -> None:
    """Train the learned layers (event types, perpetrators, targets) from gold files and reviews.

    Use the result with `ingest --model DIR` / `reextract --model DIR` (or $COUNTERSIGHT_MODEL)."""
    from countersight.learn.train import build_model, save_model

    if db is not None:
        with _open(db) as store:
            model, examples = build_model(gold, store, base=base, config_path=config_path)
    else:
        model, examples = build_model(gold, None, base=base, config_path=config_path)
    reviews = next((s for s in model.meta["trained_on"] if s.get("kind") == "reviews"), None)
    if reviews is not None and not reviews["reports"]:
        echo(f"warning: {reviews['database']} holds no reviewed events yet: this model learned nothing from it",
             err=True)
    save_model(model, examples, output)
    counts = model.meta["examples"]
    echo(f"model {model.version} written to {output}: {counts['types']} "
               f"sentences, {counts['perpetrators']} perpetrator and {counts['targets']} target examples from "
               f"{counts['reports']} reports, in {model.meta['training_seconds']} s")


@cli.command("model")
@click.option("--model", "model_dir", default=None, metavar="DIR|none",
              help="The extractor model to describe: a directory from `countersight train`, or 'none' for the "
                   "rules alone (default: the shipped model, or $COUNTERSIGHT_MODEL).")
@click.option("--json", "as_json", is_flag=True, help="The description as one JSON object.")
@friendly
def model_command(model_dir: str | None, as_json: bool) -> None:
    """Say which extractor ingest and reextract use, and what its model learned from."""
    from countersight.learn.bundle import describe_model, description_lines

    info = describe_model(_settings(model=model_dir).model)
    if as_json:
        echo(json.dumps(info, indent=2, sort_keys=True))
        return
    for line in description_lines(info):
        echo(printable(line))


def count_option(func: Callable) -> Callable:
    from countersight.counting import COUNTINGS

    return click.option(
        "--count", "count", type=click.Choice(COUNTINGS), default=None,
        help="Count incidents (one act each, however often told) or mentions (each telling). "
             "Default: incidents where they have been built, else mentions (and it says so).")(func)


@cli.command()
@db_option
@count_option
@friendly
def summary(db: str | None, count: str | None) -> None:
    """Print what the database holds: reports, events; incidents or mentions by type, province
    and agency; people concerned as stated; examples."""
    from countersight.analysis.summary import summary_text

    with _open(db) as store:
        echo(summary_text(store, count=count))


@cli.command()
@db_option
@friendly
def demo(db: str | None) -> None:
    """Ingest the bundled sample reports and print a summary."""
    from countersight.analysis.summary import summary_text
    from countersight.ingest.service import ingest as run_ingest
    from countersight.samples import reports_dir

    settings = _settings(db=db)
    with _open(settings.db, create=True) as store:
        result = run_ingest([reports_dir()], store, settings)
        echo(f"Sample reports from {reports_dir()} into {settings.db}: {result.line()}\n")
        echo(summary_text(store))


@cli.command()
@db_option
@setting_option("host", "Address to listen on.", metavar="H")
@setting_option("port", "Port to listen on (0: any free port).", metavar="P")
@click.option("--no-auth", is_flag=True,
              help="No accounts: every visitor is the admin 'local'. Only on a loopback address (one researcher's laptop).")
@click.option("--public", is_flag=True,
              help="The public read-only view: no log-in, nothing can be changed, and names, ages, "
                   "neighbourhoods and sources' details are withheld everywhere. Any address.")
@friendly
def serve(db: str | None, host: str | None, port: int | None, no_auth: bool, public: bool) -> None:
    """Run the web app: overview, events, reports, review, map, trends and the JSON API."""
    import uvicorn

    from countersight.web.app import bind_socket, check_no_auth_host, create_app

    if no_auth and public:
        raise InputError("--public and --no-auth exclude each other: --public is the read-only, redacted view "
                         "for everyone; --no-auth makes this computer's user the administrator")
    settings = _settings(db=db, host=host, port=port)
    if no_auth:
        check_no_auth_host(settings.host)
    app = create_app(settings, no_auth=no_auth, public=public)
    sock = bind_socket(settings.host, int(settings.port), loopback_only=no_auth)
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    mode = ("public read-only view, redacted" if public else "no accounts, this computer only" if no_auth
            else "log in with an account from `countersight user add`")
    echo(printable(f"countersight on {settings.db}: open http://{shown}:{sock.getsockname()[1]}/ ({mode}); Ctrl-C stops it."))
    # Listening on the socket bound and checked above, not on a name uvicorn would resolve again.
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


@cli.command("settings")
@friendly
def show_settings() -> None:
    """List every setting with its environment variable, current value and help."""
    current = load_settings()
    for s in SETTINGS:
        echo(f"{s.name} = {getattr(current, s.name)!r}   (${s.env}, default {s.default!r})\n    {s.help}\n"
             f"    Allowed: {s.allowed}.")


@cli.command()
@db_option
@click.option("--document", metavar="DOC", help="Only this report.")
@click.option("--model", default=None, metavar="DIR|none",
              help="The extractor model: a directory from `countersight train`, or 'none' for the rules alone "
                   "(default: the shipped model, or $COUNTERSIGHT_MODEL).")
@friendly
def reextract(db: str | None, document: str | None, model: str | None) -> None:
    """Run the current extraction again on stored reports, keeping every analyst's decision."""
    from countersight.ingest.service import reextract as run_reextract

    settings = _settings(db=db, model=model)
    with _open(settings.db) as store:
        echo(run_reextract(store, document=document, model=settings.model or None).line())


@cli.group(invoke_without_command=True)
@db_option
@filter_options
@limit_option(50, "incidents")
@click.option("--json", "as_json", is_flag=True, help="One incident object per line instead of a table.")
@click.option("--rebuild", is_flag=True, help="Link the stored events into incidents again first.")
@click.pass_context
@friendly
def incidents(ctx: click.Context, db: str | None, limit: int, as_json: bool, rebuild: bool, **kwargs: Any) -> None:
    """List incidents (one real-world act each, with the mentions that tell it): those with a
    mention that matches the same filters as `events`. The subcommands review them: merge,
    split, move, confirm, unconfirm, history."""
    from countersight.describe import plural
    from countersight.incidents import rebuild as rebuild_incidents

    if ctx.invoked_subcommand is not None:
        return  # (a review subcommand: it takes its own options)
    filters = _filters(kwargs)
    with _open(db) as store:
        if rebuild:
            n = rebuild_incidents(store)
            echo(f"{plural(n, 'incident')} linked", err=True)
        rows = store.list_incidents(filters, limit=limit or None)
        total = store.count_incidents(filters)
    if as_json:
        for i in rows:
            echo(json.dumps(i.to_dict(), ensure_ascii=False))
        return
    if rows:
        echo(_row(INCIDENT_COLUMNS_SHOWN, [c.upper() for c, _ in INCIDENT_COLUMNS_SHOWN]))
    for i in rows:
        echo(printable(_row(INCIDENT_COLUMNS_SHOWN, _incident_cells(i))))
    echo(f"{len(rows)} of {plural(total, 'incident')}")


INCIDENT_COLUMNS_SHOWN: tuple[tuple[str, int], ...] = (
    ("id", 19), ("type", 21), ("place", 24), ("date", 10), ("people", 9), ("mentions", 8),
    ("corroboration", 19), ("confirmed", 9), ("sources", 0),
)


def _people(people: dict[str, Any] | None) -> str:
    if not people:
        return "-"
    sign = {"approx": "~", "min": ">=", "max": "<="}.get(people.get("qualifier") or "", "")
    return f"{sign}{people['count']}"


def _incident_cells(i: Any) -> list[str]:
    from countersight import describe
    from countersight.vocab import labels

    date = (i.date.start or f"\u201c{i.date.text}\u201d") if i.date else "-"
    return [i.id, labels.name("type", i.type), describe.place(i.location) if i.location else "-", date or "-",
            _people(i.people), str(len(i.mentions)), i.corroboration.replace("_", " "),
            "yes" if i.confirmed else "-", "; ".join(s["source"] for s in i.sources) or "-"]


def _mentions_line(incident: Any) -> str:
    from countersight.describe import plural

    return f"{incident.id} ({plural(len(incident.mentions), 'mention')})"


def _user_option(func: Callable) -> Callable:
    return click.option("--user", "username", required=True,
                        help="Who decides (kept in the history); an analyst's account when the database has accounts.")(func)


def _decider(store: Any, username: str) -> str:
    """--user, checked against the accounts when the database has any (accounts.decider)."""
    from countersight import accounts

    return accounts.decider(store, username)


@incidents.command("merge")
@click.argument("incident_ids", nargs=-1, required=True, metavar="ID ID...")
@_user_option
@click.option("--reason", required=True, help="Why these incidents are one act.")
@click.option("--force", is_flag=True, help="Merge incidents of different types too (one act told under two types).")
@db_option
@friendly
def incidents_merge(incident_ids: tuple[str, ...], username: str, reason: str, force: bool, db: str | None) -> None:
    """Merge two or more incidents into one."""
    from countersight.incidents import review

    with _open(db) as store:
        username = _decider(store, username)
        merged = review.merge(store, list(incident_ids), username, reason, force=force)
    echo(printable(f"merged {', '.join(dict.fromkeys(incident_ids))} into {_mentions_line(merged)}"))


@incidents.command("split")
@click.argument("incident_id", metavar="ID")
@click.option("--mention", "mention_ids", multiple=True, required=True, metavar="EVENT",
              help="A mention (event id) to take out into a new incident; repeat for more.")
@_user_option
@click.option("--reason", required=True, help="Why these mentions tell another act.")
@db_option
@friendly
def incidents_split(incident_id: str, mention_ids: tuple[str, ...], username: str, reason: str, db: str | None) -> None:
    """Split mentions off an incident into an incident of their own."""
    from countersight.incidents import review

    with _open(db) as store:
        username = _decider(store, username)
        left, off = review.split(store, incident_id, list(mention_ids), username, reason)
    echo(printable(f"split {incident_id}: {_mentions_line(off)} taken out, {_mentions_line(left)} left"))


@incidents.command("move")
@click.argument("mention_id", metavar="EVENT")
@click.option("--to", "to_incident", required=True, metavar="ID", help="The incident the mention belongs to.")
@_user_option
@click.option("--reason", required=True, help="Why the mention tells that act.")
@click.option("--force", is_flag=True, help="Move a mention into an incident of another type too.")
@db_option
@friendly
def incidents_move(mention_id: str, to_incident: str, username: str, reason: str, force: bool, db: str | None) -> None:
    """Move a mention (event) from its incident to another."""
    from countersight.incidents import review

    with _open(db) as store:
        username = _decider(store, username)
        joined = review.move(store, mention_id, to_incident, username, reason, force=force)
    echo(printable(f"moved {mention_id} to {to_incident}: now {_mentions_line(joined)}"))


def _confirmation_command(action: str, summary: str, said: str) -> None:
    """``incidents confirm`` and ``incidents unconfirm``: the same command, two decisions."""

    @incidents.command(action, help=summary)
    @click.argument("incident_id", metavar="ID")
    @_user_option
    @click.option("--reason", help="Why (optional).")
    @db_option
    @friendly
    def command(incident_id: str, username: str, reason: str | None, db: str | None) -> None:
        from countersight.incidents import review

        with _open(db) as store:
            username = _decider(store, username)
            done = getattr(review, action)(store, incident_id, username, reason)
        echo(printable(f"{_mentions_line(done)} {said}"))


_confirmation_command("confirm", "Confirm an incident: its mentions are one act, and all of it (a rebuild keeps it "
                      "as it is).", "confirmed")
_confirmation_command("unconfirm", "Take a confirmation back: new mentions may join the incident again.",
                      "no longer confirmed")


@incidents.command("history")
@click.argument("incident_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="One decision object per line.")
@db_option
@friendly
def incidents_history(incident_id: str, as_json: bool, db: str | None) -> None:
    """Every decision taken on the incident's mentions: who, when, what, why."""
    from countersight.incidents import review

    with _open(db) as store:
        decisions = review.history(store, incident_id)
    for d in decisions:
        if as_json:
            echo(json.dumps(d, ensure_ascii=False))
        else:
            echo(printable(f"{d['at']} {d['user']} {d['summary']}{'  (' + d['reason'] + ')' if d['reason'] else ''}"))


@cli.group()
def user() -> None:
    """Manage accounts of the web app (roles: viewer, analyst, admin)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt.")
@db_option
@friendly
def user_add(name: str, role: str, password_stdin: bool, db: str | None) -> None:
    """Create an account; the password is asked for (never given on the command line)."""
    from countersight import accounts

    # The database first (it must exist: a mistyped --db would hold the account alone), then the password.
    with _open(db) as store:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        created = accounts.add_user(store, name, password, role)
    echo(printable(f"user {created.username} added as {created.role}"))


@user.command("list")
@db_option
@friendly
def user_list(db: str | None) -> None:
    """List accounts and their roles."""
    from countersight import accounts

    with _open(db) as store:
        users = accounts.list_users(store)
    # Aligned columns, as the other listings: a tab went through ``printable`` as "\u0009".
    names = [printable(u.username) for u in users]
    columns = (("user", max([len("user"), *map(len, names)])), ("role", 0))
    if users:
        echo(_row(columns, ["USER", "ROLE"]))
    for name, u in zip(names, users, strict=True):
        echo(_row(columns, [name, u.role]))


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["viewer", "analyst", "admin"]))
@db_option
@friendly
def user_role(name: str, role: str, db: str | None) -> None:
    """Change an account's role."""
    from countersight import accounts

    with _open(db) as store:
        accounts.set_role(store, name, role)
    echo(printable(f"user {name} is now {role}"))


@user.command("remove")
@click.argument("name")
@db_option
@friendly
def user_remove(name: str, db: str | None) -> None:
    """Delete an account and end its sessions (its past review decisions stay in the history)."""
    from countersight import accounts

    with _open(db) as store:
        accounts.remove_user(store, name)
    echo(printable(f"user {name} removed"))


@cli.group("review")
def review_group() -> None:
    """Review events from the command line: the queue, confirm, reject, edit, add, sensitive, history."""


@review_group.command("queue")
@click.option("--order", type=click.Choice(list(REVIEW_ORDERS)), default="latest", show_default=True,
              help="latest: the latest ingested reports first; uncertain: the confidence nearest one half first; "
                   "confident: the highest confidence first (teaches the role and place models most).")
@limit_option(20, "events")
@db_option
@friendly
def review_queue(order: str, limit: int, db: str | None) -> None:
    """List the events waiting for review, with their quotes."""
    from countersight import describe
    from countersight.vocab import labels

    with _open(db) as store:
        items = store.review_queue(order, limit=limit or None)
        total = store.counts()["unreviewed"]
    columns = (("id", 18), ("conf.", 5), ("type", 21), ("place", 26), ("date", 10), ("report", 0))
    if items:
        echo(_row(columns, [c.upper() for c, _ in columns]))
    for e, info in items:
        date = (e.date.start or f"\u201c{e.date.text}\u201d") if e.date else "-"
        echo(printable(_row(columns, [e.id or "", f"{e.confidence:.2f}", labels.name("type", e.type),
                                  describe.place(e.location) if e.location else "-", date or "-", info["report_id"]])))
        echo(printable(f"    \u201c{describe.cut(e.evidence.quote, QUOTE_WIDTH)}\u201d"))
    said = REVIEW_ORDERS[order]
    echo(f"{len(items)} of {describe.plural(total, 'event')} waiting for review ({said})")


@review_group.command("confirm")
@click.argument("event_id")
@_user_option
@click.option("--reason", help="Why (optional).")
@db_option
@friendly
def review_confirm(event_id: str, username: str, reason: str | None, db: str | None) -> None:
    """Confirm an event (refused when it is confirmed already)."""
    from countersight import review

    with _open(db) as store:
        event = review.confirm(store, event_id, _decider(store, username), reason)
    echo(printable(f"{event.id} {event.status}"))


@review_group.command("reject")
@click.argument("event_id")
@_user_option
@click.option("--reason", required=True, help="Why the event is wrong.")
@db_option
@friendly
def review_reject(event_id: str, username: str, reason: str, db: str | None) -> None:
    """Reject an event, with a reason (refused when it is rejected already)."""
    from countersight import review

    with _open(db) as store:
        event = review.reject(store, event_id, _decider(store, username), reason)
    echo(printable(f"{event.id} {event.status}"))


def _assignments(items: tuple[str, ...]) -> dict[str, Any]:
    """--set FIELD=JSON options -> {field: value}; a field given twice is refused (not last-wins)."""
    changes: dict[str, Any] = {}
    for item in items:
        field, equals, value = item.partition("=")
        field = field.strip()
        if not equals or not field:
            raise InputError(f"--set {item!r}: give FIELD=JSON, e.g. --set 'trend=\"increase\"'")
        if field in changes:
            raise InputError(f"--set {field} is given twice")
        try:
            changes[field] = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InputError(f"--set {field}: the value must be JSON ({exc.msg}); text is quoted: "
                             f"--set '{field}=\"...\"'") from exc
    return changes


@review_group.command("edit")
@click.argument("event_id")
@_user_option
@click.option("--set", "assignments", multiple=True, metavar="FIELD=JSON", required=True,
              help='A field and its new value as JSON, e.g. --set \'perpetrators=["mss"]\'; a location, date or '
                   'penalty given in part keeps its other keys.')
@click.option("--reason", help="Why (optional).")
@db_option
@friendly
def review_edit(event_id: str, username: str, assignments: tuple[str, ...], reason: str | None, db: str | None) -> None:
    """Edit fields of an event (checked against the vocabularies and the report text)."""
    from countersight import review

    changes = _assignments(assignments)
    with _open(db) as store:
        event = review.edit(store, event_id, _decider(store, username), changes, reason)
    echo(json.dumps(event.to_dict(), ensure_ascii=False))


@review_group.command("add")
@click.argument("report_id", metavar="REPORT")
@_user_option
@click.option("--type", "type_", required=True, metavar="TYPE", help=f"The event type: {', '.join(EVENT_TYPES)}.")
@click.option("--quote", metavar="TEXT", help="The evidence: text copied exactly from the report (found in it).")
@click.option("--start", type=int, metavar="N", help="The evidence's start offset in the report text.")
@click.option("--end", type=int, metavar="N", help="The evidence's end offset in the report text.")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=JSON",
              help="Another field as JSON, e.g. --set 'perpetrators=[\"mss\"]' (trend, perpetrators, targets, "
                   "location, date, measures, penalty).")
@click.option("--reason", help="Why (optional).")
@db_option
@friendly
def review_add(report_id: str, username: str, type_: str, quote: str | None, start: int | None, end: int | None,
               assignments: tuple[str, ...], reason: str | None, db: str | None) -> None:
    """Add an event the machine missed, from a span of the report's text (as the web's form does)."""
    from countersight import review

    fields = _assignments(assignments)
    for field, option in (("type", "--type"), ("evidence", "--quote or --start and --end")):
        if field in fields:
            raise InputError(f"give the {field} with {option}, not --set")
    evidence = {k: v for k, v in (("quote", quote), ("start", start), ("end", end)) if v is not None}
    with _open(db) as store:
        event = review.add(store, report_id, _decider(store, username),
                           {"type": type_, **fields, "evidence": evidence}, reason)
    echo(json.dumps(event.to_dict(), ensure_ascii=False))


@cli.group("audit")
def audit_group() -> None:
    """The append-only, hash-chained audit log of every change."""


@audit_group.command("verify")
@db_option
@click.option("--head", metavar="HASH", help="A head hash printed by an earlier verify and kept elsewhere: "
              "it must still be in the log (catches a rewritten or cut-back log).")
@friendly
def audit_verify(db: str | None, head: str | None) -> None:
    """Recompute the hash chain; exit 1 if an entry was edited or deleted."""
    from countersight import audit

    with _open(db) as store:
        result = audit.verify(store, head=head)
    echo(result.line())
    if not result.ok:
        sys.exit(1)


@audit_group.command("log")
@db_option
@limit_option(50, "of the newest entries")
@friendly
def audit_log(db: str | None, limit: int) -> None:
    """Show the newest audit entries."""
    from countersight import audit

    with _open(db) as store:
        for e in audit.entries(store, limit=limit):
            echo(printable(f"{e['seq']:>6} {e['at']} {e['actor']:<12} {e['action']:<16} {e['subject'] or ''} "
                           f"{json.dumps(e['details'], ensure_ascii=False)}"))


@review_group.command("sensitive")
@click.argument("event_id")
@click.option("--field", required=True, type=click.Choice(["evidence", "location", "date", "targets"]),
              help="The field the decision is about.")
# Two flags rather than a --yes/--no pair: with a pair, `--yes --no` was accepted and the last one
# won; these are opposite decisions, so exactly one must be given.
@click.option("--yes", "withhold", is_flag=True, help="Withhold the field whole in public exports.")
@click.option("--no", "publish", is_flag=True, help="Publish the field as it is, whatever the redaction rules say.")
@_user_option
@click.option("--reason", help="Why (optional).")
@db_option
@friendly
def review_sensitive(event_id: str, field: str, withhold: bool, publish: bool, username: str, reason: str | None,
                     db: str | None) -> None:
    """Mark a field of an event sensitive (or not) for public exports."""
    from countersight import review

    if withhold == publish:
        raise InputError("give exactly one of --yes (withhold it) and --no (publish it)" if withhold
                         else "say --yes (withhold it in public exports) or --no (publish it as it is)")
    with _open(db) as store:
        review.mark_sensitive(store, event_id, _decider(store, username), field, withhold, reason)
    echo(printable(f"{event_id} {field}: {'sensitive' if withhold else 'not sensitive'}"))


@review_group.command("history")
@click.argument("event_id")
@db_option
@friendly
def review_history(event_id: str, db: str | None) -> None:
    """Every decision taken on an event: who, when, before and after."""
    from countersight import review

    with _open(db) as store:
        for h in review.history(store, event_id):
            echo(printable(f"{h['at']} {h['user']} {h['action']} {h['field'] or ''} "
                           f"{json.dumps(h['before'], ensure_ascii=False)} -> {json.dumps(h['after'], ensure_ascii=False)}"
                           f"{'  (' + h['reason'] + ')' if h['reason'] else ''}"))


@cli.group("db")
def db_group() -> None:
    """The database itself: schema migrations, backup and restore (SQLite or PostgreSQL)."""


@db_group.command("migrate")
@db_option
@friendly
def db_migrate(db: str | None) -> None:
    """Bring the database's schema up to date (creating an SQLite file if needed)."""
    from countersight.store import connect, upgrade
    from countersight.store.migrations import current_version

    settings = _settings(db=db)
    store = connect(settings.db, create=True, key=_key_for(settings.db))
    try:
        applied = upgrade(store)
        version = current_version(store)
        label = store.label
    finally:
        store.close()
    for name in applied:
        echo(printable(f"applied {name}"))
    echo(printable(f"{label}: schema version {version}" + ("" if applied else " (up to date)")))


@db_group.command("backup")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@friendly
def db_backup(file: Path, db: str | None) -> None:
    """Write a backup of the database to FILE while others go on working.

    SQLite: a copy through SQLite's online backup API. PostgreSQL: pg_dump's custom format.
    """
    from countersight.store.backup import backup

    settings = _settings(db=db)
    with _open(settings.db) as store:
        written = backup(store, file)
    echo(printable(f"backup of {_shown(settings.db)} written to {written} ({written.stat().st_size} bytes)"))


@db_group.command("restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.option("--force", is_flag=True, help="Replace a database that already holds reports.")
@friendly
def db_restore(file: Path, db: str | None, force: bool) -> None:
    """Replace the database's contents with the backup in FILE (made by `db backup`).

    SQLite: copied back through the online backup API. PostgreSQL: pg_restore --clean, in one
    transaction. The schema is then brought up to date.
    """
    from countersight.store.backup import restore

    from countersight.store import KEY_VARIABLE, is_postgres

    settings = _settings(db=db)
    key = os.environ.get(KEY_VARIABLE) or None
    if key is None and not is_postgres(settings.db) and sys.stdin.isatty() and _encrypted_backup(file):
        key = click.prompt(f"Key of the encrypted backup {file}", hide_input=True)
    applied = restore(file, settings.db, force=force, key=key)
    note = f"; then applied {', '.join(applied)}" if applied else ""
    echo(printable(f"{_shown(settings.db)} restored from {file}{note}"))


def _encrypted_backup(file: Path) -> bool:
    """Neither SQLite's header nor pg_dump's: an SQLCipher backup (or junk, which restore refuses)."""
    from countersight.store.sqlite import is_encrypted

    try:
        with file.open("rb") as f:
            return is_encrypted(str(file)) and not f.read(5) == b"PGDMP"
    except OSError:
        return False


def _shown(url: str) -> str:
    from countersight.store.postgres import redact

    return redact(url)


def main() -> None:
    cli(prog_name="countersight")


if __name__ == "__main__":
    main()
