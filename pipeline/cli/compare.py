"""``rupress diff`` and ``rupress regress``: compare runs, and golden files for other projects' CI.

Registered on the app in ``app.py``; pandas and the pipeline are imported inside the commands.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer


def _fail(msg: str) -> None:
    typer.echo(f"rupress: error: {msg}", err=True)
    raise typer.Exit(code=2)


def _has_tables(path: Path) -> bool:
    return (path / "manifest.json").exists() or any((path / f"documents.{f}").exists()
                                                     for f in ("parquet", "csv", "jsonl"))


def diff(
    old: Path = typer.Argument(..., help="Output folder of the earlier run (or a golden folder)."),
    new: Path = typer.Argument(..., help="Output folder of the later run."),
    format: str = typer.Option("text", "--format", "-f", help="text or json."),
    limit: int = typer.Option(20, "--limit", min=0, help="Rows listed per table in text output."),
    exit_code: bool = typer.Option(False, "--exit-code",
                                   help="Exit 1 when the folders differ, 0 when they do not (as `git diff --exit-code`)."),
) -> None:
    """Rows added, removed, changed and moved per table and label between two output folders."""
    if format not in ("text", "json"):
        _fail(f"--format must be text or json, not {format!r}")
    for p in (old, new):
        if not _has_tables(p):
            _fail(f"no rupress tables in {p}")
    from ..tables import load
    from ..tables.compare import diff_tables, differs, format_diff

    d = diff_tables(load(old), load(new))
    if format == "json":
        typer.echo(json.dumps(d, ensure_ascii=False, indent=1, default=str))
    else:
        typer.echo(format_diff(d, limit=limit))
    if exit_code and differs(d):
        raise typer.Exit(code=1)


def regress(
    input: List[Path] = typer.Option(..., "--input", "-i", help="Sample inputs (files or folders) to extract."),
    golden: Path = typer.Option(..., "--golden", "-g", help="Folder of golden <table>.jsonl files."),
    update: bool = typer.Option(False, "--update", help="Write the current tables as the golden files."),
    anchor_date: Optional[str] = typer.Option(None, "--anchor-date", help="As for `rupress extract`."),
    entity_spans: str = typer.Option("full", "--entity-spans", help="full or name, as for `rupress extract`."),
    max_lines: int = typer.Option(200, "--max-lines", min=1, help="Diff lines shown per table."),
) -> None:
    """Extract INPUT and compare every table with the golden files: a unified diff and exit 1 on a mismatch."""
    missing = [str(p) for p in input if not p.exists()]
    if missing:
        _fail(f"input not found: {', '.join(missing)}")
    from ..api import extract
    from ..run import OptionError, Options

    try:
        options = Options(anchor_date=anchor_date, entity_spans=entity_spans)
    except OptionError as exc:
        _fail(exc.cli_text())
    if not update and not golden.is_dir():
        _fail(f"no golden folder {golden}: run with --update first")
    from ..tables import TABLE_NAMES
    from ..tables.compare import render_lines, unified

    tables = extract([str(p) for p in input], options=options)
    if update:
        golden.mkdir(parents=True, exist_ok=True)
        for name in TABLE_NAMES:
            (golden / f"{name}.jsonl").write_text("".join(render_lines(tables[name], name)), encoding="utf-8")
        typer.echo(f"wrote {len(TABLE_NAMES)} golden tables to {golden}")
        return
    bad = []
    for name in TABLE_NAMES:
        got = render_lines(tables[name], name)
        path = golden / f"{name}.jsonl"
        if not path.exists():
            bad.append(name)
            typer.echo(f"{name}: no golden file {path} (run with --update)")
            continue
        want = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if got != want:
            bad.append(name)
            lines = unified(want, got, name).splitlines()
            typer.echo(f"{name}: differs from {path}")
            typer.echo("\n".join(lines[:max_lines]))
            if len(lines) > max_lines:
                typer.echo(f"… {len(lines) - max_lines} more diff lines")
    if bad:
        typer.echo(f"{len(bad)} of {len(TABLE_NAMES)} tables differ: {', '.join(bad)}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"all {len(TABLE_NAMES)} tables match {golden}")
