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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


MINHASH_BANDS, MINHASH_ROWS = 8, 2  # a pair at Jaccard 0.8 shares a band with p > 0.999
_SEEDS = [(0x9E3779B1 * (k + 1)) & 0xFFFFFFFF for k in range(MINHASH_BANDS * MINHASH_ROWS)]


def minhash(shingle_set: frozenset[int]) -> tuple[int, ...]:
    """A MinHash signature over the shingles' hashes (deterministic, so outputs do not
    depend on Python's hash seed)."""
    hashes = list(shingle_set) or [0]
    return tuple(min((h ^ seed) * 0x01000193 & 0xFFFFFFFF for h in hashes) for seed in _SEEDS)


class Sources:
    """Which claims are independent: union-find over claims whose sentences are near
    duplicates (MinHash buckets, then Jaccard of word 3-grams), and over articles that
    are syndicated copies of each other (at least half their figure sentences shared).
    Linear in the number of sentences: a sentence is compared only with the few
    representatives of the buckets it falls in."""

    MAX_SHARED = 50  # a sentence in more articles than this is reused, not a sign of one copy

    def __init__(self, claims: pd.DataFrame) -> None:
        t = tolerances()
        self.threshold = t["near_duplicate_jaccard"]
        n = int(t["shingle_words"])
        self.parent: dict[str, str] = {}
        pairs = claims[["doc_id", "sentence"]].drop_duplicates()
        rep_sets: dict[str, set] = {}  # shingles kept for bucket representatives only
        buckets: dict[tuple, list[str]] = defaultdict(list)
        for sentence in dict.fromkeys(pairs["sentence"]):
            sh = shingles(sentence, n)
            signature = minhash(sh)
            for band in range(MINHASH_BANDS):
                key = (band, signature[band * MINHASH_ROWS : (band + 1) * MINHASH_ROWS])
                reps = buckets[key]
                match = next((r for r in reps if jaccard(sh, rep_sets[r]) >= self.threshold), None)
                if match is not None:
                    self._union(f"s:{sentence}", f"s:{match}")
                elif len(reps) < 8:
                    reps.append(sentence)
                    rep_sets[sentence] = sh
        clusters: dict[str, set[str]] = defaultdict(set)
        by_doc: dict[str, set[str]] = defaultdict(set)
        for row in pairs.itertuples():
            root = self._find(f"s:{row.sentence}")
            clusters[root].add(row.doc_id)
            by_doc[row.doc_id].add(root)
        shared: Counter[tuple[str, str]] = Counter()
        for docs in clusters.values():
            if 1 < len(docs) <= self.MAX_SHARED:
                ordered = sorted(docs)
                for a_i, a in enumerate(ordered):
                    for b in ordered[a_i + 1 :]:
                        shared[(a, b)] += 1
        for (doc_a, doc_b), count in shared.items():
            smaller = min(len(by_doc[doc_a]), len(by_doc[doc_b]))
            if smaller and count / smaller >= 0.5:
                self._union(f"d:{doc_a}", f"d:{doc_b}")  # a syndicated copy

    def _find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def _union(self, a: str, b: str) -> None:
        self.parent[self._find(a)] = self._find(b)

    def labels(self, rows: pd.DataFrame) -> list[str]:
        """For each claim of ``rows``, the independent source it belongs to: its article,
        with syndicated copies merged and claims in near-duplicate sentences joined."""
        return self.labels_for(list(zip(rows["doc_id"], rows["sentence"], strict=True)))

    def labels_for(self, pairs: list[tuple[str, str]]) -> list[str]:
        """:meth:`labels` for ``(doc_id, sentence)`` pairs."""
        groups: dict[str, str] = {}
        for doc_id, sentence in pairs:
            doc_root = self._find(f"d:{doc_id}")
            sent_root = self._find(f"s:{sentence}")
            key = groups.get(sent_root) or groups.get(doc_root) or doc_root
            groups[sent_root] = groups[doc_root] = key
        return [groups[self._find(f"d:{doc_id}")] for doc_id, _ in pairs]

    def count(self, rows: pd.DataFrame) -> int:
        """Independent sources among ``rows`` (claims)."""
        return len(set(self.labels(rows)))


# --- grouping ------------------------------------------------------------------------


def _period(row) -> tuple[int, int] | None:  # noqa: ANN001 - a DataFrame row
    start, end = row.period_start, row.period_end
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


NO_PERIOD = ("none",)  # a figure that has no period by nature, e.g. "there are 43 forces"


def _unknown_period(row) -> bool:  # noqa: ANN001 - a DataFrame row
    """The text did not say (rather than: the figure has no period, like a headcount)."""
    rule = getattr(row, "rule", "") or ""
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


def group_claims(claims: pd.DataFrame) -> list[Group]:
    """Group claims by scope, measure, qualifiers and period. A period off by one year
    from the batch's usual one for that thing is merged into it and flagged; a claim
    with no period joins the one group of its kind that has a period, if exactly one."""
    by_kind: dict[tuple, dict[tuple[int, int] | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, row in enumerate(claims.itertuples()):
        kind = (row.scope if isinstance(row.scope, str) else None, row.measure, row.qualifiers or "{}")
        period = _period(row)
        if period is None and not _unknown_period(row):
            period = NO_PERIOD  # deliberately none (a headcount): joins no dated figure
        by_kind[kind][period].append(i)
    usual = _usual_periods(claims)
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


def _usual_periods(claims: pd.DataFrame) -> dict[str | None, tuple[int, int]]:
    """The period most claims of each scope state (ties: the most common in the batch)."""
    overall = Counter(_period(r) for r in claims.itertuples() if _period(r))
    by_scope: dict[str | None, Counter] = defaultdict(Counter)
    for r in claims.itertuples():
        if _period(r):
            by_scope[r.scope if isinstance(r.scope, str) else None][_period(r)] += 1
    return {scope: max(counts, key=lambda p: (counts[p], overall[p])) for scope, counts in by_scope.items()}


# --- values ------------------------------------------------------------------------------


def _statement(value: float, approx: str) -> str:
    number = f"{value:g}"
    return number if approx == "exact" else f"{approx.replace('_', ' ')} {number}"


@dataclass(frozen=True)
class Statement:
    """What one claim says, as reconciliation reads it."""

    claim_id: str
    doc_id: str
    sentence: str
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


def reconcile_figures(claims: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Figures from a claims table; also the claim ids behind each figure id."""
    claims = claims.reset_index(drop=True)
    if claims.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS), {}
    claims = claims[claims["measure"].notna()].reset_index(drop=True)
    sources = Sources(claims)
    statements = [
        Statement(*row)
        for row in zip(
            claims["claim_id"],
            claims["doc_id"],
            claims["sentence"],
            claims["value"].astype(float),
            claims["approx"],
            claims["measure"],
            strict=True,
        )
    ]  # plain records: per-group DataFrame slicing costs more than the reconciling
    rows_out = []
    members: dict[str, list[str]] = {}
    groups = sorted(
        group_claims(claims),
        key=lambda g: (str(g.scope), g.measure, g.qualifiers, str(g.period)),
    )
    for n, group in enumerate(groups, 1):
        rows = [statements[i] for i in group.rows]
        figure_id = f"F{n:04d}"
        n_sources = len(set(sources.labels_for([(r.doc_id, r.sentence) for r in rows])))
        decided = decide(rows, n_sources)
        notes = list(group.notes)
        if n_sources < len({r.doc_id for r in rows}):
            notes.append("syndicated copies or reused sentences counted once")
        seen = list(dict.fromkeys(_statement(r.value, r.approx) for r in rows))
        members[figure_id] = [r.claim_id for r in rows]
        rows_out.append({
            "figure_id": figure_id, "scope": group.scope, "scope_name": scope_name(group.scope),
            "measure": group.measure, "qualifiers": group.qualifiers,
            "period_start": group.period[0] if group.period not in (None, NO_PERIOD) else None,
            "period_end": group.period[1] if group.period not in (None, NO_PERIOD) else None,
            **decided, "n_mentions": len(rows), "n_sources": n_sources,
            "values_seen": "; ".join(seen), "claim_ids": ";".join(members[figure_id]),
            "note": "; ".join(notes),
        })  # fmt: skip
    return pd.DataFrame(rows_out, columns=FIGURE_COLUMNS), members


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
