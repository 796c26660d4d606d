"""Read wire copy from plain text, HTML pages and JSON Lines feeds.

Every input yields :class:`Article` or :class:`IngestError` records; a bad
file or line never stops the batch. Offsets refer to ``Article.text``: the
decoded file for ``.txt``, the visible text for HTML, the text field for JSONL.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..lexicons import load_ingest_settings
from .article import Article, IngestError, safe_id
from .clean import clean, split_date_line

log = logging.getLogger(__name__)

# ``-`` among the inputs: a JSON Lines feed read from standard input, named "stdin"
STDIN, STDIN_NAME = "-", "stdin"
SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

Record = Article | IngestError


class InputError(Exception):
    """Why one input could not be read; becomes an IngestError row."""


# --- files and decoding -------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> list[tuple[Path, Path]]:
    """Files to read as ``(file, root)`` pairs, sorted within each folder.

    A folder is searched recursively for known suffixes; a file named directly
    is always read (an unknown suffix then becomes an error row); ``-`` stands for
    standard input.
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == STDIN:
            found.append((Path(STDIN), Path(".")))
        elif path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
            found.extend((p, path) for p in files)
        else:
            found.append((path, path.parent))
    return found


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """UTF-8 (BOM allowed), else cp1252 with a warning; binary and empty inputs are errors."""
    if not data.strip():
        raise InputError("empty file")
    if b"\x00" in data[:4096]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"undecodable bytes: not UTF-8 (byte {first_bad}) nor cp1252 (byte {exc.start})"
        ) from exc
    warning = f"not valid UTF-8 (byte {first_bad}); decoded as cp1252"
    log.warning("%s: %s", source, warning)
    return text, warning


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("file not found") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc


def make_article(
    id: str,
    source: str,
    text: str,
    *,
    published: str | None = None,
    url: str | None = None,
    headline: str | None = None,
    warning: str | None = None,
    date_line: bool = True,
    furniture: tuple[tuple[int, int, str], ...] = (),
) -> Article:
    """Build an article: find the date line (if allowed), clean (``furniture``: ranges the
    page's markup marks as bylines or captions, cut like boilerplate), and map offsets."""
    start = 0
    if date_line:
        dated, start = split_date_line(text)
        published = dated or published
    body, offsets, repeats, removed = clean(text, start, furniture=furniture)
    if not body.strip():
        raise InputError("no article text left after removing page furniture")
    return Article(
        id=id,
        source=source,
        text=text,
        published=published,
        url=url,
        headline=headline,
        body=body,
        offsets=offsets,
        repeats=repeats,
        removed=removed,
        warning=warning,
        date_line=date_line,
        furniture=tuple(furniture),
    )


def reread(article_id: str, text: str, reading: dict[str, Any]) -> Article:
    """An article built again from its stored text and :meth:`Article.reading` (with the
    rules in force now); raises :class:`InputError` when nothing is left of it."""
    return make_article(
        article_id,
        reading["source"],
        text,
        published=reading.get("published"),
        url=reading.get("url"),
        headline=reading.get("headline"),
        warning=reading.get("warning"),
        date_line=bool(reading.get("date_line", True)),
        furniture=tuple((int(s), int(e), str(r)) for s, e, r in reading.get("furniture", ())),
    )


# --- plain text ----------------------------------------------------------------


def read_txt(path: Path, article_id: str) -> Article:
    text, warning = decode(_read_bytes(path), str(path))
    return make_article(article_id, str(path), text, warning=warning)


# --- HTML ----------------------------------------------------------------------


class _VisibleText(HTMLParser):
    """Collects visible text by block, skipping furniture tags and cookie/ad containers,
    and notes the blocks the page's markup marks as a byline, caption or credit."""

    VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_tags = set(settings["drop_tags"])
        self.block_tags = set(settings["block_tags"])
        self.drop_attr = settings["drop_attr_re"]
        self.furniture_tags: dict[str, str] = settings["furniture_tags"]
        self.furniture_attrs: tuple[tuple[str, re.Pattern[str]], ...] = settings["furniture_attr_res"]
        self.furniture_attr_names: list[str] = settings["furniture_attr_names"]
        self.stack: list[tuple[str, bool, str | None]] = []  # (tag, dropped, furniture reason)
        self.dropping = 0
        self.blocks: list[tuple[str, str | None]] = []  # (text, furniture reason or None)
        self.current: list[str] = []
        self.current_reason: str | None = None  # an inline byline/credit element marks its block
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.in_article = 0
        self.article_blocks: list[tuple[str, str | None]] = []

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        reason = self.current_reason or next((r for _, _, r in reversed(self.stack) if r), None)
        self.current, self.current_reason = [], None
        if text:
            self.blocks.append((text, reason))
            if self.in_article:
                self.article_blocks.append((text, reason))

    def _furniture(self, tag: str, attr: dict[str, str | None]) -> str | None:
        """Why the page's markup makes this element a byline, caption or credit, if it does."""
        if tag in self.furniture_tags:
            return self.furniture_tags[tag]
        marker = " ".join(filter(None, [attr.get(k) for k in self.furniture_attr_names]))
        return next((reason for reason, pattern in self.furniture_attrs if pattern.search(marker)), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "meta":
            key = attr.get("property") or attr.get("name") or attr.get("itemprop")
            if key and attr.get("content"):
                self.meta[key.lower()] = attr["content"] or ""
            return
        if tag == "time" and attr.get("datetime"):
            self.meta.setdefault("time", attr["datetime"] or "")
        if tag == "title":
            self.in_title = True
        if tag == "br":
            self.current.append(" ")
        if tag in self.VOID:
            return
        marker = " ".join(filter(None, [attr.get("class"), attr.get("id"), attr.get("role")]))
        dropped = tag in self.drop_tags or bool(marker and self.drop_attr.search(marker))
        if tag in self.block_tags:
            self._flush()
        reason = None if dropped else self._furniture(tag, attr)
        if reason and tag not in self.block_tags:
            self.current_reason = reason  # "By <a rel=author>..</a>": the whole line is a byline
        self.stack.append((tag, dropped, reason))
        if dropped:
            self.dropping += 1
        if tag == "article" and not dropped:
            self.in_article += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.VOID or not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:  # close unclosed children too
            name, dropped, _ = self.stack[-1]
            if tag in self.block_tags or name in self.block_tags:
                if not self.dropping:
                    self._flush()  # still on the stack: a caption's own text is marked by it
                else:
                    self.current, self.current_reason = [], None
            self.stack.pop()
            if dropped:
                self.dropping -= 1
            if name == "article" and not dropped:
                self.in_article -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.dropping and not any(t in ("head",) for t, _, _ in self.stack):
            self.current.append(data)

    def result(self) -> list[tuple[str, str | None]]:
        self._flush()
        return self.article_blocks or self.blocks


BLOCK_SEPARATOR = "\n\n"


def read_page(html: str) -> tuple[str, dict[str, str], str, tuple[tuple[int, int, str], ...]]:
    """Visible article text (blocks joined by blank lines), meta tags, the page title, and
    the ``(start, end, reason)`` ranges of the text that the markup marks as a byline,
    caption or credit (kept in the text as read; cut from the body by ``clean``)."""
    settings = load_ingest_settings()["html"]
    parser = _VisibleText(settings)
    parser.feed(html)
    parser.close()
    longest = settings["furniture_max_chars"]  # longer: a wrapper marked "author...", not a byline
    parts: list[str] = []
    furniture: list[tuple[int, int, str]] = []
    cursor = 0
    for i, (block, reason) in enumerate(parser.result()):
        if i:
            parts.append(BLOCK_SEPARATOR)
            cursor += len(BLOCK_SEPARATOR)
        if reason and len(block) <= longest:
            furniture.append((cursor, cursor + len(block), reason))
        parts.append(block)
        cursor += len(block)
    title = " ".join("".join(parser.title).split())
    return "".join(parts), parser.meta, title, tuple(furniture)


def html_to_text(html: str) -> tuple[str, dict[str, str], str]:
    """Visible article text (blocks joined by blank lines), meta tags, and the page title."""
    text, meta, title, _ = read_page(html)
    return text, meta, title


def read_html(path: Path, article_id: str) -> Article:
    html, warning = decode(_read_bytes(path), str(path))
    text, meta, title, furniture = read_page(html)
    if not text.strip():
        raise InputError("HTML page has no visible article text")
    published = _date_only(
        meta.get("article:published_time")
        or meta.get("datepublished")
        or meta.get("date")
        or meta.get("time")
    )
    url = meta.get("og:url")
    headline = meta.get("og:title") or title or None
    return make_article(
        article_id,
        str(path),
        text,
        published=published,
        url=url,
        headline=headline,
        warning=warning,
        date_line=False,
        furniture=furniture,
    )


# --- JSON Lines -----------------------------------------------------------------

# Field names: ours first, then IPTC ninjs.
JSONL_FIELDS = {
    "id": ("id", "guid", "uri"),
    "text": ("text", "body_text", "body"),
    "published": ("published", "versioncreated", "firstcreated", "date"),
    "url": ("url", "uri"),
    "headline": ("headline", "title"),
}


def _field(row: dict[str, Any], name: str) -> Any:
    for key in JSONL_FIELDS[name]:
        if row.get(key) not in (None, ""):
            return row[key]
    return None


def _date_only(value: Any) -> str | None:
    if not value:
        return None
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value))
    return match.group(1) if match else None


def read_jsonl(path: Path, file_id: str, data: bytes | None = None) -> Iterator[Record]:
    """Articles of a JSON Lines feed: the file at ``path``, or ``data`` already read (standard
    input), with sources ``PATH#L3`` and fallback ids ``FILE_ID-L3``."""
    try:
        raw, warning = decode(_read_bytes(path) if data is None else data, str(path))
    except InputError as exc:
        yield IngestError(file_id, str(path), str(exc))
        return
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{path}#L{lineno}"
        fallback_id = f"{file_id}-L{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(fallback_id, source, f"line {lineno}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(row, dict):
            yield IngestError(fallback_id, source, f"line {lineno}: not a JSON object")
            continue
        raw_id = _field(row, "id")
        article_id = safe_id(str(raw_id)) if raw_id else fallback_id
        text = _field(row, "text")
        if not isinstance(text, str) or not text.strip():
            yield IngestError(
                article_id,
                source,
                f"line {lineno}: no article text (expected a non-empty 'text' or 'body_text')",
            )
            continue
        try:
            yield make_article(
                article_id,
                source,
                text,
                published=_date_only(_field(row, "published")),
                url=_field(row, "url"),
                headline=_field(row, "headline"),
                warning=warning,
                date_line=False,
            )
        except InputError as exc:
            yield IngestError(article_id, source, f"line {lineno}: {exc}", text)


# --- entry point ------------------------------------------------------------------


def _file_id(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return safe_id(rel.with_suffix("").as_posix().replace("/", "__"))


def read_file(path: Path, root: Path | None = None) -> Iterator[Record]:
    """Articles (or errors) from one file; ``-`` is a JSON Lines feed on standard input."""
    if str(path) == STDIN:
        yield from read_jsonl(Path(STDIN_NAME), STDIN_NAME, data=sys.stdin.buffer.read())
        return
    file_id = _file_id(path, root or path.parent)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind == "jsonl":
        yield from read_jsonl(path, file_id)
        return
    try:
        if kind == "txt":
            yield read_txt(path, file_id)
        elif kind == "html":
            yield read_html(path, file_id)
        else:
            raise InputError(
                f"unsupported file type {path.suffix or '(none)'!r}; expected .txt, .html, .htm or .jsonl"
            )
    except InputError as exc:
        yield IngestError(file_id, str(path), str(exc))


def read_articles(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Every article (or error) from files and folders, in a stable order, ids made unique."""
    seen: dict[str, int] = {}
    for path, root in discover(paths):
        for record in read_file(path, root):
            count = seen.get(record.id, 0)
            seen[record.id] = count + 1
            if count:
                record = _with_id(record, f"{record.id}-{count + 1}")
            yield record


def _with_id(record: Record, new_id: str) -> Record:
    from dataclasses import replace

    return replace(record, id=new_id)
