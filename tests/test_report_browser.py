"""The HTML reports in a real headless Chromium: highlights, the original/clean toggle, links, screenshots.

Chromium and its driver are Debian's ``chromium`` and ``chromium-driver`` packages, which the test setup
installs (``tools/install-chromium.sh``, run by ``make test``). These tests skip only when they are
missing and cannot be installed (not root, no apt). Screenshots go to each test's ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner.article import Article
from cleaner.explain import html_report, kind_colour, write_batch_report

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HTML_PAGE = ROOT / "tests" / "fixtures" / "html" / "article.html"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1024")

# What the page shows for each removal, read by the browser after layout and styles.
_HIGHLIGHTS_JS = """
return Array.from(document.querySelectorAll('#original del.removal')).map(function (el) {
  var style = getComputedStyle(el), after = getComputedStyle(el, '::after');
  return {kind: el.dataset.kind, rule: el.dataset.rule, text: el.textContent,
          colour: style.getPropertyValue('--c').trim(), background: style.backgroundColor,
          decoration: style.textDecorationLine, label: after.content, boxes: el.getClientRects().length};
});
"""


def _have_chromium() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not _have_chromium() and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["sh", str(ROOT / "tools" / "install-chromium.sh")], check=False, timeout=1200)
    if not _have_chromium():
        pytest.skip("chromium and chromium-driver are not installed and cannot be (tools/install-chromium.sh)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="cleaner-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        try:
            yield driver
        finally:
            driver.quit()


def open_report(browser: Any, path: Path) -> None:
    browser.get(path.resolve().as_uri())
    assert browser.execute_script("return document.readyState") == "complete"


def displayed(browser: Any, selector: str) -> bool:
    return bool(browser.execute_script(
        "var el = document.querySelector(arguments[0]); return !!el && getComputedStyle(el).display !== 'none' "
        "&& el.getClientRects().length > 0;", selector))


def check_highlights(browser: Any, article: Article) -> None:
    shown = browser.execute_script(_HIGHLIGHTS_JS)
    removals = sorted(article.removed, key=lambda r: r.start)
    assert len(shown) == len(removals)
    for mark, removal in zip(shown, removals, strict=True):
        assert (mark["kind"], mark["rule"], mark["text"]) == (removal.kind, removal.rule, removal.text)
        assert mark["colour"] == kind_colour(removal.kind)
        assert mark["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), mark
        assert "line-through" in mark["decoration"]
        assert mark["label"] == f'"{removal.rule}"'
        assert mark["boxes"] > 0 or not removal.text  # laid out, not hidden


def report_for(tmp_path: Path, article: Article, name: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(html_report(article, source=name), encoding="utf-8")
    return path


DOCUMENTS = [pytest.param(path, id=path.stem) for path in SEEDS] + [pytest.param(HTML_PAGE, id="html-page")]


@pytest.mark.parametrize("source", DOCUMENTS)
def test_every_removal_is_highlighted_with_its_kind(browser: Any, tmp_path: Path, source: Path) -> None:
    if source.suffix == ".html":
        article = cleaner.clean_html(source.read_bytes())
    else:
        article = cleaner.clean(source.read_text(encoding="utf-8"))
    open_report(browser, report_for(tmp_path, article, source.stem))
    check_highlights(browser, article)
    if not article.removed:  # seed 003 is clean already: the legend says so
        assert "Nothing was removed." in browser.find_element("css selector", ".legend").text
    # self-contained: the page asked for nothing beyond itself
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    browser.save_screenshot(str(tmp_path / f"{source.stem}.png"))
    assert (tmp_path / f"{source.stem}.png").read_bytes().startswith(b"\x89PNG")


def test_toggle_switches_between_original_and_clean(browser: Any, tmp_path: Path) -> None:
    seed = ROOT / "seeds" / "004_8136f59bb0079f48.txt"
    article = cleaner.clean(seed.read_text(encoding="utf-8"))
    open_report(browser, report_for(tmp_path, article, "004"))
    assert displayed(browser, "#original") and not displayed(browser, "#clean")
    browser.save_screenshot(str(tmp_path / "original.png"))

    browser.find_element("css selector", "label[for=view-clean]").click()
    assert displayed(browser, "#clean") and not displayed(browser, "#original")
    visible = browser.find_element("css selector", "main").text
    assert article.paragraphs[0] in visible and article.title in visible
    assert "Reuters Archive" not in visible and "READ MORE" not in visible and "Loading..." not in visible
    browser.save_screenshot(str(tmp_path / "clean.png"))

    browser.find_element("css selector", "label[for=view-original]").click()
    assert displayed(browser, "#original") and not displayed(browser, "#clean")
    assert "Reuters Archive" in browser.find_element("css selector", "main").text
    for name in ("original.png", "clean.png"):
        assert (tmp_path / name).stat().st_size > 10_000


def test_batch_report_links_to_per_document_views_and_back(browser: Any, tmp_path: Path) -> None:
    documents = [(path.name, cleaner.clean(path.read_text(encoding="utf-8"))) for path in SEEDS]
    report = tmp_path / "report.html"
    write_batch_report(report, documents, [("broken.pdf", "InputError: this is a PDF file")], top=3)
    open_report(browser, report)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    rows = browser.find_elements("css selector", "tr.document")
    assert len(rows) == 3
    assert "broken.pdf" in browser.find_element("css selector", "table.errors").text
    browser.save_screenshot(str(tmp_path / "batch.png"))

    first = rows[0].find_element("css selector", "td.source").text
    rows[0].find_element("css selector", "a.view-link").click()
    assert browser.find_element("css selector", ".source").text == first
    check_highlights(browser, dict(documents)[first])
    browser.find_element("css selector", "header.top a").click()
    assert browser.current_url == report.resolve().as_uri()
