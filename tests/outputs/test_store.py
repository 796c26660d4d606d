"""The evidence store's article tables: a batch of articles is written a table at a time,
and what ends up stored is what writing the articles one by one would leave."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.outputs.store import Store
from extractor.records import Document, EntityMention


def article(doc_id: str, forces: list[str]) -> tuple:
    """An invented article's rows: its document, a FORCE mention per force named, no
    quotes or claims, and its text row."""
    text = " and ".join(f"{f} Police" for f in forces)
    document = Document(doc_id, f"{doc_id}.txt", None, len(text), "0" * 64, "ok")
    mentions, at = [], 0
    for force in forces:
        name = f"{force} Police"
        mentions.append(
            EntityMention(
                doc_id,
                "FORCE",
                name,
                at,
                at + len(name),
                force.lower(),
                None,
                None,
                None,
                text,
                0,
                "force-name",
            )  # fmt: skip
        )
        at += len(name) + len(" and ")
    return document, tuple(mentions), (), (), (doc_id, text, "{}")


def stored(store: Store) -> dict[str, list[str]]:
    """Article id -> the force ids stored for it, and its text row's text."""
    out: dict[str, list[str]] = {}
    for doc_id, force in store.con.execute("SELECT doc_id, id FROM entities ORDER BY doc_id, start"):
        out.setdefault(doc_id, []).append(force)
    for doc_id, text in store.con.execute("SELECT id, text FROM texts ORDER BY id"):
        out.setdefault(doc_id, []).append(f"text: {text}")
    return out


@pytest.mark.parametrize(
    ("batches", "expected"),
    [
        # three articles in one batch
        (
            [[("a1", ["Kent"]), ("a2", ["Gwent", "Dyfed"]), ("a3", [])]],
            {
                "a1": ["kent", "text: Kent Police"],
                "a2": ["gwent", "dyfed", "text: Gwent Police and Dyfed Police"],
                "a3": ["text: "],
            },
        ),
        # a later batch replaces an article's rows, and leaves the others alone
        (
            [[("a1", ["Kent"]), ("a2", ["Gwent"])], [("a1", ["Essex", "Surrey"])]],
            {
                "a1": ["essex", "surrey", "text: Essex Police and Surrey Police"],
                "a2": ["gwent", "text: Gwent Police"],
            },
        ),
        # one id twice in a batch: the later copy wins, as one by one
        (
            [[("a1", ["Kent"]), ("a2", ["Gwent"]), ("a1", ["Essex"])]],
            {"a1": ["essex", "text: Essex Police"], "a2": ["gwent", "text: Gwent Police"]},
        ),
    ],
)
def test_a_batch_stores_what_one_article_at_a_time_would(
    tmp_path: Path, batches: list, expected: dict
) -> None:
    with Store(tmp_path / "together.sqlite") as together, Store(tmp_path / "apart.sqlite") as apart:
        for batch in batches:
            together.put_articles([article(doc_id, forces) for doc_id, forces in batch], made_with="r1")
            for doc_id, forces in batch:
                apart.put_articles([article(doc_id, forces)], made_with="r1")
        assert stored(together) == stored(apart) == expected
        assert together.sources() == apart.sources()
