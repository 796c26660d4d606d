"""Find the numbers in a Doc that state a count or a share, with value and approximation.

A candidate is a token range: digits ("1,539", "0.5"), number words ("one
hundred and fifty-eight"), collectives ("a dozen"), percentages ("12%",
"0.5 per cent"), fractions ("half of", "a third of") and shares ("one in
five", "three out of four"). Years, dates, ages, phone and reference numbers,
durations ("four financial years"), financial-year tails ("2016-17"), rank bands
("the top five forces"), number-noun modifiers ("a 240-page report"), generic
phrases ("more than one officer", "not one") and page furniture ("View comments 3",
"Read more: ..." lines, a numbered "most read" list) are not candidates.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from spacy.tokens import Doc, Token

from ...numbers import parse_number, parse_numeral
from ..extensions import char_starts, doc_text, lowers, orths
from .counting import Counting, load_counting
from .lexicon import ClaimLexicon, find_phrases
from .notclaims import (
    age_range,
    cut_off,
    duration,
    furniture,
    inside,
    phone_rest,
    pronoun_one,
    rank_band,
    station,
)

PERCENT_WORDS = (("per", "cent"), ("percent",), ("%",), ("per", "centage"))
PERCENT_FIRST = {unit[0] for unit in PERCENT_WORDS}
DIGITS = re.compile(r"\d+")  # a numeral needs a digit (``\d`` as in ``numbers.NUMERAL``)
APPOSITION_AFTER = {",", ".", ";", ")", "–", "—", "-"}  # "– almost two-thirds –", "just over half."
CLOCK_AFTER = frozenset({"past", "an", "a", "hour", "hours"})  # "by half past six": a time, no share


class TokenTable:
    """A doc's tokens as the claims rules read them: words, texts and offsets as plain
    lists (the shared per-doc caches), and the Token itself only for the few tokens
    whose parse or lexical flags a rule reads (some hundred reads a doc: building a
    Token per read costs less than ``Doc.to_array`` over every token)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.words = lowers(doc)  # lower_
        self.texts = orths(doc)  # text
        self.starts = char_starts(doc)  # idx
        self.n = len(doc)

    def token(self, i: int) -> Token:
        return self.doc[i]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if end <= start:
            return ""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self.texts[end - 1])]


@dataclass
class Candidate:
    start: int  # token range of the number as written
    end: int
    value: float
    kind: str  # count | percent
    approx: str = "exact"
    cue_start: int | None = None  # token where the approximation cue starts
    unit_end: int | None = None  # end of "per cent" / "in five" etc.
    share_rule: str | None = None


@lru_cache(maxsize=4096)
def quantulum_value(text: str) -> float | None:
    """quantulum3 on one candidate span (never a whole text); cached."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import classifier, parser

        classifier.USE_CLF = False  # its pickled classifier fails under current scikit-learn
        quantities = parser.parse(text)
    return float(quantities[0].value) if len(quantities) == 1 else None


@lru_cache(maxsize=16384)
def number_value(text: str) -> float | None:
    """The value of a number as written (numerals and number words, else quantulum3);
    cached: the same numbers recur from article to article."""
    value = parse_number(text)
    return quantulum_value(text) if value is None else value


class CandidateFinder:
    def __init__(self, lex: ClaimLexicon) -> None:
        self.lex = lex
        self.spelled = lex.number_words | lex.scale_words  # words a spelled number is made of
        self.first_words = lex.number_words - lex.scale_words  # "hundred" starts no number
        self.counting: Counting = load_counting()
        # generic phrases by each word of theirs that may be the number: (phrase, its index)
        self.generic: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for phrase in lex.generic:
            for k, word in enumerate(phrase):
                self.generic.setdefault(word, []).append((phrase, k))
        self.generic_empty = () in lex.generic  # (an empty phrase would match anywhere)
        self.approx_last = {cue[-1] for cue in lex.approx if cue}  # the word before the number
        self.approx_words = {word for cue in lex.approx for word in cue}  # any word of an approximator

    # -- number spans ----------------------------------------------------------

    def number_end(self, tokens: TokenTable, i: int) -> int | None:
        """End of the number spelled from token ``i`` on, or None if none starts there."""
        words, texts, n = tokens.words, tokens.texts, tokens.n
        scale, spelled = self.lex.scale_words, self.spelled
        if parse_numeral(texts[i]) is not None:
            j = i + 1
            while j < n and words[j] in scale:
                j += 1
            return j
        if words[i] not in self.first_words:
            return None
        j = i + 1
        while j < n:
            word = words[j]
            if word in spelled:
                j += 1
            elif word == "and" and words[j + 1 : j + 3] == ["a", "half"] and self._scale_at(words, j + 3):
                j += 4  # "two and a half million"
            elif (
                texts[j] == "-"
                and not tokens.token(j).whitespace_
                and j + 1 < n
                and words[j + 1] in spelled
                or (word == "and" and words[j - 1] in scale and j + 1 < n and words[j + 1] in spelled)
            ):
                j += 2
            else:
                break
        return j

    def _scale_at(self, words: list[str], j: int) -> bool:
        return j < len(words) and words[j] in self.lex.scale_words

    def number_starts(self, tokens: TokenTable) -> list[int]:
        """The tokens a number may start at (``number_end`` is None everywhere else): those
        with a digit, found by one scan of the text, and the number words."""
        starts = set(compress(range(tokens.n), map(self.first_words.__contains__, tokens.words)))
        chars = tokens.starts
        for m in DIGITS.finditer(tokens.text):
            first = bisect_right(chars, m.start()) - 1  # the tokens the digits lie in
            last = bisect_right(chars, m.end() - 1, first) - 1
            starts.update(range(first, last + 1))
        return sorted(starts)

    def number_spans(self, tokens: TokenTable) -> list[tuple[int, int]]:
        """Maximal token ranges that spell one number, left to right."""
        spans = []
        after = 0  # end of the last number: one starting inside it is part of it
        for i in self.number_starts(tokens):
            if i < after:
                continue
            end = self.number_end(tokens, i)
            if end is not None:
                spans.append((i, end))
                after = end
        return spans

    # -- candidates --------------------------------------------------------------

    def find(
        self, doc: Doc, tokens: TokenTable, taken: set[int], people: set[int] = frozenset()
    ) -> list[Candidate]:
        """All candidates in ``doc`` (read through ``tokens``, its table); ``taken`` are
        tokens inside entity names, ``people`` those inside officials' names."""
        lower = tokens.words
        n = tokens.n
        self.has_ner = doc.has_annotation("ENT_IOB")
        self.has_lemma = doc.has_annotation("LEMMA")
        self.taken, self.people = taken, people
        out: list[Candidate] = []
        used: set[int] = set()
        # collectives and fractions first ("a dozen", "half of")
        for table, kind in ((self.lex.collectives, "count"), (self.lex.fractions, "percent")):
            for s, e, value in find_phrases(lower, table):
                if any(i in used or i in taken for i in range(s, e)):
                    continue
                if kind == "percent" and not self._share_of(tokens, s, e):
                    continue  # "half an hour" is no share; "half of all complaints", "a quarter (425)" are
                if kind == "count" and e < n and lower[e - 1] == "dozen" and lower[e].startswith("dozen"):
                    continue
                if kind == "count" and s > 0 and self.number_end(tokens, s - 1) is not None:
                    continue  # "two dozen": "dozen" multiplies the number before it (24)
                out.append(Candidate(s, e, value, kind, share_rule="fraction" if kind == "percent" else None))
                used.update(range(s, e))
        for s, e in self.number_spans(tokens):
            if any(i in used or i in taken for i in range(s, e)):
                continue
            cand = self._candidate(tokens, s, e)
            if cand is not None:
                out.append(cand)
                used.update(range(cand.start, cand.unit_end or cand.end))
        out.sort(key=lambda c: c.start)
        for cand in out:
            self._approx(tokens, cand)
        lines = furniture(tokens.text, self.counting)
        return [
            c
            for c in out
            if not self._generic(lower, c)
            and not pronoun_one(tokens, c, self.counting)
            and not inside(lines, tokens.starts[c.start])
            and not cut_off(tokens, c, self.lex)
        ]

    def _preposition(self, tokens: TokenTable, s: int, cand: Candidate) -> bool:
        """Is the cue at token ``s`` a preposition, not an approximator: "knows about 40"
        (after a verb that takes "about" as its complement), "went up to 40" (after a verb
        of change); read from the lemmas, so only where the pipeline has them."""
        if s == 0 or not self.has_lemma or tokens.words[s] not in ("about", "up"):
            return False
        verb = tokens.token(s - 1)
        lemma = verb.lemma_.lower()
        if tokens.words[s] == "about":
            return lemma in self.counting.about_verbs
        return verb.pos_ in ("VERB", "AUX") and lemma in self.counting.amount_verbs

    def _share_of(self, tokens: TokenTable, s: int, e: int) -> bool:
        """Is the fraction at tokens ``s`` to ``e`` a share: "half of all complaints", "a quarter
        (425)", or set off after a cue or dash ("– almost two-thirds –", "just over half.")?"""
        lower, texts, n = tokens.words, tokens.texts, tokens.n
        if e < n and lower[e] in ("of", "("):
            return True
        if self._by_fraction(lower, s) and not (e < n and lower[e] in CLOCK_AFTER):
            return True
        set_off = e >= n or texts[e] in APPOSITION_AFTER
        after_cue = s > 0 and (lower[s - 1] in self.approx_last or texts[s - 1] in ("–", "—", ","))
        return set_off and after_cue

    def _by_fraction(self, lower: list[str], s: int) -> bool:
        """A fraction a change is measured by ("rose by a fifth", "up by more than a third",
        "cut by around half"): "by", then at most an approximator, before it."""
        k = s - 1
        while k >= 0 and k >= s - 3 and lower[k] in self.approx_words:
            k -= 1
        return k >= 0 and lower[k] == "by"

    def _candidate(self, tokens: TokenTable, s: int, e: int) -> Candidate | None:
        text = tokens.span_text(s, e)
        value = number_value(text)
        if value is None or self._excluded(tokens, s, e, text, value):
            return None
        after = tokens.words[e : e + 2]
        if after and after[0] in PERCENT_FIRST:
            for unit in PERCENT_WORDS:
                if tuple(after[: len(unit)]) == unit:
                    return Candidate(s, e, value, "percent", unit_end=e + len(unit), share_rule="percent")
        # shares: "one in five", "three out of four", "one in every three"
        share = self._share(tokens, e) if not (s > 0 and tokens.words[s - 1] == "of") else None
        if share is not None:  # ("one of 28 out of 43 forces": two counts, no share)
            denominator, end = share
            if denominator:
                return Candidate(
                    s, e, round(100 * value / denominator, 1), "percent", unit_end=end, share_rule="n-in-m"
                )
        return Candidate(s, e, value, "count")

    def _share(self, tokens: TokenTable, e: int) -> tuple[float, int] | None:
        lower, n = tokens.words, tokens.n
        i = e
        if i < n and lower[i] == "in":
            i += 1
        elif i + 1 < n and lower[i] == "out" and lower[i + 1] == "of":
            i += 2
        else:
            return None
        if i < n and lower[i] == "every":
            i += 1
        end = self.number_end(tokens, i) if i < n else None
        if end is None:
            return None
        text = tokens.span_text(i, end)
        if self._year(text):
            return None  # "31 in 2023" is a count in a year, never 31/2023
        value = parse_number(text)
        return (value, end) if value else None

    def _year(self, text: str) -> bool:
        low, high = self.lex.year_range
        return text.isdigit() and len(text) == 4 and low <= int(text) <= high

    def _excluded(self, tokens: TokenTable, s: int, e: int, text: str, value: float) -> bool:
        """Is the number ``text`` (tokens ``s`` to ``e``) no count: a year, a date, an age..."""
        lex = self.lex
        lower, texts, n = tokens.words, tokens.texts, tokens.n
        prev = lower[s - 1] if s > 0 else ""
        nxt = lower[e] if e < n else ""
        digits = text.replace(",", "").replace(".", "")
        if self._year(text):
            return True  # a year
        if prev in ("-", "/", "–") and s >= 2 and self._year(texts[s - 2]):
            if not tokens.token(s - 2).whitespace_:
                return True  # a financial year's tail: "2016-17", "2020/21"
        if text.isdigit() and len(text) >= lex.max_reference_digits:
            return True  # picture and reference numbers; counts that large carry commas
        if text in lex.phone_numbers and (prev in lex.phone_cues or prev == "on"):
            return True
        if phone_rest(texts, s):
            return True  # the rest of a phone number: "0800 40 50 40"
        if self._age_after_name(tokens, s, e):
            return True
        if digits.startswith("0") and len(digits) >= 4:
            return True  # phone numbers
        if prev in lex.not_before or nxt in lex.not_after or duration(tokens, e, self.counting, lex):
            return True
        if rank_band(tokens, s, e, self.counting) or age_range(tokens, s, self.counting):
            return True
        if station(tokens, s, e, self.counting):
            return True
        if self._month(tokens, s - 1) or self._month(tokens, e):
            return True  # a date
        if nxt == "-" and not tokens.token(e - 1).whitespace_ and e + 1 < n:
            return True  # "33-year-old", "a 240-page report"
        if prev == "-" and s >= 2 and not tokens.token(s - 2).whitespace_ and tokens.token(s - 2).is_alpha:
            return True  # "Covid-19"
        if s > 0 and texts[s - 1] in ("£", "$", "€"):
            return True  # money is no count of people or allegations
        # "2m", "3bn": amounts of money or people in millions are no counted figure here
        return nxt in ("m", "bn", "k") and not tokens.token(e - 1).whitespace_

    def _age_after_name(self, tokens: TokenTable, s: int, e: int) -> bool:
        """ "Lucy Harding, 27, said", "Carrick (48)", "the victim, 37, said": an age set off
        after a person's name, or after a singular noun its verb follows."""
        texts = tokens.texts
        if s < 2 or e >= tokens.n or e - s != 1 or not texts[s].isdigit():
            return False
        opened, closed = texts[s - 1], texts[e]
        if (opened, closed) not in ((",", ","), ("(", ")"), (",", ".")) or int(texts[s]) >= 120:
            return False
        name = tokens.token(s - 2)
        if name.i in self.people:
            return True
        if name.i in self.taken:
            return False  # "Essex Police, 47," lists a force's figure
        if not (name.text[:1].isupper() and name.is_alpha):
            # "the victim, 37, said": a common noun with the age set off, then its verb
            after = tokens.token(e + 1) if closed == "," and e + 1 < tokens.n else None
            return (
                after is not None
                and name.pos_ == "NOUN"
                and name.tag_ == "NN"
                and (after.pos_ in ("VERB", "AUX") or after.lower_ == "who")
            )
        return name.ent_type_ in ("PERSON", "OFFICIAL") if self.has_ner else True

    def _month(self, tokens: TokenTable, i: int) -> bool:
        if i < 0 or i >= tokens.n:
            return False
        word = tokens.words[i]
        return word in self.lex.months and (word != "may" or tokens.texts[i] == "May")

    def _approx(self, tokens: TokenTable, cand: Candidate) -> None:
        """The approximation of the number, from a cue right before it ("almost", "more than",
        a verb: "nears 1,900", "tops 13,800") or "or so" after it. A preposition is no cue:
        "knows about 40" (parsed as the object of "about"), "went up to 40" (after a verb of
        change) are exact."""
        lower = tokens.words
        if cand.start > 0 and lower[cand.start - 1] in self.approx_last:  # a cue may end here
            for n in (3, 2, 1):
                s = cand.start - n
                if s >= 0 and tuple(lower[s : cand.start]) in self.lex.approx:
                    if self._preposition(tokens, s, cand):
                        return
                    # "over" and "some" are cues only right before the number
                    cand.approx = self.lex.approx[tuple(lower[s : cand.start])]
                    cand.cue_start = s
                    return
        verb = lower[cand.start - 1] if cand.start > 0 else ""
        if verb in self.counting.approx_verbs and not (
            cand.start > 1 and lower[cand.start - 2] in ("the", "a")
        ):
            cand.approx = self.counting.approx_verbs[verb]  # "the top five" is a rank band, not a verb
            return
        end = cand.unit_end or cand.end
        if tuple(lower[end : end + 2]) == ("or", "so"):
            cand.approx = "about"

    def _generic(self, lower: list[str], cand: Candidate) -> bool:
        """Is the number part of a generic phrase ("more than one", "not one", "every one of",
        "should be zero"): a phrase matched where its own word stands at the number or cue?"""
        for at in {cand.start, cand.cue_start if cand.cue_start is not None else cand.start}:
            for phrase, k in self.generic.get(lower[at], ()):
                s = at - k
                if s >= 0 and tuple(lower[s : s + len(phrase)]) == phrase:
                    return True
        return self.generic_empty
