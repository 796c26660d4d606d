"""Other bodies: the lexicon, the generic head-noun rule, credits excluded."""

from __future__ import annotations

import pytest


def bodies_in(doc) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in doc._.entities if m.label == "ORG"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The IOPC said it would review the case.", [("IOPC", "Independent Office for Police Conduct")]),
        (
            "The Independent Office for Police Conduct, which oversees complaints, agreed.",
            [("Independent Office for Police Conduct", "Independent Office for Police Conduct")],
        ),
        ("A Home Office spokesperson said the law would change.", [("Home Office", "Home Office")]),
        (
            "The National Police Chief's Council chairman spoke.",
            [("National Police Chief's Council", "National Police Chiefs' Council")],
        ),
        (
            "Groups such as Rape Crisis and Women’s Aid welcomed it.",
            [("Rape Crisis", "Rape Crisis"), ("Women’s Aid", "Women's Aid")],
        ),
        ("The request was submitted by the PA news agency.", [("PA news agency", "PA news agency")]),
        (
            "The figures were shared with HMICFRS last year.",
            [("HMICFRS", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services")],
        ),
        # an unlisted body, by its head noun
        (
            "The Northshire Victims Alliance called for an inquiry.",
            [("Northshire Victims Alliance", "Northshire Victims Alliance")],
        ),
        # a renamed body takes its current name
        ("The IPCC investigated in 2015.", [("IPCC", "Independent Office for Police Conduct")]),
        # credits are page furniture; a force's department is no body
        ("Home Secretary Priti Patel Credit: PA", []),
        ("The Professional Standards Department reviewed the case.", []),
    ],
)
def test_bodies(analyse, sentence: str, expected: list[tuple[str, str]]) -> None:
    assert bodies_in(analyse(sentence)) == expected
