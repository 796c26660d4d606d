"""The fact-checkers' review page: one self-contained HTML file per batch.

Reads ``OUT/evidence.sqlite`` (documents, entities, claims, figures,
figure_claims, checks, decisions) and writes ``OUT/report.html``: conflicts
first, then failed checks, then compatible, agreed and single-source figures,
each with every statement behind it and the number, qualifier phrase and force
marked in its sentence (displaCy-style ``<mark>`` elements).

The page carries its data as JSON in ``<script type="application/json">``
(with ``<``, ``>`` and ``&`` written as ``\\u003c``...) and builds the DOM with
``textContent``, so article text can never become markup. Its CSS and JS are
inline and pinned by hash in a Content-Security-Policy; it loads nothing from
the network and opens from disk. Decisions are recorded through the review
server (:mod:`extractor.outputs.review`).
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import html
import json
import logging
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import pandas as pd

from ..lexicons import load_forces, slug
from ..reconcile.figures import stored_key, weak_attributes
from .store import DECISIONS, ORDER, read_decisions

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "report_assets"
STORE_NAME = "evidence.sqlite"
REPORT_NAME = "report.html"

# section order on the page (the issue's: conflicts, failed checks, compatible, agreed)
SECTIONS = [
    ("conflict", "Conflicts", "Independent sources whose scope, period and qualifiers are stated disagree."),
    (
        "unresolved",
        "Unresolved",
        "The statements disagree, but the evidence cannot settle it: the reason "
        "names what is missing (one article states several values, copies of one source, a weak attribute).",
    ),
    ("outlier", "Outliers", "One value is more than ten times the others: a likely scope or measure error."),
    (
        "failed",
        "Failed checks",
        "Arithmetic over the figures that does not add up, and figures stated for "
        "periods a year apart (a possible period error).",
    ),
    ("compatible", "Compatible", "Every statement can be true at once (“almost 160” and 158)."),
    (
        "agreed",
        "Agreed",
        "Two or more articles state the same exact value (the sources line says how many "
        "are independent: copies of one wire story agree without confirming each other).",
    ),
    ("single", "Single source", "Stated by one article only."),
]
STATUS_ORDER = {"conflict": 0, "unresolved": 1, "outlier": 2, "compatible": 3, "agreed": 4, "single": 5}
# A page opens fast and stays small whatever the batch: its figures are split into pages
# (``report.html``, then ``report-pages/p0002.html``...), each of at most FIGURES_PER_PAGE
# figures and STATEMENTS_PER_PAGE statements, at most MAX_STATEMENTS a figure (all are in
# claims.csv), so every file is a few MB. Conflicts, unresolved figures, outliers and the
# figures of failed checks come first: they are on the first page unless there are more
# of them than a page holds. The first page also lists up to MAX_FAILED_CHECKS failed
# checks (all are in checks.csv).
FIGURES_PER_PAGE = 1000
STATEMENTS_PER_PAGE = 2000
MAX_STATEMENTS = 50
MAX_FAILED_CHECKS = 1000
PAGES_DIR = "report-pages"
PAGE_NAME = re.compile(r"p(\d{4,})\.html")
FIRST = ("conflict", "unresolved", "outlier")  # statuses shown ahead of any other figure

CHOSEN_BY = {
    "conflict:most-stated": "the value stated most often; the statements conflict",
    "unresolved:most-stated": "the value stated most often; the disagreement is unresolved",
    "exact:most-stated-in-common-interval": "the exact value stated most often among those every "
    "statement allows",
    "bound:lower": "no exact value fits every statement: the lowest value they all allow",
    "bound:upper": "no exact value fits every statement: the highest value they all allow",
}

# marks that win when two would cross: the number, the place named, the scope cue, the clause
PRIORITY = {"NUMBER": 4, "FORCE": 3, "REGION": 3, "CUE": 2, "QUALIFIER": 1}
PUNCT = re.compile(r"^\W+$")


def store_path(out_dir: Path) -> Path:
    """``OUT/evidence.sqlite``; FileNotFoundError naming it when it is not there."""
    path = Path(out_dir) / STORE_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run 'extractor run INPUTS --out {out_dir}' first")
    return path


# --- highlighting ------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


def _bounded(sentence: str, text: str) -> list[int]:
    """Offsets of ``text`` in ``sentence``; whole-word occurrences if there are any."""
    if not text:
        return []
    found = []  # non-overlapping, left to right (as re.finditer would)
    i = sentence.find(text)
    while i >= 0:
        found.append(i)
        i = sentence.find(text, i + len(text))

    def whole(i: int) -> bool:
        before = sentence[i - 1] if i > 0 else " "
        after = sentence[i + len(text)] if i + len(text) < len(sentence) else " "
        return not before.isalnum() and not after.isalnum()

    return [i for i in found if whole(i)] or found


def locate_number(
    sentence: str, text: str, start: int | None, anchors: Iterable[tuple[int, str]] = ()
) -> Span | None:
    """Where the number ``text`` (at article offset ``start``) is in ``sentence``.

    The store keeps no article text, so when the number occurs more than once the
    sentence's own article offset is inferred: the occurrence under which most
    ``anchors`` (other spans of the same sentence: article offset and text) land on
    their text wins; otherwise the first."""
    found = _bounded(sentence, text)
    if not found:
        return None
    best = found[0]
    if len(found) > 1 and start is not None:
        anchors = list(anchors)

        def score(i: int) -> int:
            base = start - i
            return sum(sentence[a - base : a - base + len(t)] == t for a, t in anchors if a - base >= 0)

        best = max(found, key=lambda i: (score(i), -i))
    return Span(best, best + len(text), "NUMBER")


def locate_phrase(sentence: str, phrase: str | None, near: int = 0) -> Span | None:
    """The qualifier clause in ``sentence``. It is stored token by token ("allegations ,",
    "re - vetting"), so tokens are matched with any spacing between them; leading and
    trailing punctuation is left out. The occurrence nearest ``near`` wins."""
    tokens = (phrase or "").split()
    while tokens and PUNCT.match(tokens[-1]):
        tokens.pop()
    while tokens and PUNCT.match(tokens[0]):
        tokens.pop(0)
    if not tokens:
        return None
    matches = list(_phrase_pattern(tuple(tokens)).finditer(sentence))
    if not matches:
        return None
    m = min(matches, key=lambda m: abs(m.start() - near))
    return Span(m.start(), m.end(), "QUALIFIER")


@lru_cache(maxsize=4096)
def _phrase_pattern(tokens: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(t) for t in tokens))


def locate_mentions(sentence: str, mentions: Iterable[tuple[str, str]]) -> list[Span]:
    """Every occurrence in ``sentence`` of each mention (text, label)."""
    spans = []
    for text, label in set(mentions):
        spans.extend(Span(i, i + len(text), label) for i in _bounded(sentence, text))
    return spans


def _crosses(a: Span, b: Span) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Spans that nest or are apart: in priority order, a span that crosses one kept
    already is cut back to where it meets it (or dropped when nothing is left); an
    exact repeat of a kept range is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-PRIORITY.get(s.label, 0), s.start, -s.end)):
        for other in sorted(kept, key=lambda s: s.start):
            if span.end <= span.start:
                break
            if _crosses(span, other):
                if span.start < other.start:
                    span = Span(span.start, other.start, span.label)
                else:
                    span = Span(other.end, span.end, span.label)
        if span.end > span.start and all((k.start, k.end) != (span.start, span.end) for k in kept):
            if not any(_crosses(span, k) for k in kept):
                kept.append(span)
    return sorted(kept, key=lambda s: (s.start, -s.end))


def _strip(sentence: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and sentence[start].isspace():
        start += 1
    while end > start and sentence[end - 1].isspace():
        end -= 1
    return Span(start, end, span.label)


def mark_tree(sentence: str, spans: Iterable[Span]) -> list[Any]:
    """``sentence`` as nodes for the page: plain strings and ``{"label", "children"}``
    marks, nested where one span lies inside another."""
    ordered = [s for s in (_strip(sentence, s) for s in resolve(spans)) if s.end > s.start]
    ordered = sorted(ordered, key=lambda s: (s.start, -s.end))

    def build(start: int, end: int, inner: list[Span]) -> list[Any]:
        nodes: list[Any] = []
        pos = start
        i = 0
        while i < len(inner):
            span = inner[i]
            children = []
            j = i + 1
            while j < len(inner) and inner[j].end <= span.end:
                children.append(inner[j])
                j += 1
            if span.start > pos:
                nodes.append(sentence[pos : span.start])
            nodes.append({"label": span.label, "children": build(span.start, span.end, children)})
            pos = span.end
            i = j
        if pos < end:
            nodes.append(sentence[pos:end])
        return nodes

    return build(0, len(sentence), ordered)


def offset_marks(
    sentence: str, sentence_start: int, spans: Iterable[tuple[Any, Any, str]]
) -> list[Any] | None:
    """The sentence with spans marked by their offsets in the article (``(start, end,
    label)``, None where unknown): nothing is searched for, so "Met" is never marked
    inside "Metropolitan". Spans that start outside the sentence are left out; None when the
    sentence's offset is not known (a store written before it was kept)."""
    if not sentence or sentence_start is None:
        return None
    end_of = sentence_start + len(sentence)
    kept = tuple(  # a span running past the sentence's end is cut there
        (int(s) - sentence_start, min(int(e), end_of) - sentence_start, label)
        for s, e, label in spans
        if s is not None and e is not None and sentence_start <= int(s) < min(int(e), end_of)
    )
    return _copy_tree(_marked(sentence, kept))


def _copy_tree(nodes: list[Any]) -> list[Any]:
    """A fresh copy of a :func:`mark_tree` result (strings and ``{"label", "children"}``)."""
    return [
        n if type(n) is str else {"label": n["label"], "children": _copy_tree(n["children"])} for n in nodes
    ]


@lru_cache(maxsize=4096)
def _marked(sentence: str, spans: tuple[tuple[int, int, str], ...]) -> list[Any]:
    """:func:`mark_tree` of a sentence and its spans (offsets in the sentence), worked out
    once: copies of a wire story print the same sentence with the same marks (the caller
    copies the result, so no page shares a node with another)."""
    return mark_tree(sentence, [Span(*s) for s in spans])


def sentence_marks(
    sentence: str,
    number: str,
    start: int | None,
    qualifier_text: str | None,
    mentions: Iterable[tuple[str, str]] = (),
    anchors: Iterable[tuple[int, str]] = (),
) -> list[Any]:
    """The sentence of a claim with its NUMBER, QUALIFIER and FORCE/REGION mentions marked."""
    if not sentence:
        return []
    spans = locate_mentions(sentence, mentions)
    found = locate_number(sentence, number, start, anchors)
    if found:
        spans.append(found)
    qualifier = locate_phrase(sentence, qualifier_text, found.end if found else 0)
    if qualifier:
        spans.append(qualifier)
    return mark_tree(sentence, spans)


# --- formatting -------------------------------------------------------------------------


_PLAIN = (str, int, bool)


def _clean(value: Any) -> Any:
    """A DataFrame cell as plain JSON data (NaN -> None, numpy -> Python)."""
    kind = type(value)
    if kind in _PLAIN:  # what SQLite rows hold: most cells, decided without pandas
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None  # None, NaN, pd.NA (nullable integer columns)
    if hasattr(value, "item"):
        value = value.item()
    return value


def _text(value: Any) -> str:
    value = _clean(value)
    return "" if value is None else str(value)


def number_text(value: Any, percent: bool = False) -> str:
    """1512.0 -> "1,512"; 12.5 -> "12.5"; with ``percent``, "20%"."""
    value = _clean(value)
    if value is None:
        return ""
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return f"{text}%" if percent else text


def value_text(status: str, value: Any, low: Any, high: Any, percent: bool = False) -> str:
    """The figure's value; for a conflict or an unresolved figure, the range of values
    stated ("31–33")."""
    if (
        status in ("conflict", "unresolved")
        and _clean(low) is not None
        and _clean(high) is not None
        and low != high
    ):
        return f"{number_text(low, percent)}–{number_text(high, percent)}"
    return number_text(value, percent)


def interval_text(status: str, value: Any, low: Any, high: Any, percent: bool = False) -> str:
    """What the statements allow: "most stated: 31", "750 or more", "up to 10", ""."""
    low, high = _clean(low), _clean(high)
    if status in ("conflict", "unresolved"):
        return (
            f"{'conflicting' if status == 'conflict' else 'unresolved'} values; most stated: "
            + number_text(value, percent)
        )
    if low is None and high is None:
        return ""
    lo = number_text(low, percent) if low is not None else ""
    hi = number_text(high, percent) if high is not None else ""
    if low is not None and high is not None and low == high:
        return "the only value every statement allows"
    if high is None or math.isinf(float(high)):
        return f"statements allow {lo} or more"
    if low is None or math.isinf(float(low)) or float(low) <= 0:
        return f"statements allow up to {hi}"
    return f"statements allow {lo}–{hi}"


def period_text(start: Any, end: Any) -> str:
    start, end = _clean(start), _clean(end)
    if start is None:
        return "no period stated"
    start, end = int(start), int(end if end is not None else start)
    return str(start) if start == end else f"{start}–{end}"


def qualifiers_text(qualifiers: str | None) -> str:
    """``{"officer_sex": "male"}`` -> "officer sex: male"."""
    try:
        quals = json.loads(qualifiers or "{}")
    except json.JSONDecodeError:
        return qualifiers or ""
    parts = []
    for key, value in sorted(quals.items()):
        shown = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        parts.append(f"{key.replace('_', ' ')}: {shown}")
    return "; ".join(parts)


def statement_text(value: Any, approx: str | None, percent: bool = False) -> str:
    """(160, "almost") -> "almost 160"."""
    number = number_text(value, percent)
    approx = approx or "exact"
    return number if approx == "exact" else f"{approx.replace('_', ' ')} {number}"


def safe_url(url: str | None) -> str | None:
    """A link only for http(s) addresses (never ``javascript:`` or the like)."""
    return url if isinstance(url, str) and re.match(r"https?://", url, re.IGNORECASE) else None


def source_file(source: str | None, out_dir: Path) -> Path | None:
    """The input file an article came from (``feed.jsonl#L3`` -> ``feed.jsonl``), when it
    can still be found: as given, from the current folder, or beside the run's folder."""
    if not source:
        return None
    name = re.sub(r"#L\d+$", "", source)
    path = Path(name)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, out_dir / path, out_dir.parent / path]
    for candidate in candidates:
        try:
            if candidate.is_file():
                return candidate.resolve()
        except (OSError, ValueError):  # a folder we may not enter, a name the OS refuses
            continue
    return None


@cache
def _regions() -> dict[str, str]:
    """Scope -> region name: a force's region, or the region itself."""
    regions: dict[str, str] = {}
    for force in load_forces():
        if force.region:
            regions[force.id] = force.region
            regions[f"region:{slug(force.region)}"] = force.region
    return regions


# --- sources ------------------------------------------------------------------------------


def source_groups(sources: Sequence[Any]) -> list[int]:
    """For each statement of a figure (in order), the index of the first statement of the
    same independent source (figure_claims.source, worked out by the reconciler): its own
    index when it is independent of those before it."""
    first: dict[Any, int] = {}
    return [first.setdefault(source, i) for i, source in enumerate(sources)]


def _copy_kind(row: dict, first: dict) -> str:
    """How a statement repeats an earlier one of the same source."""
    if row["doc_id"] == first["doc_id"]:
        return "same article as"
    if row["sentence"] == first["sentence"]:
        return "same sentence as"
    return "syndicated copy of"


# --- data ---------------------------------------------------------------------------------


def _records(path: Path, name: str) -> list[dict[str, Any]]:
    """A reconciled table's rows as dicts, in stored order, straight from SQLite (no
    DataFrame: a missing cell is None, which the page's formatting reads as it reads
    pandas' NaN and NA); none while the table is not there yet."""
    with closing(sqlite3.connect(path)) as con:
        try:
            return _query(con, f'SELECT * FROM "{name}"')
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise


def _query(con: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _in(values: Iterable[Any]) -> tuple[str, list[Any]]:
    values = list(dict.fromkeys(values))
    return ", ".join("?" for _ in values), values


def _page_statements(
    con: sqlite3.Connection, figure_ids: Sequence[str], source: str
) -> dict[str, list[dict[str, Any]]]:
    """Figure id -> its first MAX_STATEMENTS statements (claims rows, in link order, each
    with its independent source as ``_source``: ``source`` is ``fc.source``, or
    ``c.doc_id`` for a store reconciled before sources were kept), for a page's figures."""
    out: dict[str, list[dict[str, Any]]] = {}
    for k in range(0, len(figure_ids), 500):  # well under SQLite's limit of bound values
        marks, params = _in(figure_ids[k : k + 500])
        rows = _query(
            con,
            f"SELECT fc.figure_id AS _figure, c.*, {source} AS _source FROM (SELECT rowid AS k, *, "
            "ROW_NUMBER() OVER (PARTITION BY figure_id ORDER BY rowid) AS n FROM figure_claims "
            f"WHERE figure_id IN ({marks})) fc JOIN claims c USING (claim_id) WHERE fc.n <= ? ORDER BY fc.k",
            [*params, MAX_STATEMENTS],
        )
        for row in rows:
            out.setdefault(row.pop("_figure"), []).append(row)
    return out


def _page_places(
    con: sqlite3.Connection, doc_ids: Iterable[str]
) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, list[tuple[str, str]]]]:
    """The force and region mentions of articles ``doc_ids``, each article's by start:
    article id -> (start, end, label), and article id -> (text, label) in the same order."""
    placed: dict[str, list[tuple[int, int, str]]] = {}
    mentions: dict[str, list[tuple[str, str]]] = {}
    docs = list(dict.fromkeys(doc_ids))
    for k in range(0, len(docs), 500):
        marks, params = _in(docs[k : k + 500])
        found = con.execute(
            # by article (the label index would read every force mention of the batch)
            f"SELECT doc_id, text, label, start, end FROM entities INDEXED BY entities_key "
            f"WHERE doc_id IN ({marks}) AND label IN ('FORCE', 'REGION') "
            "ORDER BY doc_id, start, end, label",
            params,
        )
        for doc_id, text, label, start, end in found:
            mentions.setdefault(doc_id, []).append((text, label))
            placed.setdefault(doc_id, []).append((start, end, label))
    return placed, mentions


def page_file(number: int) -> str:
    """Where page ``number`` (from 1) is, relative to the output folder."""
    return REPORT_NAME if number == 1 else f"{PAGES_DIR}/p{number:04d}.html"


def plan_pages(rows: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Figure rows (in page order) cut into pages: a page closes before a figure that
    would take it past FIGURES_PER_PAGE figures or STATEMENTS_PER_PAGE statements (a
    figure's statements counted up to MAX_STATEMENTS). Reads only the figures table, so
    any page can be rendered on its own."""
    pages: list[list[dict[str, Any]]] = [[]]
    statements = 0
    for f in rows:
        n = min(int(f["n_mentions"]), MAX_STATEMENTS)
        if pages[-1] and (len(pages[-1]) >= FIGURES_PER_PAGE or statements + n > STATEMENTS_PER_PAGE):
            pages.append([])
            statements = 0
        pages[-1].append(f)
        statements += n
    return pages


class PageData:
    """What the pages show, read from ``OUT/evidence.sqlite`` a figure at a time, so a
    large batch is never held whole: the figures, checks and decisions tables (one row
    per figure or check) are read at once and the figures cut into pages
    (:func:`plan_pages`); a page's figures' statements, and the force mentions and numbers
    of their sentences, are read as each figure is written; the articles it cites last."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = store_path(self.out_dir)
        decisions = read_decisions(self.path)  # opens the store: made or migrated first
        self.decided = decisions.set_index("figure_key").to_dict("index") if len(decisions) else {}
        self.checks = _records(self.path, "checks")
        self.figure_checks: dict[str, list[str]] = {}
        self.check_index: dict[str, list[int]] = {}  # figure id -> its checks' positions
        failing: set[str] = set()
        for n, check in enumerate(self.checks):
            ids = [i for i in _text(check["figure_ids"]).split(";") if i]
            check["ids"] = ids
            for fid in ids:
                self.figure_checks.setdefault(fid, []).append(check["check_id"])
                self.check_index.setdefault(fid, []).append(n)
            if check["status"] == "fail":
                failing.update(ids)
        rows = _records(self.path, "figures")
        for f in rows:
            f["key"] = stored_key(f)
            f["_failing"] = f["figure_id"] in failing
        rows.sort(key=_figure_order)
        self.rows = rows
        # who goes on which page follows _figure_order; on a page, figures go by status
        self.pages = [sorted(page, key=_status_order) for page in plan_pages(rows)]
        self.page_of = {f["figure_id"]: n for n, page in enumerate(self.pages, 1) for f in page}
        self.cited: dict[str, None] = {}  # articles of the statements shown, in order
        self._shared: tuple[dict[str, Any], dict[str, str]] | None = None
        self._documents: dict[str, dict[str, Any]] = {}  # articles read for an earlier page

    def head(self, number: int = 1) -> dict[str, Any]:
        """Everything on page ``number`` but its figures and articles: counts (of the
        whole batch), sections, the pages, and the checks: on the first page every failed
        check (up to MAX_FAILED_CHECKS), on each page the checks of its figures. What
        every page shares is worked out once, so a page costs only its own figures."""
        if self._shared is None:
            self._shared = self._counts()
        counts, keys = self._shared
        mine = {f["figure_id"] for f in self.pages[number - 1]}
        failed = [n for n, c in enumerate(self.checks) if c["status"] == "fail"] if number == 1 else []
        wanted = set(failed[:MAX_FAILED_CHECKS])
        for fid in mine:
            wanted.update(self.check_index.get(fid, ()))
        out_checks, elsewhere = [], {}
        for n in sorted(wanted):
            c = self.checks[n]
            for i in c["ids"]:
                if i in keys and i not in mine:
                    elsewhere[keys[i]] = self._href(number, self.page_of[i])
            out_checks.append({
                "id": c["check_id"], "kind": _text(c["kind"]), "status": _text(c["status"]),
                "expected": number_text(c["expected"]), "found": _text(c["found"]), "note": _text(c["note"]),
                "figures": [keys[i] for i in c["ids"] if i in keys],
            })  # fmt: skip
        return {
            "out_dir": str(self.out_dir.resolve()),
            "counts": {**counts, "failed_not_listed": max(0, len(failed) - MAX_FAILED_CHECKS)},
            "page": number,
            "pages": [
                {
                    "href": self._href(number, n),
                    "figures": len(page),
                    "statuses": sorted({f["status"] for f in page}, key=lambda s: STATUS_ORDER.get(s, 9)),
                }
                for n, page in enumerate(self.pages, 1)
            ],  # fmt: skip
            "elsewhere": elsewhere,  # figures of this page's checks shown on another page
            "decisions": list(DECISIONS),
            "sections": [{"id": s, "title": t, "about": a} for s, t, a in SECTIONS],
            "checks": out_checks,
        }

    def _counts(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The batch's counts (the same on every page), and figure id -> key."""
        with sqlite3.connect(self.path) as con:
            statuses = dict(
                con.execute("SELECT status = 'error', COUNT(*) FROM documents GROUP BY 1").fetchall()
            )
            n_claims = con.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        keys = {f["figure_id"]: f["key"] for f in self.rows}
        shown = set(keys.values())
        by_status = Counter(f["status"] for f in self.rows)
        counts = {
            "articles": int(statuses.get(0, 0)),
            "input_errors": int(statuses.get(1, 0)),
            "claims": int(n_claims),
            "figures": len(self.rows),
            "by_status": {s: by_status.get(s, 0) for s in STATUS_ORDER},
            "checks": len(self.checks),
            "checks_failed": sum(c["status"] == "fail" for c in self.checks),
            "decided": sum(bool(_clean(v.get("decision"))) for k, v in self.decided.items() if k in shown),
            "decisions_elsewhere": len(set(self.decided) - shown),
        }
        return counts, keys

    @staticmethod
    def _href(here: int, there: int) -> str:
        """Page ``there``'s address relative to page ``here``."""
        target = page_file(there)
        if here == 1:
            return target
        return "../" + target if there == 1 else target.split("/", 1)[1]

    def figures(self, number: int = 1) -> Iterator[dict[str, Any]]:
        """The figures of page ``number``, each with its statements. The page's statements
        (up to MAX_STATEMENTS a figure) and the force and region mentions of their articles
        are read in a few queries for the whole page (a page is bounded: STATEMENTS_PER_PAGE),
        not two a figure."""
        page = self.pages[number - 1]
        with sqlite3.connect(self.path) as con:
            linked = {row[1] for row in con.execute("PRAGMA table_info(figure_claims)")}
            # a store reconciled by an older version has no sources: each article counts as one
            source = "fc.source" if "source" in linked else "c.doc_id"
            if self.rows and source != "fc.source":
                log.warning("%s: figure_claims has no source column; run 'extractor reconcile'", self.path)
            statements = _page_statements(con, [f["figure_id"] for f in page], source)
            placed, mentions = _page_places(con, [r["doc_id"] for rows in statements.values() for r in rows])
            for f in page:
                yield self._figure(con, f, statements.get(f["figure_id"], []), placed, mentions)

    def _figure(
        self,
        con: sqlite3.Connection,
        f: dict[str, Any],
        rows: list[dict[str, Any]],
        placed: dict[str, list[tuple[int, int, str]]],
        mentions: dict[str, list[tuple[str, str]]],
    ) -> dict[str, Any]:
        """One figure as the page shows it, from its row ``f``, its statements ``rows`` and
        the force and region mentions of their articles (:func:`_page_places`)."""
        percent = f["measure"] == "percent"
        not_shown = max(0, int(f["n_mentions"]) - MAX_STATEMENTS)
        anchors: dict[tuple[str, str], list[tuple[int, str]]] = {}
        # the numbers and names of the sentences shown, read only where a sentence's offset
        # is unknown (a store written before it was kept): offsets need no searching
        unplaced = any(r["sentence"] and _clean(r.get("sentence_start")) is None for r in rows)
        if unplaced:
            docs, params = _in(r["doc_id"] for r in rows)
            sentences, more = _in(r["sentence"] for r in rows)
            for table in ("entities", "claims"):
                found = con.execute(
                    f"SELECT doc_id, sentence, start, text FROM {table} WHERE doc_id IN ({docs}) "
                    f"AND sentence IN ({sentences}) ORDER BY {ORDER[table]}",
                    params + more,
                )
                for doc_id, sentence, start, text in found:
                    if isinstance(sentence, str) and isinstance(text, str) and start is not None:
                        anchors.setdefault((doc_id, sentence), []).append((int(start), text))
        groups = source_groups([r["_source"] for r in rows])
        numbers: dict[int, int] = {}
        for g in groups:
            numbers.setdefault(g, len(numbers) + 1)
        statements = []
        for i, c in enumerate(rows):
            first = groups[i]
            sentence = _text(c["sentence"])
            self.cited.setdefault(c["doc_id"])
            statements.append({
                "claim_id": c["claim_id"], "doc_id": c["doc_id"],
                "statement": statement_text(c["value"], _clean(c["approx"]), percent),
                "text": _text(c["text"]), "approx": _text(c["approx"]), "noun": _text(c.get("noun")),
                "qualifier_text": _text(c.get("qualifier_text")), "speaker": _text(c.get("speaker")),
                "sentence": sentence,
                "marks": _claim_marks(c, sentence, placed.get(c["doc_id"], []))
                or sentence_marks(
                    sentence, _text(c["text"]), _clean(c["start"]), _clean(c.get("qualifier_text")),
                    mentions.get(c["doc_id"], []), anchors.get((c["doc_id"], sentence), []),
                ),
                "weak": ", ".join(weak_attributes(
                    c.get("scope_basis"), c.get("period_basis"), c.get("qualifier_basis")
                )),
                "source_no": numbers[first],
                "copy_of": None if first == i else first + 1,
                "copy_kind": None if first == i else _copy_kind(c, rows[first]),
            })  # fmt: skip
        decision = self.decided.get(f["key"], {})
        scope = _clean(f["scope"])
        return {
            "key": f["key"], "id": f["figure_id"], "status": f["status"],
            "scope": scope or "", "scope_name": _text(f["scope_name"]) or "Scope not stated",
            "region": _regions().get(scope or "", ""), "measure": _text(f["measure"]),
            "qualifiers": qualifiers_text(_clean(f["qualifiers"])),
            "period": period_text(f["period_start"], f["period_end"]),
            "value": value_text(f["status"], f["value"], f["low"], f["high"], percent),
            "interval": interval_text(f["status"], f["value"], f["low"], f["high"], percent),
            "chosen_by": _text(f["chosen_by"]), "chosen_by_text": CHOSEN_BY.get(_text(f["chosen_by"]), ""),
            "n_mentions": int(f["n_mentions"]), "n_sources": int(f["n_sources"]),
            "values_seen": _text(f["values_seen"]), "reason": _text(f.get("reason")),
            "weak": _text(f.get("weak")), "refinement": _text(f.get("refinement")),
            "note": "; ".join(filter(None, [
                _text(f["note"]), f"{not_shown} more statements in claims.csv" if not_shown else "",
            ])),
            "checks": self.figure_checks.get(f["figure_id"], []), "statements": statements,
            "decision": _clean(decision.get("decision")), "decided_at": _clean(decision.get("decided_at")),
            "decision_note": _clean(decision.get("decision_note")) or "",
        }  # fmt: skip

    def documents(self) -> dict[str, dict[str, Any]]:
        """The articles the statements shown cite (after :meth:`figures`); an article
        cited on several pages is read and looked for on disk once."""
        docs = self._documents
        cited = [d for d in self.cited if d not in docs]
        with sqlite3.connect(self.path) as con:
            for k in range(0, len(cited), 500):
                marks, params = _in(cited[k : k + 500])
                found = _query(
                    con,
                    f"SELECT id, source, published, url, headline FROM documents WHERE id IN ({marks})",
                    params,
                )
                for d in found:
                    file = source_file(_text(d["source"]), self.out_dir)
                    docs[d["id"]] = {
                        "id": d["id"], "source": _text(d["source"]), "published": _text(d["published"]),
                        "headline": _text(d["headline"]), "url": safe_url(_clean(d["url"])),
                        "file_uri": file.as_uri() if file else None,
                    }  # fmt: skip
        return {d: docs[d] for d in sorted(self.cited) if d in docs}


def _claim_marks(
    claim: dict[str, Any], sentence: str, places: list[tuple[int, int, str]]
) -> list[Any] | None:
    """A claim's sentence marked by offset: its number, qualifier phrase, scope cue (marked
    as the force or region it names) and the force and region mentions in it."""
    spans = [(claim.get("start"), claim.get("end"), "NUMBER"),
             (_clean(claim.get("qualifier_start")), _clean(claim.get("qualifier_end")), "QUALIFIER"),
             (_clean(claim.get("cue_start")), _clean(claim.get("cue_end")), "CUE")]  # fmt: skip
    base = _clean(claim.get("sentence_start"))
    if base is not None:  # the mentions that start in the sentence (``places`` is by start)
        first = bisect.bisect_left(places, int(base), key=itemgetter(0))
        last = bisect.bisect_left(places, int(base) + len(sentence), key=itemgetter(0))
        spans.extend(places[first:last])
    if base is not None and _clean(claim.get("qualifier_start")) is None and claim.get("start") is not None:
        # no offsets for the qualifier clause (the claims component did not give them):
        # the clause as written, nearest the number
        found = locate_phrase(sentence, _clean(claim.get("qualifier_text")), int(claim["start"]) - int(base))
        if found:
            spans.append((found.start + int(base), found.end + int(base), "QUALIFIER"))
    return offset_marks(sentence, base, spans)


def _status_order(f: dict[str, Any]) -> tuple:
    """Status order, then the best-attested first (a row of the figures table)."""
    return (STATUS_ORDER.get(f["status"], 9), -int(f["n_sources"]), -int(f["n_mentions"]), f["figure_id"])


def _figure_order(f: dict[str, Any]) -> tuple:
    """Conflicts, unresolved figures and outliers, then the figures of failed checks, then
    the rest; by status, then the best-attested first (a row of the figures table)."""
    group = 0 if f["status"] in FIRST else 1 if f.get("_failing") else 2
    return (
        group,
        STATUS_ORDER.get(f["status"], 9),
        -int(f["n_sources"]),
        -int(f["n_mentions"]),
        f["figure_id"],
    )


# --- page ---------------------------------------------------------------------------------


def json_for_html(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as ``\\uXXXX``
    escapes, so no article text can close the element or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def _assets() -> tuple[str, str, str]:
    return tuple((ASSETS / name).read_text(encoding="utf-8") for name in ("page.html", "page.css", "page.js"))


def content_security_policy() -> str:
    """The page's CSP: only its own inline style and script (by hash), no network but
    the review server's API."""
    _, css, js = _assets()
    return (
        f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
    )


def report_chunks(out_dir: Path, number: int = 1, data: PageData | None = None) -> Iterator[str]:
    """Page ``number`` of the review page of ``OUT`` (1: ``report.html``), piece by piece
    (reads the store, writes nothing): its figures are serialised one at a time."""
    data = data or PageData(Path(out_dir))
    if not 1 <= number <= len(data.pages):
        raise FileNotFoundError(f"{out_dir}: the review page has no page {number}")
    data.cited = {}
    head = data.head(number)
    page, css, js = _assets()
    title = f"Figures review: {Path(head['out_dir']).name}"
    if len(data.pages) > 1:
        title += f" (page {number} of {len(data.pages)})"
    replacements = {
        "__CSP__": html.escape(content_security_policy(), quote=True),
        "__TITLE__": html.escape(title),
        "__CSS__": css,
        "__JS__": js,
    }
    before, after = page.split("__DATA__")
    fill = "|".join(replacements)
    yield re.sub(fill, lambda m: replacements[m.group(0)], before)
    yield '{"figures":['
    for i, figure in enumerate(data.figures(number)):
        yield ("," if i else "") + json_for_html(figure)
    yield '],"documents":' + json_for_html(data.documents())
    for key, value in head.items():
        yield f",{json_for_html(key)}:{json_for_html(value)}"
    yield "}"
    yield re.sub(fill, lambda m: replacements[m.group(0)], after)


def render_report(out_dir: Path, number: int = 1) -> str:
    """Page ``number`` of the review page of ``OUT`` as one HTML string (reads the store,
    writes nothing)."""
    return "".join(report_chunks(out_dir, number))


def write_report(out_dir: Path) -> Path:
    """Write ``OUT/report.html`` and its further pages (``OUT/report-pages/``) from
    ``OUT/evidence.sqlite``, streamed; pages of an earlier, larger batch are removed.
    Returns the first page's path."""
    out_dir = Path(out_dir)
    data = PageData(out_dir)
    for number in range(1, len(data.pages) + 1):
        path = out_dir / page_file(number)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".html.tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for chunk in report_chunks(out_dir, number, data):
                handle.write(chunk)
        tmp.replace(path)
    folder = out_dir / PAGES_DIR
    if folder.is_dir():
        for old in folder.iterdir():
            found = PAGE_NAME.fullmatch(old.name)
            if found and int(found.group(1)) > len(data.pages):
                old.unlink()
    return out_dir / REPORT_NAME
