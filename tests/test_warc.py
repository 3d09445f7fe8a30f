"""WARC input: which responses are pages, charsets, damaged files, and ``cleaner batch`` on WARC files.

The WARC files are written here with warcio, the library that reads them.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import clean_html
from cleaner.batch import BatchOptions, read_documents, run_batch
from cleaner.cli import main
from cleaner.errors import InputError
from cleaner.warc import Response, Unreadable, read_responses

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))

STORY = ("<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
         "<p>The old bridge over the river reopened on Monday after two years of repairs, the council said.</p>"
         "<p>Cyclists and walkers crossed it first; cars follow next week once the last checks are done.</p>"
         "</article></body></html>")
#: latin-1 bytes, no <meta charset>: only the HTTP header says how to read them
LATIN1 = ("<html><body><article><p>Le café du pont a rouvert ses portes lundi, à la grande joie des habitués "
          "du quartier, après deux années de travaux.</p></article></body></html>")


@dataclass
class Fetch:
    url: str
    body: bytes
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    record_type: str = "response"
    extra_headers: Sequence[tuple[str, str]] = ()


def write_warc(path: Path, fetches: Sequence[Fetch], *, compress: bool = True) -> list[str]:
    """A WARC file with one record per fetch (each response after its request, as crawlers write them);
    returns the WARC-Record-IDs of the responses."""
    ids = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for number, fetch in enumerate(fetches):
            date = f"2024-05-{number % 28 + 1:02d}T10:00:00Z"
            if fetch.record_type != "response":
                record = writer.create_warc_record(fetch.url, fetch.record_type, payload=io.BytesIO(fetch.body),
                                                   warc_content_type="text/dns", warc_headers_dict={"WARC-Date": date})
                writer.write_record(record)
                continue
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(fetch.url, "request", payload=io.BytesIO(b""),
                                                          http_headers=request, warc_headers_dict={"WARC-Date": date}))
            headers = [("Content-Type", fetch.content_type)] if fetch.content_type else []
            headers += list(fetch.extra_headers)
            http = StatusAndHeaders(fetch.status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(fetch.url, "response", payload=io.BytesIO(fetch.body),
                                               http_headers=http, warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def chunked_gzip(body: bytes) -> bytes:
    """``body`` gzip-encoded and sent in two chunks, as a server streaming a compressed page does."""
    encoded = gzip.compress(body)
    half = len(encoded) // 2
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (encoded[:half], encoded[half:])) + b"0\r\n\r\n"


def mixed_crawl() -> list[Fetch]:
    return [
        Fetch("https://example.com/bridge", STORY.encode()),
        Fetch("https://example.com/missing", b"<html><body><p>Not found</p></body></html>", status="404 Not Found"),
        Fetch("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"),
        Fetch("https://example.com/cafe", LATIN1.encode("latin-1"), content_type="text/html; charset=ISO-8859-1"),
        Fetch("https://example.com/moved", b"", status="301 Moved Permanently"),
        Fetch("dns:example.com", b"example.com. 300 IN A 93.184.216.34", record_type="resource"),
        Fetch("https://example.com/bare", STORY.replace("Bridge", "Tunnel").encode(), content_type=None),
        Fetch("https://example.com/streamed", chunked_gzip(STORY.replace("bridge", "ferry").encode()),
              extra_headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]),
    ]


def pages_of(path: Path, **options: object) -> tuple[list[Response | Unreadable], Counter[str]]:
    passed_over: Counter[str] = Counter()
    items = list(read_responses(path, passed_over=passed_over, **options))  # type: ignore[arg-type]
    return items, passed_over


# ------------------------------------------------------------------------------------------------ the reader


def test_only_html_responses_with_status_200_are_pages_and_the_others_are_counted(tmp_path: Path) -> None:
    ids = write_warc(tmp_path / "crawl.warc.gz", mixed_crawl())
    items, passed_over = pages_of(tmp_path / "crawl.warc.gz")
    assert all(isinstance(item, Response) for item in items)
    pages = [item for item in items if isinstance(item, Response)]
    assert [page.url for page in pages] == ["https://example.com/bridge", "https://example.com/cafe",
                                            "https://example.com/bare", "https://example.com/streamed"]
    assert [page.record_id for page in pages] == [ids[0], ids[3], ids[5], ids[6]]
    assert [page.date for page in pages] == ["2024-05-01T10:00:00Z", "2024-05-04T10:00:00Z",
                                             "2024-05-07T10:00:00Z", "2024-05-08T10:00:00Z"]
    # the 404 and the 301 are not status 200; the PNG is not HTML; requests, warcinfo and DNS are no responses
    assert passed_over == Counter({"not-200": 2, "not-html": 1})


def test_a_chunked_gzip_encoded_body_is_decoded_and_the_records_after_it_are_read(tmp_path: Path) -> None:
    fetches = mixed_crawl()
    fetches.insert(0, fetches.pop())  # the streamed page first: nothing after it may be lost
    write_warc(tmp_path / "crawl.warc.gz", fetches)
    items, _ = pages_of(tmp_path / "crawl.warc.gz")
    pages = [item for item in items if isinstance(item, Response)]
    assert pages[0].body == STORY.replace("bridge", "ferry").encode()
    assert len(pages) == 4


def test_the_http_charset_decodes_a_page_that_does_not_declare_one(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", mixed_crawl())
    items, _ = pages_of(tmp_path / "crawl.warc.gz")
    cafe = next(item for item in items if isinstance(item, Response) and item.url == "https://example.com/cafe")
    assert cafe.charset == "ISO-8859-1"
    assert cafe.page() == LATIN1
    assert "Le café du pont a rouvert" in clean_html(cafe.page()).text


def test_a_page_without_an_http_charset_is_left_for_clean_html_to_decode(tmp_path: Path) -> None:
    page = LATIN1.replace("<html>", "<html><head><meta charset='windows-1252'></head>").encode("cp1252")
    write_warc(tmp_path / "crawl.warc", [Fetch("https://example.com/cafe", page, content_type="text/html")],
               compress=False)
    [item], _ = pages_of(tmp_path / "crawl.warc")
    assert isinstance(item, Response) and item.page() == page  # bytes: the worker decodes them
    assert "Le café du pont" in clean_html(item.page()).text


def test_gzip_per_record_reads_like_the_plain_file(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", mixed_crawl())
    write_warc(tmp_path / "crawl.warc", mixed_crawl(), compress=False)
    compressed = (tmp_path / "crawl.warc.gz").read_bytes()
    members = 0
    while compressed:
        decompressor = zlib.decompressobj(31)
        decompressor.decompress(compressed)
        compressed, members = decompressor.unused_data, members + 1
    assert members == 1 + 7 * 2 + 1  # warcinfo, a request and a response per fetch, the DNS record
    gzipped, passed_gzipped = pages_of(tmp_path / "crawl.warc.gz")
    plain, passed_plain = pages_of(tmp_path / "crawl.warc")
    assert [(p.url, p.body) for p in gzipped if isinstance(p, Response)] == \
        [(p.url, p.body) for p in plain if isinstance(p, Response)]
    assert passed_gzipped == passed_plain


@pytest.mark.parametrize("compress", [True, False])
def test_a_truncated_file_gives_what_it_holds_and_says_it_was_cut(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_warc(path, [Fetch(f"https://example.com/{n}", STORY.encode() + b" " * 4000) for n in range(3)],
               compress=compress)
    path.write_bytes(path.read_bytes()[:-300])
    items, _ = pages_of(path)
    assert [item.url for item in items if isinstance(item, Response)] == \
        ["https://example.com/0", "https://example.com/1"]
    assert isinstance(items[-1], Unreadable)
    assert "truncated" in items[-1].message


def test_a_file_that_is_no_warc_is_one_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not an archive\n" * 20)
    items, _ = pages_of(path)
    assert len(items) == 1 and isinstance(items[0], Unreadable)
    assert "reading stopped" in items[0].message


def test_a_record_over_the_limit_is_reported_and_the_reading_goes_on(tmp_path: Path) -> None:
    big = STORY.replace("</article>", "<p>" + "word " * 5000 + "</p></article>")
    write_warc(tmp_path / "crawl.warc.gz", [Fetch("https://example.com/big", big.encode()),
                                            Fetch("https://example.com/small", STORY.encode())])
    items, _ = pages_of(tmp_path / "crawl.warc.gz", max_body_bytes=10_000)
    assert isinstance(items[0], Unreadable) and "over the limit" in items[0].message
    assert isinstance(items[1], Response) and items[1].url == "https://example.com/small"


def test_without_warcio_the_error_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_warc(tmp_path / "crawl.warc.gz", mixed_crawl())
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    with pytest.raises(InputError, match=r"pip install 'cleaner\[warc\]'"):
        list(read_responses(tmp_path / "crawl.warc.gz"))


# ---------------------------------------------------------------------------------------------- the batch


def test_batch_keeps_the_record_id_url_and_date_and_counts_what_it_passed_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = write_warc(tmp_path / "crawl.warc.gz", mixed_crawl())
    status = main(["batch", str(tmp_path / "crawl.warc.gz"), str(tmp_path / "out.jsonl"), "--workers", "0"])
    assert status == 0
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["id"] for record in records] == [ids[0], ids[3], ids[5], ids[6]]
    assert [record["url"] for record in records][:2] == ["https://example.com/bridge", "https://example.com/cafe"]
    assert [record["date"] for record in records][:2] == ["2024-05-01T10:00:00Z", "2024-05-04T10:00:00Z"]
    assert list(records[0])[:4] == ["id", "url", "date", "cleaner_text"]  # the record's fields, then the cleaner's
    assert "Le café du pont a rouvert" in records[1]["cleaner_text"]
    assert "3 WARC responses passed over (2 not status 200, 1 not HTML)" in capsys.readouterr().err


def test_batch_reads_a_directory_of_warc_files_in_order(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "b.warc.gz", [Fetch("https://example.com/b", STORY.encode())])
    write_warc(crawl / "a.warc", [Fetch("https://example.com/a1", STORY.encode()),
                                  Fetch("https://example.com/a2", b"", status="500 Internal Server Error")],
               compress=False)
    (crawl / "page.html").write_text(STORY, encoding="utf-8")
    documents = list(read_documents(crawl))
    assert [doc.url or doc.id for doc in documents] == ["https://example.com/a1", "https://example.com/b", "page.html"]
    assert [doc.position for doc in documents] == [1, 2, 3]
    assert [doc.position for doc in read_documents(crawl, start_after=1)] == [2, 3]
    report = run_batch(crawl, tmp_path / "out.jsonl", options=BatchOptions(workers=0))
    assert (report.cleaned, report.failed, dict(report.passed_over)) == (3, 0, {"not-200": 1})


def test_a_damaged_warc_is_an_error_in_the_report_and_the_batch_goes_on(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "a.warc.gz", [Fetch("https://example.com/a", STORY.encode())])
    (crawl / "b.warc").write_text("not an archive\n" * 10)
    write_warc(crawl / "c.warc.gz", [Fetch("https://example.com/c", STORY.encode())])
    report = run_batch(crawl, tmp_path / "out.jsonl", options=BatchOptions(workers=0))
    assert (report.cleaned, report.failed) == (2, 1)
    assert report.errors_path is not None
    [error] = [json.loads(line) for line in report.errors_path.read_text(encoding="utf-8").splitlines()]
    assert error["path"].endswith("b.warc") and "reading stopped" in error["message"]


@pytest.mark.slow
def test_a_warc_of_the_zyte_pages_cleans_to_the_texts_of_the_html_files(tmp_path: Path) -> None:
    pages = [gzip.decompress(path.read_bytes()) for path in PAGES]
    write_warc(tmp_path / "zyte.warc.gz", [Fetch(f"https://example.com/{path.name.split('.')[0]}", page)
                                           for path, page in zip(PAGES, pages, strict=True)])
    report = run_batch(tmp_path / "zyte.warc.gz", tmp_path / "out.jsonl", options=BatchOptions(workers=2))
    assert (report.cleaned, report.failed) == (len(PAGES), 0)
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [record["cleaner_text"] for record in records] == [clean_html(page).text for page in pages]


def test_an_unreadable_warc_in_a_folder_is_one_error(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "a.warc.gz", [Fetch("https://example.com/a", STORY.encode())])
    (crawl / "b.warc.gz").symlink_to(tmp_path / "gone.warc.gz")  # a dangling link: open() fails
    documents = list(read_documents(crawl))
    assert [doc.error is None for doc in documents] == [True, False]
    assert "b.warc.gz: cannot be read: No such file or directory" in str(documents[1].error)


def test_a_warc_file_is_not_searched_for_a_jsonl_text_field(tmp_path: Path) -> None:
    # a page whose source has a line that is a JSON object without a text field (inline data, say)
    page = STORY.replace("<article>", '<script type="application/json">\n{"lang": "en"}\n</script><article>')
    write_warc(tmp_path / "crawl.warc", [Fetch("https://example.com/data", page.encode())], compress=False)
    report = run_batch(tmp_path / "crawl.warc", tmp_path / "out.jsonl", options=BatchOptions(workers=0))
    assert (report.cleaned, report.failed) == (1, 0)


def test_progress_follows_a_warc_file_by_its_bytes_and_leaves_a_folder_of_them_uncounted(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", [Fetch(f"https://example.com/{n}", STORY.encode()) for n in range(3)])
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes((tmp_path / "crawl.warc.gz").read_bytes())
    (tmp_path / "crawl" / "page.html").write_text(STORY, encoding="utf-8")
    command = [sys.executable, "-m", "cleaner.cli", "batch", "-w", "0", "--progress-interval", "0"]
    result = subprocess.run([*command, str(tmp_path / "crawl.warc.gz"), str(tmp_path / "out.jsonl")],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert re.search(r"cleaner: 3 documents \(100 % of the input\)", result.stderr), result.stderr
    result = subprocess.run([*command, str(tmp_path / "crawl"), str(tmp_path / "folder.jsonl")],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    # four pages: a folder's total is not counted when it holds WARC files (that would read them twice)
    assert "cleaner: 4 documents" in result.stderr and " of 4 documents" not in result.stderr
