"""Grouping claims into figures: status, value, sources, periods."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from extractor.reconcile import reconcile_figures
from extractor.reconcile.figures import RECONCILE_COLUMNS, Reconciler

P = (2016, 2020)


def claims(*rows: dict) -> pd.DataFrame:
    out = []
    for i, r in enumerate(rows):
        period = r.get("period", P)
        out.append({
            "claim_id": f"{r['doc']}:{i}", "doc_id": r["doc"], "value": r["value"],
            "approx": r.get("approx", "exact"), "measure": r.get("measure", "allegation"),
            "scope": r.get("scope", "kent"), "period_start": period[0] if period else None,
            "period_end": period[1] if period else None,
            "qualifiers": json.dumps(r.get("qualifiers", {}), sort_keys=True),
            "sentence": r.get("sentence", f"Sentence {i} of {r['doc']} about the figure."),
            "rule": r.get("rule", "count:nummod|scope:force|period:stated"),
        })  # fmt: skip
    return pd.DataFrame(out)


def one(figures: pd.DataFrame) -> dict:
    assert len(figures) == 1, figures
    return figures.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("statements", "status", "value", "chosen_by"),
    [
        ([(158, "exact"), (158, "exact")], "agreed", 158, "exact:most-stated-in-common-interval"),
        ([(158, "exact"), (160, "almost")], "compatible", 158, "exact:most-stated-in-common-interval"),
        ([(750, "at_least"), (700, "more_than")], "compatible", 750, "bound:lower"),
        ([(31, "exact"), (33, "exact")], "conflict", 31, "conflict:most-stated"),
        ([(64, "exact"), (71, "exact"), (71, "exact")], "conflict", 71, "conflict:most-stated"),
        ([(64, "exact")], "single", 64, "exact:most-stated-in-common-interval"),
    ],
)
def test_status_and_value(statements: list, status: str, value: float, chosen_by: str) -> None:
    rows = [{"doc": f"d{i}", "value": v, "approx": a} for i, (v, a) in enumerate(statements)]
    fig = one(reconcile_figures(claims(*rows))[0])
    assert (fig["status"], fig["value"], fig["chosen_by"]) == (status, value, chosen_by)
    assert fig["n_mentions"] == len(statements)


def test_figures_keyed_by_scope_measure_qualifiers_period() -> None:
    figures, members = reconcile_figures(claims(
        {"doc": "a", "value": 10},
        {"doc": "b", "value": 10, "scope": "essex"},
        {"doc": "c", "value": 10, "measure": "officer"},
        {"doc": "d", "value": 10, "qualifiers": {"officer_sex": "male"}},
        {"doc": "e", "value": 10, "period": (2018, 2022)},
    ))  # fmt: skip
    assert len(figures) == 5 and set(figures["status"]) == {"single"}
    assert sorted(len(v) for v in members.values()) == [1, 1, 1, 1, 1]


def test_syndicated_copies_and_reused_sentences_count_once() -> None:
    same = "Police forces received 1,512 allegations between 2017 and 2022, figures show."
    figures, _ = reconcile_figures(claims(
        {"doc": "pa", "value": 1512, "sentence": same},
        {"doc": "local-copy", "value": 1512, "sentence": same.replace("show", "showed")},
        {"doc": "other", "value": 1512, "sentence": "The national total was 1,512, the agency found."},
    ))  # fmt: skip
    fig = one(figures)
    assert (fig["n_mentions"], fig["n_sources"], fig["status"]) == (3, 2, "agreed")
    assert "counted once" in fig["note"]


def test_a_copy_alone_is_a_single_source() -> None:
    same = "Kent Police received 64 allegations over the period, figures show."
    fig = one(
        reconcile_figures(
            claims({"doc": "a", "value": 64, "sentence": same}, {"doc": "b", "value": 64, "sentence": same})
        )[0]
    )
    assert (fig["status"], fig["n_sources"]) == ("single", 1)


def test_period_off_by_one_year_is_folded_and_flagged() -> None:
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 31, "measure": "force", "scope": "national", "period": (2016, 2021)},
        {"doc": "b", "value": 33, "measure": "force", "scope": "national"},
        {"doc": "c", "value": 5, "scope": "national"},
    ))  # fmt: skip
    forces = figures[figures["measure"] == "force"].iloc[0]
    assert (forces["status"], forces["period_start"], forces["period_end"]) == ("conflict", 2016, 2020)
    assert "possible period error: 2016-2021" in forces["note"]


def test_unknown_period_joins_the_only_period_but_not_two() -> None:
    joined, _ = reconcile_figures(
        claims(
            {"doc": "a", "value": 64}, {"doc": "b", "value": 64, "period": None, "rule": "x|y|period:none"}
        )
    )
    assert one(joined)["status"] == "agreed"
    apart, _ = reconcile_figures(claims(
        {"doc": "a", "value": 64},
        {"doc": "b", "value": 12, "period": (2012, 2013)},
        {"doc": "c", "value": 64, "period": None, "rule": "x|y|period:none"},
    ))  # fmt: skip
    unknown = apart[apart["period_start"].isna()].iloc[0]
    assert "period unknown; 2 periods" in unknown["note"]


def test_headcount_without_period_stays_apart() -> None:
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 31, "measure": "force", "scope": "national"},
        {"doc": "b", "value": 43, "measure": "force", "scope": "national", "period": None, "rule": "x|y|period:headcount"},
    ))  # fmt: skip
    assert sorted(figures["values_seen"]) == ["31", "43"]


def test_links_number_independent_sources_and_streamed_input_gives_the_same_figures() -> None:
    shared = "Kent Police received 158 allegations between 2016 and 2020, figures show."
    table = claims(
        {"doc": "wire", "value": 158, "sentence": shared},
        {"doc": "local", "value": 158, "sentence": shared},  # the wire copy reprinted: one source
        {
            "doc": "paper",
            "value": 160,
            "approx": "almost",
            "sentence": "Almost 160 claims were made in Kent.",
        },
    )
    reconciler = Reconciler()
    for start in range(len(table)):  # fed a row at a time, as run() streams the store
        reconciler.add(table.iloc[start : start + 1][RECONCILE_COLUMNS].itertuples(index=False, name=None))
    figures = reconciler.figures()
    links = list(reconciler.links())
    assert [(claim_id.split(":")[0], source) for _, claim_id, source in links] == [
        ("wire", 1), ("local", 1), ("paper", 2),
    ]  # fmt: skip
    fig = one(figures)
    assert (fig["status"], fig["n_mentions"], fig["n_sources"]) == ("compatible", 3, 2)
    pd.testing.assert_frame_equal(figures, reconcile_figures(table)[0])
