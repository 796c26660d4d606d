"""The one figure key type, and what a number's wording distinguishes."""

from __future__ import annotations

import json

import pytest

from extractor.reconcile.keys import FigureKey, migrate_key, near_periods, successor
from extractor.reconcile.wording import Wording, read_wording


def test_key_string_form_round_trips_and_reads_the_earlier_list_form() -> None:
    key = FigureKey.of("kent", "allegation", '{"officer_sex": "male", "complainant": "public"}', 2016, 2020,
                       ("noun:case",))  # fmt: skip
    assert FigureKey.parse(key.to_string()) == key
    assert key.qualifiers == (("complainant", "public"), ("officer_sex", "male"))
    old = json.dumps(["kent", "allegation", {"officer_sex": "male"}, 2016, 2020], sort_keys=True)
    assert FigureKey.parse(old) == FigureKey("kent", "allegation", (("officer_sex", "male"),), (2016, 2020))
    assert migrate_key(old) == FigureKey.parse(old).to_string()
    assert migrate_key("not a key") == "not a key"


def test_key_from_table_cells_reads_missing_values() -> None:
    key = FigureKey.of(float("nan"), "force", None, float("nan"), None)
    assert (key.scope, key.qualifiers, key.period) == (None, (), None)
    assert key.base == key


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [((2016, 2020), (2016, 2021), True), ((2016, 2020), (2017, 2021), False), ((2016, 2020), None, False)],
)
def test_near_periods(a: tuple, b: tuple | None, near: bool) -> None:
    assert near_periods(a, b) is near


@pytest.mark.parametrize(
    ("sentence", "number", "measure", "wording"),
    [
        ("Rutland logged 812 complaint cases last year.", "812", "allegation", Wording("case")),
        ("Those cases held 1,530 allegations, up from 1,204 in 2021.", "1,204", "allegation",
         Wording("allegation")),  # elliptical: the noun of the number before it
        ("In all 940 officers were barred, 215 of them for sexual misconduct.", "215", "officer",
         Wording("officer", ("sexual misconduct",), ("barred",))),
        ("In all 940 officers were barred, 215 of them for sexual misconduct.", "940", "officer",
         Wording("officer", (), ("barred",))),
        ("Complaint cases in Rutland rose by 9% on the year before.", "9%", "percent", Wording("case")),
        ("Rutland: 21", "21", "allegation", Wording()),
        # a value the sentence replaces: "to N from M", "to N, from the M", "not M"
        ("Rutland has corrected its total to 31 from 29 officers.", "29", "officer",
         Wording("officer", replaced=True)),
        ("Rutland has corrected its total to 31 from 29 officers.", "31", "officer", Wording(None)),
        ("The count falls to 607, from the 611 first given.", "611", "officer", Wording(replaced=True)),
        ("It now says 40 cases were closed, not 44 as reported.", "44", "allegation",
         Wording("case", (), ("closed",), replaced=True)),
        # a change over time replaces nothing
        ("Complaints rose from 361 to 400.", "361", "allegation", Wording(None)),
        ("There were 400 complaints, up from 361.", "361", "allegation", Wording("case")),
    ],
)  # fmt: skip
def test_read_wording(sentence: str, number: str, measure: str, wording: Wording) -> None:
    start = sentence.index(number)
    assert read_wording(sentence, start, start + len(number), measure) == wording


def test_read_wording_on_the_whole_article_reads_only_the_numbers_sentence() -> None:
    text = "Rutland logged 812 complaint cases. Officers faced 77 hearings for misconduct."
    start = text.index("812")
    assert read_wording(text, start, start + 3) == Wording("case")


@pytest.mark.parametrize(
    ("old", "current", "found"),
    [
        # the refinement words grew as articles joined: the decision follows
        (("outcome:resign",), [("outcome:resign retir",), ("outcome:arrest",)], 0),
        # a key split in two by wording: which one was decided is not known
        ((), [("noun:case",), ("noun:allegation",)], None),
        # a split that went away
        (("noun:case",), [()], 0),
        (("claim:a:1-3",), [()], None),
    ],
)
def test_successor_follows_a_moved_refinement_only_when_one_figure_fits(
    old: tuple, current: list, found: int | None
) -> None:
    base = FigureKey("kent", "allegation", (("outcome", "other"),), (2020, 2021))
    keys = [FigureKey(*(base.scope, base.measure, base.qualifiers, base.period), r) for r in current]
    got = successor(FigureKey(base.scope, base.measure, base.qualifiers, base.period, old), keys)
    assert got == (keys[found] if found is not None else None)
