"""Tests for extractor.evaluate.score: hand-counted scoring tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extractor.evaluate import (
    format_report,
    list_errors,
    load_gold,
    score,
)
from extractor.evaluate.score import normalise_name, normalise_qualifiers

SEEDS = Path("/work/shared/gold/seeds.jsonl")


def at(text: str, span: str, occurrence: int = 1, **fields: Any) -> dict[str, Any]:
    """An item covering the ``occurrence``-th ``span`` in ``text`` (plain find)."""
    start = -1
    for _ in range(occurrence):
        start = text.index(span, start + 1)
    return {"start": start, "end": start + len(span), "text": span, **fields}


def doc(doc_id: str, text: str, **parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": doc_id, "text": text, "entities": [], "quotes": [], "claims": []} | parts


def counts(metrics: dict[str, Any]) -> tuple[int, int, int]:
    return metrics["tp"], metrics["fp"], metrics["fn"]


# ------------------------------------------------------------------ structure


def test_result_structure_with_nothing_predicted() -> None:
    text = "Kent Police said 5 officers."
    gold = [doc("a", text, entities=[at(text, "Kent Police", label="FORCE", id="k")])]
    result = score(gold, [])
    assert set(result) == {
        "docs",
        "entities",
        "entities_spans",
        "quotes",
        "claims",
        "figures",
    }
    metric_keys = {"p", "r", "f", "tp", "fp", "fn"}
    for part in ("entities", "entities_spans"):
        assert set(result[part]) == {"FORCE", "OFFICIAL", "ORG", "REGION"}
        assert all(set(m) == metric_keys for m in result[part].values())
    assert set(result["quotes"]) == metric_keys | {"speaker_acc", "matched"}
    assert set(result["claims"]) == metric_keys | {
        "scope_acc",
        "period_acc",
        "approx_acc",
        "qualifiers_acc",
        "full",
    }
    assert set(result["figures"]) == {"conflict", "consistent"}
    assert result["docs"] == 1
    assert result["entities"]["FORCE"] == {
        "p": 0.0,
        "r": 0.0,
        "f": 0.0,
        "tp": 0,
        "fp": 0,
        "fn": 1,
    }


def test_docs_paired_by_id() -> None:
    text = "Kent Police."
    force = at(text, "Kent Police", label="FORCE", id="kent")
    gold = [doc("a", text, entities=[force]), doc("b", text, entities=[force])]
    pred = [doc("b", text, entities=[force]), doc("zzz", text, entities=[force])]
    result = score(gold, pred)
    assert result["docs"] == 2
    # a: no prediction, one miss; b: a hit; zzz: not in gold, ignored.
    assert counts(result["entities"]["FORCE"]) == (1, 0, 1)
    assert counts(result["entities_spans"]["FORCE"]) == (1, 0, 1)


# ------------------------------------------------------------------ entities

ENT_TEXT_A = "Cumbria Police and GMP; Cumbria Police; Denzi Uğur of Women’s Aid."
ENT_TEXT_B = "North West forces; the Met."


def _entities_fixture() -> tuple[list[dict], list[dict]]:
    a, b = ENT_TEXT_A, ENT_TEXT_B
    gold = [
        doc(
            "a",
            a,
            entities=[
                at(a, "Cumbria Police", label="FORCE", id="cumbria"),
                at(a, "GMP", label="FORCE", id="greater-manchester"),
                at(a, "Cumbria Police", 2, label="FORCE", id="cumbria"),
                at(a, "Denzi Uğur", label="OFFICIAL", name="Denzi Uğur"),
                at(a, "Women’s Aid", label="ORG", name="Women’s Aid"),
            ],
        ),
        doc(
            "b",
            b,
            entities=[
                at(b, "North West", label="REGION", id="region:north-west"),
                at(b, "the Met", label="FORCE", id="metropolitan"),
            ],
        ),
    ]
    pred = [
        doc(
            "a",
            a,
            entities=[
                at(a, "Cumbria Police", label="FORCE", id="cumbria"),
                at(a, "GMP", label="ORG", name="GMP"),
                at(a, "Denzi Uğur", label="OFFICIAL", name="denzi  ugur"),
                at(a, "Women’s", label="ORG", name="Women's Aid"),
                {"label": "ORG", "start": 0, "end": 7, "name": "Home Office"},
            ],
        ),
        doc(
            "b",
            b,
            entities=[
                at(b, "Met", label="FORCE", id="metropolitan"),
                at(b, "the Met", label="FORCE", id="metropolitan"),
                at(b, "the Met", label="FORCE", id="metropolitan"),
            ],
        ),
    ]
    return gold, pred


# label: (tp, fp, fn) of the id/name sets, summed over articles
ENTITY_SETS = {
    "FORCE": (2, 0, 1),  # a: {cumbria} vs {cumbria, gmp}; b: {met} vs {met}
    "OFFICIAL": (1, 0, 0),  # "Denzi Uğur" == "denzi  ugur" once normalised
    "ORG": (1, 2, 0),  # Women's Aid hit; GMP and Home Office extra
    "REGION": (0, 0, 1),
}
# label: (tp, fp, fn) of exact spans, one-to-one
ENTITY_SPANS = {
    "FORCE": (2, 2, 2),  # Cumbria 1, the Met once; Met and the 2nd the Met extra
    "OFFICIAL": (1, 0, 0),
    "ORG": (0, 3, 1),  # "Women’s" is short of "Women’s Aid"
    "REGION": (0, 0, 1),
}


@pytest.mark.parametrize(("label", "expected"), ENTITY_SETS.items())
def test_entity_sets(label: str, expected: tuple[int, int, int]) -> None:
    gold, pred = _entities_fixture()
    assert counts(score(gold, pred)["entities"][label]) == expected


@pytest.mark.parametrize(("label", "expected"), ENTITY_SPANS.items())
def test_entity_spans(label: str, expected: tuple[int, int, int]) -> None:
    gold, pred = _entities_fixture()
    assert counts(score(gold, pred)["entities_spans"][label]) == expected


def test_entity_prf_rounding() -> None:
    gold, pred = _entities_fixture()
    force = score(gold, pred)["entities"]["FORCE"]
    assert (force["p"], force["r"], force["f"]) == (1.0, 0.6667, 0.8)


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Denzi Uğur", "denzi ugur"),
        ("Denzi Ugur", "denzi ugur"),
        ("Women’s  Aid", "women's aid"),
        ("  National Police Chiefs’ Council\n", "national police chiefs' council"),
        ("“RADAR”", '"radar"'),
        ("ＭＥＴ", "met"),  # NFKD folds full-width letters
    ],
)
def test_normalise_name(name: str, normalised: str) -> None:
    assert normalise_name(name) == normalised


# ------------------------------------------------------------------ quotes

Q_TEXT = "alpha beta gamma delta epsilon zeta eta theta. Then alpha beta again."


# (gold span, pred span, pred occurrence, matched?)
QUOTE_MATCHES = [
    ("alpha beta gamma delta", "alpha beta", 1, True),  # 2 of 4: exactly half
    ("alpha beta gamma delta epsilon", "alpha beta", 1, False),  # 2 of 5
    ("alpha beta", "alpha beta gamma delta", 1, True),  # half of the longer (pred)
    ("alpha beta", "alpha beta gamma delta epsilon", 1, False),
    ("alpha beta gamma delta", "alpha beta", 2, False),  # same words, no overlap
    ("gamma delta", "beta gamma delta epsilon", 1, True),
    ("zeta eta theta", "theta. Then", 1, False),  # 1 of 3
]


@pytest.mark.parametrize(("gold_span", "pred_span", "occ", "matched"), QUOTE_MATCHES)
def test_quote_overlap_threshold(gold_span: str, pred_span: str, occ: int, matched: bool) -> None:
    gold = doc("a", Q_TEXT, quotes=[at(Q_TEXT, gold_span, speaker="X")])
    pred = doc("a", Q_TEXT, quotes=[at(Q_TEXT, pred_span, occ, speaker="X")])
    result = score([gold], [pred])
    expected = (1, 0, 0) if matched else (0, 1, 1)
    assert counts(result["quotes"]) == expected
    assert result["quotes"]["matched"] == int(matched)


# (predicted quote text over the gold span, matched?)
MULTISET_CASES = [
    ("the dog", False),  # 1 shared token of 4
    ("the the x y", True),  # 2 of 4: "the" counted twice (a set would give 1)
    ("THE THE THE CAT", True),  # tokens are lower-cased
    ("cat cat cat cat", False),  # "cat" only once in the gold
]


@pytest.mark.parametrize(("pred_text", "matched"), MULTISET_CASES)
def test_quote_token_overlap_is_a_multiset(pred_text: str, matched: bool) -> None:
    text = "the the the cat"
    gold = doc("a", text, quotes=[at(text, text, speaker="X")])
    pred = doc("a", text, quotes=[{"start": 0, "end": 15, "text": pred_text}])
    expected = (1, 0, 0) if matched else (0, 1, 1)
    assert counts(score([gold], [pred])["quotes"]) == expected


def test_quotes_one_to_one_greedy_by_best_overlap() -> None:
    t = Q_TEXT
    gold = doc("a", t, quotes=[at(t, "alpha beta gamma delta", speaker="X")])
    weaker = at(t, "alpha beta", speaker="X")
    better = at(t, "alpha beta gamma", speaker="X")
    result = score([gold], [doc("a", t, quotes=[weaker, better])])
    assert counts(result["quotes"]) == (1, 1, 0)
    (error,) = list_errors([gold], [doc("a", t, quotes=[weaker, better])])
    assert error["kind"] == "false_positive" and error["text"] == "alpha beta"


@pytest.mark.parametrize(
    ("gold_speaker", "pred_speaker", "same"),
    [
        ("Denzi Uğur", "Denzi Ugur", True),
        ("Women’s Aid", "women's  aid", True),
        ("cumbria", "cumbria", True),
        ("Home Office", "home office", True),
        ("Terry Woods", "Terry Wood", False),
        ("staffordshire", "cumbria", False),
        ("Terry Woods", None, False),
    ],
)
def test_speaker_accuracy(gold_speaker: str, pred_speaker: str | None, same: bool) -> None:
    gold = doc("a", Q_TEXT, quotes=[at(Q_TEXT, "alpha beta", speaker=gold_speaker)])
    pred = doc("a", Q_TEXT, quotes=[at(Q_TEXT, "alpha beta", speaker=pred_speaker)])
    quotes = score([gold], [pred])["quotes"]
    assert quotes["matched"] == 1
    assert quotes["speaker_acc"] == (1.0 if same else 0.0)


def test_speaker_accuracy_over_matched_only() -> None:
    t = Q_TEXT
    gold = doc(
        "a",
        t,
        quotes=[
            at(t, "alpha beta gamma", speaker="A"),
            at(t, "epsilon zeta", speaker="B"),
            at(t, "again", speaker="C"),
        ],
    )
    pred = doc(
        "a",
        t,
        quotes=[
            at(t, "alpha beta gamma", speaker="A"),
            at(t, "epsilon zeta", speaker="Z"),
        ],
    )
    quotes = score([gold], [pred])["quotes"]
    assert counts(quotes) == (2, 0, 1)
    assert (quotes["matched"], quotes["speaker_acc"]) == (2, 0.5)


# ------------------------------------------------------------------ claims

C_TEXT = "In 2020, 158 claims, then 158 claims again, almost 160 officers, 12 cases."


def claim(span: str, occ: int = 1, **fields: Any) -> dict[str, Any]:
    base = {
        "value": float(span) if span.isdigit() else None,
        "measure": "allegation",
        "approx": "exact",
        "scope": "kent",
        "period": [2016, 2020],
        "qualifiers": {},
    }
    return at(C_TEXT, span, occ, **(base | fields))


def test_claims_match_on_value_measure_and_span() -> None:
    gold = [
        claim("158"),
        claim("158", 2),
        claim("160", measure="officer", approx="almost"),
    ]
    pred = [
        claim("158", 2),
        claim("158", value=158 + 5e-7),  # within tolerance
        claim("160", measure="allegation", approx="almost"),  # wrong measure
        claim("12"),  # not in gold
    ]
    result = score([doc("a", C_TEXT, claims=gold)], [doc("a", C_TEXT, claims=pred)])
    assert counts(result["claims"]) == (2, 2, 1)
    assert (result["claims"]["p"], result["claims"]["r"]) == (0.5, 0.6667)


def test_claims_need_overlapping_spans_when_both_have_them() -> None:
    gold = [claim("158")]
    elsewhere = claim("158", 2)
    elsewhere["value"] = 158
    no_offsets = {k: v for k, v in claim("158").items() if k not in ("start", "end")}
    assert counts(
        score([doc("a", C_TEXT, claims=gold)], [doc("a", C_TEXT, claims=[elsewhere])])["claims"]
    ) == (0, 1, 1)
    assert counts(
        score([doc("a", C_TEXT, claims=gold)], [doc("a", C_TEXT, claims=[no_offsets])])["claims"]
    ) == (1, 0, 0)


def test_claims_one_to_one_prefer_largest_overlap() -> None:
    first, second = claim("158"), claim("158", 2)
    # p_wide overlaps the first 158 by 2 characters and the second by 3;
    # p_exact overlaps the first by 3. Best-overlap matching pairs both.
    wide_start = first["start"] + 1
    p_wide = claim("158") | {"start": wide_start, "end": second["end"]}
    p_exact = claim("158")
    pred = [p_wide, p_exact]
    result = score([doc("a", C_TEXT, claims=[first, second])], [doc("a", C_TEXT, claims=pred)])
    assert counts(result["claims"]) == (2, 0, 0)
    # a second prediction on the same gold claim is a false positive
    twice = [claim("158"), claim("158")]
    result = score([doc("a", C_TEXT, claims=[first])], [doc("a", C_TEXT, claims=twice)])
    assert counts(result["claims"]) == (1, 1, 0)


def _field_fixture() -> tuple[list[dict], list[dict]]:
    """Five matched pairs with hand-placed field differences, one gold miss."""
    gold = [
        claim("158"),
        claim("158", 2),
        claim("160"),
        claim("12", qualifiers={"officer_sex": "male", "includes_staff": False}),
        claim("2020", qualifiers={"outcome": "dismissed"}),
        claim("158", 2, measure="officer"),  # never predicted
    ]
    pred = [
        claim("158"),  # all equal
        claim("158", 2, scope="national"),  # scope wrong
        claim("160", period=(2016, 2020), approx="almost"),  # approx wrong
        claim("12", qualifiers={"officer_sex": "male", "per": None}),  # equal
        claim("2020"),  # qualifiers wrong (missing outcome)
    ]
    return gold, pred


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("scope_acc", 0.8),
        ("period_acc", 1.0),
        ("approx_acc", 0.8),
        ("qualifiers_acc", 0.8),
        ("p", 1.0),
        ("r", 0.8333),
        ("f", 0.9091),
    ],
)
def test_claim_field_accuracies(key: str, expected: float) -> None:
    gold, pred = _field_fixture()
    result = score([doc("a", C_TEXT, claims=gold)], [doc("a", C_TEXT, claims=pred)])
    assert result["claims"][key] == expected


def test_claims_full_tuple() -> None:
    gold, pred = _field_fixture()
    result = score([doc("a", C_TEXT, claims=gold)], [doc("a", C_TEXT, claims=pred)])
    # full matches: pairs 1 and 4 -> tp 2, fp 5 - 2, fn 6 - 2
    assert result["claims"]["full"] == {
        "p": 0.4,
        "r": 0.3333,
        "f": 0.3636,
        "tp": 2,
        "fp": 3,
        "fn": 4,
    }


@pytest.mark.parametrize(
    ("qualifiers", "normalised"),
    [
        (None, {}),
        ({}, {}),
        ({"includes_staff": False, "per": None, "outcome": ""}, {}),
        ({"includes_staff": True}, {"includes_staff": True}),
        ({"count": 0, "flag": False}, {"count": 0}),
        ({"officer_sex": "male", "complainant": None}, {"officer_sex": "male"}),
    ],
)
def test_normalise_qualifiers(qualifiers: dict | None, normalised: dict) -> None:
    assert normalise_qualifiers(qualifiers) == normalised


# ------------------------------------------------------------------ figures


def figure(scope: str, status: str, **fields: Any) -> dict[str, Any]:
    base = {"measure": "allegation", "qualifiers": {}, "period": [2016, 2020]}
    return {"scope": scope, "status": status, **(base | fields)}


# (gold status, predicted status, consistent (tp, fp, fn), conflict (tp, fp, fn))
FIGURE_CASES = [
    ("consistent", "agreed", (1, 0, 0), (0, 0, 0)),
    ("consistent", "compatible", (1, 0, 0), (0, 0, 0)),
    ("consistent", "single", (0, 0, 1), (0, 0, 0)),
    ("consistent", "conflict", (0, 0, 1), (0, 1, 0)),
    ("conflict", "conflict", (0, 0, 0), (1, 0, 0)),
    ("conflict", "agreed", (0, 1, 0), (0, 0, 1)),
    ("conflict", "single", (0, 0, 0), (0, 0, 1)),
    # a disagreement the evidence cannot settle, or a likely scope error, meets neither
    ("conflict", "unresolved", (0, 0, 0), (0, 0, 1)),
    ("consistent", "unresolved", (0, 0, 1), (0, 0, 0)),
    ("conflict", "outlier", (0, 0, 0), (0, 0, 1)),
    ("consistent", "outlier", (0, 0, 1), (0, 0, 0)),
]


@pytest.mark.parametrize(("gold_status", "pred_status", "consistent", "conflict"), FIGURE_CASES)
def test_figure_statuses(
    gold_status: str,
    pred_status: str,
    consistent: tuple[int, int, int],
    conflict: tuple[int, int, int],
) -> None:
    gold = [figure("kent", gold_status)]
    pred = [figure("kent", pred_status)]
    result = score([], [], gold_figures=gold, pred_figures=pred)["figures"]
    assert counts(result["consistent"]) == consistent
    assert counts(result["conflict"]) == conflict


@pytest.mark.parametrize(
    ("gold_status", "link_status", "met"),
    [("conflict", "conflict", True), ("consistent", "compatible", True), ("conflict", "compatible", False)],
)
def test_a_figure_a_year_apart_in_period_meets_the_gold_key_through_its_period_link(
    gold_status: str, link_status: str, met: bool
) -> None:
    # the gold keys one period and folds statements a year off into it (seed NOTES)
    gold = [figure("national", gold_status, measure="force")]
    pred = [
        figure("national", "single", measure="force",
               period_links=[{"period": [2016, 2021], "status": link_status}]),
        figure("national", "single", measure="force", period=[2016, 2021]),
    ]  # fmt: skip
    result = score([], [], gold_figures=gold, pred_figures=pred)["figures"]
    assert result[gold_status]["tp"] == int(met) and result[gold_status]["fp"] == 0


def test_a_refined_figure_is_scored_at_its_base_key_and_change_is_not_keyed() -> None:
    gold = [figure("kent", "consistent", measure="percent")]
    pred = [
        figure("kent", "agreed", measure="percent", qualifiers={"change": "increase"}, refinement="noun:case")
    ]
    assert score([], [], gold_figures=gold, pred_figures=pred)["figures"]["consistent"]["tp"] == 1


def test_figures_keys_and_unlisted_figures() -> None:
    gold = [
        figure("kent", "consistent", qualifiers={"includes_staff": True}),
        figure("essex", "conflict"),
        figure("national", "consistent", measure="force"),
        figure("surrey", "conflict", period=[2016, 2021]),
    ]
    pred = [
        # same key: period tuple == list, false-y qualifiers dropped
        figure(
            "kent",
            "agreed",
            qualifiers={"includes_staff": True, "outcome": None},
            period=(2016, 2020),
        ),
        figure("essex", "compatible"),  # gold says conflict: consistent fp
        figure("national", "single", measure="force"),  # meets neither
        figure("dorset", "conflict"),  # gold does not list it: not counted
        figure("surrey", "conflict", period=[2016, 2020]),  # other period: not counted
    ]
    gold_docs = [{"id": "a", "text": "", "figures": gold}]
    result = score(gold_docs, [{"id": "a", "figures": pred}])["figures"]
    assert counts(result["consistent"]) == (1, 1, 1)
    assert counts(result["conflict"]) == (0, 0, 2)
    assert result["consistent"]["f"] == 0.5


# ------------------------------------------------------------------ errors


def test_list_errors_kinds_order_and_context() -> None:
    text = "Kent Police said:\n“Vetting matters,” said Jo Bloggs. 15 officers left."
    gold = doc(
        "b",
        text,
        entities=[
            at(text, "Kent Police", label="FORCE", id="kent"),
            at(text, "Jo Bloggs", label="OFFICIAL", name="Jo Bloggs"),
        ],
        quotes=[at(text, "Vetting matters,", speaker="Jo Bloggs")],
        claims=[at(text, "15", value=15, measure="officer", approx="exact", scope="kent")],
    )
    pred = doc(
        "b",
        text,
        entities=[
            at(text, "Kent Police", label="FORCE", id="essex"),
            at(text, "Bloggs", label="OFFICIAL", name="Jo Bloggs"),
        ],
        quotes=[at(text, "Vetting matters,", speaker="kent")],
        claims=[at(text, "15", value=15, measure="officer", approx="exact", scope=None)],
    )
    other = doc("a", text, claims=[at(text, "15", value=15, measure="officer")])
    errors = list_errors([gold, other], [pred])
    rows = [(e["doc_id"], e["part"], e["kind"], e["label"], e["start"]) for e in errors]
    bloggs = text.index("Jo Bloggs")
    assert rows == [
        ("a", "claims", "miss", "officer", text.index("15")),
        ("b", "entities", "wrong_id", "FORCE", 0),
        ("b", "quotes", "wrong_speaker", "QUOTE", text.index("Vetting")),
        ("b", "entities", "miss", "OFFICIAL", bloggs),
        ("b", "entities", "false_positive", "OFFICIAL", bloggs + 3),
        ("b", "claims", "wrong_scope", "officer", text.index("15")),
    ]
    wrong_id = errors[1]
    assert (wrong_id["gold"], wrong_id["pred"], wrong_id["text"]) == ("kent", "essex", "Kent Police")
    assert wrong_id["context"].startswith("[Kent Police] said: “Vetting")
    assert "\n" not in wrong_id["context"]
    assert errors[-1]["gold"] == "kent" and errors[-1]["pred"] is None
    assert set(errors[0]) >= {"doc_id", "part", "kind", "label", "text", "context", "gold", "pred"}


def test_list_errors_figures_come_last() -> None:
    gold = [figure("kent", "consistent"), figure("essex", "conflict")]
    pred = [figure("kent", "single"), figure("essex", "agreed")]
    errors = list_errors([], [], gold_figures=gold, pred_figures=pred)
    assert [(e["part"], e["kind"], e["label"], e["pred"]) for e in errors] == [
        ("figures", "miss", "conflict", ["agreed"]),
        ("figures", "miss", "consistent", ["single"]),
        ("figures", "false_positive", "consistent", "agreed"),
    ]
    assert errors[0]["text"] == "essex allegation {} 2016-2020"


# ------------------------------------------------------------------ report


def test_format_report_fits_80_columns() -> None:
    gold, pred = _entities_fixture()
    ours = score(gold, pred)
    names = ("rules", "spacy-sm", "baseline-long-name")
    baselines = {name: score(gold, []) for name in names}
    baselines["partial"] = {"docs": 2, "entities": ours["entities"]}
    report = format_report(ours, baselines)
    lines = report.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = lines[1].split()
    assert header[:3] == ["part", "n", "ours"] and header[3:5] == ["rules", "spacy-sm"]
    force = next(line for line in lines if line.startswith("entities FORCE"))
    assert force.split()[2:] == [
        "F1",
        "3",
        "0.8000",
        "0.0000",
        "0.0000",
        "0.0000",
        "0.8000",
    ]
    speaker = next(line for line in lines if line.startswith("quote speaker"))
    assert speaker.split()[-1] == "-" and "acc" in speaker
    assert len(lines) == 3 + 18


# ------------------------------------------------------------------ seed gold


@pytest.mark.skipif(not SEEDS.exists(), reason="seed gold not available")
def test_seed_gold_scores_perfectly_against_itself() -> None:
    gold = load_gold(SEEDS)
    for article in gold:
        for part in ("entities", "quotes", "claims"):
            for item in article[part]:
                assert article["text"][item["start"] : item["end"]] == item["span"]
    result = score(gold, gold)
    metrics = [*result["entities"].values(), *result["entities_spans"].values()]
    metrics += [result["quotes"], result["claims"], result["claims"]["full"]]
    metrics += result["figures"].values()
    for m in metrics:
        if m["tp"] + m["fn"]:
            assert m["f"] == 1.0
    assert result["quotes"]["speaker_acc"] == 1.0
    assert all(result["claims"][f"{name}_acc"] == 1.0 for name in ("scope", "period", "approx", "qualifiers"))
    assert list_errors(gold, gold) == []
    # with the reconciler's own statuses for the figures
    figures = [f for article in gold for f in article["figures"]]
    as_predicted = [f | {"status": "agreed" if f["status"] == "consistent" else "conflict"} for f in figures]
    by_status = score(gold, gold, pred_figures=as_predicted)["figures"]
    assert by_status["consistent"]["f"] == by_status["conflict"]["f"] == 1.0
