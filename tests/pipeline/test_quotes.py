"""Quotes and their speakers: one table row per attribution style, odd marks, scare quotes.

Every style table runs on the full pipeline and on the rule-only blank one.
"""

from __future__ import annotations

import json
import pickle

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.ingest import make_article
from extractor.lexicons import LexiconError, models_path
from extractor.records.quotes import COLUMNS, Quote, doc_quotes, paragraph, speaker_at
from extractor.run import make_doc

PIPELINES = ["analyse", "blank"]


@pytest.fixture(scope="session")
def analyse_blank(nlp_blank: Language):
    def _analyse(text: str, doc_id: str = "t") -> Doc:
        return nlp_blank(make_doc(nlp_blank, make_article(doc_id, "test", text)))

    return _analyse


@pytest.fixture(params=PIPELINES)
def run(request, analyse, analyse_blank):
    return analyse if request.param == "analyse" else analyse_blank


def quotes_in(doc: Doc) -> list[tuple[str, str]]:
    return [(q.text, q.speaker) for q in doc._.quotes]


STYLES = [
    # X said: "..." in the same paragraph
    (
        'Chief Constable Sarah Crew said: "We will not tolerate this behaviour in our ranks."',
        [("We will not tolerate this behaviour in our ranks.", "Sarah Crew")],
    ),
    # X said: then the quote in the next paragraph
    (
        "Assistant Chief Constable Ben Harrington said:\n\n"
        '"Every report we receive is investigated thoroughly and independently."',
        [("Every report we receive is investigated thoroughly and independently.", "Ben Harrington")],
    ),
    # "...," X said.
    (
        '"We are determined to root out anyone who abuses their position," Detective Chief '
        "Superintendent Hannah Price said.",
        [("We are determined to root out anyone who abuses their position,", "Hannah Price")],
    ),
    # "...," said X.
    (
        '"Vetting must be done again for every serving officer," said Commander Ravi Menon.',
        [("Vetting must be done again for every serving officer,", "Ravi Menon")],
    ),
    # a quote split by the attribution, speaker named in the sentence before
    (
        "Chief Constable Tim Hollis spoke after the figures were published.\n\n"
        '"The public deserve better," he said. "We will publish every outcome."',
        [("The public deserve better,", "Tim Hollis"), ("We will publish every outcome.", "Tim Hollis")],
    ),
    # a quote over several paragraphs: each reopens the mark, none closes but the last
    (
        'Deputy Chief Constable Rachel Swann said: "Abuse of trust is unacceptable.\n\n'
        '"We have increased our vetting checks this year.\n\n'
        '"Anyone with concerns should contact us."',
        [
            ("Abuse of trust is unacceptable.", "Rachel Swann"),
            ("We have increased our vetting checks this year.", "Rachel Swann"),
            ("Anyone with concerns should contact us.", "Rachel Swann"),
        ],
    ),
    # colon-introduced, a force speaking
    (
        'In a statement, Lancashire Constabulary said: "All allegations are taken seriously."',
        [("All allegations are taken seriously.", "lancashire")],
    ),
    # "..." - Name, role
    (
        '"Victims must be able to trust the police." - Chief Superintendent Joanne Kirk, head of '
        "professional standards at Dorset Police",
        [("Victims must be able to trust the police.", "Joanne Kirk")],
    ),
    # curly double quotes, and mixed curly opening with a straight closing mark
    (
        "Chief Superintendent Neil Hunter said: “We act on every report.”\n\n"
        'He added: “Officers know what is expected of them."',
        [
            ("We act on every report.", "Neil Hunter"),
            ("Officers know what is expected of them.", "Neil Hunter"),
        ],
    ),
    # single quotes as the outer marks, with apostrophes and a possessive inside
    (
        "Detective Inspector Paul Fenwick said: 'We don't ignore any complaint and we act on every one.'\n\n"
        "'The officers' conduct was wrong,' he said.",
        [
            ("We don't ignore any complaint and we act on every one.", "Paul Fenwick"),
            ("The officers' conduct was wrong,", "Paul Fenwick"),
        ],
    ),
    # curly single outer marks
    (
        "‘We don’t accept excuses for this behaviour,’ said Inspector Carl Moss.",
        [("We don’t accept excuses for this behaviour,", "Carl Moss")],
    ),
    # block paragraph without marks, attribution at its end ("... DSU X, Force")
    (
        "Detective Superintendent Claire Dunn, head of standards at Durham Constabulary, said:\n\n"
        "The conduct of a small minority of officers has damaged trust, and we are determined to "
        "root it out wherever we find it. DSU Claire Dunn, Durham Constabulary",
        [
            (
                "The conduct of a small minority of officers has damaged trust, and we are determined "
                "to root it out wherever we find it.",
                "Claire Dunn",
            )
        ],
    ),
    # block paragraph, attribution on the line below (broadcast style)
    (
        "Superintendent Gareth Lloyd said:\n\n"
        "Every allegation is recorded and every officer accused is investigated by our "
        "professional standards team without exception.\nSuperintendent Gareth Lloyd, Gwent Police",
        [
            (
                "Every allegation is recorded and every officer accused is investigated by our "
                "professional standards team without exception.",
                "Gareth Lloyd",
            )
        ],
    ),
    # a block paragraph attributed to a body, after a marked quote of the same statement
    (
        'The Independent Office for Police Conduct said: "Forces must do more.\n\n'
        "Each case reported represents a betrayal of the trust that people place in the police. "
        "The Independent Office for Police Conduct",
        [
            ("Forces must do more.", "Independent Office for Police Conduct"),
            (
                "Each case reported represents a betrayal of the trust that people place in the police.",
                "Independent Office for Police Conduct",
            ),
        ],
    ),
    # "He added:", "He continued:" and "She said" resolve to the last named speaker
    (
        'Detective Superintendent Mark Ellis said: "We will act."\n\n'
        "The figures were published on Monday.\n\n"
        'He added: "There is no place for misconduct here."\n\n'
        'He continued: "There is more to do."',
        [
            ("We will act.", "Mark Ellis"),
            ("There is no place for misconduct here.", "Mark Ellis"),
            ("There is more to do.", "Mark Ellis"),
        ],
    ),
    (
        'Chief Inspector Emma Lowry said the force had acted. She said: "We listened to the victims."',
        [("We listened to the victims.", "Emma Lowry")],
    ),
    # an unnamed spokesperson gives the body: a force id, or the body's name
    (
        'A spokesperson for Devon and Cornwall Police said: "We take every report seriously."',
        [("We take every report seriously.", "devon-and-cornwall")],
    ),
    (
        'A Home Office spokesperson said: "Officers who fall short will be removed."',
        [("Officers who fall short will be removed.", "Home Office")],
    ),
    # "A spokesperson said" beside a paragraph on one body
    (
        "The Independent Office for Police Conduct said it had written to every force.\n\n"
        'A spokesperson said: "Forces must act quickly on every complaint."',
        [("Forces must act quickly on every complaint.", "Independent Office for Police Conduct")],
    ),
    # appositives between the name and the cue
    (
        "Martin Hewitt, chairman of the National Police Chiefs' Council, said: "
        '"Public confidence must be restored."',
        [("Public confidence must be restored.", "Martin Hewitt")],
    ),
    (
        "Detective Chief Inspector Owen Carr, of the force's professional standards department, said:"
        '\n\n"We act on every report we receive."',
        [("We act on every report we receive.", "Owen Carr")],
    ),
    (
        'Lucy Harding, 31, who reported an officer in 2021, said: "Nobody listened to me."\n\n'
        '"I was ignored," said Ms Harding.',
        [("Nobody listened to me.", "Lucy Harding"), ("I was ignored,", "Lucy Harding")],
    ),
    # introduced in one sentence, attributed in the next
    (
        "Commissioner Mark Rowley said the force would change. "
        '"We will root out those who corrupt our integrity."',
        [("We will root out those who corrupt our integrity.", "Mark Rowley")],
    ),
    (
        "Kent Police's Deputy Chief Constable says the force will not stand for conduct which "
        "'falls below what the public expect'.\n\n"
        'Deputy Chief Constable Jane Holt said: "We will act."',
        [("falls below what the public expect", "Jane Holt"), ("We will act.", "Jane Holt")],
    ),
    # "she said" after a sentence that reported a body's spokesperson: that body
    (
        "Wiltshire Police has revised its vetting figures.\n\nThe old total counted transfers twice, a "
        'spokeswoman for the force said.\n\n"That was our mistake," she said. "The new count is checked."',
        [("That was our mistake,", "wiltshire"), ("The new count is checked.", "wiltshire")],
    ),
    # "The report said" opening its sentence: the body the article named as its author
    (
        "The College of Policing published a review of vetting on Tuesday.\n\nThe report said forces "
        'had been "too slow to act" on warnings.',
        [("too slow to act", "College of Policing")],
    ),
    # according to
    (
        '"The system is broken," according to the Police Federation of England and Wales.',
        [("The system is broken,", "Police Federation of England and Wales")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STYLES)
def test_attribution_styles(run, text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_in(run(text)) == expected


@pytest.mark.parametrize(
    ("text", "cue", "rule"),
    [
        ('Sergeant Amy Cole said: "We act."', "said", "colon-intro"),
        ('"We act," added Sergeant Amy Cole.', "added", "trailing"),
        ('Sergeant Amy Cole said: "We act."\n\nShe continued: "We learn."', "continued", "colon-intro"),
        ('Sergeant Amy Cole pointed out that reports were "rising fast".', "pointed out", "in-sentence"),
        ('According to Sergeant Amy Cole, reports were "rising fast".', "according to", "in-sentence"),
        ('"We act." - Sergeant Amy Cole', "", "dash"),
    ],
)
def test_cue_and_rule(run, text: str, cue: str, rule: str) -> None:
    last = run(text)._.quotes[-1]
    assert (last.cue, last.rule, last.speaker) == (cue, rule, "Amy Cole")


ODD_MARKS = [
    # a quote never closed ends at its paragraph's end; the next paragraph's quote still comes out
    (
        'Kent Police said: "We will act on every report we receive.\n\n'
        "The figures were published on Friday.\n\n"
        'Chief Constable Alan Pugh said: "We are not complacent."',
        [("We will act on every report we receive.", "kent"), ("We are not complacent.", "Alan Pugh")],
    ),
    # a quote mark inside a word, and an odd number of marks
    (
        'The force"s figures were released. Chief Constable Dan Cole said: "We act quickly."\n\n'
        'Another "stray mark sits here.',
        [("We act quickly.", "Dan Cole")],
    ),
    # never closed at the end of the text: it runs to the last non-space character
    (
        'Chief Constable Ivan Balhatchet said: "We will act on every single report we receive   ',
        [("We will act on every single report we receive", "Ivan Balhatchet")],
    ),
    # a closing mark never opened, on a paragraph continuing the quote before
    (
        'Sergeant Lee Park said: "We are ready.\n\nEvery officer has been trained."',
        [("We are ready.", "Lee Park"), ("Every officer has been trained.", "Lee Park")],
    ),
    # nothing but marks and apostrophes
    ("\"' ’ “ ” ‘\n\n'\"", []),
    ("Officers' files and the forces’ records were kept in the '90s.", []),
]


@pytest.mark.parametrize(("text", "expected"), ODD_MARKS)
def test_odd_marks_do_not_raise(run, text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_in(run(text)) == expected


SCARE_QUOTES = [
    # a fragment given by a reporting verb to an identified speaker is a quote
    ('Prime Minister Rishi Sunak says there is "a massive job" ahead.', [("a massive job", "Rishi Sunak")]),
    ('Durham Constabulary said it takes all complaints "very seriously".', [("very seriously", "durham")]),
    (
        'The figures were "deeply worrying", the IOPC said.',
        [("deeply worrying", "Independent Office for Police Conduct")],
    ),
    (
        "The End Violence Against Women Coalition, which includes groups such as Rape Crisis, has "
        'called for a "radical rethink" of vetting.',
        [("radical rethink", "End Violence Against Women Coalition")],
    ),
    # no one named is said to have said it
    ('Officers said there was "a massive job" to be done.', []),
    ('There is "a massive job" to be done, the report says.', []),
    ('Campaigners said the figures were "shocking".', []),
    # two forces at once cannot be one speaker
    (
        "West Midlands Police and West Mercia Police gave no data, with both forces saying doing so "
        'would exceed "appropriate" cost limits.',
        [],
    ),
    # outcome and category labels, terms, titles
    ('In seven cases complaints were not upheld or had "no case to answer".', []),
    ("Most complaints ended with a finding of 'no case to answer', Kent Police said.", []),
    ("Two cases were described as 'locally resolved'.", []),
    ("Kent Police said some cases went through what it calls 'reflective practice'.", []),
    ('Kent Police said the threshold for "misconduct" was not met.', []),
    ('An inquiry will look into the "systematic failures" that let him join the police.', []),
    (
        'Chief Constable Jo Bloggs told BBC Radio 4\'s "Today" programme: "We will act."',
        [("We will act.", "Jo Bloggs")],
    ),
    # headlines: a quote only when the same words are given to a named speaker elsewhere
    (
        "Force 'resolute' on standards\n\nChief Constable Jo Farrell said the force was \"resolute\" in its approach.",
        [("resolute", "Jo Farrell"), ("resolute", "Jo Farrell")],
    ),
    ("Force 'resolute' on standards\n\nThe force published its figures on Friday.", []),
    # a full quote whose attribution names no one is no quote either
    ('A victims\' group said: "This is a scandal."', []),
]


@pytest.mark.parametrize(("text", "expected"), SCARE_QUOTES)
def test_scare_quotes_and_fragments(run, text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_in(run(text)) == expected


# --- records and helpers ------------------------------------------------------------------


def test_records_are_in_raw_offsets_with_repeats(analyse) -> None:
    quoted = 'Chief Constable Nick Dean said: "We require the highest standards from every officer."'
    text = f"date 2022-03-01\nHeadline here\n\n{quoted}\n\nMore text here.\n\n{quoted}\n"
    doc = analyse(text, doc_id="cambs")
    records = doc._.quotes
    assert [(r.quote_id, r.rule) for r in records] == [
        ("cambs:q1", "colon-intro"),
        ("cambs:q2", "colon-intro+repeat"),
    ]
    for r in records:
        assert text[r.start : r.end] == "We require the highest standards from every officer."
        assert r.doc_id == "cambs" and r.speaker == "Nick Dean" and r.cue == "said"


def test_quote_record_columns_and_prediction(analyse) -> None:
    doc = analyse('A spokesperson for Staffordshire Police said: "We take every complaint seriously."')
    (record,) = doc._.quotes
    assert isinstance(record, Quote)
    assert (
        Quote.columns()
        == COLUMNS
        == [
            "quote_id",
            "doc_id",
            "speaker",
            "speaker_id",
            "cue",
            "text",
            "start",
            "end",
            "rule",
        ]
    )
    assert list(record.to_dict()) == COLUMNS
    assert record.to_dict()["speaker_id"] == "staffordshire"
    assert paragraph(doc, record) == doc.text
    prediction = record.to_prediction()
    assert prediction["span"] == "We take every complaint seriously."
    assert {k: prediction[k] for k in ("speaker", "cue", "rule")} == {
        "speaker": "staffordshire",
        "cue": "said",
        "rule": "colon-intro",
    }


def test_speaker_id_is_the_persons_org(analyse) -> None:
    doc = analyse('Cumbria Constabulary\'s Detective Superintendent Dave Lyle said: "We act."')
    assert [(q.speaker, q.speaker_id) for q in doc._.quotes] == [("Dave Lyle", "cumbria")]


def test_speaker_at_gives_a_figure_its_speaker(analyse) -> None:
    text = (
        "Kent Police recorded 40 complaints.\n\n"
        'Chief Constable Alan Pugh said: "Fewer than 2 per cent of our officers were accused."\n\n'
        '"We are sorry," a bystander said.'
    )
    doc = analyse(text)
    two = text.index("2 per cent")
    assert speaker_at(doc, two, two + 1) == "Alan Pugh"
    forty = text.index("40")
    assert speaker_at(doc, forty, forty + 2) is None
    sorry = text.index("We are sorry")
    assert speaker_at(doc, sorry, sorry + 5) == ""  # inside marks, but no one named
    assert doc_quotes(doc, include_unattributed=True)[-1].speaker == ""


def test_span_group_is_plain_data_and_pickles(analyse) -> None:
    doc = analyse('Sergeant Amy Cole said: "We act."\n\n"We learn," she added.')
    group = doc.spans["quotes"]
    assert [(s.label_, s.kb_id_, s.id_) for s in group] == [
        ("QUOTE", "Amy Cole", "colon-intro"),
        ("QUOTE", "Amy Cole", "trailing"),
    ]
    assert json.loads(json.dumps(group.attrs["quotes"])) == group.attrs["quotes"]
    again = pickle.loads(pickle.dumps(doc))
    assert [q.to_dict() for q in again._.quotes] == [q.to_dict() for q in doc._.quotes]


def test_rules_file_rejects_unknown_keys(tmp_path) -> None:
    rules = json.loads(models_path("quote_rules.json").read_text(encoding="utf-8"))
    rules["reporting_verbz"] = ["said"]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(LexiconError, match="reporting_verbz"):
        spacy.blank("en").add_pipe("extractor_quotes", config={"rules_path": str(path)})
