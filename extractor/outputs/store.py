"""The evidence store: one SQLite file per output folder, the state of every run.

Opens in ``sqlite3``, pandas (``pd.read_sql``) or Datasette. It holds the
per-article tables (documents, entities, quotes, claims), which runs add to
article by article, each article in one transaction with its records (a run
killed at any point leaves only whole articles behind); the reconciled tables
(figures, figure_claims, checks), recomputed at the end of every run; and
fact-checkers' decisions, which no run touches.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Any

import pandas as pd

from ..reconcile.keys import FigureKey, migrate_key, successor
from ..records import Document, EntityMention
from ..records.claims import Claim
from ..records.quotes import Quote

ARTICLE_TABLES: dict[str, type] = {
    "documents": Document,
    "entities": EntityMention,
    "quotes": Quote,
    "claims": Claim,
}
# table -> (unique key columns, other indexed columns)
KEYS: dict[str, tuple[list[str], list[str]]] = {
    "documents": (["id"], ["sha256"]),
    "entities": (["doc_id", "start", "end", "label"], ["label", "id", "name"]),
    "quotes": (["quote_id"], ["doc_id", "speaker"]),
    "claims": (["claim_id"], ["doc_id", "scope", "measure"]),
    "figures": (["figure_id"], ["scope", "measure", "status"]),
    "figure_claims": (["figure_id", "claim_id"], ["figure_id", "claim_id"]),  # figure_id: in link order
    "checks": (["check_id"], ["kind", "status"]),
    "decisions": (["figure_key"], []),
}
ORDER = {
    "documents": "id",
    "entities": "doc_id, start, end, label",
    "quotes": "doc_id, start",
    "claims": "doc_id, start, end",
}
DECISION_COLUMNS = ["figure_key", "decision", "decided_at", "decision_note"]
# texts: each extracted article as read, with how it was read, so that a run with other
# rules or another model can extract it again without its file, and the digest of the
# fingerprint its records were made with (see extractor.fingerprint)
TEXT_COLUMNS = ["id", "text", "reading", "made_with"]
DECISIONS = ("verified", "wrong", "needs-follow-up")


class StoreError(RuntimeError):
    """The evidence store cannot be opened or written (damaged, read only, disk full):
    one message for the user; the store is left as it was."""


def describe(exc: BaseException, path: Path) -> str:
    """A one-line cause for an operational error on the store at ``path``."""
    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        return f"{path} is damaged or not an evidence store ({text}); move it away to start a new one"
    if "readonly" in text or "unable to open" in text or isinstance(exc, PermissionError):
        return f"cannot write to {path.parent}: it is read only or not ours ({text})"
    if "disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return f"no space left to write in {path.parent} ({text}); nothing was changed by the failed step"
    return f"{path}: {text}"


def _sql_type(annotation: Any) -> str:
    text = str(annotation)
    if "float" in text:
        return "REAL"
    if "int" in text or "bool" in text:
        return "INTEGER"
    return "TEXT"


def integer_columns(record_type: type) -> list[str]:
    """Fields typed ``int`` (or ``int | None``): exported as whole numbers, not 2016.0."""
    hints = typing.get_type_hints(record_type)
    return [
        name for name, hint in hints.items()
        if "int" in str(hint) and "float" not in str(hint) and "bool" not in str(hint)
    ]  # fmt: skip


# the reconciled tables' columns that are not text (README "Outputs"): years and counts are
# whole numbers that may be missing, values are numbers
RECONCILED_DTYPES: dict[str, dict[str, str]] = {
    "figures": {
        "period_start": "Int64", "period_end": "Int64", "value": "float64", "low": "float64",
        "high": "float64", "n_mentions": "Int64", "n_sources": "Int64",
    },
    "checks": {"expected": "Float64"},
    "figure_claims": {"source": "Int64"},
}  # fmt: skip


def _kind(annotation: Any) -> str:
    """A record field's kind: int, float, bool or str (as ``_sql_type`` reads it)."""
    text = str(annotation)
    if "float" in text:
        return "float"
    if "bool" in text:
        return "bool"
    return "int" if "int" in text else "str"


def column_kinds(name: str, columns: Sequence[str]) -> dict[str, str]:
    """Each column's kind (int, float, bool or str) in table ``name``: from the record type
    of a per-article table, from RECONCILED_DTYPES for figures and checks; the rest is text."""
    kinds = {f.name: _kind(f.type) for f in fields(ARTICLE_TABLES[name])} if name in ARTICLE_TABLES else {}
    for column, dtype in RECONCILED_DTYPES.get(name, {}).items():
        kinds[column] = "int" if dtype == "Int64" else "float"
    return {column: kinds.get(column, "str") for column in columns}


def typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df`` with table ``name``'s column types: one type per column, years as nullable
    integers (2017, not 2017.0), whatever SQLite or a gap made of them."""
    return _typed(df, name)


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """SQLite gives whole numbers with gaps back as floats: restore the record's types."""
    for column, dtype in RECONCILED_DTYPES.get(name, {}).items():
        if column in df:
            df[column] = df[column].astype(dtype)
    record_type = ARTICLE_TABLES.get(name)
    if record_type is not None:
        for column in integer_columns(record_type):
            if column in df:
                df[column] = df[column].astype("Int64")
        for f in fields(record_type):
            if "bool" in str(f.type) and f.name in df:
                df[f.name] = df[f.name].astype("boolean")
    return df


def _columns(name: str, columns: Sequence[str] | None = None) -> str:
    """The SELECT list: ``columns``, else an article table's record fields in field order
    (a store migrated from an earlier release has new columns at the end), else all."""
    if columns is None and name in ARTICLE_TABLES:
        columns = [f.name for f in fields(ARTICLE_TABLES[name])]
    return ", ".join(f'"{c}"' for c in columns) if columns else "*"


def _order(name: str) -> str:
    """The ORDER BY clause that reads a table in its stable order (none for the others)."""
    return f" ORDER BY {ORDER[name]}" if name in ORDER else ""


class Store:
    """The evidence store at ``path`` (created with its schema if new)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(describe(exc, self.path)) from exc
        try:
            self.con.execute("PRAGMA journal_mode = WAL")
            self.con.execute("PRAGMA synchronous = NORMAL")
            self._create()
        except sqlite3.Error as exc:
            self.con.close()
            raise StoreError(describe(exc, self.path)) from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        with self.con:
            for name, record_type in ARTICLE_TABLES.items():
                cols = ", ".join(f'"{f.name}" {_sql_type(f.type)}' for f in fields(record_type))
                self.con.execute(f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})')
                self._add_new_columns(name, record_type)
                self._index(name)
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS decisions "
                "(figure_key TEXT PRIMARY KEY, decision TEXT, decided_at TEXT, decision_note TEXT)"
            )
            self.con.execute(
                "CREATE TABLE IF NOT EXISTS texts "
                "(id TEXT PRIMARY KEY, text TEXT, reading TEXT, made_with TEXT)"
            )
            self.con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._migrate_decisions()

    def _add_new_columns(self, name: str, record_type: type) -> None:
        """A store written by an earlier release lacks the columns records have gained since:
        add them (empty), so its rows still read and the run that finds the changed
        fingerprint can extract those articles again (see ``extractor.fingerprint``)."""
        have = {row[1] for row in self.con.execute(f'PRAGMA table_info("{name}")')}
        for f in fields(record_type):
            if f.name not in have:
                self.con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{f.name}" {_sql_type(f.type)}')

    def _migrate_decisions(self) -> None:
        """Decisions stored under an earlier release's key form (a JSON list) are moved to
        today's :class:`~extractor.reconcile.keys.FigureKey` string, so they are found."""
        old = self.con.execute("SELECT figure_key FROM decisions WHERE figure_key LIKE '[%'").fetchall()
        for (key,) in old:
            new = migrate_key(key)
            if new != key:
                # a decision already under the new key is newer: keep it
                self.con.execute(
                    "UPDATE OR IGNORE decisions SET figure_key = ? WHERE figure_key = ?", (new, key)
                )
                self.con.execute("DELETE FROM decisions WHERE figure_key = ?", (key,))

    def _index(self, name: str) -> None:
        unique, indexed = KEYS.get(name, ([], []))
        if unique:
            cols = ", ".join(f'"{c}"' for c in unique)
            self.con.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS "{name}_key" ON "{name}" ({cols})')
        for col in indexed:
            self.con.execute(f'CREATE INDEX IF NOT EXISTS "{name}_{col}" ON "{name}" ("{col}")')

    # -- articles ------------------------------------------------------------------

    def known(self, made_with: str | None = None) -> dict[str, str]:
        """Article id -> SHA-256 of every article already extracted (not errors); with
        ``made_with``, only those whose records were made with that fingerprint digest."""
        if made_with is None:
            rows = self.con.execute("SELECT id, sha256 FROM documents WHERE status != 'error'")
        else:
            rows = self.con.execute(
                "SELECT d.id, d.sha256 FROM documents d JOIN texts t ON t.id = d.id "
                "WHERE d.status != 'error' AND t.made_with = ?",
                (made_with,),
            )
        return dict(rows.fetchall())

    def sources(self) -> dict[str, str]:
        """Article id -> the source it was read from, for every stored input (errors too):
        what keeps ids apart across batches (see ``ingest.IdRegistry``)."""
        return dict(self.con.execute("SELECT id, source FROM documents").fetchall())

    def put_articles(self, batch: Iterable[tuple], made_with: str | None = None) -> int:
        """Replace each article's rows (document, entities, quotes, claims, and optionally
        its text row ``(id, text, reading)``, stored with ``made_with``: the digest of the
        fingerprint of the rules that made them) in one transaction: nothing is counted
        twice, nothing half-written survives a crash."""
        items = list(batch)
        with self.con:
            if len({item[0].id for item in items}) == len(items):
                self._replace(items, made_with)
            else:  # an id twice: each copy replaces the one before it, in turn
                for item in items:
                    self._replace([item], made_with)
        return len(items)

    def _replace(self, items: list[tuple], made_with: str | None) -> None:
        """Articles' earlier rows deleted and their new ones inserted (ids all distinct), a
        table at a time in article order, on the open transaction."""
        ids = [(item[0].id,) for item in items]
        for name in ARTICLE_TABLES:
            column = "id" if name == "documents" else "doc_id"
            self.con.executemany(f'DELETE FROM "{name}" WHERE "{column}" = ?', ids)
        self.con.executemany("DELETE FROM texts WHERE id = ?", ids)
        self._insert("documents", [item[0] for item in items])
        for k, name in enumerate(("entities", "quotes", "claims"), 1):
            self._insert(name, [record for item in items for record in item[k]])
        texts = [(*item[4], made_with) for item in items if len(item) > 4 and item[4] is not None]
        if texts:
            self.con.executemany("INSERT INTO texts VALUES (?, ?, ?, ?)", texts)

    def clear_articles(self) -> None:
        """Forget every article and its records (``--rebuild``); decisions are kept."""
        with self.con:
            for name in [*ARTICLE_TABLES, "texts"]:
                self.con.execute(f'DELETE FROM "{name}"')

    def stale_articles(self, skip: set[str], made_with: str) -> tuple[list[str], list[str]]:
        """Ids of the extracted articles not in ``skip`` whose records were not made with the
        fingerprint digest ``made_with``: those whose text is stored (they can be extracted
        again) and those without (a store from before texts were kept)."""
        rows = self.con.execute(
            "SELECT d.id, t.id IS NOT NULL FROM documents d LEFT JOIN texts t ON t.id = d.id "
            "WHERE d.status != 'error' AND (t.made_with IS NULL OR t.made_with != ?) ORDER BY d.id",
            (made_with,),
        )
        with_text, without = [], []
        for doc_id, has_text in rows.fetchall():
            if doc_id not in skip:
                (with_text if has_text else without).append(doc_id)
        return with_text, without

    def text(self, doc_id: str) -> tuple[str, str, str] | None:
        """The stored ``(id, text, reading)`` row of an article, if any."""
        return self.con.execute("SELECT id, text, reading FROM texts WHERE id = ?", (doc_id,)).fetchone()

    # -- what made the records -------------------------------------------------------

    def fingerprint(self) -> dict[str, str] | None:
        """The fingerprint of the rules and model the stored records were made with."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        return json.loads(row[0]) if row else None

    def set_fingerprint(self, value: dict[str, str]) -> None:
        with self.con:
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                (json.dumps(value, sort_keys=True),),
            )

    def is_empty(self) -> bool:
        """No article stored yet."""
        return self.con.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def _insert(self, name: str, records: Sequence) -> None:
        if not records:
            return
        sql, row = _insert_of(name)
        self.con.executemany(sql, map(row, records))

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """A table (or some of its columns) in a stable order, whole numbers kept whole."""
        order = _order(name)
        cols = _columns(name, columns)
        return _typed(pd.read_sql(f'SELECT {cols} FROM "{name}"{order}', self.con), name)

    def rows(self, name: str, columns: Sequence[str], where: str = "") -> Iterator[tuple]:
        """Some columns of a table as plain tuples, streamed in the table's stable order
        (``where``: an SQL condition)."""
        order = _order(name)
        cols = ", ".join(f'"{c}"' for c in columns)
        condition = f" WHERE {where}" if where else ""
        yield from self.con.execute(f'SELECT {cols} FROM "{name}"{condition}{order}')

    def chunks(self, name: str, size: int = 5_000) -> Iterable[pd.DataFrame]:
        """A table read in pieces, for exports that need not hold it whole."""
        order = _order(name)
        cols = _columns(name)
        for chunk in pd.read_sql(f'SELECT {cols} FROM "{name}"{order}', self.con, chunksize=size):
            yield _typed(chunk, name)

    # -- reconciled tables ---------------------------------------------------------

    def put_reconciled(self, tables: dict[str, pd.DataFrame], links: Iterable[tuple[str, str, int]]) -> None:
        """Replace figures, checks and figure_claims (``(figure_id, claim_id, source)``
        rows, streamed) in one transaction (a failure, such as a full disk, leaves the
        tables of the last run: DDL is inside the transaction and no pandas commit)."""
        with self.con:
            self.con.execute("BEGIN")
            for name, df in tables.items():
                self.con.execute(f'DROP TABLE IF EXISTS "{name}"')
                self._create_from(name, df)
                self._index(name)
            self.con.execute("DROP TABLE IF EXISTS figure_claims")
            self.con.execute("CREATE TABLE figure_claims (figure_id TEXT, claim_id TEXT, source INTEGER)")
            self.con.executemany("INSERT INTO figure_claims VALUES (?, ?, ?)", links)
            self._index("figure_claims")

    def _create_from(self, name: str, df: pd.DataFrame) -> None:
        """Table ``name`` holding ``df`` (column types as ``DataFrame.to_sql`` gives them),
        written on this connection's open transaction."""
        types = [_frame_type(df[c]) for c in df.columns]
        cols = ", ".join(f'"{c}" {t}' for c, t in zip(df.columns, types, strict=True))
        self.con.execute(f'CREATE TABLE "{name}" ({cols})')
        if len(df):
            marks = ", ".join("?" for _ in df.columns)
            cells = []  # column by column: a cell by cell conversion costs more than the insert
            for column in df.columns:
                values = df[column].astype(object)
                values = values.where(values.notna(), None).tolist()
                if pd.api.types.is_object_dtype(df[column].dtype):  # may hold numpy scalars
                    values = [_plain(v) for v in values]
                cells.append(values)
            self.con.executemany(f'INSERT INTO "{name}" VALUES ({marks})', zip(*cells, strict=True))

    # -- decisions -----------------------------------------------------------------

    def carry_decisions(self, current: Iterable[str]) -> int:
        """Move a decision whose figure key is not in this run to the one figure that key
        now names (:func:`~extractor.reconcile.keys.successor`: the wording refinement
        moved as articles were added); returns how many moved."""
        keys = {k: FigureKey.parse(k) for k in current}
        decided = [k for (k,) in self.con.execute("SELECT figure_key FROM decisions").fetchall()]
        free = [key for text, key in keys.items() if text not in set(decided)]
        moved = 0
        with self.con:
            for text in decided:
                if text in keys:
                    continue
                try:
                    old = FigureKey.parse(text)
                except ValueError:
                    continue
                new = successor(old, free)
                if new is not None:
                    self.con.execute(
                        "UPDATE decisions SET figure_key = ? WHERE figure_key = ?", (new.to_string(), text)
                    )
                    free.remove(new)
                    moved += 1
        return moved

    def decisions(self) -> pd.DataFrame:
        return pd.read_sql("SELECT * FROM decisions ORDER BY figure_key", self.con)


@cache
def _insert_of(name: str) -> tuple[str, Any]:
    """The INSERT statement of an article table, and what turns a record into its row: the
    record's fields as a tuple in column order (a record may say how: ``to_row``)."""
    cols = [f.name for f in fields(ARTICLE_TABLES[name])]
    marks = ", ".join("?" for _ in cols)
    names = ", ".join(f'"{c}"' for c in cols)
    row = getattr(ARTICLE_TABLES[name], "to_row", None) or attrgetter(*cols)
    return f'INSERT INTO "{name}" ({names}) VALUES ({marks})', row


def _frame_type(column: pd.Series) -> str:
    """The SQL type ``DataFrame.to_sql`` gives a column (an object column by its values:
    a TEXT column would turn the numbers in it into text)."""
    kind = pd.api.types.infer_dtype(column, skipna=True)
    if kind in ("integer", "boolean"):
        return "INTEGER"
    if kind in ("floating", "mixed-integer-float", "decimal"):
        return "REAL"
    return "TEXT"


def _plain(value: Any) -> Any:
    """A cell as a value sqlite3 takes (numpy scalars -> Python)."""
    return value.item() if hasattr(value, "item") else value


def read_decisions(path: Path) -> pd.DataFrame:
    """Fact-checkers' decisions kept in the store (empty if there is none yet)."""
    if not Path(path).exists():
        return pd.DataFrame(columns=DECISION_COLUMNS)
    with Store(path) as store:
        return store.decisions()


def save_decision(path: Path, figure_key: str, decision: str, note: str = "") -> dict:
    """Record a decision on a figure (by its key, so it survives re-runs)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    decided_at = datetime.now(UTC).isoformat(timespec="seconds")
    with Store(path) as store, store.con:
        store.con.execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?) ON CONFLICT(figure_key) DO UPDATE SET "
            "decision = excluded.decision, decided_at = excluded.decided_at, "
            "decision_note = excluded.decision_note",
            (figure_key, decision, decided_at, note),
        )
    return {"figure_key": figure_key, "decision": decision, "decided_at": decided_at, "decision_note": note}


def read_table(path: Path, name: str) -> pd.DataFrame:
    with Store(path) as store:
        return store.table(name)
