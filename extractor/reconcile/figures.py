"""Claims about the same thing, across articles, reconciled into figures.

Plain functions over the claims table (the columns of ``claims.csv``) that
return DataFrames with the fixed columns in ``FIGURE_COLUMNS``:

- figure_id: ``F0001``...; scope, scope_name, measure, qualifiers (JSON),
  period_start, period_end, refinement: what the figure is about (its
  :class:`~extractor.reconcile.keys.FigureKey`, whose string form is ``figure_key``);
- status, about the values only: ``single`` (one article), ``agreed`` (two or
  more articles, all exact and equal), ``compatible`` (their intervals share a
  value), ``conflict`` (independent sources whose deciding attributes are
  strong disagree), ``unresolved`` (a disagreement the evidence cannot settle:
  one article states incompatible values, copies of one source disagree, or it
  hangs on a weak attribute), ``outlier`` (one value more than ``outlier_ratio``
  times the median of the others); reason, weak: why, and the weak attributes;
- value, low, high: the figure's value and the interval every statement
  allows (for a conflict or unresolved figure, the range of values seen);
  chosen_by: the rule that chose the value;
- n_mentions, n_sources: claims behind it, and independent sources among them
  (syndicated copies and sentences reused word for word count once), a column
  of its own: two copies that both say 158 are ``agreed`` with ``n_sources`` 1;
- values_seen: each distinct statement ("158", "almost 160"); claim_ids; note.

Grouping rules: a claim with no scope or no period joins no other claim (a
headcount's period is unknown too: when was it counted?); periods
that differ are never merged (a period one year off is a ``period`` check);
claims with ``outcome: other`` group only when their outcome words agree; a key
whose claims are not one consistent figure is split by what their wording
distinguishes (:mod:`~extractor.reconcile.wording`).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from hashlib import blake2b

import numpy
import pandas as pd

from ..lexicons import load_forces
from .intervals import Interval, interval_of, settings, tolerances
from .keys import FigureKey, near_periods, qualifiers_of
from .wording import Wording, read_wording, sentence_bounds

FIGURE_COLUMNS = [
    "figure_id", "figure_key", "scope", "scope_name", "measure", "qualifiers", "period_start", "period_end",
    "refinement", "status", "reason", "weak", "value", "low", "high", "chosen_by", "n_mentions",
    "n_sources", "values_seen", "claim_ids", "note",
]  # fmt: skip
STATUSES = ("single", "agreed", "compatible", "conflict", "unresolved", "outlier")
CONSISTENT = ("single", "agreed", "compatible")

WORD = re.compile(r"\w+")


def figure_key(scope, measure, qualifiers, period_start, period_end, refinement=()) -> str:  # noqa: ANN001
    """What a figure is about, stable across runs (figure ids are not): the string form
    of its :class:`FigureKey`, the key fact-checkers' decisions are stored under."""
    return FigureKey.of(scope, measure, qualifiers, period_start, period_end, refinement).to_string()


def stored_key(figure: dict) -> str:
    """A figures-table row's key string: its ``figure_key`` column, or for a table written
    before that column existed, the key of its scope, measure, qualifiers and period."""
    key = figure.get("figure_key")
    if isinstance(key, str) and key:
        return key
    return figure_key(
        figure.get("scope"), figure.get("measure"), figure.get("qualifiers"),
        figure.get("period_start"), figure.get("period_end"), figure.get("refinement") or (),
    )  # fmt: skip


@lru_cache(maxsize=1024)  # few scopes (forces, regions), asked once per figure; forces.csv is read once too
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
        rep_shingles, threshold = self.rep_shingles, self.threshold
        for band in range(MINHASH_BANDS):
            key = (band, signature[band * MINHASH_ROWS : (band + 1) * MINHASH_ROWS])
            reps = self.buckets[key]
            match = None
            for rep in reps:  # the first near one (a loop: this runs per band of every sentence)
                found = near.get(rep)
                if found is None:
                    found = near[rep] = jaccard(sh, rep_shingles[rep]) >= threshold
                if found:
                    match = rep
                    break
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
        # every pair of articles in a cluster (members come by article id, so a < b), as
        # one number a << 32 | b, counted over all clusters at once
        pairs_of = []
        for members in numpy.split(clusters & 0xFFFFFFFF, bounds):
            if 1 < len(members) <= self.MAX_SHARED:
                first, second = numpy.triu_indices(len(members), 1)
                pairs_of.append(members[first] << 32 | members[second])
        if not pairs_of:
            return self
        pairs, shared = numpy.unique(numpy.concatenate(pairs_of), return_counts=True)
        doc_a, doc_b = pairs >> 32, pairs & 0xFFFFFFFF
        smaller = numpy.minimum(per_doc[doc_a], per_doc[doc_b])
        copies = (smaller > 0) & (shared >= 0.5 * smaller)  # at least half the smaller's clusters
        for a, b in zip(doc_a[copies].tolist(), doc_b[copies].tolist(), strict=True):
            _union(self.doc_parent, a, b)  # a syndicated copy (the order of unions does not matter)
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
    if _missing(start) or _missing(end):
        return None
    return int(start), int(end)


def _missing(value: object) -> bool:
    """None, NaN or pd.NA (a store's int, the common cell, is told apart without pandas)."""
    return type(value) is not int and (value is None or pd.isna(value))


def weak_attributes(scope_basis: object, period_basis: object, qualifier_basis: object) -> tuple[str, ...]:
    """The deciding attributes of a claim found in a way that cannot carry a conflict
    (``weak_basis`` in ``models/reconcile.json``), as ``"period carried"``...; a claim
    read before bases were recorded (None) counts as stated."""
    if isinstance(qualifier_basis, dict):
        qualifier_basis = json.dumps(qualifier_basis, sort_keys=True)
    return _weak_attributes(
        *(b if isinstance(b, str) else None for b in (scope_basis, period_basis, qualifier_basis))
    )


@lru_cache(maxsize=4096)  # few distinct combinations: one is worked out once
def _weak_attributes(scope_basis: str | None, period_basis: str | None, qualifier_basis: str | None) -> tuple:
    weak = set(settings()["weak_basis"])
    out = []
    for name, basis in (("scope", scope_basis), ("period", period_basis)):
        if isinstance(basis, str) and basis in weak:
            out.append(f"{name} {basis}")
    if isinstance(qualifier_basis, str):
        try:
            qualifier_basis = json.loads(qualifier_basis or "{}")
        except json.JSONDecodeError:
            qualifier_basis = {}
    if isinstance(qualifier_basis, dict):
        out += [f"{k} {b}" for k, b in sorted(qualifier_basis.items()) if isinstance(b, str) and b in weak]
    return tuple(out)


def wording_refinement(wording: Wording, events: bool = True) -> tuple[str, ...]:
    """A wording as key refinement strings ("noun:case", "category:sexual misconduct")."""
    out = [f"noun:{wording.noun}"] if wording.noun else []
    out += [f"category:{c}" for c in wording.category]
    if events and wording.events:
        out.append("events:" + " ".join(wording.events))
    return tuple(out)


# --- values ------------------------------------------------------------------------------


def _statement(value: float, approx: str) -> str:
    number = f"{value:g}"
    return number if approx == "exact" else f"{approx.replace('_', ' ')} {number}"


@dataclass(frozen=True)
class Statement:
    """What one claim says, as reconciliation reads it: its value, and where it comes
    from (article, independent source) and which of its deciding attributes are weak."""

    value: float
    approx: str
    measure: str
    doc: str = ""
    source: int = 0
    weak: tuple[str, ...] = ()
    replaced: bool = False  # its article gives it as a value it replaces (wording.Wording.replaced)


def common_interval(rows: Sequence[Statement]) -> Interval | None:
    """The values every statement allows (None where none: counts are whole numbers)."""
    common: Interval | None = interval_of(rows[0].value, rows[0].approx)
    for r in rows[1:]:
        common = common.intersect(interval_of(r.value, r.approx)) if common is not None else None
    whole = any(r.measure != "percent" for r in rows)
    if common is not None and whole and not common.integer_values():
        return None  # (700, 701) holds no count
    return common


def _chosen(common: Interval, rows: Sequence[Statement]) -> tuple[float, str]:
    inside = [r.value for r in rows if r.approx == "exact" and common.contains(r.value)]
    if inside:
        counts = Counter(inside)
        return max(counts, key=lambda v: (counts[v], v)), "exact:most-stated-in-common-interval"
    if not math.isinf(common.low) and common.low > 0 or math.isinf(common.high):
        return common.low, "bound:lower"
    return common.high, "bound:upper"


def _outliers(rows: Sequence[Statement]) -> set[float]:
    """Values more than ``outlier_ratio`` times the median of the others, when setting them
    aside leaves statements that agree (a likely scope or measure error, not a conflict).
    The others' median is read off the sorted values with the value's copies skipped."""
    ratio = tolerances()["outlier_ratio"]
    ordered = sorted(r.value for r in rows)
    n = len(ordered)
    out = set()
    for v in set(ordered):
        lo, hi = bisect_left(ordered, v), bisect_right(ordered, v)
        m = n - (hi - lo)  # how many others
        if not m:
            continue

        def other(j: int, lo: int = lo, hi: int = hi) -> float:
            return ordered[j if j < lo else j + (hi - lo)]

        median = other(m // 2) if m % 2 else (other(m // 2 - 1) + other(m // 2)) / 2
        if median > 0 and v > ratio * median:
            out.add(v)
    rest = [r for r in rows if r.value not in out]
    return out if out and rest and common_interval(rest) is not None else set()


def _spread(rows: Sequence[Statement], chosen_by: str) -> dict:
    counts = Counter(r.value for r in rows)
    value = max(counts, key=lambda v: (counts[v], -v))
    return {"value": value, "low": min(counts), "high": max(counts), "chosen_by": chosen_by}


def _fmt_values(rows: Iterable[Statement]) -> str:
    return " and ".join(dict.fromkeys(_statement(r.value, r.approx) for r in rows))


def _current(rows: Sequence[Statement]) -> Sequence[Statement]:
    """The statements without those an article gives as values it replaces ("revised to 13
    from 12": 12), where that article's other statements agree without them; an article
    that only replaces, or still disagrees with itself, keeps all its statements."""
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for r in rows:
        by_doc[r.doc].append(r)
    dropped = set()
    for own in by_doc.values():
        kept = [r for r in own if not r.replaced]
        if kept and len(kept) < len(own) and common_interval(kept) is not None:
            dropped.update(id(r) for r in own if r.replaced)
    return [r for r in rows if id(r) not in dropped] if dropped else rows


def decide(rows: Sequence[Statement], n_sources: int | None = None) -> dict:
    """Status, value, interval, the rule that chose the value, and for a disagreement its
    reason and weak attributes, for one figure's statements (``n_sources``: independent
    sources, else counted from the statements' ``source``)."""
    rows = _current(rows)
    docs = list(dict.fromkeys(r.doc for r in rows))
    n_sources = len({r.source for r in rows}) if n_sources is None else n_sources
    common = common_interval(rows)
    if common is not None:
        value, chosen = _chosen(common, rows)
        all_exact = all(r.approx == "exact" for r in rows) and len({r.value for r in rows}) == 1
        status = "single" if len(docs) <= 1 else ("agreed" if all_exact else "compatible")
        return {"status": status, "value": value, "low": common.low, "high": common.high,
                "chosen_by": chosen, "reason": "", "weak": ""}  # fmt: skip
    by_doc: dict[str, list[Statement]] = defaultdict(list)
    for r in rows:
        by_doc[r.doc].append(r)
    for doc, own in by_doc.items():
        if common_interval(own) is None:
            return {"status": "unresolved", **_spread(rows, "unresolved:most-stated"), "weak": "",
                    "reason": f"one article ({doc}) states incompatible values under this key: "
                    f"{_fmt_values(own)}; its wording does not tell them apart"}  # fmt: skip
    if n_sources <= 1:
        return {"status": "unresolved", **_spread(rows, "unresolved:most-stated"), "weak": "",
                "reason": f"copies of one source disagree: {_fmt_values(rows)}"}  # fmt: skip
    outliers = _outliers(rows)
    if outliers:
        rest = [r for r in rows if r.value not in outliers]
        kept = decide(rest)
        far = ", ".join(f"{v:g}" for v in sorted(outliers))
        return {**kept, "status": "outlier", "chosen_by": kept["chosen_by"] + "|outlier-set-aside",
                "reason": f"{far} is more than {tolerances()['outlier_ratio']:g} times the median of the "
                "other statements: a likely scope or measure error"}  # fmt: skip
    strong = [r for r in rows if not r.weak]
    if len({r.source for r in strong}) >= 2 and common_interval(strong) is None:
        return {"status": "conflict", **_spread(rows, "conflict:most-stated"), "reason": "", "weak": ""}
    weak = sorted({w for r in rows for w in r.weak})
    where = "; ".join(
        f"{', '.join(r.weak)} ({r.doc}: {_statement(r.value, r.approx)})" for r in rows if r.weak
    )
    return {"status": "unresolved", **_spread(rows, "unresolved:most-stated"), "weak": "; ".join(weak),
            "reason": f"the disagreement hangs on weak attributes: {where}"}  # fmt: skip


DIMENSIONS = ("noun", "category", "events")
SILENCE_ORDER = ("category", "noun", "events")  # which silence tells a part of a count apart


def _dimension(wording: Wording, dim: str) -> frozenset[str]:
    value = getattr(wording, dim)
    return frozenset([value] if isinstance(value, str) else value or ())


def _same_article_clashes(labelled: Sequence[tuple[Wording, Statement]]) -> Iterator[tuple[Wording, Wording]]:
    """Pairs of wordings of incompatible statements in one article (pairs are looked for
    within each article only, so a large key stays linear in its articles)."""
    by_doc: dict[str, list[tuple[Wording, Statement]]] = defaultdict(list)
    for item in labelled:
        by_doc[item[1].doc].append(item)
    for items in by_doc.values():
        for a_i, (wa, sa) in enumerate(items):
            for wb, sb in items[a_i + 1 :]:
                if common_interval([sa, sb]) is None and not (sa.replaced or sb.replaced):
                    yield wa, wb  # (a value the article replaces contrasts nothing)


def _contrasts(labelled: Sequence[tuple[Wording, Statement]]) -> tuple[set[str], set[str]]:
    """The wording dimensions that tell statements apart: two statements name different
    things on it (different counted nouns; categories or events with nothing in common),
    or one article states incompatible values and words them differently on it. Also the
    dimensions where saying nothing is a difference too, because an article sets a
    silent statement against a worded one ("1,874 officers barred" beside "412 barred
    for sexual misconduct")."""
    active: set[str] = set()
    silence: set[str] = set()
    for dim in DIMENSIONS:
        named = {v for v in (_dimension(w, dim) for w, _ in labelled) if v}
        if any(not a & b for a in named for b in named):
            active.add(dim)
    for wa, wb in _same_article_clashes(labelled):
        # the clash is told apart where both statements name different things; where one
        # only is silent, by the one dimension that best marks a part of a count (a
        # category, then the noun, then the events): "940 officers were barred, 215 of them
        # for sexual misconduct" differs by category, not also by its silent noun and verb
        differ = [d for d in DIMENSIONS if _dimension(wa, d) != _dimension(wb, d)]
        named = [d for d in differ if _dimension(wa, d) and _dimension(wb, d)]
        if named:
            active.update(named)
        elif differ:
            dim = min(differ, key=SILENCE_ORDER.index)
            active.add(dim)
            silence.add(dim)
    return active, silence


def outcome_groups(events: Sequence[tuple[str, ...]]) -> list[tuple[tuple[str, ...], list[int]]]:
    """Claims with an ``other`` outcome grouped by their outcome words: two agree when they
    share a word ("resigned or retired" and "barred, having resigned or retired"), and
    agreement is followed through shared words; "suspended" and "arrested" stay apart.
    Claims with no outcome words join the one group there is, else stay together apart.
    Returns ``(refinement, indices)`` parts, refinement ``("outcome:<words>",)``."""
    parent: dict[str, str] = {}

    def find(w: str) -> str:
        while parent.setdefault(w, w) != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    for words in events:
        for w in words[1:]:
            parent[find(w)] = find(words[0])
    groups: dict[str, list[int]] = defaultdict(list)
    silent = []
    for k, words in enumerate(events):
        if words:
            groups[find(words[0])].append(k)
        else:
            silent.append(k)
    if len(groups) == 1:
        groups[next(iter(groups))].extend(silent)
        silent = []
    out = []
    for root, members in groups.items():
        words = sorted({w for w in parent if find(w) == root})
        out.append((("outcome:" + " ".join(words),), sorted(members)))
    if silent:
        out.append(((), silent))
    return out


def _fits(partial: tuple, full: tuple) -> bool:
    """A label silent on some dimensions agrees with a full one on every other."""
    return all(not values or values == whole for (_, values), (_, whole) in zip(partial, full, strict=True))


def split_by_wording(
    labelled: Sequence[tuple[Wording, Statement]],
) -> list[tuple[tuple[str, ...], list[int]]]:
    """Statements under one key that are not one consistent figure, split by the wording
    dimensions that tell them apart (:func:`_contrasts`); returns ``(refinement, indices)``
    parts. A statement silent on a dimension that only present words tell apart joins the
    one part it fits, else stays apart. No dimension: one part, no refinement."""
    found, contrasted_silence = _contrasts(labelled)
    active = [d for d in DIMENSIONS if d in found]
    if not active:
        return [((), list(range(len(labelled))))]
    parts: dict[tuple, list[int]] = defaultdict(list)
    pending = []
    for k, (wording, _) in enumerate(labelled):
        label = tuple(
            (d, tuple(sorted(_dimension(wording, d))) or (("none",) if d in contrasted_silence else ()))
            for d in active
        )
        if any(not values for _, values in label):
            pending.append((k, label))
        else:
            parts[label].append(k)
    for k, label in pending:
        fits = [full for full in parts if _fits(label, full)]
        if len(fits) > 1:  # several parts its words fit: the one its value fits, if one
            own = labelled[k][1]
            fits = [f for f in fits if common_interval([own, *(labelled[m][1] for m in parts[f])])]
        if len(fits) == 1:
            parts[fits[0]].append(k)
        else:
            parts[label].append(k)
    out = []
    for label, members in parts.items():
        refine: list[str] = []
        for dim, values in label:
            if dim == "category":
                refine += [f"category:{v}" for v in values]
            elif values:
                refine.append(f"{dim}:{' '.join(values)}")
        out.append((tuple(refine), sorted(members)))
    return out


@dataclass
class Group:
    key: FigureKey
    rows: list[int]
    notes: list[str]


class Reconciler:
    """Claims in, figures out, in one pass over the claims and without holding them:
    per claim it keeps its id, value, approximation, measure, article and sentence ids
    (numbers in arrays), what its wording distinguishes and its weak attributes
    (interned), and the group it falls in.

    Feed it claims in the claims table's order (:meth:`add`, any number of times), then
    take :meth:`figures`, :meth:`links` and :meth:`period_links`."""

    def __init__(self) -> None:
        self.sources = Sources()
        self.claim_ids: list[str] = []
        self.values = array("d")
        self.codes = array("i")  # (approx, measure) pair, interned
        self.code_of: dict[tuple[str, str], int] = {}
        self.wordings = array("i")  # Wording, interned
        self.wording_of: dict[Wording, int] = {}
        self.weaks = array("i")  # weak attributes, interned
        self.weak_of: dict[tuple[str, ...], int] = {}
        self.by_kind: dict[tuple, array] = defaultdict(lambda: array("i"))
        self._links: list[tuple[str, array, array]] | None = None
        self._period_links: list[tuple[str, str, dict]] = []
        self._tables: tuple[dict, dict, dict, dict] | None = None

    def add(self, claims: Iterable[Sequence]) -> None:
        """Claims as rows of ``RECONCILE_COLUMNS``; claims with no measure are left out."""
        for row in claims:
            claim_id, doc_id, value, approx, measure, scope, start, end, quals, sentence, rule = row[:11]
            num_start, num_end, sentence_start, scope_basis, period_basis, qualifier_basis = row[11:]
            if not isinstance(measure, str):
                continue
            i = len(self.claim_ids)
            self.claim_ids.append(claim_id)
            self.values.append(float(value))
            self.sources.add(doc_id, sentence)
            self.codes.append(self.code_of.setdefault((approx, measure), len(self.code_of)))
            wording = Wording()
            if isinstance(sentence, str) and not _missing(num_start) and not _missing(sentence_start):
                offset = int(sentence_start)
                wording = read_wording(sentence, int(num_start) - offset, int(num_end) - offset, measure)
            self.wordings.append(self.wording_of.setdefault(wording, len(self.wording_of)))
            weak = weak_attributes(scope_basis, period_basis, qualifier_basis)
            self.weaks.append(self.weak_of.setdefault(weak, len(self.weak_of)))
            scope = scope if isinstance(scope, str) and scope else None
            period = _period(start, end)
            self.by_kind[(scope, measure, _normal_qualifiers(quals), period)].append(i)

    def _groups(self) -> list[Group]:
        """Claims grouped into figures (see the module docstring for the rules)."""
        wordings = self._inverted()[3]
        groups: list[Group] = []
        for (scope, measure, quals, period), index in self.by_kind.items():
            base = FigureKey.of(scope, measure, quals, *(period or (None, None)))
            if scope is None or period is None:
                missing = "scope" if scope is None else "period"
                for i in index:  # what it is about is not known: it joins no other claim
                    key = FigureKey(base.scope, base.measure, base.qualifiers, base.period,
                                    (f"claim:{self.claim_ids[i]}",))  # fmt: skip
                    groups.append(Group(key, [i], [f"{missing} not stated: joins no other claim"]))
                continue
            parts: dict[tuple[str, ...], list[int]] = defaultdict(list)
            if dict(base.qualifiers).get("outcome") == "other":
                # "other" gathers unlike results: only claims whose outcome words agree group
                events = [wordings[self.wordings[i]].events for i in index]
                for refine, members in outcome_groups(events):
                    parts[refine] = [index[k] for k in members]
            else:
                parts[()] = list(index)
            for refine, rows in parts.items():
                if len(rows) < 2 or common_interval(self._statements(rows)) is not None:
                    groups.append(Group(FigureKey(*_fields(base), refine), rows, []))
                    continue
                for label, sub in self._split(rows, wordings):
                    note = (
                        "its wording sets it apart from other statements under the same key" if label else ""
                    )
                    groups.append(
                        Group(FigureKey(*_fields(base), refine + label), sub, [note] if note else [])
                    )
        merged: dict[FigureKey, Group] = {}  # one figure per key, whatever the path to it
        for group in groups:
            if group.key in merged:
                merged[group.key].rows.extend(group.rows)
            else:
                merged[group.key] = group
        return sorted(merged.values(), key=lambda g: g.key.sort_key())

    def _split(
        self, rows: list[int], wordings: dict[int, Wording]
    ) -> list[tuple[tuple[str, ...], list[int]]]:
        """Claims under one key that are not one consistent figure, split by what their
        wording tells apart (:func:`split_by_wording`)."""
        statements = self._statements(rows)
        labelled = [(wordings[self.wordings[i]], st) for i, st in zip(rows, statements, strict=True)]
        return [(label, [rows[k] for k in part]) for label, part in split_by_wording(labelled)]

    def _inverted(self) -> tuple[dict, dict, dict, dict]:
        """The interned tables by code (approx and measure, weak attributes, articles,
        wordings), inverted once per :meth:`figures`."""
        if self._tables is None:
            self._tables = (
                {code: pair for pair, code in self.code_of.items()},
                {code: w for w, code in self.weak_of.items()},
                {n: d for d, n in self.sources.docs.items()},
                {code: w for w, code in self.wording_of.items()},
            )
        return self._tables

    def _statements(self, index: Sequence[int], labels: Sequence[int] | None = None) -> list[Statement]:
        """The statements of some claims (``labels``: their independent sources, else
        their articles)."""
        codes, weaks, docs, wordings = self._inverted()
        return [
            Statement(
                self.values[i],
                *codes[self.codes[i]],
                doc=docs[self.sources.claim_docs[i]],
                source=labels[k] if labels is not None else self.sources.claim_docs[i],
                weak=weaks[self.weaks[i]],
                replaced=wordings[self.wordings[i]].replaced,
            )  # fmt: skip
            for k, i in enumerate(index)
        ]

    def figures(self) -> pd.DataFrame:
        """One row per figure (``FIGURE_COLUMNS``), figure ids in key order."""
        self.sources.close()
        self._tables = None
        rows_out = []
        self._links = []
        made: list[tuple[str, Group, list[Statement]]] = []
        for n, group in enumerate(self._groups(), 1):
            figure_id = f"F{n:04d}"
            index = group.rows
            docs, sents = self.sources.claim_docs, self.sources.claim_sents
            labels = self.sources.labels_for((docs[i], sents[i]) for i in index)
            number: dict[int, int] = {}
            sources = array("i", [number.setdefault(label, len(number) + 1) for label in labels])
            rows = self._statements(index, list(sources))
            decided = decide(rows, len(number))
            notes = list(group.notes)
            if len(number) < len({docs[i] for i in index}):
                notes.append("syndicated copies or reused sentences counted once")
            made.append((figure_id, group, rows))
            self._links.append((figure_id, array("i", index), sources))
            key = group.key
            rows_out.append({
                "figure_id": figure_id, "figure_key": key.to_string(), "scope": key.scope,
                "scope_name": scope_name(key.scope), "measure": key.measure,
                "qualifiers": key.qualifiers_json(),
                "period_start": key.period[0] if key.period else None,
                "period_end": key.period[1] if key.period else None,
                "refinement": key.refinement_text(), **decided, "n_mentions": len(rows),
                "n_sources": len(number),
                "values_seen": "; ".join(dict.fromkeys(_statement(r.value, r.approx) for r in rows)),
                "claim_ids": ";".join(self.claim_ids[i] for i in index), "note": "; ".join(notes),
            })  # fmt: skip
        self._period_links = self._near_period_pairs(made)
        return pd.DataFrame(rows_out, columns=FIGURE_COLUMNS)

    def _near_period_pairs(
        self, made: list[tuple[str, Group, list[Statement]]]
    ) -> list[tuple[str, str, dict]]:
        """Figures about the same thing whose periods are a year apart, and what their
        statements together would be (never merged: a likely period error to check)."""
        by_rest: dict[tuple, list[tuple[str, Group, list[Statement]]]] = defaultdict(list)
        for item in made:
            k = item[1].key
            by_rest[(k.scope, k.measure, k.qualifiers, k.refinement)].append(item)
        pairs = []
        for items in by_rest.values():
            for a_i, (fa, ga, ra) in enumerate(items):
                for fb, gb, rb in items[a_i + 1 :]:
                    if near_periods(ga.key.period, gb.key.period):
                        both = ra + [replace(r, source=r.source + len(ra) + 1) for r in rb]
                        pairs.append((fa, fb, decide(both, len({r.doc for r in both}))))
        return pairs

    def links(self) -> Iterator[tuple[str, str, int]]:
        """``(figure_id, claim_id, source)`` for every claim of every figure, in figure
        order; ``source`` numbers the figure's independent sources from 1 (syndicated
        copies and reused sentences share one). After :meth:`figures`."""
        if self._links is None:
            raise RuntimeError("Reconciler.links() comes after figures()")
        for figure_id, index, sources in self._links:
            for i, source in zip(index, sources, strict=True):
                yield figure_id, self.claim_ids[i], source

    def period_links(self) -> list[tuple[str, str, dict]]:
        """``(figure_id, figure_id, decision)`` for figures a year apart in period, with
        what their statements would be together. After :meth:`figures`."""
        return list(self._period_links)


@lru_cache(maxsize=4096)
def _normal_qualifiers(quals: object) -> str:
    """Qualifiers JSON as the key reads them (sorted; a false-y value restricts nothing)."""
    return json.dumps(dict(qualifiers_of(quals if isinstance(quals, str) else "{}")), sort_keys=True)


def _fields(key: FigureKey) -> tuple:
    return key.scope, key.measure, key.qualifiers, key.period


RECONCILE_COLUMNS = [
    "claim_id", "doc_id", "value", "approx", "measure", "scope", "period_start", "period_end",
    "qualifiers", "sentence", "rule", "start", "end", "sentence_start", "scope_basis", "period_basis",
    "qualifier_basis",
]  # fmt: skip


def reconcile_figures(claims: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Figures from a claims table (with at least ``RECONCILE_COLUMNS``; missing ones read
    as empty); also the claim ids behind each figure id."""
    if claims.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS), {}
    reconciler = Reconciler()
    reconciler.add(claims.reindex(columns=RECONCILE_COLUMNS).itertuples(index=False, name=None))
    figures = reconciler.figures()
    members: dict[str, list[str]] = defaultdict(list)
    for figure_id, claim_id, _ in reconciler.links():
        members[figure_id].append(claim_id)
    return figures, dict(members)


def _sentence_of(text: str | None, sentence: str | None, start: int, end: int) -> tuple[str, int]:
    """The claim's sentence and its offset in the article: the one recorded where it is
    found around the number, else the sentence around the number (gold claims)."""
    if not isinstance(text, str):
        return sentence or "", -1
    if sentence:
        at = text.rfind(sentence, 0, start + 1)
        if at >= 0 and at + len(sentence) >= end:
            return sentence, at
    s_start, s_end = sentence_bounds(text, start, end)
    return text[s_start:s_end], s_start


def claim_rows(docs: Iterable[dict], stated: bool = False) -> list[dict]:
    """Claims of prediction (or gold) dicts as rows of ``RECONCILE_COLUMNS``. ``stated``:
    every attribute counts as stated (gold claims carry no basis: ``--oracle-claims``)."""
    rows = []
    for doc in docs:
        for c in doc.get("claims", []):
            period = c.get("period") or [None, None]
            start, end = c.get("start"), c.get("end")
            sentence, at = _sentence_of(doc.get("text"), c.get("sentence"), start or 0, end or 0)
            quals = c.get("qualifiers") or {}
            basis = {"scope": "stated", "period": "stated", "qualifiers": dict.fromkeys(quals, "stated")}
            if not stated:
                basis = {"scope": c.get("scope_basis"), "period": c.get("period_basis"),
                         "qualifiers": c.get("qualifier_basis") or {}}  # fmt: skip
            rows.append({
                "claim_id": f"{doc['id']}:{start}-{end}", "doc_id": doc["id"],
                "value": c["value"], "approx": c["approx"], "measure": c["measure"],
                "scope": c.get("scope"), "period_start": period[0], "period_end": period[1],
                "qualifiers": json.dumps(quals, sort_keys=True), "sentence": sentence,
                "rule": c.get("rule") or "", "start": start, "end": end,
                "sentence_start": at if at >= 0 and start is not None else None,
                "scope_basis": basis["scope"], "period_basis": basis["period"],
                "qualifier_basis": json.dumps(basis["qualifiers"], sort_keys=True),
            })  # fmt: skip
    return rows


def figures_for_scoring(predictions: Iterable[dict], stated: bool = False) -> list[dict]:
    """Reconcile the claims of prediction dicts (``extractor evaluate``; gold dicts with
    ``stated``) into figure dicts as the scorer reads them: key (:class:`FigureKey`),
    scope, measure, qualifiers, period, status, values, reason, and ``period_links``:
    for each figure a year apart in period, its period and what the two would be
    together (``{"period", "status"}``)."""
    rows = claim_rows(predictions, stated)
    if not rows:
        return []
    reconciler = Reconciler()
    reconciler.add(pd.DataFrame(rows).reindex(columns=RECONCILE_COLUMNS).itertuples(index=False, name=None))
    figures = reconciler.figures()
    out: dict[str, dict] = {}
    for f in figures.itertuples():
        key = FigureKey.parse(f.figure_key)
        out[f.figure_id] = {
            "key": key, "scope": key.scope, "measure": key.measure, "qualifiers": dict(key.qualifiers),
            "period": list(key.period) if key.period else None, "refinement": f.refinement,
            "status": f.status, "values": f.values_seen, "reason": f.reason, "n_sources": f.n_sources,
            "note": f.note, "period_links": [],
        }  # fmt: skip
    for a, b, joint in reconciler.period_links():
        out[a]["period_links"].append({"period": out[b]["period"], "status": joint["status"]})
        out[b]["period_links"].append({"period": out[a]["period"], "status": joint["status"]})
    return list(out.values())
