"""Hostile and broken inputs at ingest (issue 16): each bad file or feed line becomes a
row naming it and the cause, or is read with a warning; nothing else is lost."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from extractor.ingest import Article, IngestError, read_articles, readers
from extractor.ingest.readers import IdRegistry, origin


def read(*paths: Path, stored: dict[str, str] | None = None) -> list[Article | IngestError]:
    return list(read_articles(paths, stored))


def feed(tmp_path: Path, *lines: str, name: str = "wire.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


GOOD = json.dumps({"id": "fine", "text": "Avonmere Police logged 14 complaints in 2020."})


# --- feed lines that used to end the whole run ---------------------------------------------


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        # an integer of 5,000 digits in a field nobody reads: the line is still an article
        ('{"id": "n1", "text": "Nine officers left.", "seq": ' + "7" * 5000 + "}", Article),
        # nested 100,000 deep: an error row for that line alone
        ('{"id": "n2", "text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        # a float literal too large for Python
        ('{"id": "n3", "text": "x", "w": 1e999999}', Article),
        ("[1, 2, 3]", "not a JSON object"),
        ('{"id": "n4", "text": ', "not valid JSON"),
        ('{"id": "n5", "text": {"body": "Twelve officers"}}', "no article text"),
    ],
)  # fmt: skip
def test_a_bad_feed_line_costs_only_itself(tmp_path: Path, bad_line: str, expected) -> None:
    records = read(feed(tmp_path, GOOD, bad_line, GOOD.replace("fine", "after")))
    assert [r.id for r in records][::2] == ["fine", "after"]
    middle = records[1]
    if expected is Article:
        assert isinstance(middle, Article)
    else:
        assert isinstance(middle, IngestError) and expected in middle.error
        assert middle.source.endswith("wire.jsonl#L2") and middle.error.startswith("line 2:")


def test_lone_surrogate_is_replaced_one_for_one(tmp_path: Path) -> None:
    line = json.dumps(
        {"id": "s", "text": "Brackley Police \ud800 logged 6 complaints.", "headline": "A \udfff"}
    )
    [record] = read(feed(tmp_path, line))
    assert isinstance(record, Article)
    assert record.text == "Brackley Police \ufffd logged 6 complaints."  # same length: offsets hold
    assert record.headline == "A \ufffd"
    assert "surrogate" in record.warning and record.sha256


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("url", {"href": "https://example.test/a"}, None),
        ("headline", ["Officers", "sacked"], None),
        ("headline", 404, "404"),
        ("published", {"date": "2021-03-04"}, None),
        ("id", {"nested": 1}, "wire-L1"),
    ],
)  # fmt: skip
def test_a_field_of_the_wrong_type_is_left_out_with_a_warning(tmp_path: Path, field, value, kept) -> None:
    row = {"id": "w", "text": "Hartsfield Police logged 8 complaints.", field: value}
    [record] = read(feed(tmp_path, json.dumps(row)))
    assert isinstance(record, Article)
    got = {"url": record.url, "headline": record.headline, "published": record.published, "id": record.id}
    assert got[field] == kept
    if not isinstance(value, int):
        assert f"'{field}' is not text" in record.warning


def test_feed_line_splitting_keeps_u2028_inside_a_string(tmp_path: Path) -> None:
    text = "Line one\u2028still line one: 4 officers."
    path = tmp_path / "sep.jsonl"
    path.write_bytes((json.dumps({"id": "u", "text": text}, ensure_ascii=False) + "\n").encode("utf-8"))
    [record] = read(path)
    assert isinstance(record, Article) and record.text == text


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_mark_are_text(tmp_path: Path, codec: str) -> None:
    text = "Colbridge Police recorded 21 complaints in 2022."
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[codec]
    (tmp_path / "wide.txt").write_bytes(bom + text.encode(codec))
    [record] = read(tmp_path / "wide.txt")
    assert isinstance(record, Article) and record.text == text


def test_utf16_feed_is_read(tmp_path: Path) -> None:
    (tmp_path / "wide.jsonl").write_bytes((GOOD + "\n" + GOOD.replace("fine", "two") + "\n").encode("utf-16"))
    assert [r.id for r in read(tmp_path / "wide.jsonl")] == ["fine", "two"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    [record] = read(tmp_path / "zero.txt")
    assert isinstance(record, IngestError) and "not a regular file" in record.error


def test_size_limits_refuse_with_a_row(tmp_path: Path, monkeypatch) -> None:
    limits = {"max_file_bytes": 400, "max_article_chars": 120, "sentence_window_chars": 400}
    monkeypatch.setattr(readers, "limits", lambda: limits)
    (tmp_path / "huge.txt").write_text("Officers. " * 60)
    (tmp_path / "long.txt").write_text("Officers. " * 20)
    (tmp_path / "small.txt").write_text("Selby Police logged 3 complaints.")
    feed(tmp_path, json.dumps({"id": "big", "text": "x" * 500}), GOOD, name="f.jsonl")
    by_id = {r.id: r for r in read(tmp_path)}
    assert "larger than 400 bytes" in by_id["huge"].error
    assert "over the limit of 120" in by_id["long"].error
    assert "longer than 400 bytes" in by_id["f-L1"].error  # the line, skipped unread
    assert isinstance(by_id["fine"], Article) and isinstance(by_id["small"], Article)


def test_missing_path_is_named(tmp_path: Path) -> None:
    [record] = read(tmp_path / "no-suffix")
    assert isinstance(record, IngestError)
    assert record.error == f"no such file or folder: {tmp_path / 'no-suffix'}"


# --- ids ------------------------------------------------------------------------------------


def test_duplicate_ids_in_a_feed_are_all_kept(tmp_path: Path) -> None:
    rows = [
        {"id": i, "text": f"Marlow Police logged {n} complaints."} for n, i in enumerate(["a", "a", "a-2"], 2)
    ]
    path = feed(tmp_path, *map(json.dumps, rows))
    records = read(path)
    assert [r.id for r in records] == ["a", "a-2", "a-2-2"]
    assert "held by another article" in records[1].warning
    # read again with the first read in the store: the same ids, nothing renamed further
    stored = {r.id: r.source for r in records}
    assert [r.id for r in read(path, stored=stored)] == ["a", "a-2", "a-2-2"]


def test_same_file_name_in_two_batches_gets_two_ids(tmp_path: Path) -> None:
    for day in ("monday", "tuesday"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "story.txt").write_text(f"Kelso Police said on {day} that 5 officers left.")
    [first] = read(tmp_path / "monday")
    [second] = read(tmp_path / "tuesday", stored={first.id: first.source})
    assert (first.id, second.id) == ("story", "story-2")
    # each file keeps its own id on every later run
    stored = {first.id: first.source, second.id: second.source}
    assert [r.id for r in read(tmp_path / "tuesday", stored=stored)] == ["story-2"]
    assert [r.id for r in read(tmp_path / "monday", stored=stored)] == ["story"]


@pytest.mark.parametrize(
    ("article_id", "source", "expected"),
    [
        ("w-77", "feeds/day1.jsonl#L4", "id:w-77"),  # a feed's own id names the story
        ("day1-L4", "feeds/day1.jsonl#L4", "file:feeds/day1.jsonl#L4"),  # no id: the line
        ("story", "in/story.txt", "file:in/story.txt"),
    ],
)
def test_origin(article_id: str, source: str, expected: str) -> None:
    assert origin(article_id, source) == expected


def test_registry_never_hands_out_a_stored_id_of_another_file() -> None:
    ids = IdRegistry({"note": "a/note.txt", "note-2": "b/note.txt"})
    record = IngestError("note", "c/note.txt", "empty file")
    assert ids.assign(record).id == "note-3"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names")
def test_odd_file_names_make_safe_ids(tmp_path: Path) -> None:
    (tmp_path / "=cmd| 'x'!.txt").write_text("Wexcombe Police logged 2 complaints.")
    [record] = read(tmp_path)
    assert record.id == "cmd_x"


def test_deeply_nested_html_is_read(tmp_path: Path) -> None:
    depth = 50_000  # each closing tag used to rescan every open one
    page = "<html><body><article>" + "<div>w " * depth + "</div>" * depth
    page += "<p>Orrington Police logged 15 complaints.</p></article></body></html>"
    (tmp_path / "deep.html").write_text(page)
    [record] = read(tmp_path / "deep.html")
    assert isinstance(record, Article)
    assert record.text.endswith("Orrington Police logged 15 complaints.")


@pytest.mark.parametrize(
    ("raw_id", "length"),
    [("w" * 5000, 113), ("short-id", 8), ("x" * 120, 120)],
)
def test_a_huge_id_is_cut_to_a_bounded_unique_one(tmp_path: Path, raw_id: str, length: int) -> None:
    rows = [{"id": raw_id, "text": "Elmbury Police logged 9 complaints."}]
    rows.append({"id": raw_id + "z", "text": "Elmbury Police logged 10 complaints."})
    first, second = read(feed(tmp_path, *map(json.dumps, rows)))
    assert len(first.id) == length and first.id != second.id
