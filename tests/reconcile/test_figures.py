"""Grouping claims into figures: status, value, sources, periods."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from extractor.reconcile import reconcile_figures
from extractor.reconcile.figures import RECONCILE_COLUMNS, Reconciler

P = (2016, 2020)


def claims(*rows: dict) -> pd.DataFrame:
    """A claims table; a row's ``number`` (the number as written in its sentence) places
    ``start``/``end`` in the sentence; bases are "stated" unless given."""
    out = []
    for i, r in enumerate(rows):
        period = r.get("period", P)
        sentence = r.get("sentence", f"Sentence {i} of {r['doc']} about the figure.")
        number = r.get("number")
        at = sentence.index(number) if number else 0
        out.append({
            "claim_id": f"{r['doc']}:{i}", "doc_id": r["doc"], "value": r["value"],
            "approx": r.get("approx", "exact"), "measure": r.get("measure", "allegation"),
            "scope": r.get("scope", "kent"), "period_start": period[0] if period else None,
            "period_end": period[1] if period else None,
            "qualifiers": json.dumps(r.get("qualifiers", {}), sort_keys=True),
            "sentence": sentence, "rule": r.get("rule", "count:nummod|scope:force|period:stated"),
            "start": 100 + at, "end": 100 + at + len(number or ""), "sentence_start": 100,
            "scope_basis": r.get("scope_basis", "stated"), "period_basis": r.get("period_basis", "stated"),
            "qualifier_basis": json.dumps(r.get("qualifier_basis", {})),
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


def test_copies_of_one_article_agree_with_one_source() -> None:
    same = "Kent Police received 64 allegations over the period, figures show."
    fig = one(
        reconcile_figures(
            claims({"doc": "a", "value": 64, "sentence": same}, {"doc": "b", "value": 64, "sentence": same})
        )[0]
    )
    assert (fig["status"], fig["n_sources"]) == ("agreed", 1)


def test_one_article_stating_a_figure_twice_is_single() -> None:
    fig = one(reconcile_figures(claims({"doc": "a", "value": 64}, {"doc": "a", "value": 64}))[0])
    assert (fig["status"], fig["n_mentions"]) == ("single", 2)


def test_periods_a_year_apart_are_never_merged() -> None:
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 31, "measure": "force", "scope": "national", "period": (2016, 2021)},
        {"doc": "b", "value": 33, "measure": "force", "scope": "national"},
    ))  # fmt: skip
    assert sorted(zip(figures["period_end"], figures["status"], strict=True)) == [
        (2020, "single"), (2021, "single"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "missing",
    [{"period": None}, {"scope": None}, {"period": None, "rule": "x|y|period:headcount"}],
)
def test_a_claim_with_unknown_scope_or_period_joins_no_other(missing: dict) -> None:
    figures, _ = reconcile_figures(
        claims({"doc": "a", "value": 64, **missing}, {"doc": "b", "value": 64, **missing})
    )
    assert list(figures["status"]) == ["single", "single"]
    assert all(r.startswith("claim:") for r in figures["refinement"])
    assert figures["figure_key"].nunique() == 2


def test_one_article_with_incompatible_values_its_wording_cannot_separate_is_unresolved() -> None:
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 40, "number": "40", "sentence": "Essex Police logged 40 claims in the period."},
        {"doc": "a", "value": 45, "number": "45", "sentence": "A later table put Essex at 45 claims."},
        {"doc": "b", "value": 40, "number": "40", "sentence": "Essex recorded 40 claims, the data show."},
    ))  # fmt: skip
    fig = one(figures)
    assert fig["status"] == "unresolved"
    assert "one article (a) states incompatible values" in fig["reason"]


@pytest.mark.parametrize(
    ("sentences", "refinements"),
    [
        # counted nouns as written: complaint cases hold allegations (IOPC usage)
        (
            [
                ("a", 812, "Rutland logged 812 complaint cases, containing 1,530 allegations."),
                ("a", 1530, "Rutland logged 812 complaint cases, containing 1,530 allegations."),
                ("b", 812, "The force received 812 complaints in the year."),
            ],
            {"noun:case": ["812"], "noun:allegation": ["1530"]},
        ),
        # a category word makes a subset of the same count ("sexual misconduct" of all)
        (
            [
                ("a", 940, "In all 940 officers were barred, 215 of them for sexual misconduct."),
                ("a", 215, "In all 940 officers were barred, 215 of them for sexual misconduct."),
                ("b", 940, "Some 940 officers were barred over the four years."),
            ],
            {"category:none": ["940"], "category:sexual misconduct": ["215"]},
        ),
    ],
)
def test_wording_splits_a_key_that_mixes_different_things(sentences: list, refinements: dict) -> None:
    rows = [
        {"doc": d, "value": v, "number": f"{v:,}", "sentence": s, "scope": "national"}
        for d, v, s in sentences
    ]
    figures, _ = reconcile_figures(claims(*rows))
    got = {}
    for f in figures.itertuples():
        for part in f.refinement.split("; "):
            got.setdefault(part, []).append(f.values_seen)
    for refinement, values in refinements.items():
        assert got.get(refinement) == values, figures[["refinement", "values_seen", "status"]]
    assert "conflict" not in set(figures["status"]) and "unresolved" not in set(figures["status"])


def test_a_subset_clash_splits_by_its_category_alone() -> None:
    # article a sets a category subset against its total: that is the one contrast; its
    # subset's silent noun does not also split off b, which states the total without a noun
    s1 = "Rutland dismissed 52 officers in 2023, 9 of them for sexual misconduct."
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 52, "number": "52", "sentence": s1},
        {"doc": "a", "value": 9, "number": "9", "sentence": s1},
        {"doc": "b", "value": 55, "number": "55", "sentence": "Rutland: 55 dismissed in 2023."},
    ))  # fmt: skip
    by_refinement = dict(zip(figures["refinement"], figures["status"], strict=True))
    assert by_refinement == {"category:none": "conflict", "category:sexual misconduct": "single"}


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # b corrects the figure a gave: a's 29 against b's 31, not b at odds with itself
        ("Rutland has corrected its total to 31 from 29 officers.", "conflict"),
        # two values and neither replaced: b still disagrees with itself
        ("Rutland dismissed 31 officers; a second table said 29 officers were dismissed.", "unresolved"),
    ],
)
def test_a_value_an_article_replaces_does_not_leave_it_unresolved(sentence: str, status: str) -> None:
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 29, "number": "29", "sentence": "Rutland dismissed 29 officers in 2023."},
        {"doc": "b", "value": 31, "number": "31", "sentence": sentence},
        {"doc": "b", "value": 29, "number": "29", "sentence": sentence},
    ))  # fmt: skip
    assert one(figures)["status"] == status


def test_silent_wording_does_not_split_a_real_conflict() -> None:
    # only one statement names its noun: nothing the text says tells them apart
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 21, "number": "21", "sentence": "Rutland: 21"},
        {"doc": "b", "value": 23, "number": "23", "sentence": "Rutland received 23 domestic abuse claims."},
    ))  # fmt: skip
    assert one(figures)["status"] == "conflict"


def test_other_outcomes_group_only_when_their_words_agree() -> None:
    other = {"outcome": "other"}
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 12, "number": "12", "qualifiers": other, "sentence": "Of those, 12 were suspended."},
        {"doc": "b", "value": 12, "number": "12", "qualifiers": other, "sentence": "And 12 were suspended."},
        {"doc": "c", "value": 30, "number": "30", "qualifiers": other, "sentence": "Another 30 were arrested."},
    ))  # fmt: skip
    assert sorted(zip(figures["refinement"], figures["status"], strict=True)) == [
        ("outcome:arrest", "single"), ("outcome:suspend", "agreed"),
    ]  # fmt: skip


def test_other_outcome_words_agree_through_a_shared_word() -> None:
    other = {"outcome": "other"}
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 20, "measure": "percent", "number": "20%", "qualifiers": other,
         "sentence": "Of those barred, 20% had resigned or retired first."},
        {"doc": "b", "value": 20, "measure": "percent", "number": "20%", "qualifiers": other,
         "sentence": "Some 20% resigned or retired before the end."},
    ))  # fmt: skip
    assert (one(figures)["status"], one(figures)["refinement"]) == ("agreed", "outcome:barred resign retir")


@pytest.mark.parametrize(
    ("weak", "status", "named"),
    [
        ({}, "conflict", ""),
        ({"scope_basis": "defaulted"}, "unresolved", "scope defaulted"),
        ({"qualifier_basis": {"officer_sex": "defaulted"}}, "unresolved", "officer_sex defaulted"),
    ],
)
def test_a_conflict_needs_strong_deciding_attributes(weak: dict, status: str, named: str) -> None:
    quals = {"officer_sex": "male"} if "qualifier_basis" in weak else {}
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 31, "qualifiers": quals, "qualifier_basis": {"officer_sex": "stated"} if quals else {}},
        {"doc": "b", "value": 33, "qualifiers": quals, **weak},
    ))  # fmt: skip
    fig = one(figures)
    assert fig["status"] == status
    assert named in fig["weak"] and named in fig["reason"]


def test_copies_of_one_source_that_disagree_are_unresolved() -> None:
    wire = "Police in Rutland received 158 allegations between 2016 and 2020."
    also = "The claims were made against 97 officers, the agency said."
    figures, _ = reconcile_figures(claims(
        {"doc": "a", "value": 158, "sentence": wire},
        {"doc": "a", "value": 97, "measure": "officer", "sentence": also},
        {"doc": "b", "value": 185, "sentence": wire.replace("158", "185")},
        {"doc": "b", "value": 97, "measure": "officer", "sentence": also},
    ))  # fmt: skip
    fig = one(figures[figures["measure"] == "allegation"])
    assert (fig["status"], fig["n_sources"]) == ("unresolved", 1)
    assert "copies of one source disagree" in fig["reason"]


def test_a_value_ten_times_the_others_is_an_outlier_not_a_conflict() -> None:
    fig = one(reconcile_figures(claims(
        {"doc": "a", "value": 64}, {"doc": "b", "value": 64}, {"doc": "c", "value": 6400},
    ))[0])  # fmt: skip
    assert (fig["status"], fig["value"]) == ("outlier", 64)
    assert "6400 is more than 10 times the median" in fig["reason"]


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


def test_one_figure_per_key_whatever_the_qualifiers_json_says_of_nothing() -> None:
    figures, _ = reconcile_figures(
        claims({"doc": "a", "value": 64}, {"doc": "b", "value": 64, "qualifiers": {"includes_staff": False}})
    )
    assert (one(figures)["status"], one(figures)["qualifiers"]) == ("agreed", "{}")
