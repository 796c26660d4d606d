"""Claims about the same thing, across articles, reconciled into figures.

Plain functions over the claims table (the columns of ``claims.csv``) that
return DataFrames with the fixed columns in ``FIGURE_COLUMNS``:

- figure_id: ``F001``...; scope, scope_name, measure, qualifiers (JSON),
  period_start, period_end: the key claims are grouped by;
- status: ``single`` (one independent source), ``agreed`` (all exact and
  equal), ``compatible`` (their intervals share a value), ``conflict``;
- value, low, high: the figure's value and the interval every statement
  allows (for a conflict, the range of values seen); chosen_by: the rule that
  chose the value;
- n_mentions, n_sources: claims behind it, and independent sources among them
  (syndicated copies and sentences reused word for word count once);
- values_seen: each distinct statement ("158", "almost 160"); claim_ids; note.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from hashlib import blake2b

import numpy
import pandas as pd

from ..lexicons import load_forces
from .intervals import Interval, interval_of, tolerances

FIGURE_COLUMNS = [
    "figure_id", "scope", "scope_name", "measure", "qualifiers", "period_start", "period_end",
    "status", "value", "low", "high", "chosen_by", "n_mentions", "n_sources", "values_seen",
    "claim_ids", "note",
]  # fmt: skip

WORD = re.compile(r"\w+")


def figure_key(scope: str | None, measure: str, qualifiers: str, period_start, period_end) -> str:  # noqa: ANN001
    """What a figure is about, stable across runs (figure ids are not): the key that
    fact-checkers' decisions are stored under."""
    start = None if period_start is None or pd.isna(period_start) else int(period_start)
    end = None if period_end is None or pd.isna(period_end) else int(period_end)
    quals = json.loads(qualifiers or "{}")
    return json.dumps([scope if isinstance(scope, str) else None, measure, quals, start, end], sort_keys=True)


def scope_name(scope: str | None) -> str:
    """``greater-manchester`` -> ``Greater Manchester Police``; regions by name."""
    if not scope:
        return ""
    if scope == "national":
        return "All forces (national)"
    names = {f.id: f.name for f in load_forces()}
    if scope.startswith("region:"):
        slug = scope.split(":", 1)[1]
        for force in load_forces():
            if force.region and re.sub(r"[^a-z0-9]+", "-", force.region.lower()).strip("-") == slug:
                return f"{force.region} (region)"
        return scope
    return names.get(scope, scope)


# --- independence --------------------------------------------------------------


def shingles(text: str, n: int) -> frozenset[int]:
    """The word ``n``-grams of ``text``, each as a deterministic 32-bit hash (small to keep
    for every sentence of a large batch, and the same in every process)."""
    words = [w.lower() for w in WORD.findall(text or "")]
    grams = [words] if len(words) < n else [words[i : i + n] for i in range(len(words) - n + 1)]
    return frozenset(zlib.crc32(" ".join(g).encode()) for g in grams if g)


def jaccard(a: frozenset[int], b: Sequence[int]) -> float:
    """Jaccard similarity of a shingle set and another's (any sequence of distinct hashes)."""
    if not a or not b:
        return 0.0
    shared = len(a.intersection(b))
    return shared / (len(a) + len(b) - shared)


MINHASH_BANDS, MINHASH_ROWS = 8, 2  # a pair at Jaccard 0.8 shares a band with p > 0.999
_SEEDS = numpy.array(
    [(0x9E3779B1 * (k + 1)) & 0xFFFFFFFF for k in range(MINHASH_BANDS * MINHASH_ROWS)], dtype=numpy.uint64
)[:, None]


def minhash(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """A MinHash signature over the shingles' hashes (deterministic, so outputs do not
    depend on Python's hash seed): per seed, the least of ``(h ^ seed) * FNV prime``
    modulo 2**32."""
    hashes = numpy.fromiter(shingle_set or (0,), dtype=numpy.uint64)
    return tuple((((hashes[None, :] ^ _SEEDS) * 0x01000193) & 0xFFFFFFFF).min(axis=1).tolist())


class Sources:
    """Which claims are independent: union-find over sentences that are near duplicates
    (MinHash buckets, then Jaccard of word 3-grams), and over articles that are
    syndicated copies of each other (at least half their figure sentences shared).

    Fed one claim at a time (:meth:`add`, in claims order), it keeps no sentence text:
    a sentence is known by a 64-bit digest, and only bucket representatives keep their
    shingles, so memory stays small on large batches. Linear in the number of
    sentences: a sentence is compared only with the few representatives of the buckets
    it falls in. Call :meth:`close` once every claim is in, then :meth:`labels_for`."""

    MAX_SHARED = 50  # a sentence in more articles than this is reused, not a sign of one copy
    MAX_REPS = 8  # representatives per bucket

    def __init__(self) -> None:
        t = tolerances()
        self.threshold = t["near_duplicate_jaccard"]
        self.n = int(t["shingle_words"])
        self.docs: dict[str, int] = {}
        self.sentences: dict[bytes, int] = {}
        self.doc_parent = array("i")
        self.sent_parent = array("i")
        self.claim_docs = array("i")  # per claim, in order: its article's id
        self.claim_sents = array("i")  # and its sentence's id
        self.buckets: dict[tuple, list[int]] = defaultdict(list)
        self.rep_shingles: dict[int, array] = {}  # 4 bytes a shingle (a frozenset takes ~70)

    def add(self, doc_id: str, sentence: str | None) -> None:
        """Take the next claim's article and sentence; their ids go to ``claim_docs`` and
        ``claim_sents``, at the claim's position, for :meth:`labels_for`."""
        if not isinstance(sentence, str):
            sentence = None
        doc = self.docs.get(doc_id)
        if doc is None:
            doc = self.docs[doc_id] = len(self.doc_parent)
            self.doc_parent.append(doc)
        digest = b"\0" if sentence is None else blake2b(sentence.encode(), digest_size=8).digest()
        sent = self.sentences.get(digest)
        if sent is None:
            sent = self.sentences[digest] = len(self.sent_parent)
            self.sent_parent.append(sent)
            self._bucket(sent, sentence)
        self.claim_docs.append(doc)
        self.claim_sents.append(sent)

    def _bucket(self, sent: int, sentence: str | None) -> None:
        sh = shingles(sentence, self.n)
        signature = minhash(sh)
        near: dict[int, bool] = {}  # a representative met in several bands is compared once

        def is_near(rep: int) -> bool:
            found = near.get(rep)
            if found is None:
                found = near[rep] = jaccard(sh, self.rep_shingles[rep]) >= self.threshold
            return found

        for band in range(MINHASH_BANDS):
            key = (band, signature[band * MINHASH_ROWS : (band + 1) * MINHASH_ROWS])
            reps = self.buckets[key]
            match = next((r for r in reps if is_near(r)), None)
            if match is not None:
                _union(self.sent_parent, sent, match)
            elif len(reps) < self.MAX_REPS:
                reps.append(sent)
                if sent not in self.rep_shingles:
                    self.rep_shingles[sent] = array("I", sh)

    def close(self) -> Sources:
        """Find syndicated copies: articles sharing at least half their sentence clusters
        (clusters in more than ``MAX_SHARED`` articles do not count)."""
        self.buckets.clear()
        self.rep_shingles.clear()
        if not len(self.claim_docs):
            return self
        docs = numpy.frombuffer(self.claim_docs, dtype=numpy.int32).astype(numpy.int64)
        sents = numpy.frombuffer(self.claim_sents, dtype=numpy.int32).astype(numpy.int64)
        pairs = numpy.unique(docs << 32 | sents)  # (doc, sentence), each once
        docs = pairs >> 32
        roots = numpy.array(
            [_find(self.sent_parent, s) for s in (pairs & 0xFFFFFFFF).tolist()], dtype=numpy.int64
        )
        clusters = numpy.unique(roots << 32 | docs)  # (root, doc), each once, by root
        per_doc = numpy.bincount(clusters & 0xFFFFFFFF, minlength=len(self.doc_parent))
        by_root = clusters >> 32
        bounds = numpy.flatnonzero(numpy.diff(by_root)) + 1
        shared: Counter[tuple[int, int]] = Counter()
        for members in numpy.split(clusters & 0xFFFFFFFF, bounds):
            if 1 < len(members) <= self.MAX_SHARED:
                ordered = members.tolist()
                for a_i, a in enumerate(ordered):
                    for b in ordered[a_i + 1 :]:
                        shared[(a, b)] += 1
        for (doc_a, doc_b), count in shared.items():
            smaller = min(per_doc[doc_a], per_doc[doc_b])
            if smaller and count / smaller >= 0.5:
                _union(self.doc_parent, doc_a, doc_b)  # a syndicated copy
        return self

    def labels_for(self, claims: Iterable[tuple[int, int]]) -> list[int]:
        """For each claim (its ``(doc, sentence)`` ids from ``claim_docs`` and
        ``claim_sents``), the independent source it belongs to: its article, with
        syndicated copies merged and claims in near-duplicate sentences joined."""
        groups: dict[int, int] = {}  # sentence roots as ~root, article roots as themselves
        docs = []
        for doc, sent in claims:
            doc_root = _find(self.doc_parent, doc)
            sent_key = ~_find(self.sent_parent, sent)
            key = groups.get(sent_key)
            if key is None:
                key = groups.get(doc_root, doc_root)
            groups[sent_key] = groups[doc_root] = key
            docs.append(doc_root)
        return [groups[d] for d in docs]


def _find(parent: array, x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent: array, a: int, b: int) -> None:
    parent[_find(parent, a)] = _find(parent, b)


# --- grouping ------------------------------------------------------------------------


def _period(start, end) -> tuple[int, int] | None:  # noqa: ANN001 - ints, None, NaN or pd.NA
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


NO_PERIOD = ("none",)  # a figure that has no period by nature, e.g. "there are 43 forces"


def _unknown_period(rule: str | None) -> bool:
    """The text did not say (rather than: the figure has no period, like a headcount)."""
    rule = rule if isinstance(rule, str) else ""
    return "period:headcount" not in rule and "period:force-count" not in rule


def _near(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Periods that differ by one year at one end: a likely misstatement, not new data."""
    return a != b and abs(a[0] - b[0]) + abs(a[1] - b[1]) <= 1


@dataclass
class Group:
    scope: str | None
    measure: str
    qualifiers: str
    period: tuple[int, int] | None
    rows: list[int]
    notes: list[str]


def group_claims(
    by_kind: dict[tuple, dict[tuple[int, int] | None, list[int]]], usual: dict[str | None, tuple[int, int]]
) -> list[Group]:
    """Group claims (indices, by kind: scope, measure, qualifiers; then by period). A
    period off by one year from the batch's usual one for that thing (``usual``) is
    merged into it and flagged; a claim with no period joins the one group of its kind
    that has a period, if exactly one."""
    groups: list[Group] = []
    for (scope, measure, quals), periods in by_kind.items():
        notes: dict[tuple[int, int] | None, list[str]] = defaultdict(list)
        dated = [p for p in periods if p is not None and p != NO_PERIOD]
        if dated:
            # the period the batch usually gives for this scope, else this figure's commonest
            target = usual.get(scope)
            if target not in periods:
                target = max(dated, key=lambda q: len(periods[q]))
            for p in dated:
                if _near(p, target):
                    periods[target].extend(periods.pop(p))
                    notes[target].append(
                        f"possible period error: {p[0]}-{p[1]} stated where other statements say "
                        f"{target[0]}-{target[1]}"
                    )
        dated = [p for p in periods if p is not None and p != NO_PERIOD]
        if None in periods:
            if len(dated) == 1:
                periods[dated[0]].extend(periods.pop(None))
                notes[dated[0]].append("claims with no stated period joined the only period stated")
            elif len(dated) > 1:
                notes[None].append(f"period unknown; {len(dated)} periods are stated for this figure")
        for period, rows in periods.items():
            groups.append(Group(scope, measure, quals, period, rows, notes.get(period, [])))
    return groups


# --- values ------------------------------------------------------------------------------


def _statement(value: float, approx: str) -> str:
    number = f"{value:g}"
    return number if approx == "exact" else f"{approx.replace('_', ' ')} {number}"


@dataclass(frozen=True)
class Statement:
    """What one claim says, as reconciliation reads it."""

    value: float
    approx: str
    measure: str


def decide(rows: list[Statement], n_sources: int) -> dict:
    """Status, value, interval and the rule that chose the value, for one figure's claims."""
    values = [r.value for r in rows]
    common: Interval | None = interval_of(rows[0].value, rows[0].approx)
    for r in rows[1:]:
        common = common.intersect(interval_of(r.value, r.approx)) if common is not None else None
    whole = any(r.measure != "percent" for r in rows)
    if common is not None and whole and not common.integer_values():
        common = None  # counts are whole numbers: (700, 701) holds none
    if common is None:
        counts = Counter(values)
        value = max(counts, key=lambda v: (counts[v], -v))
        return {
            "status": "conflict" if n_sources > 1 else "single",
            "value": value, "low": min(values), "high": max(values), "chosen_by": "conflict:most-stated",
        }  # fmt: skip
    inside = [r.value for r in rows if r.approx == "exact" and common.contains(r.value)]
    if inside:
        counts = Counter(inside)
        value, chosen = max(counts, key=lambda v: (counts[v], v)), "exact:most-stated-in-common-interval"
    elif not math.isinf(common.low) and common.low > 0 or math.isinf(common.high):
        value, chosen = common.low, "bound:lower"
    else:
        value, chosen = common.high, "bound:upper"
    all_exact = all(r.approx == "exact" for r in rows) and len(set(values)) == 1
    status = "single" if n_sources <= 1 else ("agreed" if all_exact else "compatible")
    return {"status": status, "value": value, "low": common.low, "high": common.high, "chosen_by": chosen}


class Reconciler:
    """Claims in, figures out, in one pass over the claims and without holding them:
    per claim it keeps its id, value, approximation, measure, article and sentence ids
    (numbers in arrays), and the group it falls in.

    Feed it claims in the claims table's order (:meth:`add`, any number of times), then
    take :meth:`figures` and :meth:`links`."""

    def __init__(self) -> None:
        self.sources = Sources()
        self.claim_ids: list[str] = []
        self.values = array("d")
        self.codes = array("i")  # (approx, measure) pair, interned
        self.code_of: dict[tuple[str, str], int] = {}
        self.by_kind: dict[tuple, dict] = defaultdict(lambda: defaultdict(lambda: array("i")))
        self.overall: Counter[tuple[int, int]] = Counter()
        self.by_scope: dict[str | None, Counter] = defaultdict(Counter)
        self._links: list[tuple[str, array, array]] | None = None

    def add(self, claims: Iterable[Sequence]) -> None:
        """Claims as rows of ``RECONCILE_COLUMNS`` (claim_id, doc_id, value, approx,
        measure, scope, period_start, period_end, qualifiers, sentence, rule); claims
        with no measure are left out."""
        for claim_id, doc_id, value, approx, measure, scope, start, end, quals, sentence, rule in claims:
            if not isinstance(measure, str):
                continue
            i = len(self.claim_ids)
            self.claim_ids.append(claim_id)
            self.values.append(float(value))
            self.sources.add(doc_id, sentence)
            code = self.code_of.setdefault((approx, measure), len(self.code_of))
            self.codes.append(code)
            scope = scope if isinstance(scope, str) else None
            period = _period(start, end)
            if period is not None:
                self.overall[period] += 1
                self.by_scope[scope][period] += 1
            elif not _unknown_period(rule):
                period = NO_PERIOD  # deliberately none (a headcount): joins no dated figure
            self.by_kind[(scope, measure, quals or "{}")][period].append(i)

    def _usual_periods(self) -> dict[str | None, tuple[int, int]]:
        """The period most claims of each scope state (ties: the most common in the batch)."""
        overall = self.overall
        return {
            scope: max(counts, key=lambda p: (counts[p], overall[p]))
            for scope, counts in self.by_scope.items()
        }

    def figures(self) -> pd.DataFrame:
        """One row per figure (``FIGURE_COLUMNS``), figure ids in key order."""
        self.sources.close()
        codes = {code: pair for pair, code in self.code_of.items()}
        groups = sorted(
            group_claims(self.by_kind, self._usual_periods()),
            key=lambda g: (str(g.scope), g.measure, g.qualifiers, str(g.period)),
        )
        rows_out = []
        self._links = []
        for n, group in enumerate(groups, 1):
            figure_id = f"F{n:04d}"
            index = group.rows
            rows = [Statement(self.values[i], *codes[self.codes[i]]) for i in index]
            docs, sents = self.sources.claim_docs, self.sources.claim_sents
            labels = self.sources.labels_for((docs[i], sents[i]) for i in index)
            number: dict[int, int] = {}
            sources = array("i", [number.setdefault(label, len(number) + 1) for label in labels])
            n_sources = len(number)
            decided = decide(rows, n_sources)
            notes = list(group.notes)
            if n_sources < len({docs[i] for i in index}):
                notes.append("syndicated copies or reused sentences counted once")
            seen = list(dict.fromkeys(_statement(r.value, r.approx) for r in rows))
            self._links.append((figure_id, index, sources))
            rows_out.append({
                "figure_id": figure_id, "scope": group.scope, "scope_name": scope_name(group.scope),
                "measure": group.measure, "qualifiers": group.qualifiers,
                "period_start": group.period[0] if group.period not in (None, NO_PERIOD) else None,
                "period_end": group.period[1] if group.period not in (None, NO_PERIOD) else None,
                **decided, "n_mentions": len(rows), "n_sources": n_sources,
                "values_seen": "; ".join(seen), "claim_ids": ";".join(self.claim_ids[i] for i in index),
                "note": "; ".join(notes),
            })  # fmt: skip
        return pd.DataFrame(rows_out, columns=FIGURE_COLUMNS)

    def links(self) -> Iterator[tuple[str, str, int]]:
        """``(figure_id, claim_id, source)`` for every claim of every figure, in figure
        order; ``source`` numbers the figure's independent sources from 1 (syndicated
        copies and reused sentences share one). After :meth:`figures`."""
        if self._links is None:
            raise RuntimeError("Reconciler.links() comes after figures()")
        for figure_id, index, sources in self._links:
            for i, source in zip(index, sources, strict=True):
                yield figure_id, self.claim_ids[i], source


RECONCILE_COLUMNS = [
    "claim_id", "doc_id", "value", "approx", "measure", "scope", "period_start", "period_end",
    "qualifiers", "sentence", "rule",
]  # fmt: skip


def reconcile_figures(claims: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Figures from a claims table (with at least ``RECONCILE_COLUMNS``); also the claim
    ids behind each figure id."""
    if claims.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS), {}
    reconciler = Reconciler()
    reconciler.add(claims.reindex(columns=RECONCILE_COLUMNS).itertuples(index=False, name=None))
    figures = reconciler.figures()
    members: dict[str, list[str]] = defaultdict(list)
    for figure_id, claim_id, _ in reconciler.links():
        members[figure_id].append(claim_id)
    return figures, dict(members)


def figures_for_scoring(predictions: Iterable[dict]) -> list[dict]:
    """Reconcile the claims of prediction dicts (``extractor evaluate``) into figure dicts
    with scope, measure, qualifiers, period and status, as the scorer reads them."""
    rows = []
    for pred in predictions:
        for c in pred.get("claims", []):
            period = c.get("period") or [None, None]
            rows.append({
                "claim_id": f"{pred['id']}:{c['start']}-{c['end']}", "doc_id": pred["id"],
                "value": c["value"], "approx": c["approx"], "measure": c["measure"],
                "scope": c["scope"], "period_start": period[0], "period_end": period[1],
                "qualifiers": json.dumps(c.get("qualifiers") or {}, sort_keys=True),
                "sentence": c.get("sentence") or "", "rule": c.get("rule") or "",
            })  # fmt: skip
    figures, _ = reconcile_figures(pd.DataFrame(rows))
    out = []
    for f in figures.itertuples():
        period = None if pd.isna(f.period_start) else [int(f.period_start), int(f.period_end)]
        out.append({
            "scope": f.scope, "measure": f.measure, "qualifiers": json.loads(f.qualifiers),
            "period": period, "status": f.status, "values": f.values_seen,
        })  # fmt: skip
    return out
