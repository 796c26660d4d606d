"""Typed outputs: one type per column in pandas and SQLite, years as whole numbers even where
some are missing, and no ``inf`` in a CSV file (an open bound is empty)."""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from spacy.language import Language

import extractor
from extractor.outputs.store import read_table
from extractor.outputs.tables import read_csv, write_csv, write_rows
from extractor.run import run

# invented: a figure with a period, one without, an open bound ("at least"), a breakdown
FEED = [
    "Wiltshire Police received 40 complaints about officers between 2019 and 2022. "
    "Of those, 31 were made by members of the public and 9 by colleagues.",
    "Wiltshire Police dismissed at least 12 officers.",
    "Durham Constabulary received 40 complaints about officers between 2019 and 2022.",
]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, nlp_blank: Language) -> Path:
    folder = tmp_path_factory.mktemp("typed")
    (folder / "in").mkdir()
    lines = [json.dumps({"id": f"a{i}", "text": text}) for i, text in enumerate(FEED)]
    (folder / "in" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run([folder / "in"], folder / "out", nlp_blank, progress=False)
    return folder / "out"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("table", ["claims", "figures", "checks", "entities", "documents"])
def test_no_inf_and_no_float_years_in_csv(out: Path, table: str) -> None:
    for row in rows(out / f"{table}.csv"):
        assert "inf" not in {v.lower() for v in row.values()}
        for column in ("period_start", "period_end"):
            if column in row:
                assert row[column] == "" or row[column].isdigit(), row


def test_open_bound_is_empty_in_csv_and_infinite_in_pandas(out: Path) -> None:
    [bounded] = [r for r in rows(out / "claims.csv") if r["approx"] == "at_least"]
    assert (bounded["low"], bounded["high"]) == ("12.0", "")
    claims = read_table(out / "evidence.sqlite", "claims")
    assert claims.loc[claims["approx"] == "at_least", "high"].tolist() == [float("inf")]


@pytest.mark.parametrize(
    ("table", "dtypes"),
    [
        ("claims", {"period_start": "Int64", "period_end": "Int64", "value": "float64", "start": "Int64"}),
        ("figures", {"period_start": "Int64", "period_end": "Int64", "value": "float64", "n_sources": "Int64"}),
        ("checks", {"expected": "Float64"}),
    ],
)
def test_read_table_gives_one_type_per_column(out: Path, table: str, dtypes: dict[str, str]) -> None:
    df = extractor.read_table(out, table)
    assert {c: str(df[c].dtype) for c in dtypes} == dtypes
    if table == "figures":
        assert df["period_start"].isna().any() and 2019 in df["period_start"].tolist()


def test_sqlite_columns_have_one_type(out: Path) -> None:
    with sqlite3.connect(out / "evidence.sqlite") as con:
        for table, column in [("figures", "period_start"), ("checks", "expected"), ("claims", "period_end")]:
            kinds = {k for (k,) in con.execute(f'SELECT DISTINCT typeof("{column}") FROM "{table}"')}
            assert kinds <= {"integer", "null"} if "period" in column else kinds <= {"real", "null"}


def test_the_documented_read_sql_recipe_gives_the_same_types(out: Path) -> None:
    with sqlite3.connect(out / "evidence.sqlite") as con:
        figures = pd.read_sql(
            "SELECT * FROM figures", con, dtype={"period_start": "Int64", "period_end": "Int64"}
        )
    assert str(figures["period_start"].dtype) == "Int64"


def test_format_parquet_writes_each_table_with_one_type_per_column(
    tmp_path: Path, nlp_blank: Language
) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (pip install '.[parquet]')")
    (tmp_path / "in").mkdir()
    lines = [json.dumps({"id": f"a{i}", "text": text}) for i, text in enumerate(FEED)]
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([tmp_path / "in"], out, nlp_blank, progress=False, table_format="parquet")
    expected = {
        "claims": {"period_start": "int64", "high": "double", "value": "double", "qualifiers": "string"},
        "figures": {"period_start": "int64", "n_sources": "int64", "decision": "string"},
        "checks": {"expected": "double", "found": "string"},
        "documents": {"chars": "int64", "published": "string"},
    }
    for table, types in expected.items():
        schema = pq.read_schema(out / f"{table}.parquet")
        assert {c: str(schema.field(c).type) for c in types} == types
        csv_rows = len(rows(out / f"{table}.csv"))
        assert pq.read_metadata(out / f"{table}.parquet").num_rows == csv_rows
    figures = pd.read_parquet(out / "figures.parquet", dtype_backend="numpy_nullable")
    assert str(figures["period_start"].dtype) == "Int64" and figures["period_start"].isna().any()


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out"), "--format", "xlsx"])
    assert result.exit_code == 2 and "--format must be 'csv' or 'parquet'" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "cells",
    [
        ["=SUM(A1:A3)", "plain words", None, "-5 officers", "@handle"],
        ["first line\n=cmd|' /C calc'!A0", "two\r\nlines", "\ttabbed", "+44 1632 960000"],
        ["nothing to guard", "a - b", "x = y", None],
    ],
)
def test_a_text_column_is_guarded_the_same_read_as_text_or_as_objects(tmp_path: Path, cells: list) -> None:
    # a str column is tested for the guard at once, an object column cell by cell: same file
    written = []
    for dtype in ("str", object):
        path = tmp_path / f"{dtype}.csv"
        write_csv(pd.DataFrame({"cell": pd.Series(cells, dtype=dtype), "n": range(len(cells))}), path)
        written.append(path.read_bytes())
    assert written[0] == written[1]
    back = read_csv(tmp_path / "str.csv")["cell"].tolist()
    assert [c if isinstance(c, str) else None for c in back] == cells  # the guard comes off again


KINDS = {"name": "str", "count": "int", "value": "float", "note": "str"}


@pytest.mark.parametrize(
    "rows",
    [
        [("Kent Police", 12, 158.0, None), ("=HYPERLINK(x)", None, 0.1 + 0.2, "said, \"no\"")],
        [("two\nlines", 2016, math.inf, "-3 officers"), ("", 0, -math.inf, "\r\n@x"), (None, -5, None, "plain")],
        [("big", 10**12, 1e16, "x"), ("small", 1, 1e-05, "y"), ("whole", 3, 2.0, "z"), ("neg", 4, -0.5, "w")],
        [],
    ],
)
def test_rows_straight_from_the_store_make_the_file_their_table_makes(tmp_path: Path, rows: list) -> None:
    # the article tables are exported from SQLite rows without a DataFrame: same bytes
    frame = pd.DataFrame(rows, columns=list(KINDS)).astype(
        {"name": "str", "count": "Int64", "value": "float64", "note": "str"}
    )
    frame[["name", "note"]] = frame[["name", "note"]].where(frame[["name", "note"]].notna(), None)
    write_csv(frame, tmp_path / "frame.csv")
    write_rows(rows, tmp_path / "rows.csv", list(KINDS), KINDS)
    assert (tmp_path / "rows.csv").read_bytes() == (tmp_path / "frame.csv").read_bytes()
