"""Records: what the pipeline found, as frozen dataclasses with provenance.

One module per kind: ``base`` (documents, entity mentions, offset mapping),
``quotes``, ``claims``. Each record carries its document id, offsets into the
article text as read, its sentence and the rule that made it.
"""

from .base import Document, EntityMention, RawMapper, doc_entities

__all__ = ["Document", "EntityMention", "RawMapper", "doc_entities"]
