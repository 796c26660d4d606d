"""The counting rules (``models/counting.json``): what is counted and what is no count,
loaded and validated once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...lexicons import LexiconError, read_json


@dataclass(frozen=True)
class Counting:
    """What is counted and what is no count (``models/counting.json``): furniture lines,
    durations, rank bands, the verbs whose subject is an amount, and the verbs that fit
    a counted noun (an elliptical number takes the antecedent its verb fits)."""

    furniture: tuple[re.Pattern[str], ...]  # lines whose numbers are page furniture
    numbered_item: re.Pattern[str]  # a numbered line ("1. ..."): a run of them is a list
    duration_modifiers: frozenset[str]  # "four financial years", "20 working days"
    time_nouns: frozenset[str]  # never the counted noun ("610 the year before")
    rank_before: frozenset[str]  # "the top five forces"
    superlatives: frozenset[str]  # "the ten forces with the highest totals"
    one_pronoun_after: frozenset[str]  # "before one could take place": a pronoun
    amount_verbs: frozenset[str]  # lemmas: "complaints rose to 1,200" counts complaints
    verb_fits: dict[str, str]  # verb lemma -> the measure its subject fits ("finalise" -> allegation)
    object_fits: dict[str, str]  # verb lemma -> the measure its object fits ("recorded 524" -> allegation)
    frame_prepositions: frozenset[str]  # "by 36 forces": a frame of the data, no antecedent
    station_words: frozenset[str]  # "Hits 96", "Radio 2": a station's name, as written (case kept)
    frequency_units: frozenset[str]  # "105.4 FM": a frequency
    age_cues: frozenset[str]  # "aged 18 to 24": both ends of an age range are ages
    about_verbs: frozenset[str]  # lemmas after which "about" is a preposition: "knows about 40"
    approx_verbs: dict[str, str]  # a verb right before the number: "nears 1,900" almost, "tops" more_than


@lru_cache(maxsize=1)
def load_counting(name: str = "counting.json") -> Counting:
    """``models/counting.json`` (or ``name``), validated: unknown or missing keys, and a bad
    pattern, raise ``LexiconError`` naming the file."""
    data = read_json(
        name,
        required=[
            "furniture_lines",
            "numbered_item",
            "duration_modifiers",
            "time_nouns",
            "rank_band_before",
            "rank_band_superlatives",
            "one_pronoun_after",
            "amount_verbs",
            "verb_fits",
            "object_fits",
            "frame_prepositions",
            "approx_verbs",
            "about_verbs",
            "age_cues",
            "station_words_before",
            "frequency_units",
        ],
        optional=["_doc"],
    )
    try:
        furniture = tuple(re.compile(p, re.I) for p in data["furniture_lines"])
        numbered_item = re.compile(data["numbered_item"])
    except re.error as exc:
        raise LexiconError(f"{name}: bad regular expression ({exc})") from exc
    return Counting(
        furniture=furniture,
        numbered_item=numbered_item,
        duration_modifiers=frozenset(data["duration_modifiers"]),
        time_nouns=frozenset(data["time_nouns"]),
        rank_before=frozenset(data["rank_band_before"]),
        superlatives=frozenset(data["rank_band_superlatives"]),
        one_pronoun_after=frozenset(data["one_pronoun_after"]),
        amount_verbs=frozenset(data["amount_verbs"]),
        verb_fits={verb: measure for measure, verbs in data["verb_fits"].items() for verb in verbs},
        object_fits={verb: measure for measure, verbs in data["object_fits"].items() for verb in verbs},
        frame_prepositions=frozenset(data["frame_prepositions"]),
        approx_verbs=dict(data["approx_verbs"]),
        about_verbs=frozenset(data["about_verbs"]),
        age_cues=frozenset(data["age_cues"]),
        station_words=frozenset(data["station_words_before"]),
        frequency_units=frozenset(data["frequency_units"]),
    )
