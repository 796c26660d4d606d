"""Claims read in their article's context: periods, heading frames, data frames.

Each row is an invented text and, for the figures named, the attributes expected."""

from __future__ import annotations

import pytest

from extractor.lexicons import LexiconError
from extractor.pipeline.claims.cues import _rule
from extractor.pipeline.claims.periods import find_periods


def attrs(doc, fields: tuple[str, ...]) -> dict[str, tuple]:
    """Each figure's text -> the fields asked for (the first figure of that text)."""
    out: dict[str, tuple] = {}
    for c in doc._.claims:
        values = tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(c, f) for f in fields))
        out.setdefault(c.text, values)
    return out


PERIOD_PHRASES = [
    ("Between 1 May 2021 and 30 April 2022, 8 officers were suspended.", [(2021, 2022)]),
    ("Data for the financial years 2017/18 to 2021/22 shows a rise.", [(2017, 2022)]),
    ("There were 9,100 cases in the year ending March 2021.", [(2020, 2021)]),
    ("Forty officers have been dismissed from June 2019 onwards.", [(2019, 2023)]),
    ("Twelve were barred in the three financial years to March 2022.", [(2019, 2022)]),
    ("The force logged 640 cases in 2021/22, against 600 the year before.", [(2021, 2022), (2020, 2021)]),
    ("Some 310 officers were barred in the three financial years to 2021/22.", [(2019, 2022)]),
    # a stock at a point in time is that year; "by" a date is no point in time
    ("Durham had 61 officers on restricted duties at the end of June 2022.", [(2022, 2022)]),
    ("As of May 2021, 18 officers were suspended.", [(2021, 2021)]),
    ("By the end of March 2022, 40 had left.", []),
]


@pytest.mark.parametrize(("text", "expected"), PERIOD_PHRASES)
def test_period_phrases(text: str, expected: list[tuple[int, int]]) -> None:
    assert [p.years for p in find_periods(text, "2023-06-01")] == expected


CONTEXT_CASES = [
    # "the three forces" after the article named exactly three: their region (or none); "of the
    # two forces" compares within the class
    (
        "date 2024-03-21\nInspectors visited Northumbria Police, Durham Constabulary and Cleveland Police.\n\n"
        "The three forces recruited 1,400 officers in 2022/23.\n\nKent Police and Essex Police followed. "
        "The two forces logged 40 complaints in 2022, and Kent had the fewer of the two forces, with 12.",
        ("scope",),
        {"1,400": ("region:north-east",), "40": (None,), "12": ("kent",)},
    ),
    # a headline's present tense states a change as the past tense does
    (
        "date 2024-07-09\nVetting refusals in Kent jump by a quarter\n\nKent Police refused 300 applicants "
        "in 2023/24.",
        ("qualifiers", "period"),
        {"a quarter": ({"change": "increase"}, (2022, 2024))},
    ),
    # a figure repeated after a possessive or "the figure of" is the same figure: its outcome too
    (
        "date 2024-04-16\nWiltshire Police sacked eighteen officers in 2022/23.\n\nThe county's 18 is its "
        "highest total.",
        ("qualifiers", "period"),
        {"18": ({"outcome": "dismissed"}, (2022, 2023))},
    ),
    # undated: "the year before" is the year before the data's, a compared value's only; "lost
    # their jobs" is a dismissal
    (
        "Avon and Somerset Police sacked 22 officers in 2022/23.\n\nThat was a rise on the year before, "
        "when 15 officers lost their jobs, and the highest since 2019/20.",
        ("period", "qualifiers"),
        {"22": ((2022, 2023), {"outcome": "dismissed"}), "15": ((2021, 2022), {"outcome": "dismissed"})},
    ),
    # a headline figure restated in the first body paragraph takes the body's scope, and so does
    # a breakdown of it later
    (
        "date 2024-04-15\nRecord 610 officers barred as Kent Police tops the list\n\nForces in England and "
        "Wales barred 610 officers in 2022/23, figures show.\n\nOf the 610 officers barred nationally, "
        "200 had resigned.",
        ("scope",),
        {"610": ("national",), "200": ("national",)},
    ),
    # an outcome word after "after" / "following" is what led to the outcome, not a second one
    (
        "Between 2019 and 2022 Dorset Police sacked 30 officers. Of these, nine were dismissed following "
        "a conviction and four were dismissed after being charged.",
        ("qualifiers",),
        {"nine": ({"outcome": "dismissed"},), "four": ({"outcome": "dismissed"},)},
    ),
    # a rate whose base is left out ("per 1,000.") takes the base of the rate before it
    (
        "In 2022/23 Kent Police logged 9.1 complaints per 1,000 employees, and Essex Police 8.4 per 1,000.",
        ("qualifiers",),
        {"9.1": ({"per": "1000 employee"},), "8.4": ({"per": "1000 employee"},)},
    ),
    # a compared period after a figure is the comparison's other end (a change runs from it);
    # a "when" clause opened by a number hangs on the period before it
    (
        "date 2024-06-01\nNorfolk Constabulary logged 1,720 complaint cases in 2023/24, a rise of 6% on "
        "2022/23, when 1,620 cases were logged.",
        ("period",),
        {"1,720": ((2023, 2024),), "6%": ((2022, 2024),), "1,620": ((2022, 2023),)},
    ),
    # "his force" / "her force": the force of the official named last before it
    (
        "date 2024-05-01\nKent Police sacked 20 officers in 2022/23.\n\nDeputy Chief Constable Ruth Amory, "
        "of Essex Police, said hearings were quicker now.\n\nHer force sacked 16 officers in 2022/23.",
        ("scope",),
        {"20": ("kent",), "16": ("essex",)},
    ),
    # a national body's figures with no force named near them are national, not the force of the
    # figure before; a region named beside the body keeps its own scope
    (
        "date 2024-05-01\nSurrey Police barred 14 officers in 2022/23.\n\nThe College of Policing keeps "
        "its own list. It shows 560 officers were barred in 2022/23.\n\nThe Home Office said Welsh forces "
        "recorded 6,000 cases. Those cases held 11,000 allegations.",
        ("scope",),
        {"14": ("surrey",), "560": ("national",), "6,000": ("region:wales",), "11,000": ("region:wales",)},
    ),
    # forces listed together that make up a whole region give the region (others, no scope); a
    # value compared with that figure, with no place of its own, is the same region's
    (
        "date 2024-05-01\nNorthumbria Police, Durham Constabulary and Cleveland Police received 3,900 "
        "complaints in 2023/24, up from 3,500 in 2022/23. Kent Police and Essex Police received 2,000.",
        ("scope",),
        {"3,900": ("region:north-east",), "3,500": ("region:north-east",), "2,000": (None,)},
    ),
    # a sentence opening on a pointer back ("The total", "That") compares its first figure with
    # the figure before: same restrictions, the year before
    (
        "date 2024-02-01\nCheshire Police sacked 26 officers in 2022/23. The total is up from 19 in 2021/22."
        "\n\nCumbria Constabulary barred 40 people in 2022/23. That compares with 35 the year before.",
        ("qualifiers", "period"),
        {"19": ({"outcome": "dismissed"}, (2021, 2022)), "35": ({}, (2021, 2022))},
    ),
    # a first figure with no noun of its own counts what the clause before it did; two outcomes
    # before it leave it none
    (
        "Durham Constabulary sacked the most officers in 2022, with 31, followed by Gwent Police on 12."
        "\n\nSurrey Police suspended and later sacked officers, with 9 in all.",
        ("qualifiers",),
        {"31": ({"outcome": "dismissed"},), "12": ({"outcome": "dismissed"},), "9": ({},)},
    ),
    # a force area as the subject is no person: its figure keeps a scope and period; "the
    # largest rise, of 9%" states a change
    (
        "date 2024-03-01\nComplaints rose across the North East in 2023/24.\n\n"
        "Northumbria saw the largest rise, of 9%, while Cleveland recorded a rise of 4%.",
        ("scope", "period", "qualifiers"),
        {
            "9%": ("northumbria", (2022, 2024), {"change": "increase"}),
            "4%": ("cleveland", (2022, 2024), {"change": "increase"}),
        },
    ),
    # a force area as a place: cued by a possessive after it, or as the subject opening its sentence
    # or clause; "the force" and "the county" after a place its paragraph names stand for that force
    (
        "date 2024-03-01\nForces in the Midlands barred 90 officers in 2022/23.\n\n"
        "Derbyshire's share was 14. Warwickshire recorded nine, while Staffordshire barred 20.\n\n"
        "In Leicestershire, the force barred 11. The county's total compares with six in 2021/22.",
        ("scope",),
        {"14": ("derbyshire",), "nine": ("warwickshire",), "20": ("staffordshire",), "11": ("leicestershire",)},
    ),
    # "compares with N in YEAR" dates N only: the next paragraph's figures keep the data year
    (
        "date 2024-02-01\nDorset Police barred 17 officers in 2022/23. That compares with 11 in 2021/22."
        "\n\nWiltshire Police barred six.",
        ("period",),
        {"17": ((2022, 2023),), "11": ((2021, 2022),), "six": ((2022, 2023),)},
    ),
    # "the year before" / "a year earlier" in a sentence with no year of its own: the year before
    # the data period stated last, not the year before publication
    (
        "date 2024-09-01\nSUMMARY\n- 640 misconduct hearings in 2022/23\n- up from 590 the year before",
        ("period",),
        {"640": ((2022, 2023),), "590": ((2021, 2022),)},
    ),
    (
        "date 2024-09-01\nIn 2021 Cheshire Police resolved 64% of complaints within a month.\n\n"
        "It had resolved 58% a year earlier.",
        ("period",),
        {"64%": ((2021, 2021),), "58%": ((2020, 2020),)},
    ),
    # a compared value's period dates that value only; later figures carry the data period
    (
        "date 2023-08-01\nSurrey Police logged 1,310 complaint cases in 2021/22, up from 1,150 in 2020/21.\n\n"
        "Of the 1,310 cases, 1,190 came from members of the public.",
        ("period",),
        {"1,310": ((2021, 2022),), "1,150": ((2020, 2021),), "1,190": ((2021, 2022),)},
    ),
    # a sub-period of the stated range is not carried to the next figure
    (
        "Kent Police received 90 complaints between 2018/19 and 2021/22, with 30 in 2019/20.\n\n"
        "Of those complaints, 12 were made by colleagues.",
        ("period",),
        {"90": ((2018, 2022),), "30": ((2019, 2020),), "12": ((2018, 2022),)},
    ),
    # a data frame: the total's restrictions pass to its breakdown; a partitive total with a
    # restriction of its own opens a sub-frame for the bare numbers after it; a part with its
    # own noun goes back to the frame
    (
        "Lincolnshire Police recorded 75 complaints against officers and staff between 2018 and 2022.\n\n"
        "Of the 50 complaints against female officers, 20 were not upheld and 11 were withdrawn. Five remain live.\n\n"
        "Six complaints led to dismissals.",
        ("qualifiers",),
        {
            "75": ({"includes_staff": True},),
            "20": ({"includes_staff": True, "officer_sex": "female", "outcome": "not_upheld"},),
            "Five": ({"includes_staff": True, "officer_sex": "female", "outcome": "ongoing"},),
            "Six": ({"includes_staff": True, "outcome": "dismissed"},),
        },
    ),
    # a larger figure with its own noun is no part of the frame: it inherits nothing
    (
        "Cheshire Police is reviewing 88 cases involving 61 of its officers and staff. The force has about "
        "2,100 officers.",
        ("qualifiers",),
        {"2,100": ({},)},
    ),
    # "Of the N X" repeating an earlier figure takes that figure's scope and period
    (
        "Norfolk Police logged 212 complaints in 2021/22. Nationally, the number rose to 9,900 in 2022/23."
        "\n\nOf the 212 complaints, 40 came from colleagues.",
        ("scope", "period"),
        {"212": ("norfolk", (2021, 2022)), "40": ("norfolk", (2021, 2022))},
    ),
    # outcomes: a union is other; a listed outcome wins over a process word beside it; an
    # "other" word marks a subset, so a count with no wider total has no outcome
    (
        "Gwent Police received 140 complaints between 2019 and 2022. Of these, 17 were withdrawn or "
        "discontinued, 23 were investigated with no further action and 9 were finalised.\n\n"
        "Separately, 36 officers were suspended at Gwent Police between 2019 and 2022.",
        ("qualifiers",),
        {
            "17": ({"outcome": "other"},),
            "23": ({"outcome": "no_further_action"},),
            "9": ({"outcome": "other"},),
            "36": ({},),
        },
    ),
    # same-sentence restrictions: "officers and staff" before the verb; a rate's base sets
    # per alone; staff who complain are complainants, not counted
    (
        "Between 2018 and 2022, 38 officers and staff have been sacked by Suffolk Police.",
        ("qualifiers",),
        {"38": ({"includes_staff": True, "outcome": "dismissed"},)},
    ),
    (
        "In 2022/23 Avon and Somerset Police recorded 318 complaints per 1,000 employees.",
        ("qualifiers",),
        {"318": ({"per": "1000 employee"},)},
    ),
    (
        "Between 2019 and 2022, 27 complaints against Durham Constabulary officers were made by staff.",
        ("qualifiers",),
        {"27": ({"complainant": "colleague"},)},
    ),
    # a change: its qualifier, and a period from the year it is compared with
    (
        "date 2023-07-01\nBedfordshire Police received 2,140 complaints in 2022/23, up 11% on the previous "
        "year. Complaints about stop and search were up 4% on 2019.",
        ("period", "qualifiers"),
        {
            "2,140": ((2022, 2023), {}),
            "11%": ((2021, 2023), {"change": "increase"}),
            "4%": ((2019, 2023), {"change": "increase"}),
        },
    ),
    # periods: the sentence before stated its figures' period; headcounts of a workforce
    # now take none; counts of forces: responding ones take the data period, institutions none
    (
        "date 2023-05-01\nBetween 2019 and 2023 Essex Police barred 61 officers. In 2022/23 the IOPC "
        "logged 6,100 complaint cases nationally. Those cases contained 11,800 allegations.\n\n"
        "Nine officers are currently suspended at Essex Police.",
        ("period",),
        {"61": ((2019, 2023),), "11,800": ((2022, 2023),), "Nine": (None,)},
    ),
    (
        "Allegations were recorded by 29 forces between 2018 and 2022. Misconduct hearings were held "
        "across the 43 forces of England and Wales, with 640 hearings between 2018 and 2022.",
        ("period",),
        {"29": ((2018, 2022),), "43": (None,), "640": ((2018, 2022),)},
    ),
    # "last year" is the financial year the article names, ending in its year of publication
    (
        "date 2023-09-01\nKent Police faced about 2,000 complaints last year. Its figures for 2022/23 "
        "were published on Monday.",
        ("period",),
        {"2,000": ((2022, 2023),)},
    ),
    # scope: each figure its own place; one figure over several forces named together has
    # none; a figure about one person has neither scope nor period
    (
        "Between 2019 and 2022, 21 officers across Norfolk and Suffolk were barred – 12 at Norfolk and "
        "nine at Suffolk.",
        ("scope",),
        {"21": (None,), "12": ("norfolk",), "nine": ("suffolk",)},
    ),
    (
        "Kent Police said PC Alan Marsh, 38, of Dover, admitted 19 offences including harassment. He also "
        "sent the woman more than 250 messages.",
        ("scope", "period"),
        {"19": (None, None), "250": (None, None)},
    ),
    # a partitive opener's restrictions apply to the bare numbers it introduces, and to those
    # in the next sentence; "against" restricts only when it hangs on the counted noun
    (
        "Cumbria Constabulary logged 64 complaints between 2018 and 2022. Of the complaints made by "
        "colleagues, five were not upheld and two were withdrawn. One remains outstanding.\n\n"
        "Among the complaints from the public, 30% were not upheld.",
        ("qualifiers",),
        {
            "five": ({"complainant": "colleague", "outcome": "not_upheld"},),
            "two": ({"complainant": "colleague", "outcome": "withdrawn"},),
            "One": ({"complainant": "colleague", "outcome": "ongoing"},),
            "30%": ({"complainant": "public", "outcome": "not_upheld"},),
        },
    ),
    (
        "Between 2018 and 2022 Devon and Cornwall Police received 45 allegations against men and 80 "
        "reports of violence against women and girls.",
        ("qualifiers",),
        {"45": ({"officer_sex": "male"},), "80": ({},)},
    ),
    # "against" compares only before a number: "against 1,900 in 2021/22" dates that value only
    (
        "date 2023-08-01\nIn 2022/23 Essex Police logged 2,050 complaint cases, against 1,900 in 2021/22."
        "\n\nThe force also recorded 3,300 allegations.",
        ("period",),
        {"2,050": ((2022, 2023),), "1,900": ((2021, 2022),), "3,300": ((2022, 2023),)},
    ),
    # a value compared with the figure before it counts the same thing, a year earlier
    (
        "date 2023-08-01\nIn 2022/23 Essex Police recorded 420 allegations per 1,000 employees, up from 390.",
        ("period", "qualifiers"),
        {"420": ((2022, 2023), {"per": "1000 employee"}), "390": ((2021, 2022), {"per": "1000 employee"})},
    ),
    # "over the same period" is the period last stated for the data (not a list of years);
    # a compared value's period does not date the figure it is compared with
    (
        "date 2023-06-01\nBetween 2019/20 and 2022/23, 240 officers were barred, with 50 in 2019/20 and "
        "70 in 2022/23. Over the same period, 900 misconduct hearings were held.\n\n"
        "Those cases contained 3,100 allegations, up from 2,800 in 2021/22.",
        ("period",),
        {"900": ((2019, 2023),), "3,100": ((2019, 2023),), "2,800": ((2021, 2022),)},
    ),
    # a phrase holding a cue word is no cue: "turned down 9%" states no change
    (
        "In 2022 Sussex Police turned down 9% of applicants.",
        ("qualifiers",),
        {"9%": ({},)},
    ),
    # a sentence whose definite subject names earlier data takes that data's scope and period
    (
        "The Met recorded 530 allegations against officers between 2016 and 2020. Separately, 2,000 "
        "allegations were made nationally between 2016 and 2021.\n\nThe allegations related to 713 Met "
        "officers in total.",
        ("scope", "period"),
        {"713": ("metropolitan", (2016, 2020))},
    ),
    # a list line's label is the number's clause; a partitive opener ends at its comma (the
    # restriction of one number in the list is not the opener's)
    (
        "Hampshire police held 58 misconduct hearings in 2022/23, involving 60 officers. Of the 60 "
        "officers, 49 were men and 11 were women.\n\nThe outcomes were:\n\nDismissed without notice: "
        "17\nWritten warning: 6\nMade by colleagues: 5",
        ("qualifiers",),
        {
            "11": ({"officer_sex": "female"},),
            "17": ({"outcome": "dismissed"},),
            "6": ({"outcome": "written_warning"},),
            "5": ({"complainant": "colleague"},),
        },
    ),
    # counts of forces carry no restrictions; "in a year" states no rate; a part naming its
    # own group ("officers") takes no includes_staff
    (
        "Police forces in England and Wales sacked 300 officers and staff in a year, figures show. Of "
        "those sacked, 210 officers were dismissed for misconduct. The paper asked the 43 forces how many "
        "officers and staff they had dismissed.",
        ("qualifiers",),
        {
            "300": ({"includes_staff": True, "outcome": "dismissed"},),
            "210": ({"outcome": "dismissed"},),
            "43": ({},),
        },
    ),
    # a force's share of the main data ("the most, 61") takes the data's restrictions
    (
        "At least 900 allegations were made against officers and staff across the UK between 2018 and "
        "2022. Kent Police recorded the most allegations, 61, followed by Essex Police with 48.",
        ("scope", "qualifiers"),
        {"61": ("kent", {"includes_staff": True}), "48": ("essex", {"includes_staff": True})},
    ),
    # "Welsh forces" is the Wales region; "Forces in England" is no listed scope
    (
        "Between 2019 and 2022 forces in England sacked 190 officers, while Welsh forces sacked 17.",
        ("scope",),
        {"190": (None,), "17": ("region:wales",)},
    ),
    # heading lines that are only a force name scope the lines under them
    (
        "Here is how the region's forces compare between 2018 and 2022:\n\n"
        "Dorset Police\n23 complaints, relating to 19 officers\nMale (15), female (4)\n\n"
        "Wiltshire Police\n31 complaints, relating to 26 officers\n\n"
        "Nationally, more than 900 complaints were recorded.",
        ("scope",),
        {
            "23": ("dorset",), "19": ("dorset",), "15": ("dorset",), "4": ("dorset",),
            "31": ("wiltshire",), "26": ("wiltshire",), "900": ("national",),
        },
    ),
    # a gapped noun: "ten against women" restricts as "ten complaints against women"
    (
        "The force logged 40 complaints between 2019 and 2022.\n\nOf those, 25 were made against male "
        "officers, ten against women and five against people whose sex was not recorded.",
        ("qualifiers",),
        {
            "25": ({"officer_sex": "male"},), "ten": ({"officer_sex": "female"},),
            "five": ({"officer_sex": "unknown"},),
        },
    ),
    # a sex word right after a number whose noun is left out ("one unknown"), or after "of"
    (
        "The complaints related to 17 officers between 2019 and 2022.\n\nTwelve were men, three were women "
        "and one unknown.\n\nOf the 17, 13 were men and four were of unknown sex.",
        ("qualifiers",),
        {"one": ({"officer_sex": "unknown"},), "four": ({"officer_sex": "unknown"},)},
    ),
    # a count linked to the group it is about ("relating to 31 officers and staff") takes the
    # group's staff restriction, and so does its breakdown; a group of officers alone adds none
    (
        "Complaints by force between 2019 and 2022:\n\nKent Police\n38 complaints, relating to 31 "
        "officers and staff\nMale (25), female (13)\n\nEssex Police\n16 complaints, relating to 12 officers\n",
        ("qualifiers",),
        {
            "38": ({"includes_staff": True},), "31": ({"includes_staff": True},),
            "25": ({"includes_staff": True, "officer_sex": "male"},),
            "13": ({"includes_staff": True, "officer_sex": "female"},), "16": ({},),
        },
    ),
    (
        "In 2022 the force received 30 allegations against 22 male officers.",
        ("qualifiers",),
        {"30": ({"officer_sex": "male"},), "22": ({"officer_sex": "male"},)},
    ),
    # an undated article: a figure's own "in the last five years" has no year to resolve from,
    # so its period is unknown, not the period another figure stated
    (
        "Essex Police logged 1,920 complaint cases in 2021/22, the watchdog said.\n\n"
        "The force has logged more than 8,500 complaint cases in the last five years.",
        ("period",),
        {"1,920": ((2021, 2022),), "8,500": (None,)},
    ),
    # "from A in P to B": P dates the compared A; B is the data's, dated by the article's period
    (
        "Kent Police logged 1,650 complaint cases in 2022/23, the watchdog said.\n\n"
        "Its total of allegations went up from 3,120 in 2021/22 to 3,340.",
        ("period",),
        {"3,120": ((2021, 2022),), "3,340": ((2022, 2023),)},
    ),
    # a compared value opens no frame: a later figure stating no period takes the data's period
    (
        "Surrey Police received around 1,900 complaints in 2022/23, the watchdog said.\n\n"
        "That was up from 1,720 complaint cases in 2021/22.\n\n"
        "The force recorded 402 allegations per 1,000 employees.",
        ("period",),
        {"1,720": ((2021, 2022),), "402": ((2022, 2023),)},
    ),
    # a count of many forces ("at 31 forces") states national data, after a force's own figure
    (
        "Essex Police recorded 48 allegations between 2018 and 2022.\n\n"
        "The survey found 910 allegations in total at 31 forces, while three forces replied late.",
        ("scope",),
        {"48": ("essex",), "910": ("national",)},
    ),
    # a count of the forces there are is no period, even beside a cue of forces replying
    (
        "Forces logged 2,300 complaints between 2019 and 2022, though not all of the 43 forces of "
        "England and Wales replied.",
        ("period",),
        {"2,300": ((2019, 2022),), "43": (None,)},
    ),
    # an "other" word that the total was counted with too names the event both count, not a
    # subset ("barred" ... "barred"); under a total counted otherwise it marks a subset
    (
        "Kent Police barred 95 officers between 2019 and 2023.\n\nIn 2022/23 alone, the force barred 31 "
        "officers.",
        ("qualifiers",),
        {"95": ({},), "31": ({},)},
    ),
    (
        "Kent Police logged 120 complaints against officers between 2019 and 2023.\n\nOf those, 14 were "
        "finalised.",
        ("qualifiers",),
        {"120": ({},), "14": ({"outcome": "other"},)},
    ),
    # a repeated part ("Of the 50 allegations against men") restricts the bare numbers after
    # it; a later figure with its own noun counts the whole data again
    (
        "Kent Police recorded 70 allegations against officers between 2018 and 2022.\n\nOf those, 50 "
        "were made against male officers and 20 against women.\n\nOf the 50 allegations against men, "
        "11 were not upheld. Three remain live.\n\nSix allegations led to dismissals.",
        ("qualifiers",),
        {
            "Three": ({"officer_sex": "male", "outcome": "ongoing"},),
            "Six": ({"outcome": "dismissed"},),
        },
    ),
    # a national cue naming the class a force belongs to ("one of ... forces in England and
    # Wales") is no scope: the figure is the force's; a plain national cue still is
    (
        "Figures for 2022/23 are out.\n\nSurrey Police was one of only a few forces in England and Wales "
        "to record a fall, with 702 complaint cases.\n\nForces in England and Wales logged 81,200 cases.",
        ("scope",),
        {"702": ("surrey",), "81,200": ("national",)},
    ),
    # "rather than X" sets X aside: the complainants are the others
    (
        "In 2022/23, 212 complaint cases in the county were raised by fellow officers rather than "
        "members of the public.",
        ("qualifiers",),
        {"212": ({"complainant": "colleague"},)},
    ),
    # a row of values in columns takes, value by value, the periods its header line names
    (
        "Complaint cases logged by each force (2020/21 and 2021/22):\n\n"
        "Kent Police\n2,210 / 2,395\n\nEssex Police\n1,804 / 1,766\n",
        ("scope", "period"),
        {
            "2,210": ("kent", (2020, 2021)), "2,395": ("kent", (2021, 2022)),
            "1,804": ("essex", (2020, 2021)), "1,766": ("essex", (2021, 2022)),
        },
    ),
    (
        "Complaints recorded by force, 2019/20 and 2020/21:\n\nSurrey Police\n14 | 19\n",
        ("period",),
        {"14": ((2019, 2020),), "19": ((2020, 2021),)},
    ),
    # coordinated clauses: a force after "and"/"while" opens the next figure's conjunct
    (
        "Across the three forces 90 officers were cleared. Cheshire Police accounted for 51 "
        "and Cumbria Constabulary for 27.",
        ("scope",),
        {"51": ("cheshire",), "27": ("cumbria",)},
    ),
    (
        "Gwent Police logged 140 complaints in 2022, while Dyfed-Powys Police logged 96.",
        ("scope",),
        {"140": ("gwent",), "96": ("dyfed-powys",)},
    ),
    # "the force" is the force its paragraph named before it, not the article's force; a
    # force named only in a comparison is no antecedent, and with none it is the article's
    (
        "Kent Police logged 310 complaints in 2022.\n\n"
        "A sergeant from Essex Police was also sacked. The force recorded 46 complaints in 2022.\n\n"
        "Its rate was higher than Surrey Police. The force recorded 19 complaints in 2021.\n\n"
        "In 2020 the force recorded 12 complaints.",
        ("scope",),
        {"310": ("kent",), "46": ("essex",), "19": ("kent",), "12": ("kent",)},
    ),
    # in a round-up, "the force" under a force's heading is that force
    (
        "Complaints by force in 2022:\n\nKent Police\nThe force logged 38 complaints.\n\n"
        "Essex Police\nThe force logged 16 complaints.\n",
        ("scope",),
        {"38": ("kent",), "16": ("essex",)},
    ),
    # a row whose column count the header does not match keeps its period
    (
        "Complaint cases between 2018/19 and 2021/22:\n\nKent Police\n310 / 295 / 301\n",
        ("period",),
        {"310": ((2018, 2022),), "295": ((2018, 2022),)},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "fields", "expected"), CONTEXT_CASES)
def test_claims_in_context(analyse, text: str, fields: tuple[str, ...], expected: dict[str, tuple]) -> None:
    found = attrs(analyse(text), fields)
    assert {k: found.get(k) for k in expected} == expected


def test_heading_scope_is_recorded_as_inherited(analyse) -> None:
    doc = analyse("The figures by force between 2019 and 2022:\n\nEssex Police\n48 complaints\n")
    claim = next(c for c in doc._.claims if c.text == "48")
    assert (claim.scope, claim.scope_basis) == ("essex", "inherited")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"direction": "up", "max_scope": 3, "cues": ["x"], "terminators": []}, "direction"),
        ({"direction": "forward", "max_scope": 3, "cues": ["x"], "terminators": [], "scope": 2}, "unknown"),
        ({"direction": "forward", "max_scope": -1, "cues": ["x"], "terminators": []}, "max_scope"),
    ],
)
def test_cue_rules_are_checked_on_load(raw: dict, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        _rule("test", raw)
