"""Bylines, picture captions and credits, recognised from the page's own markup, stay in the
text as read (offsets point into it) but are cut from the body the pipeline reads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extractor.ingest import read_articles
from extractor.ingest.readers import reread

BODY = "<p>Norfolk Constabulary logged 23 complaints about officers in 2022.</p>"

# (markup around the article's one paragraph, the furniture line's text, the reason recorded)
CASES = [
    (f'<p class="article-byline">By Tamsin Okafor, Crime Reporter</p>{BODY}',
     "By Tamsin Okafor, Crime Reporter", "byline"),
    (f'<div class="c-byline__container"><span>Ruth Pennant</span></div>{BODY}', "Ruth Pennant", "byline"),
    (f'<p>By <a rel="author" href="/people/ivo">Ivo Marsh</a>, PA</p>{BODY}', "By Ivo Marsh, PA", "byline"),
    (f'<p><span itemprop="author">Dana Keyes</span> for the Evening Post</p>{BODY}',
     "Dana Keyes for the Evening Post", "byline"),
    (f'{BODY}<figure><img src="a.jpg"><figcaption>Officers at the county show in 2019.</figcaption></figure>',
     "Officers at the county show in 2019.", "caption"),
    (f'{BODY}<div class="image-caption">A patrol car outside the station.</div>',
     "A patrol car outside the station.", "caption"),
    (f'{BODY}<p class="photo-credit">Picture: Lowland Photo Agency</p>', "Picture: Lowland Photo Agency", "credit"),
    (f'<div data-component="byline-block"><p>Written by Olu Brandt</p></div>{BODY}', "Written by Olu Brandt", "byline"),
    (f'<address>Selma Grieve, Home Affairs Correspondent</address>{BODY}',
     "Selma Grieve, Home Affairs Correspondent", "byline"),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "line", "reason"), CASES)
def test_markup_furniture_is_cut_from_the_body(markup: str, line: str, reason: str, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(f"<html><body><article>{markup}</article></body></html>")
    [article] = read_articles([tmp_path])
    assert article.body == "Norfolk Constabulary logged 23 complaints about officers in 2022."
    [(start, end, why)] = article.removed
    assert (article.text[start:end], why) == (line, f"markup:{reason}")
    # the body's offsets still map into the text as read
    at = article.offsets.to_raw(article.body.index("23"))
    assert article.text[at : at + 2] == "23"
    # read again from the stored text, the same lines are cut
    assert reread(article.id, article.text, article.reading()).body == article.body


LONG = (
    "Norfolk Constabulary logged 23 complaints about officers in 2022, and the force said each "
    "one had been assessed by its professional standards department before any decision was "
    "taken on whether to refer it to the watchdog, with a further review promised by the "
    "police and crime commissioner once the figures for the following year were published."
)
# markup that only looks like furniture: an authority, a link inside the article text, and
# a whole paragraph inside a wrapper whose class names its author
KEPT = [
    ('<p class="authority-statement">Norfolk Constabulary logged 23 complaints about officers in 2022.</p>',
     "Norfolk Constabulary logged 23 complaints about officers in 2022."),
    ('<p>Norfolk Constabulary logged 23 complaints about officers in <a href="/y">2022</a>.</p>',
     "Norfolk Constabulary logged 23 complaints about officers in 2022."),
    (f'<div class="post author-kwells"><p>{LONG}</p></div>', LONG),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "body"), KEPT)
def test_article_text_is_not_furniture(markup: str, body: str, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(f"<html><body><article>{markup}</article></body></html>")
    [article] = read_articles([tmp_path])
    assert article.body == body
    assert article.removed == ()


def test_a_run_reports_nothing_from_a_caption(tmp_path: Path, nlp_blank) -> None:
    from extractor.run import run

    page = f'<html><body><article>{BODY}<figcaption>Suffolk Police made 400 arrests.</figcaption></article></body></html>'
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(page)
    run([tmp_path / "in"], tmp_path / "out", nlp_blank, progress=False)
    claims = pd.read_csv(tmp_path / "out" / "claims.csv", dtype=str)
    entities = pd.read_csv(tmp_path / "out" / "entities.csv", dtype=str)
    assert claims["text"].tolist() == ["23"]
    assert set(entities["id"]) == {"norfolk"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: h["furniture_attrs"].append({"reason": "byline", "pattern": "x", "regex": "x"}), "unknown key(s) ['regex']"),
        (lambda h: h["furniture_attrs"].append({"reason": "byline", "pattern": "(("}), "bad regular expression"),
        (lambda h: h.update(furniture_tags=["figcaption"]), "furniture_tags: expected an object"),
    ],
)
def test_furniture_rules_are_validated_on_load(change, message: str, tmp_path: Path) -> None:
    import json

    from extractor.lexicons import MODELS_DIR, LexiconError, load_ingest_settings

    data = json.loads((MODELS_DIR / "ingest.json").read_text(encoding="utf-8"))
    change(data["html"])
    path = tmp_path / "ingest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"ingest\.json") as caught:
        load_ingest_settings(path)
    assert message in str(caught.value)
