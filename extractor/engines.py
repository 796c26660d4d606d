"""Where the NLP runs: in this process (optionally with worker processes), or on a
Dask cluster. Every engine turns articles into the same records, in input order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from .ingest import Article, IngestError
from .pipeline.extensions import drop_caches
from .records import Document, EntityMention
from .records.claims import Claim
from .records.quotes import Quote

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleRecords:
    """Everything one article yields: its document row and its records."""

    document: Document
    entities: tuple[EntityMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    text: tuple[str, str, str] | None = None  # (id, text as read, reading as JSON): the store's texts

    def rows(self) -> tuple[Document, tuple, tuple, tuple, tuple[str, str, str] | None]:
        return self.document, self.entities, self.quotes, self.claims, self.text


def document_record(record: Article | IngestError) -> Document:
    if isinstance(record, IngestError):
        return Document(
            id=record.id, source=record.source, published=None, chars=len(record.text),
            sha256=record.sha256, status="error", error=record.error,
        )  # fmt: skip
    return Document(
        id=record.id, source=record.source, published=record.published, chars=len(record.text),
        sha256=record.sha256, status="warning" if record.warning else "ok", error=record.warning,
        url=record.url, headline=record.headline,
    )  # fmt: skip


def text_row(article: Article) -> tuple[str, str, str]:
    """The store's ``texts`` row of an article: enough to extract it again later."""
    return article.id, article.text, json.dumps(article.reading(), sort_keys=True)


def make_doc(nlp: Language, article: Article) -> Doc:
    """A Doc of the article's cleaned body, carrying the article's context."""
    doc = nlp.make_doc(article.body)
    doc._.article = article.context()
    return doc


def records_of(article: Article, doc: Doc) -> ArticleRecords:
    records = ArticleRecords(
        document_record(article), tuple(doc._.entities), tuple(doc._.quotes), tuple(doc._.claims),
        text_row(article),
    )  # fmt: skip
    drop_caches(doc)
    return records


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# --- this machine -------------------------------------------------------------


def extract_local(
    nlp: Language, articles: Iterable[Article], *, workers: int = 1, batch_size: int = 32
) -> Iterator[ArticleRecords]:
    """Records per article, in order; ``workers`` > 1 runs the pipeline in that many
    processes (spaCy's ``n_process``), with the same output as one."""
    pending: list[Article] = []

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article)

    n_process = max(1, workers)
    if n_process > 1 and not statistical(nlp):
        # the rules alone outrun the cost of sending Docs between processes: two workers
        # took twice the CPU and wall time of one for the same output
        log.info("--workers %d: the rule-only pipeline runs in one process", n_process)
        n_process = 1
    for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
        yield records_of(pending.pop(0), doc)


def statistical(nlp: Language) -> bool:
    """Whether the pipeline has trained components (a statistical model), which are worth
    spreading over processes; ``--model blank`` has none."""
    from spacy.pipeline import TrainablePipe

    return any(isinstance(pipe, TrainablePipe) for _, pipe in nlp.pipeline)


# --- a Dask cluster ----------------------------------------------------------------

_WORKER_NLP: dict[str, Language] = {}


def _worker_pipeline(model: str) -> Language:
    """The pipeline, loaded once per worker process and kept for every later task."""
    if model not in _WORKER_NLP:
        from . import load

        _WORKER_NLP[model] = load(model)
    return _WORKER_NLP[model]


def extract_chunk(articles: list[Article], model: str) -> list[ArticleRecords]:
    """A Dask task: one partition of articles through the worker's pipeline."""
    nlp = _worker_pipeline(model)
    return [
        records_of(a, d) for a, d in zip(articles, nlp.pipe(make_doc(nlp, a) for a in articles), strict=True)
    ]


def extract_dask(
    articles: Iterable[Article],
    *,
    model: str = "auto",
    scheduler: str | None = None,
    partition_size: int = 32,
    workers: int = 2,
) -> Iterator[ArticleRecords]:
    """Records per article, in order, computed on a Dask cluster: the one at
    ``scheduler`` (``tcp://host:8786``), or a LocalCluster of ``workers`` processes.
    Partitions are submitted a few at a time so memory stays bounded."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("--engine dask needs dask.distributed: pip install 'extractor[dask]'") from exc

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 4)
        in_flight: list = []
        for chunk in batched(articles, partition_size):
            in_flight.append(client.submit(extract_chunk, chunk, model, pure=False))
            if len(in_flight) >= window:
                yield from in_flight.pop(0).result()
        for future in in_flight:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
