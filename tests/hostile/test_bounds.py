"""Bounds that keep one article's cost linear (issue 16): no sentence runs past
``max_sentence_tokens`` tokens, and a record keeps a window of at most
``sentence_window_chars`` characters of its sentence, offsets intact."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.ingest import make_article
from extractor.pipeline.paragraphs import ParagraphBreaks
from extractor.records.base import window
from extractor.run import make_doc

SENTENCE = "Officers from Caddington Police and two other forces reviewed 58 complaints over three years."


@pytest.mark.parametrize(
    ("span", "size", "expected"),
    [
        # short enough: the sentence whole
        ("58", 200, SENTENCE),
        # cut around the number, at spaces, never inside a word
        ("58", 40, "forces reviewed 58 complaints over"),
        # at the start: the room left over goes to the right
        ("Officers", 30, "Officers from Caddington"),
        # at the end: the room left over goes to the left
        ("years.", 30, "complaints over three years."),
        # a span longer than the window is kept whole
        ("Caddington Police and two other forces", 10, "Caddington Police and two other forces"),
    ],
)  # fmt: skip
def test_window(span: str, size: int, expected: str) -> None:
    text = "Headline\n" + SENTENCE
    start = text.index(SENTENCE)
    span_start = text.index(span)
    lo, cut = window(start, SENTENCE, span_start, span_start + len(span), size)
    assert cut == expected
    assert text[lo : lo + len(cut)] == cut
    assert lo <= span_start and span_start + len(span) <= lo + len(cut)
    assert len(cut) <= max(size, len(span))


@pytest.mark.parametrize(
    ("text", "limit", "longest"),
    [
        # no punctuation at all: cut at the limit
        (" ".join(["officers"] * 95), 30, 30),
        # commas: cut after the last comma in the second half of the run
        (", ".join(["six complaints against officers"] * 40), 30, 30),
        # a short article is left to the parser (one run here)
        ("Eight officers left. Two joined.", 30, 7),
        # full stops: a long paragraph is cut where a sentence ends, not at a comma
        (" ".join(["Officers, staff and volunteers were questioned twice, then released."] * 6), 30, 24),
    ],
)
def test_sentences_are_bounded(nlp_blank: Language, text: str, limit: int, longest: int) -> None:
    # the tokens alone, then this component: the sentences are the ones it forces
    doc = ParagraphBreaks("bounded", limit)(nlp_blank.make_doc(text))
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) == longest and sum(lengths) == len(doc)
    if len(doc) > limit and ("." in text or "," in text):  # cut after a full stop, else a comma
        ends = "." if "." in text else ","
        assert all(doc[s.start - 1].text == ends for s in list(doc.sents)[1:])


def test_a_long_run_becomes_bounded_records(nlp_blank: Language) -> None:
    clause = "Harrowgate Police logged 16 complaints against officers in 2020, "
    text = clause * 120
    doc = nlp_blank(make_doc(nlp_blank, make_article("run", "run.txt", text)))
    claims = doc._.claims
    assert len(claims) == 120
    for claim in claims:
        assert len(claim.sentence) <= 400
        assert text[claim.sentence_start : claim.sentence_start + len(claim.sentence)] == claim.sentence
        assert claim.sentence_start <= claim.start < claim.end <= claim.sentence_start + len(claim.sentence)


def test_max_sentence_tokens_is_checked() -> None:
    with pytest.raises(ValueError, match="max_sentence_tokens"):
        ParagraphBreaks("bad", 3)


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_file_bytes": 10, "max_article_chars": 10}, "missing key"),
        ({"max_file_bytes": 10, "max_article_chars": 10, "sentence_window_chars": 10, "max_lines": 3}, "unknown key"),
        ({"max_file_bytes": 0, "max_article_chars": 10, "sentence_window_chars": 10}, "above 0"),
        ({"max_file_bytes": "20MB", "max_article_chars": 10, "sentence_window_chars": 10}, "whole number"),
    ],
)  # fmt: skip
def test_limits_are_checked_on_load(tmp_path, limits: dict, message: str) -> None:
    import json

    from extractor.lexicons import LexiconError, load_ingest_settings, models_path

    settings = json.loads(models_path("ingest.json").read_text(encoding="utf-8"))
    settings["limits"] = limits
    path = tmp_path / "ingest.json"
    path.write_text(json.dumps(settings), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_ingest_settings(path)
