"""Batch runs: ingest -> pipeline -> records -> evidence store -> tables.

A run is incremental: the evidence store in the output folder remembers every
article it has extracted by id and SHA-256, so a re-run does NLP work only for
new or changed articles, then recomputes figures and checks over everything.
Records are written to the store article by article and the tables are
exported from it, so memory does not grow with the batch. Library functions
a notebook can call as well as the CLI.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from itertools import chain
from pathlib import Path

import pandas as pd
from spacy.language import Language

from .engines import ArticleRecords, batched, document_record, extract_dask, extract_local, make_doc
from .fingerprint import differences, digest, fingerprint
from .ingest import Article, IngestError, discover, read_articles
from .ingest.readers import STDIN, InputError, reread
from .outputs import write_csv
from .outputs.store import ARTICLE_TABLES, Store, column_kinds, typed
from .outputs.tables import parquet_available, write_parquet, write_rows
from .reconcile.checks import run_checks
from .reconcile.figures import RECONCILE_COLUMNS, Reconciler, stored_key

__all__ = ["RunResult", "make_doc", "reconcile_dir", "run", "with_decisions"]

log = logging.getLogger(__name__)
STORE = "evidence.sqlite"
FORMATS = ("csv", "parquet")  # parquet: the CSV files, and each table as a Parquet file too


@dataclass
class RunResult:
    """What a run did: articles read, extracted, skipped as unchanged, failed."""

    read: int = 0
    extracted: int = 0
    unchanged: int = 0
    errors: list[IngestError] = field(default_factory=list)
    reextracted: int = 0  # stored articles extracted again from their texts (the rules changed)
    changed: list[str] = field(default_factory=list)  # what differed from the store's fingerprint
    without_text: list[str] = field(default_factory=list)  # stale articles that could not be redone
    kept: list[str] = field(default_factory=list)  # failed on this run: their earlier records kept
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
        if str(path) == STDIN:
            continue  # standard input: read once, by the reader, so not counted ahead
        if path.suffix.lower() == ".jsonl":
            try:
                if not path.is_file():
                    total += 1  # a device (a link to /dev/zero) is never read: counted as one
                    continue
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
    rebuild: bool = False,
    table_format: str = "csv",
) -> RunResult:
    """Extract every new or changed article under ``paths`` into ``out_dir``'s evidence
    store, then reconcile and write the tables (CSV, SQLite, review page).

    When the store's records were made with other rules, another model or another version
    (its fingerprint differs), every input article and every stored article is extracted
    again, the latter from the text the store keeps. ``rebuild`` empties the store's
    articles first (fact-checkers' decisions are kept), so it holds only ``paths``.
    ``table_format="parquet"`` writes each table as a Parquet file too (needs pyarrow)."""
    if table_format not in FORMATS:
        raise ValueError(f"unknown table format {table_format!r}: use {' or '.join(FORMATS)}")
    if table_format == "parquet" and not parquet_available():
        raise RuntimeError("--format parquet needs pyarrow: pip install 'extractor[parquet]'")
    paths = list(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = RunResult()
    enabled = sys.stderr.isatty() if progress is None else progress
    current = fingerprint(nlp if nlp is not None else model)
    made_with = digest(current)
    with Store(out / STORE) as store, _progress(enabled) as bar:
        if rebuild:
            store.clear_articles()
        if store.is_empty():
            store.set_fingerprint(current)  # at once: a killed first run resumes as unchanged
        stale = store.fingerprint() != current
        if stale:
            result.changed = differences(store.fingerprint(), current)
            log.warning("the store's records were made with other %s: extracting them again",
                        ", ".join(result.changed))  # fmt: skip
        task = bar.add_task("extracting", total=_count_inputs(paths))
        seen: set[str] = set()
        # every extracted article's digest: what keeps ids apart across batches and which
        # records a failure keeps; unchanged ones: same text, records made with these rules
        # (a run killed while extracting again after a change of rules carries on where it
        # stopped)
        stored = store.known()
        known = store.known(made_with)
        records_in = read_articles(paths, store.sources(), stored)
        pending = _select(records_in, known, stored, store, result, bar, task, seen)
        if stale:
            pending = chain(pending, _stored(store, seen, made_with, result, bar, task))
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
            done = [r for r in chunk if _keep_or_fail(r, stored, result)]
            _put(store, done, made_with)
            result.extracted += len(done)
            bar.advance(task, len(chunk))
        result.tables = write_outputs(store, out, parquet=table_format == "parquet")
        result.counts = {name: _rows(store, name) for name in ARTICLE_TABLES}
        if result.without_text:
            # some records still come from the old rules: the next run tries again
            log.warning(
                "%d stored article(s) have no stored text and keep their old extractions: "
                "give their files again, or run with --rebuild", len(result.without_text),
            )  # fmt: skip
        elif stale and result.kept:
            # the pipeline failed on some stored articles: their records are the old rules'
            # (kept, not lost), so the next run tries them again
            log.warning(
                "%d article(s) keep records made with other rules: the next run tries them again",
                len(result.kept),
            )
        else:
            store.set_fingerprint(current)
    return result


def _keep_or_fail(records: ArticleRecords, stored: dict[str, str], result: RunResult) -> bool:
    """Whether to store an article's records: yes, unless the pipeline failed on it (an
    error, listed in ``result``), and then only when the store holds no earlier records
    of it (``stored``; those are kept: a failure never deletes what an earlier run found,
    and the id goes in ``result.kept``)."""
    document = records.document
    if document.status != "error":
        return True
    error = IngestError(document.id, document.source, document.error or "failed")
    if document.id in stored:
        error = IngestError(document.id, document.source, f"{error.error}; {KEPT}")
        result.kept.append(document.id)
    result.errors.append(error)
    return document.id not in stored


KEPT = "its records from an earlier run are kept"
# what one article's rows can raise on insert (unlike a full disk or a read-only store)
ROW_ERRORS = (sqlite3.InterfaceError, sqlite3.IntegrityError, UnicodeError, OverflowError, ValueError)


def _put(store: Store, batch: list[ArticleRecords], made_with: str) -> None:
    """Store a batch of articles (one transaction; texts marked ``made_with``); if one
    article's rows cannot be written (text SQLite will not take), the others are stored
    one by one and that one becomes an error row. Operational errors (disk full,
    read-only) still end the run."""
    try:
        store.put_articles((r.rows() for r in batch), made_with=made_with)
        return
    except ROW_ERRORS:
        if len(batch) == 1 and batch[0].document.status == "error":
            raise
    for records in batch:
        try:
            store.put_articles([records.rows()], made_with=made_with)
        except ROW_ERRORS as exc:
            document = records.document
            log.error("%s: its records cannot be stored: %s", document.source, exc)
            row = replace(document, status="error", error=f"its records cannot be stored: {exc}")
            store.put_articles([ArticleRecords(row).rows()])


def _stored(
    store: Store, seen: set[str], made_with: str, result: RunResult, bar, task
) -> Iterator[Article]:  # noqa: ANN001 - progress bar types are rich's
    """The store's articles not among this run's inputs and not yet made with the rules of
    ``made_with``, read again from their stored texts; one that no longer reads becomes an
    error row."""
    with_text, result.without_text = store.stale_articles(seen, made_with)
    bar.update(task, total=(bar.tasks[0].total or 0) + len(with_text))  # one task: ours
    for doc_id in with_text:
        _, text, reading_json = store.text(doc_id)
        reading = json.loads(reading_json)
        try:
            article = reread(doc_id, text, reading)
        except InputError as exc:
            error = IngestError(doc_id, reading["source"], str(exc), text)
            store.put_articles([ArticleRecords(document_record(error)).rows()])
            result.errors.append(error)
            bar.advance(task)
            continue
        result.reextracted += 1
        yield article


def _load(model: str) -> Language:
    from . import load

    return load(model)


def _rows(store: Store, name: str) -> int:
    return store.con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]


def _select(
    records: Iterable[Article | IngestError],
    known: dict[str, str],
    stored: dict[str, str],
    store: Store,
    result: RunResult,
    bar,
    task,
    seen: set[str],
) -> Iterator[Article]:  # noqa: ANN001 - progress bar types are rich's
    """Articles that need extracting (``known``: id -> digest of those already extracted
    with these rules, skipped when unchanged); errors are stored at once, except for an
    article the store holds (``stored``), whose records are kept. Every id read is added to
    ``seen``, but for a kept one: after a change of rules it is extracted again from its
    stored text (see :func:`_stored`), like any stored article not among the inputs."""
    for record in records:
        result.read += 1
        if isinstance(record, IngestError):
            log.error("%s: %s", record.source, record.error)
            if record.id in stored:  # read before, unreadable now: keep what was found then
                record = replace(record, error=f"{record.error}; {KEPT}")
                log.warning("%s: %s", record.source, KEPT)
            else:
                seen.add(record.id)
                store.put_articles([ArticleRecords(document_record(record)).rows()])
            result.errors.append(record)
            bar.advance(task)
            continue
        seen.add(record.id)
        if known.get(record.id) == record.sha256:
            result.unchanged += 1
            bar.advance(task)
        else:
            yield record


# --- outputs -------------------------------------------------------------------------


def write_outputs(store: Store, out: Path, parquet: bool = False) -> dict[str, pd.DataFrame]:
    """Export the per-article tables, reconcile, and write figures, checks, the store's
    reconciled tables and the review page (``parquet``: every table as Parquet too)."""
    for name in ARTICLE_TABLES:
        _export(store, name, out / f"{name}.csv")
        if parquet:
            columns = [f.name for f in fields(ARTICLE_TABLES[name])]
            write_parquet(store.chunks(name), out / f"{name}.parquet", column_kinds(name, columns))
    return write_reconciled(store, out)


def _export(store: Store, name: str, path: Path) -> None:
    """Write an article table to CSV row by row, straight from the store (a large store
    never sits whole in memory, and no DataFrame is built: the same file as
    :func:`write_csv` of the table)."""
    tmp = path.with_suffix(".csv.tmp")
    columns = [f.name for f in fields(ARTICLE_TABLES[name])]
    try:
        write_rows(store.rows(name, columns), tmp, columns, column_kinds(name, columns))
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk: the last complete file stays, no half one
        raise


def write_whole(df: pd.DataFrame, path: Path) -> None:
    """Write a CSV file whole or not at all (a full disk leaves the last complete one)."""
    tmp = path.with_suffix(".csv.tmp")
    try:
        write_csv(df, tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_reconciled(store: Store, out: Path) -> dict[str, pd.DataFrame]:
    """Figures and checks over every claim in the store, with fact-checkers' decisions."""
    reconciler = Reconciler()  # streamed from the store: the claims are never held whole
    reconciler.add(store.rows("claims", RECONCILE_COLUMNS, where='"measure" IS NOT NULL'))
    figures = reconciler.figures()
    store.carry_decisions(figures["figure_key"])  # a key whose wording refinement moved
    figures = typed(figures, "figures")
    checks = typed(run_checks(figures), "checks")
    figures = with_decisions(figures, store.decisions())
    store.put_reconciled({"figures": figures, "checks": checks}, links=reconciler.links())
    write_whole(figures, out / "figures.csv")
    write_whole(checks, out / "checks.csv")
    for name, df in (("figures", figures), ("checks", checks)):
        if (out / "documents.parquet").exists():  # a --format parquet folder: keep its copies current
            write_parquet([df], out / f"{name}.parquet", column_kinds(name, list(df.columns)))
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
    if "figure_key" in figures and all(isinstance(k, str) and k for k in figures["figure_key"]):
        keys = figures["figure_key"].tolist()  # what stored_key reads first: no row dicts needed
    else:
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
