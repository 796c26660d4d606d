"""Where the NLP runs: in this process (optionally with worker processes), or on a
Dask cluster. Every engine turns articles into the same records, in input order.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

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


def failed(article: Article, exc: BaseException) -> ArticleRecords:
    """The error row of an article the pipeline could not process (the batch goes on)."""
    if isinstance(exc, RecursionError):
        cause = "its text is nested too deeply to analyse (RecursionError)"
    else:
        first = (str(exc).strip().splitlines() or [""])[0]
        first = first.split(". ")[0]  # spaCy's messages go on with advice after the cause
        cause = f"{type(exc).__name__}: {first[:300]}"
    log.error("%s: the pipeline failed on this article: %s", article.source, cause)
    return ArticleRecords(
        Document(
            id=article.id, source=article.source, published=article.published, chars=len(article.text),
            sha256=article.sha256, status="error", error=f"the pipeline failed on this article: {cause}",
            url=article.url, headline=article.headline,
        )
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
    """The article's records from its processed Doc (and its ``texts`` row, so it can be
    extracted again later); an error row if building them fails."""
    try:
        records = ArticleRecords(
            document_record(article), tuple(doc._.entities), tuple(doc._.quotes), tuple(doc._.claims),
            text_row(article),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - one article's failure must not end the batch
        return failed(article, exc)
    finally:
        drop_caches(doc)
    return records


def process_one(nlp: Language, article: Article) -> ArticleRecords:
    """One article through every component in turn, any error caught and turned into the
    article's error row (used for an article the batched pipe had to skip)."""
    try:
        doc = make_doc(nlp, article)
        for _, component in nlp.pipeline:
            doc = component(doc)
    except Exception as exc:  # noqa: BLE001 - one article's failure must not end the batch
        return failed(article, exc)
    return records_of(article, doc)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _skip(name: str, component: Callable, docs: list[Doc], exc: Exception) -> None:
    """spaCy error handler while piping a batch: leave the failing docs out (they are run
    again alone by :func:`process_one`, which reports the error)."""
    log.debug("component %s failed on %d doc(s): %s", name, len(docs), exc)


class _SkippingErrors:
    """While active, components that raise skip the doc instead of ending ``nlp.pipe``
    (where spaCy lets a component take a handler: the parser does not); the pipeline's
    own error handlers are put back afterwards."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.saved: list[tuple[Any, Callable]] = []

    def __enter__(self) -> None:
        self.saved = [(self.nlp, self.nlp.default_error_handler)]
        self.nlp.default_error_handler = _skip
        for _, proc in self.nlp.pipeline:
            if hasattr(proc, "get_error_handler"):
                before = proc.get_error_handler()
                try:
                    proc.set_error_handler(_skip)
                except AttributeError:  # a Cython component without the attribute
                    continue
                self.saved.append((proc, before))

    def __exit__(self, *exc: object) -> None:
        for owner, handler in self.saved:
            if owner is self.nlp:
                self.nlp.default_error_handler = handler
            else:
                owner.set_error_handler(handler)


# --- this machine -------------------------------------------------------------


def extract_local(
    nlp: Language, articles: Iterable[Article], *, workers: int = 1, batch_size: int = 32
) -> Iterator[ArticleRecords]:
    """Records per article, in order; ``workers`` > 1 runs the pipeline in that many
    processes (spaCy's ``n_process``), with the same output as one. An article the
    pipeline fails on becomes an error row and the batch goes on."""
    # articles handed to the pipe, with the error row of those that could not become a
    # Doc (over the model's max_length: E088); docs come back in order, minus the ones a
    # component failed on, which are matched by id and run again alone for their error
    pending: deque[tuple[Article, ArticleRecords | None]] = deque()
    remaining = iter(articles)

    def docs() -> Iterator[Doc]:
        for article in remaining:
            try:
                doc = make_doc(nlp, article)
            except Exception as exc:  # noqa: BLE001 - one article's failure must not end the batch
                pending.append((article, failed(article, exc)))
                continue
            pending.append((article, None))
            yield doc

    def drain() -> Iterator[ArticleRecords]:
        while pending:
            article, error = pending.popleft()
            yield error or process_one(nlp, article)

    n_process = max(1, workers)
    if n_process > 1 and not statistical(nlp):
        # the rules alone outrun the cost of sending Docs between processes: two workers
        # took twice the CPU and wall time of one for the same output
        log.info("--workers %d: the rule-only pipeline runs in one process", n_process)
        n_process = 1
    with _SkippingErrors(nlp):
        while True:
            try:
                for doc in nlp.pipe(docs(), batch_size=batch_size, n_process=n_process):
                    doc_id = (doc._.article or {}).get("id")
                    while pending:
                        article, error = pending.popleft()
                        if error is not None:
                            yield error
                        elif article.id == doc_id:
                            yield records_of(article, doc)
                            break
                        else:  # left out by the error handler
                            yield process_one(nlp, article)
            except Exception as exc:  # noqa: BLE001 - a component without an error handler raised
                log.debug("the pipe stopped (%s); its batch is run one by one", exc)
                yield from drain()
                continue  # a new pipe over the articles not yet read
            yield from drain()
            return


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
    return list(extract_local(nlp, articles))


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
