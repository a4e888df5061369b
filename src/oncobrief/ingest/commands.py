"""``oncobrief ingest SOURCE...`` and ``oncobrief sources`` (per-source health).

Registered onto the CLI app through ``oncobrief.cli.EXTENSION_MODULES``. A progress bar shows
on a terminal for long ingests; logs and CI (no TTY, or CI set) stay quiet.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from oncobrief.cli import EXIT_NOT_FOUND, OutputFormat, app, fail, state_of
from oncobrief.ingest.sources import (
    DEFAULT_BASELINE_ENTRIES,
    SourcesFileError,
    load_sources,
    source_rows,
)
from oncobrief.ingest.state import IngestState

if TYPE_CHECKING:  # the runner pulls in aiohttp and trafilatura: import it only to ingest
    from oncobrief.ingest.runner import SourceOutcome

PROGRESS_MIN_SOURCES = 3


@contextmanager
def progress_hook(total: int):
    """A rich progress bar on stderr when it is a terminal (not in CI); else a no-op hook."""
    show = (
        total >= PROGRESS_MIN_SOURCES
        and sys.stderr.isatty()
        and not os.environ.get("CI")
        and os.environ.get("TERM") != "dumb"
    )
    if not show:
        yield lambda outcome: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Ingesting", total=total)
        yield lambda outcome: progress.advance(task)


def outcome_dict(outcome: SourceOutcome) -> dict:
    return {
        "source": outcome.source,
        "outlet": outcome.outlet,
        "stored": [str(r.path) for r in outcome.stored],
        "duplicates": [str(r.path) for r in outcome.duplicates],
        "baseline_skipped": outcome.baseline_skipped,
        "not_modified": outcome.not_modified,
        "errors": outcome.errors,
    }


@app.command()
def ingest(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE...",
            help="Saved HTML pages, text files, folders of them, article URLs or feed URLs "
            "[default: every source of the sources file].",
        ),
    ] = None,
    library: Annotated[
        Path | None,
        typer.Option("--to", metavar="DIR", help="Library folder to store into [default: seeds]."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet name for attribution (URLs and HTML files).")
    ] = None,
    baseline: Annotated[
        int,
        typer.Option(help="First read of a feed: how many recent entries count as new (-1: all)."),
    ] = DEFAULT_BASELINE_ENTRIES,
) -> None:
    """Fetch articles into the library folder, stored once each (exit 1 if a source failed)."""
    state = state_of(ctx)
    settings = state.settings
    specs = []
    if not sources:
        try:
            specs = load_sources(settings.resolved_sources_file)
        except SourcesFileError as exc:
            fail(str(exc))
        if not specs:
            fail(f"no SOURCE given and no sources in {settings.resolved_sources_file}")
    from oncobrief.ingest.runner import expand_sources

    total = len(specs) or len(expand_sources(sources or []))
    outcomes = asyncio.run(_run(settings, library, sources or [], specs, outlet, baseline, total))
    if state.output is OutputFormat.json:
        typer.echo(json.dumps([outcome_dict(o) for o in outcomes], ensure_ascii=False))
    else:
        typer.echo(state.render("ingest_report", outcomes=outcomes))
    if any(o.errors for o in outcomes):
        raise typer.Exit(EXIT_NOT_FOUND)


async def _run(settings, library, sources, specs, outlet, baseline, total) -> list[SourceOutcome]:
    from oncobrief.ingest.runner import Ingestor

    async with Ingestor(
        settings,
        library_dir=library,
        baseline_entries=None if baseline < 0 else baseline,
        build_briefs=True,
    ) as ingestor:
        with progress_hook(total) as hook:
            if specs:
                return await ingestor.poll(specs, hook)
            return await ingestor.ingest(sources, hook, outlet)


@app.command("sources")
def sources_command(ctx: typer.Context) -> None:
    """List the sources file's feeds and pages with their health (exit 1 if one is failing)."""
    state = state_of(ctx)
    settings = state.settings
    path = settings.resolved_sources_file
    try:
        specs = load_sources(path)
    except SourcesFileError as exc:
        fail(str(exc))
    ingest_state = IngestState.in_data_dir(settings.data_dir)
    try:
        rows = source_rows(specs, ingest_state)
    finally:
        ingest_state.close()
    if state.output is OutputFormat.json:
        typer.echo(json.dumps([_row_dict(r) for r in rows], ensure_ascii=False))
    else:
        typer.echo(state.render("source_health", rows=rows, path=str(path), exists=path.exists()))
    if any(row.status == "failing" for row in rows):
        raise typer.Exit(EXIT_NOT_FOUND)


def _row_dict(row) -> dict:
    h = row.health
    return {
        "url": row.url,
        "outlet": row.outlet,
        "kind": row.spec.kind if row.spec else None,
        "interval_minutes": row.spec.interval_minutes if row.spec else None,
        "status": row.status,
        "last_success": h.last_success.isoformat() if h.last_success else None,
        "last_error_at": h.last_error_at.isoformat() if h.last_error_at else None,
        "last_error": h.last_error,
        "articles_seen": h.articles_seen,
    }
