"""Batches: worker processes, incremental re-runs, a run killed and resumed, Dask."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.run import run

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
TABLES = ["documents.csv", "entities.csv", "quotes.csv", "claims.csv", "figures.csv", "checks.csv"]


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory, nlp) -> Path:
    out = tmp_path_factory.mktemp("clean")
    run([CORPUS], out, nlp)
    return out


def test_two_workers_write_the_same_bytes_as_one(clean_run: Path, tmp_path: Path) -> None:
    run([CORPUS], tmp_path, workers=2)
    assert tables(tmp_path) == tables(clean_run)


def test_rerun_of_unchanged_corpus_does_no_work_and_changes_nothing(
    clean_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(clean_run, out)
    monkeypatch.setattr("extractor.run._load", lambda model: pytest.fail("the model was loaded"))
    result = run([CORPUS], out, model="auto")  # same rules, same model: nothing to do
    assert (result.extracted, result.unchanged) == (0, result.read)
    assert tables(out) == tables(clean_run)


def test_only_new_or_changed_articles_are_extracted(clean_run: Path, tmp_path: Path, nlp) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    run([corpus], out, nlp)
    kent = corpus / "local" / "kent-police-vawg-allegations.txt"
    kent.write_text(kent.read_text().replace("64 allegations", "66 allegations", 1))
    (corpus / "local" / "new-essex.txt").write_text(
        "Essex Police recorded 47 allegations between 2017 and 2022.\n"
    )
    result = run([corpus], out, nlp)
    assert (result.extracted, result.unchanged) == (2, result.read - 2)
    fresh = tmp_path / "fresh"
    run([corpus], fresh, nlp)
    assert tables(out) == tables(fresh)
    assert b"66" in (out / "claims.csv").read_bytes()


def _documents(store: Path) -> int:
    try:
        with sqlite3.connect(store) as con:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_run_killed_mid_batch_resumes_to_the_same_tables(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for copy in range(4):
        for path in CORPUS.rglob("*.txt"):
            target = corpus / f"copy{copy}" / path.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text())
    total = len(list(corpus.rglob("*.txt")))
    command = [sys.executable, "-m", "extractor", "run", str(corpus), "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = tmp_path / "out" / "evidence.sqlite"
    deadline = time.monotonic() + 120
    while _documents(store) < 8 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _documents(store)
    assert 0 < done < total, f"kill landed outside the batch ({done} of {total} stored)"
    resumed = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"({total - done} extracted, {done} unchanged)" in resumed.stderr
    clean = tmp_path / "clean"
    subprocess.run([*command[:-1], str(clean)], capture_output=True, check=True)
    assert tables(tmp_path / "out") == tables(clean)


def test_dask_local_cluster_gives_the_local_tables(clean_run: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="dask.distributed not installed (pip install '.[dask]')")
    result = run([CORPUS], tmp_path, engine="dask", workers=2)
    assert result.extracted == result.read
    assert tables(tmp_path) == tables(clean_run)
