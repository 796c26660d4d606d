"""Numeric claims: candidates, lexicons, periods and the ``extractor_claims`` component."""

from .component import DATA_KEY, ClaimExtractor, make_claims

__all__ = ["DATA_KEY", "ClaimExtractor", "make_claims"]
