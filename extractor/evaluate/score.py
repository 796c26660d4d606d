"""Score predictions against gold, list the errors, and print a report.

Inputs are article dicts as returned by :func:`extractor.evaluate.gold.load_gold`
(gold) and :func:`~extractor.evaluate.gold.load_predictions` (predictions): each
entity, quote and claim carries ``start``/``end`` (``None`` allowed in
predictions). Figures are plain dicts with scope, measure, qualifiers, period
and status. The rules follow the "Scoring" section of ANNOTATION.md.

Result of :func:`score` (``M`` = ``{"p", "r", "f", "tp", "fp", "fn"}``,
floats rounded to 4 places, 0.0 where undefined)::

    {"docs": N,
     "entities":       {"FORCE": M, "OFFICIAL": M, "ORG": M, "REGION": M},
     "entities_spans": {"FORCE": M, "OFFICIAL": M, "ORG": M, "REGION": M},
     "quotes":  M + {"speaker_acc": x, "matched": n},
     "claims":  M + {"scope_acc", "period_acc", "approx_acc",
                     "qualifiers_acc", "full": M},
     "figures": {"conflict": M, "consistent": M}}
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from extractor.evaluate.gold import ENTITY_LABELS

Doc = dict[str, Any]
Item = dict[str, Any]

LABELS = tuple(sorted(ENTITY_LABELS))
ID_LABELS = ("FORCE", "REGION")  # compared by `id`; the others by normalised `name`
CLAIM_FIELDS = ("scope", "period", "approx", "qualifiers")
FIGURE_STATUSES = ("conflict", "consistent")
# Predicted statuses that meet each gold status. "consistent" is accepted too,
# so that a gold file scored against itself gives 1.0.
FIGURE_POSITIVES = {
    "conflict": ("conflict",),
    "consistent": ("agreed", "compatible", "consistent"),
}
VALUE_TOLERANCE = 1e-6
CONTEXT_WIDTH = 60
PART_ORDER = ("entities", "quotes", "claims", "figures")

# Curly single and double quotes (and low/reversed forms) become straight ones.
_QUOTE_MARKS = str.maketrans("\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''" + '"' * 4)
_WORD = re.compile(r"\w+")
_SLUG = re.compile(r"[a-z0-9]+(?:[-:][a-z0-9]+)*")


# ---------------------------------------------------------------- normalising


def normalise_name(name: str | None) -> str | None:
    """Normalise a person's or body's name for comparison.

    Unicode NFKD with combining marks removed ("Uğur" -> "Ugur"), curly
    apostrophes and quotes made straight, whitespace collapsed, casefolded.
    Returns ``None`` for ``None``.
    """
    if name is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(_QUOTE_MARKS).split()).casefold()


def normalise_speaker(speaker: str | None) -> str | None:
    """Return a quote speaker for comparison: a force id as is, a name normalised."""
    if speaker is None or _SLUG.fullmatch(str(speaker)):
        return speaker
    return normalise_name(speaker)


def normalise_qualifiers(qualifiers: dict[str, Any] | None) -> dict[str, Any]:
    """Return qualifiers without keys whose value is None or false-y (0 is kept)."""
    return {key: value for key, value in (qualifiers or {}).items() if _kept(value)}


def _kept(value: Any) -> bool:
    """A qualifier value restricts the figure unless it is false-y; 0 counts."""
    is_zero = isinstance(value, (int, float)) and not isinstance(value, bool)
    return bool(value) or (is_zero and value == 0)


def _period(period: Any) -> Any:
    """A period as a tuple (lists and tuples compare equal), or None."""
    return tuple(period) if isinstance(period, (list, tuple)) else period


def _number(value: Any) -> float | None:
    """A claim value as a float, or None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _claim_field(item: Item, name: str) -> Any:
    """The comparable value of one claim field (scope, period, approx, qualifiers)."""
    if name == "period":
        return _period(item.get("period"))
    if name == "qualifiers":
        return normalise_qualifiers(item.get("qualifiers"))
    return item.get(name)


def entity_key(item: Item) -> str | None:
    """What an entity mention refers to: its id (FORCE, REGION) or normalised name."""
    if item.get("label") in ID_LABELS:
        return item.get("id") or normalise_name(_item_text(item, None))
    return normalise_name(item.get("name") or _item_text(item, None))


# ---------------------------------------------------------------- metrics


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    """Precision, recall and F1 from counts, rounded to 4 places (0.0 if undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _accuracy(hits: int, total: int) -> float:
    """Share of hits, rounded to 4 places (0.0 when total is 0)."""
    return round(hits / total, 4) if total else 0.0


@dataclass
class _Counts:
    """Running tp/fp/fn."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def metrics(self) -> dict[str, Any]:
        return prf(self.tp, self.fp, self.fn)


@dataclass
class Matching:
    """A one-to-one matching: (gold index, pred index) pairs and the leftovers."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)


# ---------------------------------------------------------------- matching


def _greedy(candidates: list[tuple[Any, int, int]], n_gold: int, n_pred: int) -> Matching:
    """Pick (sort key, gold i, pred j) candidates best first (lowest key), one-to-one."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _key, gi, pj in sorted(candidates):
        if gi not in used_gold and pj not in used_pred:
            used_gold.add(gi)
            used_pred.add(pj)
            pairs.append((gi, pj))
    pairs.sort()
    return Matching(
        pairs,
        [i for i in range(n_gold) if i not in used_gold],
        [j for j in range(n_pred) if j not in used_pred],
    )


def _has_offsets(item: Item) -> bool:
    return item.get("start") is not None and item.get("end") is not None


def _char_overlap(gold: Item, pred: Item) -> int:
    """Characters shared by two items' spans (0 when either has no offsets)."""
    if not (_has_offsets(gold) and _has_offsets(pred)):
        return 0
    return max(0, min(gold["end"], pred["end"]) - max(gold["start"], pred["start"]))


def _spans_compatible(gold: Item, pred: Item) -> bool:
    """True when the spans overlap, or when either item has no offsets."""
    if not (_has_offsets(gold) and _has_offsets(pred)):
        return True
    return _char_overlap(gold, pred) > 0


def _item_text(item: Item, doc_text: str | None) -> str:
    """The text an item covers: its ``text``, the doc slice, or its ``span``."""
    if item.get("text") is not None:
        return str(item["text"])
    if doc_text is not None and _has_offsets(item):
        return doc_text[item["start"] : item["end"]]
    return str(item.get("span") or "")


def _tokens(text: str) -> Counter[str]:
    """The multiset of lower-cased ``\\w+`` tokens of ``text``."""
    return Counter(_WORD.findall(text.lower()))


def match_entity_spans(gold: list[Item], pred: list[Item]) -> Matching:
    """Match mentions of one label with exactly the same (start, end), one-to-one."""
    candidates = [
        ((gi, pj), gi, pj)
        for gi, g in enumerate(gold)
        for pj, p in enumerate(pred)
        if _has_offsets(p) and (g.get("start"), g.get("end")) == (p["start"], p["end"])
    ]
    return _greedy(candidates, len(gold), len(pred))


def match_quotes(gold: list[Item], pred: list[Item], text: str | None = None) -> Matching:
    """Match quotes of one article by token overlap, greedily by best overlap.

    A pair qualifies when its spans overlap (where both have offsets) and the
    multiset intersection of their tokens is at least half the token count of
    the longer quote.
    """
    gold_tokens = [_tokens(_item_text(g, text)) for g in gold]
    pred_tokens = [_tokens(_item_text(p, text)) for p in pred]
    candidates = []
    for gi, g in enumerate(gold):
        for pj, p in enumerate(pred):
            shared = sum((gold_tokens[gi] & pred_tokens[pj]).values())
            longer = max(sum(gold_tokens[gi].values()), sum(pred_tokens[pj].values()))
            if shared and 2 * shared >= longer and _spans_compatible(g, p):
                candidates.append(((-shared, -_char_overlap(g, p), gi, pj), gi, pj))
    return _greedy(candidates, len(gold), len(pred))


def _same_claim(gold: Item, pred: Item) -> bool:
    """Same value (within tolerance), same measure, compatible spans."""
    g_value, p_value = _number(gold.get("value")), _number(pred.get("value"))
    if g_value is None or p_value is None:
        return False
    return (
        abs(g_value - p_value) <= VALUE_TOLERANCE
        and gold.get("measure") == pred.get("measure")
        and _spans_compatible(gold, pred)
    )


def match_claims(gold: list[Item], pred: list[Item]) -> Matching:
    """Match claims of one article one-to-one, preferring the largest span overlap."""
    candidates = [
        ((-_char_overlap(g, p), gi, pj), gi, pj)
        for gi, g in enumerate(gold)
        for pj, p in enumerate(pred)
        if _same_claim(g, p)
    ]
    return _greedy(candidates, len(gold), len(pred))


# ---------------------------------------------------------------- pairing docs


def _empty_doc(doc_id: str) -> Doc:
    return {"id": doc_id, "text": None, "entities": [], "quotes": [], "claims": []}


def pair_docs(gold_docs: list[Doc], pred_docs: list[Doc]) -> list[tuple[Doc, Doc]]:
    """Pair each gold article with the prediction of the same id (or an empty one).

    Predicted articles that are not in the gold are dropped.
    """
    by_id = {str(doc.get("id")): doc for doc in pred_docs}
    return [(gold, by_id.get(str(gold.get("id"))) or _empty_doc(str(gold.get("id")))) for gold in gold_docs]


def _of_label(items: Iterable[Item], label: str) -> list[Item]:
    return [item for item in items if item.get("label") == label]


# ---------------------------------------------------------------- scoring parts


def _score_entities(pairs: list[tuple[Doc, Doc]]) -> dict[str, Any]:
    """Per label: sets of ids/names mentioned per article, summed over articles."""
    result = {}
    for label in LABELS:
        counts = _Counts()
        for gold, pred in pairs:
            g = {entity_key(e) for e in _of_label(gold.get("entities", []), label)}
            p = {entity_key(e) for e in _of_label(pred.get("entities", []), label)}
            counts.add(len(g & p), len(p - g), len(g - p))
        result[label] = counts.metrics()
    return result


def _score_entity_spans(pairs: list[tuple[Doc, Doc]]) -> dict[str, Any]:
    """Per label: mentions with exactly the gold (start, end), one-to-one."""
    result = {}
    for label in LABELS:
        counts = _Counts()
        for gold, pred in pairs:
            m = match_entity_spans(
                _of_label(gold.get("entities", []), label),
                _of_label(pred.get("entities", []), label),
            )
            counts.add(len(m.pairs), len(m.extra), len(m.missed))
        result[label] = counts.metrics()
    return result


def _score_quotes(pairs: list[tuple[Doc, Doc]]) -> dict[str, Any]:
    """Quote P/R/F by token overlap, and speaker accuracy over matched quotes."""
    counts, same_speaker = _Counts(), 0
    for gold, pred in pairs:
        g_items, p_items = gold.get("quotes", []), pred.get("quotes", [])
        m = match_quotes(g_items, p_items, gold.get("text"))
        counts.add(len(m.pairs), len(m.extra), len(m.missed))
        same_speaker += sum(_same_speaker(g_items[gi], p_items[pj]) for gi, pj in m.pairs)
    return {
        **counts.metrics(),
        "speaker_acc": _accuracy(same_speaker, counts.tp),
        "matched": counts.tp,
    }


def _same_speaker(gold: Item, pred: Item) -> bool:
    return normalise_speaker(gold.get("speaker")) == normalise_speaker(pred.get("speaker"))


def _score_claims(pairs: list[tuple[Doc, Doc]]) -> dict[str, Any]:
    """Claim P/R/F on (value, measure, span), field accuracies, and full-tuple P/R/F."""
    counts, n_gold, n_pred = _Counts(), 0, 0
    field_hits = Counter[str]()
    full_hits = 0
    for gold, pred in pairs:
        g_items, p_items = gold.get("claims", []), pred.get("claims", [])
        n_gold, n_pred = n_gold + len(g_items), n_pred + len(p_items)
        m = match_claims(g_items, p_items)
        counts.add(len(m.pairs), len(m.extra), len(m.missed))
        for gi, pj in m.pairs:
            wrong = _wrong_claim_fields(g_items[gi], p_items[pj])
            field_hits.update(name for name in CLAIM_FIELDS if name not in wrong)
            full_hits += not wrong
    accuracies = {f"{name}_acc": _accuracy(field_hits[name], counts.tp) for name in CLAIM_FIELDS}
    full = prf(full_hits, n_pred - full_hits, n_gold - full_hits)
    return {**counts.metrics(), **accuracies, "full": full}


def _wrong_claim_fields(gold: Item, pred: Item) -> list[str]:
    """The claim fields on which a matched pair disagrees."""
    return [name for name in CLAIM_FIELDS if _claim_field(gold, name) != _claim_field(pred, name)]


# Claim qualifiers that a gold figure's key leaves out: ANNOTATION.md's FIGURE keys on the
# listed qualifiers, and a change ("up 10%") is keyed by what changed (DEV.md).
FIGURE_KEY_IGNORES = ("change",)


def figure_key(figure: dict[str, Any]) -> tuple[Any, ...]:
    """(scope, measure, normalised qualifiers, period as tuple or None); qualifiers in
    ``FIGURE_KEY_IGNORES`` left out."""
    kept = {
        k: v for k, v in normalise_qualifiers(figure.get("qualifiers")).items() if k not in FIGURE_KEY_IGNORES
    }
    qualifiers = json.dumps(kept, sort_keys=True, default=str)
    return (
        figure.get("scope"),
        figure.get("measure"),
        qualifiers,
        _period(figure.get("period")),
    )


@dataclass
class _FigureMatch:
    """Figure matching for one gold status."""

    matched: list[dict[str, Any]]
    missed: list[dict[str, Any]]
    false_positives: list[dict[str, Any]]


def _positive_keys(pred_figures: list[dict[str, Any]], status: str) -> set[tuple]:
    """Keys at which the predicted figures meet gold ``status``: a figure's own status, or
    what its statements together with a figure a year apart in period would be (its
    ``period_links``: the gold format keys one period, and folds such pairs into it)."""
    wanted = FIGURE_POSITIVES[status]
    keys = set()
    for f in pred_figures:
        if f.get("status") in wanted or any(
            link.get("status") in wanted for link in f.get("period_links") or ()
        ):
            keys.add(figure_key(f))
    return keys


def match_figures(
    gold_figures: list[dict[str, Any]], pred_figures: list[dict[str, Any]], status: str
) -> _FigureMatch:
    """Match gold figures of one ``status`` against the predicted figures.

    A gold figure is met by a predicted figure with the same :func:`figure_key`
    (scope, measure, qualifiers, period; a refinement of the key by wording
    aside) whose status is one of ``FIGURE_POSITIVES[status]``, or whose
    statements together with those of a figure a year apart in period meet it
    (see :func:`_positive_keys`). ``single``, ``unresolved`` and ``outlier``
    meet neither status. A false positive is a predicted figure whose own status
    is positive and whose key is that of a gold figure of another status only.
    Predicted figures the gold does not list at all are not counted: the gold
    lists only figures that two or more articles state, so it has no opinion on
    the rest, and precision is measured over the figures it does list.
    """
    positives = [f for f in pred_figures if f.get("status") in FIGURE_POSITIVES[status]]
    positive_keys = _positive_keys(pred_figures, status)
    of_status = [f for f in gold_figures if f.get("status") == status]
    status_keys = {figure_key(f) for f in of_status}
    other_keys = {figure_key(f) for f in gold_figures if f.get("status") != status} - status_keys
    return _FigureMatch(
        matched=[f for f in of_status if figure_key(f) in positive_keys],
        missed=[f for f in of_status if figure_key(f) not in positive_keys],
        false_positives=[f for f in positives if figure_key(f) in other_keys],
    )


def _collect_figures(docs: list[Doc], given: list[dict[str, Any]] | None) -> list[dict]:
    """The figures given, or else those listed on the articles."""
    if given is not None:
        return list(given)
    return [figure for doc in docs for figure in doc.get("figures") or []]


def _score_figures(gold: list[dict], pred: list[dict]) -> dict[str, Any]:
    """Per gold status: P/R/F of figure matching (see :func:`match_figures`)."""
    result = {}
    for status in FIGURE_STATUSES:
        m = match_figures(gold, pred, status)
        result[status] = prf(len(m.matched), len(m.false_positives), len(m.missed))
    return result


def score(
    gold_docs: list[Doc],
    pred_docs: list[Doc],
    gold_figures: list[dict[str, Any]] | None = None,
    pred_figures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score predicted articles (and figures) against the gold.

    Reads gold and predicted article dicts (paired by ``id``; a gold article
    without a prediction counts all its items as misses, predicted articles
    not in the gold are ignored) and the figures: ``gold_figures`` or the
    ``figures`` of all gold articles, ``pred_figures`` or the ``figures`` of
    all predicted articles. Returns the dict described in the module
    docstring; every part is always present. Figure precision counts only
    predicted figures whose key the gold lists under another status (see
    :func:`match_figures`): the gold lists only figures two or more articles
    state, so a figure it does not list is not penalised.
    """
    pairs = pair_docs(gold_docs, pred_docs)
    return {
        "docs": len(gold_docs),
        "entities": _score_entities(pairs),
        "entities_spans": _score_entity_spans(pairs),
        "quotes": _score_quotes(pairs),
        "claims": _score_claims(pairs),
        "figures": _score_figures(
            _collect_figures(gold_docs, gold_figures),
            _collect_figures(pred_docs, pred_figures),
        ),
    }


# ---------------------------------------------------------------- error listing


def context(text: str | None, start: int | None, end: int | None, width: int = CONTEXT_WIDTH) -> str:
    """About ``width`` characters around text[start:end], the span in [brackets].

    A span longer than ``width`` is shortened in the middle; whitespace runs
    (newlines included) become single spaces. "" without text or offsets.
    """
    if text is None or start is None or end is None:
        return ""
    side = width // 2
    span = text[start:end]
    if len(span) > width:
        span = f"{span[: side - 2]} ... {span[-(side - 2) :]}"
    window = f"{text[max(0, start - side) : start]}[{span}]{text[end : end + side]}"
    return " ".join(window.split())


@dataclass
class _ErrorSink:
    """Collects error rows for one article."""

    doc_id: str | None
    gold_text: str | None
    pred_text: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)

    def miss(self, part: str, label: Any, item: Item, gold: Any) -> None:
        """A gold item with no match."""
        self._add(part, "miss", label, item, gold, None, self.gold_text)

    def false_positive(self, part: str, label: Any, item: Item, pred: Any) -> None:
        """A predicted item with no match (context from the predicted text)."""
        text = self.pred_text or self.gold_text
        self._add(part, "false_positive", label, item, None, pred, text)

    def wrong(self, part: str, name: str, label: Any, item: Item, values: tuple) -> None:
        """A matched pair whose field ``name`` differs; ``values`` = (gold, pred)."""
        self._add(part, f"wrong_{name}", label, item, *values, self.gold_text)

    def _add(
        self,
        part: str,
        kind: str,
        label: Any,
        item: Item,
        gold: Any,
        pred: Any,
        text: str | None,
    ) -> None:
        """Append one row; the context comes from ``text``."""
        start, end = item.get("start"), item.get("end")
        self.rows.append(
            {
                "doc_id": self.doc_id,
                "part": part,
                "kind": kind,
                "label": label,
                "text": _item_text(item, text),
                "context": context(text, start, end),
                "gold": gold,
                "pred": pred,
                "start": start,
                "end": end,
            }
        )


def _entity_errors(sink: _ErrorSink, gold: Doc, pred: Doc) -> None:
    """Span misses and false positives per label; wrong id/name on exact spans."""
    for label in LABELS:
        g_items = _of_label(gold.get("entities", []), label)
        p_items = _of_label(pred.get("entities", []), label)
        m = match_entity_spans(g_items, p_items)
        for gi in m.missed:
            sink.miss("entities", label, g_items[gi], entity_key(g_items[gi]))
        for pj in m.extra:
            sink.false_positive("entities", label, p_items[pj], entity_key(p_items[pj]))
        name = "id" if label in ID_LABELS else "name"
        for gi, pj in m.pairs:
            keys = (entity_key(g_items[gi]), entity_key(p_items[pj]))
            if keys[0] != keys[1]:
                sink.wrong("entities", name, label, g_items[gi], keys)


def _quote_errors(sink: _ErrorSink, gold: Doc, pred: Doc) -> None:
    """Quote misses, false positives and wrong speakers."""
    g_items, p_items = gold.get("quotes", []), pred.get("quotes", [])
    m = match_quotes(g_items, p_items, gold.get("text"))
    for gi in m.missed:
        sink.miss("quotes", "QUOTE", g_items[gi], g_items[gi].get("speaker"))
    for pj in m.extra:
        sink.false_positive("quotes", "QUOTE", p_items[pj], p_items[pj].get("speaker"))
    for gi, pj in m.pairs:
        if not _same_speaker(g_items[gi], p_items[pj]):
            speakers = (g_items[gi].get("speaker"), p_items[pj].get("speaker"))
            sink.wrong("quotes", "speaker", "QUOTE", g_items[gi], speakers)


def _claim_summary(item: Item) -> dict[str, Any]:
    """The compared fields of a claim, for error rows."""
    summary = {"value": item.get("value"), "measure": item.get("measure")}
    summary.update((name, _claim_field(item, name)) for name in CLAIM_FIELDS)
    return summary


def _claim_errors(sink: _ErrorSink, gold: Doc, pred: Doc) -> None:
    """Claim misses, false positives and wrong fields on matched claims."""
    g_items, p_items = gold.get("claims", []), pred.get("claims", [])
    m = match_claims(g_items, p_items)
    for gi in m.missed:
        g = g_items[gi]
        sink.miss("claims", g.get("measure"), g, _claim_summary(g))
    for pj in m.extra:
        p = p_items[pj]
        sink.false_positive("claims", p.get("measure"), p, _claim_summary(p))
    for gi, pj in m.pairs:
        g, p = g_items[gi], p_items[pj]
        for name in _wrong_claim_fields(g, p):
            values = (_claim_field(g, name), _claim_field(p, name))
            sink.wrong("claims", name, g.get("measure"), g, values)


def describe_figure(figure: dict[str, Any]) -> str:
    """A one-line description of a figure's key, e.g. 'national force {} 2016-2020'."""
    scope, measure, qualifiers, period = figure_key(figure)
    when = "-".join(str(year) for year in period) if isinstance(period, tuple) else period
    return f"{scope} {measure} {qualifiers} {when}"


def _figure_errors(gold: list[dict], pred: list[dict]) -> list[dict[str, Any]]:
    """Figure misses (pred: the statuses predicted for that key) and false positives."""
    pred_statuses: dict[tuple, list[str]] = {}
    for figure in pred:
        said = str(figure.get("status"))
        if figure.get("refinement"):
            said += f" [{figure['refinement']}]"
        if figure.get("reason"):
            said += f" ({figure['reason']})"
        pred_statuses.setdefault(figure_key(figure), []).append(said)
    gold_status = {figure_key(f): f.get("status") for f in gold}
    rows = []
    for status in FIGURE_STATUSES:
        m = match_figures(gold, pred, status)
        rows.extend(
            _figure_row("miss", status, figure, status, pred_statuses.get(figure_key(figure)))
            for figure in m.missed
        )
        rows.extend(
            _figure_row(
                "false_positive",
                status,
                figure,
                gold_status.get(figure_key(figure)),
                figure.get("status"),
            )
            for figure in m.false_positives
        )
    # conflicts on keys the gold does not list are not scored (the gold lists only figures
    # two articles state, and not the keys that mix different things), but a fact-checker
    # would see them: listed for review
    rows.extend(
        _figure_row("unlisted_conflict", "conflict", figure, None, figure.get("status"))
        for figure in pred
        if figure.get("status") == "conflict" and figure_key(figure) not in gold_status
    )
    return rows


def _shorten(note: Any, width: int = CONTEXT_WIDTH) -> str:
    """A figure's note cut to about ``width`` characters, as its context."""
    text = " ".join(str(note or "").split())
    return text if len(text) <= width else text[: width - 4].rstrip() + " ..."


def _figure_row(kind: str, status: str, figure: dict, gold: Any, pred: Any) -> dict[str, Any]:
    """An error row for a figure, labelled with the gold status it is scored under; its
    context says what was predicted at that key, then the figure's note."""
    predicted = "; ".join(pred) if isinstance(pred, list) else (pred or "no figure")
    refinement = f" [{figure['refinement']}]" if figure.get("refinement") else ""
    return {
        "doc_id": None,
        "part": "figures",
        "kind": kind,
        "label": status,
        "text": describe_figure(figure) + refinement,
        "context": f"predicted: {predicted}; " + _shorten(figure.get("reason") or figure.get("note"), 200),
        "gold": gold,
        "pred": pred,
        "start": None,
        "end": None,
    }


def _error_order(row: dict[str, Any]) -> tuple[Any, ...]:
    """Sort by article (figures last), then offset, then part; else as listed."""
    start = row.get("start")
    return (
        row["doc_id"] is None,
        str(row["doc_id"] or ""),
        start is None,
        start or 0,
        PART_ORDER.index(row["part"]),
    )


def list_errors(
    gold_docs: list[Doc],
    pred_docs: list[Doc],
    gold_figures: list[dict[str, Any]] | None = None,
    pred_figures: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """List every miss, false positive and wrong field, as :func:`score` counts them.

    Reads the same inputs as :func:`score`. Returns one dict per error:
    ``{"doc_id", "part", "kind", "label", "text", "context", "gold", "pred",
    "start", "end"}``; ``part`` is entities|quotes|claims|figures, ``kind`` is
    miss|false_positive|wrong_<field>|unlisted_conflict (a predicted conflict on a
    key the gold does not list: not scored, listed for review) (wrong_id/wrong_name for an entity with
    the exact gold span, wrong_speaker, wrong_scope, ...). ``label`` is the
    entity label, ``QUOTE``, the claim's measure or the figure's gold status.
    Entity errors are by exact span. Figure rows have ``doc_id`` None and come
    last. Ordered by article id, then offset.
    """
    rows: list[dict[str, Any]] = []
    for gold, pred in pair_docs(gold_docs, pred_docs):
        sink = _ErrorSink(str(gold.get("id")), gold.get("text"), pred.get("text"))
        for collect in (_entity_errors, _quote_errors, _claim_errors):
            collect(sink, gold, pred)
        rows.extend(sink.rows)
    rows.extend(
        _figure_errors(
            _collect_figures(gold_docs, gold_figures),
            _collect_figures(pred_docs, pred_figures),
        )
    )
    return sorted(rows, key=_error_order)


# ---------------------------------------------------------------- report

_PART_WIDTH = 22
_COUNT_WIDTH = 4
_SYSTEM_WIDTH = 8
_Getter = Callable[[dict], Any]


def _report_rows() -> list[tuple[str, str, _Getter, _Getter]]:
    """(row title, metric, value getter, count getter) for each report row."""
    rows = []
    for part, title in (("entities", "entities"), ("entities_spans", "entity spans")):
        for label in LABELS:
            rows.append(_f1_row(f"{title} {label}", lambda r, p=part, x=label: r[p][x]))
    rows.append(_f1_row("quotes", lambda r: r["quotes"]))
    rows.append(
        (
            "quote speaker",
            "acc",
            lambda r: r["quotes"]["speaker_acc"],
            lambda r: r["quotes"]["matched"],
        )
    )
    rows.append(_f1_row("claims", lambda r: r["claims"]))
    for name in CLAIM_FIELDS:
        rows.append(
            (
                f"claim {name}",
                "acc",
                lambda r, x=name: r["claims"][f"{x}_acc"],
                lambda r: r["claims"]["tp"],
            )
        )
    rows.append(_f1_row("claims full tuple", lambda r: r["claims"]["full"]))
    for status in FIGURE_STATUSES:
        rows.append(_f1_row(f"figures {status}", lambda r, x=status: r["figures"][x]))
    return rows


def _f1_row(title: str, metrics: _Getter) -> tuple[str, str, _Getter, _Getter]:
    """A report row showing F1, with the gold count (tp + fn) as n."""
    return (
        title,
        "F1",
        lambda r: metrics(r)["f"],
        lambda r: metrics(r)["tp"] + metrics(r)["fn"],
    )


def _cell(getter: _Getter, result: dict | None, places: int = 4) -> str:
    """A getter's value from a result, to ``places`` decimals; '-' if absent."""
    try:
        value = getter(result)
    except (KeyError, TypeError):
        return "-"
    return f"{value:.{places}f}" if isinstance(value, (int, float)) else str(value)


def format_report(result: dict, baselines: dict[str, dict] | None = None) -> str:
    """Render a score result (and baselines' results) as a plain-text table.

    Reads a :func:`score` result and optional baseline results by name.
    Returns one row per part and one column per system ("ours", then each
    baseline, names cut to 8 characters): F1 for detection rows, accuracy
    ("acc") for the field rows; "-" where a result lacks the part. ``n`` is
    the number of gold items for F1 rows and of matched pairs (ours) for
    accuracy rows. Fits 80 columns with up to four baselines.
    """
    systems = {"ours": result, **(baselines or {})}
    names = "".join(f" {name[:_SYSTEM_WIDTH]:>{_SYSTEM_WIDTH}}" for name in systems)
    header = f"{'part':<{_PART_WIDTH}} {'':<3} {'n':>{_COUNT_WIDTH}}{names}"
    lines = [f"articles: {result.get('docs', 0)}", header, "-" * len(header)]
    rows = _report_rows()
    if result.get("mode") == "oracle-claims":  # gold claims reconciled: figures only
        lines[0] += " (oracle claims: the gold claims reconciled)"
        rows = [row for row in rows if row[0].startswith("figures")]
    for title, metric, value, count in rows:
        cells = "".join(f" {_cell(value, r):>{_SYSTEM_WIDTH}}" for r in systems.values())
        n = _cell(count, result, places=0)
        lines.append(f"{title:<{_PART_WIDTH}} {metric:<3} {n:>{_COUNT_WIDTH}}{cells}")
    return "\n".join(lines) + "\n"
