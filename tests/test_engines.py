"""Where the NLP runs: the rule-only pipeline stays in one process whatever --workers says."""

from __future__ import annotations

import logging

import pytest

from extractor.engines import extract_local, statistical
from extractor.ingest import make_article


def test_only_a_pipeline_with_a_trained_model_counts_as_statistical(nlp, nlp_blank) -> None:  # noqa: ANN001
    assert statistical(nlp)
    assert not statistical(nlp_blank)


@pytest.mark.parametrize("workers", [1, 3])
def test_rule_only_pipeline_runs_in_one_process(nlp_blank, caplog, workers: int) -> None:  # noqa: ANN001
    texts = ["Wyvern Vale Police recorded 41 complaints against officers in 2021.",
             "Across the region, forces logged almost 300 allegations between 2019 and 2022."]  # fmt: skip
    articles = [make_article(f"a{i}", "test", t) for i, t in enumerate(texts)]
    with caplog.at_level(logging.INFO, logger="extractor.engines"):
        records = list(extract_local(nlp_blank, articles, workers=workers))
    assert [r.document.id for r in records] == ["a0", "a1"]
    assert [c.value for c in records[1].claims] == [300.0]
    assert ("runs in one process" in caplog.text) == (workers > 1)
