"""`oncobrief eval`: the quality harness from the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oncobrief.cli import app


@app.command("eval")
def evaluate(
    corpus: Annotated[
        Path | None,
        typer.Option("--corpus", help="Dev corpus folder (default: ../shared/corpus)."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")
    ] = None,
) -> None:
    """Measure faithfulness, limitation detection and entity extraction on labelled data."""
    from oncobrief.evaluation.harness import main

    if corpus is not None and not corpus.is_dir():
        typer.echo(f"error: corpus folder {corpus} does not exist", err=True)
        raise typer.Exit(2)
    raise typer.Exit(main(corpus, json_out))
