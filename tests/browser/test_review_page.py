"""The review page in headless Chromium: the seeds' 31 and 33 forces figures linked by a period check,
their sentences highlighted, filtering the sample corpus to conflicts, a decision made in the
page that persists across a reload and a re-run, and article markup shown as text.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them where it can)
and selenium (the ``dev`` extra); skips with a message where they are missing. A
screenshot of the page is saved to ``evaluation/artifacts/review-page.png``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extractor.outputs import read_csv
from extractor.reconcile.keys import FigureKey

# the same paths the conftest's driver fixture uses
CHROMIUM = Path(os.environ.get("EXTRACTOR_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("EXTRACTOR_CHROMEDRIVER", "/usr/bin/chromedriver"))

_missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
if _missing:
    pytest.skip(
        f"browser tests skipped: {', '.join(_missing)} not found (apt-get install chromium "
        "chromium-driver; .ci/run does it where apt-get is available)",
        allow_module_level=True,
    )
pytest.importorskip(
    "selenium", reason="browser tests skipped: selenium is not installed (pip install -e '.[dev]')"
)

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "evaluation" / "artifacts"
FORCES_KEY = FigureKey("national", "force", (), (2016, 2020)).to_string()
LATER_KEY = FigureKey("national", "force", (), (2016, 2021)).to_string()

# the text of a mark without its label
MARKS_JS = """
const [root, label] = arguments;
return [...root.querySelectorAll('mark.ent[data-label="' + label + '"]')].map((m) => {
  const copy = m.cloneNode(true);
  copy.querySelectorAll('.ent-label').forEach((l) => l.remove());
  return copy.textContent;
});
"""

# a sentence as written: its text without the marks' labels
PLAIN_JS = """
const copy = arguments[0].cloneNode(true);
copy.querySelectorAll('.ent-label').forEach((l) => l.remove());
return copy.textContent;
"""


@pytest.fixture(scope="module")
def seeds_out(seeds_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seeds run that this module's decisions may change."""
    return Path(shutil.copytree(seeds_run_dir, tmp_path_factory.mktemp("seeds") / "out"))


@pytest.fixture(scope="module")
def corpus_out(corpus_run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(corpus_run_dir, tmp_path_factory.mktemp("corpus") / "out"))


def open_page(driver, url: str, served: bool = True) -> None:
    driver.get(url)
    wait = WebDriverWait(driver, 10)
    wait.until(lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    expected = "loaded" if served else "file"
    wait.until(lambda d: d.execute_script("return document.body.dataset.decisions") == expected)


def visible_cards(driver) -> list[WebElement]:
    return [c for c in driver.find_elements(By.CSS_SELECTOR, "article.figure") if c.is_displayed()]


def card(driver, key: str) -> WebElement:
    return next(
        c
        for c in driver.find_elements(By.CSS_SELECTOR, "article.figure")
        if c.get_attribute("data-figure-key") == key
    )


def marks(driver, root: WebElement, label: str) -> list[str]:
    return driver.execute_script(MARKS_JS, root, label)


def decide(driver, figure: WebElement, decision: str, note: str) -> None:
    box = figure.find_element(By.CSS_SELECTOR, ".dec-note")
    box.clear()
    box.send_keys(note)
    figure.find_element(By.CSS_SELECTOR, f'.dec-btn[data-decision="{decision}"]').click()
    WebDriverWait(driver, 10).until(
        lambda d: figure.find_element(By.CSS_SELECTOR, ".dec-status").text.endswith(f"“{note}”")
    )


def test_seeds_page_links_the_31_and_33_forces_figures_by_a_failed_period_check(
    driver, seeds_out: Path, start_server
) -> None:
    server = start_server(seeds_out)
    open_page(driver, server.url)
    forces, later = card(driver, FORCES_KEY), card(driver, LATER_KEY)
    assert forces.find_element(By.CSS_SELECTOR, ".value").text == "33"
    assert later.find_element(By.CSS_SELECTOR, ".value").text == "31"
    for fig, number in ((forces, "33"), (later, "31")):
        sentence = fig.find_element(By.CSS_SELECTOR, ".statement .sentence")
        assert marks(driver, sentence, "NUMBER") == [number]
    checks = driver.find_elements(By.CSS_SELECTOR, "article.check")
    assert any("period" in c.text and "31" in c.text and "33" in c.text for c in checks)
    counts = driver.find_element(By.ID, "counts").text
    assert "5\narticles" in counts and "0\nconflict" in counts and "checks failed of" in counts


def test_seeds_decision_is_in_figures_csv_after_a_rerun(
    driver, seeds_out: Path, start_server, run_batch, tmp_path: Path
) -> None:
    server = start_server(seeds_out)
    open_page(driver, server.url)
    decide(driver, card(driver, FORCES_KEY), "wrong", "PA: 33 forces responded")

    inputs = Path(shutil.copytree(SHARED / "seeds", tmp_path / "in"))
    (inputs / "new.txt").write_text("Essex Police received 12 complaints about officers in 2021.\n")
    run_batch([inputs], seeds_out)
    figures = read_csv(seeds_out / "figures.csv")
    decided = figures[figures["decision"].notna()]
    assert decided[["scope", "measure", "decision", "decision_note"]].values.tolist() == [
        ["national", "force", "wrong", "PA: 33 forces responded"]
    ]
    open_page(driver, server.url)
    again = card(driver, FORCES_KEY)
    assert (
        again.find_element(By.CSS_SELECTOR, '.dec-btn[data-decision="wrong"]').get_attribute("aria-pressed")
        == "true"
    )
    assert again.find_element(By.CSS_SELECTOR, ".fig-head .badge.decision").text.lower() == "wrong"

    # the artifact: counts, filters and the conflict with its decision, after the re-run
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(1366, 1100)
    driver.save_screenshot(str(ARTIFACTS / "review-page.png"))
    driver.set_window_size(1366, 1000)


def test_corpus_filter_to_conflicts_and_decide(driver, corpus_out: Path, start_server) -> None:
    server = start_server(corpus_out)
    open_page(driver, server.url)
    Select(driver.find_element(By.ID, "f-status")).select_by_value("conflict")
    cards = visible_cards(driver)
    figures = read_csv(corpus_out / "figures.csv")
    conflicts = int((figures["status"] == "conflict").sum())
    assert conflicts >= 2
    assert [c.get_attribute("data-status") for c in cards] == ["conflict"] * conflicts
    assert not driver.find_element(By.ID, "sec-single").is_displayed()
    assert not driver.find_element(By.ID, "sec-failed").is_displayed()
    assert f"showing {conflicts} of {len(figures)} figures" in driver.find_element(By.ID, "f-showing").text

    kent = next(c for c in cards if c.get_attribute("data-scope") == "kent")
    sentence = next(
        s
        for s in kent.find_elements(By.CSS_SELECTOR, ".statement .sentence")
        if "71" in marks(driver, s, "NUMBER")
    )
    assert driver.execute_script(PLAIN_JS, sentence) == (
        "Kent Police, which logged 71 allegations, had the fifth highest total of any force."
    )
    assert marks(driver, sentence, "FORCE") == ["Kent Police"]
    assert marks(driver, sentence, "QUALIFIER")[0].startswith("allegations")

    key = kent.get_attribute("data-figure-key")
    decide(driver, kent, "needs-follow-up", "Kent: 64 (own figures) or 71 (PA table)?")

    driver.refresh()
    open_page(driver, server.url)
    kept = card(driver, key)
    assert (
        kept.find_element(By.CSS_SELECTOR, '.dec-btn[data-decision="needs-follow-up"]').get_attribute(
            "aria-pressed"
        )
        == "true"
    )
    assert (
        kept.find_element(By.CSS_SELECTOR, ".dec-note").get_attribute("value")
        == "Kent: 64 (own figures) or 71 (PA table)?"
    )
    Select(driver.find_element(By.ID, "f-decision")).select_by_value("needs-follow-up")
    assert [c.get_attribute("data-figure-key") for c in visible_cards(driver)] == [key]

    figures = read_csv(corpus_out / "figures.csv")
    row = figures[figures["decision"].notna()]
    assert row[["scope", "status", "decision"]].values.tolist() == [["kent", "conflict", "needs-follow-up"]]


def test_per_force_view_filters_to_a_force(driver, corpus_out: Path, start_server) -> None:
    server = start_server(corpus_out)
    open_page(driver, server.url)
    driver.find_element(By.ID, "view-forces").click()
    row = driver.find_element(By.CSS_SELECTOR, '#forces-table tr[data-scope="kent"]')
    assert row.text.split()[:3] == ["Kent", "Police", "South"]
    row.find_element(By.TAG_NAME, "button").click()
    assert driver.find_element(By.ID, "figures-view").is_displayed()
    scopes = {c.get_attribute("data-scope") for c in visible_cards(driver)}
    assert scopes == {"kent"}
    search = driver.find_element(By.ID, "f-q")
    search.send_keys("fifth highest")
    assert len(visible_cards(driver)) == 1


def test_file_page_shows_markup_as_text(driver, hostile_run_dir: Path) -> None:
    open_page(driver, (hostile_run_dir / "report.html").as_uri(), served=False)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - raises when there is none
    assert driver.execute_script("return window.__pwned") is None
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main script") == []
    assert [b.text for b in driver.find_elements(By.CSS_SELECTOR, "main b") if "Bold" in b.text] == []
    text = driver.find_element(By.ID, "figures-view").text
    assert "<script>window.__pwned = 'script'</script>" in text
    assert "<img src=x onerror=" in text
    assert "<b>Bold</b> claims" in text
    assert driver.find_elements(By.CSS_SELECTOR, 'a[href^="javascript"]') == []

    figure = visible_cards(driver)[0]
    figure.find_element(By.CSS_SELECTOR, '.dec-btn[data-decision="verified"]').click()
    status = figure.find_element(By.CSS_SELECTOR, ".dec-status").text
    assert f"extractor review {hostile_run_dir.resolve()}" in status
    assert "extractor review" in driver.find_element(By.ID, "banner").text
