"""Records -> DataFrames with fixed columns, and CSV files safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd


def columns(record_type: type) -> list[str]:
    """A table's fixed columns: the record's fields, in order (README "Outputs")."""
    return [f.name for f in fields(record_type)]


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# the start of every line inside a cell (a spreadsheet may split a cell at CR or LF),
# when it begins like a formula; and that guard again, for reading it back
_LINE_FORMULA = re.compile(r"(?:^|(?<=[\r\n]))(?=[=+\-@\t\r])")
_LINE_GUARD = re.compile(r"(?:^|(?<=[\r\n]))'(?=[=+\-@\t\r])")
# a cell spreadsheet_safe changes: one starting with a FORMULA_PREFIXES character, or
# holding a line break (a line inside may start like a formula)
_NEEDS_GUARD = r"^[=+\-@\t\r]|[\r\n]"
# CRLF rows: the csv module quotes a cell holding any character of the line terminator
# (and the quote mark), so with CRLF every cell with a CR or LF in it is quoted
LINE_END = "\r\n"


def frame(records: Iterable[Any], record_type: type) -> pd.DataFrame:
    """DataFrame of ``records`` (objects with ``to_dict``), with ``record_type``'s columns
    even when there are no records."""
    rows = [r.to_dict() for r in records]
    return pd.DataFrame(rows, columns=columns(record_type))


def spreadsheet_safe(value: Any) -> Any:
    """A text cell, or any line inside it, starting with ``= + - @`` (or tab/CR) gets a
    leading apostrophe, so a spreadsheet shows it as text instead of running it as a
    formula (CSV injection)."""
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or "\n" in value or "\r" in value):
        return _LINE_FORMULA.sub("'", value)
    return value


def write_csv(df: pd.DataFrame, path: Path, text_columns: Sequence[str] | None = None, **to_csv: Any) -> None:
    """Write ``df`` as UTF-8 CSV with formula-looking text cells neutralised and an open
    bound (``inf``, "at least 750" has no upper one) left empty; ``to_csv`` options
    (``mode="a"``, ``header=False``) let large tables be written in chunks."""
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].where(~out[column].isin([math.inf, -math.inf]))
    text_columns = text_columns or [c for c in out.columns if not pd.api.types.is_numeric_dtype(out[c])]
    for column in text_columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype):
            # a text column: only the few cells that need the guard go through Python
            # (the same test as spreadsheet_safe's, run over the column at once)
            needs = values.str.contains(_NEEDS_GUARD, regex=True, na=False)
            if needs.any():
                out.loc[needs, column] = values[needs].map(spreadsheet_safe)
        else:
            out[column] = values.map(spreadsheet_safe)
    out.to_csv(
        path, index=False, encoding="utf-8", lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL, **to_csv
    )


def write_rows(
    rows: Iterable[Sequence[Any]], path: Path, columns: Sequence[str], kinds: dict[str, str]
) -> None:
    """Write plain rows (tuples in ``columns`` order, as SQLite gives them; ``kinds``: column
    -> int | float | str, see ``store.column_kinds``) as the file :func:`write_csv` writes
    for their DataFrame, without building one: the same guard on text cells, an open bound
    left empty, a missing cell empty, a float as its repr (numpy writes float64 so too)."""
    text = [i for i, c in enumerate(columns) if kinds.get(c, "str") == "str"]
    real = [i for i, c in enumerate(columns) if kinds.get(c) == "float"]

    def cells(row: Sequence[Any]) -> Sequence[Any]:
        fixed: list[Any] | None = None
        for i in text:
            value = row[i]
            if type(value) is str and (value.startswith(FORMULA_PREFIXES) or "\n" in value or "\r" in value):
                fixed = fixed or list(row)
                fixed[i] = _LINE_FORMULA.sub("'", value)
        for i in real:
            if row[i] in (math.inf, -math.inf):
                fixed = fixed or list(row)
                fixed[i] = None
        return row if fixed is None else fixed

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns)
        writer.writerows(map(cells, rows))


def read_csv(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_csv`, undoing the spreadsheet guard."""
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for column in df.columns:
        if not pd.api.types.is_numeric_dtype(df[column]):
            df[column] = df[column].map(_unguard)
    return df


def _unguard(value: Any) -> Any:
    if isinstance(value, str) and "'" in value:
        return _LINE_GUARD.sub("", value)
    return value


# --- Parquet (``extractor run --format parquet``; needs pyarrow) ---------------------------

PARQUET_TYPES = ("int", "float", "bool", "str")


def parquet_available() -> bool:
    """Is pyarrow installed (``pip install 'extractor[parquet]'``)?"""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def write_parquet(chunks: Iterable[pd.DataFrame], path: Path, kinds: dict[str, str]) -> None:
    """Write a table, read in ``chunks``, as one Parquet file whose schema says each column's
    kind (``kinds``: column -> int | float | bool | str), so a column keeps one type even
    where a chunk has no value in it; written beside and then moved into place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}
    schema = pa.schema([(column, arrow[kind]) for column, kind in kinds.items()])
    tmp = path.with_suffix(".parquet.tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        for chunk in chunks:
            writer.write_table(pa.Table.from_pandas(chunk[list(kinds)], schema=schema, preserve_index=False))
    tmp.replace(path)
