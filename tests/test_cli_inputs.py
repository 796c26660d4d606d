"""The command line as a shell script uses it: ``--version``, and a feed on standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import extractor
from extractor.cli import app

runner = CliRunner()


def test_version_prints_the_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith(f"extractor {extractor.__version__} (spaCy 3.")


# (feed lines on stdin, expected (id, source, status) per document)
FEEDS = [
    (
        [{"id": "wire-1", "text": "Dyfed-Powys Police recorded 19 complaints against officers in 2022."}],
        [("wire-1", "stdin#L1", "ok")],
    ),
    (
        [{"body_text": "Gwent Police said 31 officers were suspended last year."}, "{not json"],
        [("stdin-L1", "stdin#L1", "ok"), ("stdin-L2", "stdin#L2", "error")],
    ),
]


@pytest.mark.parametrize(("lines", "expected"), FEEDS)
def test_dash_reads_a_json_lines_feed_from_stdin(lines: list, expected: list, tmp_path: Path) -> None:
    feed = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "-", "--out", str(out), "--model", "blank"], input=feed)
    assert result.exit_code == 0, result.output
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert list(zip(docs["id"], docs["source"], docs["status"], strict=True)) == expected
    claims = pd.read_csv(out / "claims.csv")
    assert len(claims) == sum(status == "ok" for *_, status in expected)
