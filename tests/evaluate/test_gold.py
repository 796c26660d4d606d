"""Tests for extractor.evaluate.gold: loading, validation and span resolution."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate.gold import (
    GoldFormatError,
    find_occurrence,
    load_gold,
    load_predictions,
)

TEXT = "Kent Police said. Officers of Kent Police and Terry Woods agreed."


def write_jsonl(tmp_path: Path, lines: list[Any], name: str = "gold.jsonl") -> Path:
    """Write records (dicts are JSON-encoded, strings written as is) one a line."""
    path = tmp_path / name
    rows = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def article(doc_id: str = "x", **fields: Any) -> dict[str, Any]:
    """A minimal valid article with TEXT, updated by ``fields``."""
    return {"id": doc_id, "text": TEXT, **fields}


def entity(span: str, **fields: Any) -> dict[str, Any]:
    return {"label": "FORCE", "span": span, "id": "kent", **fields}


def claim(**fields: Any) -> dict[str, Any]:
    base = {"start": 0, "end": 4, "value": 1, "approx": "exact", "measure": "x"}
    return {**base, **fields}


# (case, lines, line of the error, article id or None, words in the cause)
ERROR_CASES = [
    ("bad JSON", [article("a"), '{"id": "b", '], 2, None, "bad JSON"),
    ("not an object", ["[1, 2]"], 1, None, "not a JSON object"),
    ("missing id", [{"text": TEXT}], 1, None, "missing id"),
    ("empty id", [{"id": " ", "text": TEXT}], 1, None, "empty id"),
    ("id not a string", [{"id": ["a"], "text": TEXT}], 1, None, "id must be"),
    ("duplicate id", [article("a"), "", article("a")], 3, "a", "duplicate id"),
    ("no text", [{"id": "a"}], 1, "a", "neither text nor text_file"),
    (
        "text_file not found",
        [{"id": "a", "text_file": "missing.txt"}],
        1,
        "a",
        "text_file 'missing.txt' not found",
    ),
    (
        "unknown entity label",
        [article(entities=[entity("Kent Police", label="PERSON")])],
        1,
        "x",
        "unknown entity label 'PERSON'",
    ),
    (
        "missing entity label",
        [article(entities=[{"span": "Kent Police"}])],
        1,
        "x",
        "unknown entity label None",
    ),
    (
        "span not found",
        [article(entities=[entity("Essex Police")])],
        1,
        "x",
        "span 'Essex Police' not found",
    ),
    (
        "occurrence not found",
        [article(entities=[entity("Kent Police", occurrence=3)])],
        1,
        "x",
        "span 'Kent Police' (occurrence 3) not found",
    ),
    (
        "bad occurrence",
        [article(entities=[entity("Kent Police", occurrence=0)])],
        1,
        "x",
        "occurrence must be a positive integer",
    ),
    (
        "span on the wrong case",
        [article(quotes=[{"span": "kent police", "speaker": "kent"}])],
        1,
        "x",
        "span 'kent police' not found",
    ),
    (
        "end out of range",
        [article(claims=[claim(start=60, end=200)])],
        1,
        "x",
        "out of range",
    ),
    ("start == end", [article(claims=[claim(start=4, end=4)])], 1, "x", "bad offsets"),
    ("start > end", [article(claims=[claim(start=5, end=2)])], 1, "x", "bad offsets"),
    ("negative start", [article(claims=[claim(start=-1)])], 1, "x", "bad offsets"),
    ("start not int", [article(claims=[claim(start="0")])], 1, "x", "start must be"),
    (
        "slice differs from span",
        [article(entities=[entity("Kent Police", start=1, end=12)])],
        1,
        "x",
        "not span 'Kent Police'",
    ),
    (
        "bad approx",
        [article(claims=[claim(approx="roughly")])],
        1,
        "x",
        "claim approx 'roughly'",
    ),
    (
        "missing approx",
        [article(claims=[{"start": 0, "end": 4, "value": 1, "measure": "x"}])],
        1,
        "x",
        "claim approx None",
    ),
    (
        "bad figure status",
        [article(figures=[{"scope": "national", "status": "agreed"}])],
        1,
        "x",
        "figure status 'agreed'",
    ),
    (
        "item not an object",
        [article(quotes=["Kent Police"])],
        1,
        "x",
        "quotes[1] is not an object",
    ),
    (
        "no span or offsets",
        [article(entities=[{"label": "FORCE", "id": "kent"}])],
        1,
        "x",
        "neither span nor start/end",
    ),
    ("list not a list", [article(claims={"a": 1})], 1, "x", "claims must be a list"),
    ("meta not an object", [article(meta=[1])], 1, "x", "meta must be an object"),
]


@pytest.mark.parametrize(
    ("lines", "line", "doc_id", "cause"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_gold_format_errors(
    tmp_path: Path, lines: list[Any], line: int, doc_id: str | None, cause: str
) -> None:
    path = write_jsonl(tmp_path, lines)
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    message = str(caught.value)
    assert str(path) in message
    assert f" line {line}" in message
    assert cause in message
    assert caught.value.line == line
    assert caught.value.doc_id == doc_id
    if doc_id is not None:
        assert f"(article {doc_id!r})" in message
    else:
        assert "(article" not in message


def test_error_message_format(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, ["", article(entities=[entity("Essex Police")])])
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    assert str(caught.value) == (f"{path} line 2 (article 'x'): entities[1]: span 'Essex Police' not found")
    assert isinstance(caught.value, ValueError)


# (text, span, occurrence, expected start or None)
OCCURRENCES = [
    ("2021-10-11 and 10 more", "10", 1, 5),  # the first hit is inside a date
    ("2021-10-11 and 10 more", "10", 2, 15),
    ("2021-10-11 and 10 more", "10", 3, None),
    ("done, one", "one", 1, 1),  # a hit inside another word counts
    ("done, one", "one", 2, 6),
    ("aaaa", "aa", 1, 0),  # overlapping hits count
    ("aaaa", "aa", 2, 1),
    ("aaaa", "aa", 3, 2),
    ("aaaa", "aa", 4, None),
    ("Terry Woods; DCC Woods", "Woods", 2, 17),
    ("Cambs police; Cambs Police", "Cambs Police", 1, 14),  # case-sensitive
    ("Cambs police; Cambs Police", "Cambs Police", 2, None),
]


@pytest.mark.parametrize(("text", "span", "occurrence", "start"), OCCURRENCES)
def test_find_occurrence(text: str, span: str, occurrence: int, start: int | None) -> None:
    assert find_occurrence(text, span, occurrence) == start


@pytest.mark.parametrize(
    ("text", "span", "occurrence", "start"),
    [case for case in OCCURRENCES if case[3] is not None],
)
def test_load_resolves_occurrence(tmp_path: Path, text: str, span: str, occurrence: int, start: int) -> None:
    record = {"id": "a", "text": text, "quotes": [{"span": span, "speaker": "s"}]}
    record["quotes"][0]["occurrence"] = occurrence
    (doc,) = load_gold(write_jsonl(tmp_path, [record]))
    quote = doc["quotes"][0]
    assert (quote["start"], quote["end"]) == (start, start + len(span))
    assert quote["text"] == span


def test_load_normalises_article(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    body = "Denzi Uğur said\n“Kent Police” erred. Kent Police?"
    (texts / "a.txt").write_text(body, encoding="utf-8")
    officer = {
        "label": "OFFICIAL",
        "span": "Denzi Uğur",
        "name": "Denzi Uğur",
        "role": "director",
        "org": None,
    }
    record = {
        "id": "a",
        "text_file": "texts/a.txt",
        "entities": [officer, entity("Kent Police", occurrence=2)],
        "claims": [claim(start=6, end=10, value=4)],
    }
    path = write_jsonl(tmp_path, ["", record])
    (doc,) = load_gold(path)
    assert doc["id"] == "a" and doc["line"] == 2 and doc["text"] == body
    assert doc["meta"] == {} and doc["quotes"] == [] and doc["figures"] == []
    first, second = doc["entities"]
    assert (first["start"], first["end"], first["text"]) == (0, 10, "Denzi Uğur")
    assert first["role"] == "director" and first["org"] is None
    assert body[second["start"] : second["end"]] == "Kent Police"
    assert second["start"] == body.rindex("Kent Police")
    assert doc["claims"][0]["text"] == "Uğur"


def test_predictions_are_lenient(tmp_path: Path) -> None:
    record = {
        "id": "p",
        "entities": [{"label": "FORCE", "start": 0, "end": 11, "id": "kent"}],
        "quotes": [{"speaker": "kent"}],
        "claims": [{"start": 0, "end": 3, "value": 3, "measure": "officer"}],
        "figures": [{"scope": "national", "status": "agreed"}],
    }
    (doc,) = load_predictions(write_jsonl(tmp_path, [record]))
    assert doc["text"] is None
    assert doc["quotes"][0]["start"] is None
    assert doc["claims"][0].get("approx") is None
    assert doc["figures"][0]["status"] == "agreed"


@pytest.mark.parametrize(
    ("record", "cause"),
    [
        ({"text": TEXT}, "missing id"),
        (article(entities=[entity("Kent Police", label="GPE")]), "unknown entity"),
        (article(claims=[claim(approx="roughly")]), "claim approx"),
        (article(figures=[{"status": "maybe"}]), "figure status"),
    ],
)
def test_predictions_still_refuse_bad_values(tmp_path: Path, record: dict[str, Any], cause: str) -> None:
    with pytest.raises(GoldFormatError, match=cause):
        load_predictions(write_jsonl(tmp_path, [record], name="pred.jsonl"))
