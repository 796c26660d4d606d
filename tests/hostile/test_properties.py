"""Property tests (hypothesis) over ingest, the pipeline, reconciling and CSV cells: for
any input, no exception, offsets inside the text and pointing at the span, intervals
that hold the value, every claim in exactly one figure. Runs are bounded (a fixed
number of examples, no deadline) so the suite stays fast."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pandas as pd
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extractor.ingest import Article, IngestError, make_article, read_articles
from extractor.ingest.readers import InputError
from extractor.outputs.tables import FORMULA_PREFIXES, read_csv, write_csv
from extractor.pipeline.extensions import doc_text
from extractor.reconcile.figures import RECONCILE_COLUMNS, Reconciler
from extractor.run import make_doc

BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# pieces of invented wire copy: forces, people, counts, approximations, periods, quotes,
# and the characters that break naive code (line ends, marks, separators, odd Unicode)
PIECES = [
    "Kent Police", "Essex Police", "Dorset Police", "the force", "Chief Constable Mara Quill", "said",
    "told reporters", "complaints", "allegations", "officers", "against", "female", "male", "staff",
    "were dismissed", "12", "almost", "160", "more than", "a dozen", "one in five", "per cent", "%",
    "2021", "2019/20", "between 2018 and 2022", "in", "of", "which", "1,204", "3.5", "-", "—",
    ",", ".", ":", ";", "?", "\n", "\n\n", "\r\n", "\t", '"', "“", "”", "'", "(", ")", "é", "\u2028",
    "\ufeff", "Subscribe Now", "date 2022-03-04", "   ",
]  # fmt: skip
wire_text = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "", " ", "\n"]), min_size=len(words), max_size=len(words)
    ).map(lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True)))
)


# --- ingest ------------------------------------------------------------------------------


@SMALL
@given(text=st.text(max_size=300) | wire_text)
def test_make_article_maps_every_piece_back(text: str) -> None:
    try:
        article = make_article("p", "prop", text)
    except InputError:
        return
    for body_start, raw_start, length in article.offsets.segments:
        assert raw_start >= 0 and raw_start + length <= len(text)
        assert article.body[body_start : body_start + length] == text[raw_start : raw_start + length]


html_bits = st.lists(
    st.sampled_from(["<p>", "</p>", "<div class='cookie'>", "</div>", "<article>", "<script>", "<!--", "-->",
                     "<br>", "&amp;", "&#0;", "&#xD800;", "<", ">", "Kent Police logged 4 complaints.", "\x00"]),
    max_size=30,
).map("".join)  # fmt: skip


@SMALL
@given(text=st.text(max_size=300) | wire_text)
def test_doc_text_from_arrays_is_the_text(text: str) -> None:
    # the components read the doc's text joined from token arrays, not Token objects
    doc = spacy.blank("en").make_doc(text)
    assert doc_text(doc) == doc.text == text


@SMALL
@given(data=st.binary(max_size=400) | html_bits.map(str.encode), suffix=st.sampled_from([".txt", ".html"]))
def test_any_file_gives_one_record(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("file") / f"any{suffix}"
    path.write_bytes(data)
    [record] = list(read_articles([path]))
    if isinstance(record, Article):
        assert record.text and record.sha256 and record.body.strip()
    else:
        assert record.error and record.source == str(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "url", "x"]), inner)
    ),
    max_leaves=12,
)


@SMALL
@given(rows=st.lists(json_values | st.fixed_dictionaries({"id": json_values, "text": wire_text}), max_size=6))
def test_any_feed_gives_one_record_a_line(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    path = tmp_path_factory.mktemp("feed") / "f.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    records = list(read_articles([path]))
    assert len(records) == (len(rows) or 1)  # an empty feed is one error row
    assert all(isinstance(r, Article | IngestError) for r in records)
    assert len({r.id for r in records}) == len(records)  # ids never collide


# --- the pipeline and reconciling --------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline(nlp_blank: Language) -> Language:
    return nlp_blank


@BOUNDED
@given(texts=st.lists(wire_text, min_size=1, max_size=3))
def test_records_point_at_their_text_and_reconcile(pipeline: Language, texts: list[str]) -> None:
    rows = []
    for n, text in enumerate(texts):
        try:
            article = make_article(f"d{n}", f"d{n}.txt", text)
        except InputError:
            continue
        doc = pipeline(make_doc(pipeline, article))
        for record in [*doc._.entities, *doc._.claims]:
            assert 0 <= record.start <= record.end <= len(text)
            assert text[record.start : record.end] == record.text
            start, sentence = record.sentence_start, record.sentence
            assert text[start : start + len(sentence)] == sentence
        for quote in doc._.quotes:
            assert 0 <= quote.start <= quote.end <= len(text)
        for claim in doc._.claims:
            assert claim.low <= claim.value <= claim.high
            rows.append([claim.to_dict()[c] for c in RECONCILE_COLUMNS])
    reconciler = Reconciler()
    reconciler.add(rows)
    figures = reconciler.figures()
    in_figures = Counter(claim_id for _, claim_id, _ in reconciler.links())
    measured = [r[0] for r in rows if isinstance(r[4], str)]
    assert in_figures == Counter(measured)  # every claim with a measure in exactly one figure
    assert len(figures) == len({f for f, _, _ in reconciler.links()})


# --- CSV cells ------------------------------------------------------------------------------


@SMALL
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=30), max_size=8
    )
)
def test_any_text_cell_survives_csv(tmp_path_factory: pytest.TempPathFactory, cells: list[str]) -> None:
    cells = [c for c in cells if not c.startswith("'")]  # a leading ' before = is read as the guard
    values = ["zz", *cells]  # one plain word keeps the column text, not numbers
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(pd.DataFrame({"cell": values, "n": range(len(values))}), path)
    with path.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert len(table) == len(values) + 1  # no cell spills into another row
    for cell, _ in table[1:]:
        for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line.startswith(FORMULA_PREFIXES[:4]), cell
    back = read_csv(path)["cell"].tolist()
    assert back == values
