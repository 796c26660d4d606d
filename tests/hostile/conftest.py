"""Helpers for the hostile-input tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language


@pytest.fixture
def break_claims_on(monkeypatch: pytest.MonkeyPatch) -> Callable[[Language, str, Exception], None]:
    """Make ``nlp``'s claims component raise ``error`` on any article whose text holds
    ``marker`` (a component failing on one article), for the rest of the test."""

    def arm(nlp: Language, marker: str, error: Exception) -> None:
        claims = nlp.get_pipe("extractor_claims")
        real_call = type(claims).__call__

        def fragile(self, doc):  # noqa: ANN001, ANN202
            if marker in doc.text:
                raise error
            return real_call(self, doc)

        monkeypatch.setattr(type(claims), "__call__", fragile)

    return arm


@pytest.fixture
def lock_file(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make every file named ``name`` unreadable (PermissionError on open), for the rest of
    the test: tests run as root, who can read any mode, so permissions cannot do it."""

    def arm(name: str) -> None:
        real_open = Path.open

        def locked(self: Path, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            if self.name == name:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", locked)

    return arm
