"""The ``oncobrief`` command: look up briefs in a folder of oncology news articles.

Exit codes: 0 found, 1 nothing found (suggestions on stderr) or a file failed ``check``,
2 usage or configuration error (one line on stderr).
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError

from oncobrief.library import FolderError, Library, Lookup
from oncobrief.models import Brief
from oncobrief.render import Renderer, TemplateError
from oncobrief.settings import Settings
from oncobrief.stories import collapse_lookup, collapse_stories, story_of, window

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class OutputFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


app = typer.Typer(
    name="oncobrief",
    help="Faithful, attributed briefs from oncology news articles.\n\n"
    "Loads every article file in the seeds folder (default ./seeds, or ONCOBRIEF_SEEDS_DIR) "
    "and answers from it. Exit codes: 0 found, 1 not found or a file failed, 2 usage error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@dataclass
class CliState:
    """Options of the top-level command, shared by every subcommand (``ctx.obj``)."""

    settings: Settings
    output: OutputFormat = OutputFormat.text
    _library: Library | None = field(default=None, repr=False)
    _renderer: Renderer | None = field(default=None, repr=False)

    def library(self, folder: Path | None = None) -> Library:
        """The library of ``folder`` (default: the seeds folder), loaded once per run."""
        if folder is not None:  # a folder given as an argument: the hint names the argument
            return load_library(folder, self.settings, hint="give an existing folder")
        if self._library is None:
            self._library = load_library(self.settings.seeds_dir, self.settings)
        return self._library

    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.settings)
        return self._renderer

    def render(self, template: str, **context: Any) -> str:
        """Render ``template`` (``.txt.j2`` or ``.md.j2`` by the output format)."""
        suffix = ".md.j2" if self.output is OutputFormat.markdown else ".txt.j2"
        name = template if template.endswith(".j2") else template + suffix
        try:
            return self.renderer().render(name, **context).rstrip("\n")
        except TemplateError as exc:
            fail(str(exc))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One clear line on stderr, then exit with ``code``."""
    typer.echo(f"oncobrief: error: {message}", err=True)
    raise typer.Exit(code)


def load_library(
    folder: Path, settings: Settings, hint: str = "set --seeds DIR or ONCOBRIEF_SEEDS_DIR"
) -> Library:
    try:
        return Library.load(folder, settings, progress=sys.stderr.isatty())
    except FolderError as exc:
        fail(f"{exc} ({hint})")


def state_of(ctx: typer.Context) -> CliState:
    return ctx.ensure_object(CliState) if ctx.obj is None else ctx.obj


@app.callback()
def main(
    ctx: typer.Context,
    seeds: Annotated[
        Path | None,
        typer.Option(
            "--seeds",
            metavar="DIR",
            help="Folder of article files [default: ./seeds or $ONCOBRIEF_SEEDS_DIR].",
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text for a terminal, markdown, or json (the model)."),
    ] = OutputFormat.text,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="Folder of templates overriding the bundled ones (missing ones fall back).",
        ),
    ] = None,
) -> None:
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        fail(f"invalid setting ONCOBRIEF_{where.upper()}: {error['msg']}")
    updates: dict[str, Any] = {}
    if seeds is not None:
        updates["seeds_dir"] = seeds
    if templates is not None:
        if not templates.is_dir():
            fail(f"templates folder {str(templates)!r} does not exist")
        updates["templates_dir"] = templates
    ctx.obj = CliState(settings=settings.model_copy(update=updates), output=output)


# --- output -------------------------------------------------------------------------------


def emit_briefs(state: CliState, briefs: list[Brief], heading: str | None, **extra: Any) -> None:
    """Print briefs as a list (text/markdown) or a JSON array of the Brief model."""
    if state.output is OutputFormat.json:
        typer.echo(json.dumps([b.model_dump(mode="json") for b in briefs], ensure_ascii=False))
        return
    context = {"heading": heading, "briefs": briefs, "scores": [], "total": len(briefs)}
    context.update(extra)
    typer.echo(state.render("list", **context))


def emit_full_briefs(state: CliState, briefs: list[Brief], as_list: bool) -> None:
    """Print each brief in full; JSON is one object, or an array when ``as_list``."""
    if state.output is OutputFormat.json:
        dumped = [b.model_dump(mode="json") for b in briefs]
        typer.echo(json.dumps(dumped if as_list else dumped[0], ensure_ascii=False))
        return
    separator = (
        "\n\n---\n\n" if state.output is OutputFormat.markdown else "\n\n" + "=" * 72 + "\n\n"
    )
    typer.echo(separator.join(state.render("brief", brief=brief) for brief in briefs))


def emit_lookup(state: CliState, lookup: Lookup, heading: str, full: bool) -> None:
    """Print a lookup's briefs, or exit 1 with the not-found message on stderr."""
    if not lookup.found:
        library = state.library()
        if state.output is OutputFormat.json:
            typer.echo("[]")
        message = state.render(
            "not_found.txt.j2",
            kind=lookup.kind,
            query=lookup.query,
            canonical=lookup.canonical,
            suggestions=lookup.suggestions,
            failed=len(library.errors),
        )
        typer.echo(message, err=True)
        raise typer.Exit(EXIT_NOT_FOUND)
    if full:
        emit_full_briefs(state, lookup.briefs, as_list=True)
    else:
        emit_briefs(state, lookup.briefs, heading, scores=lookup.scores, total=lookup.total)


# --- commands -----------------------------------------------------------------------------

Full = Annotated[bool, typer.Option("--full", help="Show each brief in full, not as a list.")]
Limit = Annotated[
    int, typer.Option("--limit", "-n", min=1, metavar="N", help="Show at most this many.")
]


def _resolved(lookup: Lookup, what: str) -> str:
    shown = lookup.canonical or lookup.query
    alias = (
        f" (you asked for {lookup.query})" if shown.casefold() != lookup.query.casefold() else ""
    )
    return f"Briefs mentioning {what} {shown}{alias}, newest first"


@app.command()
def latest(ctx: typer.Context, n: Limit = 5, full: Full = False) -> None:
    """The newest briefs by posted date (undated ones last)."""
    state = state_of(ctx)
    library = state.library()
    briefs = library.latest(window(n))  # the same study from several outlets is one story
    lookup = Lookup(kind="latest", query=str(library.folder), briefs=briefs, total=len(library))
    emit_lookup(state, collapse_lookup(lookup, n), "Latest briefs", full)


@app.command()
def drug(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Generic, brand or code name: Augtyro, TPX-0005.")
    ],
    n: Limit = 20,
    full: Full = False,
) -> None:
    """Briefs mentioning a drug, by any of its names (case does not matter)."""
    state = state_of(ctx)
    lookup = collapse_lookup(state.library().by_drug(name, limit=window(n)), n)
    emit_lookup(state, lookup, _resolved(lookup, lookup.kind.replace("_", " ")), full)


@app.command()
def gene(
    ctx: typer.Context,
    symbol: Annotated[
        str, typer.Argument(metavar="SYMBOL", help="Gene symbol or alias: NTRK1, EGFR.")
    ],
    n: Limit = 20,
    full: Full = False,
) -> None:
    """Briefs mentioning a gene or one of its alterations."""
    state = state_of(ctx)
    lookup = collapse_lookup(state.library().by_gene(symbol, limit=window(n)), n)
    emit_lookup(state, lookup, _resolved(lookup, "gene"), full)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Words to look for in titles and sentences.")
    ],
    n: Limit = 10,
    full: Full = False,
) -> None:
    """Full-text search (BM25), best match first."""
    state = state_of(ctx)
    lookup = collapse_lookup(state.library().search(text, limit=window(n)), n)
    emit_lookup(state, lookup, f"Best matches for “{text}”", full)


@app.command()
def show(
    ctx: typer.Context,
    brief_id: Annotated[str, typer.Argument(metavar="ID", help="A brief id or a unique prefix.")],
) -> None:
    """One brief in full."""
    state = state_of(ctx)
    library = state.library()
    lookup = library.find_id(brief_id)
    if not lookup.found:
        emit_lookup(state, lookup, "", full=True)
    emit_full_briefs(state, [story_of(b, library) for b in lookup.briefs], as_list=False)


@app.command("list")
def list_briefs(ctx: typer.Context) -> None:
    """Every brief, newest first."""
    state = state_of(ctx)
    library = state.library()
    briefs = collapse_stories(library)  # one per story
    count = len(briefs)
    emit_briefs(state, briefs, f"{count} brief{'s' * (count != 1)} in {library.folder}")


@app.command()
def check(
    ctx: typer.Context,
    folder: Annotated[
        Path | None, typer.Argument(metavar="[DIR]", help="Folder to check [default: seeds].")
    ] = None,
) -> None:
    """Load every file and report each one that fails, with its reason (exit 1 if any)."""
    state = state_of(ctx)
    summary = state.library(folder).sources_summary()
    if state.output is OutputFormat.json:
        typer.echo(summary.model_dump_json())
    else:
        typer.echo(state.render("check.txt.j2", summary=summary))
    if summary.errors:
        raise typer.Exit(EXIT_NOT_FOUND)


# --- subcommands of other modules ---------------------------------------------------------
# EXTENSION POINT. A module adds its subcommands by importing `app` (and the helpers above:
# `state_of(ctx).library()`, `emit_briefs`, `fail`) and decorating functions with
# `@app.command()`; list the module here. A module that does not exist yet is skipped; any
# other import error surfaces.
EXTENSION_MODULES: tuple[str, ...] = (
    "oncobrief.ingest.commands",  # ingest, sources (health)
    "oncobrief.evaluation.cli",  # eval
)


def _load_extensions() -> None:
    for module in EXTENSION_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise


_load_extensions()
