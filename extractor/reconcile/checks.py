"""Arithmetic checks over reconciled figures.

Each check is a row of ``CHECK_COLUMNS``: check_id, kind, figure_ids (the
total first, then its parts), expected (the total, a number; empty for a
period check), found (the arithmetic, "130 + 11 + 17 = 158", or the periods
compared), status (pass | fail | incomplete) and note.

Kinds:
- ``officer_sex``: male + female + unknown = the total without that restriction;
- ``complainant``: public + colleague = the total;
- ``outcome``: the counts by outcome are not above the total;
- ``region``: the forces of a region add up to the region's figure (all of
  them present), or at least do not exceed it;
- ``national``: a national total is not below the sum of the forces stated;
- ``period``: two figures about the same thing whose periods are a year apart
  (never merged), always ``fail`` (a flag to check); the note says whether their
  values agree (one period is likely misstated) or differ (two periods' data, or
  a period error beside a conflict).

A part and its total must share measure, period, refinement and every other
qualifier; only figures whose values are consistent (single, agreed,
compatible) are added up. Values compare as intervals, so "almost 160" can
pass against 158.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from ..lexicons import load_forces, regions, slug
from .figures import CONSISTENT
from .keys import FigureKey, near_periods

CHECK_COLUMNS = ["check_id", "kind", "figure_ids", "expected", "found", "status", "note"]

BREAKDOWNS = {
    "officer_sex": (("male", "female", "unknown"), "sum"),
    "complainant": (("public", "colleague"), "sum"),
    "outcome": (None, "not_above"),
}


def _key(row: dict, drop: str | None = None) -> tuple:
    """(measure, period, qualifiers JSON without ``drop``, refinement) of a figure row."""
    key = _figure_key(row)
    quals = {k: v for k, v in key.qualifiers if k != drop}
    return (key.measure, key.period, json.dumps(quals, sort_keys=True), key.refinement)


def _figure_key(row: dict) -> FigureKey:
    refinement = row.get("refinement")
    return FigureKey.of(
        row["scope"], row["measure"], row["qualifiers"], row["period_start"], row["period_end"],
        refinement if isinstance(refinement, str) else (),
    )  # fmt: skip


@lru_cache(maxsize=4096)  # few distinct qualifier sets, read for every figure by every breakdown
def _qualifiers(text: str | None) -> MappingProxyType:
    """A figure's qualifiers JSON as a read-only mapping (shared between calls)."""
    return MappingProxyType(json.loads(text or "{}"))


def _fmt(x: float) -> str:
    return "inf" if math.isinf(x) else f"{x:g}"


def _number(x: float) -> float | None:
    """``expected`` is a number column: an open bound has none."""
    return None if math.isinf(float(x)) else float(x)


def _bounds(row: dict) -> tuple[float, float]:
    """What the figure allows: its common interval (a conflict: the values seen)."""
    return float(row["low"]), float(row["high"])


def _compare(total: dict, parts: list[dict], mode: str, complete: bool) -> tuple[str, str]:
    lows = sum(_bounds(p)[0] for p in parts)
    highs = sum(_bounds(p)[1] for p in parts)
    t_low, t_high = _bounds(total)
    found = " + ".join(_fmt(p["value"]) for p in parts) + f" = {_fmt(sum(p['value'] for p in parts))}"
    if mode == "not_above":
        return ("pass" if lows <= t_high else "fail"), found
    if lows > t_high:
        return "fail", found  # the parts alone exceed the total
    if not complete:
        return "incomplete", found
    return ("pass" if lows <= t_high and highs >= t_low else "fail"), found


def run_checks(figures: pd.DataFrame) -> pd.DataFrame:
    """Every check the figures allow, as a DataFrame of ``CHECK_COLUMNS``."""
    rows: list[dict] = []
    if figures.empty:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    records = frame_records(figures)  # read once: every check below is one pass over them
    rows += _period_checks(records)
    consistent = [f for f in records if f["status"] in CONSISTENT]
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for f in consistent:
        by_key[(f["scope"], *_key(f))].append(f)
    rows += _breakdown_checks(consistent, by_key)
    rows += _area_checks(consistent, by_key)
    for n, row in enumerate(rows, 1):
        row["check_id"] = f"C{n:04d}"
    checks = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    checks["expected"] = checks["expected"].astype("Float64")  # one type, also with no rows
    return checks


def frame_records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, the same cells, built column by column (``Series.tolist``)
    instead of cell by cell: a few times faster. As there, a cell of an object or extension
    column (Int64, str) is a Python scalar, pd.NA read as None."""
    columns = list(df.columns)
    lists = []
    for column in columns:
        values = df[column].tolist()
        dtype = df[column].dtype
        if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.api.extensions.ExtensionDtype):
            values = [_native(v) for v in values]
        lists.append(values)
    return [dict(zip(columns, cells, strict=True)) for cells in zip(*lists, strict=True)]


def _native(value: object) -> object:
    """A cell as to_dict gives it: pd.NA as None, a numpy scalar as a Python one."""
    if value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value


def _period_checks(figures: list[dict]) -> list[dict]:
    """Figures about the same thing a year apart in period: linked, never merged. Each
    figure looks up only the periods one year off its own (an index per key), so the work
    grows with the figures, not with the square of those sharing a key."""
    rows = []
    by_rest: dict[tuple, list[tuple[FigureKey, dict]]] = defaultdict(list)
    for f in figures:
        key = _figure_key(f)
        if key.period is not None:
            by_rest[(key.scope, key.measure, key.qualifiers, key.refinement)].append((key, f))
    for items in by_rest.values():
        at: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n, (k, _) in enumerate(items):
            at[k.period].append(n)
        for i, (ka, fa) in enumerate(items):
            (s, e) = ka.period
            near = (at.get(p, ()) for p in ((s - 1, e), (s + 1, e), (s, e - 1), (s, e + 1)))
            for j in sorted(j for found in near for j in found if j > i):
                kb, fb = items[j]
                if not near_periods(ka.period, kb.period):
                    continue
                same = (
                    fa["status"] in CONSISTENT
                    and fb["status"] in CONSISTENT
                    and not (float(fa["high"]) < float(fb["low"]) or float(fb["high"]) < float(fa["low"]))
                )
                when_a, when_b = (f"{k.period[0]}-{k.period[1]}" for k in (ka, kb))
                rows.append({
                    "kind": "period", "figure_ids": f"{fa['figure_id']};{fb['figure_id']}",
                    "expected": None,  # a number column: the two statements go in found
                    "found": f"{fa['values_seen']} ({when_a}); {fb['values_seen']} ({when_b})",
                    "status": "fail",
                    "note": f"{fa['scope_name']}, {fa['measure']}: "
                    + ("possible period error: the values agree across two periods a year apart"
                       if same else "periods a year apart with different values: two periods' data, "
                       "or a period error and a conflict"),
                })  # fmt: skip
    return rows


def _breakdown_checks(figures: list[dict], by_key: dict) -> list[dict]:
    rows = []
    for qualifier, (values, mode) in BREAKDOWNS.items():
        parts_of: dict[tuple, list[dict]] = defaultdict(list)
        for f in figures:
            if qualifier in _qualifiers(f["qualifiers"]):
                parts_of[(f["scope"], *_key(f, drop=qualifier))].append(f)
        for key, parts in parts_of.items():
            for total in by_key.get(key, []):
                labels = {_qualifiers(p["qualifiers"])[qualifier] for p in parts}
                complete = values is not None and set(values) <= labels
                status, found = _compare(total, parts, mode, complete)
                missing = sorted(set(values or ()) - labels)
                rows.append({
                    "kind": qualifier,
                    "figure_ids": ";".join([total["figure_id"], *(p["figure_id"] for p in parts)]),
                    "expected": _number(total["value"]), "found": found, "status": status,
                    "note": f"{total['scope_name']}, {total['measure']}: "
                    + ("parts not above the total" if mode == "not_above" else "parts add up to the total")
                    + (f"; no figure for {', '.join(missing)}" if missing and mode == "sum" else ""),
                })  # fmt: skip
    return rows


def _area_checks(figures: list[dict], by_key: dict) -> list[dict]:
    forces = load_forces()
    region_ids = regions(forces)
    members = {
        rid: {f.id for f in forces if f.region and f"region:{slug(f.region)}" == rid}
        for rid in region_ids.values()
    }
    territorial = {f.id for f in forces if f.kind == "territorial"}
    by_sex = _by_officer_sex(by_key)
    rows = []
    for total in figures:
        scope = total["scope"]
        if not isinstance(scope, str) or not (scope.startswith("region:") or scope == "national"):
            continue
        if _qualifiers(total["qualifiers"]).get("outcome") == "other":
            continue  # "other" gathers unlike outcomes: no total to add up
        area = members.get(scope, set()) if scope != "national" else territorial
        parts, restricted = [], []
        wanted = _key(total)  # what each force's figure must count, worked out once a total
        for force_id in sorted(area):
            part = _force_figure(by_key, by_sex, force_id, wanted)
            if part is not None:
                parts.append(part)
                if part["qualifiers"] != total["qualifiers"]:
                    restricted.append(f"{part['scope']} ({_extra(part, total)})")
        if not parts:
            continue
        if scope == "national":
            status, found = _compare(total, parts, "not_above", False)
            note = f"national total not below the {len(parts)} force figure(s) stated"
            kind = "national"
        else:
            present = {p["scope"] for p in parts}
            complete = present >= area
            status, found = _compare(total, parts, "sum", complete)
            missing = sorted(area - present)
            note = f"{total['scope_name']}: its forces add up to the region's figure" + (
                f"; no figure for {', '.join(missing)}" if missing else ""
            )
            kind = "region"
        if restricted:
            note += "; restricted figures used where a force gives no other: " + ", ".join(restricted)
        rows.append({
            "kind": kind, "figure_ids": ";".join([total["figure_id"], *(p["figure_id"] for p in parts)]),
            "expected": _number(total["value"]), "found": found, "status": status, "note": note,
        })  # fmt: skip
    return rows


def _by_officer_sex(by_key: dict) -> dict[tuple, dict]:
    """Figures restricted by officer sex, under their key without it: (scope, measure,
    period, other qualifiers JSON, refinement) -> the first such figure (figure order).
    Built once, so finding a force's restricted figure is a lookup, not a scan."""
    index: dict[tuple, dict] = {}
    for (scope, m, p, q, r), figures in by_key.items():
        extra = json.loads(q)
        if extra.pop("officer_sex", None):
            index.setdefault((scope, m, p, json.dumps(extra, sort_keys=True), r), figures[0])
    return index


def _force_figure(by_key: dict, by_sex: dict, force_id: str, wanted: tuple) -> dict | None:
    """The force's figure for what a total counts (``wanted``: the total's :func:`_key`);
    failing that, one restricted by officer sex only (a force listed as "10 claims against
    male officers")."""
    exact = by_key.get((force_id, *wanted))
    if exact:
        return exact[0]
    return by_sex.get((force_id, *wanted))


def _extra(part: dict, total: dict) -> str:
    mine, theirs = json.loads(part["qualifiers"]), json.loads(total["qualifiers"] or "{}")
    return ", ".join(f"{k}: {v}" for k, v in mine.items() if theirs.get(k) != v)
