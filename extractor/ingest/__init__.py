"""Ingest: files -> :class:`Article` records (text as read, cleaned body, offset map)."""

from .article import Article, IngestError, OffsetMap, Repeat, safe_id, sha256
from .clean import clean, split_date_line
from .readers import discover, html_to_text, make_article, read_articles, read_file

__all__ = [
    "Article",
    "IngestError",
    "OffsetMap",
    "Repeat",
    "clean",
    "discover",
    "html_to_text",
    "make_article",
    "read_articles",
    "read_file",
    "safe_id",
    "sha256",
    "split_date_line",
]
