"""End to end: the CLI on the sample corpus, and on a batch with bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app

ROOT = Path(__file__).resolve().parents[1]

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["run", str(ROOT / "corpus"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_run_reads_every_sample_article(corpus_run: Path) -> None:
    docs = pd.read_csv(corpus_run / "documents.csv")
    sources = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".txt", ".html"))
    feed_lines = (ROOT / "corpus" / "feed" / "wire.jsonl").read_text().strip().splitlines()
    assert len(docs) == len(sources) + len(feed_lines)
    assert set(docs["status"]) == {"ok"}
    assert docs["sha256"].str.len().eq(64).all()
    assert docs["id"].is_unique


def test_run_tables_point_into_the_text(corpus_run: Path) -> None:
    entities = pd.read_csv(corpus_run / "entities.csv")
    claims = pd.read_csv(corpus_run / "claims.csv")
    assert {"FORCE", "OFFICIAL", "ORG", "REGION"} <= set(entities["label"])
    assert entities.loc[entities["label"] == "FORCE", "id"].nunique() >= 10
    assert len(claims) > 100 and claims["measure"].notna().all()
    kent = ROOT / "corpus" / "local" / "kent-police-vawg-allegations.txt"
    text = kent.read_text()
    rows = entities[entities["doc_id"] == "local__kent-police-vawg-allegations"]
    assert len(rows) > 0
    for row in rows.itertuples():
        assert text[row.start : row.end] == row.text


def test_bad_input_is_reported_and_the_rest_processed(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(ROOT / "corpus" / "local" / "kent-police-vawg-allegations.txt", batch / "kent.txt")
    (batch / "empty.txt").write_bytes(b"")
    (batch / "feed.jsonl").write_text(
        '{"id": "a", "text": "Essex Police said 12 officers were involved."}\n{oops\n'
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(batch), "--out", str(out)])
    assert result.exit_code == 0
    docs = pd.read_csv(out / "documents.csv")
    assert sorted(docs["status"]) == ["error", "error", "ok", "ok"]
    errors = docs[docs["status"] == "error"].set_index("id")["error"].to_dict()
    assert errors == {
        "empty": "empty file",
        "feed-L2": "line 2: not valid JSON (Expecting property name enclosed in double quotes)",
    }
    assert "empty.txt: empty file" in result.output


def test_exit_code_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no article could be read" in result.output


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, check=True
    )
    assert "run" in done.stdout and "evaluate" in done.stdout


def test_run_reconciles_the_sample_corpus(corpus_run: Path) -> None:
    figures = pd.read_csv(corpus_run / "figures.csv")
    checks = pd.read_csv(corpus_run / "checks.csv")
    by_status = figures.groupby("status")["values_seen"].apply(set).to_dict()
    assert {"38; 40"} <= by_status["conflict"] or {"40; 38"} <= by_status["conflict"]
    assert "71; 64" in by_status["conflict"] or "64; 71" in by_status["conflict"]
    assert "47" in by_status["agreed"] and "26" in by_status["agreed"]
    assert any("1512" in v and "more than 1400" in v for v in by_status["compatible"])
    notts = checks[checks["note"].str.startswith("Nottinghamshire Police, allegation: parts add up")]
    assert [(s, e) for s, e in zip(notts["status"], notts["expected"], strict=True)] == [("fail", 48.0)]
    assert (checks["status"] == "pass").sum() >= 5


def test_evidence_store_opens_in_sqlite(corpus_run: Path) -> None:
    import sqlite3

    with sqlite3.connect(corpus_run / "evidence.sqlite") as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        linked = con.execute(
            "SELECT f.values_seen, c.text FROM figures f JOIN figure_claims fc USING (figure_id) "
            "JOIN claims c USING (claim_id) WHERE f.status = 'conflict'"
        ).fetchall()
    assert {"documents", "entities", "claims", "figures", "figure_claims", "checks"} <= tables
    assert {"claims_key", "figures_key", "documents_key"} <= indexes
    assert len(linked) >= 4


def test_reconcile_recomputes_the_same_tables(corpus_run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again"
    shutil.copytree(corpus_run, copy)
    (copy / "figures.csv").unlink()
    result = runner.invoke(app, ["reconcile", str(copy)])
    assert result.exit_code == 0, result.output
    assert (copy / "figures.csv").read_text() == (corpus_run / "figures.csv").read_text()
    assert (copy / "checks.csv").read_text() == (corpus_run / "checks.csv").read_text()


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "evil.txt").write_text(
        '=HYPERLINK("http://example.invalid","x") Kent Police recorded 12 complaints.\n'
    )
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(batch), "--out", str(out)]).exit_code == 0
    raw = (out / "entities.csv").read_text()
    assert "'=HYPERLINK" in raw and ",=HYPERLINK" not in raw
