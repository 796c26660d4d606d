"""Where issue 16's feed reading and ids meet issue 17's standard input and stored texts:
a feed on stdin is read line by line like a feed file, its ids never collide across runs,
and an article extracted again from the store's text keeps its id and, if the pipeline
fails on it, its earlier records."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from extractor.fingerprint import fingerprint
from extractor.ingest import Article, IngestError, readers
from extractor.outputs.store import Store
from extractor.outputs.tables import read_csv
from extractor.run import KEPT, run


def stdin_feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Standard input holding ``data``, as a shell pipe would give it."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def lines(*rows: dict | str) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode("utf-8")


def claims_by_doc(out: Path) -> dict[str, list[str]]:
    claims = read_csv(out / "claims.csv")
    return {d: sorted(claims[claims["doc_id"] == d]["text"].astype(str)) for d in sorted(set(claims["doc_id"]))}


# --- stdin read line by line, as a feed file is ---------------------------------------------

LONG = "Brackley Police logged 41 complaints in 2020. " + "The review went on. " * 300  # > 4 KB


@pytest.mark.parametrize(
    "data",
    [
        # a first line longer than the bytes read ahead to look for a byte-order mark
        lines({"id": "k1", "text": LONG}, {"id": "k2", "text": "Brackley Police logged 6 complaints."}),
        # blank lines, a bad line, U+2028 and a CR inside JSON strings: lines end at LF only
        lines({"id": "k3", "text": "Dunmore Police\u2028logged 8 complaints.\rIn 2019."}, "", "{oops"),
        # CRLF line ends and no newline after the last line
        b'{"id": "k4", "text": "Dunmore Police logged 2 complaints."}\r\n{"text": "Nine officers left."}',
    ],
)
def test_stdin_reads_as_the_same_feed_in_a_file(data: bytes, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "stdin.jsonl"
    path.write_bytes(data)
    from_file = list(readers.read_file(path, tmp_path))
    stdin_feed(monkeypatch, data)
    from_stdin = list(readers.read_file(Path(readers.STDIN)))

    def shape(record: Article | IngestError, prefix: str) -> tuple:
        return (type(record), record.id, record.source.removeprefix(prefix), record.text)

    assert [shape(r, str(path)) for r in from_file] == [shape(r, "stdin") for r in from_stdin]


def test_a_stdin_line_over_the_limit_is_one_row(tmp_path: Path, monkeypatch) -> None:
    limits = {"max_file_bytes": 6000, "max_article_chars": 100_000, "sentence_window_chars": 400}
    monkeypatch.setattr(readers, "limits", lambda: limits)
    stdin_feed(monkeypatch, lines({"id": "huge", "text": LONG * 2}, {"id": "ok", "text": "Six left."}))
    records = list(readers.read_file(Path(readers.STDIN)))
    assert [(type(r), r.id, r.source) for r in records] == [
        (IngestError, "stdin-L1", "stdin#L1"),
        (Article, "ok", "stdin#L2"),
    ]
    assert "longer than 6,000 bytes" in records[0].error


# --- ids across runs of stdin feeds ------------------------------------------------------------

A = {"text": "Marlow Vale Police logged 14 complaints in 2021."}
B = {"text": "Marlow Vale Police logged 19 complaints in 2022."}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # the same text on the same line, no id: the same article, unchanged
        ([A], [A], {"stdin-L1": ["14"]}),
        # another text on that line: another article, the first one kept
        ([A], [B], {"stdin-L1": ["14"], "stdin-L1-2": ["19"]}),
        # the text moved to another line: still the same article (its text names it)
        ([A], [B, A], {"stdin-L1": ["14"], "stdin-L1-2": ["19"]}),
        # a feed's own id names its story: a later text updates it
        ([{"id": "w9", **A}], [{"id": "w9", **B}], {"w9": ["19"]}),
    ],
)
def test_stdin_ids_never_collide_across_runs(
    first: list, second: list, expected: dict, tmp_path: Path, nlp_blank: Language, monkeypatch
) -> None:
    out = tmp_path / "out"
    for feed in (first, second):
        stdin_feed(monkeypatch, lines(*feed))
        run([readers.STDIN], out, nlp_blank, progress=False)
    assert claims_by_doc(out) == expected


# --- articles extracted again from the store's texts -------------------------------------------


@pytest.fixture
def aged(tmp_path: Path, nlp_blank: Language) -> Path:
    """An output folder whose two articles (a file and a stdin-less feed line) look as if
    other rules made their records: every claim's measure says 'stale'."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kept.txt").write_text("Wyvern Police logged 27 complaints in 2021.\n")
    (tmp_path / "in" / "wire.jsonl").write_text(json.dumps({"id": "w1", **B}) + "\n")
    out = tmp_path / "out"
    run([tmp_path / "in"], out, nlp_blank, progress=False)
    with Store(out / "evidence.sqlite") as store:
        store.set_fingerprint({**store.fingerprint(), "rules": "older"})
        with store.con:
            store.con.execute("UPDATE claims SET measure = 'stale'")
            store.con.execute("UPDATE texts SET made_with = 'older'")
    return out


def measures(out: Path) -> dict[str, list[str]]:
    with Store(out / "evidence.sqlite") as store:
        rows = store.con.execute("SELECT doc_id, measure FROM claims ORDER BY doc_id").fetchall()
    return {doc_id: [m for d, m in rows if d == doc_id] for doc_id, _ in rows}


def test_a_failure_while_extracting_again_keeps_the_records_and_retries(
    aged: Path, tmp_path: Path, nlp_blank: Language, monkeypatch, break_claims_on
) -> None:
    break_claims_on(nlp_blank, "Marlow", ValueError("a component broke"))
    result = run([tmp_path / "in" / "kept.txt"], aged, nlp_blank, progress=False)
    assert result.kept == ["w1"] and [e.error.endswith(KEPT) for e in result.errors] == [True]
    assert measures(aged) == {"kept": ["allegation"], "w1": ["stale"]}  # kept, under its own id
    with Store(aged / "evidence.sqlite") as store:
        assert store.fingerprint() != fingerprint(nlp_blank)  # so the next run tries again
    monkeypatch.undo()
    again = run([tmp_path / "in" / "kept.txt"], aged, nlp_blank, progress=False)
    assert (again.reextracted, again.errors) == (1, [])
    assert measures(aged) == {"kept": ["allegation"], "w1": ["allegation"]}
    with Store(aged / "evidence.sqlite") as store:
        assert store.fingerprint() == fingerprint(nlp_blank)


def test_an_input_unreadable_after_a_change_of_rules_is_extracted_from_its_stored_text(
    aged: Path, tmp_path: Path, nlp_blank: Language, lock_file
) -> None:
    lock_file("kept.txt")
    result = run([tmp_path / "in"], aged, nlp_blank, progress=False)
    assert [e.error for e in result.errors] == [f"cannot read file: Permission denied; {KEPT}"]
    assert result.reextracted == 1
    assert measures(aged) == {"kept": ["allegation"], "w1": ["allegation"]}
    assert sorted(claims_by_doc(aged)) == ["kept", "w1"]
