"""What is counted (issue 14): the counted noun, elliptical numbers, number words and
fractions, approximations, and numbers that state no figure. Invented sentences only."""

from __future__ import annotations

import pytest


def counted(doc) -> list[tuple]:
    return [(c.text, c.value, c.measure) for c in doc._.claims]


# the counted noun is the head of its noun phrase
HEAD_NOUN = [
    ("Wexcombe Police logged 19 sexual assault complaints.", [("19", 19, "allegation")]),
    (
        "Wexcombe Police logged 23 rape and sexual assault allegations last month.",
        [("23", 23, "allegation")],
    ),
    ("Nationally there were 98,120 full-time equivalent officers.", [("98,120", 98120, "officer")]),
    ("The force employs 1,200 people.", [("1,200", 1200, "person")]),
    ("Ashcombe Police suspended 12 Barnsley-based PCs.", [("12", 12, "officer")]),
    (
        "Sixty-one Devon and Cornwall Police officers and staff were sacked.",
        [("Sixty-one", 61, "officer")],
    ),
    ("Officers carried out 4,210 stop and searches in Harwick.", [("4,210", 4210, "search")]),
    (
        "The force has 3,200 officers, 1,900 staff and 150 volunteers.",
        [("3,200", 3200, "officer"), ("1,900", 1900, "staff"), ("150", 150, "volunteer")],
    ),
    (
        "Of Kent's 3,900 employees, 40 faced complaints.",
        [("3,900", 3900, "employee"), ("40", 40, "employee")],
    ),
    (
        "He said 14 of the force's officers had been barred.",
        [("14", 14, "officer")],
    ),
    ("Three of the region's four forces recorded a rise.", [("Three", 3, "force"), ("four", 4, "force")]),
    ("Kent Police was one of 28 out of 43 forces that replied.", [("28", 28, "force"), ("43", 43, "force")]),
    (
        "Among those sacked, 130 were police officers and 52 were members of staff.",
        [("130", 130, "officer"), ("52", 52, "staff")],
    ),
    # a superlative names what the numbers after it count
    (
        "Harwick Police has 3,500 officers. Lowfield Police recorded the most allegations, 161, "
        "followed by Ashcombe Police with 88.",
        [("3,500", 3500, "officer"), ("161", 161, "allegation"), ("88", 88, "allegation")],
    ),
    # a number that repeats the frame of the figure before it, its noun left out
    (
        "In all, 1,310 allegations concerned male officers and 121 concerned female officers.",
        [("1,310", 1310, "allegation"), ("121", 121, "allegation")],
    ),
    # people one person acted on are no officers by sex
    (
        "The court heard he contacted nine women while on duty. Harwick Police sacked 12 women.",
        [("nine", 9, "woman"), ("12", 12, "officer")],
    ),
    # a participle is no counted noun
    (
        "More than 900 complaints were logged, with at least 44 ending in dismissal.",
        [("900", 900, "allegation"), ("44", 44, "allegation")],
    ),
]


# elliptical numbers take the noun of the data they belong to
ELLIPTICAL = [
    # a frame of the data ("from 40 forces") is never the antecedent
    (
        "The 700 allegations came from 40 forces. At least 34 resulted in dismissals.",
        [("700", 700, "allegation"), ("40", 40, "force"), ("34", 34, "allegation")],
    ),
    # the verb chooses the antecedent it fits: officers are not finalised
    (
        "Harwick Police logged 30 allegations. Three officers resigned before a hearing. "
        "Three were finalised with management action.",
        [("30", 30, "allegation"), ("Three", 3, "officer"), ("Three", 3, "allegation")],
    ),
    (
        "Harwick Police logged 230 complaints. The force, which has about 4,100 officers, was "
        "second only to Lowfield Police, which recorded 412.",
        [("230", 230, "allegation"), ("4,100", 4100, "officer"), ("412", 412, "allegation")],
    ),
    (
        "The 80 allegations related to 70 officers. Sixty-three were made in 2022.",
        [("80", 80, "allegation"), ("70", 70, "officer"), ("Sixty-three", 63, "allegation")],
    ),
    (
        "The allegations related to 11 officers: nine were men, one was a woman.",
        [("11", 11, "officer"), ("nine", 9, "officer"), ("one", 1, "officer")],
    ),
    # "two of theft" is elliptical: it counts what the figure before it counts
    (
        "PC Ross Hale admitted nine offences of fraud and two of theft.",
        [("nine", 9, "offence"), ("two", 2, "offence")],
    ),
    # an old value takes the noun of the figure it is compared with
    (
        "A total of 1,390 officers joined in 2022/23, down from 1,480 the year before.",
        [("1,390", 1390, "officer"), ("1,480", 1480, "officer")],
    ),
    # an amount verb's subject is what is counted
    (
        "Police staff numbers rose from 3,120 to 3,400 over the period.",
        [("3,120", 3120, "staff"), ("3,400", 3400, "staff")],
    ),
    ("The number of allegations rose from six to 13.", [("six", 6, "allegation"), ("13", 13, "allegation")]),
    ("Complaints against Harwick Police rise to almost 1,300", [("1,300", 1300, "allegation")]),
    # a bracketed list takes the noun of the total it sums to
    (
        "Harwick Police\n48 claims, relating to 40 officers\nMale (30), female (10)\n\n"
        "Lowfield Police\n25 claims, relating to 20 officers\nMale (21), female (4)",
        [
            ("48", 48, "allegation"),
            ("40", 40, "officer"),
            ("30", 30, "officer"),
            ("10", 10, "officer"),
            ("25", 25, "allegation"),
            ("20", 20, "officer"),
            ("21", 21, "allegation"),
            ("4", 4, "allegation"),
        ],
    ),
    (
        "Action against the 15 officers ranged from written warnings (four) to management action (11).",
        [("15", 15, "officer"), ("four", 4, "officer"), ("11", 11, "officer")],
    ),
    # label lines: a noun of their own, a verb that fits, else the block's first total
    (
        "Harwick Police\n36 claims, relating to 30 officers\nMade by colleagues: 9\n"
        "Allegations resulting in dismissal: 3\nOutcome still pending: 5",
        [
            ("36", 36, "allegation"),
            ("30", 30, "officer"),
            ("9", 9, "allegation"),
            ("3", 3, "allegation"),
            ("5", 5, "allegation"),
        ],
    ),
    # a table under a header takes the header's counted noun
    (
        "Here is how each force fared (complaint cases by year):\n\nHarwick Police\n2021/22: 1,210\n"
        "2022/23: 1,330\n\nLowfield Police\n2021/22: 870\n2022/23: 905",
        [
            ("1,210", 1210, "allegation"),
            ("1,330", 1330, "allegation"),
            ("870", 870, "allegation"),
            ("905", 905, "allegation"),
        ],
    ),
    # the subject right after an "Of the N X," opener counts X, whatever noun follows its verb
    (
        "Of Dorset's 15 dismissals, nine followed findings of dishonesty and six came after convictions.",
        [("15", 15, "dismissal"), ("nine", 9, "dismissal"), ("six", 6, "dismissal")],
    ),
    # a verb conjoined to the one with the subject shares it: "the number of X ... falls to N"
    (
        "The number of staff vetted across the region's five forces falls to 2,300, from 2,450.",
        [("five", 5, "force"), ("2,300", 2300, "staff"), ("2,450", 2450, "staff")],
    ),
    (
        "Of the 24 forces that responded, six cover the Midlands.",
        [("24", 24, "force"), ("six", 6, "force")],
    ),
    (
        "Nearly two-thirds of the officers sacked (88) had served for less than five years.",
        [("two-thirds", 66.7, "percent"), ("88", 88, "officer")],
    ),
]


# number words and fractions
WORDS = [
    (
        "Of the 50 people dismissed, two dozen were sacked for misconduct.",
        [("50", 50, "person"), ("two dozen", 24, "person")],
    ),
    (
        "A third of the 60 complaints came from colleagues.",
        [("A third", 33.3, "percent"), ("60", 60, "allegation")],
    ),
    (
        "Five-sixths of the 36 complaints were upheld.",
        [("Five-sixths", 83.3, "percent"), ("36", 36, "allegation")],
    ),
    (
        "Of the 3,004 searches, 1,650 were for drugs – just over half.",
        [("3,004", 3004, "search"), ("1,650", 1650, "search"), ("half", 50, "percent")],
    ),
    # bulleted items ending in a bracketed number count what the first item's bracket named
    (
        "The appeals upheld were about:\n• delays in replying (12 appeals)\n• the tone of a letter (7)\n"
        "• a missing record (3)",
        [("12", 12, "appeal"), ("7", 7, "appeal"), ("3", 3, "appeal")],
    ),
    # a fraction a change is measured by is a share; a time of day is not
    (
        "Vetting refusals at Suffolk Constabulary rose by a fifth, and appeals were up by almost a quarter.",
        [("a fifth", 20, "percent"), ("a quarter", 25, "percent")],
    ),
    (
        "The hearing was cut short by half an hour, after 14 witnesses.",
        [("14", 14, "witness")],
    ),
    (
        "Lowfield Police logged 90 complaints between 2021 and 2023, including 31 in 2023.",
        [("90", 90, "allegation"), ("31", 31, "allegation")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), HEAD_NOUN + ELLIPTICAL + WORDS)
def test_what_is_counted(analyse, text: str, expected: list[tuple]) -> None:
    assert counted(analyse(text)) == expected


ONE = [
    (
        "The allegations related to 15 officers – 12 men, two women and one officer whose sex was not recorded.",
        1,
    ),
    ("Of the eight complaints, seven came from the public and one came from a colleague.", 1),
    ("Essex Police was one of the forces which replied.", 0),
    ("Two officers resigned before one could take place.", 0),
    ("One of the women said she had been ignored.", 0),
]


@pytest.mark.parametrize(("text", "ones"), ONE)
def test_one_is_a_count_only_in_an_enumeration_or_with_a_restriction(analyse, text: str, ones: int) -> None:
    assert sum(c.value == 1 for c in analyse(text)._.claims) == ones


NOT_CLAIMS = [
    "Kent Police published its budget for 2016-17 on Monday.",
    "DS Rowe, 44, told the hearing he regretted it.",
    "In a statement, the complainant, 29, said she had been ignored.",
    "The force received complaints for every 1,000 people in the county.",
    "Complainants should hear back within 20 working days.",
    "Not one officer was sacked, and the chief said the target should be zero.",
    "Among the ten forces with the highest totals, most blamed staffing.",
    "Wexcombe was in the top five forces for vetting.",
    "Top 40 Hits on Harwick Sound every Sunday.",
    "Listen to Greatest Hits Radio on 105.4 FM.",
    "The chief constable told Hits 96 he was sorry.",
    "Most recruits were aged 18 to 24, and some aged between 25 and 34.",
    "View comments 3",
    "Read more: Wexcombe Police to recruit 300 extra detectives",
    "Most read\n\n1. Two hurt in crash near Harwick\n2. Hotel plans approved despite 212 objections\n"
    "3. Police appeal after 40 sheep stolen",
    "We and our 912 partners store and access information on your device.",
    "Temperatures reached 11C in Harwick.",
    "It took the four financial years to 2023.",
    "The chief added that five of t",
]


def test_a_complete_last_line_without_a_full_stop_keeps_its_number(analyse) -> None:
    assert counted(analyse("Harwick Police fines 12 drivers")) == [("12", 12, "driver")]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_numbers_that_are_no_claims(analyse, text: str) -> None:
    assert counted(analyse(text)) == []


APPROX = [
    ("Wexcombe Police recorded 50 complaints. The detective said she knows about 40.", "exact"),
    ("Complaints against Wexcombe Police went up to 40 in 2022.", "exact"),
    ("Wexcombe Police received about 40 complaints.", "about"),
    ("Up to 40 officers could face action at Wexcombe Police.", "at_most"),
    ("Complaints pass 13,000 for the first time", "more_than"),
    ("Barred list nears 1,900", "almost"),
]


@pytest.mark.parametrize(("text", "approx"), APPROX)
def test_approximation_only_from_an_approximator_of_the_number(analyse, text: str, approx: str) -> None:
    assert analyse(text)._.claims[-1].approx == approx


BLANK = [
    (
        "Of the 50 complaints, 41 were made by the public.",
        [("50", 50, "allegation"), ("41", 41, "allegation")],
    ),
    ("Wexcombe Police logged two dozen complaints.", [("two dozen", 24, "allegation")]),
    ("The force took 31 complaints in 2023.", [("31", 31, "allegation")]),
]


@pytest.mark.parametrize(("text", "expected"), BLANK)
def test_counting_rules_run_without_a_parse(nlp_blank, text: str, expected: list[tuple]) -> None:
    from extractor.ingest import make_article
    from extractor.run import make_doc

    doc = nlp_blank(make_doc(nlp_blank, make_article("t", "test", text)))
    assert counted(doc) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"furniture_line": ["^read more"]}, "unknown key"),
        ({"furniture_lines": ["(unclosed"]}, "bad regular expression"),
    ],
)
def test_counting_rules_are_validated_on_load(tmp_path, change: dict, message: str) -> None:
    import json

    from extractor.lexicons import MODELS_DIR, LexiconError
    from extractor.pipeline.claims.counting import load_counting

    data = json.loads((MODELS_DIR / "counting.json").read_text(encoding="utf-8")) | change
    path = tmp_path / "bad-counting.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as caught:
        load_counting(str(path))
    assert "bad-counting.json" in str(caught.value)


def test_a_noun_taken_from_before_the_number_keeps_the_staff_its_phrase_names(analyse) -> None:
    doc = analyse(
        "Harwick Police logged 64 complaints against officers. When complaints about police staff "
        "are added, the total rises to 90."
    )
    last = doc._.claims[-1]
    assert (last.value, last.measure, last.qualifiers.get("includes_staff")) == (90, "allegation", True)
