"""Other bodies in the story (IOPC, Home Office, councils, charities, parties, news organisations).

Reads: tokens (POS and NER where the model has them), ``doc.spans["forces"]``.
Writes: ``doc.spans["bodies"]`` (label ORG, ``kb_id_`` the body's canonical
name, ``id_`` the rule).

Rules (``id_``):
- ``body-lexicon``: a known body or outlet, by name or alias (``models/bodies.jsonl``,
  ``models/outlets.jsonl``).
- ``body-head-noun``: an unlisted body named by its head noun: capitalised words
  (with "and", "of", "&" and possessives between them) ending in a head from
  ``models/body_rules.json`` ("the Teesside Women's Safety Network", "Pennant Hale
  Solicitors", "the Derbyshire Police and Crime Panel", "the Welsh Government").
- ``body-classifier``: a name right after a common noun that says what it is
  ("the charity Safe Steps Dorset", "campaign group Fair Stop Bristol").
- ``outlet-cue``: a news organisation acting in the story, found by what it does
  (``models/outlet_rules.json``): after "obtained by", "investigation by" any
  name that is not a person's; after "told", "according to" a name with an outlet
  head ("told Coastline Radio"); before "asked", "understands" likewise
  ("Ridgeway Radio understands").
- ``body-repeat`` and ``body-short-form``: a body found by a rule above named again
  in full, or by its head alone once named in full ("the Ledger", "Federation chair").
  An outlet the story names only by its head ("told the Courier") is "The Courier"; with
  the full name given anywhere ("Fenmoor Courier"), that name.
Page furniture is not the story: a body after a credit label ("Credit: PA",
"(Image: ...)") or on a short "Read more", "By ..." or "Sign up" line is dropped.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lexicons import read_json, read_jsonl
from .extensions import BODIES, FORCES, doc_text, orths

CURLY = {"'": "\u2019"}
BODY_RULE_KEYS = [
    "generic_heads",
    "generic_max_tokens",
    "name_connectors",
    "name_possessives",
    "not_in_name",
    "classifiers",
    "not_a_body_before",
    "furniture_line_starts",
    "furniture_line_max_words",
    "never_bodies",
]
OUTLET_RULE_KEYS = ["outlet_heads", "cues_before", "cues_before_outlet", "cues_after", "auxiliaries"]
FOUND_BY_RULE = ("body-head-noun", "body-classifier", "outlet-cue")
FUNCTION_POS = {"ADV", "ADP", "CCONJ", "SCONJ", "DET", "PRON", "AUX", "VERB", "PART", "INTJ"}
_OF_FOR = re.compile(r"\s+(?:of|for)\s+")


def alias_forms(name: str, aliases: list[str]) -> set[str]:
    forms = {name, *aliases}
    return forms | {f.replace("'", CURLY["'"]) for f in forms}


def canonical(text: str) -> str:
    """A body's name as read, with straight apostrophes ("Women’s Aid" -> "Women's Aid")."""
    return " ".join(text.replace(CURLY["'"], "'").split())


def head_noun(name: str) -> str:
    """A body's head: the last word before "of"/"for" ("Police Federation of England" -> "Federation")."""
    words = _OF_FOR.split(name, maxsplit=1)[0].split()
    return words[-1] if words else ""


@Language.factory(
    "extractor_bodies",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={
        "bodies_path": "bodies.jsonl",
        "rules_path": "body_rules.json",
        "outlets_path": "outlets.jsonl",
        "outlet_rules_path": "outlet_rules.json",
    },
)
def make_bodies(
    nlp: Language, name: str, bodies_path: str, rules_path: str, outlets_path: str, outlet_rules_path: str
) -> BodyTagger:
    return BodyTagger(
        nlp,
        name,
        bodies_path=bodies_path,
        rules_path=rules_path,
        outlets_path=outlets_path,
        outlet_rules_path=outlet_rules_path,
    )


class BodyTagger:
    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        bodies_path: str,
        rules_path: str,
        outlets_path: str = "outlets.jsonl",
        outlet_rules_path: str = "outlet_rules.json",
    ) -> None:
        self.name = name
        rows = read_jsonl(bodies_path, required=["name", "aliases", "kind"])
        rows += [{**r, "kind": "news"} for r in read_jsonl(outlets_path, required=["name", "aliases"])]
        self.rules = read_json(rules_path, required=BODY_RULE_KEYS)
        outlet_rules = read_json(outlet_rules_path, required=OUTLET_RULE_KEYS)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.kind: dict[str, str] = {}
        for row in rows:
            forms = alias_forms(row["name"], row["aliases"])
            self.matcher.add(row["name"], [nlp.make_doc(f) for f in sorted(forms)])
            self.kind[row["name"]] = row["kind"]
        heads = "|".join(re.escape(h) for h in self.rules["generic_heads"])
        self.heads = re.compile(rf"\b(?:{heads})\b")
        self.connectors = set(self.rules["name_connectors"])
        self.possessives = set(self.rules["name_possessives"])
        self.not_in_name = set(self.rules["not_in_name"])
        self.not_before = {w.lower() for w in self.rules["not_a_body_before"]}
        self.never = {canonical(n) for n in self.rules["never_bodies"]}
        self.furniture_starts = tuple(w.lower() for w in self.rules["furniture_line_starts"])
        self.outlet_heads = set(outlet_rules["outlet_heads"])
        self.auxiliaries = {w.lower() for w in outlet_rules["auxiliaries"]}
        self.name_heads = self.outlet_heads | set(self.rules["generic_heads"])
        # one phrase matcher on LOWER for the cue words and classifiers, keyed by kind
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key in ("cues_before", "cues_before_outlet", "cues_after"):
            self.cues.add(key, [nlp.make_doc(p) for p in outlet_rules[key]])
        self.cues.add("classifier", [nlp.make_doc(p) for p in self.rules["classifiers"]])

    def __call__(self, doc: Doc) -> Doc:
        self.words = orths(doc)
        self._lower_words: set[str] | None = None  # see _proper()
        self.forced = {i for s in doc.spans.get(FORCES, []) for i in range(s.start, s.end)}
        lexicon = [
            Span(doc, start, end, "ORG", kb_id=match_id, span_id="body-lexicon")
            for match_id, start, end in self.matcher(doc)
        ]
        # tokens of a listed body (token -> the body's end): a longer name may hold one
        # ("Hampshire Police Federation") but never joins it to another ("IOPC and Police Federation")
        self.listed = {i: s.end for s in lexicon for i in range(s.start, s.end)}
        spans = list(lexicon)
        spans += [self._span(doc, s, e, "body-head-noun") for s, e in self.generic(doc)]
        spans += self.by_cues(doc)
        # laws and courts are no bodies ("Freedom of Information", "Preston Crown Court")
        spans = [s for s in spans if not any(s.kb_id_ == n or s.kb_id_.endswith(" " + n) for n in self.never)]
        kept = [s for s in filter_spans(spans) if not self._forced(s) and not self._furniture(doc, s)]
        kept = self._full_titles(doc, filter_spans(kept + self.repeats(doc, kept)))
        doc.spans[BODIES] = sorted(kept, key=lambda s: s.start)
        return doc

    def _full_titles(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "told the Gazette" where the story names the "Fenmoor Gazette" too: the full name."""
        heads: dict[str, set[str]] = {}
        for s in spans:
            if len(s.kb_id_.split()) > 1 and not s.kb_id_.startswith("The "):
                heads.setdefault(head_noun(s.kb_id_), set()).add(s.kb_id_)
        out = []
        for s in spans:
            names = heads.get(s.text, set()) if s.kb_id_ == f"The {s.text}" else set()
            if len(names) == 1:
                s = Span(doc, s.start, s.end, "ORG", kb_id=next(iter(names)), span_id="body-short-form")
            out.append(s)
        return out

    @staticmethod
    def _span(doc: Doc, start: int, end: int, rule: str) -> Span:
        return Span(doc, start, end, "ORG", kb_id=canonical(doc[start:end].text), span_id=rule)

    def _forced(self, span: Span) -> bool:
        return any(i in self.forced for i in range(span.start, span.end))

    # -- names ---------------------------------------------------------------

    def _name_word(self, doc: Doc, i: int) -> bool:
        """A word that can be in a body's name: capitalised or in capitals, not a function word."""
        text = self.words[i]
        if text in self.not_in_name or i in self.forced:
            return False
        return (text[:1].isupper() and any(c.isalpha() for c in text)) or (
            text[:1].isdigit() and i > 0 and self.words[i - 1][:1].isupper()  # "Channel 4 News"
        )

    def _joins(self, doc: Doc, i: int) -> bool:
        """A connector or possessive between two name words ("Isle of Wight", "Women's")."""
        if not (0 < i < len(doc) - 1):
            return False
        text = self.words[i]
        if text in self.possessives:
            return self._name_word(doc, i - 1) and self._name_word(doc, i + 1)
        return text in self.connectors and self._name_word(doc, i - 1) and self._name_word(doc, i + 1)

    def run_back(self, doc: Doc, end: int, limit: int) -> int:
        """The first token of the name ending at token ``end - 1``: walks back over name
        words and the connectors between them; stops at a listed body's token unless that
        body ends where this name does."""
        i = end - 1
        while i - 1 >= 0 and end - (i - 1) <= limit:
            j = i - 1
            ends = self.listed.get(j, end)
            if ends > end or (ends < end and self.words[ends] in self.connectors):
                break  # in a listed body; "IOPC and Police Federation" is two, "Women's Refuge Network" one
            if self._name_word(doc, j) or self._joins(doc, j):
                i = j
                continue
            break
        while i < end - 1 and (self.words[i] in self.connectors or self.words[i] in self.possessives):
            i += 1
        if i < end - 1 and self._sentence_initial_common(doc, i):
            i += 1  # "Meanwhile Kent County Council": a capitalised first word that names nothing
        return i

    def run_forward(self, doc: Doc, start: int, limit: int) -> int:
        """The end of a name starting at token ``start`` (``start`` when there is none)."""
        j = start
        while j < len(doc) and j - start < limit and (self._name_word(doc, j) or self._joins(doc, j)):
            j += 1
        while j > start and (self.words[j - 1] in self.connectors or self.words[j - 1] in self.possessives):
            j -= 1
        return j

    def _sentence_initial_common(self, doc: Doc, i: int) -> bool:
        """A capitalised sentence opener that names nothing ("Meanwhile Kent County Council"):
        a function word or adverb by its tag, or a word the article writes in lower case too.
        A tagger often takes an unknown name there for a noun, so a noun alone is no proof."""
        token = doc[i]
        if not token.is_sent_start or token.text.isupper():
            return False
        if doc.has_annotation("TAG") and token.pos_ in FUNCTION_POS:
            return True
        return not self._proper(doc, i, i + 1)

    def _person(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the statistical NER takes [start, end) for a person, place or people
        ("requests to Welsh forces", "obtained by Jo Hale"): no outlet then, without a news word."""
        return any(doc[i].ent_type_ in ("PERSON", "GPE", "LOC", "NORP") for i in range(start, end))

    # -- rules -----------------------------------------------------------------

    def generic(self, doc: Doc) -> list[tuple[int, int]]:
        """Capitalised words ending in a head noun ("the Northshire Victims Alliance",
        "at Pennant Hale Solicitors"), with a trailing "of/for <Name>" ("the Commission for
        Victims"). Scans the text for heads first (cheaper than a token pattern)."""
        out = []
        limit = self.rules["generic_max_tokens"]
        for m in self.heads.finditer(doc_text(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or len(span) != 1 or span.start in self.forced:
                continue
            start = self.run_back(doc, span.end, limit)
            end = span.end
            if end + 1 < len(doc) and self.words[end] in ("of", "for") and self._name_word(doc, end + 1):
                end = self.run_forward(doc, end + 1, limit - (end - start))
            # a proper word before the head ("Harrowfield Borough Council") or after "of"/"for"
            # ("the University of Fenmoor"); a head alone ("the Council") or with common nouns
            # only ("the Local Authority", "Gross Misconduct Panel Finds ...") names no body
            if not (self._proper(doc, start, span.start) or self._proper(doc, span.end + 1, end)):
                continue
            out.append((start, end))
        return out

    def _proper(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a modifier in [start, end) is a proper word: one the article never writes in
        lower case ("Harrowfield", "Pennant"), or in capitals ("NHS"). "Misconduct" in "Gross
        Misconduct Panel" is a common noun when "misconduct" appears in the text too."""
        if self._lower_words is None:
            self._lower_words = {w for w in self.words if w.islower()}
        for i in range(start, end):
            word = self.words[i]
            if word in self.connectors or word in self.possessives:
                continue
            if word.isupper() or word.lower() not in self._lower_words:
                return True
        return False

    def by_cues(self, doc: Doc) -> list[Span]:
        """Outlets by what they do in the story, and names after a classifier noun."""
        out = []
        limit = self.rules["generic_max_tokens"]
        strings = doc.vocab.strings
        for key, s, e in self.cues(doc):
            kind = strings[key]
            if kind == "cues_after":
                while s > 0 and self.words[s - 1].lower() in self.auxiliaries:
                    s -= 1  # "Teesside Live has asked"
                if s > 1 and self.words[s - 1].islower() and self.words[s - 2] in self.outlet_heads:
                    s -= 1  # "a Fenmoor Gazette investigation has found": the outlet's own work
                if s == 0:
                    continue
                start = self.run_back(doc, s, limit)
                # a news word last ("Fenmoor Live") outweighs a statistical guess of a person
                headed = self.words[s - 1] in self.outlet_heads
                if start < s and self._outlet_name(start, s) and (headed or not self._person(doc, start, s)):
                    out.append(self._span(doc, start, s, "outlet-cue"))
                elif (
                    start == s - 1 and start and self.words[start - 1].lower() == "the" and self._head(start)
                ):
                    # "The Echo understands": its title as far as the story gives it (_full_titles)
                    out.append(
                        Span(doc, start, s, "ORG", kb_id=f"The {self.words[start]}", span_id="outlet-cue")
                    )
                continue
            k = e + (e < len(doc) and self.words[e].lower() in ("the", "a", "an"))
            end = self.run_forward(doc, k, limit)
            if end == k or any(i in self.listed for i in range(k, end)):
                continue
            if kind != "classifier" and end == k + 1 and k > e and self._head(k):
                # "told the Gazette": its title as far as the story gives it (see _full_titles)
                out.append(Span(doc, k, end, "ORG", kb_id=f"The {self.words[k]}", span_id="outlet-cue"))
                continue
            if kind == "classifier":
                # a common noun in lower case ("the charity X"), or opening its sentence
                lower = all(self.words[i].islower() for i in range(s, e)) or doc[s].is_sent_start
                if lower and not self._modifier(doc, end):
                    out.append(self._span(doc, k, end, "body-classifier"))
            elif (
                kind == "cues_before" and not self._person(doc, k, end) and not self._modifier(doc, end)
            ) or (self._outlet_name(k, end)):
                out.append(self._span(doc, k, end, "outlet-cue"))
        return out

    @staticmethod
    def _modifier(doc: Doc, end: int) -> bool:
        """Whether the capitalised words before token ``end`` modify the common noun there
        ("requests to Welsh forces"): a description, not a name."""
        return doc.has_annotation("TAG") and end < len(doc) and doc[end].is_lower and doc[end].pos_ == "NOUN"

    def _head(self, i: int) -> bool:
        """An outlet's head alone, capitalised ("Gazette", "Echo")."""
        return self.words[i] in self.outlet_heads and self.words[i][:1].isupper()

    def _outlet_name(self, start: int, end: int) -> bool:
        """A name of two or more words with a news word in it ("Heartland Radio News")."""
        return end - start >= 2 and any(self.words[i] in self.outlet_heads for i in range(start + 1, end))

    def repeats(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Bodies found by a rule (not the lexicon) named again: in full, or by their head
        alone after the first full mention, where no other body found has that head."""
        by_rule = [s for s in found if s.id_ in FOUND_BY_RULE]
        if not by_rule:
            return []
        taken = {i for s in found for i in range(s.start, s.end)}
        out = []
        text = doc_text(doc)
        for name, kb in {s.text: s.kb_id_ for s in reversed(by_rule)}.items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                span = doc.char_span(m.start(), m.end())
                if span is None or any(i in taken for i in range(span.start, span.end)):
                    continue
                inside = (
                    span.start and self._name_word(doc, span.start - 1) and not doc[span.start].is_sent_start
                )
                if inside or (span.end < len(doc) and self._name_word(doc, span.end)):
                    continue  # part of a longer name ("Gazette" in "Fenmoor Gazette")
                out.append(Span(doc, span.start, span.end, "ORG", kb_id=kb, span_id="body-repeat"))
                taken.update(range(span.start, span.end))
        heads: dict[str, set[str]] = {}
        for s in found:
            # a short form is the body's head noun ("the Ledger"), never a place ("Dorset")
            if len(s.kb_id_.split()) > 1 and head_noun(s.kb_id_) in self.name_heads:
                heads.setdefault(head_noun(s.kb_id_), set()).add(s.kb_id_)
        first = {}
        for s in sorted(by_rule, key=lambda s: s.start):
            first.setdefault(s.kb_id_, s.end)
        for i, word in enumerate(self.words):
            names = heads.get(word)
            if not names or len(names) != 1 or i in taken or i in self.forced:
                continue
            name = next(iter(names))
            if name not in first or i < first[name] or not word[:1].isupper():
                continue
            prev = self.words[i - 1] if i else ""
            nxt = self.words[i + 1] if i + 1 < len(doc) else ""
            if (prev and prev.lower() != "the" and prev[:1].isupper() and not doc[i].is_sent_start) or (
                nxt[:1].isupper() and nxt not in self.not_in_name
            ):
                continue  # part of another name
            if prev.lower() != "the" and not doc[i].is_sent_start:
                continue  # "the Ledger", or a sentence's first word ("Federation chair ...")
            span = Span(doc, i, i + 1, "ORG", kb_id=name, span_id="body-short-form")
            if not self._furniture(doc, span):
                out.append(span)
        return [s for s in out if not self._furniture(doc, s)]

    # -- page furniture ----------------------------------------------------------

    def _furniture(self, doc: Doc, span: Span) -> bool:
        """ "Credit: PA", "(Image: Dales Online)", or a short "Read more: ..." / "By ..." line."""
        before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start] if t.text not in (":", "(")]
        if before and before[-1] in self.not_before:
            return True
        text = doc_text(doc)
        line_start = text.rfind("\n", 0, span.start_char) + 1
        line_end = text.find("\n", span.end_char)
        rest = text[span.end_char : line_end if line_end >= 0 else len(text)].strip()
        if span.start and self.words[span.start - 1] == "(" and rest == ")":
            return True  # a caption's credit: "Officers at the scene (PA)"
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        if len(line.split()) > self.rules["furniture_line_max_words"]:
            return False
        low = line.lower()
        return any(
            low.startswith(w) and not low[len(w) : len(w) + 1].isalpha() for w in self.furniture_starts
        )
