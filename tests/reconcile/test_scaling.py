"""Doubling tests: reconciling, checking and writing the review page for a batch twice
as large does at most about twice the work. Work is counted (Python function calls under
cProfile, rows, bytes), never timed: the bench (``evaluation/bench.py``) times it.

The batches come from :mod:`extractor.evaluate.synthetic`, whose stories, periods,
measures and regional and national totals grow with the batch, as on a real archive."""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import pytest

from extractor.evaluate.synthetic import describe, synthetic_batch, write_batch
from extractor.outputs.store import Store
from extractor.reconcile.checks import run_checks
from extractor.reconcile.figures import RECONCILE_COLUMNS, Reconciler
from extractor.run import write_reconciled

GROWTH = 2.3  # a doubled batch may cost at most this many times the work


def _calls(action) -> int:  # noqa: ANN001 - a callable of no arguments
    """Python function calls made by ``action()``: work counted, not timed."""
    profile = cProfile.Profile()
    profile.runcall(action)
    return pstats.Stats(profile).total_calls


def _figures(store: Store):  # noqa: ANN202
    reconciler = Reconciler()
    reconciler.add(store.rows("claims", RECONCILE_COLUMNS, where='"measure" IS NOT NULL'))
    return reconciler.figures()


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for n in (400, 800):
        folder = tmp_path_factory.mktemp(f"synthetic-{n}")
        write_batch(folder, n)
        out[n] = folder
    return out


def test_the_synthetic_batch_varies_with_its_size() -> None:
    small, large = describe(400), describe(800)
    assert large["totals"] > 1.6 * small["totals"]  # regional and national totals keep coming
    assert large["periods"] > small["periods"]
    assert small["measures"] >= 4
    assert small["scopes"] >= 30


def test_a_synthetic_batch_is_the_same_for_a_seed() -> None:
    first = [c.to_dict() for _, _, claims in synthetic_batch(50, seed=7) for c in claims]
    again = [c.to_dict() for _, _, claims in synthetic_batch(50, seed=7) for c in claims]
    other = [c.to_dict() for _, _, claims in synthetic_batch(50, seed=8) for c in claims]
    assert first == again and first != other


@pytest.mark.parametrize("stage", ["reconcile", "checks"])
def test_doubling_the_batch_at_most_doubles_the_work(batches: dict[int, Path], stage: str) -> None:
    counted = {}
    for n, folder in batches.items():
        with Store(folder / "evidence.sqlite") as store:
            if stage == "reconcile":
                counted[n] = _calls(lambda store=store: _figures(store))
            else:
                figures = _figures(store)
                counted[n] = _calls(lambda figures=figures: run_checks(figures))
    assert counted[800] <= GROWTH * counted[400], counted


def test_checks_grow_with_the_totals_they_add_up(batches: dict[int, Path]) -> None:
    """The checks made are there to count: regional and national totals are added up."""
    with Store(batches[800] / "evidence.sqlite") as store:
        checks = run_checks(_figures(store))
    assert {"region", "national", "officer_sex"} <= set(checks["kind"])


def test_reconcile_checks_and_page_together(batches: dict[int, Path], tmp_path: Path) -> None:
    """The whole end of a run (figures, checks, the tables and the review page)."""
    counted, sizes = {}, {}
    for n, folder in batches.items():
        with Store(folder / "evidence.sqlite") as store:
            counted[n] = _calls(lambda store=store, folder=folder: write_reconciled(store, folder))
        sizes[n] = (folder / "report.html").stat().st_size
    assert counted[800] <= GROWTH * counted[400], counted
    assert sizes[800] <= GROWTH * sizes[400], sizes
