"""The ``rupress`` command line: a thin layer over the Python API."""
from __future__ import annotations

import errno
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from ..version import __version__

log = logging.getLogger("rupress")

# exit codes (documented in README, "Exit codes")
EXIT_USAGE = 2  # a usage error: one line on stderr, nothing written
EXIT_ALL_FAILED = 3  # --strict, and no input gave a document


def _flags_show_as_flags() -> None:
    """Typer's rich help prints a value type after every option, flags included (``--quiet <bool>``,
    ``-v <int>``, ``--help <bool>``), though a flag takes no value: show none there, as click's plain help does."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "_rupress", False):  # older Typer: no type column to fix
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag or self.count else shown(self, ctx)

    display_type_rich._rupress = True
    TyperOption.display_type_rich = display_type_rich


_flags_show_as_flags()


class Format(str, Enum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


app = typer.Typer(
    name="rupress",
    help="Extract people, organisations, locations, dates, roles and events from Russian press releases into tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


def _plural(n: int, word: str) -> str:
    """"1 document", "2 documents" ("entities" for "entity")."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _logging(verbose: int, quiet: bool) -> None:
    """Messages for humans go to stderr through ``logging``: -q warnings only, -v info, -vv debug."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("rupress: %(levelname)s: %(message)s"))
    root = logging.getLogger("rupress")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    logging.getLogger("pipeline").handlers[:] = [handler]
    logging.getLogger("pipeline").setLevel(level)


@app.callback()
def _main(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
) -> None:
    """Extract people, organisations, locations, dates, roles and events from Russian press releases into tables."""
    _logging(0, False)


eval_app = typer.Typer(help="Score the pipeline against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _fail(msg: str) -> None:
    typer.echo(f"rupress: error: {msg}", err=True)
    raise typer.Exit(code=2)


def _need_files(path: Path, pattern: str, what: str) -> None:
    """Exit 2 with one line when PATH is not a folder or holds nothing to score (rather than print zeros)."""
    if not path.is_dir():
        _fail(f"not a folder: {path}")
    if next(path.glob(pattern), None) is None:
        _fail(f"nothing to score in {path}: no {pattern} files ({what})")


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Files or folders: .txt .md .jsonl .csv .html .htm .zip .tar.gz"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder; one file per table is written there."),
    format: Format = typer.Option(Format.parquet, "--format", "-f", help="Table file format."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Process at most N documents."),
    anchor_date: Optional[str] = typer.Option(
        None, "--anchor-date", help="ISO date for relative dates in documents with no date of their own."),
    max_chars: int = typer.Option(10_000_000, "--max-chars", min=1,
                                  help="Hard ceiling: longer documents become too_long errors rows."),
    window_chars: int = typer.Option(100_000, "--window-chars", min=1000,
                                     help="Longer documents are processed in windows of at most this many characters."),
    workers: int = typer.Option(0, "--workers", "-j", min=0,
                                help="Worker processes; 0 = one per core (in-process for input of one chunk)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Dask scheduler address, or 'local' for a local cluster."),
    chunk_size: int = typer.Option(64, "--chunk-size", min=1, help="Documents per unit of work (and per resume step)."),
    no_resume: bool = typer.Option(False, "--no-resume", help="Ignore chunks kept from an interrupted run."),
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL/CSV field that holds HTML to extract text from."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL/CSV field that holds the text."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL/CSV field that holds the document id."),
    date_field: str = typer.Option("published_at", "--date-field",
                                   help="JSONL/CSV field that holds the publication date."),
    title_field: str = typer.Option("title", "--title-field", help="JSONL/CSV field that holds the title."),
    entity_spans: str = typer.Option(
        "full", "--entity-spans", metavar="[full|name]", help="full: ORG/LOC mentions include descriptors (мэрии Москвы); name: names only."),
    extractors: Optional[str] = typer.Option(
        None, "--extractors", "-x",
        help="Comma-separated extractors to run (default: all; see `rupress extractors`)."),
    strict: bool = typer.Option(False, "--strict", help=f"Exit {EXIT_ALL_FAILED} when no input gave a document."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, warnings only."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More messages on stderr (-vv: debug)."),
    wait: float = typer.Option(0.0, "--wait", min=0,
                               help="Seconds to wait for another run writing to OUT (default: exit 2 at once)."),
    rules_only_events: bool = typer.Option(
        False, "--rules-only-events", help="Events from the lexicon and rules alone (no learned layer)."),
    rules_only_roles: bool = typer.Option(
        False, "--rules-only-roles", help="Roles from the hand rules alone (no learned role scorer)."),
    raw_csv: bool = typer.Option(
        False, "--raw-csv", help="CSV cells as they are, for machines: no apostrophe before a cell starting "
                                 "= + - @ (added by default so spreadsheets do not run it as a formula)."),
) -> None:
    """Extract all tables from INPUTS into OUT."""
    _logging(verbose, quiet)
    format = format.value
    from ..api import extract as api_extract
    from ..run import OptionError, Options
    from ..run.executors import DaskUnavailable
    from ..run.parts import PARTS_DIR
    from ..tables.store import OutputClash, OutputLocked

    try:  # checked once, by Options: the line a Python caller gets, the option spelled as a flag
        options = Options(anchor_date=anchor_date, entity_spans=entity_spans, window_chars=window_chars,
                          learned_events=not rules_only_events, learned_roles=not rules_only_roles,
                          **({} if extractors is None else
                             {"extractors": tuple(x.strip() for x in extractors.split(",") if x.strip())}))
    except OptionError as exc:
        _fail(exc.cli_text())

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        _fail(f"input not found: {', '.join(missing)}")
    if out.exists() and not out.is_dir():
        _fail(f"--out {out} exists and is not a folder")
    if out.is_symlink() and not out.exists():
        _fail(f"--out {out} is a dangling symbolic link")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create --out {out}: {exc.strerror or exc}")

    for name, value in (("--id-field", id_field), ("--date-field", date_field), ("--title-field", title_field)):
        if not value.strip():
            _fail(f"{name} must not be empty")
    log.info("reading %s into %s (%s)", _plural(len(inputs), "input"), out, format)
    try:
        progress_cb, stop = _progress(quiet, [str(p) for p in inputs], limit)
    except KeyboardInterrupt:  # during the pre-count of a large input
        _interrupted(out)
    try:
        tables, summary = api_extract(
            [str(p) for p in inputs], out, format=format, anchor_date=anchor_date, limit=limit,
            max_chars=max_chars, workers=workers, dask=dask, chunk_size=chunk_size, resume=not no_resume,
            progress=progress_cb, with_summary=True, html_field=html_field, text_field=text_field,
            options=options, wait=wait, id_field=id_field, date_field=date_field, title_field=title_field,
            keep_tables=False, csv_guard=not raw_csv,  # written by streaming the chunks: nothing held for a return value
        )
    except (DaskUnavailable, OutputLocked, OutputClash) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        stop()
        _interrupted(out)
    except OSError as exc:  # read-only folder, disk full, ...: the set already there stays current
        kept = " (the tables already in it are kept)" if exc.errno == errno.ENOSPC else ""
        _fail(f"cannot write to --out {out}: {exc.strerror or exc}{kept}")
    except MemoryError as exc:  # a document's own is an errors row: this is the corpus-wide linking or writing
        _fail(f"{exc or 'out of memory'}; the tables already in --out are kept, and the finished chunks in "
              f"{out / PARTS_DIR}: the same command with more memory resumes from them")
    finally:
        stop()
    t = summary.tables
    counts = ", ".join(_plural(n, w) for n, w in (
        (summary.documents, "document"), (summary.name_mentions, "PER/ORG/LOC mention"),
        (t.get("mentions", 0) - summary.name_mentions, "other mention"), (t.get("entities", 0), "entity"),
        (t.get("dates", 0), "date"), (t.get("roles", 0), "role"), (t.get("events", 0), "event"),
        (summary.errors, "error")))
    typer.echo(  # the summary line stays on stdout: scripts read it
        f"{counts} in {summary.seconds:.1f} s"
        + (f" ({_plural(summary.resumed_chunks, 'chunk')} resumed)" if summary.resumed_chunks else "")
        + f" -> {out}"
    )
    if summary.errors:
        log.info("%s: see %s", _plural(summary.errors, "error"), out / f"errors.{format}")
    if strict and summary.documents == 0:
        log.error("--strict: no input gave a document (%s)", _plural(summary.errors, "error"))
        raise typer.Exit(code=EXIT_ALL_FAILED)


EXIT_INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


def _interrupted(out: Path) -> None:
    """Ctrl-C: say what is kept and how to go on, then exit 130 (not a silent exit, not a traceback)."""
    from ..run.parts import PARTS_DIR, kept_parts

    parts = out / PARTS_DIR
    n, docs = kept_parts(parts)
    if n:
        kept = (f"{_plural(n, 'finished chunk')} ({_plural(docs, 'document')}) kept in {parts}; "
                "run the same command again to resume from them (--no-resume starts over)")
    else:
        kept = "no finished chunk to keep; run the same command again to start over"
    typer.echo(f"rupress: interrupted: {kept}", err=True)
    raise typer.Exit(code=EXIT_INTERRUPTED)


def _progress(quiet: bool, inputs: list[str], limit: int | None):
    """A bar on stderr with a total from a quick pre-count and a smoothed ETA; none when -q or stderr is not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ..ingest.count import estimate_documents
    from .progress import eta_column

    total = estimate_documents(inputs)
    if limit is not None:
        total = min(total, limit)
    log.info("about %s to read", _plural(total, "document"))
    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), eta_column(),
                    console=Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task("extracting", total=total or None)

    def cb(docs: int, mentions: int, errors: int) -> None:
        # error rows of unreadable files were counted in the total as well
        done = docs + errors
        if total and done > total:
            prog.update(task, total=done)
        prog.update(task, completed=done, description=f"{_plural(mentions, 'mention')}, {_plural(errors, 'error')}")

    return cb, prog.stop


@eval_app.command("factru")
def eval_factru(
    path: Path = typer.Argument(..., help="Folder of a factRuEval-2016 set (book_N.txt/.spans/.objects/...)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Natasha on the same texts."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score the first N documents only."),
    rules_only_events: bool = typer.Option(False, "--rules-only-events", help="Events from the rules alone."),
    rules_only_roles: bool = typer.Option(False, "--rules-only-roles", help="Roles from the rules alone."),
) -> None:
    """Precision, recall and F1 per label (exact spans), and facts, against factRuEval-2016."""
    _need_files(path, "book_*.txt", "a factRuEval-2016 set: book_N.txt with book_N.spans, .objects, ...")
    from ..eval.runner import evaluate_factru

    report = evaluate_factru(path, baseline=baseline, limit=limit, learned=not rules_only_events,
                             learned_roles=not rules_only_roles)
    typer.echo(report)


@eval_app.command("nerel")
def eval_nerel(
    path: Path = typer.Argument(..., help="Folder of a NEREL split in brat standoff (N.txt and N.ann)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Natasha on the same texts."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score the first N documents only."),
    relations: bool = typer.Option(True, "--relations/--no-relations",
                                   help="Also score EVENT mentions and relations (both ends overlap)."),
    rules_only_events: bool = typer.Option(False, "--rules-only-events", help="Events from the rules alone."),
    rules_only_roles: bool = typer.Option(False, "--rules-only-roles", help="Roles from the rules alone."),
) -> None:
    """P/R/F1 per label (exact spans, nested gold), EVENT mentions and relations, against NEREL."""
    _need_files(path, "*.ann", "a NEREL split in brat standoff: N.txt with N.ann")
    from ..eval.nerel_runner import evaluate_nerel

    typer.echo(evaluate_nerel(path, baseline=baseline, limit=limit))
    if relations:
        from ..eval.nerel_relations import evaluate_nerel_relations

        typer.echo("")
        typer.echo(evaluate_nerel_relations(path, limit=limit, learned=not rules_only_events,
                                            learned_roles=not rules_only_roles))


@eval_app.command("links")
def eval_links(
    path: Path = typer.Argument(..., help="Folder of a NEREL split in brat standoff (N.txt and N.ann with Wikidata links)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Natasha's normal forms."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score the first N documents only."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """B³ of document and corpus entities against NEREL's Wikidata links, within and across documents, per label."""
    _need_files(path, "*.ann", "a NEREL split in brat standoff: N.txt with N.ann")
    from ..eval.links import evaluate_links, format_reports, reports_json

    reports = evaluate_links(path, baseline=baseline, limit=limit)
    typer.echo(reports_json(reports) if as_json else format_reports(reports, path))


@eval_app.command("releases")
def eval_releases(
    path: Path = typer.Argument(..., help="Folder with releases.jsonl + gold.jsonl and/or lists.jsonl + lists_gold.jsonl."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """The release's own event (class, day, place, counterpart), people and posts, against editors' metadata."""
    if not path.is_dir():
        _fail(f"not a folder: {path}")
    if not (path / "releases.jsonl").exists() and not (path / "lists.jsonl").exists():
        _fail(f"no releases.jsonl or lists.jsonl in {path}")
    from ..eval.releases import evaluate, format_report

    res = evaluate(path)
    if not res.get("n_releases") and not res.get("n_lists"):
        _fail(f"nothing to score in {path}: no record of releases.jsonl (or lists.jsonl) has a gold record "
              "with its id in gold.jsonl (or lists_gold.jsonl)")
    if as_json:
        import json

        typer.echo(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        typer.echo(format_report(res))


@eval_app.command("dates")
def eval_dates(
    path: Path = typer.Argument(
        ..., help="TSV of cases (text, anchor, expr, value, value_end, source), or a folder of brat .txt/.ann files."),
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List the cases not resolved right."),
) -> None:
    """Found / right per source for a table of date expressions; DATE overlap F1 for brat files (NEREL)."""
    if not path.exists():
        _fail(f"not found: {path}")
    if path.is_dir():
        _need_files(path, "*.ann", "brat standoff: N.txt with N.ann holding DATE spans")
    from ..eval.dates import CasesError, evaluate_dates

    try:
        typer.echo(evaluate_dates(path, misses=misses))
    except CasesError as exc:
        _fail(str(exc))


@app.command()
def report(
    out: Path = typer.Argument(..., help="An output folder written by `rupress extract`."),
    top: int = typer.Option(10, "--top", min=1, help="How many entities and positions to list."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write one self-contained HTML report to this file."),
) -> None:
    """Summarize an output folder: rows per table, errors by class, top entities, dates, events."""
    if not (out / "manifest.json").exists() and not any((out / f"documents.{f}").exists() for f in ("parquet", "csv", "jsonl")):
        _fail(f"no rupress tables in {out}")
    from ..report import summarize

    typer.echo(summarize(out, top=top))
    if html is not None:
        from ..report.html import write_html

        try:
            write_html(out, html, top=top)
        except OSError as exc:  # a read-only folder, a full disk: one line, not a traceback
            _fail(f"cannot write the HTML report {html}: {exc.strerror or exc}")
        typer.echo(f"HTML report -> {html}")


@app.command("extractors")
def list_extractors() -> None:
    """List the extractors: what each fills and what it needs."""
    from ..extractors.registry import EXTRACTORS

    for spec in EXTRACTORS:
        needs = f"  (needs {', '.join(spec.requires)})" if spec.requires else ""
        typer.echo(f"{spec.name:<10} -> {', '.join(spec.tables)}{needs}")
        typer.echo(f"{'':<10}    {spec.doc}")


@app.command()
def schema() -> None:
    """Print every table's columns and dtypes."""
    from ..tables import SCHEMAS

    for name, cols in SCHEMAS.items():
        typer.echo(name)
        for c, t in cols:
            typer.echo(f"  {c:<22}{t}")


@app.command()
def version() -> None:
    """Print the version (as does ``rupress --version``)."""
    typer.echo(__version__)


from . import compare as _compare  # noqa: E402  (diff and regress live there)

app.command("diff")(_compare.diff)
app.command("regress")(_compare.regress)


def main() -> None:
    try:
        rv = app(standalone_mode=False)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    except Exception as e:
        # click's errors (typer's vendored click or click itself: matched by what they do, not by class)
        show, fmt = getattr(e, "show", None), getattr(e, "format_message", None)
        if show is None or fmt is None or not isinstance(getattr(e, "exit_code", None), int):
            raise
        if type(e).__name__ == "NoArgsIsHelpError":
            show()  # the help text
        else:  # every usage error is one line (click adds the usage and a hint)
            msg = " ".join(fmt().split()).replace(": Value error, ", ": ")  # Typer's wrapper of a choice error
            typer.echo(f"rupress: error: {msg}", err=True)
        sys.exit(e.exit_code)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":
    main()
