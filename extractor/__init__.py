"""extractor: police-force facts from UK news wire copy, with provenance."""

__version__ = "0.1.0"


def load(model: str = "auto", **kwargs):  # noqa: ANN201 - spacy import is deferred
    """Build the extraction pipeline (see :func:`extractor.pipeline.load`)."""
    from .pipeline import load as _load

    return _load(model, **kwargs)
