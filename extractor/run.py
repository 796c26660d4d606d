"""Batch runs: ingest -> pipeline -> records -> output tables.

Library functions a notebook can call as well as the CLI.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc

from .ingest import Article, IngestError, read_articles
from .outputs import frame, read_csv, write_csv
from .outputs.store import read_decisions, write_store
from .reconcile import reconcile_figures
from .reconcile.checks import run_checks
from .reconcile.figures import figure_key
from .records import Document, EntityMention
from .records.claims import Claim
from .records.quotes import Quote

log = logging.getLogger(__name__)


def document_record(record: Article | IngestError) -> Document:
    if isinstance(record, IngestError):
        return Document(
            id=record.id,
            source=record.source,
            published=None,
            chars=len(record.text),
            sha256=record.sha256,
            status="error",
            error=record.error,
        )
    return Document(
        id=record.id,
        source=record.source,
        published=record.published,
        chars=len(record.text),
        sha256=record.sha256,
        status="warning" if record.warning else "ok",
        error=record.warning,
        url=record.url,
        headline=record.headline,
    )


def make_doc(nlp: Language, article: Article) -> Doc:
    """A Doc of the article's cleaned body, carrying the article's context."""
    doc = nlp.make_doc(article.body)
    doc._.article = article.context()
    return doc


def process(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16
) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, in order."""
    pending: list[Article] = []

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield pending.pop(0), doc


@dataclass
class RunResult:
    documents: list[Document] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def n_ok(self) -> int:
        return sum(d.status != "error" for d in self.documents)

    @property
    def n_errors(self) -> int:
        return sum(d.status == "error" for d in self.documents)


def _progress(total: int, enabled: bool):  # noqa: ANN202 - rich types are optional
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=not enabled,
        transient=False,
    )
    return progress


def run(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    nlp: Language | None = None,
    *,
    model: str = "auto",
    progress: bool | None = None,
) -> RunResult:
    """Read every article under ``paths``, extract, and write the tables to ``out_dir``."""
    from . import load

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    records = list(read_articles(paths))
    articles = [r for r in records if isinstance(r, Article)]
    for r in records:
        if isinstance(r, IngestError):
            log.error("%s: %s", r.source, r.error)
    result = RunResult(documents=[document_record(r) for r in records])
    if articles:
        nlp = nlp or load(model)
        enabled = sys.stderr.isatty() if progress is None else progress
        with _progress(len(articles), enabled) as bar:
            task = bar.add_task("extract", total=len(articles))
            for _, doc in process(nlp, articles):
                result.entities.extend(doc._.entities)
                result.quotes.extend(doc._.quotes)
                result.claims.extend(doc._.claims)
                bar.advance(task)
    result.tables = write_tables(result, out)
    return result


def write_tables(result: RunResult, out: Path) -> dict[str, pd.DataFrame]:
    """Every output of a run: CSV tables, reconciled figures and checks, the SQLite store."""
    tables = {
        "documents": frame(result.documents, Document),
        "entities": frame(result.entities, EntityMention),
        "quotes": frame(result.quotes, Quote),
        "claims": frame(result.claims, Claim),
    }
    for name, df in tables.items():
        write_csv(df, out / f"{name}.csv")
    return write_reconciled(tables, out)


def write_reconciled(tables: dict[str, pd.DataFrame], out: Path) -> dict[str, pd.DataFrame]:
    """Figures and checks from the claims table, then the store with everything."""
    figures, members = reconcile_figures(tables["claims"])
    checks = run_checks(figures)
    figures = with_decisions(figures, read_decisions(out / "evidence.sqlite"))
    links = pd.DataFrame(
        [(f, c) for f, claim_ids in members.items() for c in claim_ids], columns=["figure_id", "claim_id"]
    )
    write_csv(figures, out / "figures.csv")
    write_csv(checks, out / "checks.csv")
    tables = {**tables, "figures": figures, "figure_claims": links, "checks": checks}
    write_store(out / "evidence.sqlite", tables)
    return tables


def with_decisions(figures: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """figures.csv's decision, decided_at and decision_note, from the store's decisions."""
    keys = [
        figure_key(f.scope, f.measure, f.qualifiers, f.period_start, f.period_end)
        for f in figures.itertuples()
    ]
    by_key = decisions.set_index("figure_key").to_dict("index") if len(decisions) else {}
    out = figures.copy()
    for column in ("decision", "decided_at", "decision_note"):
        out[column] = [by_key.get(k, {}).get(column) for k in keys]
    return out


def reconcile_dir(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Recompute figures, checks and the store from the tables of an earlier run."""
    out = Path(out_dir)
    tables = {}
    for name in ("documents", "entities", "quotes", "claims"):
        path = out / f"{name}.csv"
        if path.exists():
            tables[name] = read_csv(path)
    if "claims" not in tables:
        raise FileNotFoundError(f"{out / 'claims.csv'} not found: run 'extractor run' first")
    return write_reconciled(tables, out)
