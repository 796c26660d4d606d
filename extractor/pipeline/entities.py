"""Merge the entity span groups into one group and a filtered ``doc.ents`` view.

Reads: ``doc.spans`` forces, regions, bodies, officials. Writes:
``doc.spans["entities"]`` (all four labels, overlaps resolved: longest wins,
then the group order) and ``doc.ents`` (ours plus the statistical model's
entities of other labels that do not overlap ours).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .extensions import ENTITIES, ENTITY_GROUPS


@Language.factory(
    "extractor_entities",
    assigns=["doc.spans", "doc.ents"],
    requires=["doc.spans"],
)
def make_entities(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger(name)


class EntityMerger:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ours = [s for key in ENTITY_GROUPS for s in doc.spans.get(key, [])]
        merged = sorted(filter_spans(ours), key=lambda s: s.start)
        doc.spans[ENTITIES] = merged
        taken = {i for s in merged for i in range(s.start, s.end)}
        labels = set(ENTITY_GROUPS.values())
        others = [
            e
            for e in doc.ents
            if e.label_ not in labels and not any(i in taken for i in range(e.start, e.end))
        ]
        doc.ents = sorted(merged + others, key=lambda s: s.start)
        return doc
