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
        """Every miss and false positive; with oracle claims, the figure errors only."""
        rows = list_errors(self.gold, self.predictions, pred_figures=self.pred_figures)
        if self.result.get("mode") == "oracle-claims":
            rows = [r for r in rows if r["part"] == "figures"]
        return rows


def predicted_figures(predictions: list[dict[str, Any]], stated: bool = False) -> list[dict[str, Any]]:
    """Figures reconciled over the predicted claims (``stated``: gold claims, every
    attribute taken as stated), as the scorer reads them."""
    from ..reconcile import figures_for_scoring

    return figures_for_scoring(predictions, stated=stated)


def oracle_predictions(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The gold articles as predictions, claims as annotated and nothing else: what
    ``--oracle-claims`` reconciles, so that figures are measured apart from extraction."""
    return [
        {"id": g["id"], "text": g.get("text"), "entities": [], "quotes": [], "claims": list(g["claims"])}
        for g in gold
    ]


def evaluate(
    gold_path: str | Path, nlp: Language | None, *, baselines: bool = True, oracle_claims: bool = False
) -> Evaluation:
    """Predict on the gold articles and score. ``oracle_claims``: reconcile the gold claims
    instead (no model is run; ``nlp`` may be None) and score the figures only; the
    result then holds ``docs``, ``mode`` ("oracle-claims") and ``figures``."""
    gold = load_gold(gold_path)
    if oracle_claims:
        predictions = oracle_predictions(gold)
        figures = predicted_figures(predictions, stated=True)
        full = score(gold, predictions, pred_figures=figures)
        result = {"docs": full["docs"], "mode": "oracle-claims", "figures": full["figures"]}
        return Evaluation(result, predictions, gold, figures)
    if nlp is None:
        raise ValueError("evaluate needs a pipeline unless oracle_claims is set")
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
