"""Data files under ``models/``: located, loaded and validated in one place.

Rules and lexicons live in data files (JSON, JSON Lines, CSV) so that a
developer changes behaviour without touching code. Every loader rejects
unknown keys and missing required keys with an error that names the file
and the line, so a typo in a lexicon fails loudly at start-up instead of
silently matching nothing.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any


def _models_dir() -> Path:
    """Where the data files are: ``extractor/models`` inside an installed wheel (the
    package data ``pyproject.toml`` maps onto the source tree's ``models/``), else the
    top-level ``models/`` of the source tree (a checkout, or an editable install)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "models", package.parent / "models"):
        if (candidate / "pipeline.cfg").is_file():
            return candidate
    raise FileNotFoundError(
        f"extractor's rule data (models/pipeline.cfg) is neither in {package / 'models'} nor in "
        f"{package.parent / 'models'}: reinstall the package"
    )


MODELS_DIR = _models_dir()


class LexiconError(ValueError):
    """A data file under models/ is malformed."""


def models_path(name: str | Path) -> Path:
    """A data file: ``name`` in the data folder (:data:`MODELS_DIR`) when it is there, else
    ``name`` as a path. The data folder wins, so a file of the same name in the folder a
    user runs from (their own ``forces.csv``) never replaces the package's rules."""
    path = Path(name)
    if not path.is_absolute() and (MODELS_DIR / path).is_file():
        return MODELS_DIR / path
    return path


def _check_keys(row: dict[str, Any], required: Iterable[str], optional: Iterable[str], where: str) -> None:
    required = set(required)
    allowed = required | set(optional)
    missing = required - row.keys()
    unknown = row.keys() - allowed
    if missing:
        raise LexiconError(f"{where}: missing key(s) {sorted(missing)}")
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed {sorted(allowed)}")


def read_jsonl(
    name: str | Path, required: Iterable[str], optional: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Read a JSON Lines data file; blank lines and lines starting with ``//`` are skipped."""
    path = models_path(name)
    rows: list[dict[str, Any]] = []
    required, optional = list(required), list(optional)
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            where = f"{path.name} line {lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LexiconError(f"{where}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise LexiconError(f"{where}: expected a JSON object")
            _check_keys(row, required, optional, where)
            rows.append(row)
    return rows


def read_json(name: str | Path, required: Iterable[str], optional: Iterable[str] = ()) -> dict:
    """Read a JSON object data file and check its top-level keys."""
    path = models_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{path.name}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: expected a JSON object")
    _check_keys(data, required, optional, path.name)
    return data


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regular expression ({exc})") from exc


# --- forces -----------------------------------------------------------------


@dataclass(frozen=True)
class Force:
    id: str
    name: str
    region: str | None
    nation: str
    kind: str
    aliases: tuple[str, ...]


def slug(text: str) -> str:
    """``"Yorkshire and the Humber"`` -> ``"yorkshire-and-the-humber"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@lru_cache(maxsize=8)
def load_forces(name: str | Path = "forces.csv") -> tuple[Force, ...]:
    """Forces of ``forces.csv``: id, name, region, nation, kind, aliases (``|``-separated)."""
    path = models_path(name)
    expected = ["id", "name", "region", "nation", "kind", "aliases"]
    forces: list[Force] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != expected:
            raise LexiconError(f"{path.name}: columns {reader.fieldnames}, expected {expected}")
        for lineno, row in enumerate(reader, 2):
            if not row["id"] or not row["name"]:
                raise LexiconError(f"{path.name} line {lineno}: id and name are required")
            if row["id"] in seen:
                raise LexiconError(f"{path.name} line {lineno}: duplicate id {row['id']!r}")
            seen.add(row["id"])
            aliases = tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip())
            forces.append(
                Force(row["id"], row["name"], row["region"] or None, row["nation"], row["kind"], aliases)
            )
    return tuple(forces)


def regions(forces: Iterable[Force]) -> dict[str, str]:
    """Region name -> ``region:<slug>`` id, for every region named in forces.csv."""
    return {f.region: f"region:{slug(f.region)}" for f in forces if f.region}


# --- ingest -----------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateRule:
    id: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=4)
def load_boilerplate(name: str | Path = "boilerplate.jsonl") -> tuple[BoilerplateRule, ...]:
    """Line patterns that mark page furniture (matched case-insensitively on a stripped line)."""
    rows = read_jsonl(name, required=["id", "pattern"])
    return tuple(BoilerplateRule(r["id"], _compile(r["pattern"], f"{name} rule {r['id']!r}")) for r in rows)


LIMITS = ("max_file_bytes", "max_article_chars", "sentence_window_chars")


@lru_cache(maxsize=4)
def load_ingest_settings(name: str | Path = "ingest.json") -> dict[str, Any]:
    """``ingest.json``: the repeat threshold, ``limits`` (input sizes, the sentence window of
    a record) and how an HTML page is read: tags and class
    patterns dropped as page furniture, block tags, and the markup of bylines, captions and
    credits (``furniture_tags``: tag -> reason; ``furniture_attrs``: reason and a pattern
    over the element's attributes named in ``furniture_attr_names``: class, id, rel...),
    kept in the text but not read; a block longer than ``furniture_max_chars`` is article
    text whatever its markup says (a wrapper, not a byline)."""
    data = read_json(name, required=["repeat_min_chars", "html", "limits"])
    _check_keys(data["limits"], LIMITS, [], f"{name} 'limits'")
    for key, value in data["limits"].items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise LexiconError(f"{name} 'limits': {key} must be a whole number above 0, not {value!r}")
    html = data["html"]
    _check_keys(
        html,
        [
            "drop_tags", "drop_attr_pattern", "block_tags",
            "furniture_tags", "furniture_attrs", "furniture_attr_names", "furniture_max_chars",
        ],  # fmt: skip
        [],
        f"{name} 'html'",
    )
    html["drop_attr_re"] = _compile(html["drop_attr_pattern"], f"{name} html")
    if not isinstance(html["furniture_tags"], dict):
        raise LexiconError(f"{name} 'html' furniture_tags: expected an object of tag -> reason")
    rules = []
    for i, row in enumerate(html["furniture_attrs"]):
        where = f"{name} 'html' furniture_attrs[{i}]"
        if not isinstance(row, dict):
            raise LexiconError(f"{where}: expected an object")
        _check_keys(row, ["reason", "pattern"], [], where)
        rules.append((row["reason"], _compile(row["pattern"], where)))
    html["furniture_attr_res"] = tuple(rules)
    if not isinstance(html["furniture_max_chars"], int) or html["furniture_max_chars"] < 1:
        raise LexiconError(f"{name} 'html' furniture_max_chars: expected a positive whole number")
    return data
