"""The ``rupress`` command line: a thin layer over the Python API."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="rupress",
    help="Extract people, organisations, locations, dates, roles and events from Russian press releases into tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score the pipeline against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _fail(msg: str) -> None:
    typer.echo(f"rupress: error: {msg}", err=True)
    raise typer.Exit(code=2)


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Files or folders: .txt .md .jsonl .csv .html .htm .zip .tar.gz"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder; one file per table is written there."),
    format: str = typer.Option("parquet", "--format", "-f", help="parquet, csv or jsonl."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Process at most N documents."),
    anchor_date: Optional[str] = typer.Option(
        None, "--anchor-date", help="ISO date for relative dates in documents with no date of their own."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="Longer documents become errors rows."),
    workers: int = typer.Option(0, "--workers", "-j", min=0,
                                help="Worker processes; 0 = one per core (in-process for input of one chunk)."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Dask scheduler address, or 'local' for a local cluster."),
    chunk_size: int = typer.Option(64, "--chunk-size", min=1, help="Documents per unit of work (and per resume step)."),
    no_resume: bool = typer.Option(False, "--no-resume", help="Ignore chunks kept from an interrupted run."),
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL/CSV field that holds HTML to extract text from."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL/CSV field that holds the text."),
    entity_spans: str = typer.Option(
        "full", "--entity-spans", help="full: ORG/LOC mentions include descriptors (мэрии Москвы); name: names only."),
    extractors: Optional[str] = typer.Option(
        None, "--extractors", "-x",
        help="Comma-separated extractors to run (default: all; see `rupress extractors`)."),
    rules_only_events: bool = typer.Option(
        False, "--rules-only-events", help="Events from the lexicon and rules alone (no learned layer)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract all tables from INPUTS into OUT."""
    from ..api import extract as api_extract
    from ..ingest.published import parse_iso_date
    from ..extractors.registry import SelectionError, resolve
    from ..run.executors import DaskUnavailable
    from ..tables import FORMATS

    selection = None
    if extractors is not None:
        try:
            selection = resolve([x.strip() for x in extractors.split(",") if x.strip()])
        except SelectionError as exc:
            _fail(f"--extractors: {exc}")

    if format not in FORMATS:
        _fail(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        _fail(f"input not found: {', '.join(missing)}")
    if anchor_date and parse_iso_date(anchor_date) is None:
        _fail(f"--anchor-date must be an ISO date such as 2021-03-12, not {anchor_date!r}")
    if entity_spans not in ("full", "name"):
        _fail(f"--entity-spans must be full or name, not {entity_spans!r}")
    if out.exists() and not out.is_dir():
        _fail(f"--out {out} exists and is not a folder")

    progress_cb, stop = _progress(quiet)
    try:
        tables, summary = api_extract(
            [str(p) for p in inputs], out, format=format, anchor_date=anchor_date, limit=limit,
            max_chars=max_chars, workers=workers, dask=dask, chunk_size=chunk_size, resume=not no_resume,
            progress=progress_cb, with_summary=True, html_field=html_field, text_field=text_field,
            entity_spans=entity_spans, extractors=selection, learned_events=not rules_only_events,
        )
    except DaskUnavailable as exc:
        _fail(str(exc))
    finally:
        stop()
    t = summary.tables
    typer.echo(
        f"{summary.documents} documents, {t.get('mentions', 0)} mentions, {t.get('entities', 0)} entities, "
        f"{t.get('dates', 0)} dates, {t.get('roles', 0)} roles, {t.get('events', 0)} events, "
        f"{summary.errors} errors in {summary.seconds:.1f} s"
        + (f" ({summary.resumed_chunks} chunks resumed)" if summary.resumed_chunks else "")
        + f" -> {out}"
    )


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    prog = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True)
    prog.start()
    task = prog.add_task("reading…", total=None)

    def cb(docs: int, mentions: int, errors: int) -> None:
        prog.update(task, description=f"{docs} documents, {mentions} mentions, {errors} errors")

    return cb, prog.stop


@eval_app.command("factru")
def eval_factru(
    path: Path = typer.Argument(..., help="Folder of a factRuEval-2016 set (book_N.txt/.spans/.objects/...)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Natasha on the same texts."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score the first N documents only."),
    rules_only_events: bool = typer.Option(False, "--rules-only-events", help="Events from the rules alone."),
) -> None:
    """Precision, recall and F1 per label (exact spans), and facts, against factRuEval-2016."""
    if not path.is_dir():
        _fail(f"not a folder: {path}")
    from ..eval.runner import evaluate_factru

    report = evaluate_factru(path, baseline=baseline, limit=limit, learned=not rules_only_events)
    typer.echo(report)


@eval_app.command("nerel")
def eval_nerel(
    path: Path = typer.Argument(..., help="Folder of a NEREL split in brat standoff (N.txt and N.ann)."),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Natasha on the same texts."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score the first N documents only."),
    relations: bool = typer.Option(True, "--relations/--no-relations",
                                   help="Also score EVENT mentions and relations (both ends overlap)."),
    rules_only_events: bool = typer.Option(False, "--rules-only-events", help="Events from the rules alone."),
) -> None:
    """P/R/F1 per label (exact spans, nested gold), EVENT mentions and relations, against NEREL."""
    if not path.is_dir():
        _fail(f"not a folder: {path}")
    from ..eval.nerel_runner import evaluate_nerel

    typer.echo(evaluate_nerel(path, baseline=baseline, limit=limit))
    if relations:
        from ..eval.nerel_relations import evaluate_nerel_relations

        typer.echo("")
        typer.echo(evaluate_nerel_relations(path, limit=limit, learned=not rules_only_events))


@eval_app.command("dates")
def eval_dates(
    path: Path = typer.Argument(
        ..., help="TSV of cases (text, anchor, expr, value, value_end, source), or a folder of brat .txt/.ann files."),
    misses: bool = typer.Option(True, "--misses/--no-misses", help="List the cases not resolved right."),
) -> None:
    """Found / right per source for a table of date expressions; DATE overlap F1 for brat files (NEREL)."""
    if not path.exists():
        _fail(f"not found: {path}")
    from ..eval.dates import evaluate_dates

    typer.echo(evaluate_dates(path, misses=misses))


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

        write_html(out, html, top=top)
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
    """Print the version."""
    from ..version import __version__

    typer.echo(__version__)


from . import compare as _compare  # noqa: E402  (diff and regress live there)

app.command("diff")(_compare.diff)
app.command("regress")(_compare.regress)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
