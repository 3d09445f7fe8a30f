"""What the extraction left out of a page, in the explanation: kind extraction, with what dropped it."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

import cleaner
from cleaner.extraction import DROPPED_ELEMENT, NOT_MAIN_CONTENT, page_lines, with_page
from cleaner.html import line_key

ROOT = Path(__file__).resolve().parent.parent
HTML_PAGE = ROOT / "tests" / "fixtures" / "html" / "article.html"
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))


def explain(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", "explain", *args], capture_output=True, text=True,
                          timeout=120, env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})


def test_the_fixtures_menu_and_sidebar_are_in_the_trail_with_their_rules() -> None:
    html = HTML_PAGE.read_text(encoding="utf-8")
    article = cleaner.clean_html(html)
    page = with_page(article, html)
    left_out = {(removal.rule, removal.text) for removal in page.removed if removal.kind == "extraction"}
    assert {(DROPPED_ELEMENT, "Home"), (DROPPED_ELEMENT, "News")} <= left_out  # the <nav>
    assert (NOT_MAIN_CONTENT, "© 2023 The Coast Courier. All rights reserved.") in left_out  # the <footer>
    assert (page.paragraphs, page.text, page.title, page.extra) == (article.paragraphs, article.text,
                                                                    article.title, article.extra)


@pytest.mark.parametrize("path", PAGES[::12], ids=[path.name[:12] for path in PAGES[::12]])
def test_the_page_trail_accounts_for_the_whole_page(path: Path) -> None:
    html = gzip.decompress(path.read_bytes())
    article = cleaner.clean_html(html)
    page = with_page(article, html)
    assert page.text == article.text
    for removal in page.removed:
        assert page.normalized[removal.start : removal.end] == removal.text, removal
    # the article's own removals, moved with their lines, in the same order
    own = [(r.rule, r.text) for r in page.removed if r.kind != "extraction"]
    assert own == [(r.rule, r.text) for r in sorted(article.removed, key=lambda r: (r.start, r.end))]
    shown = line_key(page.normalized)
    assert all(line_key(line.text) in shown for line in page_lines(html))  # every line of the page is there


def test_explain_on_a_page_shows_what_the_extraction_left_out() -> None:
    result = explain(str(HTML_PAGE), "--color", "never")
    assert result.returncode == 0, result.stderr
    assert "[-Home-] {extraction.dropped-element}" in result.stdout
    assert "{extraction.not-main-content}" in result.stdout and "│ extraction " in result.stdout
    text = explain(str(ROOT / "seeds" / "004_8136f59bb0079f48.txt"), "--color", "never").stdout
    assert "extraction" not in text  # text input: there was no extraction


def test_the_html_report_of_a_page_highlights_the_extractions_removals(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    assert explain(str(HTML_PAGE), "--html", str(report)).returncode == 0
    marks = lxml.html.fromstring(report.read_text(encoding="utf-8")).cssselect('del.removal[data-kind="extraction"]')
    assert {mark.get("data-rule") for mark in marks} == {DROPPED_ELEMENT, NOT_MAIN_CONTENT}
    assert "Home" in [mark.text_content() for mark in marks]


def test_cleaner_rules_lists_the_extraction_rules() -> None:
    rules = subprocess.run([sys.executable, "-m", "cleaner.cli", "rules"], capture_output=True, text=True,
                           timeout=120).stdout
    assert DROPPED_ELEMENT in rules and NOT_MAIN_CONTENT in rules
