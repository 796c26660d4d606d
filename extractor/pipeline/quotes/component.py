"""The spaCy component: reads ``models/quote_rules.json`` and writes ``doc.spans["quotes"]``
(see the package docstring for what counts and who speaks)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from ...lexicons import LexiconError, read_json, read_jsonl
from ..extensions import (
    QUOTES,
)
from .model import (
    RULE_KEYS,
)
from .state import _DocState

# --- the component ------------------------------------------------------------------


@Language.factory(
    "extractor_quotes",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"rules_path": "quote_rules.json", "ranks_path": "ranks.jsonl"},
)
def make_quotes(nlp: Language, name: str, rules_path: str, ranks_path: str) -> QuoteFinder:
    return QuoteFinder(nlp, name, rules_path=rules_path, ranks_path=ranks_path)


class QuoteFinder:
    """Finds quotes, block quotations and their speakers (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, rules_path: str, ranks_path: str) -> None:
        self.name = name
        rules = read_json(rules_path, required=RULE_KEYS)
        self.double = self._marks(rules["double_marks"], "double_marks")
        self.single = self._marks(rules["single_marks"], "single_marks")
        # any quote-mark character: find_quotes() looks only at these
        mark_chars = "".join(sorted(set(self.double) | set(self.single)))
        self.mark_re = re.compile(f"[{re.escape(mark_chars)}]" if mark_chars else "(?!)")
        # one phrase matcher on LOWER (much faster than token patterns for literal phrases), one
        # key per kind of phrase: a single pass over the doc finds them all (see _DocState.phrases)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("cue", [nlp.make_doc(phrase) for phrase in rules["cues"]])
        self.phrases.add("spokes", [nlp.make_doc(w) for w in rules["spokesperson_words"]])
        self.phrases.add("generic-force", [nlp.make_doc(f"the {w}") for w in rules["generic_force_words"]])
        self.phrase_kinds = {nlp.vocab.strings[k]: k for k in ("cue", "spokes", "generic-force")}
        self.after_cues = {c.lower() for c in rules["speaker_after_cues"]}
        self.skip_before = {w.lower() for w in rules["skip_before_cue"]}
        self.documents = {w.lower() for w in rules["document_words"]}
        self.pron_person = set(rules["person_pronouns"])
        self.pron_body = set(rules["body_pronouns"])
        self.pronouns = self.pron_person | self.pron_body
        self.rel_person = set(rules["relative_person"])
        self.rel_body = set(rules["relative_body"])
        self.relatives = self.rel_person | self.rel_body
        self.openers = {w.lower() for w in rules["appositive_openers"]}
        self.adverbial_starts = {w.lower() for w in rules["adverbial_starts"]}
        self.affiliation_starts = {w.lower() for w in rules["affiliation_starts"]}
        self.determiners = {w.lower() for w in rules["determiners"]}
        self.courtesy = set(rules["courtesy_titles"])
        self.stop = set(rules["name_stopwords"]) | self.courtesy
        self.connectors = set(rules["attribution_connectors"])
        self.coordinators = {w.lower() for w in rules["coordinators"]}
        self.furniture_starts = tuple(w.lower() for w in rules["furniture_starts"])
        self.dashes = set(rules["dashes"])
        self.term_before = [tuple(p.lower().split()) for p in rules["term_before"]]
        self.term_labels = {" ".join(t.lower().split()) for t in rules["term_labels"]}
        self.title_nouns = {w.lower() for w in rules["title_nouns"]}
        self.limits = {
            k: int(rules[k]) for k in RULE_KEYS if k.startswith(("max_", "min_", "block_max", "caption"))
        }
        ranks = read_jsonl(ranks_path, required=["role", "forms", "kind"])
        self.rank_forms = {f.lower() for r in ranks for f in r["forms"]}

    @staticmethod
    def _marks(spec: dict, where: str) -> dict[str, str]:
        if set(spec) != {"open", "close", "either"}:
            raise LexiconError(f"quote rules '{where}': keys must be open, close, either")
        return {c: role for role in ("open", "close", "either") for c in spec[role]}

    # -- entry ---------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        state = _DocState(self, doc)
        quotes = state.run()
        spans: list[Span] = []
        attrs: list[dict] = []
        for q in sorted(quotes, key=lambda q: q.start):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            speaker = q.speaker
            spans.append(
                Span(
                    doc, span.start, span.end, "QUOTE", kb_id=speaker.name if speaker else "", span_id=q.rule
                )
            )
            attrs.append(
                {
                    "start": q.start,
                    "end": q.end,
                    "speaker": speaker.name if speaker else "",
                    "speaker_kind": speaker.kind if speaker else "",
                    "speaker_id": (speaker.ident or "") if speaker else "",
                    "cue": q.cue,
                    "rule": q.rule,
                    "paragraph": q.para,
                    "block": q.block,
                    "fragment": not q.standalone,
                }
            )
        group = SpanGroup(doc, name=QUOTES, spans=spans, attrs={"quotes": attrs})
        doc.spans[QUOTES] = group
        return doc
