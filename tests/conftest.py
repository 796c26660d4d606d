"""Shared fixtures: one pipeline per test session (loading it is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import extractor
from extractor.ingest import make_article
from extractor.run import make_doc

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return extractor.load()


@pytest.fixture(scope="session")
def nlp_blank() -> Language:
    return extractor.load("blank")


@pytest.fixture(scope="session")
def analyse(nlp: Language):
    """Text -> processed Doc, through ingest's cleaning as a .txt file would be."""

    def _analyse(text: str, doc_id: str = "t") -> Doc:
        return nlp(make_doc(nlp, make_article(doc_id, "test", text)))

    return _analyse
