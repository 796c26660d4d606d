"""``extractor evaluate``: predict on a gold file, score ours and the baselines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from .gold import load_gold
from .predict import predict
from .score import list_errors, score


@dataclass
class Evaluation:
    result: dict[str, Any]
    predictions: list[dict[str, Any]]
    gold: list[dict[str, Any]]
    pred_figures: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, dict[str, Any]] = field(default_factory=dict)

    def errors(self) -> list[dict[str, Any]]:
        return list_errors(self.gold, self.predictions, pred_figures=self.pred_figures)


def predicted_figures(predictions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures reconciled over the predicted claims, as the scorer reads them."""
    from ..reconcile import figures_for_scoring

    return figures_for_scoring(predictions)


def evaluate(gold_path: str | Path, nlp: Language, *, baselines: bool = True) -> Evaluation:
    gold = load_gold(gold_path)
    predictions = list(predict(nlp, gold))
    figures = predicted_figures(predictions)
    result = score(gold, predictions, pred_figures=figures)
    evaluation = Evaluation(result, predictions, gold, figures)
    if baselines:
        evaluation.baselines = score_baselines(gold)
    return evaluation


def score_baselines(gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from ..pipeline import base_pipeline
    from . import baselines as b

    stock_nlp = base_pipeline("auto")
    out = {
        "stock": score(gold, list(b.stock(stock_nlp, gold)), pred_figures=[]),
        "quantulum": score(gold, list(b.quantulum(gold)), pred_figures=[]),
    }
    if b.textacy_available():
        out["textacy"] = score(gold, list(b.textacy_quotes(stock_nlp, gold)), pred_figures=[])
    return out


def write_predictions(predictions: list[dict[str, Any]], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        for pred in predictions:
            handle.write(json.dumps(pred, ensure_ascii=False) + "\n")
