"""Periods a figure covers: stated ("between 2016 and 2020", "2018/19", "the year to
March 2019") or relative ("the past five years", "last year") to the publication date.

dateparser is called only on short date phrases found by the patterns here
("March 2019", "last year"), never on whole texts, and its results are cached.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from ...numbers import parse_number
from .lexicon import needles

YEAR = r"((?:19|20)\d{2})"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
NUMBER = r"([a-z]+(?:-[a-z]+)?|\d+)"
DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"  # "between 1 May 2021 and 30 April 2022"

RANGE_PATTERNS = [
    # "between 2016 and 2020" (a typo'd "betweent" too), "from 2016 to 2020"
    re.compile(
        rf"\b(?:betwee\w*|from)\s+(?:the\s+years?\s+)?{DAY}(?:{MONTH}\s+)?{YEAR}\s+(?:and|to|until|till|-|–)\s+"
        rf"{DAY}(?:{MONTH}\s+)?{YEAR}",
        re.I,
    ),
    re.compile(rf"\b{YEAR}\s*(?:-|–|to)\s*{YEAR}\b", re.I),
]
FY_RANGE = re.compile(  # "between 2018/19 and 2022/23": first year to the last one's end
    rf"\b(?:(?:betwee\w*|from)\s+)?{YEAR}\s*[/–-]\s*\d{{2}}\s+(?:and|to|until|-|–)\s+{YEAR}\s*[/–-]\s*(\d{{2}})\b",
    re.I,
)
SHORT_RANGE = re.compile(rf"\b{YEAR}\s*[/–-]\s*(\d{{2}})\b")  # 2018/19, 2018-19
YEAR_TO = re.compile(
    rf"\b(?:the\s+)?(?:{NUMBER}\s+)?(?:financial\s+)?years?\s+(?:to|ending|ended)\s+({MONTH}\s+{YEAR}|{YEAR}(?:\s*/\s*(\d{{2}}))?)",
    re.I,
)
SINCE = re.compile(  # "since 2018"; "from June 2019" with no end: to the publication year
    rf"\b(?:since\s+((?:{MONTH}\s+)?{YEAR})|from\s+({MONTH}\s+{YEAR})(?!\s*(?:to|and|until|till|-|–)\s))",
    re.I,
)
AT_DATE = re.compile(  # a stock at a point in time: "at the end of March 2023", "as of June 2022"
    rf"\b(?:at|as\s+(?:at|of))\s+(?:the\s+end\s+of\s+)?{DAY}{MONTH}\s+{YEAR}\b", re.I
)
IN_YEAR = re.compile(
    rf"\b(?:in|during|throughout|for)\s+(?:the\s+year\s+)?{YEAR}\b(?!\s*(?:-|–|/|to|and))", re.I
)
RELATIVE = re.compile(
    rf"\b(?:(?:the|in the|over the|during the|across the)\s+)?"
    rf"(?:past|last|previous|preceding)\s+{NUMBER}\s+years\b"
    rf"|\bover\s+(?:the\s+)?{NUMBER}\s+years\b|\b{NUMBER}-year\s+period\b",
    re.I,
)
LAST_YEAR = re.compile(
    r"\b(last year|this year|the previous year|the year before|a year earlier|a year before)\b", re.I
)
# Each pattern above needs a year's number, the word "year", or both: the patterns a
# sentence lacks these for are skipped (most sentences have neither), and so is one
# whose other needles (see lexicon.Needles) the sentence lacks.
# the year before the data's: dated from the financial year before it in the sentence, else
# (in the article's context) from the last data period stated before it
PREVIOUS_YEAR_PHRASES = ("the year before", "the previous year", "a year earlier", "a year before")
YEAR_NUMBER = re.compile(YEAR)
YEAR_WORD = needles(re.compile("year", re.I))
NEEDED = {
    pattern: needles(pattern)
    for pattern in (
        *RANGE_PATTERNS, FY_RANGE, SHORT_RANGE, YEAR_TO, SINCE, AT_DATE, IN_YEAR, RELATIVE, LAST_YEAR
    )
}


@dataclass(frozen=True)
class Period:
    start: int | None
    end: int | None
    kind: str  # range | year | since | relative | carried
    text: str
    char: int  # offset in the sentence
    compared: bool = False  # the period of a compared value ("up from 610 in 2021/22"): never carried

    @property
    def years(self) -> tuple[int, int] | None:
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end)


@lru_cache(maxsize=2048)
def parse_date(phrase: str, base: str | None) -> datetime | None:
    """dateparser on one short phrase, relative to the publication date; cached."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import dateparser

    settings: dict = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"]}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    return dateparser.parse(phrase, languages=["en"], settings=settings)


def _year(phrase: str, base: str | None) -> int | None:
    """The year a date phrase names: its four-digit year where it has one ("March 2019",
    "2019": every phrase the patterns here capture), so dateparser, slow and cached per
    publication date, is reached only by a phrase without one."""
    found = YEAR_NUMBER.search(phrase)
    if found:
        return int(found.group(1))
    parsed = parse_date(phrase, base)
    return parsed.year if parsed else None


def _count(word: str | None) -> int | None:
    if not word:
        return None
    value = parse_number(word.replace("-", " "))
    return int(value) if value else None


def find_periods(sentence: str, published: str | None) -> list[Period]:
    """Every period stated in ``sentence`` (a relative one only where it can be resolved
    later: its ``start``/``end`` are None and ``kind`` is ``relative``)."""
    lowered = sentence.lower()
    numbers = YEAR_NUMBER.search(sentence) is not None
    words = not YEAR_WORD.missing_from(sentence, lowered)
    if not numbers and not words:
        return []
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def matches(pattern: re.Pattern[str]) -> Iterable[re.Match[str]]:
        return () if NEEDED[pattern].missing_from(sentence, lowered) else pattern.finditer(sentence)

    def add(m: re.Match[str], start: int | None, end: int | None, kind: str) -> None:
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(Period(start, end, kind, m.group(0), m.start()))

    if numbers:
        for pattern in RANGE_PATTERNS:
            for m in matches(pattern):
                years = [int(g) for g in m.groups() if g and g.isdigit() and len(g) == 4]
                if len(years) == 2 and years[0] <= years[1]:
                    add(m, years[0], years[1], "range")
        for m in matches(FY_RANGE):
            last = int(m.group(2)) // 100 * 100 + int(m.group(3))
            add(m, int(m.group(1)), last, "range")
    if numbers and words:  # before a lone financial year: "the four financial years to 2022/23"
        for m in matches(YEAR_TO):
            fy_end = m.group(5)  # "2022/23": the year ends in 2023
            end = int(m.group(4)) // 100 * 100 + int(fy_end) if fy_end else _year(m.group(2), published)
            n = _count(m.group(1)) or 1
            if end:
                add(m, end - n, end, "range")
    if numbers:
        for m in matches(SHORT_RANGE):
            first = int(m.group(1))
            second = first // 100 * 100 + int(m.group(2))
            if second == first + 1:
                add(m, first, second, "range")
    pub_year = int(published[:4]) if published else None
    if numbers:
        for m in matches(SINCE):
            start = _year(m.group(1) or m.group(3), published)  # YEAR is a group too
            if start and pub_year:
                add(m, start, pub_year, "since")
        for m in matches(AT_DATE):
            year = int(m.group(1))
            add(m, year, year, "year")
        for m in matches(IN_YEAR):
            year = int(m.group(1))
            add(m, year, year, "year")
    if words:
        for m in matches(LAST_YEAR):
            phrase = m.group(1).lower()
            financial = [
                p for p in found if p.kind == "range" and p.end - p.start == 1 and p.char < m.start()
            ]
            if financial and phrase in PREVIOUS_YEAR_PHRASES:
                # "2,650 in 2022/23, against 2,410 the year before": the financial year before
                add(m, financial[-1].start - 1, financial[-1].end - 1, "year")
            elif pub_year:
                year = pub_year if phrase == "this year" else pub_year - 1
                add(m, year, year, "year")
            elif phrase in PREVIOUS_YEAR_PHRASES:
                add(m, None, None, "year")  # undated: dated from the data's year in context, else none
        for m in matches(RELATIVE):
            n = _count(next((g for g in m.groups() if g), None))
            if n:
                add(m, None, None, f"relative:{n}")
    return sorted(found, key=lambda p: p.char)


def resolve_relative(period: Period, stated: list[Period], published: str | None) -> tuple[int, int] | None:
    """ "the past five years": the article's stated range if there is one, else the N
    complete years before the publication year."""
    n = int(period.kind.split(":")[1])
    # a stated range as long as the relative one: five years is 2018-2022 or 2018/19-2022/23
    ranges = [p for p in stated if p.kind == "range" and p.end - p.start in (n - 1, n)]
    if ranges:
        return ranges[0].years
    if published:
        year = int(published[:4])
        return (year - n, year - 1)
    return None
