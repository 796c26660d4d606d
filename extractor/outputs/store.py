"""The evidence store: every table of a run in one SQLite file.

Opens in ``sqlite3``, pandas (``pd.read_sql``) or Datasette. Keys are unique
indexes; the ``figure_claims`` table links each figure to the claims behind it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd

# table -> (unique key columns, other indexed columns)
KEYS: dict[str, tuple[list[str], list[str]]] = {
    "documents": (["id"], ["sha256"]),
    "entities": (["doc_id", "start", "end", "label"], ["label", "id", "name"]),
    "quotes": (["quote_id"], ["doc_id", "speaker"]),
    "claims": (["claim_id"], ["doc_id", "scope", "measure"]),
    "figures": (["figure_id"], ["scope", "measure", "status"]),
    "figure_claims": (["figure_id", "claim_id"], ["claim_id"]),
    "checks": (["check_id"], ["kind", "status"]),
}


def write_store(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace the store at ``path`` with ``tables`` (written to a temporary file first,
    so a crash never leaves half a store)."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(tmp) as con:
        for name, df in tables.items():
            df.to_sql(name, con, index=False)
            unique, indexed = KEYS.get(name, ([], []))
            if unique:
                cols = ", ".join(f'"{c}"' for c in unique)
                con.execute(f'CREATE UNIQUE INDEX "{name}_key" ON "{name}" ({cols})')
            for col in indexed:
                con.execute(f'CREATE INDEX "{name}_{col}" ON "{name}" ("{col}")')
    con.close()
    tmp.replace(path)


def read_table(path: Path, name: str) -> pd.DataFrame:
    with sqlite3.connect(path) as con:
        return pd.read_sql(f'SELECT * FROM "{name}"', con)
