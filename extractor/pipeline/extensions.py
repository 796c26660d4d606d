"""Every custom attribute the pipeline sets, declared in one place.

Values stored on a Doc are plain data (dicts, lists, strings) so that docs
pickle across processes; record objects are built on demand by getters.
"""

from __future__ import annotations

from spacy.attrs import IDX, LOWER, ORTH, SPACY
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


def _entities(doc: Doc) -> list:
    from ..records import doc_entities  # records import this module: resolved on first use

    return doc_entities(doc)


def _quotes(doc: Doc) -> list:
    from ..records.quotes import doc_quotes

    return doc_quotes(doc)


def _claims(doc: Doc) -> list:
    from ..records.claims import doc_claims

    return doc_claims(doc)


def register() -> None:
    """Declare the Doc extensions (idempotent). Runs when ``extractor.pipeline`` is imported,
    which spaCy does through the ``spacy_factories`` entry points when it loads a saved
    pipeline, so it imports nothing that imports the pipeline back."""
    if not Doc.has_extension("article"):
        # {"id", "source", "published", "segments", "repeats", "text"}: see Article.context()
        Doc.set_extension("article", default=None)
    if not Doc.has_extension("people"):
        # full name -> {"role": str | None, "org": str | None}; set by extractor_officials
        Doc.set_extension("people", default=None)
    if not Doc.has_extension("entities"):
        # EntityMention records of the span groups (FORCE, REGION, ORG, OFFICIAL)
        Doc.set_extension("entities", getter=_entities)
    if not Doc.has_extension("quotes"):
        # Quote records from doc.spans["quotes"] (attributed quotes only); set by extractor_quotes
        Doc.set_extension("quotes", getter=_quotes)
    if not Doc.has_extension("claims"):
        # Claim records from doc.spans["claims"]; set by extractor_claims
        Doc.set_extension("claims", getter=_claims)


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


# --- per-doc caches ------------------------------------------------------------------
# A Token object is built on every ``for token in doc`` and every ``doc[i]``, and
# ``doc.text`` joins every token's text on every call: the components read the
# words, texts and offsets below instead, built once per doc from C arrays. They are
# plain lists in ``doc.user_data`` (no reference back to the doc, so no cycle) and
# hold only what tokenisation fixed, which no component changes.

TEXT, LOWERS, ORTHS, STARTS = "extractor.text", "extractor.lowers", "extractor.orths", "extractor.starts"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once, from the token texts and trailing-space flags read as
    arrays (``doc.text`` builds a Token object per token: the cost of a component)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        spaces = doc.to_array(SPACY).tolist()
        text = "".join([w + " " if s else w for w, s in zip(orths(doc), spaces, strict=True)])
        doc.user_data[TEXT] = text
    return text


def _strings(doc: Doc, key: str, attr: int) -> list[str]:
    values = doc.user_data.get(key)
    if values is None or len(values) != len(doc):
        strings = doc.vocab.strings
        values = doc.user_data[key] = [strings[h] for h in doc.to_array(attr).tolist()]
    return values


def lowers(doc: Doc) -> list[str]:
    """Every token's ``lower_``, in order."""
    return _strings(doc, LOWERS, LOWER)


def orths(doc: Doc) -> list[str]:
    """Every token's ``text``, in order."""
    return _strings(doc, ORTHS, ORTH)


def char_starts(doc: Doc) -> list[int]:
    """Every token's ``idx`` (character offset), in order."""
    values = doc.user_data.get(STARTS)
    if values is None or len(values) != len(doc):
        values = doc.user_data[STARTS] = doc.to_array(IDX).tolist()
    return values


def drop_caches(doc: Doc) -> None:
    """Forget the caches above (a doc leaving the pipeline need not carry them)."""
    for key in (TEXT, LOWERS, ORTHS, STARTS, SENT_BOUNDS):
        doc.user_data.pop(key, None)
