"""Officials: rank forms, appositives, honours, later mentions; non-officials left out."""

from __future__ import annotations

import json

import pytest

from extractor.lexicons import models_path


def officials_in(doc) -> list[tuple[str, str, str | None, str | None]]:
    return [(m.text, m.name, m.role, m.org) for m in doc._.entities if m.label == "OFFICIAL"]


RANK_FORMS = [
    (row["role"], form)
    for row in map(json.loads, models_path("ranks.jsonl").read_text().splitlines())
    if row["kind"] == "police"
    for form in row["forms"]
    if form[0].isupper()
]


@pytest.mark.parametrize(("role", "form"), RANK_FORMS)
def test_every_police_rank_form(analyse, role: str, form: str) -> None:
    doc = analyse(f"{form} Alex Carter said the force had acted quickly.")
    assert ("Alex Carter", "Alex Carter", role, None) in officials_in(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Kent Police\'s Deputy Chief Constable Jane Holt said: "We act." Later, DCC Holt added more.',
            [
                ("Jane Holt", "Jane Holt", "Deputy Chief Constable", "kent"),
                ("Holt", "Jane Holt", "Deputy Chief Constable", "kent"),
            ],
        ),
        (
            "Chief Constable of Cambridgeshire Constabulary Nick Dean said the force was clear.",
            [("Nick Dean", "Nick Dean", "Chief Constable", "cambridgeshire")],
        ),
        (
            "Martin Hewitt, chairman of the National Police Chiefs' Council, said procedures needed scrutiny.",
            [("Martin Hewitt", "Martin Hewitt", "chairman", "National Police Chiefs' Council")],
        ),
        (
            'The End Violence Against Women Coalition said little had changed.\n\nDeputy director Amara Lewis said: "We need action."',
            [("Amara Lewis", "Amara Lewis", "deputy director", "End Violence Against Women Coalition")],
        ),
        (
            "Detective Superintendent Dave Stalker, head of people at Cumbria Constabulary, said officers were trained. Mr Stalker added that reports rose.",
            [
                ("Dave Stalker", "Dave Stalker", "Detective Superintendent", "cumbria"),
                ("Stalker", "Dave Stalker", "Detective Superintendent", "cumbria"),
            ],
        ),
        # honours: dropped before a forename, kept with a peerage and no forename
        ("Dame Alice Penrose will chair the panel.", [("Alice Penrose", "Alice Penrose", None, None)]),
        (
            "Baroness Casey of Blackstock will lead a review.",
            [("Baroness Casey of Blackstock", "Baroness Casey of Blackstock", None, None)],
        ),
        # a named speaker with no title
        (
            "It comes after Boris Johnson said there was more to do.",
            [("Boris Johnson", "Boris Johnson", None, None)],
        ),
        (
            "Home Secretary Priti Patel launched an inquiry.",
            [("Priti Patel", "Priti Patel", "Home Secretary", None)],
        ),
        # not officials: former office-holders, offenders, victims, unnamed office-holders
        # letters after a name (a member of a parliament, an honour) are no part of it
        (
            "Welsh Conservative Carys Pritchard MS said the figures were alarming.",
            [("Carys Pritchard", "Carys Pritchard", "MS", None)],
        ),
        (
            "The SNP's justice spokesman, Callum Reid MSP, asked for a review.",
            [("Callum Reid", "Callum Reid", "spokesperson", "Scottish National Party")],
        ),
        # shown as an offender at one mention: no official at any
        (
            "Sergeant Colin Ashby, who worked in Bootle, was absent for weeks.\n\nAshby, who joined in 2015, "
            "admitted three of the charges. Superintendent Mia Shaw chaired the panel.",
            [("Mia Shaw", "Mia Shaw", "Superintendent", None)],
        ),
        ("Former chief constable Graham Pettifer said he regretted nothing.", []),
        ("PC Dean Holloway admitted 14 offences at the crown court.", []),
        ("The kidnap and murder of Sarah Everard shocked the country.", []),
        ("The Home Secretary said the public needed answers.", []),
    ],
)
def test_officials(analyse, text: str, expected: list) -> None:
    assert officials_in(analyse(text)) == expected


def test_officials_on_blank_pipeline(nlp_blank) -> None:
    doc = nlp_blank("Assistant Chief Constable Priya Shah said the data was clear. ACC Shah added more.")
    assert [(m.text, m.name) for m in doc._.entities if m.label == "OFFICIAL"] == [
        ("Priya Shah", "Priya Shah"),
        ("Shah", "Priya Shah"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place or title alone gives no person; the name after it does
        ("The Fenmoor West MP raised the case in Parliament.", []),
        ("Bristol West MP said the figures were alarming.", []),
        (
            "Fenmoor West MP Carys Webb raised the case.",
            [("Carys Webb", "Carys Webb", "MP", None)],
        ),
        ("The Thames Valley Police and Crime Commissioner was asked to respond.", []),
        ("Carys Webb MP said the figures were alarming.", [("Carys Webb", "Carys Webb", "MP", None)]),
        (
            "Labour MP for Fenmoor North Tom Weir said ministers must act.",
            [("Tom Weir", "Tom Weir", "MP for Fenmoor North", None)],
        ),
        (
            "Harrowfield Borough Council leader Rita Obi said the council would review the contract.",
            [("Rita Obi", "Rita Obi", "leader", "Harrowfield Borough Council")],
        ),
        # an office after a comma, qualified by a place or an org's possessive
        (
            "Nora Quist, Northumbria Police and Crime Commissioner, said victims deserved better.",
            [("Nora Quist", "Nora Quist", "Police and Crime Commissioner", None)],
        ),
        (
            "Ifan Morgan, the IOPC's director for Wales, said forces must listen.",
            [("Ifan Morgan", "Ifan Morgan", "director", "Independent Office for Police Conduct")],
        ),
        # a lower-case role with "of <what>" before the name
        (
            "The IOPC's director of operations, Rhys Talbot, said most forces complied.",
            [
                (
                    "Rhys Talbot",
                    "Rhys Talbot",
                    "director of operations",
                    "Independent Office for Police Conduct",
                )
            ],
        ),
        (
            "Head of standards Jo Marsh said vetting had been tightened.",
            [("Jo Marsh", "Jo Marsh", "head of standards", None)],
        ),
        (
            "Jo Marsh, the force's head of standards, said vetting had been tightened.",
            [("Jo Marsh", "Jo Marsh", "head", None)],
        ),
        # heads of charities, firms and campaigns
        (
            "Ben Ross, who runs the charity Safe Harbour Devon, said victims waited too long.",
            [("Ben Ross", "Ben Ross", None, "Safe Harbour Devon")],
        ),
        (
            "Alys Vane, managing partner at Hollis & Trent Solicitors, said claims were rising.",
            [("Alys Vane", "Alys Vane", "managing partner", "Hollis & Trent Solicitors")],
        ),
        # judges; hyphenated and particle names, in full and later by surname
        (
            "Judge Mair Ellis-Obi said the breach was grave. Judge Ellis-Obi adjourned the case.",
            [
                ("Mair Ellis-Obi", "Mair Ellis-Obi", "Judge", None),
                ("Ellis-Obi", "Mair Ellis-Obi", "Judge", None),
            ],
        ),
        (
            "Superintendent Ana de Souza said the unit was growing.",
            [("Ana de Souza", "Ana de Souza", "Superintendent", None)],
        ),
        # honours drop; a later "Dame <forename>" or bare forename is the same person
        (
            "Dame Ursula Penrose, chair of the panel, spoke first. Later Dame Ursula said the panel would return.",
            [
                ("Ursula Penrose", "Ursula Penrose", "chairman", None),
                ("Ursula", "Ursula Penrose", "chairman", None),
            ],
        ),
        (
            "Cllr Priya Stone asked about delays. Priya said she would hold the force to that.",
            [
                ("Priya Stone", "Priya Stone", "Councillor", None),
                ("Priya", "Priya Stone", "Councillor", None),
            ],
        ),
        # a peer named later without the territorial part is the same person
        (
            "The review was led by Baroness Whitcombe of Ashby. Baroness Whitcombe said change was needed.",
            [
                ("Baroness Whitcombe of Ashby", "Baroness Whitcombe of Ashby", None, None),
                ("Baroness Whitcombe", "Baroness Whitcombe of Ashby", None, None),
            ],
        ),
        # a title is never part of a name; an abbreviation in brackets after a rank is skipped
        (
            "Kent Police's head of standards, Detective Superintendent Jo Bloggs, said cases were reviewed.",
            [("Jo Bloggs", "Jo Bloggs", "Detective Superintendent", "kent")],
        ),
        (
            "Detective Chief Inspector (DCI) Amy Clarke said the unit was growing.",
            [("Amy Clarke", "Amy Clarke", "Detective Chief Inspector", None)],
        ),
        # a peer with a hyphenated name keeps the title; a former office-holder is no official
        (
            "Lord Hogan-Vale, who chairs the review, said the figures were worrying.",
            [("Lord Hogan-Vale", "Lord Hogan-Vale", None, None)],
        ),
        ("Former Met commissioner Lord Hogan-Vale said the figures were worrying.", []),
        # private people who speak are not officials
        ("Sara Penn, whose son was assaulted in custody, said she wanted answers.", []),
        ("Survivor Sara Penn said the force had ignored her.", []),
        # an offender described by age and home town first
        ("PC Dean Holloway, 41, of Chorley, admitted misconduct in a public office.", []),
    ],
)
def test_officials_as_copy_names_them(analyse, text: str, expected: list) -> None:
    assert officials_in(analyse(text)) == expected
