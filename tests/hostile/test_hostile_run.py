"""Hostile and broken inputs through whole runs (issue 16): one bad article never costs
the batch, nothing stored is lost, outputs stay linear in the input, and operational
failures end with one message and the store as it was."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from extractor.cli import app
from extractor.outputs.report import write_report
from extractor.outputs.tables import read_csv
from extractor.run import KEPT, run

runner = CliRunner()


def documents(out: Path) -> dict[str, dict]:
    return {row["id"]: row for row in read_csv(out / "documents.csv").to_dict("records")}


def claims_of(out: Path, doc_id: str) -> list[str]:
    claims = read_csv(out / "claims.csv")
    return claims[claims["doc_id"] == doc_id]["text"].astype(str).tolist()


@pytest.fixture()
def blank(nlp_blank: Language, monkeypatch) -> Language:
    """The session's rules-only pipeline; tests may lower its max_length."""
    monkeypatch.setattr(nlp_blank, "max_length", nlp_blank.max_length)
    return nlp_blank


# --- one bad article, the rest of the batch ----------------------------------------------


def test_bad_articles_cost_only_themselves(
    tmp_path: Path, blank: Language, monkeypatch, break_claims_on
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text("Thornbury Police logged 17 complaints in 2021.\n")
    (inputs / "long.txt").write_text("Thornbury Police logged 23 complaints in 2021. " * 40)
    (inputs / "boom.txt").write_text("Thornbury Police logged 31 complaints in 2021. KABOOM\n")
    rows = [
        {"id": "big-int", "text": "Thornbury Police logged 12 complaints.", "n": int("9" * 4000)},
        {"id": "obj", "text": "Thornbury Police logged 13 complaints.", "url": {"x": 1}},
    ]
    lines = [json.dumps(r) for r in rows] + ['{"id": "deep", "x": ' + "[" * 50_000 + "]" * 50_000 + "}"]
    (inputs / "feed.jsonl").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(blank, "max_length", 1000)  # long.txt is over it: spaCy's E088
    break_claims_on(blank, "KABOOM", RecursionError("maximum recursion depth exceeded"))
    result = run([inputs], tmp_path / "out", blank, progress=False)

    docs = documents(tmp_path / "out")
    assert docs["good"]["status"] == "ok" and claims_of(tmp_path / "out", "good") == ["17"]
    assert docs["long"]["status"] == "error" and "E088" in docs["long"]["error"]
    assert docs["boom"]["status"] == "error" and "nested too deeply" in docs["boom"]["error"]
    assert docs["feed-L3"]["status"] == "error" and docs["feed-L3"]["source"].endswith("feed.jsonl#L3")
    assert docs["big-int"]["status"] == "ok" and claims_of(tmp_path / "out", "big-int") == ["12"]
    assert docs["obj"]["status"] == "warning" and "'url' is not text" in docs["obj"]["error"]
    assert sorted(e.id for e in result.errors) == ["boom", "feed-L3", "long"]
    assert (tmp_path / "out" / "report.html").exists()


def test_duplicate_ids_lose_nothing(tmp_path: Path, blank: Language) -> None:
    rows = [
        {"id": i, "text": f"Ashcombe Police logged {n} complaints."}
        for n, i in enumerate(["a", "a", "a-2"], 4)
    ]
    (tmp_path / "dup.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run([tmp_path / "dup.jsonl"], tmp_path / "out", blank, progress=False)
    assert result.extracted == 3 and result.counts["documents"] == 3
    assert sorted(documents(tmp_path / "out")) == ["a", "a-2", "a-2-2"]
    again = run([tmp_path / "dup.jsonl"], tmp_path / "out", blank, progress=False)
    assert again.unchanged == 3 and again.counts["documents"] == 3


def test_same_name_on_two_days_keeps_both(tmp_path: Path, blank: Language) -> None:
    for day, n in (("day1", 7), ("day2", 9)):
        (tmp_path / day).mkdir()
        (tmp_path / day / "story.txt").write_text(f"Pelham Police logged {n} complaints in 2021.\n")
        run([tmp_path / day], tmp_path / "out", blank, progress=False)
    docs = documents(tmp_path / "out")
    assert sorted(docs) == ["story", "story-2"]
    assert claims_of(tmp_path / "out", "story") == ["7"] and claims_of(tmp_path / "out", "story-2") == ["9"]


def test_a_moved_or_renamed_path_is_the_same_article(tmp_path: Path, blank: Language, monkeypatch) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "piece.txt").write_text("Lowfield Police logged 11 complaints in 2021.\n")
    monkeypatch.chdir(tmp_path)
    run([Path("desk")], tmp_path / "out", blank, progress=False)
    # the same file by its absolute path, edited: the same article, updated in place
    (tmp_path / "desk" / "piece.txt").write_text("Lowfield Police logged 12 complaints in 2021.\n")
    run([tmp_path / "desk"], tmp_path / "out", blank, progress=False)
    # the folder moved, the text unchanged: still the same article
    (tmp_path / "desk").rename(tmp_path / "archive")
    moved = run([tmp_path / "archive"], tmp_path / "out", blank, progress=False)
    assert moved.unchanged == 1 and sorted(documents(tmp_path / "out")) == ["piece"]
    assert claims_of(tmp_path / "out", "piece") == ["12"]


def test_unreadable_on_a_later_run_keeps_its_records(tmp_path: Path, blank: Language, lock_file) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kept.txt").write_text("Wyvern Police logged 27 complaints in 2021.\n")
    run([tmp_path / "in"], tmp_path / "out", blank, progress=False)
    lock_file("kept.txt")
    result = run([tmp_path / "in"], tmp_path / "out", blank, progress=False)
    assert [e.error for e in result.errors] == [f"cannot read file: Permission denied; {KEPT}"]
    assert documents(tmp_path / "out")["kept"]["status"] == "ok"
    assert claims_of(tmp_path / "out", "kept") == ["27"]


def test_unreadable_source_folder_does_not_stop_the_page(
    tmp_path: Path, blank: Language, monkeypatch
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Rushmere Police logged 5 complaints in 2021.\n")
    run([tmp_path / "in"], tmp_path / "out", blank, progress=False)
    real_is_file = Path.is_file

    def denied(self: Path) -> bool:
        if "in" in self.parts and self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", denied)
    assert write_report(tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_feed_linked_to_a_device_is_one_row(tmp_path: Path, blank: Language) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "zero.jsonl").symlink_to("/dev/zero")
    (tmp_path / "in" / "fine.txt").write_text("Quenby Police logged 2 complaints in 2021.\n")
    run(
        [tmp_path / "in" / "zero.jsonl", tmp_path / "in" / "fine.txt"],
        tmp_path / "out",
        blank,
        progress=False,
    )
    docs = documents(tmp_path / "out")
    assert "not a regular file" in docs["zero"]["error"] and docs["fine"]["status"] == "ok"


# --- CSV cells ----------------------------------------------------------------------------


def test_carriage_returns_stay_inside_their_cell(tmp_path: Path, blank: Language) -> None:
    rows = [
        {"id": "cr", "text": "Lindale Police logged 3 complaints.", "headline": "Top\r=1+1\rstory"},
        {"id": "lf", "text": "Lindale Police logged 4 complaints.", "headline": "Two\n@lines"},
    ]
    (tmp_path / "f.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "mac.txt").write_bytes(b"Lindale Police logged 6 complaints.\r-Note\rEnd.\r")
    run([tmp_path], tmp_path / "out", blank, progress=False)
    with (tmp_path / "out" / "documents.csv").open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert len(table) == 4  # the header and three documents: no row split at a CR
    headlines = {row[0]: row[-1] for row in table[1:]}
    assert headlines["cr"] == "Top\r'=1+1\rstory" and headlines["lf"] == "Two\n'@lines"
    for row in table:
        for cell in row:
            for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                assert not line.startswith(("=", "+", "-", "@")), cell
    assert documents(tmp_path / "out")["cr"]["headline"] == "Top\r=1+1\rstory"  # read back as written


# --- output size ---------------------------------------------------------------------------


def test_one_long_sentence_gives_linear_output(tmp_path: Path, blank: Language) -> None:
    """The bench's case (evaluation/bench.py --long-sentence 1) at a tenth of the size."""
    clause = "Farrowdale Police logged 41 complaints against officers in 2021, "
    text = (clause * (100_000 // len(clause)))[:-2] + "."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text)
    result = run([tmp_path / "in"], tmp_path / "out", blank, progress=False)
    assert result.counts["claims"] > 1000
    size = sum(
        p.stat().st_size for p in (tmp_path / "out").iterdir() if p.suffix in (".csv", ".sqlite", ".html")
    )
    assert size < 64 * len(text)
    claims = read_csv(tmp_path / "out" / "claims.csv")
    for row in claims.itertuples():
        assert len(row.sentence) <= 400
        assert text[row.sentence_start : row.sentence_start + len(row.sentence)] == row.sentence
        assert row.sentence_start <= row.start and row.end <= row.sentence_start + len(row.sentence)


# --- operational errors: one message, the store as it was ----------------------------------------


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        lines = list(con.iterdump())
    con.close()
    return lines


@pytest.fixture()
def stored(tmp_path: Path, blank: Language) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "first.txt").write_text("Greyhaven Police logged 19 complaints in 2021.\n")
    run([tmp_path / "in"], tmp_path / "out", blank, progress=False)
    clause = "Greyhaven Police logged 8 complaints in 2021. "
    (tmp_path / "in" / "second.txt").write_text(clause * 400)
    return tmp_path / "out"


def test_a_damaged_store_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("Greyhaven Police logged 19 complaints in 2021.\n")
    (tmp_path / "out").mkdir()
    store = tmp_path / "out" / "evidence.sqlite"
    store.write_bytes(b"this is not a database, just bytes that look nothing like one" * 20)
    before = store.read_bytes()
    got = runner.invoke(
        app, ["run", str(tmp_path / "in.txt"), "--out", str(tmp_path / "out"), "--model", "blank"]
    )
    assert got.exit_code == 3
    assert "damaged or not an evidence store" in got.output and "Traceback" not in got.output
    assert store.read_bytes() == before
    for command in (["report"], ["reconcile"], ["review", "--port", "0", "--no-browser"]):
        got = runner.invoke(app, [*command, str(tmp_path / "out")])
        assert got.exit_code == 3 and "damaged or not an evidence store" in got.output, command
    assert store.read_bytes() == before


def test_a_full_disk_is_one_message_and_the_store_as_it_was(stored: Path, monkeypatch) -> None:
    before = dump(stored / "evidence.sqlite")
    real_connect = sqlite3.connect

    def full_disk(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - no page may be added
        con = real_connect(*args, **kwargs)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return con

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    got = runner.invoke(app, ["run", str(stored.parent / "in"), "--out", str(stored), "--model", "blank"])
    monkeypatch.undo()
    assert got.exit_code == 3, got.output
    assert "no space left" in got.output and "Traceback" not in got.output
    assert dump(stored / "evidence.sqlite") == before
    assert not list(stored.glob("*.tmp"))


def test_a_read_only_folder_is_one_message(stored: Path, monkeypatch) -> None:
    before = dump(stored / "evidence.sqlite")

    def read_only(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - as on a read-only mount
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(sqlite3, "connect", read_only)
    got = runner.invoke(app, ["run", str(stored.parent / "in"), "--out", str(stored), "--model", "blank"])
    monkeypatch.undo()
    assert got.exit_code == 3 and "read only" in got.output and "Traceback" not in got.output
    assert dump(stored / "evidence.sqlite") == before


def test_a_missing_input_creates_nothing(tmp_path: Path) -> None:
    got = runner.invoke(app, ["run", str(tmp_path / "typo"), "--out", str(tmp_path / "out")])
    assert got.exit_code == 2
    assert f"no such file or folder: {tmp_path / 'typo'}" in got.output
    assert not (tmp_path / "out").exists()
