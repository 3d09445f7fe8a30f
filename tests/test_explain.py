"""cleaner.explain: the terminal view, the per-document HTML report, the batch report and `cleaner explain`.

The HTML is checked here by parsing it; tests/test_report_browser.py loads it in a real Chromium.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

import cleaner
from cleaner.article import Article, Removal
from cleaner.explain import (
    MAX_ERROR_ROWS,
    BatchSummary,
    explain_text,
    html_report,
    kind_colour,
    metadata_items,
    print_explanation,
    removed_chars,
    segments,
    summarize,
    write_batch_report,
)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = ROOT / "seeds" / "004_8136f59bb0079f48.txt"
HTML_PAGE = ROOT / "tests" / "fixtures" / "html" / "article.html"

# Most kinds on one short page: date header, title, credit and caption, a dateline, a related link,
# a widget, plus prose that must stay.
MIXED = (
    " date 2023-09-09 Left Menu\n"
    "Storm closes the coastal road\n\n"
    "Waves broke over the sea wall at dawn.\nShutterstock\n\n"
    "LONDON (Reuters) - The council shut the road on Monday after the storm damaged the wall.\n\n"
    "READ MORE: Council approves new sea defences\n\n"
    "Loading...\n\n"
    "Engineers will inspect the damage this week, the council said in a statement."
)


def article_of(path: Path) -> Article:
    return cleaner.clean(path.read_text(encoding="utf-8"))


def parse(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


# ------------------------------------------------------------------------------------------ segments


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_segments_rebuild_the_text_with_one_segment_per_removal(path: Path) -> None:
    article = article_of(path)
    pieces = segments(article)
    assert "".join(piece.text for piece in pieces) == article.normalized
    assert [piece.removal for piece in pieces if piece.removal] == sorted(article.removed, key=lambda r: r.start)
    for piece in pieces:
        assert article.normalized[piece.start:piece.end] == piece.text
        if piece.removal:
            assert piece.text == piece.removal.text


def test_summary_counts_spans_and_characters_per_kind() -> None:
    article = cleaner.clean(MIXED)
    summary = {s.kind: s for s in summarize(article.removed)}
    for kind in {r.kind for r in article.removed}:
        mine = [r for r in article.removed if r.kind == kind]
        assert summary[kind].count == len(mine)
        assert summary[kind].chars == sum(len(r.text) for r in mine)
        assert set(summary[kind].rules) == {r.rule for r in mine}
    chars = [s.chars for s in summarize(article.removed)]
    assert chars == sorted(chars, reverse=True)
    assert removed_chars(article) == sum(chars)


def test_kind_colours_are_fixed_for_known_kinds_and_stable_for_new_ones() -> None:
    assert kind_colour("photo-credit") != kind_colour("caption")
    assert re.fullmatch(r"#[0-9a-f]{6}", kind_colour("never-seen-before"))
    assert kind_colour("never-seen-before") == kind_colour("never-seen-before")


# ------------------------------------------------------------------------------------------ terminal


def test_terminal_text_strikes_each_removal_in_its_kind_colour_and_labels_its_rule() -> None:
    article = cleaner.clean(MIXED)
    text = explain_text(article)
    struck = [(text.plain[span.start:span.end], str(span.style)) for span in text.spans if "strike" in str(span.style)]
    assert [piece for piece, _ in struck] == [r.text for r in sorted(article.removed, key=lambda r: r.start)]
    for (_, style), removal in zip(struck, sorted(article.removed, key=lambda r: r.start), strict=True):
        assert kind_colour(removal.kind) in style
        assert f"{{{removal.rule}}}" in text.plain
    assert "Engineers will inspect the damage this week" in text.plain


def test_without_colour_removals_are_marked_and_the_summary_follows() -> None:
    out = io.StringIO()
    print_explanation(cleaner.clean(SEED.read_text(encoding="utf-8")), file=out, color="never", width=200)
    printed = out.getvalue()
    assert "\x1b[" not in printed
    assert "[-Reuters Archive-] {credits.bare-agency}" in printed
    assert "[-Loading...-] {navigation.widget}" in printed
    assert "Azerbaijan has said that intense clashes" in printed and "[-Azerbaijan has said" not in printed
    table = printed[printed.index("Removed"):]
    assert re.search(r"related-link\s*│\s*3\s*│\s*247\b", table)
    assert re.search(r"total\s*│\s*10\s*│\s*635\b", table)
    assert "photo credits  Reuters Archive" in printed


def test_with_colour_removals_are_struck_through_not_marked() -> None:
    out = io.StringIO()
    print_explanation(cleaner.clean(SEED.read_text(encoding="utf-8")), file=out, color="always", width=200)
    printed = out.getvalue()
    assert "\x1b[9" in printed  # SGR 9: crossed out
    assert "[-Reuters Archive-]" not in printed and "{credits.bare-agency}" in printed


def test_unknown_colour_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="auto, always or never"):
        print_explanation(cleaner.clean("Text."), file=io.StringIO(), color="sometimes")


# ------------------------------------------------------------------------------------------ HTML page


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_removal_is_one_highlighted_element_with_its_kind_and_rule(path: Path) -> None:
    article = article_of(path)
    tree = parse(html_report(article, source=path.name))
    marks = tree.cssselect("#original del.removal")
    expected = sorted(article.removed, key=lambda r: r.start)
    assert len(marks) == len(article.removed)
    for mark, removal in zip(marks, expected, strict=True):
        assert mark.get("data-kind") == removal.kind
        assert mark.get("data-rule") == removal.rule
        assert mark.text_content() == removal.text
        assert (int(mark.get("data-start")), int(mark.get("data-end"))) == (removal.start, removal.end)
        assert removal.reason in mark.get("title")
        assert f"k-{removal.kind}" in mark.get("class").split()
    # the original view is the whole normalised text, nothing added or lost
    assert tree.cssselect("#original .doc")[0].text_content() == article.normalized


def test_every_kind_on_the_page_has_a_colour_rule_and_a_legend_row() -> None:
    article = cleaner.clean(MIXED)
    page = html_report(article)
    kinds = {r.kind for r in article.removed}
    assert len(kinds) >= 5
    for kind in kinds:
        assert f".k-{kind} {{ --c: {kind_colour(kind)}; }}" in page
    legend = parse(page).cssselect(".legend tbody tr")
    assert sorted(row.get("data-kind") for row in legend) == sorted(kinds)


def test_clean_view_holds_the_article_as_cleaned() -> None:
    article = article_of(SEED)
    view = parse(html_report(article)).cssselect("#clean article")[0]
    assert view.cssselect("h1")[0].text_content() == article.title
    assert view.cssselect(".standfirst")[0].text_content() == article.standfirst
    paragraphs = [element.text_content() for element in view.cssselect(".paragraph")]
    assert paragraphs == list(article.paragraphs)
    assert [h.text_content() for h in view.cssselect("h2.paragraph")] == list(article.headings)


def test_toggle_is_two_radio_buttons_with_the_original_checked() -> None:
    tree = parse(html_report(article_of(SEED)))
    original, clean = tree.cssselect("input#view-original")[0], tree.cssselect("input#view-clean")[0]
    assert original.get("type") == clean.get("type") == "radio"
    assert original.get("name") == clean.get("name")
    assert original.get("checked") is not None and clean.get("checked") is None
    assert {label.get("for") for label in tree.cssselect(".toggle label")} == {"view-original", "view-clean"}


def test_metadata_panel_lists_title_credits_and_related() -> None:
    article = article_of(SEED)
    fields = {dd.get("data-field"): dd for dd in parse(html_report(article)).cssselect(".metadata-panel dd")}
    assert fields["title"].text_content() == article.title
    assert fields["photo credits"].text_content() == "Reuters Archive"
    assert [li.text_content() for li in fields["related"].cssselect("li")] == [r.headline for r in article.related]
    assert "date" not in fields  # an empty field is left out, not shown as "None"


def test_metadata_of_a_dated_wire_story() -> None:
    items = dict(metadata_items(cleaner.clean(MIXED)))
    assert items["date"] == ["2023-09-09"]
    assert items["dateline"] == ["LONDON"]
    assert items["agency"] == ["Reuters"]


def test_html_input_shows_its_page_metadata() -> None:
    article = cleaner.clean_html(HTML_PAGE.read_bytes())
    page = html_report(article, source=HTML_PAGE.name)
    tree = parse(page)
    assert len(tree.cssselect("del.removal")) == len(article.removed) > 0
    shown = {dd.get("data-field") for dd in tree.cssselect(".metadata-panel dd")}
    assert {name.replace("_", " ") for name, value in article.extra if value} <= shown


def test_page_is_self_contained_and_escapes_the_document() -> None:
    text = ('Hostile <script>alert("x")</script> & <img src="http://example.com/x.png"> headline\n\n'
            "Body with <b>tags</b> and a \"quote\" that stays as text. It is long enough to be prose.")
    page = html_report(cleaner.clean(text), source='<evil "name">')
    assert "<script" not in page and "<img" not in page and "<link" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "url(" not in page and "@import" not in page
    tree = parse(page)
    assert tree.cssselect("#original .doc")[0].text_content() == cleaner.clean(text).normalized
    assert tree.cssselect(".source")[0].text_content() == '<evil "name">'


def test_lone_surrogates_are_replaced_so_the_page_can_be_written(tmp_path: Path) -> None:
    article = Article(paragraphs=("bad \ud83d char",), normalized="bad \ud83d char\nShutterstock",
                      removed=(Removal(14, 26, "Shutterstock", "photo-credit", "credits.bare-agency", "a credit"),))
    page = html_report(article)
    page.encode("utf-8")
    assert "bad \ufffd char" in page


def test_nothing_removed_and_nothing_kept_are_said_in_words() -> None:
    assert "Nothing was removed." in html_report(cleaner.clean("A plain sentence of ordinary prose, nothing else."))
    assert "Nothing is left in the body" in html_report(cleaner.clean("Loading...\n\nShutterstock"))


# ------------------------------------------------------------------------------------------ batch report


def seed_documents() -> list[tuple[str, Article]]:
    return [(path.name, article_of(path)) for path in SEEDS] + [("mixed.txt", cleaner.clean(MIXED))]


def test_batch_report_totals_kinds_and_ranking(tmp_path: Path) -> None:
    documents = seed_documents()
    errors = [("broken.pdf", "InputError: this is a PDF file, not text or HTML")]
    pages = write_batch_report(tmp_path / "report.html", documents, errors, top=3)
    tree = parse((tmp_path / "report.html").read_text(encoding="utf-8"))

    cards = {card.cssselect("span")[0].text_content(): card.cssselect("b")[0].text_content()
             for card in tree.cssselect(".card")}
    assert cards["documents cleaned"] == str(len(documents))
    assert cards["errors"] == "1"
    assert cards["spans removed"] == f"{sum(len(a.removed) for _, a in documents):,}"

    kinds = {row.get("data-kind"): [cell.text_content() for cell in row.cssselect("td.num")]
             for row in tree.cssselect("table.kinds tbody tr")}
    for kind in {r.kind for _, a in documents for r in a.removed}:
        spans = [r for _, a in documents for r in a.removed if r.kind == kind]
        with_kind = sum(any(r.kind == kind for r in a.removed) for _, a in documents)
        assert kinds[kind][0] == f"{len(spans):,}"
        assert kinds[kind][1] == f"{sum(len(r.text) for r in spans):,}"
        assert kinds[kind][3] == f"{with_kind:,}"

    ranked = sorted(documents, key=lambda item: removed_chars(item[1]), reverse=True)[:3]
    rows = tree.cssselect("table.documents tr.document")
    assert [row.cssselect(".source")[0].text_content() for row in rows] == [source for source, _ in ranked]
    assert [row.cssselect(".source")[0].text_content() for row in tree.cssselect("tr.error")] == ["broken.pdf"]
    assert len(pages) == 3


def test_batch_report_links_each_listed_document_to_its_own_page(tmp_path: Path) -> None:
    report_path = tmp_path / "out" / "run.html"
    pages = write_batch_report(report_path, seed_documents(), top=4)
    tree = parse(report_path.read_text(encoding="utf-8"))
    links = [a.get("href") for a in tree.cssselect("a.view-link")]
    assert len(links) == 4 and all(pages)
    for link, page, row in zip(links, pages, tree.cssselect("tr.document"), strict=True):
        target = report_path.parent / link
        assert target == page and target.is_file()
        document = parse(target.read_text(encoding="utf-8"))
        assert document.cssselect(".source")[0].text_content() == row.cssselect(".source")[0].text_content()
        back = document.cssselect("header.top a")[0].get("href")
        assert (target.parent / back).resolve() == report_path.resolve()


def test_batch_report_keeps_only_the_top_articles_and_caps_the_error_list() -> None:
    report = BatchSummary(top=2)
    for index in range(30):
        text = "Body text of the story is here.\n" + "Shutterstock\n" * (index % 7)
        report.add(f"doc{index}.txt", cleaner.clean(text))
    for index in range(MAX_ERROR_ROWS + 5):
        report.add_error(f"bad{index}.txt", "InputError: unreadable")
    assert report.documents == 30 and report.error_count == MAX_ERROR_ROWS + 5
    assert len(report.errors) == MAX_ERROR_ROWS
    assert [source for source, _ in report.most_removed()] == ["doc6.txt", "doc13.txt"]  # ties: earlier first
    assert "… and 5 more" in report.html()


def test_an_empty_run_still_gives_a_page(tmp_path: Path) -> None:
    assert write_batch_report(tmp_path / "r.html", []) == []
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No document was cleaned." in page and "No errors." in page


# ------------------------------------------------------------------------------------------ CLI


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", "explain", *args], input=stdin,
                          capture_output=True, timeout=120, env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})


def test_cli_prints_the_explanation() -> None:
    result = run_cli(str(SEED), "--color", "never")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "[-Route 6-] {navigation.edge-crumb}" in out and "photo-credit" in out


def test_cli_writes_the_html_report_from_stdin(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = run_cli("-", "--html", str(report), stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"" and str(report).encode() in result.stderr
    assert len(parse(report.read_text(encoding="utf-8")).cssselect("del.removal")) == 10


def test_cli_honours_cleaning_options(tmp_path: Path) -> None:
    result = run_cli(str(SEED), "--color", "never", "--disable", "credits")
    assert result.returncode == 0
    assert "{credits.bare-agency}" not in result.stdout.decode()


def test_cli_unreadable_input_exits_1_and_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    pdf = tmp_path / "x.txt"
    pdf.write_bytes(b"%PDF-1.4 binary")
    result = run_cli(str(pdf))
    assert result.returncode == 1 and b"PDF" in result.stderr
    source = tmp_path / "a.html"
    source.write_text("<p>Text.</p>", encoding="utf-8")
    assert run_cli(str(source), "--html", str(source)).returncode == 2
    assert source.read_text(encoding="utf-8") == "<p>Text.</p>"


def test_cli_honours_the_size_limit_of_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "small.toml").write_text("max_input_bytes = 100\n", encoding="utf-8")
    result = run_cli(str(SEED), "--color", "never", "--config", str(tmp_path / "small.toml"))
    assert result.returncode == 1 and b"more than 100 bytes" in result.stderr
    assert result.stderr.count(b"\n") == 1 and result.stdout == b""


def test_a_document_with_nothing_removed_gets_no_page() -> None:
    report = BatchSummary(top=5)
    report.add("clean.txt", cleaner.clean("A plain sentence of ordinary prose, nothing else."))
    assert report.documents == 1 and report.most_removed() == []


# ------------------------------------------------------------------------------------------ cleaner batch --report


def test_run_batch_writes_the_report_with_its_documents_and_errors(tmp_path: Path) -> None:
    from cleaner.batch import BatchOptions, run_batch

    source = tmp_path / "in"
    source.mkdir()
    for path in SEEDS:
        (source / path.name).write_bytes(path.read_bytes())
    (source / "broken.txt").write_bytes(b"%PDF-1.4 binary")
    report_path = tmp_path / "report.html"
    result = run_batch(source, tmp_path / "out", options=BatchOptions(workers=0, report=report_path))
    assert (result.cleaned, result.failed) == (len(SEEDS), 1)
    tree = parse(report_path.read_text(encoding="utf-8"))
    expected = [cleaner.clean(path.read_text(encoding="utf-8")) for path in SEEDS]
    cards = {card.cssselect("span")[0].text_content(): card.cssselect("b")[0].text_content()
             for card in tree.cssselect(".card")}
    assert cards["documents cleaned"] == str(len(SEEDS)) and cards["errors"] == "1"
    assert cards["spans removed"] == str(sum(len(article.removed) for article in expected))
    assert "broken.txt" in tree.cssselect("tr.error")[0].text_content()
    assert "this is a PDF file" in tree.cssselect("tr.error")[0].text_content()
    listed = [row.cssselect(".source")[0].text_content() for row in tree.cssselect("tr.document")]
    assert sorted(listed) == sorted(path.name for path, article in zip(SEEDS, expected, strict=True)
                                    if article.removed)
    for link in tree.cssselect("a.view-link"):
        assert (tmp_path / link.get("href")).is_file()


def test_batch_command_takes_report(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_bytes(SEED.read_bytes())
    result = subprocess.run([sys.executable, "-m", "cleaner.cli", "batch", str(source), str(tmp_path / "out.jsonl"),
                             "--report", str(tmp_path / "run.html"), "--workers", "1", "--quiet"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    tree = parse((tmp_path / "run.html").read_text(encoding="utf-8"))
    assert [row.cssselect(".source")[0].text_content() for row in tree.cssselect("tr.document")] == ["a.txt"]
    page = tmp_path / tree.cssselect("a.view-link")[0].get("href")
    assert len(parse(page.read_text(encoding="utf-8")).cssselect("del.removal")) == 10
