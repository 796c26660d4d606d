"""Outputs: fixed-column tables (CSV, later SQLite and the review page)."""

from .tables import COLUMNS, frame, spreadsheet_safe, write_csv

__all__ = ["COLUMNS", "frame", "spreadsheet_safe", "write_csv"]
