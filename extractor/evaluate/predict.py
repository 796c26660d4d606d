"""Run the pipeline (and the baselines) over gold articles, as prediction dicts.

A prediction has the gold format (ANNOTATION.md) with ``start``/``end`` and
every field, so ``--predictions`` output can be scored by any other scorer.
Each gold text is treated exactly as ``run`` treats a ``.txt`` file with that
content (date line, boilerplate, repeated captions).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.language import Language

from ..ingest import make_article
from ..ingest.readers import InputError
from ..run import make_doc

Pred = dict[str, Any]


def entity_dict(mention: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "label": mention.label,
        "start": mention.start,
        "end": mention.end,
        "span": mention.text,
    }
    if mention.label in ("FORCE", "REGION"):
        item["id"] = mention.id
    else:
        item["name"] = mention.name
    if mention.label == "OFFICIAL":
        item |= {"role": mention.role, "org": mention.org}
    item["rule"] = mention.rule
    return item


def record_dicts(doc: Any, attr: str) -> list[dict[str, Any]]:
    """``doc._.<attr>`` records as prediction dicts (empty where the part is not built)."""
    if not doc.has_extension(attr):
        return []
    return [r.to_prediction() for r in getattr(doc._, attr)]


def predict(nlp: Language, gold_docs: list[dict[str, Any]]) -> Iterator[Pred]:
    """One prediction per gold article, in gold order."""
    articles = []
    for gold in gold_docs:
        try:
            meta = gold.get("meta") or {}
            # a date line in the text wins; else the gold's own publication date (HTML, feeds)
            article = make_article(
                gold["id"], meta.get("source") or gold["id"], gold["text"], published=meta.get("published")
            )
        except InputError:
            article = None
        articles.append(article)
    docs = nlp.pipe(make_doc(nlp, a) for a in articles if a is not None)
    for gold, article in zip(gold_docs, articles, strict=True):
        pred: Pred = {"id": gold["id"], "text": gold["text"], "entities": [], "quotes": [], "claims": []}
        if article is not None:
            doc = next(docs)
            pred["meta"] = {"source": article.source, "published": article.published}
            pred["entities"] = [entity_dict(m) for m in doc._.entities]
            pred["quotes"] = record_dicts(doc, "quotes")
            pred["claims"] = record_dicts(doc, "claims")
        yield pred
