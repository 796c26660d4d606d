"""The review page of a large batch is cut into linked pages of bounded size."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.evaluate.synthetic import write_batch
from extractor.outputs import report
from extractor.outputs.report import PAGES_DIR, REPORT_NAME, page_file, plan_pages
from extractor.run import reconcile_dir


@pytest.mark.parametrize(
    ("mentions", "per_page", "statements", "expected"),
    [
        ([1, 1, 1], 2, 100, [2, 1]),  # figures per page
        ([40, 40, 40], 10, 100, [2, 1]),  # statements per page
        ([500, 1, 1], 10, 100, [3]),  # a figure's statements count up to MAX_STATEMENTS (50)
        ([120, 1], 10, 10, [1, 1]),  # a figure larger than a page still gets one
        ([], 10, 100, [0]),  # no figure: one empty page
    ],
)
def test_plan_pages(monkeypatch, mentions, per_page, statements, expected) -> None:  # noqa: ANN001
    monkeypatch.setattr(report, "FIGURES_PER_PAGE", per_page)
    monkeypatch.setattr(report, "STATEMENTS_PER_PAGE", statements)
    rows = [{"figure_id": f"F{i}", "n_mentions": n} for i, n in enumerate(mentions)]
    assert [len(p) for p in plan_pages(rows)] == expected


@pytest.mark.parametrize(("here", "there", "href"), [
    (1, 1, "report.html"), (1, 3, "report-pages/p0003.html"),
    (3, 1, "../report.html"), (3, 4, "p0004.html"),
])  # fmt: skip
def test_pages_link_each_other_relatively(here: int, there: int, href: str) -> None:
    assert report.PageData._href(here, there) == href
    assert page_file(there).endswith(href.removeprefix("../"))


def test_page_size_does_not_grow_with_the_batch(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    """With small pages, a batch four times as large has more pages, none larger."""
    monkeypatch.setattr(report, "FIGURES_PER_PAGE", 40)
    monkeypatch.setattr(report, "STATEMENTS_PER_PAGE", 80)
    largest, count = {}, {}
    for n in (150, 600):
        out = tmp_path / str(n)
        write_batch(out, n)
        reconcile_dir(out)
        files = [out / REPORT_NAME, *(out / PAGES_DIR).glob("p*.html")]
        largest[n], count[n] = max(f.stat().st_size for f in files), len(files)
    assert count[600] > 3 * count[150]
    assert largest[600] < 1.5 * largest[150]


def test_a_smaller_batch_leaves_no_stale_pages(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setattr(report, "FIGURES_PER_PAGE", 40)
    write_batch(tmp_path, 200)
    reconcile_dir(tmp_path)
    before = sorted(p.name for p in (tmp_path / PAGES_DIR).glob("*.html"))
    monkeypatch.setattr(report, "FIGURES_PER_PAGE", 400)
    reconcile_dir(tmp_path)
    after = sorted(p.name for p in (tmp_path / PAGES_DIR).glob("*.html"))
    assert len(before) > 1 and len(after) < len(before)
    assert len(after) == len(report.PageData(tmp_path).pages) - 1


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_the_review_server_serves_every_page(monkeypatch, tmp_path: Path, start_server) -> None:  # noqa: ANN001
    monkeypatch.setattr(report, "FIGURES_PER_PAGE", 40)
    write_batch(tmp_path, 200)
    reconcile_dir(tmp_path)
    n_pages = len(report.PageData(tmp_path).pages)
    server = start_server(tmp_path)
    status, body = _get(server.url + f"{PAGES_DIR}/p0002.html")
    assert status == 200 and f"(page 2 of {n_pages})" in body
    assert _get(server.url + f"{PAGES_DIR}/p{n_pages + 1:04d}.html")[0] == 404
    assert _get(server.url + f"{PAGES_DIR}/../evidence.sqlite")[0] == 404
