"""What made a store's records: the rules, the model and the code that wrote them.

The evidence store keeps this fingerprint; a run whose own fingerprint differs
knows that the stored extractions came from other rules (an edited
``models/forces.csv``), another model or another version of the package, and
extracts the stored articles again (``extractor.run``). It is worked out
without loading the model, so an unchanged re-run still loads none.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from . import __version__
from .lexicons import MODELS_DIR

# the parts a fingerprint is compared by, in the order a difference is reported
PARTS = ("package", "rules", "model", "spacy", "schema")
# what spacy.blank("en").meta says (building one to read it takes seconds)
BLANK_META = {"lang": "en", "name": "pipeline", "version": "0.0.0"}


def rules_digest(folder: Path = MODELS_DIR) -> str:
    """SHA-256 over every data file of ``folder`` (name and bytes, in name order): any edit,
    addition or removal of a rule file changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def schema_digest(tables: dict[str, list[tuple[str, str]]]) -> str:
    """A short hash of the stored tables' columns and types (``table -> [(column, type)]``)."""
    text = json.dumps(sorted((name, list(map(list, cols))) for name, cols in tables.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def record_schema() -> str:
    """The schema digest of the per-article tables the store holds."""
    from .outputs.store import ARTICLE_TABLES, TEXT_COLUMNS

    tables = {name: [(f.name, str(f.type)) for f in fields(t)] for name, t in ARTICLE_TABLES.items()}
    tables["texts"] = [(c, "") for c in TEXT_COLUMNS]
    return schema_digest(tables)


def _meta_name(meta: dict[str, Any]) -> str:
    """``en_core_web_sm 3.8.0`` from a spaCy meta (a blank pipeline: ``en_pipeline 0.0.0``)."""
    return f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}"


def model_name(model: str | Language) -> str:
    """Name and version of the statistical model a run uses, read from its meta.json (the
    model is not loaded): ``model`` is a pipeline already built, ``auto``, ``blank``, an
    installed package or a folder."""
    if isinstance(model, Language):
        return _meta_name(model.meta)
    if model == "blank":
        return _meta_name(BLANK_META)
    if model == "auto":
        from .pipeline import installed_model

        model = installed_model()
    folder = Path(model)
    try:
        meta_file = folder / "meta.json" if folder.is_dir() else resources.files(model) / "meta.json"
        return _meta_name(json.loads(meta_file.read_text(encoding="utf-8")))
    except (ImportError, OSError, ValueError):  # not installed, or no readable meta.json
        return f"{model} (no meta.json)"


def fingerprint(model: str | Language) -> dict[str, str]:
    """The fingerprint of a run with ``model``: package version, rule files, model, spaCy
    version and record schema."""
    return {
        "package": __version__,
        "rules": rules_digest(),
        "model": model_name(model),
        "spacy": spacy.__version__,
        "schema": record_schema(),
    }


def digest(value: dict[str, str]) -> str:
    """A short hash of a fingerprint, stored with each article's text: the records of an
    article stored with another digest were made with other rules."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def differences(stored: dict[str, str] | None, current: dict[str, str]) -> list[str]:
    """The parts in which two fingerprints differ (every part when none was stored)."""
    if stored is None:
        return ["unknown (a store from before fingerprints)"]
    return [part for part in PARTS if stored.get(part) != current.get(part)]
