"""Scoring for `extractor evaluate`: load gold and predictions, score, report.

Pure Python (no spaCy): predictions are plain dicts in the gold format of
ANNOTATION.md.
"""

from extractor.evaluate.gold import GoldFormatError, load_gold, load_predictions
from extractor.evaluate.score import format_report, list_errors, score

__all__ = [
    "GoldFormatError",
    "format_report",
    "list_errors",
    "load_gold",
    "load_predictions",
    "score",
]
