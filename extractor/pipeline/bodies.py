"""Other bodies in the story (IOPC, Home Office, charities, parties, news agencies).

Reads: tokens, ``doc.spans["forces"]``. Writes: ``doc.spans["bodies"]``
(label ORG, ``kb_id_`` the body's canonical name, ``id_`` the rule).

Known bodies come from ``models/bodies.jsonl`` (name, aliases). A generic
rule catches unlisted ones by their head noun ("the Example Victims'
Alliance"). Credits and picture lines ("Credit: PA") are page furniture,
not the story, so a body right after such a label is dropped.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lexicons import read_json, read_jsonl
from .extensions import BODIES, FORCES, doc_text

CURLY = {"'": "\u2019"}


def alias_forms(name: str, aliases: list[str]) -> set[str]:
    forms = {name, *aliases}
    return forms | {f.replace("'", CURLY["'"]) for f in forms}


@Language.factory(
    "extractor_bodies",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"bodies_path": "bodies.jsonl", "rules_path": "body_rules.json"},
)
def make_bodies(nlp: Language, name: str, bodies_path: str, rules_path: str) -> BodyTagger:
    return BodyTagger(nlp, name, bodies_path=bodies_path, rules_path=rules_path)


class BodyTagger:
    def __init__(self, nlp: Language, name: str, *, bodies_path: str, rules_path: str) -> None:
        self.name = name
        rows = read_jsonl(bodies_path, required=["name", "aliases", "kind"])
        self.rules = read_json(
            rules_path, required=["generic_heads", "generic_max_tokens", "not_a_body_before"]
        )
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kind: dict[str, str] = {}
        for row in rows:
            forms = alias_forms(row["name"], row["aliases"])
            self.matcher.add(row["name"], [nlp.make_doc(f) for f in sorted(forms)])
            self.kind[row["name"]] = row["kind"]
        heads = "|".join(re.escape(h) for h in self.rules["generic_heads"])
        self.heads = re.compile(rf"\b(?:{heads})\b")
        self.not_before = {w.lower() for w in self.rules["not_a_body_before"]}

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for s in doc.spans.get(FORCES, []) for i in range(s.start, s.end)}
        spans = []
        for match_id, start, end in self.matcher(doc):
            spans.append(Span(doc, start, end, "ORG", kb_id=match_id, span_id="body-lexicon"))
        for start, end in self.generic(doc):
            text = doc[start:end].text
            spans.append(Span(doc, start, end, "ORG", kb_id=text, span_id="body-head-noun"))
        kept = [
            s
            for s in filter_spans(spans)
            if not any(i in taken for i in range(s.start, s.end)) and not self._credit(doc, s)
        ]
        doc.spans[BODIES] = sorted(kept, key=lambda s: s.start)
        return doc

    def generic(self, doc: Doc) -> list[tuple[int, int]]:
        """ "the <Capitalised words> <Head>" ("the Northshire Victims Alliance"), without
        "the": an unlisted body named by its head noun. Scans the text for heads first,
        which is much cheaper than a token pattern with a repeated capitalised word."""
        out = []
        limit = self.rules["generic_max_tokens"]
        for m in self.heads.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None:
                continue
            i = span.start - 1
            if i >= 0 and doc[i].text in ("'s", "’s", "'", "’"):
                i -= 1
            while i >= 0 and doc[i].is_title and doc[i].lower_ != "the" and span.end - i <= limit:
                i -= 1
            if i >= 0 and doc[i].lower_ == "the" and i + 1 < span.start:
                out.append((i + 1, span.end))
        return out

    def _credit(self, doc: Doc, span: Span) -> bool:
        """ "Credit: PA", "Picture: BBC": the label sits right before, maybe with a colon."""
        before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start] if t.text != ":"]
        return bool(before) and before[-1] in self.not_before
