"""Other bodies: the lexicon, the generic head-noun rule, credits excluded."""

from __future__ import annotations

import json

import pytest
import spacy

from extractor.lexicons import LexiconError, models_path


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # public bodies by their heads, with "and", "of", "&" and possessives inside the name
        (
            "Councillors on the Wealdmoor Police and Crime Panel questioned the chief constable.",
            [("Wealdmoor Police and Crime Panel", "Wealdmoor Police and Crime Panel")],
        ),
        (
            "Cllr Ada Finch (Harrowfield Borough Council) asked about delays.",
            [("Harrowfield Borough Council", "Harrowfield Borough Council")],
        ),
        (
            "A director of the Fenmoor Women’s Refuge Network said more was needed.",
            [("Fenmoor Women’s Refuge Network", "Fenmoor Women's Refuge Network")],
        ),
        (
            "Jo Marsh, a partner at Hollis & Trent Solicitors in Leeds, represents claimants.",
            [("Hollis & Trent Solicitors", "Hollis & Trent Solicitors")],
        ),
        (
            "A spokesperson for the Wessex and Isle of Purbeck Police Federation said morale was low.",
            [
                (
                    "Wessex and Isle of Purbeck Police Federation",
                    "Wessex and Isle of Purbeck Police Federation",
                )
            ],
        ),
        (
            "The IOPC and Police Federation agreed.",
            [
                ("IOPC", "Independent Office for Police Conduct"),
                ("Police Federation", "Police Federation of England and Wales"),
            ],
        ),
        # a head then "of"/"for" and a proper name
        (
            "Researchers at the University of Fenmoor studied the data.",
            [("University of Fenmoor", "University of Fenmoor")],
        ),
        (
            "The Commission for Victims and Witnesses said delays were growing.",
            [("Commission for Victims and Witnesses", "Commission for Victims and Witnesses")],
        ),
        (
            "Meanwhile Harrowfield Borough Council said it would review the contract.",
            [("Harrowfield Borough Council", "Harrowfield Borough Council")],
        ),
        # parties, also as an affiliation in brackets
        (
            "Cllr Joan Marsh (Wessex Civic Party) asked about delays.",
            [("Wessex Civic Party", "Wessex Civic Party")],
        ),
        ("The Welsh Government said it would fund more refuges.", [("Welsh Government", "Welsh Government")]),
        # a name after a noun that says what it is
        (
            "Ben Ross, who runs the Exeter-based charity Safe Harbour Devon, said victims waited too long.",
            [("Safe Harbour Devon", "Safe Harbour Devon")],
        ),
        (
            "Campaign group Fair Searches Now said the fall was welcome.",
            [("Fair Searches Now", "Fair Searches Now")],
        ),
        # a head alone names no body; a body after a credit label is page furniture
        ("The Council met on Tuesday.", []),
        # capitalised common nouns name no body: the article writes them in lower case too
        ("The Local Authority said local services would cope.", []),
        ("Officer Sacked As Misconduct Panel Sits\n\nThe hearing found gross misconduct.", []),
        # laws are no bodies
        ("Figures obtained by Freedom of Information requests show a rise.", []),
        ("Officers on patrol. (Image: Fenmoor Gazette)", []),
    ],
)
def test_bodies_by_head_and_classifier(analyse, text: str, expected: list[tuple[str, str]]) -> None:
    assert bodies_in(analyse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # news organisations acting in the story, by what they do
        (
            "Figures obtained by the Fenmoor Gazette show complaints rose.",
            [("Fenmoor Gazette", "Fenmoor Gazette")],
        ),
        (
            "The chief constable told Coastline Radio the numbers were falling.",
            [("Coastline Radio", "Coastline Radio")],
        ),
        # the outlet's own piece of work after its name is no part of it
        (
            "Vetting refusals doubled, a Harbourside Echo analysis has found.",
            [("Harbourside Echo", "Harbourside Echo")],
        ),
        (
            "Valley Sound News understands that two more officers are suspended.",
            [("Valley Sound News", "Valley Sound News")],
        ),
        (
            "The figures were released to Northway Media under the Freedom of Information Act.",
            [("Northway Media", "Northway Media")],
        ),
        # named again in full and by its head alone, once named in full
        (
            "Figures obtained by the Harbour Ledger show a rise. The force told the Ledger it was acting. "
            "Harbour Ledger asked for a comment.",
            [
                ("Harbour Ledger", "Harbour Ledger"),
                ("Ledger", "Harbour Ledger"),
                ("Harbour Ledger", "Harbour Ledger"),
            ],
        ),
        # an outlet the story names by its head alone is "The <Head>"; with its full name
        # given elsewhere, that name
        (
            "The chief constable told the Courier that vetting had improved. The Courier asked for the data.",
            [("Courier", "The Courier"), ("Courier", "The Courier")],
        ),
        (
            "The force told the Gazette it was acting. Figures obtained by the Fenmoor Gazette show a rise.",
            [("Gazette", "Fenmoor Gazette"), ("Fenmoor Gazette", "Fenmoor Gazette")],
        ),
        ("The Echo understands that two officers were suspended.", [("Echo", "The Echo")]),
        (
            "Fenmoor Live has asked the force how many officers were suspended.",
            [("Fenmoor Live", "Fenmoor Live")],
        ),
        # a known outlet, by its canonical name; not in a byline or a "Read more" line
        ("The chief constable told the BBC the force was changing.", [("BBC", "BBC")]),
        ("Officers at the scene on Monday (PA)\n\nThe force said it was acting.", []),
        ("By Ann Lowe, PA news agency\n\nThe force said it was acting.", []),
        ("Read more: Reuters reports on the Fenmoor Gazette\n\nThe force said it was acting.", []),
        # a place or people after a cue is no outlet
        ("Freedom of Information requests to Welsh forces show a rise.", []),
        ("Most offences reported by Black women were not recorded.", []),
        # "told" a person is no outlet
        ("The inspector told Ann Lowe that the case was closed.", []),
    ],
)
def test_news_organisations(analyse, text: str, expected: list[tuple[str, str]]) -> None:
    assert bodies_in(analyse(text)) == expected


@pytest.mark.parametrize(
    ("setting", "file_name", "key"),
    [
        ("outlet_rules_path", "outlet_rules.json", "cues_befor"),
        ("rules_path", "body_rules.json", "generic_head"),
    ],
)
def test_rules_files_reject_unknown_keys(tmp_path, setting: str, file_name: str, key: str) -> None:
    rules = json.loads(models_path(file_name).read_text(encoding="utf-8"))
    rules[key] = []
    path = tmp_path / file_name
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(LexiconError, match=key):
        spacy.blank("en").add_pipe("extractor_bodies", config={setting: str(path)})


def test_outlet_list_rejects_unknown_keys(tmp_path) -> None:
    path = tmp_path / "outlets.jsonl"
    path.write_text('{"name": "Fenmoor Gazette", "aliases": [], "kind": "news"}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="outlets.jsonl line 1"):
        spacy.blank("en").add_pipe("extractor_bodies", config={"outlets_path": str(path)})
