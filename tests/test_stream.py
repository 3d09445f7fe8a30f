"""cleaner.clean_stream: items in, cleaned records out, in order, as they are done, with flat memory."""

from __future__ import annotations

import gzip
import itertools
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import cleaner
from cleaner import CleanerError, InputError, clean, clean_html
from cleaner.records import ARTICLE_FIELDS, output_record

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
PAGE = gzip.decompress(sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))[0].read_bytes())


@pytest.mark.parametrize("workers", [0, 2])
def test_records_come_out_in_order_with_their_own_fields(workers: int) -> None:
    records = [{"id": n, "title": "Crawler's title", "text": text} for n, text in enumerate(TEXTS)]
    out = list(cleaner.clean_stream(records, workers=workers))
    assert out == [{**output_record(record, clean(record["text"])), "cleaner_error": None}  # type: ignore[arg-type]
                   for record in records]
    assert list(out[0])[:3] == ["id", "title", "text"] and list(out[0])[3:-1] == list(ARTICLE_FIELDS)


def test_texts_pages_and_bytes_are_items_too() -> None:
    items: list[object] = [TEXTS[0], PAGE.decode("utf-8", "replace"), PAGE, gzip.compress(PAGE), b"%PDF-1.4 x"]
    out = list(cleaner.clean_stream(items, workers=0))  # type: ignore[arg-type]
    assert out[0]["cleaner_text"] == clean(TEXTS[0]).text
    assert out[1]["cleaner_text"] == out[2]["cleaner_text"] == out[3]["cleaner_text"] == clean_html(PAGE).text
    assert out[4]["cleaner_error"].startswith("InputError: this is a PDF") and out[4]["cleaner_text"] == ""
    assert set(out[0]) == {*ARTICLE_FIELDS, "cleaner_error"}


def test_failures_are_records_or_raise() -> None:
    items = [{"id": 1, "html": "<p>The council met on Monday.</p>"}, {"id": 2, "html": 7}]
    out = list(cleaner.clean_stream(items, workers=1))
    assert out[0]["cleaner_text"] == "The council met on Monday." and out[0]["cleaner_error"] is None
    assert out[1]["id"] == 2 and out[1]["cleaner_error"].startswith("TypeError: expected text, bytes or a record")
    with pytest.raises(CleanerError, match="item 2: TypeError"):
        list(cleaner.clean_stream(items, workers=0, on_error="raise"))


def test_records_without_a_text_field_fail_before_any_work() -> None:
    stream = cleaner.clean_stream([{"id": 1, "body": "Text."}], workers=2)
    with pytest.raises(InputError, match="no text field found.*'body'"):
        next(stream)


def test_memory_stays_flat_on_an_endless_stream() -> None:
    read = 0

    def endless() -> Iterator[str]:
        nonlocal read
        for n in itertools.count():
            read += 1
            yield f"Story number {n}: the council met on Monday and agreed on the plan."

    results = cleaner.clean_stream(endless(), workers=2)
    try:
        assert len(list(itertools.islice(results, 60))) == 60
        assert read <= 60 + 2 * 4 + 4  # the window: four per worker, and four more
    finally:
        results.close()


@pytest.mark.parametrize("workers", [0, 2])
def test_each_result_comes_out_before_the_next_item_arrives(workers: int) -> None:
    """A slow source (a queue filled as the results come back): nothing waits for a full window."""
    inbox: queue.Queue[str | None] = queue.Queue()

    def source() -> Iterator[str]:
        while (item := inbox.get()) is not None:
            yield item

    results = cleaner.clean_stream(source(), workers=workers)
    got: list[str] = []

    def consume() -> None:
        for n, text in enumerate(TEXTS[:3]):
            inbox.put(text)
            got.append(next(results)["cleaner_text"])  # would block for ever if it waited for more items
            assert len(got) == n + 1
        inbox.put(None)
        assert list(results) == []

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(timeout=300)  # a guard against waiting for ever, not a speed check
    assert not thread.is_alive(), "a result waited for the next item"
    assert got == [clean(text).text for text in TEXTS[:3]]


def test_progress_reports_failures_from_python(capsys: pytest.CaptureFixture[str]) -> None:
    out = list(cleaner.clean_stream([TEXTS[0], b"\x89PNG\r\n\x1a\n"], workers=0, progress=True))
    assert out[1]["cleaner_error"].startswith("InputError")
    assert "cleaner: item 2: InputError: this is a PNG image" in capsys.readouterr().err
