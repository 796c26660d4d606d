"""Find the numbers in a Doc that state a count or a share, with value and approximation.

A candidate is a token range: digits ("1,539", "0.5"), number words ("one
hundred and fifty-eight"), collectives ("a dozen"), percentages ("12%",
"0.5 per cent"), fractions ("half of", "a third of") and shares ("one in
five", "three out of four"). Years, dates, ages, phone and reference numbers,
durations, number-noun modifiers ("a 240-page report") and generic phrases
("more than one officer") are not candidates.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from ...numbers import parse_number, parse_numeral
from ..extensions import lowers
from .lexicon import ClaimLexicon, find_phrases

PERCENT_WORDS = (("per", "cent"), ("percent",), ("%",), ("per", "centage"))


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


class CandidateFinder:
    def __init__(self, lex: ClaimLexicon) -> None:
        self.lex = lex

    # -- number spans ----------------------------------------------------------

    def _is_word_number(self, token: Token) -> bool:
        return token.lower_ in self.lex.number_words or token.lower_ in self.lex.scale_words

    def number_end(self, doc: Doc, i: int) -> int | None:
        """End of the number spelled from token ``i`` on, or None if none starts there."""
        n = len(doc)
        token = doc[i]
        if parse_numeral(token.text) is not None:
            j = i + 1
            while j < n and doc[j].lower_ in self.lex.scale_words:
                j += 1
            return j
        if not self._is_word_number(token) or token.lower_ in self.lex.scale_words:
            return None
        j = i + 1
        while j < n:
            t = doc[j]
            if self._is_word_number(t):
                j += 1
            elif (
                t.text == "-"
                and not t.whitespace_
                and j + 1 < n
                and self._is_word_number(doc[j + 1])
                or (
                    t.lower_ == "and"
                    and doc[j - 1].lower_ in self.lex.scale_words
                    and j + 1 < n
                    and self._is_word_number(doc[j + 1])
                )
            ):
                j += 2
            else:
                break
        return j

    def number_spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Maximal token ranges that spell one number."""
        spans = []
        i = 0
        while i < len(doc):
            end = self.number_end(doc, i)
            if end is None:
                i += 1
            else:
                spans.append((i, end))
                i = end
        return spans

    # -- candidates --------------------------------------------------------------

    def find(
        self, doc: Doc, taken: set[int], people: set[int] = frozenset(), lower: list[str] | None = None
    ) -> list[Candidate]:
        """All candidates in ``doc``; ``taken`` are tokens inside entity names, ``people``
        those inside officials' names."""
        lower = lower if lower is not None else lowers(doc)
        self.has_ner = doc.has_annotation("ENT_IOB")
        self.taken, self.people = taken, people
        out: list[Candidate] = []
        used: set[int] = set()
        # collectives and fractions first ("a dozen", "half of")
        for table, kind in ((self.lex.collectives, "count"), (self.lex.fractions, "percent")):
            for s, e, value in find_phrases(lower, table):
                if any(i in used or i in taken for i in range(s, e)):
                    continue
                if kind == "percent" and not (e < len(doc) and lower[e] in ("of", "(")):
                    continue  # "half an hour" is no share; "half of all complaints", "a quarter (425)" are
                if (
                    kind == "count"
                    and e < len(doc)
                    and lower[e - 1] == "dozen"
                    and lower[e].startswith("dozen")
                ):
                    continue
                out.append(Candidate(s, e, value, kind, share_rule="fraction" if kind == "percent" else None))
                used.update(range(s, e))
        for s, e in self.number_spans(doc):
            if any(i in used or i in taken for i in range(s, e)):
                continue
            cand = self._candidate(doc, lower, s, e)
            if cand is not None:
                out.append(cand)
                used.update(range(cand.start, cand.unit_end or cand.end))
        out.sort(key=lambda c: c.start)
        for cand in out:
            self._approx(lower, cand)
        return [c for c in out if not self._generic(lower, c)]

    def _value(self, doc: Doc, s: int, e: int) -> float | None:
        text = doc[s:e].text
        value = parse_number(text)
        if value is None:
            value = quantulum_value(text)
        return value

    def _candidate(self, doc: Doc, lower: list[str], s: int, e: int) -> Candidate | None:
        value = self._value(doc, s, e)
        if value is None or self._excluded(doc, lower, s, e, value):
            return None
        after = lower[e : e + 2]
        for unit in PERCENT_WORDS:
            if tuple(after[: len(unit)]) == unit:
                return Candidate(s, e, value, "percent", unit_end=e + len(unit), share_rule="percent")
        # shares: "one in five", "three out of four", "one in every three"
        share = self._share(doc, lower, e)
        if share is not None:
            denominator, end = share
            if denominator:
                return Candidate(
                    s, e, round(100 * value / denominator, 1), "percent", unit_end=end, share_rule="n-in-m"
                )
        return Candidate(s, e, value, "count")

    def _share(self, doc: Doc, lower: list[str], e: int) -> tuple[float, int] | None:
        i = e
        if i < len(doc) and lower[i] == "in":
            i += 1
        elif i + 1 < len(doc) and lower[i] == "out" and lower[i + 1] == "of":
            i += 2
        else:
            return None
        if i < len(doc) and lower[i] == "every":
            i += 1
        end = self.number_end(doc, i) if i < len(doc) else None
        if end is None:
            return None
        value = parse_number(doc[i:end].text)
        return (value, end) if value else None

    def _excluded(self, doc: Doc, lower: list[str], s: int, e: int, value: float) -> bool:
        lex = self.lex
        text = doc[s:e].text
        prev = lower[s - 1] if s > 0 else ""
        nxt = lower[e] if e < len(doc) else ""
        digits = text.replace(",", "").replace(".", "")
        if text.isdigit() and len(text) == 4 and lex.year_range[0] <= value <= lex.year_range[1]:
            return True  # a year
        if text.isdigit() and len(text) >= lex.max_reference_digits:
            return True  # picture and reference numbers; counts that large carry commas
        if text in lex.phone_numbers and (prev in lex.phone_cues or prev == "on"):
            return True
        if s > 0 and doc[s - 1].text[:1] == "0" and doc[s - 1].text.isdigit():
            return True  # the rest of a phone number: "0800 40 50 40"
        if self._age_after_name(doc, s, e):
            return True
        if digits.startswith("0") and len(digits) >= 4:
            return True  # phone numbers
        if prev in lex.not_before or nxt in lex.not_after:
            return True
        if self._month(doc, s - 1) or self._month(doc, e):
            return True  # a date
        if nxt == "-" and not doc[e - 1].whitespace_ and e + 1 < len(doc):
            return True  # "33-year-old", "a 240-page report"
        if prev == "-" and s >= 2 and not doc[s - 2].whitespace_ and doc[s - 2].is_alpha:
            return True  # "Covid-19"
        if s > 0 and doc[s - 1].text in ("£", "$", "€"):
            return True  # money is no count of people or allegations
        # "2m", "3bn": amounts of money or people in millions are no counted figure here
        return nxt in ("m", "bn", "k") and not doc[e - 1].whitespace_

    def _age_after_name(self, doc: Doc, s: int, e: int) -> bool:
        """ "Lucy Harding, 27, said", "Carrick (48)": an age set off after a person's name."""
        if s < 2 or e >= len(doc) or e - s != 1 or not doc[s].text.isdigit():
            return False
        opened, closed = doc[s - 1].text, doc[e].text
        name = doc[s - 2]
        if (opened, closed) not in ((",", ","), ("(", ")"), (",", ".")) or int(doc[s].text) >= 120:
            return False
        if name.i in self.people:
            return True
        if name.i in self.taken or not (name.text[:1].isupper() and name.is_alpha):
            return False  # "Essex Police, 47," lists a force's figure
        return name.ent_type_ in ("PERSON", "OFFICIAL") if self.has_ner else True

    def _month(self, doc: Doc, i: int) -> bool:
        if i < 0 or i >= len(doc):
            return False
        token = doc[i]
        return token.lower_ in self.lex.months and (token.lower_ != "may" or token.text == "May")

    def _approx(self, lower: list[str], cand: Candidate) -> None:
        for n in (3, 2, 1):
            s = cand.start - n
            if s >= 0 and tuple(lower[s : cand.start]) in self.lex.approx:
                # "over" and "some" are cues only right before the number
                cand.approx = self.lex.approx[tuple(lower[s : cand.start])]
                cand.cue_start = s
                return
        end = cand.unit_end or cand.end
        if tuple(lower[end : end + 2]) == ("or", "so"):
            cand.approx = "about"

    def _generic(self, lower: list[str], cand: Candidate) -> bool:
        start = cand.cue_start if cand.cue_start is not None else cand.start
        for phrase in self.lex.generic:
            if (
                tuple(lower[start : start + len(phrase)]) == phrase
                or tuple(lower[cand.start : cand.start + len(phrase)]) == phrase
            ):
                return True
        return False
