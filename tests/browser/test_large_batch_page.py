"""The review page of a 20,000-article batch in headless Chromium: split into linked pages,
each file under 8 MB, the first holding the conflicts and failed checks, every page ready
within 3 seconds (the page's own clock: ``performance.now()`` when it has built itself).

The batch is synthetic (:mod:`extractor.evaluate.synthetic`: stories, periods and totals
grow with it), written straight into a store, so no NLP runs. Needs Debian's chromium
and chromium-driver and selenium, like ``test_review_page.py``; skips without them.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from extractor.evaluate.synthetic import write_batch
from extractor.outputs.report import FIGURES_PER_PAGE, MAX_FAILED_CHECKS, PAGES_DIR, REPORT_NAME
from extractor.run import reconcile_dir

# the same paths the conftest's driver fixture uses
CHROMIUM = Path(os.environ.get("EXTRACTOR_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("EXTRACTOR_CHROMEDRIVER", "/usr/bin/chromedriver"))

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(f"browser tests skipped: {CHROMIUM} or {CHROMEDRIVER} not found", allow_module_level=True)
pytest.importorskip("selenium", reason="browser tests skipped: selenium is not installed")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ARTICLES = 20_000
MAX_BYTES = 8 * 1024 * 1024
OPEN_MS = 3000


@pytest.fixture(scope="module")
def large_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("large-batch")
    write_batch(out, ARTICLES)
    reconcile_dir(out)  # figures, checks, tables and the pages
    return out


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="report-data">(.*?)</script>', text, re.S).group(1))


def pages(out: Path) -> list[Path]:
    return [out / REPORT_NAME, *sorted((out / PAGES_DIR).glob("p*.html"))]


def ready_ms(driver, path: Path) -> int:
    driver.get(path.as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true"
    )
    return int(driver.execute_script("return document.body.dataset.readyMs"))


def test_every_page_file_is_bounded(large_out: Path) -> None:
    files = pages(large_out)
    assert len(files) > 2  # a batch this size does not fit one page
    for path in files:
        assert path.stat().st_size < MAX_BYTES, path
        assert len(page_data(path)["figures"]) <= FIGURES_PER_PAGE


def test_the_first_page_leads_with_what_needs_review(large_out: Path) -> None:
    first = page_data(large_out / REPORT_NAME)
    statuses = {f["status"] for f in first["figures"]}
    assert "conflict" in statuses
    assert {"single", "agreed"}.isdisjoint(statuses)  # those wait for later pages
    failed = [c for c in first["checks"] if c["status"] == "fail"]
    n_failed = first["counts"]["checks_failed"]
    assert len(failed) >= min(n_failed, MAX_FAILED_CHECKS) > 0
    assert first["counts"]["failed_not_listed"] == max(0, n_failed - MAX_FAILED_CHECKS)  # said on the page
    # every figure of the batch is on exactly one page
    seen = [f["key"] for path in pages(large_out) for f in page_data(path)["figures"]]
    assert len(seen) == len(set(seen)) == first["counts"]["figures"]


def test_pages_open_fast_and_link_each_other(driver, large_out: Path) -> None:
    files = pages(large_out)
    ready_ms(driver, files[0])  # the browser's own start-up is not the page's
    for path in (files[0], files[1], files[len(files) // 2], files[-1]):
        assert ready_ms(driver, path) < OPEN_MS, path
    ready_ms(driver, files[0])
    links = driver.find_elements(By.CSS_SELECTOR, "#pages a.page")
    assert len(links) == len(files) - 1
    links[0].click()
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true"
    )
    assert (
        driver.execute_script("return JSON.parse(document.getElementById('report-data').textContent).page")
        == 2
    )
    back = driver.find_elements(By.CSS_SELECTOR, "#pages a.page")[0]
    assert back.get_attribute("href").endswith("/" + REPORT_NAME)
