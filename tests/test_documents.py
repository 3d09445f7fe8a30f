"""What an input is: HTML, JSON records or text; clean() refuses a page, the command line hints at batch."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner import InputError
from cleaner.documents import looks_like_html, looks_like_json
from cleaner.files import decode

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("corpus/cases/*/input.txt"),
                *ROOT.glob("corpus/bench/*/text/*/*.txt")])  # every benchmark set's text renderings
PAGES = sorted(ROOT.glob("corpus/bench/*/html/*.html.gz"))
PAGE = ("<!DOCTYPE html><html><head><meta charset='utf-8'><meta name='description' content='A page'>"
        "<script>window.track = 1;</script></head><body><p>The council met on Monday.</p></body></html>")


def test_no_text_of_the_seeds_cases_or_benchmark_is_taken_for_html_or_json() -> None:
    assert len(TEXTS) > 300
    assert [path for path in TEXTS if looks_like_html(path.read_text(encoding="utf-8"))] == []
    assert [path for path in TEXTS if looks_like_json(path.read_text(encoding="utf-8"))] == []


def test_every_benchmark_page_is_taken_for_html() -> None:
    assert [path for path in PAGES if not looks_like_html(decode(gzip.decompress(path.read_bytes())))] == []


# A documentation page about HTML, as an extractor renders it: its title opens with a tag, and its code
# samples are markup (wcxb page 2855); a page rendered as text that opens with its embedded JSON (2865).
_HTML_DOCS = ("<table>: The Table element\n\nThe <table> HTML element represents tabular data.\n\n<table>\n"
              "  <tr><td>1</td></tr>\n</table>\n\nSee also <caption> and <tr>.")
_JSON_FIRST = '{"categories":["docs","develop"],"description":"Overview of data types"}\nRedis for AI\nProducts'


@pytest.mark.parametrize("text", ["<p> is a tag, said the manual.", "Use the <em> tag for emphasis.",
                                  "a < b and b > c", "[Updated] Storm hits the coast", "{Braces} in a title",
                                  _HTML_DOCS, _JSON_FIRST])
def test_text_that_mentions_markup_stays_text(text: str) -> None:
    assert not looks_like_html(text) and not looks_like_json(text)
    assert cleaner.clean(text).normalized.startswith(text.split("\n")[0])  # cleaned as text, not refused


def test_clean_refuses_a_page_and_says_what_to_call() -> None:
    with pytest.raises(InputError, match=r"clean_html\(page\)"):
        cleaner.clean(PAGE)
    with pytest.raises(InputError, match="clean_html"):
        cleaner.clean("<div class='story'><p>One.</p><p>Two.</p></div>")
    assert cleaner.clean_html(PAGE).text == "The council met on Monday."
    kept = cleaner.clean(PAGE, allow_markup=True)  # asked for: cleaned as text, tags and all
    assert "<script>" in kept.text or "<script>" in kept.normalized


def test_the_command_line_hints_at_batch_for_json_lines(tmp_path: Path) -> None:
    records = tmp_path / "tiny.jsonl"
    records.write_text("".join(json.dumps({"id": n, "text": f"Story {n}."}) + "\n" for n in range(3)),
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(records)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "cleaner batch" in result.stderr and str(records) in result.stderr
    forced = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(records), "--input-format", "text"],
                            capture_output=True, text=True, timeout=120)
    assert forced.returncode == 0 and '"Story 2."' in forced.stdout  # cleaned as text, as asked
