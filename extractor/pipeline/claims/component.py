"""The claims component: every figure an article states, with its qualifiers.

Reads: tokens (POS, dependencies and lemmas where the model has them),
sentences, ``doc.spans`` forces/regions/bodies/officials (and quotes when
present), ``doc._.article["published"]``. Writes: ``doc.spans["claims"]``
(label CLAIM, ``id_`` = the rules that fired) and, per claim, a plain dict
in ``doc.user_data["extractor.claims"]`` keyed by ``"start:end"`` (body
character offsets): value, approx, measure, noun, scope, period, qualifiers,
qualifier_text, speaker.

For each number it decides, in order:
- measure: the noun it counts (parse, then a token scan), "N of the X",
  "X (N)", or, for a bare number, its antecedent ("Of these, 27 ...");
- qualifiers from the clause it sits in (officer sex, complainant, outcome,
  staff, rate), inherited from the total it breaks down;
- scope: the nearest force, region, force place or national cue in its
  sentence, else the figure before it, else the article's force;
- period: stated in its sentence, else carried from the article's stated
  period, else relative to the publication date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import BODIES, CLAIMS, FORCES, OFFICIALS, REGIONS, doc_text, lowers, sentence_bounds
from .candidates import Candidate, CandidateFinder
from .lexicon import ClaimLexicon, find_phrases, load_lexicon
from .periods import Period, find_periods, resolve_relative

DATA_KEY = "extractor.claims"
DETERMINERS = {"the", "these", "those", "its", "their", "all", "them", "which", "whom", "this"}
BREAKDOWN_WORDS = {"these", "them", "which", "whom", "those"}


class Cue(NamedTuple):
    """Something in a sentence that says whom a figure is about."""

    start: int
    end: int
    scope: str
    rule: str


@dataclass
class Draft:
    """A claim while it is being decided (becomes plain data on the Doc)."""

    cand: Candidate
    sent: Span
    measure: str | None = None
    noun: str | None = None
    measure_rule: str = ""
    qualifiers: dict[str, Any] = field(default_factory=dict)
    qualifier_text: str = ""
    scope: str | None = None
    scope_rule: str = ""
    period: tuple[int, int] | None = None
    period_rule: str = ""
    breakdown_of: Draft | None = None  # the total this figure breaks down
    elliptical: bool = False  # no counted noun of its own

    def data(self) -> dict[str, Any]:
        return {
            "value": self.cand.value,
            "approx": self.cand.approx,
            "measure": self.measure,
            "noun": self.noun,
            "scope": self.scope,
            "period": list(self.period) if self.period else None,
            "qualifiers": dict(sorted(self.qualifiers.items())),
            "qualifier_text": self.qualifier_text,
            "rule": f"{self.measure_rule}|{self.scope_rule}|{self.period_rule}",
        }


@Language.factory(
    "extractor_claims",
    assigns=["doc.spans", "doc.user_data"],
    requires=["doc.spans"],
)
def make_claims(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor(name)


class ClaimExtractor:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lex: ClaimLexicon = load_lexicon()
        self.finder = CandidateFinder(self.lex)

    # -- entry -------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        people = {i for s in doc.spans.get(OFFICIALS, []) for i in range(s.start, s.end)}
        taken = people | {
            i for key in (FORCES, BODIES) for s in doc.spans.get(key, []) for i in range(s.start, s.end)
        }
        self.taken = taken
        self.words = lowers(doc)  # once per doc, shared: token iteration is costly
        has_sents = self.has_sents = doc.has_annotation("SENT_START")
        self.parsed = doc.has_annotation("DEP")
        self.lemmas = doc.has_annotation("LEMMA")
        candidates = self.finder.find(doc, taken, people, self.words)
        self.sentences = [doc[s:e] for s, e in sentence_bounds(doc)]  # Token.sent rescans: look up
        self.sent_starts = [s.start for s in self.sentences]
        published = (doc._.article or {}).get("published")
        periods = self._stated_periods(doc, candidates, published, has_sents)
        main_force = self._main_force(doc)
        drafts: list[Draft] = []
        for k, cand in enumerate(candidates):
            sent = self.sentence_of(cand.start)
            following = candidates[k + 1] if k + 1 < len(candidates) else None
            if following is not None and self.words[cand.end : following.start] in (["of", "the"], ["of"]):
                # "twenty-seven of the 61 allegations were made by colleagues": read on
                following = candidates[k + 2] if k + 2 < len(candidates) else None
            next_start = (
                len(doc)
                if following is None
                else min(following.start, following.cue_start or following.start)
            )
            draft = Draft(cand, sent)
            self._measure(doc, draft, drafts)
            window = self._window(doc, draft, next_start)
            self._qualifiers(doc, draft, window, drafts)
            if cand.value == 1 and doc[cand.start].lower_ in lex.one_words:
                if "outcome" not in draft.qualifiers and cand.approx == "exact":
                    continue  # "one" is a pronoun or determiner unless it counts an outcome
            self._scope(doc, draft, drafts, main_force, window)
            self._period(doc, draft, periods, published, self._clause(doc, draft, drafts, window))
            drafts.append(draft)
        for d in drafts:
            if d.measure == "force" and not any(
                o.sent.start == d.sent.start and o.measure != "force" for o in drafts
            ):
                # a count of forces covers the period of the data it comes with, if any
                d.period, d.period_rule = None, "period:force-count"
        data: dict[str, dict[str, Any]] = {}
        spans = []
        for d in drafts:
            end = d.cand.unit_end or d.cand.end  # "0.5 per cent", "one in five"
            span = Span(doc, d.cand.start, end, "CLAIM", span_id=d.measure_rule)
            spans.append(span)
            data[f"{span.start_char}:{span.end_char}"] = d.data()
        doc.spans[CLAIMS] = spans
        doc.user_data[DATA_KEY] = data
        return doc

    def sentence_of(self, i: int) -> Span:
        return self.sentences[bisect.bisect_right(self.sent_starts, i) - 1]

    # -- measure -----------------------------------------------------------------

    def _lemma(self, token: Token) -> str:
        if self.lemmas and token.lemma_:
            return token.lemma_.lower()
        return self.lex.singular(token.text)

    def _is_noun(self, token: Token) -> bool:
        if self.parsed or token.pos_:
            return token.pos_ in ("NOUN", "PROPN") and token.is_alpha
        word = self.lex.singular(token.text)
        return (
            word in self.lex.measures
            or token.lower_ in self.lex.sex_nouns
            or (token.is_alpha and token.lower_.endswith("s") and not token.is_stop)
        )

    def _noun_after(self, doc: Doc, i: int, sent_end: int) -> Token | None:
        """The head noun of the phrase starting at ``i``: "serving Kent Police officers" ->
        officers; "the total number of cases" -> cases; None where a verb or preposition
        comes first ("seven against male officers" counts no officers)."""
        noun = None
        j = i
        while j < len(doc) and doc[j].lower_ in self.lex.skip_nouns | {"of", "the"} and j < sent_end:
            j += 1  # "total number of": what is counted comes after
        for k in range(j, min(sent_end, j + 7)):
            token = doc[k]
            if token.i in self.taken and noun is None:
                continue  # a force's name modifies the noun: "Kent Police officers"
            if self._is_noun(token) or token.lower_ in self.lex.sex_nouns:
                noun = token
                following = doc[k + 1] if k + 1 < sent_end else None
                if following is not None and following.i not in self.taken and self._is_noun(following):
                    if following.pos_ != "PROPN":
                        continue  # "sexual misconduct claims": keep going to the head
                if k + 1 < sent_end and doc[k + 1].lower_ == "of" and token.lower_ == "members":
                    continue  # "members of staff": the counted thing follows
                return noun
            if noun is not None:
                return noun
            if token.tag_ in ("VBG", "VBN") and k + 1 < sent_end and self._is_noun(doc[k + 1]):
                continue  # "serving officers", "suspended officers"
            if token.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "DET", "NUM"):
                return None
            if token.is_punct or token.lower_ in ("were", "was", "are", "is", "have", "had", "of", "against"):
                return None
        return noun

    def _fold(self, draft: Draft, noun: Token, rule: str, doc: Doc) -> None:
        lemma = self._lemma(noun)
        word = noun.lower_
        draft.noun = noun.text
        draft.measure_rule = rule
        if word in self.lex.sex_nouns or lemma in self.lex.sex_nouns:
            draft.measure = "officer"
            draft.qualifiers["officer_sex"] = self.lex.sex_nouns.get(word) or self.lex.sex_nouns[lemma]
            return
        if lemma == "member" and noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ == "of":
            following = doc[noun.i + 2]
            if following.lower_ in self.lex.staff_words:
                draft.measure = "staff"
                draft.noun = doc[noun.i : noun.i + 3].text
                return
        draft.measure = self.lex.measures.get(lemma, lemma)

    def _measure(self, doc: Doc, draft: Draft, drafts: list[Draft]) -> None:
        cand = draft.cand
        if cand.kind == "percent":
            draft.measure, draft.measure_rule = "percent", f"share:{cand.share_rule}"
            return
        end = cand.end
        sent_end = draft.sent.end
        # "X (N)": the noun before the bracket, or a breakdown label ("male (577)")
        if cand.start >= 2 and doc[cand.start - 1].text == "(" and end < len(doc) and doc[end].text == ")":
            before = doc[cand.start - 2]
            fraction = any(d.cand.start <= before.i < d.cand.end for d in drafts[-1:])
            if self._is_noun(before) and not self._qualifier_word(before.lower_) and not fraction:
                self._fold(draft, before, "count:noun-before-bracket", doc)
                return
            self._antecedent(doc, draft, drafts, "count:bracket-breakdown")
            return
        # "N of the X", "N of these X"
        if end + 1 < sent_end and doc[end].lower_ == "of" and doc[end + 1].lower_ in DETERMINERS:
            noun = self._noun_after(doc, end + 2, sent_end)
            if noun is not None:
                self._fold(draft, noun, "count:n-of-the", doc)
                if doc[end + 1].lower_ in BREAKDOWN_WORDS:  # "139 of these claims"
                    draft.breakdown_of = self._total_for(drafts, draft)
                return
        # the parse: the noun the number modifies
        head = doc[end - 1]
        between = doc[end : head.head.i] if head.head.i > head.i else []
        if any(t.pos_ in ("VERB", "AUX", "CCONJ") or t.is_punct for t in between):
            head = None  # a mis-attached nummod across a verb ("118 concerned female officers")
        if head is not None and self.parsed and head.dep_ == "nummod" and 0 < head.head.i - head.i <= 7:
            if self._is_noun(head.head) and head.head.lower_ not in self.lex.skip_nouns:
                self._fold(draft, head.head, "count:nummod", doc)
                return
        noun = self._noun_after(doc, end, sent_end)
        if noun is not None:
            self._fold(draft, noun, "count:noun-after", doc)
            return
        self._antecedent(doc, draft, drafts, "count:antecedent")

    def _qualifier_word(self, word: str) -> bool:
        key = (word,)
        return key in self.lex.sex or key in self.lex.complainant or key in self.lex.outcome

    def _total_for(self, drafts: list[Draft], draft: Draft) -> Draft | None:
        """The total a breakdown refers back to: the latest figure of the same measure
        that is at least as large ("Of these, 27" -> the 29 before)."""
        for d in reversed(drafts[-12:]):
            if d.measure == draft.measure and d.cand.value >= draft.cand.value:
                return d
        return None

    def _of_the_noun(self, doc: Doc, start: int, stop: int) -> tuple[Token | None, bool]:
        """The nearest "of the X" before ``stop``: ``(noun, refers_back)``; refers_back is
        True for "of these", "of which", "of whom" (then the noun may be missing)."""
        for i in range(stop - 2, start - 1, -1):
            # a partitive opens its clause ("Of the 64 allegations, five ..."); "as a result
            # of the allegations" is no antecedent
            opens = i == start or doc[i - 1].is_punct or doc[i - 1].lower_ in ("and", "but", "however")
            if opens and doc[i].lower_ == "of" and doc[i + 1].lower_ in DETERMINERS:
                noun = self._noun_after(doc, i + 2, stop)
                if noun is not None and noun.lower_ in self.lex.not_antecedent:
                    continue  # "members of the public", "of the force": no counted thing
                back = doc[i + 1].lower_ in BREAKDOWN_WORDS
                if noun is not None or back:
                    return noun, back
        return None, False

    def _antecedent(self, doc: Doc, draft: Draft, drafts: list[Draft], rule: str) -> None:
        """A bare number counts what the text last spoke of: "Of the cases ..., at least
        34"; "Of these, 27 ..."; else the figure before it."""
        draft.elliptical = True
        sent = draft.sent
        noun, back = self._of_the_noun(doc, sent.start, draft.cand.start)
        if noun is None and not back:
            previous_start = self._previous_sentence_start(doc, sent)
            if previous_start is not None:
                noun, _ = self._of_the_noun(doc, previous_start, sent.start)
        if noun is not None:
            self._fold(draft, noun, f"{rule}:of-the", doc)
            draft.qualifiers.pop("officer_sex", None)
        elif drafts:
            # a count never takes a share's measure: "a quarter (425)" counts allegations
            counts = [d for d in drafts if d.measure != "percent"] or drafts
            draft.measure, draft.noun = counts[-1].measure, None
            draft.measure_rule = f"{rule}:previous-figure"
        if back or rule.endswith("breakdown"):
            draft.breakdown_of = self._total_for(drafts, draft)
        if draft.measure is None:
            draft.measure_rule = f"{rule}:unknown"

    def _previous_sentence_start(self, doc: Doc, sent: Span) -> int | None:
        if sent.start == 0 or not self.has_sents:
            return None
        return self.sentence_of(sent.start - 1).start

    # -- qualifiers ------------------------------------------------------------------

    def _window(self, doc: Doc, draft: Draft, next_start: int) -> list[Token]:
        """The clause after the number: up to the next figure, a ";", or a comma that
        opens another clause ("..., most of whom", "..., while")."""
        cand = draft.cand
        start = cand.unit_end or cand.end
        stop = min(draft.sent.end, next_start)
        dashes = ("–", "—", "-")
        if (
            cand.start > 0
            and doc[cand.start - 1].text in dashes
            and start < stop
            and doc[start].text in dashes
        ):
            start += 1  # "Most of the allegations – 1,087 – were made by ...": read on
        tokens: list[Token] = []
        for i in range(start, stop):
            token = doc[i]
            if token.text in (";", "–", "—") or (token.text == "-" and token.whitespace_):
                break
            if token.lower_ == "and" and self._opens_clause(token):
                break  # "... in 203 cases and written warnings were issued in 58"
            if token.text == "," and i + 1 < stop and doc[i + 1].lower_ in self.lex.comma_stops:
                break
            if token.lower_ == "and" and i + 1 < stop:
                after = " ".join(t.lower_ for t in doc[i + 1 : i + 3])
                if any(after.startswith(w) for w in self.lex.and_stops):
                    break
            tokens.append(token)
        if cand.start >= 2 and doc[cand.start - 1].text == "(":
            tokens = list(doc[max(draft.sent.start, cand.start - 3) : cand.start - 1]) + tokens
        return tokens

    def _opens_clause(self, token: Token) -> bool:
        """Is this "and" the start of a new clause: its conjunct verb has a subject of its
        own, or a noun phrase and then a finite verb follow it ("and management action was
        taken")?"""
        if not self.parsed:
            return False
        if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX"):
            conj = next((c for c in token.head.children if c.dep_ == "conj" and c.i > token.i), None)
            if conj is not None and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                return True
        doc = token.doc
        seen_noun = False
        for t in doc[token.i + 1 : token.i + 6]:
            if t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON"):
                seen_noun = seen_noun or t.pos_ in ("NOUN", "PROPN", "PRON")
                continue
            return seen_noun and t.pos_ in ("AUX", "VERB") and t.tag_ not in ("VBG", "VBN")
        return False

    def _left_clause(self, doc: Doc, draft: Draft, drafts: list[Draft]) -> list[Token]:
        """The clause before the number, back to the previous figure or clause break:
        "Management action was taken in [203] cases"."""
        start = draft.sent.start
        if drafts and drafts[-1].sent.start == draft.sent.start:
            start = max(start, drafts[-1].cand.unit_end or drafts[-1].cand.end)
        stop = draft.cand.cue_start if draft.cand.cue_start is not None else draft.cand.start
        tokens: list[Token] = []
        for token in doc[start:stop]:
            breaks = token.text in (";", ":", "–", "—") or (
                token.lower_ == "and" and self._opens_clause(token)
            )
            comma_clause = (
                token.text == "," and token.i + 1 < stop and doc[token.i + 1].lower_ in self.lex.comma_stops
            )
            if breaks or comma_clause:
                tokens = []
            else:
                tokens.append(token)
        return tokens

    def _qualifiers(self, doc: Doc, draft: Draft, window: list[Token], drafts: list[Draft]) -> None:
        lex = self.lex
        words = [t.lower_ for t in window]
        quals = draft.qualifiers
        inherited: dict[str, Any] = {}
        if draft.breakdown_of is not None:
            inherited = {k: v for k, v in draft.breakdown_of.qualifiers.items() if k != "outcome"}
        both = find_phrases(words, lex.restricts_nothing)
        masked = list(words)
        for s, e, _ in both:
            masked[s:e] = ["_"] * (e - s)
        sexes = {
            label
            for s, e, label in find_phrases(masked, lex.sex)
            if (e < len(masked) and masked[e] in lex.sex_before)
            or (s > 0 and masked[s - 1] in lex.sex_after)
            or window[e - 1].i == draft.cand.start - 2  # "Male (21)", "most were male (577)"
        }
        if len(sexes) == 1 and "officer_sex" not in quals:
            quals["officer_sex"] = sexes.pop()
        complainants = {label for _, _, label in find_phrases(words, lex.complainant)}
        if len(complainants) == 1:
            quals["complainant"] = complainants.pop()
        outcomes = {label for _, _, label in find_phrases(words, lex.outcome)}
        if not outcomes:
            left = [t.lower_ for t in self._left_clause(doc, draft, drafts)]
            outcomes = {label for _, _, label in find_phrases(left, lex.outcome)}
        if outcomes:
            quals["outcome"] = outcomes.pop() if len(outcomes) == 1 else "other"
        elif (
            draft.elliptical
            and drafts
            and drafts[-1].sent.start == draft.sent.start
            and not self._has_verb(window)
        ):
            previous = drafts[-1].qualifiers.get("outcome")  # "four led to dismissals, one before a hearing"
            if previous:
                quals["outcome"] = previous
        if draft.measure not in ("staff",) and find_phrases(words, lex.staff):
            quals["includes_staff"] = True
        pers = {label for _, _, label in find_phrases(words, lex.per)}
        if len(pers) == 1:
            quals["per"] = pers.pop()
        for key, value in inherited.items():
            quals.setdefault(key, value)
        draft.qualifier_text = " ".join(t.text for t in window).strip()

    def _has_verb(self, window: list[Token]) -> bool:
        if self.parsed:
            return any(t.pos_ in ("VERB", "AUX") for t in window)
        return any(t.lower_ in ("was", "were", "led", "saw", "resulted", "is", "are") for t in window)

    # -- scope -------------------------------------------------------------------------

    def _places(self, doc: Doc, words: list[str], start: int, end: int) -> list[tuple[int, int, str]]:
        """Force areas named as places ("officers in Cumbria"): ``(start, end, force id)``."""
        out = []
        for s, e, force_id in find_phrases(words[start:end], self.lex.places):
            i = start + s
            if doc[i].text[:1].isupper() and i > 0 and words[i - 1] in self.lex.place_cue_before:
                out.append((i, start + e, force_id))
        return out

    def _main_force(self, doc: Doc) -> str | None:
        """What the article is about: the first force (or force place) in its first three
        paragraphs; else ``national`` where those paragraphs speak of the whole country."""
        text = doc_text(doc)
        paragraphs = [m.start() for m in re.finditer(r"\n\s*\n", text)]
        limit = paragraphs[2] if len(paragraphs) >= 3 else len(text)
        words = self.words
        first = [(s.start, s.kb_id_) for s in doc.spans.get(FORCES, []) if s.start_char < limit]
        end = next((t.i for t in doc if t.idx >= limit), len(doc))
        first += [(i, force_id) for i, _, force_id in self._places(doc, words, 0, end)]
        if first:
            return min(first)[1]
        opening = text[:limit]
        if any(p.search(line) for p in self.lex.national for line in opening.split("\n")):
            return "national"
        return None

    def _scope_cues(self, doc: Doc, sent: Span, main_force: str | None) -> list[Cue]:
        """Every scope cue in the sentence; "the force" stands for the article's force."""
        cues = []
        words = self.words
        if main_force and main_force != "national" and not main_force.startswith("region:"):
            for s, e, _ in find_phrases(words[sent.start : sent.end], self.lex.force_anaphora):
                cues.append(Cue(sent.start + s, sent.start + e, main_force, "the-force"))
        for key, rule in ((FORCES, "force"), (REGIONS, "region")):
            for span in doc.spans.get(key, []):
                if sent.start <= span.start < sent.end and not self._compared(words, span.start):
                    cues.append(Cue(span.start, span.end, span.kb_id_, rule))
        for i, end, force_id in self._places(doc, words, sent.start, sent.end):
            if not any(c.start <= i < c.end for c in cues if c.rule == "force"):
                cues.append(Cue(i, end, force_id, "force-place"))
        text = sent.text
        for pattern in self.lex.national:
            for m in pattern.finditer(text):
                if text[m.end() : m.end() + 2] in ("'s", "’s"):
                    continue  # "the UK's largest force" describes, it does not scope
                token = doc.char_span(
                    sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand"
                )
                if token is not None:
                    cues.append(Cue(token.start, token.end, "national", "national"))
        return cues

    def _compared(self, words: list[str], start: int) -> bool:
        """ "second only to the Met", "higher than Kent Police": a comparison, not the scope."""
        if start > 0 and words[start - 1] == "the":
            start -= 1
        return any(tuple(words[max(0, start - len(p)) : start]) == p for p in self.lex.comparison)

    def _scope(
        self, doc: Doc, draft: Draft, drafts: list[Draft], main_force: str | None, window: list[Token]
    ) -> None:
        cand = draft.cand
        cues = self._scope_cues(doc, draft.sent, main_force)
        if draft.measure == "force":
            regions = [c for c in cues if c.rule == "region"]
            national = any(c.rule == "national" for c in cues)
            article_regions = [s.kb_id_ for s in doc.spans.get(REGIONS, [])]
            if regions:
                draft.scope, draft.scope_rule = regions[0].scope, "scope:region"
            elif article_regions and not national:
                # "the largest of the three forces" in a story about one region
                draft.scope, draft.scope_rule = article_regions[0], "scope:article-region"
            else:
                draft.scope, draft.scope_rule = "national", "scope:count-of-forces"
            return
        left = self._left_clause(doc, draft, drafts)
        lo = left[0].i if left else cand.start
        hi = window[-1].i + 1 if window else (cand.unit_end or cand.end)
        own = [c for c in cues if lo <= c.start < hi]  # in the number's own clause
        # else the sentence, the subject side first: "Essex Police recorded the most, with 47"
        cues = own or [c for c in cues if c.start < cand.start] or cues
        if cues:

            def distance(cue: Cue) -> tuple[int, int]:
                # tokens between cue and number; a tie goes to the subject side
                if cue.start < cand.start:
                    return (max(cand.start - cue.end, 0), 0)
                return (cue.start - (cand.unit_end or cand.end), 1)

            best = min(cues, key=distance)
            draft.scope, draft.scope_rule = best.scope, f"scope:{best.rule}"
            return
        if draft.breakdown_of is not None and draft.breakdown_of.scope:
            draft.scope, draft.scope_rule = draft.breakdown_of.scope, "scope:total"
        elif drafts and drafts[-1].scope:
            draft.scope, draft.scope_rule = drafts[-1].scope, "scope:previous-figure"
        elif main_force:
            draft.scope, draft.scope_rule = main_force, "scope:article-force"
        else:
            draft.scope, draft.scope_rule = None, "scope:none"

    # -- period ------------------------------------------------------------------------

    def _stated_periods(
        self, doc: Doc, candidates: list[Candidate], published: str | None, has_sents: bool
    ) -> list[tuple[int, Period]]:
        """``(sentence start char, period)`` of every period the article states; a single
        year counts only in a sentence with a figure (a date of events is no data period)."""
        sentences = self.sentences
        with_figures = {self.sentence_of(c.start).start for c in candidates}
        out = []
        for sent in sentences:
            for period in find_periods(sent.text, published):
                if (
                    period.kind == "range"
                    or period.kind == "since"
                    or (period.kind == "year" and sent.start in with_figures)
                    or period.kind.startswith("relative")
                ):
                    out.append((sent.start_char, period))
        return out

    def _clause(self, doc: Doc, draft: Draft, drafts: list[Draft], window: list[Token]) -> tuple[int, int]:
        """Character range, within the sentence, of the clause the number sits in."""
        left = self._left_clause(doc, draft, drafts)
        start = (left[0] if left else doc[draft.cand.start]).idx
        last = window[-1] if window else doc[(draft.cand.unit_end or draft.cand.end) - 1]
        return start - draft.sent.start_char, last.idx + len(last) - draft.sent.start_char

    def _period(
        self,
        doc: Doc,
        draft: Draft,
        periods: list[tuple[int, Period]],
        published: str | None,
        clause: tuple[int, int],
    ) -> None:
        """Stated in the number's own clause; else carried from the article's stated
        period (a span of years before a single year: "from 29 in 2018/19 to 61 in
        2022/23" dates those two figures, not the next one); else relative."""
        sent = draft.sent
        here = [p for start, p in periods if start == sent.start_char]
        stated_here = [p for p in here if p.years and clause[0] <= p.char < clause[1]]
        if stated_here:
            offset = doc[draft.cand.start].idx - sent.start_char
            best = min(stated_here, key=lambda p: abs(p.char - offset))
            draft.period, draft.period_rule = best.years, "period:stated"
            return
        relative_here = [p for p in here if p.kind.startswith("relative") and clause[0] <= p.char < clause[1]]
        if relative_here:  # "over the past five years": the article's stated span, or the dates
            stated_all = [p for _, p in periods if p.years]
            draft.period = resolve_relative(relative_here[0], stated_all, published)
            if draft.period:
                draft.period_rule = "period:relative"
                return
        if draft.breakdown_of is not None and draft.breakdown_of.period:
            draft.period, draft.period_rule = draft.breakdown_of.period, "period:total"
            return
        before_number = doc[sent.start : draft.cand.start].text
        if any(p.search(before_number) for p in self.lex.headcount):
            draft.period, draft.period_rule = None, "period:headcount"
            return
        sentence_wide = [p for p in here if p.years]
        spans_here = [p for p in sentence_wide if p.end - p.start >= 2] or sentence_wide
        if spans_here:  # the sentence's period, stated in another of its clauses
            offset = doc[draft.cand.start].idx - sent.start_char
            earlier = [p for p in spans_here if p.char < offset]
            chosen = earlier[-1] if earlier else spans_here[0]
            draft.period, draft.period_rule = chosen.years, "period:sentence"
            return
        stated = [(start, p) for start, p in periods if p.years]
        spans = [(start, p) for start, p in stated if p.end - p.start >= 2]
        stated = spans or stated
        before = [p for start, p in stated if start < sent.start_char]
        after = [p for start, p in stated if start > sent.start_char]
        if before or after:
            chosen = before[-1] if before else after[0]
            draft.period, draft.period_rule = chosen.years, "period:carried"
            return
        relative = [p for p in here if p.kind.startswith("relative")] or [
            p for _, p in periods if p.kind.startswith("relative")
        ]
        if relative:
            draft.period = resolve_relative(relative[0], [p for _, p in stated], published)
            draft.period_rule = "period:relative" if draft.period else "period:none"
            return
        draft.period, draft.period_rule = None, "period:none"
