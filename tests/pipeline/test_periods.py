"""Period phrases with a year in them are read by the patterns alone, never by dateparser."""

from __future__ import annotations

import pytest

from extractor.pipeline.claims import periods
from extractor.pipeline.claims.periods import find_periods


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Complaints have risen since March 2019, the force said.", "2023-05-02", [(2019, 2023)]),
        ("It dealt with 41 cases since 2020.", "2024-01-10", [(2020, 2024)]),
        ("Nine officers left from June 2021, records show.", "2022-08-01", [(2021, 2022)]),
        ("There were 310 in the year ending March 2022.", None, [(2021, 2022)]),
        ("It logged 88 over the three years to March 2023.", None, [(2020, 2023)]),
    ],
)
def test_year_phrases_need_no_dateparser(monkeypatch, sentence, published, expected) -> None:
    def refuse(phrase: str, base: str | None) -> None:
        raise AssertionError(f"dateparser reached for {phrase!r}")

    monkeypatch.setattr(periods, "parse_date", refuse)
    assert [p.years for p in find_periods(sentence, published)] == expected
