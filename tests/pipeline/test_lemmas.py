"""The model's lemmatizer run from arrays gives the model's own lemmas, token for token."""

from __future__ import annotations

import pytest
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language

from extractor.pipeline import base_pipeline
from extractor.pipeline.lemmas import ArrayLemmatizer

# invented copy: one word as several parts of speech ("leaves", "complaints", "saw"),
# irregular forms, numbers, quotes, line breaks and spaces the tokenizer keeps
TEXTS = [
    "Officers saw 14 saws; she leaves as the leaves fall.",
    "The force's complaints were complained about by 212 people, and fewer men than women.",
    '"We are better than we were," said Chief Constable Ada Fenwick.\n\nShe was spoken to twice.',
    "Complaints rose  sharply in 2021/22 — up 9.5 per cent — across Westshire Constabulary's areas.",
    "",
]


@pytest.fixture(scope="module")
def bare() -> Language:
    return base_pipeline("auto")


def test_the_pipeline_sets_the_model_lemmas(nlp: Language, bare: Language) -> None:
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)
    assert type(bare.get_pipe("lemmatizer")) is EnglishLemmatizer  # the baseline keeps spaCy's
    for text in TEXTS * 2:  # the second time round, from the memo
        ours = nlp(text)
        theirs = bare(text)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    assert [t.lemma_ for t in nlp("Officers saw 14 saws")] == ["officer", "see", "14", "saw"]


def test_a_lemma_set_before_is_kept(nlp: Language) -> None:
    lemmatizer = nlp.get_pipe("lemmatizer")
    doc = nlp.make_doc("Complaints were upheld")
    for name, proc in nlp.pipeline:
        if name == "lemmatizer":
            break
        doc = proc(doc)
    doc[0].lemma_ = "grievance"
    assert not lemmatizer.overwrite
    assert [t.lemma_ for t in lemmatizer(doc)] == ["grievance", "be", "uphold"]


def test_new_tables_forget_the_memo(bare: Language) -> None:
    lemmatizer = bare.get_pipe("lemmatizer")
    lemmatizer.__class__ = ArrayLemmatizer  # on this module's own model: the session's is shared
    try:
        bare("Officers saw 14 saws")
        assert lemmatizer.__dict__.get("_memo")
        lemmatizer.initialize(lookups=lemmatizer.lookups)
        assert "_memo" not in lemmatizer.__dict__
        assert [t.lemma_ for t in bare("Officers saw 14 saws")] == ["officer", "see", "14", "saw"]
    finally:
        lemmatizer.__class__ = EnglishLemmatizer
