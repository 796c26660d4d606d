"""Police forces and policing regions, from ``models/forces.csv``.

Reads: tokens. Writes: ``doc.spans["forces"]`` (label FORCE, ``kb_id_`` the
force id) and ``doc.spans["regions"]`` (label REGION, ``kb_id_``
``region:<slug>``); on every span ``id_`` names the rule that made it.

Patterns are generated from the CSV: the official name, its aliases, the
place stem with each force suffix ("Cumbria Police", "Cumbria
Constabulary"), "and"/"&" variants. Bare place names are never patterns, so
"officers in Greater Manchester" is not a force. Regions are tagged only
where used as such ("forces in the North West", "North West region").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lexicons import Force, load_forces, read_json, regions
from .extensions import FORCES, REGIONS, lowers, orths


def name_variants(name: str, suffixes: Iterable[str]) -> set[str]:
    """``"Avon and Somerset Constabulary"`` -> itself, ``"... Police"``, ``"Avon & Somerset ..."``."""
    out = {name}
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(" " + suffix):
            stem = name[: -len(suffix) - 1]
            out |= {f"{stem} {s}" for s in suffixes}
            break
    for variant in list(out):
        if " and " in variant:
            out.add(variant.replace(" and ", " & "))
        if " & " in variant:
            out.add(variant.replace(" & ", " and "))
    return out


class Match(NamedTuple):
    """A pattern's match: token bounds, label (FORCE or REGION) and the pattern's id."""

    start: int
    end: int
    label_: str
    id_: str


def _pattern(nlp: Language, text: str, case_sensitive: bool) -> str | list[dict]:
    """A phrase pattern (matched on LOWER, fast) unless case matters: "the Met", "Met" and
    capitals ("GMP", "BTP") become token patterns on ORTH."""
    words = [t.text for t in nlp.make_doc(text)]
    if not case_sensitive and not any(w.isupper() and len(w) > 1 for w in words):
        return text
    pattern = []
    for word in words:
        exact = case_sensitive or (word.isupper() and len(word) > 1)
        pattern.append({"ORTH": word} if exact else {"LOWER": word.lower()})
    return pattern


def force_patterns(nlp: Language, forces: Iterable[Force], rules: dict) -> list[tuple[str, str | list[dict]]]:
    """``(force_id, pattern)`` for every name form of every force."""
    case_sensitive = set(rules["case_sensitive_aliases"])
    out = []
    for force in forces:
        forms: set[str] = set()
        for name in (force.name, *force.aliases, *rules["extra_aliases"].get(force.id, [])):
            forms |= name_variants(name, rules["suffixes"])
        for form in sorted(forms):
            out.append((force.id, _pattern(nlp, form, form in case_sensitive)))
    return out


def region_patterns(
    nlp: Language, forces: Iterable[Force], rules: dict
) -> list[tuple[str, str | list[dict]]]:
    never = set(rules["regions_never"])
    return [
        (rid, _pattern(nlp, name, case_sensitive=True))
        for name, rid in sorted(regions(forces).items())
        if name not in never
    ]


@Language.factory(
    "extractor_forces",
    assigns=["doc.spans", "doc.spans"],
    default_config={"forces_path": "forces.csv", "rules_path": "force_rules.json"},
)
def make_forces(nlp: Language, name: str, forces_path: str, rules_path: str) -> ForceTagger:
    return ForceTagger(nlp, name, forces_path=forces_path, rules_path=rules_path)


class ForceTagger:
    """Tags force mentions (with in-article abbreviations) and policing regions."""

    def __init__(self, nlp: Language, name: str, *, forces_path: str, rules_path: str) -> None:
        self.name = name
        self.rules = read_json(
            rules_path,
            required=[
                "suffixes",
                "case_sensitive_aliases",
                "block_after",
                "abbreviation_pattern",
                "region_cues_after",
                "region_cues_before",
                "region_cue_window",
                "regions_never",
                "region_blocked_near",
                "extra_aliases",
            ],
        )
        self.forces = {f.id: f for f in load_forces(forces_path)}
        # Two phrase matchers: names on LOWER, and the case-sensitive forms ("the Met",
        # "GMP", regions), which are token patterns of ORTH words only, on ORTH. (A token
        # Matcher would try every pattern at every token.) A match's key is "label id".
        self.patterns = [
            ("FORCE", force_id, pattern)
            for force_id, pattern in force_patterns(nlp, self.forces.values(), self.rules)
        ] + [
            ("REGION", region_id, pattern)
            for region_id, pattern in region_patterns(nlp, self.forces.values(), self.rules)
        ]
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        for label, key, pattern in self.patterns:
            if isinstance(pattern, str):
                self.by_lower.add(f"{label} {key}", [nlp.make_doc(pattern)])
            elif all(set(word) == {"ORTH"} for word in pattern):
                self.by_orth.add(f"{label} {key}", [Doc(nlp.vocab, words=[w["ORTH"] for w in pattern])])
            else:
                raise ValueError(f"force pattern {pattern!r}: only phrases or ORTH words are supported")
        self.block_after = [b.split() for b in self.rules["block_after"]]
        self.abbreviation = re.compile(self.rules["abbreviation_pattern"])
        self.cues_after = set(self.rules["region_cues_after"])
        self.cues_before = set(self.rules["region_cues_before"])
        self.blocked_near = set(self.rules["region_blocked_near"])

    def match(self, doc: Doc) -> list[Match]:
        """Every pattern's matches, each once, in text order (spaCy's span_ruler order)."""
        strings = doc.vocab.strings
        found = set()
        for matcher in (self.by_orth, self.by_lower):
            for key, start, end in matcher(doc):
                label, pattern_id = strings[key].split(" ", 1)
                found.add(Match(start, end, label, pattern_id))
        return sorted(found, key=lambda m: (m.start, m.end, strings[m.label_], strings[m.id_]))

    def __call__(self, doc: Doc) -> Doc:
        matches = self.match(doc)
        forces = self.match_forces(doc, [m for m in matches if m.label_ == "FORCE"])
        doc.spans[FORCES] = forces
        doc.spans[REGIONS] = self.match_regions(doc, forces, [m for m in matches if m.label_ == "REGION"])
        return doc

    # -- forces --------------------------------------------------------------

    def match_forces(self, doc: Doc, matches: list[Span]) -> list[Span]:
        spans = []
        for match in matches:
            span = Span(doc, match.start, match.end, "FORCE", kb_id=match.id_, span_id="force-name")
            if not self._blocked(doc, span) and not self._the_met_before_police(doc, span):
                spans.append(span)
        spans = filter_spans(spans)
        spans += self._abbreviations(doc, spans)
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def _blocked(self, doc: Doc, span: Span) -> bool:
        """A force name inside an office's or body's name ("Kent Police and Crime Commissioner")."""
        following = lowers(doc)[span.end : span.end + 4]
        return any(following[: len(words)] == words for words in self.block_after)

    @staticmethod
    def _the_met_before_police(doc: Doc, span: Span) -> bool:
        # "the Met Police": the span is "Met Police", not "the Met".
        words = lowers(doc)
        return words[span.start] == "the" and span.end < len(doc) and words[span.end] in ("police", "service")

    def _abbreviations(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Dyfed-Powys Police (DPP)": DPP then names that force throughout the article."""
        defined: dict[str, str] = {}
        for span in spans:
            window = doc[span.end : span.end + 3]
            if (
                len(window) == 3
                and window[0].text == "("
                and window[2].text == ")"
                and self.abbreviation.match(window[1].text)
                and window[1].text.isupper()
            ):
                defined[window[1].text] = span.kb_id_
        if not defined:
            return []  # the usual case: no walk over every token
        return [
            Span(doc, i, i + 1, "FORCE", kb_id=defined[text], span_id="force-abbreviation")
            for i, text in enumerate(orths(doc))
            if text in defined
        ]

    # -- regions -------------------------------------------------------------

    def match_regions(self, doc: Doc, forces: list[Span], matches: list[Span]) -> list[Span]:
        taken = {i for s in forces for i in range(s.start, s.end)}
        window = self.rules["region_cue_window"]
        spans = []
        for match in matches:
            start, end = match.start, match.end
            if any(i in taken for i in range(start, end)):
                continue
            words, texts = lowers(doc), orths(doc)
            after = set(words[end : end + 2])
            before = set(words[max(0, start - window) : start])
            near = {*texts[max(0, start - 2) : start], *texts[end : end + 2]}
            if near & self.blocked_near:
                continue  # "England, Wales and Scotland": nations listed, not a policing region
            if after & self.cues_after or before & self.cues_before:
                spans.append(Span(doc, start, end, "REGION", kb_id=match.id_, span_id="region-as-such"))
        return filter_spans(spans)
