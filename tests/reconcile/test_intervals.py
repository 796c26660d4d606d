"""What each approximation allows, and when statements can all be true."""

from __future__ import annotations

import math

import pytest

from extractor.reconcile import interval_of

INF = math.inf


@pytest.mark.parametrize(
    ("value", "approx", "inside", "outside"),
    [
        (158, "exact", [158], [157, 159]),
        (750, "at_least", [750, 10_000], [749]),
        (700, "more_than", [701, 750], [700, 699]),
        (160, "almost", [158, 144], [160, 143, 161]),
        (15, "about", [13.5, 15, 16.5], [13, 17]),
        (20, "at_most", [0, 20], [21]),
        (0.5, "less_than", [0.4], [0.5, 0.6]),
    ],
)
def test_interval_contains(value: float, approx: str, inside: list, outside: list) -> None:
    iv = interval_of(value, approx)
    assert all(iv.contains(x) for x in inside)
    assert not any(iv.contains(x) for x in outside)


@pytest.mark.parametrize(
    ("a", "b", "common"),
    [
        ((158, "exact"), (160, "almost"), (158, 158)),
        ((750, "at_least"), (700, "more_than"), (750, INF)),
        ((31, "exact"), (33, "exact"), None),
        ((500, "more_than"), (530, "exact"), (530, 530)),
        ((200, "almost"), (205, "exact"), None),
        ((100, "less_than"), (100, "at_least"), None),
    ],
)
def test_intersection(a: tuple, b: tuple, common: tuple | None) -> None:
    got = interval_of(*a).intersect(interval_of(*b))
    assert (None if got is None else (got.low, got.high)) == common


def test_open_bounds_hold_no_whole_number() -> None:
    # "more than 700" and "fewer than 701" share (700, 701): no count fits
    both = interval_of(700, "more_than").intersect(interval_of(701, "less_than"))
    assert both is not None and not both.integer_values()
