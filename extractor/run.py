"""Batch runs: ingest -> pipeline -> records -> evidence store -> tables.

A run is incremental: the evidence store in the output folder remembers every
article it has extracted by id and SHA-256, so a re-run does NLP work only for
new or changed articles, then recomputes figures and checks over everything.
Records are written to the store article by article and the tables are
exported from it, so memory does not grow with the batch. Library functions
a notebook can call as well as the CLI.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pandas as pd
from spacy.language import Language

from .engines import ArticleRecords, batched, document_record, extract_dask, extract_local, make_doc
from .ingest import Article, IngestError, discover, read_articles
from .outputs import write_csv
from .outputs.store import ARTICLE_TABLES, Store
from .reconcile.checks import run_checks
from .reconcile.figures import RECONCILE_COLUMNS, Reconciler, stored_key

__all__ = ["RunResult", "make_doc", "reconcile_dir", "run", "with_decisions"]

log = logging.getLogger(__name__)
STORE = "evidence.sqlite"


@dataclass
class RunResult:
    """What a run did: articles read, extracted, skipped as unchanged, failed."""

    read: int = 0
    extracted: int = 0
    unchanged: int = 0
    errors: list[IngestError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per table in the store
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # figures and checks

    @property
    def n_ok(self) -> int:
        return self.read - len(self.errors)

    @property
    def n_errors(self) -> int:
        return len(self.errors)


def _count_inputs(paths: Iterable[str | Path]) -> int:
    """Articles to expect, for the progress bar: files, and lines of JSONL feeds."""
    total = 0
    for path, _ in discover(paths):
        if path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _progress(enabled: bool):  # noqa: ANN202 - rich is imported lazily
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        disable=not enabled,
    )  # fmt: skip


def run(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    nlp: Language | None = None,
    *,
    model: str = "auto",
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 32,
    progress: bool | None = None,
) -> RunResult:
    """Extract every new or changed article under ``paths`` into ``out_dir``'s evidence
    store, then reconcile and write the tables (CSV, SQLite, review page)."""
    paths = list(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = RunResult()
    enabled = sys.stderr.isatty() if progress is None else progress
    with Store(out / STORE) as store, _progress(enabled) as bar:
        task = bar.add_task("extracting", total=_count_inputs(paths))
        known = store.known()
        pending = _select(read_articles(paths), known, store, result, bar, task)
        first = next(pending, None)  # nothing new: no model is loaded, no NLP is done
        pending = chain([first], pending) if first is not None else iter(())
        if first is None:
            records: Iterable[ArticleRecords] = ()
        elif engine == "dask":
            records = extract_dask(pending, model=model, scheduler=scheduler, workers=max(workers, 2))
        elif engine == "local":
            nlp = nlp or _load(model)
            records = extract_local(nlp, pending, workers=workers, batch_size=batch_size)
        else:
            raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
        for chunk in batched(records, batch_size):
            store.put_articles(r.rows() for r in chunk)
            result.extracted += len(chunk)
            bar.advance(task, len(chunk))
        result.tables = write_outputs(store, out)
        result.counts = {name: _rows(store, name) for name in ARTICLE_TABLES}
    return result


def _load(model: str) -> Language:
    from . import load

    return load(model)


def _rows(store: Store, name: str) -> int:
    return store.con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]


def _select(
    records: Iterable[Article | IngestError],
    known: dict[str, str],
    store: Store,
    result: RunResult,
    bar,
    task,
) -> Iterator[Article]:  # noqa: ANN001 - progress bar types are rich's
    """Articles that need extracting; errors are stored at once, unchanged ones skipped."""
    for record in records:
        result.read += 1
        if isinstance(record, IngestError):
            log.error("%s: %s", record.source, record.error)
            result.errors.append(record)
            store.put_articles([ArticleRecords(document_record(record)).rows()])
            bar.advance(task)
        elif known.get(record.id) == record.sha256:
            result.unchanged += 1
            bar.advance(task)
        else:
            yield record


# --- outputs -------------------------------------------------------------------------


def write_outputs(store: Store, out: Path) -> dict[str, pd.DataFrame]:
    """Export the per-article tables, reconcile, and write figures, checks, the store's
    reconciled tables and the review page."""
    for name in ARTICLE_TABLES:
        _export(store, name, out / f"{name}.csv")
    return write_reconciled(store, out)


def _export(store: Store, name: str, path: Path) -> None:
    """Write a table to CSV in chunks (a large store never sits whole in memory)."""
    tmp = path.with_suffix(".csv.tmp")
    first = True
    for chunk in store.chunks(name):
        write_csv(chunk, tmp, header=first, mode="w" if first else "a")
        first = False
    if first:
        write_csv(store.table(name), tmp)
    tmp.replace(path)


def write_reconciled(store: Store, out: Path) -> dict[str, pd.DataFrame]:
    """Figures and checks over every claim in the store, with fact-checkers' decisions."""
    reconciler = Reconciler()  # streamed from the store: the claims are never held whole
    reconciler.add(store.rows("claims", RECONCILE_COLUMNS, where='"measure" IS NOT NULL'))
    figures = reconciler.figures()
    checks = run_checks(figures)
    store.carry_decisions(figures["figure_key"])  # a key whose wording refinement moved
    figures = with_decisions(figures, store.decisions())
    store.put_reconciled({"figures": figures, "checks": checks}, links=reconciler.links())
    write_csv(figures, out / "figures.csv")
    write_csv(checks, out / "checks.csv")
    _write_report(out)
    return {"figures": figures, "checks": checks}


def _write_report(out: Path) -> None:
    try:
        from .outputs.report import write_report
    except ImportError:  # the review page is optional until its module is installed
        return
    write_report(out)


def with_decisions(figures: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """figures.csv's decision, decided_at and decision_note, from the store's decisions."""
    keys = [stored_key(f) for f in figures.to_dict("records")]
    by_key = decisions.set_index("figure_key").to_dict("index") if len(decisions) else {}
    out = figures.copy()
    for column in ("decision", "decided_at", "decision_note"):
        out[column] = [by_key.get(k, {}).get(column) for k in keys]
    return out


def reconcile_dir(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Recompute figures, checks and the review page from an earlier run's store."""
    out = Path(out_dir)
    if not (out / STORE).exists():
        raise FileNotFoundError(f"{out / STORE} not found: run 'extractor run' first")
    with Store(out / STORE) as store:
        return write_reconciled(store, out)
