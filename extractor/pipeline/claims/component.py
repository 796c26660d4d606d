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

The rules read words, texts and offsets from plain per-doc lists (a
``TokenTable``) and sentences as ``Sentence`` bounds: a Token or Span object
costs more to build than most rules that read it, so a Token is built only
for the few tokens whose parse or flags a rule reads, and a Span only for
the output. Work that several figures share (a sentence's scope cues, the
article's stated periods, whether an "and" opens a clause) is done once.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..extensions import BODIES, CLAIMS, FORCES, OFFICIALS, REGIONS, sentence_bounds
from .candidates import Candidate, CandidateFinder, TokenTable
from .lexicon import ClaimLexicon, find_phrases, load_lexicon, needles
from .periods import Period, find_periods, resolve_relative

DATA_KEY = "extractor.claims"
DETERMINERS = {"the", "these", "those", "its", "their", "all", "them", "which", "whom", "this"}
BREAKDOWN_WORDS = {"these", "them", "which", "whom", "those"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# How an attribute of a claim was found (``Claim.scope_basis`` and the others):
STATED = "stated"  # in the claim's own sentence
INHERITED = "inherited"  # from the total or data frame the claim breaks down
CARRIED = "carried"  # from earlier text (the figure before, the article's stated period)
DEFAULTED = "defaulted"  # the article's default (its force, the publication date)
BASES = (STATED, INHERITED, CARRIED, DEFAULTED)
SCOPE_BASIS = {
    "scope:total": INHERITED, "scope:previous-figure": CARRIED,
    "scope:article-force": DEFAULTED, "scope:article-region": DEFAULTED,
}  # fmt: skip
PERIOD_BASIS = {"period:total": INHERITED, "period:carried": CARRIED}


class Cue(NamedTuple):
    """Something in a sentence that says whom a figure is about."""

    start: int
    end: int
    scope: str
    rule: str


class Sentence(NamedTuple):
    """A sentence's token range and character offsets (what the rules read of its Span)."""

    start: int
    end: int
    start_char: int
    end_char: int


class StatedPeriods:
    """The periods an article states, ``(sentence start char, period)`` in text order,
    with the views of them ``_period`` reads, worked out once per doc."""

    def __init__(self, stated: list[tuple[int, Period]]) -> None:
        self.by_sentence: dict[int, list[Period]] = {}  # sentence start char -> its periods
        for start, period in stated:
            self.by_sentence.setdefault(start, []).append(period)
        self.dated = [(start, p) for start, p in stated if p.years]
        # what a figure without a period of its own takes: a span of years before a year
        self.carried = [(start, p) for start, p in self.dated if p.end - p.start >= 2] or self.dated
        self.relative = [p for _, p in stated if p.kind.startswith("relative")]


@dataclass
class Draft:
    """A claim while it is being decided (becomes plain data on the Doc)."""

    cand: Candidate
    sent: Sentence
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
    # how each attribute was found (``BASES``): reconciliation weighs attributes by it
    scope_basis: str | None = None
    period_basis: str | None = None
    qualifier_basis: dict[str, str] = field(default_factory=dict)
    cue: tuple[int, int] | None = None  # tokens of the scope cue, when in the text
    qualifier_span: tuple[int, int] | None = None  # tokens the qualifiers were read from

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
            "scope_basis": self.scope_basis if self.scope else None,
            "period_basis": self.period_basis if self.period else None,
            "qualifier_basis": {k: self.qualifier_basis.get(k, STATED) for k in sorted(self.qualifiers)},
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
        self.skip_nouns = self.lex.skip_nouns | {"of", "the"}  # words before the counted noun
        self.national = [(pattern, needles(pattern)) for pattern in self.lex.national]
        self.headcount = [(pattern, needles(pattern)) for pattern in self.lex.headcount]

    # -- entry -------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        lex = self.lex
        # (start, end, id) of the names in each span group (a Span is built per read)
        named = self.named = {
            key: [(s.start, s.end, s.kb_id_) for s in doc.spans.get(key, [])]
            for key in (OFFICIALS, FORCES, BODIES, REGIONS)
        }
        people = {i for start, end, _ in named[OFFICIALS] for i in range(start, end)}
        taken = people | {
            i for key in (FORCES, BODIES) for start, end, _ in named[key] for i in range(start, end)
        }
        self.taken = taken
        self.has_sents = doc.has_annotation("SENT_START")
        self.parsed = doc.has_annotation("DEP")
        self.lemmas = doc.has_annotation("LEMMA")
        tokens = self.tokens = TokenTable(doc)  # the rules read its lists, not Tokens
        self.words = tokens.words
        # per-doc memos: several figures share a sentence, and windows and clauses overlap
        self.opens: dict[int, bool] = {}  # _opens_clause, by token
        self.cues: dict[int, list[Cue]] = {}  # _scope_cues, by sentence start
        # the national patterns that may match somewhere in the doc (a sentence is part of it)
        lowered = tokens.text.lower()
        self.national_here = [
            (pattern, needed)
            for pattern, needed in self.national
            if not needed.missing_from(tokens.text, lowered)
        ]
        candidates = self.finder.find(doc, tokens, taken, people)
        self.sentences = self._sentences(sentence_bounds(doc))  # Token.sent rescans: look up
        self.sent_starts = [s.start for s in self.sentences]
        published = (doc._.article or {}).get("published")
        periods = StatedPeriods(self._stated_periods(candidates, published))
        main_force = self._main_force()
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
            self._measure(draft, drafts)
            window = self._window(doc, draft, next_start)
            left = self._left_clause(doc, draft, drafts)
            self._qualifiers(draft, window, left, drafts)
            if cand.value == 1 and self.words[cand.start] in lex.one_words:
                if "outcome" not in draft.qualifiers and cand.approx == "exact":
                    continue  # "one" is a pronoun or determiner unless it counts an outcome
            self._scope(doc, draft, drafts, main_force, window, left)
            self._period(draft, periods, published, self._clause(draft, window, left))
            draft.scope_basis = SCOPE_BASIS.get(draft.scope_rule, STATED)
            draft.period_basis = PERIOD_BASIS.get(draft.period_rule, STATED)
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
            item = data[f"{span.start_char}:{span.end_char}"] = d.data()
            for key, tokens in (("cue", d.cue), ("qualifier_span", d.qualifier_span)):
                item[key] = None if tokens is None else self._chars(*tokens)
        doc.spans[CLAIMS] = spans
        doc.user_data[DATA_KEY] = data
        return doc

    def _sentences(self, bounds: list[tuple[int, int]]) -> list[Sentence]:
        starts, texts = self.tokens.starts, self.tokens.texts
        if not self.tokens.n:
            return [Sentence(start, end, 0, 0) for start, end in bounds]  # an empty doc
        return [Sentence(s, e, starts[s], starts[e - 1] + len(texts[e - 1])) for s, e in bounds]

    def _chars(self, start: int, end: int) -> list[int]:
        """Body character offsets of tokens ``start`` to ``end`` (exclusive)."""
        starts, texts = self.tokens.starts, self.tokens.texts
        return [starts[start], starts[end - 1] + len(texts[end - 1])]

    def sentence_of(self, i: int) -> Sentence:
        return self.sentences[bisect.bisect_right(self.sent_starts, i) - 1]

    def sentence_text(self, sent: Sentence) -> str:
        return self.tokens.text[sent.start_char : sent.end_char]

    # -- measure -----------------------------------------------------------------

    def _lemma(self, i: int) -> str:
        if self.lemmas:
            lemma = self.tokens.token(i).lemma_
            if lemma:
                return lemma.lower()
        return self.lex.singular(self.tokens.texts[i])

    def _is_noun(self, token: Token) -> bool:
        if self.parsed or token.pos_:
            return token.pos_ in ("NOUN", "PROPN") and token.is_alpha
        lower = self.words[token.i]
        return (  # the cheap tests first
            lower in self.lex.sex_nouns
            or (token.is_alpha and lower.endswith("s") and not token.is_stop)
            or self.lex.singular(self.tokens.texts[token.i]) in self.lex.measures
        )

    def _noun_after(self, i: int, sent_end: int) -> int | None:
        """The head noun of the phrase starting at token ``i``: "serving Kent Police officers"
        -> officers; "the total number of cases" -> cases; None where a verb or preposition
        comes first ("seven against male officers" counts no officers)."""
        tokens = self.tokens
        words, taken, sex_nouns = tokens.words, self.taken, self.lex.sex_nouns
        noun = None
        j = i
        while j < tokens.n and words[j] in self.skip_nouns and j < sent_end:
            j += 1  # "total number of": what is counted comes after
        for k in range(j, min(sent_end, j + 7)):
            if k in taken and noun is None:
                continue  # a force's name modifies the noun: "Kent Police officers"
            token = tokens.token(k)
            if self._is_noun(token) or words[k] in sex_nouns:
                noun = k
                if k + 1 < sent_end and k + 1 not in taken:
                    following = tokens.token(k + 1)
                    if self._is_noun(following) and following.pos_ != "PROPN":
                        continue  # "sexual misconduct claims": keep going to the head
                if k + 1 < sent_end and words[k + 1] == "of" and words[k] == "members":
                    continue  # "members of staff": the counted thing follows
                return noun
            if noun is not None:
                return noun
            if token.tag_ in ("VBG", "VBN") and k + 1 < sent_end and self._is_noun(tokens.token(k + 1)):
                continue  # "serving officers", "suspended officers"
            if token.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "DET", "NUM"):
                return None
            if token.is_punct or words[k] in ("were", "was", "are", "is", "have", "had", "of", "against"):
                return None
        return noun

    def _fold(self, draft: Draft, noun: int, rule: str) -> None:
        """Take token ``noun`` as the thing the figure counts."""
        tokens = self.tokens
        lemma = self._lemma(noun)
        word = tokens.words[noun]
        draft.noun = tokens.texts[noun]
        draft.measure_rule = rule
        if word in self.lex.sex_nouns or lemma in self.lex.sex_nouns:
            draft.measure = "officer"
            draft.qualifiers["officer_sex"] = self.lex.sex_nouns.get(word) or self.lex.sex_nouns[lemma]
            return
        if lemma == "member" and noun + 2 < tokens.n and tokens.words[noun + 1] == "of":
            if tokens.words[noun + 2] in self.lex.staff_words:
                draft.measure = "staff"
                draft.noun = tokens.span_text(noun, noun + 3)
                return
        draft.measure = self.lex.measures.get(lemma, lemma)

    def _measure(self, draft: Draft, drafts: list[Draft]) -> None:
        cand = draft.cand
        if cand.kind == "percent":
            draft.measure, draft.measure_rule = "percent", f"share:{cand.share_rule}"
            return
        tokens = self.tokens
        words, texts = tokens.words, tokens.texts
        end = cand.end
        sent_end = draft.sent.end
        # "X (N)": the noun before the bracket, or a breakdown label ("male (577)")
        if cand.start >= 2 and texts[cand.start - 1] == "(" and end < tokens.n and texts[end] == ")":
            before = cand.start - 2
            fraction = any(d.cand.start <= before < d.cand.end for d in drafts[-1:])
            if (
                self._is_noun(tokens.token(before))
                and not self._qualifier_word(words[before])
                and not fraction
            ):
                self._fold(draft, before, "count:noun-before-bracket")
                return
            self._antecedent(draft, drafts, "count:bracket-breakdown")
            return
        # "N of the X", "N of these X"
        if end + 1 < sent_end and words[end] == "of" and words[end + 1] in DETERMINERS:
            noun = self._noun_after(end + 2, sent_end)
            if noun is not None:
                self._fold(draft, noun, "count:n-of-the")
                if words[end + 1] in BREAKDOWN_WORDS:  # "139 of these claims"
                    draft.breakdown_of = self._total_for(drafts, draft)
                return
        # the parse: the noun the number modifies
        if self.parsed:
            number = tokens.token(end - 1)
            head = number.head
            between = tokens.doc[end : head.i] if head.i > number.i else []
            # a mis-attached nummod across a verb ("118 concerned female officers") is no head
            attached = not any(t.pos_ in ("VERB", "AUX", "CCONJ") or t.is_punct for t in between)
            if attached and number.dep_ == "nummod" and 0 < head.i - number.i <= 7:
                if self._is_noun(head) and words[head.i] not in self.lex.skip_nouns:
                    self._fold(draft, head.i, "count:nummod")
                    return
        noun = self._noun_after(end, sent_end)
        if noun is not None:
            self._fold(draft, noun, "count:noun-after")
            return
        self._antecedent(draft, drafts, "count:antecedent")

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

    def _of_the_noun(self, start: int, stop: int) -> tuple[int | None, bool]:
        """The nearest "of the X" before token ``stop``: ``(noun, refers_back)``; refers_back
        is True for "of these", "of which", "of whom" (then the noun may be missing)."""
        tokens = self.tokens
        words = tokens.words
        for i in range(stop - 2, start - 1, -1):
            if words[i] != "of" or words[i + 1] not in DETERMINERS:
                continue
            # a partitive opens its clause ("Of the 64 allegations, five ..."); "as a result
            # of the allegations" is no antecedent
            if i == start or tokens.token(i - 1).is_punct or words[i - 1] in ("and", "but", "however"):
                noun = self._noun_after(i + 2, stop)
                if noun is not None and words[noun] in self.lex.not_antecedent:
                    continue  # "members of the public", "of the force": no counted thing
                back = words[i + 1] in BREAKDOWN_WORDS
                if noun is not None or back:
                    return noun, back
        return None, False

    def _antecedent(self, draft: Draft, drafts: list[Draft], rule: str) -> None:
        """A bare number counts what the text last spoke of: "Of the cases ..., at least
        34"; "Of these, 27 ..."; else the figure before it."""
        draft.elliptical = True
        sent = draft.sent
        noun, back = self._of_the_noun(sent.start, draft.cand.start)
        if noun is None and not back:
            previous_start = self._previous_sentence_start(sent)
            if previous_start is not None:
                noun, _ = self._of_the_noun(previous_start, sent.start)
        if noun is not None:
            self._fold(draft, noun, f"{rule}:of-the")
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

    def _previous_sentence_start(self, sent: Sentence) -> int | None:
        if sent.start == 0 or not self.has_sents:
            return None
        return self.sentence_of(sent.start - 1).start

    # -- qualifiers ------------------------------------------------------------------

    def _window(self, doc: Doc, draft: Draft, next_start: int) -> list[int]:
        """The clause after the number (its tokens): up to the next figure, a ";", or a
        comma that opens another clause ("..., most of whom", "..., while")."""
        tokens = self.tokens
        words, texts = tokens.words, tokens.texts
        cand = draft.cand
        start = cand.unit_end or cand.end
        stop = min(draft.sent.end, next_start)
        dashes = ("–", "—", "-")
        if cand.start > 0 and texts[cand.start - 1] in dashes and start < stop and texts[start] in dashes:
            start += 1  # "Most of the allegations – 1,087 – were made by ...": read on
        window: list[int] = []
        for i in range(start, stop):
            text = texts[i]
            if text in (";", "–", "—") or (text == "-" and tokens.token(i).whitespace_):
                break
            if words[i] == "and" and self._opens_clause(doc, i):
                break  # "... in 203 cases and written warnings were issued in 58"
            if text == "," and i + 1 < stop and words[i + 1] in self.lex.comma_stops:
                break
            if words[i] == "and" and i + 1 < stop:
                after = " ".join(words[i + 1 : i + 3])
                if any(after.startswith(w) for w in self.lex.and_stops):
                    break
            window.append(i)
        if cand.start >= 2 and texts[cand.start - 1] == "(":
            window = list(range(max(draft.sent.start, cand.start - 3), cand.start - 1)) + window
        return window

    def _opens_clause(self, doc: Doc, i: int) -> bool:
        """Is this "and" (token ``i``) the start of a new clause: its conjunct verb has a
        subject of its own, or a noun phrase and then a finite verb follow it ("and
        management action was taken")? Worked out once per token."""
        if not self.parsed:
            return False
        opens = self.opens.get(i)
        if opens is None:
            opens = self.opens[i] = self._new_clause(doc, i)
        return opens

    def _new_clause(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if token.dep_ == "cc" and token.head.pos_ in ("VERB", "AUX"):
            conj = next((c for c in token.head.children if c.dep_ == "conj" and c.i > token.i), None)
            if conj is not None and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
                return True
        seen_noun = False
        for t in doc[token.i + 1 : token.i + 6]:
            if t.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "PRON"):
                seen_noun = seen_noun or t.pos_ in ("NOUN", "PROPN", "PRON")
                continue
            return seen_noun and t.pos_ in ("AUX", "VERB") and t.tag_ not in ("VBG", "VBN")
        return False

    def _left_clause(self, doc: Doc, draft: Draft, drafts: list[Draft]) -> list[int]:
        """The clause before the number (its tokens), back to the previous figure or clause
        break: "Management action was taken in [203] cases"."""
        words, texts = self.tokens.words, self.tokens.texts
        start = draft.sent.start
        if drafts and drafts[-1].sent.start == draft.sent.start:
            start = max(start, drafts[-1].cand.unit_end or drafts[-1].cand.end)
        stop = draft.cand.cue_start if draft.cand.cue_start is not None else draft.cand.start
        clause: list[int] = []
        for i in range(start, stop):
            breaks = texts[i] in (";", ":", "–", "—") or (words[i] == "and" and self._opens_clause(doc, i))
            comma_clause = texts[i] == "," and i + 1 < stop and words[i + 1] in self.lex.comma_stops
            if breaks or comma_clause:
                clause = []
            else:
                clause.append(i)
        return clause

    def _qualifiers(self, draft: Draft, window: list[int], left: list[int], drafts: list[Draft]) -> None:
        """Qualifiers from the window after the number (and the clause before it, for the
        outcome)."""
        lex = self.lex
        words = [self.words[i] for i in window]
        quals = draft.qualifiers
        inherited: dict[str, Any] = {}
        if draft.breakdown_of is not None:
            inherited = {k: v for k, v in draft.breakdown_of.qualifiers.items() if k != "outcome"}
        both = find_phrases(words, lex.restricts_nothing)
        masked = list(words) if both else words
        for s, e, _ in both:
            masked[s:e] = ["_"] * (e - s)
        sexes = {
            label
            for s, e, label in find_phrases(masked, lex.sex)
            if (e < len(masked) and masked[e] in lex.sex_before)
            or (s > 0 and masked[s - 1] in lex.sex_after)
            or window[e - 1] == draft.cand.start - 2  # "Male (21)", "most were male (577)"
        }
        if len(sexes) == 1 and "officer_sex" not in quals:
            quals["officer_sex"] = sexes.pop()
        complainants = {label for _, _, label in find_phrases(words, lex.complainant)}
        if len(complainants) == 1:
            quals["complainant"] = complainants.pop()
        outcomes = {label for _, _, label in find_phrases(words, lex.outcome)}
        if not outcomes:
            outcomes = {label for _, _, label in find_phrases([self.words[i] for i in left], lex.outcome)}
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
                draft.qualifier_basis["outcome"] = CARRIED
        if draft.measure not in ("staff",) and find_phrases(words, lex.staff):
            quals["includes_staff"] = True
        pers = {label for _, _, label in find_phrases(words, lex.per)}
        if len(pers) == 1:
            quals["per"] = pers.pop()
        for key, value in inherited.items():
            if key not in quals:
                quals[key] = value
                draft.qualifier_basis[key] = INHERITED
        texts = self.tokens.texts
        if window:
            draft.qualifier_span = (window[0], window[-1] + 1)
        draft.qualifier_text = " ".join([texts[i] for i in window]).strip()

    def _has_verb(self, window: list[int]) -> bool:
        if self.parsed:
            return any(self.tokens.token(i).pos_ in ("VERB", "AUX") for i in window)
        return any(self.words[i] in ("was", "were", "led", "saw", "resulted", "is", "are") for i in window)

    # -- scope -------------------------------------------------------------------------

    def _places(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Force areas named as places ("officers in Cumbria") among tokens ``start`` to
        ``end``: ``(start, end, force id)``."""
        words, texts = self.words, self.tokens.texts
        out = []
        for s, e, force_id in find_phrases(words[start:end], self.lex.places):
            i = start + s
            if texts[i][:1].isupper() and i > 0 and words[i - 1] in self.lex.place_cue_before:
                out.append((i, start + e, force_id))
        return out

    def _main_force(self) -> str | None:
        """What the article is about: the first force (or force place) in its first three
        paragraphs; else ``national`` where those paragraphs speak of the whole country."""
        text, starts = self.tokens.text, self.tokens.starts
        third_break = next(islice(PARAGRAPH_BREAK.finditer(text), 2, None), None)
        limit = third_break.start() if third_break else len(text)
        first = [(start, force_id) for start, _, force_id in self.named[FORCES] if starts[start] < limit]
        end = bisect.bisect_left(starts, limit)  # the first token at or after the limit
        first += [(i, force_id) for i, _, force_id in self._places(0, end)]
        if first:
            return min(first)[1]
        lines = [(line, line.lower()) for line in text[:limit].split("\n")]
        if any(
            not needed.missing_from(line, lowered) and pattern.search(line)
            for pattern, needed in self.national_here
            for line, lowered in lines
        ):
            return "national"
        return None

    def _scope_cues(self, doc: Doc, sent: Sentence, main_force: str | None) -> list[Cue]:
        """Every scope cue in the sentence; "the force" stands for the article's force.
        Worked out once per sentence (``main_force`` is the doc's)."""
        cues = self.cues.get(sent.start)
        if cues is None:
            cues = self.cues[sent.start] = self._find_scope_cues(doc, sent, main_force)
        return cues

    def _find_scope_cues(self, doc: Doc, sent: Sentence, main_force: str | None) -> list[Cue]:
        cues = []
        words = self.words
        if main_force and main_force != "national" and not main_force.startswith("region:"):
            for s, e, _ in find_phrases(words[sent.start : sent.end], self.lex.force_anaphora):
                cues.append(Cue(sent.start + s, sent.start + e, main_force, "the-force"))
        for key, rule in ((FORCES, "force"), (REGIONS, "region")):
            for start, end, kb_id in self.named[key]:
                if sent.start <= start < sent.end and not self._compared(words, start):
                    cues.append(Cue(start, end, kb_id, rule))
        for i, end, force_id in self._places(sent.start, sent.end):
            if not any(c.start <= i < c.end for c in cues if c.rule == "force"):
                cues.append(Cue(i, end, force_id, "force-place"))
        text = self.sentence_text(sent)
        lowered = text.lower()
        for pattern, needed in self.national_here:
            if needed.missing_from(text, lowered):
                continue  # the sentence lacks words the pattern needs
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
        self,
        doc: Doc,
        draft: Draft,
        drafts: list[Draft],
        main_force: str | None,
        window: list[int],
        left: list[int],
    ) -> None:
        cand = draft.cand
        cues = self._scope_cues(doc, draft.sent, main_force)
        if draft.measure == "force":
            regions = [c for c in cues if c.rule == "region"]
            national = any(c.rule == "national" for c in cues)
            article_regions = [kb_id for _, _, kb_id in self.named[REGIONS]]
            if regions:
                draft.scope, draft.scope_rule = regions[0].scope, "scope:region"
            elif article_regions and not national:
                # "the largest of the three forces" in a story about one region
                draft.scope, draft.scope_rule = article_regions[0], "scope:article-region"
            else:
                draft.scope, draft.scope_rule = "national", "scope:count-of-forces"
            return
        lo = left[0] if left else cand.start
        hi = window[-1] + 1 if window else (cand.unit_end or cand.end)
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
            draft.cue = (best.start, best.end)
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

    def _stated_periods(self, candidates: list[Candidate], published: str | None) -> list[tuple[int, Period]]:
        """``(sentence start char, period)`` of every period the article states; a single
        year counts only in a sentence with a figure (a date of events is no data period)."""
        with_figures = {self.sentence_of(c.start).start for c in candidates}
        out = []
        for sent in self.sentences:
            for period in find_periods(self.sentence_text(sent), published):
                if (
                    period.kind == "range"
                    or period.kind == "since"
                    or (period.kind == "year" and sent.start in with_figures)
                    or period.kind.startswith("relative")
                ):
                    out.append((sent.start_char, period))
        return out

    def _clause(self, draft: Draft, window: list[int], left: list[int]) -> tuple[int, int]:
        """Character range, within the sentence, of the clause the number sits in."""
        tokens = self.tokens
        start = tokens.starts[left[0] if left else draft.cand.start]
        last = window[-1] if window else (draft.cand.unit_end or draft.cand.end) - 1
        end = tokens.starts[last] + len(tokens.texts[last])
        return start - draft.sent.start_char, end - draft.sent.start_char

    def _period(
        self,
        draft: Draft,
        periods: StatedPeriods,
        published: str | None,
        clause: tuple[int, int],
    ) -> None:
        """Stated in the number's own clause; else carried from the article's stated
        period (a span of years before a single year: "from 29 in 2018/19 to 61 in
        2022/23" dates those two figures, not the next one); else relative."""
        sent = draft.sent
        offset = self.tokens.starts[draft.cand.start] - sent.start_char
        here = periods.by_sentence.get(sent.start_char, [])
        stated_here = [p for p in here if p.years and clause[0] <= p.char < clause[1]]
        if stated_here:
            best = min(stated_here, key=lambda p: abs(p.char - offset))
            draft.period, draft.period_rule = best.years, "period:stated"
            return
        relative_here = [p for p in here if p.kind.startswith("relative") and clause[0] <= p.char < clause[1]]
        if relative_here:  # "over the past five years": the article's stated span, or the dates
            stated_all = [p for _, p in periods.dated]
            draft.period = resolve_relative(relative_here[0], stated_all, published)
            if draft.period:
                draft.period_rule = "period:relative"
                return
        if draft.breakdown_of is not None and draft.breakdown_of.period:
            draft.period, draft.period_rule = draft.breakdown_of.period, "period:total"
            return
        before_number = self.tokens.span_text(sent.start, draft.cand.start)
        lowered = before_number.lower()
        if any(
            not needed.missing_from(before_number, lowered) and pattern.search(before_number)
            for pattern, needed in self.headcount
        ):
            draft.period, draft.period_rule = None, "period:headcount"
            return
        sentence_wide = [p for p in here if p.years]
        spans_here = [p for p in sentence_wide if p.end - p.start >= 2] or sentence_wide
        if spans_here:  # the sentence's period, stated in another of its clauses
            earlier = [p for p in spans_here if p.char < offset]
            chosen = earlier[-1] if earlier else spans_here[0]
            draft.period, draft.period_rule = chosen.years, "period:sentence"
            return
        stated = periods.carried
        before = [p for start, p in stated if start < sent.start_char]
        after = [p for start, p in stated if start > sent.start_char]
        if before or after:
            chosen = before[-1] if before else after[0]
            draft.period, draft.period_rule = chosen.years, "period:carried"
            return
        relative = [p for p in here if p.kind.startswith("relative")] or periods.relative
        if relative:
            draft.period = resolve_relative(relative[0], [p for _, p in stated], published)
            draft.period_rule = "period:relative" if draft.period else "period:none"
            return
        draft.period, draft.period_rule = None, "period:none"
