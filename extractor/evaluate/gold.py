"""Load and validate gold (and prediction) files in the shared annotation format.

The format is defined in ``ANNOTATION.md``: JSON Lines, UTF-8, one article a
line, with ``entities``, ``quotes``, ``claims`` and optional cross-article
``figures``. Everything that points into the text gives ``start``/``end`` or a
``span`` (with a 1-based ``occurrence``); the loader resolves spans to offsets
so that scoring only ever compares offsets.

This module has no spaCy dependency: predictions arrive as plain dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

ENTITY_LABELS = ("FORCE", "OFFICIAL", "REGION", "ORG")
APPROX_VALUES = (
    "exact",
    "at_least",
    "more_than",
    "almost",
    "about",
    "at_most",
    "less_than",
)
GOLD_FIGURE_STATUSES = ("consistent", "conflict")
PRED_FIGURE_STATUSES = ("single", "agreed", "compatible", "conflict")
ITEM_LISTS = ("entities", "quotes", "claims")


class GoldFormatError(ValueError):
    """A gold or prediction file that does not follow the annotation format.

    The message names the file, the 1-based line, the article id when it is
    known, and the cause, e.g.
    ``gold.jsonl line 4 (article 'x'): entities[2]: span 'Kent Police' not found``.
    """

    def __init__(self, path: str, line: int, cause: str, doc_id: str | None = None):
        self.path = path
        self.line = line
        self.cause = cause
        self.doc_id = doc_id
        article = f" (article {doc_id!r})" if doc_id is not None else ""
        super().__init__(f"{path} line {line}{article}: {cause}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the error picklable across processes despite the custom __init__.
        return (type(self), (self.path, self.line, self.cause, self.doc_id))


@dataclass(frozen=True)
class _Where:
    """Where in which file a record was read, for error messages."""

    path: str
    line: int
    doc_id: str | None = None

    def fail(self, cause: str) -> NoReturn:
        raise GoldFormatError(self.path, self.line, cause, self.doc_id)


@dataclass(frozen=True)
class _Mode:
    """How strict loading is: gold files are strict, predictions lenient."""

    strict: bool
    figure_statuses: tuple[str, ...]


_GOLD = _Mode(strict=True, figure_statuses=GOLD_FIGURE_STATUSES)
_PRED = _Mode(
    strict=False,
    figure_statuses=tuple(dict.fromkeys(PRED_FIGURE_STATUSES + GOLD_FIGURE_STATUSES)),
)


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSON Lines file and return its articles, validated.

    Reads ``path`` (UTF-8, blank lines skipped) and any ``text_file`` it names
    (relative to the gold file's folder). Returns one dict per article:
    ``{"id", "text", "meta", "entities", "quotes", "claims", "figures",
    "line", ...}`` where every entity, quote and claim has integer
    ``start``/``end`` and ``text`` (the covered substring), with its other
    fields kept. Raises :class:`GoldFormatError` on any format error.
    """
    return _load(Path(path), _GOLD)


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read a predictions file in the gold format, lenient on optional fields.

    Like :func:`load_gold`, but an article may lack its text (``text`` is then
    ``None`` and offsets are not range-checked), a claim may lack ``approx``,
    an item may lack both ``span`` and offsets (``start``/``end`` are then
    ``None``), and figures may carry the reconciler's statuses
    (single, agreed, compatible, conflict).
    """
    return _load(Path(path), _PRED)


def find_occurrence(text: str, span: str, occurrence: int = 1) -> int | None:
    """Return the start of the ``occurrence``-th hit of ``span`` in ``text``.

    Each search starts one character after the previous hit, so overlapping
    hits and hits inside other words count (NOTES.md, "Format").
    Case-sensitive. Returns ``None`` when there are fewer hits.
    """
    pos = -1
    for _ in range(occurrence):
        pos = text.find(span, pos + 1)
        if pos < 0:
            return None
    return pos


def _load(path: Path, mode: _Mode) -> list[dict[str, Any]]:
    """Read every non-blank line of ``path`` into a normalised article dict."""
    docs: list[dict[str, Any]] = []
    first_line: dict[str, int] = {}
    for line_no, raw in _read_lines(path):
        where = _Where(str(path), line_no)
        record = _parse_record(raw, where)
        doc_id = _doc_id(record, where)
        where = replace(where, doc_id=doc_id)
        if doc_id in first_line:
            where.fail(f"duplicate id (first on line {first_line[doc_id]})")
        first_line[doc_id] = line_no
        docs.append(_normalise_doc(record, path.parent, where, mode))
    return docs


def _read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line) for each non-blank line of ``path``."""
    with path.open(encoding="utf-8-sig") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if raw.strip():
                yield line_no, raw


def _parse_record(raw: str, where: _Where) -> dict[str, Any]:
    """Parse one JSON line; it must hold an object."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        where.fail(f"bad JSON: {err.msg} at column {err.colno}")
    if not isinstance(record, dict):
        where.fail(f"not a JSON object but {type(record).__name__}")
    return record


def _doc_id(record: dict[str, Any], where: _Where) -> str:
    """Return the article id as a string; it must be present and non-empty."""
    doc_id = record.get("id")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if doc_id is None:
        where.fail("missing id")
    if not isinstance(doc_id, str):
        where.fail(f"id must be a string, not {type(doc_id).__name__}")
    if not doc_id.strip():
        where.fail("empty id")
    return doc_id


def _normalise_doc(record: dict[str, Any], base_dir: Path, where: _Where, mode: _Mode) -> dict[str, Any]:
    """Validate one article record and return it in normal form."""
    text = _doc_text(record, base_dir, where, mode)
    doc = {key: value for key, value in record.items() if key not in ITEM_LISTS}
    doc.update(id=where.doc_id, text=text, meta=_meta(record, where), line=where.line)
    for name in ITEM_LISTS:
        items = _item_list(record, name, where)
        doc[name] = [
            _normalise_item(name, index, item, text, where, mode) for index, item in enumerate(items, start=1)
        ]
    doc["figures"] = [
        _check_figure(index, figure, where, mode)
        for index, figure in enumerate(_item_list(record, "figures", where), start=1)
    ]
    return doc


def _doc_text(record: dict[str, Any], base_dir: Path, where: _Where, mode: _Mode) -> str | None:
    """Return the article text, from ``text`` or from ``text_file``."""
    text = record.get("text")
    if text is not None:
        if not isinstance(text, str):
            where.fail("text must be a string")
        return text
    text_file = record.get("text_file")
    if text_file is None:
        if mode.strict:
            where.fail("neither text nor text_file")
        return None
    if not isinstance(text_file, str) or not text_file:
        where.fail("text_file must be a non-empty string")
    return _read_text_file(base_dir / text_file, text_file, where)


def _read_text_file(full_path: Path, given: str, where: _Where) -> str:
    """Read a ``text_file`` as UTF-8, failing with the path as given."""
    if not full_path.is_file():
        where.fail(f"text_file {given!r} not found (looked for {full_path})")
    try:
        return full_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        where.fail(f"text_file {given!r} is not UTF-8: {err.reason}")


def _meta(record: dict[str, Any], where: _Where) -> dict[str, Any]:
    """Return the ``meta`` object ({} when missing)."""
    meta = record.get("meta")
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        where.fail("meta must be an object")
    return dict(meta)


def _item_list(record: dict[str, Any], name: str, where: _Where) -> list[Any]:
    """Return the list under ``name`` ([] when missing or null)."""
    items = record.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        where.fail(f"{name} must be a list")
    return items


def _normalise_item(
    name: str, index: int, item: Any, text: str | None, where: _Where, mode: _Mode
) -> dict[str, Any]:
    """Validate one entity, quote or claim and resolve its offsets."""
    ref = f"{name}[{index}]"
    if not isinstance(item, dict):
        where.fail(f"{ref} is not an object")
    if name == "entities" and item.get("label") not in ENTITY_LABELS:
        where.fail(f"{ref}: unknown entity label {item.get('label')!r} (allowed: {', '.join(ENTITY_LABELS)})")
    if name == "claims":
        _check_approx(item, ref, where, mode)
    return _resolve_offsets(item, text, where, ref, mode)


def _check_approx(item: dict[str, Any], ref: str, where: _Where, mode: _Mode) -> None:
    """A claim's ``approx`` must be one of APPROX_VALUES (optional in predictions)."""
    approx = item.get("approx")
    if approx is None and not mode.strict:
        return
    if approx not in APPROX_VALUES:
        where.fail(f"{ref}: claim approx {approx!r} not one of {', '.join(APPROX_VALUES)}")


def _check_figure(index: int, figure: Any, where: _Where, mode: _Mode) -> dict[str, Any]:
    """A figure must be an object with a known ``status``; returns a copy."""
    ref = f"figures[{index}]"
    if not isinstance(figure, dict):
        where.fail(f"{ref} is not an object")
    status = figure.get("status")
    if status not in mode.figure_statuses:
        where.fail(f"{ref}: figure status {status!r} not one of {', '.join(mode.figure_statuses)}")
    return dict(figure)


def _resolve_offsets(
    item: dict[str, Any], text: str | None, where: _Where, ref: str, mode: _Mode
) -> dict[str, Any]:
    """Return a copy of ``item`` with integer ``start``/``end`` and ``text``.

    Offsets given are checked against the text and against ``span`` when both
    are given; otherwise ``span`` + ``occurrence`` are resolved.
    """
    span = item.get("span")
    if span is not None and (not isinstance(span, str) or not span):
        where.fail(f"{ref}: span must be a non-empty string")
    if item.get("start") is None and item.get("end") is None:
        if span is None:
            if mode.strict:
                where.fail(f"{ref}: neither span nor start/end")
            return {**item, "start": None, "end": None, "text": None}
        start, end = _find_span(text, span, _occurrence(item, ref, where), ref, where)
    else:
        start, end = _given_offsets(item, text, ref, where)
    covered = text[start:end] if text is not None else span
    if span is not None and covered != span:
        where.fail(f"{ref}: text[{start}:{end}] is {covered!r}, not span {span!r}")
    return {**item, "start": start, "end": end, "text": covered}


def _occurrence(item: dict[str, Any], ref: str, where: _Where) -> int:
    """Return the item's 1-based ``occurrence`` (default 1)."""
    occurrence = item.get("occurrence", 1)
    if occurrence is None:
        return 1
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        where.fail(f"{ref}: occurrence must be a positive integer, not {occurrence!r}")
    return occurrence


def _find_span(text: str | None, span: str, occurrence: int, ref: str, where: _Where) -> tuple[int, int]:
    """Resolve ``span``'s ``occurrence``-th hit in ``text`` to (start, end)."""
    if text is None:
        where.fail(f"{ref}: span {span!r} given but the article has no text")
    start = find_occurrence(text, span, occurrence)
    if start is None:
        nth = f" (occurrence {occurrence})" if occurrence > 1 else ""
        where.fail(f"{ref}: span {span!r}{nth} not found")
    return start, start + len(span)


def _given_offsets(item: dict[str, Any], text: str | None, ref: str, where: _Where) -> tuple[int, int]:
    """Check explicit ``start``/``end``: integers, start < end, inside the text."""
    start, end = item.get("start"), item.get("end")
    for key, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            where.fail(f"{ref}: {key} must be an integer, not {value!r}")
    if start < 0 or start >= end:
        where.fail(f"{ref}: bad offsets start={start} end={end}")
    if text is not None and end > len(text):
        where.fail(f"{ref}: offsets start={start} end={end} out of range (text has {len(text)} characters)")
    return start, end
