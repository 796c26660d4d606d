"""Every custom attribute the pipeline sets, declared in one place.

Values stored on a Doc are plain data (dicts, lists, strings) so that docs
pickle across processes; record objects are built on demand by getters.
"""

from __future__ import annotations

from spacy.tokens import Doc

# Span group keys: the source of truth inside a Doc. doc.ents is a filtered view.
FORCES = "forces"
REGIONS = "regions"
BODIES = "bodies"
OFFICIALS = "officials"
RANKS = "ranks"  # ranks and titles wherever written ("Chief Constable", "a spokesperson")
ENTITIES = "entities"
QUOTES = "quotes"
CLAIMS = "claims"

ENTITY_GROUPS = {FORCES: "FORCE", REGIONS: "REGION", BODIES: "ORG", OFFICIALS: "OFFICIAL"}


def register() -> None:
    """Declare the Doc extensions (idempotent)."""
    from ..records import doc_entities
    from ..records.quotes import doc_quotes

    if not Doc.has_extension("article"):
        # {"id", "source", "published", "segments", "repeats", "text"}: see Article.context()
        Doc.set_extension("article", default=None)
    if not Doc.has_extension("people"):
        # full name -> {"role": str | None, "org": str | None}; set by extractor_officials
        Doc.set_extension("people", default=None)
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", getter=doc_entities)
    if not Doc.has_extension("quotes"):
        # Quote records from doc.spans["quotes"] (attributed quotes only); set by extractor_quotes
        Doc.set_extension("quotes", getter=doc_quotes)
    if not Doc.has_extension("claims"):
        from ..records.claims import doc_claims

        Doc.set_extension("claims", getter=doc_claims)


SENT_BOUNDS = "extractor.sentence_bounds"


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token bounds of the doc's sentences, worked out once per doc and
    kept in ``doc.user_data`` (``doc.sents`` and ``Token.sent`` rescan the doc every call).
    Call it only once the sentences are final (from the claims component on)."""
    bounds = doc.user_data.get(SENT_BOUNDS)
    if bounds is None or (bounds and bounds[-1][1] != len(doc)):
        if doc.has_annotation("SENT_START"):
            bounds = [(s.start, s.end) for s in doc.sents]
        else:
            bounds = [(0, len(doc))]
        doc.user_data[SENT_BOUNDS] = bounds
    return bounds
