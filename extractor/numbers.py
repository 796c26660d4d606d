"""Number words and numerals -> values, from ``models/numbers.json``.

``parse_number("one hundred and fifty-eight") == 158``; ``parse_number("1,539")
== 1539``; ``parse_number("a dozen") == 12``. Returns None for anything else.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import read_json

NUMERAL = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return read_json(
        "numbers.json", required=["units", "tens", "scales", "collectives", "fractions", "denominators"]
    )


def parse_numeral(text: str) -> float | None:
    text = text.strip()
    if NUMERAL.match(text):
        return float(text.replace(",", ""))
    return None


def parse_words(text: str) -> float | None:
    """English number words, hyphenated or spaced, with "and": "twenty-seven", "one hundred and five"."""
    lex = lexicon()
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in lex["collectives"]:
        return float(lex["collectives"][phrase])
    total = current = 0.0
    seen = False
    for k, word in enumerate(words):
        if word == "a" and seen and words[k + 1 : k + 2] == ["half"]:
            continue  # "two and a half million": 2.5 million
        if word == "half" and seen and k > 0 and words[k - 1] == "a":
            current += 0.5
            continue
        if word in lex["units"]:
            current += lex["units"][word]
        elif word in lex["tens"]:
            current += lex["tens"][word]
        elif word in lex["scales"]:
            scale = lex["scales"][word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        elif (n := parse_numeral(word)) is not None and not seen:
            current += n
        else:
            return None
        seen = True
    return total + current


def parse_number(text: str) -> float | None:
    """A numeral or number words; None if ``text`` is not a number."""
    value = parse_numeral(text)
    return value if value is not None else parse_words(text)
