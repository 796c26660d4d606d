"""Reconciliation: plain functions over the claims table that return DataFrames.

``reconcile_figures`` groups claims into figures and decides their status;
``run_checks`` tests breakdowns, regions and national totals against them.
"""

from .figures import FIGURE_COLUMNS, figures_for_scoring, reconcile_figures, scope_name
from .intervals import Interval, claim_interval, interval_of

__all__ = [
    "FIGURE_COLUMNS",
    "Interval",
    "claim_interval",
    "figures_for_scoring",
    "interval_of",
    "reconcile_figures",
    "scope_name",
]
