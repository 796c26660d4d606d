"""Claims: one row per construction of the claims issue, with the record expected."""

from __future__ import annotations

import pytest


def claims_in(doc) -> list[tuple]:
    return [(c.text, c.value, c.approx, c.measure, c.scope, c.period, c.qualifiers) for c in doc._.claims]


P = [2017, 2022]

CASES = [
    # digits, thousands separators, approximation cues, a rate
    (
        "Kent Police received 1,204 complaints between 2017 and 2022 – more than 200 complaints a year.",
        [
            ("1,204", 1204, "exact", "allegation", "kent", P, {}),
            ("200", 200, "more_than", "allegation", "kent", P, {"per": "year"}),
        ],
    ),
    # number words, capitals, "a dozen"
    (
        "NEARLY two hundred accusations were made against Essex Police officers between 2017 and 2022.",
        [("two hundred", 200, "almost", "allegation", "essex", P, {})],
    ),
    (
        "Almost a dozen claims were made against Dorset Police officers between 2017 and 2022.",
        [("a dozen", 12, "almost", "allegation", "dorset", P, {})],
    ),
    (
        "Suffolk Constabulary logged twenty-seven allegations between 2017 and 2022.",
        [("twenty-seven", 27, "exact", "allegation", "suffolk", P, {})],
    ),
    # "by forces" with nothing naming which: all forces, a national figure
    (
        "Essex Police barred nine officers between 2017 and 2022. Nearly 600 officers were barred by "
        "forces over the same period.",
        [
            ("nine", 9, "exact", "officer", "essex", P, {}),
            ("600", 600, "almost", "officer", "national", P, {}),
        ],
    ),
    # "N and a half <scale>" is one number; "one of a ..." names a member of a class, no count
    (
        "Between 2017 and 2022 Kent Police answered nearly one and a half million calls, one of a "
        "handful of forces to publish them.",
        [("one and a half million", 1500000, "almost", "call", "kent", P, {})],
    ),
    # percentages and shares
    (
        "Allegations were made against fewer than 0.4 per cent of Wiltshire Police officers between 2017 and 2022.",
        [("0.4 per cent", 0.4, "less_than", "percent", "wiltshire", P, {})],
    ),
    (
        "Around one in five of the complaints against Gwent Police between 2017 and 2022 came from colleagues.",
        [("one in five", 20.0, "about", "percent", "gwent", P, {"complainant": "colleague"})],
    ),
    # the noun counted is the object: officers
    (
        "Claims were made against 15 Surrey Police officers between 2017 and 2022.",
        [("15", 15, "exact", "officer", "surrey", P, {})],
    ),
    # sex breakdown in prose and in brackets, "against male and female officers" restricts nothing
    (
        "Lancashire Constabulary received 40 complaints between 2017 and 2022. Of these, 31 involved a male officer and nine involved a female officer.",
        [
            ("40", 40, "exact", "allegation", "lancashire", P, {}),
            ("31", 31, "exact", "allegation", "lancashire", P, {"officer_sex": "male"}),
            ("nine", 9, "exact", "allegation", "lancashire", P, {"officer_sex": "female"}),
        ],
    ),
    (
        "Durham Constabulary recorded 26 allegations between 2017 and 2022. By sex: Male (21), female (3), unknown (2).",
        [
            ("26", 26, "exact", "allegation", "durham", P, {}),
            ("21", 21, "exact", "allegation", "durham", P, {"officer_sex": "male"}),
            ("3", 3, "exact", "allegation", "durham", P, {"officer_sex": "female"}),
            ("2", 2, "exact", "allegation", "durham", P, {"officer_sex": "unknown"}),
        ],
    ),
    (
        "Between 2017 and 2022 there were 33 claims against male and female officers in Derbyshire Constabulary.",
        [("33", 33, "exact", "allegation", "derbyshire", P, {})],
    ),
    # complainant
    (
        "Of the 50 complaints Sussex Police received between 2017 and 2022, 41 were by members of the public and nine by colleagues.",
        [
            ("50", 50, "exact", "allegation", "sussex", P, {}),
            ("41", 41, "exact", "allegation", "sussex", P, {"complainant": "public"}),
            ("nine", 9, "exact", "allegation", "sussex", P, {"complainant": "colleague"}),
        ],
    ),
    # outcomes: counted allegations carry the outcome; officers counted by outcome are officers
    (
        "Of the allegations Cleveland Police received between 2017 and 2022, six led to dismissals and another three officers resigned before a hearing.",
        [
            ("six", 6, "exact", "allegation", "cleveland", P, {"outcome": "dismissed"}),
            ("three", 3, "exact", "officer", "cleveland", P, {"outcome": "resigned"}),
        ],
    ),
    (
        "Between 2017 and 2022 Gwent Police gave written warnings in four cases and management action was taken in seven cases.",
        [
            ("four", 4, "exact", "allegation", "gwent", P, {"outcome": "written_warning"}),
            ("seven", 7, "exact", "allegation", "gwent", P, {"outcome": "management_action"}),
        ],
    ),
    (
        "Around 12 investigations by Kent Police were still ongoing in 2022.",
        [("12", 12, "about", "investigation", "kent", [2022, 2022], {"outcome": "ongoing"})],
    ),
    # officers and staff
    (
        "Northumbria Police logged 310 allegations against officers and staff between 2017 and 2022.",
        [("310", 310, "exact", "allegation", "northumbria", P, {"includes_staff": True})],
    ),
    # national scope, counts of forces, a region
    (
        "Responses from 41 forces show at least 1,500 allegations were made against officers between 2017 and 2022.",
        [
            ("41", 41, "exact", "force", "national", P, {}),
            ("1,500", 1500, "at_least", "allegation", "national", P, {}),
        ],
    ),
    (
        "Forces in the North East region received 112 complaints between 2017 and 2022.",
        [("112", 112, "exact", "allegation", "region:north-east", P, {})],
    ),
    (
        "There are 43 police forces covering England and Wales.",
        [("43", 43, "exact", "force", "national", None, {})],
    ),
    # a bare place gives the scope; the period carries over; "the same period"
    (
        "ALMOST 90 allegations were made against officers in Hertfordshire between 2017 and 2022.\n\nSeparate data shows Bedfordshire Police recorded 41 complaints over the same period.",
        [
            ("90", 90, "almost", "allegation", "hertfordshire", P, {}),
            ("41", 41, "exact", "allegation", "bedfordshire", P, {}),
        ],
    ),
    # relative periods resolved against the publication date
    (
        "date 2023-04-01\nNorfolk Constabulary received 64 complaints over the past five years.",
        [("64", 64, "exact", "allegation", "norfolk", [2018, 2022], {})],
    ),
    (
        "Thames Valley Police received 48 complaints in 2019/20.",
        [("48", 48, "exact", "allegation", "thames-valley", [2019, 2020], {})],
    ),
    # list lines
    (
        "A breakdown by force:\n\n12 claims against male officers in Cheshire Constabulary\n\n7 claims relating to 11 officers in Merseyside Police",
        [
            ("12", 12, "exact", "allegation", "cheshire", None, {"officer_sex": "male"}),
            ("7", 7, "exact", "allegation", "merseyside", None, {}),
            ("11", 11, "exact", "officer", "merseyside", None, {}),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_claims(analyse, text: str, expected: list[tuple]) -> None:
    assert claims_in(analyse(text)) == expected


NOT_CLAIMS = [
    "The complaints were made between 2017 and 2022.",
    "A 33-year-old man was arrested on 12 March.",
    "Anyone with information should call police on 101.",
    "Kent Police had the second highest number of complaints.",
    "Dozens of complaints and hundreds of calls were received.",
    "Some claims related to more than one officer.",
    "Officers reviewed a 240-page report over five years.",
    "The picture shows the chief constable. (52218149)",
    "PC Jane Doe, 41, said she had been warned on five occasions.",
    "One of the forces which replied also counted police staff.",
    "The force said it had zero tolerance of abuse.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_claims(analyse, text: str) -> None:
    assert claims_in(analyse(text)) == []


def test_claims_run_on_blank_pipeline(nlp_blank) -> None:
    doc = nlp_blank(
        "Kent Police received 1,204 complaints between 2017 and 2022, at least 30 of them from colleagues."
    )
    assert [(c.text, c.value, c.approx, c.scope, c.period) for c in doc._.claims] == [
        ("1,204", 1204, "exact", "kent", [2017, 2022]),
        ("30", 30, "at_least", "kent", [2017, 2022]),
    ]


def test_repeated_caption_claims_reported_at_each_copy(analyse) -> None:
    caption = "Twelve serving Kent Police officers faced complaints, data shows."
    doc = analyse(f"Intro about the data for 2021.\n\n{caption}\n{caption}\n")
    found = [(c.text, c.start, c.measure) for c in doc._.claims]
    first = doc._.article["text"].index(caption)
    second = doc._.article["text"].index(caption, first + 1)
    assert found == [("Twelve", first, "officer"), ("Twelve", second, "officer")]


def test_a_figure_inside_a_quote_carries_its_speaker(analyse) -> None:
    doc = analyse(
        'Chief Constable Alan Reyes said: "We dismissed 14 officers last year and we will not stop."\n\n'
        "Kent Police recorded 64 complaints in 2022."
    )
    assert [(c.text, c.speaker) for c in doc._.claims] == [("14", "Alan Reyes"), ("64", None)]
