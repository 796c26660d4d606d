"""The evidence store: every table of a run in one SQLite file.

Opens in ``sqlite3``, pandas (``pd.read_sql``) or Datasette. Keys are unique
indexes; the ``figure_claims`` table links each figure to the claims behind it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
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
    "decisions": (["figure_key"], []),
}

DECISION_COLUMNS = ["figure_key", "decision", "decided_at", "decision_note"]
DECISIONS = ("verified", "wrong", "needs-follow-up")


def read_decisions(path: Path) -> pd.DataFrame:
    """Fact-checkers' decisions kept in the store (empty if there is none yet)."""
    if not path.exists():
        return pd.DataFrame(columns=DECISION_COLUMNS)
    with sqlite3.connect(path) as con:
        found = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'decisions'").fetchone()
        frame = pd.read_sql("SELECT * FROM decisions", con) if found else None
    con.close()
    return frame if frame is not None else pd.DataFrame(columns=DECISION_COLUMNS)


def save_decision(path: Path, figure_key: str, decision: str, note: str = "") -> dict:
    """Record a decision on a figure (by its key, so it survives re-runs)."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    decided_at = datetime.now(UTC).isoformat(timespec="seconds")
    with sqlite3.connect(path) as con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS decisions "
            "(figure_key TEXT PRIMARY KEY, decision TEXT, decided_at TEXT, decision_note TEXT)"
        )
        con.execute(
            "INSERT INTO decisions VALUES (?, ?, ?, ?) ON CONFLICT(figure_key) DO UPDATE SET "
            "decision = excluded.decision, decided_at = excluded.decided_at, "
            "decision_note = excluded.decision_note",
            (figure_key, decision, decided_at, note),
        )
    con.close()
    return {"figure_key": figure_key, "decision": decision, "decided_at": decided_at, "decision_note": note}


def write_store(path: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Replace the store at ``path`` with ``tables`` (written to a temporary file first,
    so a crash never leaves half a store)."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    if "decisions" not in tables:
        tables = {**tables, "decisions": read_decisions(path)}  # decisions outlive re-runs
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
