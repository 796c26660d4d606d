"""Baselines scored beside ours on the same gold, in the same run.

- ``stock``: the statistical English model alone. ORG entities that name a
  force become FORCE (mapped to the force id through forces.csv names and
  aliases), other ORG entities ORG, PERSON entities OFFICIAL, CARDINAL and
  PERCENT entities claims whose measure is the lemma of the noun they modify
  (``percent`` for PERCENT); approx ``exact``, no scope, period or qualifiers.
- ``quantulum3``: quantulum3 alone for claim values, run per paragraph of the
  cleaned body; measure is ``percent`` for percentages, else the word after
  the number (lower-cased, a plural ``s`` dropped).
- ``textacy``: textacy's ``direct_quotations`` for quotes (when textacy is
  installed): the quote and the speaker's text as written.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from collections.abc import Iterator
from typing import Any

from spacy.language import Language

from ..ingest import Article, make_article
from ..ingest.readers import InputError
from ..lexicons import load_forces
from ..numbers import parse_number
from ..pipeline.forces import name_variants

Pred = dict[str, Any]


def _articles(gold_docs: list[dict[str, Any]]) -> list[Article | None]:
    out: list[Article | None] = []
    for gold in gold_docs:
        try:
            out.append(make_article(gold["id"], gold["id"], gold["text"]))
        except InputError:
            out.append(None)
    return out


def _empty(gold: dict[str, Any]) -> Pred:
    return {"id": gold["id"], "text": gold["text"], "entities": [], "quotes": [], "claims": []}


def force_lookup() -> dict[str, str]:
    """Normalised force name or alias -> force id."""
    table = {}
    for force in load_forces():
        for name in (force.name, *force.aliases):
            for variant in name_variants(name, ["Police", "Constabulary", "Police Service"]):
                table[_norm_org(variant)] = force.id
    return table


def _norm_org(text: str) -> str:
    text = re.sub(r"(?:'s|’s)$", "", text.strip())
    return re.sub(r"^the\s+", "", text, flags=re.I).lower()


def _parsed(nlp: Language, gold_docs: list[dict[str, Any]]) -> Iterator[tuple[Pred, Article | None, Any]]:
    """``(empty prediction, article, doc)`` per gold article; article and doc are None
    where the text could not be read as an article."""
    articles = _articles(gold_docs)
    docs = nlp.pipe(a.body for a in articles if a is not None)
    for gold, article in zip(gold_docs, articles, strict=True):
        yield _empty(gold), article, (next(docs) if article is not None else None)


def stock(nlp_stock: Language, gold_docs: list[dict[str, Any]]) -> Iterator[Pred]:
    forces = force_lookup()
    for pred, article, doc in _parsed(nlp_stock, gold_docs):
        if article is None:
            yield pred
            continue
        for ent in doc.ents:
            start, end = article.offsets.span_to_raw(ent.start_char, ent.end_char)
            item: dict[str, Any] = {"start": start, "end": end, "span": article.text[start:end]}
            if ent.label_ == "ORG":
                force = forces.get(_norm_org(ent.text))
                item |= {"label": "FORCE", "id": force} if force else {"label": "ORG", "name": ent.text}
                pred["entities"].append(item)
            elif ent.label_ == "PERSON":
                pred["entities"].append(item | {"label": "OFFICIAL", "name": ent.text})
            elif ent.label_ in ("CARDINAL", "PERCENT"):
                claim = _stock_claim(ent, item)
                if claim:
                    pred["claims"].append(claim)
        yield pred


def _stock_claim(ent: Any, item: dict[str, Any]) -> dict[str, Any] | None:
    words = re.sub(r"(?i)\s*(per cent|percent|%)$", "", ent.text)
    value = parse_number(words.split()[-1] if words.split() else words) or parse_number(words)
    if value is None:
        return None
    if ent.label_ == "PERCENT":
        measure = "percent"
    else:
        root = ent.root
        head = root.head if root.dep_ == "nummod" else None
        if head is None:
            head = next((t for t in ent.doc[ent.end : ent.end + 3] if t.pos_ == "NOUN"), None)
        measure = head.lemma_.lower() if head is not None else None
    return item | {
        "value": value,
        "measure": measure,
        "approx": "exact",
        "scope": None,
        "period": None,
        "qualifiers": {},
    }


def quantulum(gold_docs: list[dict[str, Any]]) -> Iterator[Pred]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "classifier dependencies not installed": we don't use it
        from quantulum3 import classifier, parser

    classifier.USE_CLF = False  # its pickled classifier fails under current scikit-learn

    for gold, article in zip(gold_docs, _articles(gold_docs), strict=True):
        pred = _empty(gold)
        if article is None:
            yield pred
            continue
        for para in re.finditer(r"[^\n]+", article.body):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                quantities = parser.parse(para.group())
            for q in quantities:
                s, e = q.span
                start, end = article.offsets.span_to_raw(para.start() + s, para.start() + e)
                after = para.group()[e:].split()
                if q.unit.name in ("percentage", "per cent", "percent"):
                    measure = "percent"
                else:
                    word = re.sub(r"\W", "", after[0].lower()) if after else ""
                    measure = word[:-1] if word.endswith("s") and len(word) > 3 else word or None
                pred["claims"].append(
                    {
                        "start": start,
                        "end": end,
                        "span": article.text[start:end],
                        "value": float(q.value),
                        "measure": measure,
                        "approx": "exact",
                        "scope": None,
                        "period": None,
                        "qualifiers": {},
                    }
                )
        yield pred


def textacy_available() -> bool:
    return importlib.util.find_spec("textacy") is not None


def textacy_quotes(nlp_stock: Language, gold_docs: list[dict[str, Any]]) -> Iterator[Pred]:
    from textacy.extract.triples import direct_quotations

    for pred, article, doc in _parsed(nlp_stock, gold_docs):
        if article is None:
            yield pred
            continue
        try:
            quotes = list(direct_quotations(doc))
        except Exception:  # noqa: BLE001 - textacy raises on odd quote marks; score what we have
            quotes = []
        for q in quotes:
            content = q.content
            start, end = article.offsets.span_to_raw(content.start_char, content.end_char)
            text = article.text[start:end]
            strip = len(text) - len(text.lstrip("\"'“”‘’ "))
            rstrip = len(text) - len(text.rstrip("\"'“”‘’ "))
            speaker = " ".join(t.text for t in q.speaker) if q.speaker else None
            pred["quotes"].append({"start": start + strip, "end": end - rstrip, "speaker": speaker})
        yield pred
