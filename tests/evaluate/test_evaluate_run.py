"""``extractor evaluate`` end to end: scores on the sample gold stay at or above the floors
recorded here (raise them as the extractors improve; never lower them to pass)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluate import load_predictions, score
from extractor.evaluate.runner import evaluate

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

CORPUS_GOLD = ROOT / "evaluation" / "gold" / "corpus.jsonl"
SEED_GOLD = SHARED / "gold" / "seeds.jsonl"

# Floors measured on the sample corpus gold (24 articles: the 16 sample articles and the 8 stress
# articles of corpus/stress, other outlets' styles, annotated before the system was run on them).
CORPUS_FLOORS = {
    ("entities", "FORCE", "f"): 0.99,
    ("entities", "OFFICIAL", "f"): 0.99,
    ("entities", "ORG", "f"): 0.99,
    ("entities", "REGION", "f"): 0.99,
    ("entities_spans", "FORCE", "f"): 0.99,
    ("entities_spans", "OFFICIAL", "f"): 0.99,
    ("quotes", "f"): 0.99,
    ("quotes", "speaker_acc"): 0.99,
    ("claims", "f"): 0.99,
    ("claims", "scope_acc"): 0.96,
    ("claims", "period_acc"): 0.95,
    ("claims", "approx_acc"): 0.99,
    ("claims", "qualifiers_acc"): 0.87,
    ("claims", "full", "f"): 0.80,
    ("figures", "conflict", "f"): 0.57,
    ("figures", "consistent", "f"): 0.85,
}


def _get(result: dict, path: tuple) -> float:
    for key in path:
        result = result[key]
    return result


@pytest.fixture(scope="module")
def corpus_evaluation(nlp):
    return evaluate(CORPUS_GOLD, nlp, baselines=False)


@pytest.mark.parametrize("path", list(CORPUS_FLOORS), ids=lambda p: "/".join(p))
def test_corpus_scores_stay_above_floor(corpus_evaluation, path: tuple) -> None:
    assert _get(corpus_evaluation.result, path) >= CORPUS_FLOORS[path]


def test_predictions_are_gold_format_and_score_the_same(corpus_evaluation, tmp_path: Path) -> None:
    from extractor.evaluate.runner import write_predictions

    path = tmp_path / "pred.jsonl"
    write_predictions(corpus_evaluation.predictions, path)
    reloaded = load_predictions(path)
    rescored = score(corpus_evaluation.gold, reloaded, pred_figures=corpus_evaluation.pred_figures)
    assert rescored == corpus_evaluation.result
    claim = next(c for p in reloaded for c in p["claims"])
    assert {"start", "end", "value", "approx", "measure", "scope", "period", "qualifiers"} <= claim.keys()


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="../shared/gold/seeds.jsonl not present")
def test_cli_json_on_seeds_has_every_part_and_baselines() -> None:
    result = CliRunner().invoke(app, ["evaluate", str(SEED_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["docs"] == 5
    assert set(out["entities"]) == {"FORCE", "OFFICIAL", "ORG", "REGION"}
    assert {"speaker_acc", "p", "r", "f"} <= set(out["quotes"])
    assert {"scope_acc", "period_acc", "approx_acc", "qualifiers_acc", "full"} <= set(out["claims"])
    assert set(out["figures"]) == {"conflict", "consistent"}
    assert {"stock", "quantulum"} <= set(out["baselines"])
    assert out["claims"]["f"] > out["baselines"]["stock"]["claims"]["f"] + 0.3


def test_cli_refuses_a_broken_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "Kent Police said.",
                "entities": [{"label": "FORCE", "span": "Essex Police", "id": "essex"}],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--no-baseline"])
    assert result.exit_code == 2
    assert "line 1" in result.output and "'a'" in result.output and "not found" in result.output


def test_cli_errors_list_names_article_and_context(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    text = "Kent Police recorded 64 complaints between 2017 and 2022."
    claim = {
        "span": "64",
        "value": 64,
        "approx": "exact",
        "measure": "officer",
        "scope": "kent",
        "period": [2017, 2022],
        "qualifiers": {},
    }
    gold.write_text(json.dumps({"id": "kent-1", "text": text, "claims": [claim]}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", str(gold), "--no-baseline", "--errors"])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("kent-1\tclaims")]
    assert any("\tmiss\t" in line and "recorded [64] complaints" in line for line in lines)
    assert any("\tfalse_positive\t" in line for line in lines)


def _sample_gold_without_stress(tmp_path: Path) -> Path:
    """The corpus gold without the corpus/stress records (text_file made absolute), figures kept."""
    lines = []
    for line in CORPUS_GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["meta"]["source"].startswith("stress/"):
            continue
        if "text_file" in record:
            record["text_file"] = str((CORPUS_GOLD.parent / record["text_file"]).resolve())
        if "figures" in record:  # the stress figures name stress articles only
            record["figures"] = [f for f in record["figures"] if "stress-" not in f.get("note", "")]
        lines.append(json.dumps(record, ensure_ascii=False))
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["seeds", "sample"])
def test_cli_oracle_claims_reconciles_the_gold_claims_without_a_model(which: str, tmp_path: Path) -> None:
    gold = SEED_GOLD if which == "seeds" else _sample_gold_without_stress(tmp_path)
    result = CliRunner().invoke(
        app, ["evaluate", str(gold), "--json", "--oracle-claims", "--model", "nonexistent"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["mode"] == "oracle-claims" and set(out) == {"docs", "mode", "figures"}
    assert out["figures"]["conflict"]["p"] == 1.0 and out["figures"]["conflict"]["r"] == 1.0


def test_cli_oracle_claims_on_the_whole_corpus_finds_no_false_conflict() -> None:
    # the stress articles' designed conflicts (a corrected figure restated beside the new one, breakdowns
    # under the same key) are not all found by the reconciler yet: recall is left to the report, precision held
    result = CliRunner().invoke(
        app, ["evaluate", str(CORPUS_GOLD), "--json", "--oracle-claims", "--model", "nonexistent"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["figures"]["conflict"]["p"] == 1.0


def test_oracle_errors_list_only_figures(tmp_path: Path) -> None:
    text = "Rutland Police logged 40 claims in 2020. Elsewhere, Rutland Police logged 44 claims in 2020."
    claim = {"value": 40, "approx": "exact", "measure": "allegation", "scope": "rutland", "period": [2020, 2020],
             "qualifiers": {}}  # fmt: skip
    docs = [
        {"id": "a", "text": text, "claims": [{**claim, "span": "40"}],
         "figures": [{**{k: claim[k] for k in ("scope", "measure", "qualifiers", "period")},
                      "status": "conflict", "values": [40, 44]}]},
        {"id": "b", "text": text.replace("40", "41"), "claims": [{**claim, "span": "44", "value": 44}]},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    evaluation = evaluate(path, None, oracle_claims=True)
    assert evaluation.result["figures"]["conflict"]["tp"] == 1
    assert all(row["part"] == "figures" for row in evaluation.errors())
