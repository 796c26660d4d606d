"""Quotes as real copy prints them (issue 15): statements over several paragraphs, reports
quoted, outlets told, meeting reports, headlines echoing the body, page furniture.

Every table runs on the full pipeline; the rule-only blank one is exercised by test_quotes.py.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc


def quotes_in(doc: Doc) -> list[tuple[str, str]]:
    return [(q.text, q.speaker) for q in doc._.quotes]


COPY = [
    # a force's statement over three paragraphs: the opening mark repeated, the closing only at the end
    (
        "A spokesperson for Kent Police said:\n\n“We take every complaint seriously.\n\n"
        "“Officers who fall short will be held to account.\n\n“We will publish the results.”",
        [
            ("We take every complaint seriously.", "kent"),
            ("Officers who fall short will be held to account.", "kent"),
            ("We will publish the results.", "kent"),
        ],
    ),
    # the mark opened once and closed paragraphs later, with none repeated between
    (
        "A spokesperson for Kent Police said: “We take every complaint seriously.\n\n"
        "Officers who fall short will be held to account, and we will publish every outcome.\n\n"
        "We encourage anyone with concerns to come forward.”",
        [
            ("We take every complaint seriously.", "kent"),
            ("Officers who fall short will be held to account, and we will publish every outcome.", "kent"),
            ("We encourage anyone with concerns to come forward.", "kent"),
        ],
    ),
    # "a spokeswoman for the force" is the force named before
    (
        "Essex Police received 40 complaints.\n\nA spokeswoman for the force said: “Each one is reviewed.”",
        [("Each one is reviewed.", "essex")],
    ),
    # the same with straight marks, and a closing mark missing at the very end
    (
        'A spokesperson for Kent Police said: "We take every complaint seriously.\n\n'
        '"Officers who fall short will be held to account.',
        [
            ("We take every complaint seriously.", "kent"),
            ("Officers who fall short will be held to account.", "kent"),
        ],
    ),
    # words quoted from a report, after the report's author with an adjective between
    (
        "The IOPC’s latest annual report found that “too many cases drag on for a year”.",
        [("too many cases drag on for a year", "Independent Office for Police Conduct")],
    ),
    # the speaker after "told the Gazette" is the person, not the outlet
    (
        "Police and Crime Commissioner Nia Rowe told the Fenmoor Gazette: “Victims must be believed.”",
        [("Victims must be believed.", "Nia Rowe")],
    ),
    # a place that a statistical model may take for a person does not beat the named official
    (
        "Wessex and Purbeck’s Police and Crime Commissioner, Alan Toller, told Coastline Radio: "
        "“Every victim deserves an answer.”",
        [("Every victim deserves an answer.", "Alan Toller")],
    ),
    # a coordinated predicate: the subject of the first verb speaks
    (
        "Ruth Kemp, chief executive of the charity Safe Harbour Devon, welcomed the review but said "
        'victims needed "to see real change".',
        [("to see real change", "Ruth Kemp")],
    ),
    # alternating speakers in a meeting report
    (
        "Cllr Ada Finch (Harrowfield Borough Council) asked: “How long do these cases take?”\n\n"
        "Chief Constable Mark Ellery said: “Most are finished within a year.”\n\n"
        "Cllr Finch said: “That is not good enough.”",
        [
            ("How long do these cases take?", "Ada Finch"),
            ("Most are finished within a year.", "Mark Ellery"),
            ("That is not good enough.", "Ada Finch"),
        ],
    ),
    # the fullest name the article gives, however the person is named later
    (
        "Dame Ursula Penrose, chair of the panel, said the figures were “a fraction of the truth”.\n\n"
        "Dame Ursula said: “Most victims never report it.”",
        [("a fraction of the truth", "Ursula Penrose"), ("Most victims never report it.", "Ursula Penrose")],
    ),
    # a headline's words are the speaker's the body gives them to, not the headline's subject
    (
        "Fenmoor Police complaints up as lawyer warns figures are 'the tip of it'\n\n"
        "Alys Vane, managing partner at Hollis & Trent Solicitors, said the figures were "
        '"the tip of it".',
        [("the tip of it", "Alys Vane"), ("the tip of it", "Alys Vane")],
    ),
    (
        "FORCE SAYS IT IS 'DOING BETTER'\n\nChief Inspector Lee Moss said the force was \"doing better\".",
        [("DOING BETTER", "Lee Moss"), ("doing better", "Lee Moss")],
    ),
    # "he" after a sentence about someone who has not spoken is that person, not the last speaker
    (
        "Cllr Ada Finch said: “We want answers.”\n\n"
        "Rob Kell, 29, of Fenton, was jailed for two years. He told the court: “I am sorry.”",
        [("We want answers.", "Ada Finch"), ("I am sorry.", "Rob Kell")],
    ),
    # ... but "he added" after the person's own words stays with them
    (
        "Chief Constable Mark Ellery said the figures were worrying. He added: “We will act.”",
        [("We will act.", "Mark Ellery")],
    ),
    # a private person speaks without being an official
    (
        "Sara Penn, whose son was assaulted in custody, said: “Nobody has told us anything.”",
        [("Nobody has told us anything.", "Sara Penn")],
    ),
    # more reporting verbs give a fragment to its speaker
    (
        "Chief Constable Mark Ellery vowed to “root out” officers who abuse their position.",
        [("root out", "Mark Ellery")],
    ),
    # a paper quoted is the speaker by its name
    (
        "Complaints rose, according to the Fenmoor Gazette, which said the force was “failing victims”.",
        [("failing victims", "Fenmoor Gazette")],
    ),
    # another story's headline on a "Read more" line quotes no one here
    ("Read more: Kent Police chief says “we will act”\n\nKent Police said it was reviewing the figures.", []),
    # page furniture never speaks; labels and scare quotes are no quotes
    (
        "MOST READ\n\nThe force said it had recorded what it calls “improper contact” in 12 cases.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), COPY)
def test_quotes_as_copy_prints_them(analyse, text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_in(analyse(text)) == expected
