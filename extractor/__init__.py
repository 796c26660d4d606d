"""extractor: police-force facts from UK news wire copy, with provenance.

The Python API (README "Python API"):

- :func:`load` builds the spaCy pipeline; ``nlp(text)`` gives a Doc whose
  ``doc._.entities``, ``doc._.quotes`` and ``doc._.claims`` are the records;
- :func:`extractor.run.run` is ``extractor run``: files in, an output folder of tables out;
- :func:`read_table` reads a table of an output folder with its column types.

Imports are deferred so that ``import extractor`` (and ``extractor --version``) stays quick.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language

try:
    __version__ = version("extractor")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.1.0"

__all__ = ["__version__", "load", "read_table"]


def load(model: str = "auto", **kwargs: Any) -> Language:
    """Build the extraction pipeline (see :func:`extractor.pipeline.load`): ``model`` is
    ``auto`` (the installed statistical English model), ``blank`` or a spaCy package/path."""
    from .pipeline import load as _load

    return _load(model, **kwargs)


def read_table(out_dir: str | Path, name: str) -> pd.DataFrame:
    """Table ``name`` (documents, entities, quotes, claims, figures, figure_claims, checks,
    decisions) of an output folder's ``evidence.sqlite``, in its stable order and with one
    type per column: years and offsets as nullable integers, values as floats (an open
    bound is ``inf``), text as strings."""
    from .outputs.store import read_table as _read_table
    from .run import STORE

    path = Path(out_dir)
    store = path if path.is_file() else path / STORE
    if not store.is_file():
        raise FileNotFoundError(f"{store} not found: run 'extractor run' first")
    return _read_table(store, name)
