"""Read wire copy from plain text, HTML pages and JSON Lines feeds.

Every input yields :class:`Article` or :class:`IngestError` records; a bad
file or line never stops the batch. Offsets refer to ``Article.text``: the
decoded file for ``.txt``, the visible text for HTML, the text field for JSONL.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

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


BOMS = (  # longest first: a UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """UTF-8 (BOM allowed), UTF-16/32 with a byte-order mark, else cp1252 with a warning;
    binary and empty inputs are errors."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes: a {codec} mark, but bad byte {exc.start}") from exc
            if not text.strip():
                raise InputError("empty file")
            return text, None
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


def limits() -> dict[str, int]:
    """Input size limits and the sentence window (models/ingest.json ``limits``)."""
    return load_ingest_settings()["limits"]


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file (a device such as
    /dev/zero, a pipe or a socket could be read forever or block)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as exc:
        raise InputError(f"no such file or folder: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise InputError("is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise InputError("not a regular file (a device, pipe or socket), not read")
    try:
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc


def too_large(limit: int) -> str:
    """The error of a file over ``max_file_bytes``."""
    return f"file is larger than {limit:,} bytes (models/ingest.json limits.max_file_bytes); not read"


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, up to ``max_file_bytes``: a larger file is an error, not read."""
    limit = limits()["max_file_bytes"]
    with _open_regular(path) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(too_large(limit))
    return data


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
    page's markup marks as bylines or captions, cut like boilerplate), and map offsets; an
    article over ``max_article_chars`` is an InputError, not read."""
    limit = limits()["max_article_chars"]
    if len(text) > limit:
        raise InputError(
            f"article is {len(text):,} characters, over the limit of {limit:,} "
            "(models/ingest.json limits.max_article_chars); not read"
        )
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
        # tags on the stack, and the furniture reasons of open elements (innermost last):
        # deep nesting costs no rescans
        self.open: Counter[str] = Counter()
        self.reasons: list[str] = []
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
        reason = self.current_reason or (self.reasons[-1] if self.reasons else None)
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
        self.open[tag] += 1
        if reason:
            self.reasons.append(reason)
        if dropped:
            self.dropping += 1
        if tag == "article" and not dropped:
            self.in_article += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.VOID or not self.open[tag]:
            return
        while self.stack:  # close unclosed children too
            name, dropped, reason = self.stack[-1]
            if tag in self.block_tags or name in self.block_tags:
                if not self.dropping:
                    self._flush()  # still on the stack: a caption's own text is marked by it
                else:
                    self.current, self.current_reason = [], None
            self.stack.pop()
            self.open[name] -= 1
            if reason:
                self.reasons.pop()
            if dropped:
                self.dropping -= 1
            if name == "article" and not dropped:
                self.in_article -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.dropping and not self.open["head"]:
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


def _whole_number(digits: str) -> int | str:
    """A JSON integer; one too long for ``int()`` (Python refuses over 4,300 digits) is
    kept as its digits: no field we read is a number that long, and the line is still read."""
    return int(digits) if len(digits) <= 100 else digits


SURROGATE = re.compile("[\ud800-\udfff]")


def _text_field(row: dict[str, Any], name: str, notes: list[str]) -> str | None:
    """Field ``name`` as text: numbers are written out, anything else (an object, a list)
    is left out with a note; lone surrogates (\\ud800, not encodable) become U+FFFD,
    one character for one, so offsets hold."""
    value = _field(row, name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        notes.append(f"'{name}' is not text (a JSON {type(value).__name__}); left out")
        return None
    value = str(value)
    if SURROGATE.search(value):
        notes.append(f"'{name}' has lone surrogate code points; each replaced by U+FFFD")
        value = SURROGATE.sub("\ufffd", value)
    return value


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` of a feed, split on LF only (JSON strings may hold U+2028
    and CR-only text, which ``str.splitlines`` would break); a line over ``limit``
    bytes comes as ``None`` and is skipped without being held in memory."""
    lineno = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, line


class _Prefixed:
    """A binary stream whose first bytes were already read (``head``), read on by lines:
    standard input cannot seek back to its start."""

    def __init__(self, head: bytes, handle: BinaryIO) -> None:
        self.head, self.handle = head, handle

    def readline(self, size: int) -> bytes:
        """Up to ``size`` bytes, ending at the first LF (as ``BinaryIO.readline``)."""
        if not self.head:
            return self.handle.readline(size)
        end = self.head.find(b"\n", 0, size)
        cut = end + 1 if end >= 0 else min(size, len(self.head))
        line, self.head = self.head[:cut], self.head[cut:]
        if end < 0 and len(line) < size:  # the line goes on past the bytes read first
            line += self.handle.readline(size - len(line))
        return line


def _stream_lines(handle: BinaryIO, source: str) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a feed open as ``handle`` (a file or standard input), streamed; a feed
    in UTF-16/32 (with a mark) is decoded whole first, up to ``max_file_bytes``."""
    limit = limits()["max_file_bytes"]
    head = handle.read(4096)
    if any(head.startswith(bom) for bom, _ in BOMS):
        text, _ = decode(head + _read_rest(handle, limit), source)
        for lineno, line in enumerate(text.split("\n"), 1):
            yield lineno, line.encode("utf-8")
        return
    if not head.strip():
        raise InputError("empty file")
    if b"\x00" in head:
        raise InputError("binary file (contains NUL bytes), not text")
    yield from _lines(_Prefixed(head, handle), limit)  # type: ignore[arg-type]


def _feed_lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """A feed file's lines, streamed (a regular file only)."""
    with _open_regular(path) as handle:
        yield from _stream_lines(handle, str(path))


def _read_rest(handle: BinaryIO, limit: int) -> bytes:
    """The rest of an open file, up to ``limit`` bytes (InputError past it)."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(too_large(limit))
    return data


def read_jsonl(path: Path, file_id: str, handle: BinaryIO | None = None) -> Iterator[Record]:
    """One article per line of a JSON Lines feed: the file at ``path``, or ``handle``
    already open (standard input, named by ``path``), with sources ``PATH#L3`` and fallback
    ids ``FILE_ID-L3``; a bad line is an error row naming it (bad JSON, too deep, not an
    object, no text, over the size limit) and the rest of the feed is read; fields of the
    wrong type are left out with a warning."""
    lines = _feed_lines(path) if handle is None else _stream_lines(handle, str(path))
    while True:
        try:
            item = next(lines, None)
        except InputError as exc:
            yield IngestError(file_id, str(path), str(exc))
            return
        except OSError as exc:
            yield IngestError(file_id, str(path), f"cannot read file: {exc.strerror or exc}")
            return
        if item is None:
            return
        lineno, data = item
        source = f"{path}#L{lineno}"
        fallback_id = f"{file_id}-L{lineno}"
        if data is None:
            limit = limits()["max_file_bytes"]
            yield IngestError(fallback_id, source, f"line {lineno}: longer than {limit:,} bytes; not read")
            continue
        if not data.strip():
            continue
        record = _feed_record(data, lineno, source, fallback_id)
        if record is not None:
            yield record


def _feed_record(data: bytes, lineno: int, source: str, fallback_id: str) -> Record | None:
    """The article (or error) of one feed line."""
    try:
        line, warning = decode(data.lstrip(codecs.BOM_UTF8) if lineno == 1 else data, source)
    except InputError as exc:
        return IngestError(fallback_id, source, f"line {lineno}: {exc}")
    try:
        row = json.loads(line, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        return IngestError(fallback_id, source, f"line {lineno}: not valid JSON ({exc.msg})")
    except RecursionError:
        return IngestError(fallback_id, source, f"line {lineno}: JSON nested too deeply to read")
    except ValueError as exc:  # a float literal too large, and the like
        return IngestError(fallback_id, source, f"line {lineno}: not valid JSON ({exc})")
    if not isinstance(row, dict):
        return IngestError(fallback_id, source, f"line {lineno}: not a JSON object")
    notes: list[str] = [warning] if warning else []
    raw_id = _text_field(row, "id", notes)
    article_id = safe_id(raw_id) if raw_id else fallback_id
    text = _field(row, "text")
    if not isinstance(text, str) or not text.strip():
        return IngestError(
            article_id,
            source,
            f"line {lineno}: no article text (expected a non-empty 'text' or 'body_text')",
        )
    text = _text_field(row, "text", notes) or text
    url, headline = _text_field(row, "url", notes), _text_field(row, "headline", notes)
    published = _date_only(_text_field(row, "published", notes))
    for note in notes[1 if warning else 0 :]:
        log.warning("%s: %s", source, note)
    try:
        return make_article(
            article_id,
            source,
            text,
            published=published,
            url=url,
            headline=headline,
            warning="; ".join(notes) or None,
            date_line=False,
        )
    except InputError as exc:
        return IngestError(article_id, source, f"line {lineno}: {exc}")


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
        # read line by line as it arrives, like a feed file (never held whole)
        yield from read_jsonl(Path(STDIN_NAME), STDIN_NAME, handle=sys.stdin.buffer)
        return
    file_id = _file_id(path, root or path.parent)
    if not path.exists() and not path.is_symlink():
        yield IngestError(file_id, str(path), f"no such file or folder: {path}")
        return
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


FEED_LINE = re.compile(r"#L(\d+)$")


def from_stdin(source: str) -> bool:
    """Whether ``source`` is a line of a feed read from standard input (``stdin#L3``)."""
    return source.startswith(f"{STDIN_NAME}#L")


def origin(article_id: str, source: str, sha256: str | None = None) -> str:
    """What makes an article the same one on a later run: a feed's own id (a wire id
    names one story, whichever feed file brings it again), else the file it was read
    from (``day1/story.txt`` and ``day2/story.txt`` are two articles, even under one id);
    a line of standard input names no file, so there only the same text (``sha256``) is
    the same article (line 3 of today's feed is not line 3 of yesterday's)."""
    line = FEED_LINE.search(source)
    if line and not article_id.endswith(f"-L{line.group(1)}"):
        return f"id:{article_id}"
    if from_stdin(source):
        return f"text:{sha256}"
    return f"file:{source}"


def same_file(stored: str, source: str) -> bool:
    """Whether two sources are the same input reached by two paths (``corpus/a.txt`` and
    ``/home/desk/corpus/a.txt``): the same line of the same file on disk."""
    if from_stdin(stored) or from_stdin(source):  # "stdin" is no file's name here
        return False
    line_a, line_b = FEED_LINE.search(stored), FEED_LINE.search(source)
    if (line_a and line_a.group(1)) != (line_b and line_b.group(1)):
        return False
    try:
        return os.path.samefile(FEED_LINE.sub("", stored), FEED_LINE.sub("", source))
    except (OSError, ValueError):  # gone, unreadable, or a name the OS refuses
        return False


class IdRegistry:
    """Gives every article an id no other article holds, in this batch or in the store.

    ``stored`` maps the ids already in the evidence store to their sources, ``digests``
    to the SHA-256 of their text. A stored id is this article's own when it came from
    the same origin (see :func:`origin`), the same source, the same file reached by
    another path, or has the same text (a folder moved or named another way): a
    re-run updates or skips it in place. An id held by another article, earlier in this
    batch or in the store, becomes the first free ``ID-2``, ``ID-3``..., with a warning,
    so no article is ever overwritten by another; the same inputs read again get the
    same ids.
    """

    def __init__(self, stored: dict[str, str] | None = None, digests: dict[str, str] | None = None) -> None:
        self.stored = stored or {}
        self.digests = digests or {}
        self.stored_origin = {i: origin(i, source, self.digests.get(i)) for i, source in self.stored.items()}
        self.by_origin = {o: i for i, o in self.stored_origin.items()}
        self.used: set[str] = set()

    def _free(self, article_id: str, key: str, record: Record) -> bool:
        """Not used in this batch, and in the store (if at all) for this same article."""
        if article_id in self.used:
            return False
        source = self.stored.get(article_id)
        if source is None or self.stored_origin[article_id] == key:
            return True
        if source == record.source and not from_stdin(source):  # the same file, changed
            return True
        digest = self.digests.get(article_id)
        return bool(digest and digest == record.sha256) or same_file(source, record.source)

    def assign(self, record: Record) -> Record:
        key = origin(record.id, record.source, record.sha256)
        wanted = self.by_origin.get(key, record.id)
        new_id, n = wanted, 1
        while not self._free(new_id, key, record):
            n += 1
            new_id = f"{wanted}-{n}"
        self.used.add(new_id)
        if new_id == record.id:
            return record
        note = (
            f"id {record.id!r} is held by another article (in this batch or the store); stored as {new_id!r}"
        )
        log.warning("%s: %s", record.source, note)
        if isinstance(record, IngestError):
            return replace(record, id=new_id)
        warning = f"{record.warning}; {note}" if record.warning else note
        return replace(record, id=new_id, warning=warning)


def read_articles(
    paths: Iterable[str | Path], stored: dict[str, str] | None = None, digests: dict[str, str] | None = None
) -> Iterator[Record]:
    """Every article (or error) from files and folders, in a stable order, each with an
    id no other holds in the batch or in the store (``stored``: id -> source, ``digests``:
    id -> SHA-256 of the text; see :class:`IdRegistry`)."""
    ids = IdRegistry(stored, digests)
    for path, root in discover(paths):
        for record in read_file(path, root):
            yield ids.assign(record)
