"""The statistical model's lemmatizer, run from token arrays.

spaCy's rule lemmatizer builds a Token object for every token and sets ``lemma_`` one
at a time: on wire copy it cost 1.3 s per 1,000 articles, a quarter of what extractor's
own components cost. A token's lemma is a function of its text, part of speech and
morphology alone (the lemmatizer's tables are fixed once loaded), so this reads those
three as one array, asks the model's own lemmatizer only for a combination it has not
seen, and writes every lemma back as one array. The lemmas are the model's, token for
token; only the bookkeeping changes.

Applied by :func:`extractor.load` to the loaded pipeline; ``base_pipeline`` (the bare
model, the bench's baseline) and a pipeline saved with ``nlp.to_disk`` keep spaCy's own
class (the saved config names spaCy's ``lemmatizer`` factory either way).
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc


class ArrayLemmatizer(EnglishLemmatizer):
    """spaCy's English lemmatizer with ``__call__`` over arrays (same lemmas)."""

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            if len(doc):
                doc.from_array([LEMMA], self._lemmas(doc))
        except Exception as exc:  # noqa: BLE001 - spaCy's error handler decides, as in its own
            self.get_error_handler()(self.name, self, [doc], exc)
        return doc

    def initialize(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - spaCy's signature
        """New tables: the lemmas worked out from the old ones are forgotten."""
        self.__dict__.pop("_memo", None)
        super().initialize(*args, **kwargs)

    def _lemmas(self, doc: Doc) -> numpy.ndarray:
        """Every token's lemma hash: kept where set (unless ``overwrite``), else the model's
        lemma of (text, POS, morphology), worked out once per combination."""
        memo: dict[tuple[int, int, int], int] = self.__dict__.setdefault("_memo", {})
        strings = doc.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not self.overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.lemmatize(doc[i])[0])
            lemmas.append(found)
        return numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1)


def array_lemmatizer(nlp: Language) -> None:
    """Switch the pipeline's English lemmatizer (rule or lookup mode) to
    :class:`ArrayLemmatizer`, in place; any other lemmatizer is left as it is."""
    for _, pipe in nlp.pipeline:
        if type(pipe) is EnglishLemmatizer and pipe.mode in ("rule", "lookup"):
            pipe.__class__ = ArrayLemmatizer
