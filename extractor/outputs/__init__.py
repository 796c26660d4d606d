"""Outputs: fixed-column tables (CSV, later SQLite and the review page)."""

from .tables import columns, frame, read_csv, spreadsheet_safe, write_csv

__all__ = ["columns", "frame", "read_csv", "spreadsheet_safe", "write_csv"]
