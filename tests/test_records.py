"""The record layout: the input's fields unchanged, the cleaner's under ``cleaner_``, the same everywhere."""

from __future__ import annotations

import json
from pathlib import Path

from cleaner import clean
from cleaner.article import ARTICLE_KEYS
from cleaner.batch import BatchOptions, run_batch
from cleaner.records import ARTICLE_FIELDS, ERROR_FIELD, article_fields, failed_record, output_record

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_8136f59bb0079f48.txt"

#: What a crawler writes: fields named like the article's, which the cleaner must not overwrite.
CRAWLED = {"id": "c1", "title": "Crawler title", "date": "2020-01-01", "language": "xx", "removed": False,
           "url": "https://example.com/c1"}


def test_article_fields_are_the_prefixed_keys_of_to_dict() -> None:
    article = clean(SEED.read_text(encoding="utf-8"))
    fields = article_fields(article)
    assert tuple(fields) == ARTICLE_FIELDS == tuple(f"cleaner_{key}" for key in ARTICLE_KEYS)
    assert fields["cleaner_title"] == article.title and fields["cleaner_text"] == article.text


def test_input_fields_named_like_article_fields_stay_as_they_were() -> None:
    text = SEED.read_text(encoding="utf-8")
    record = output_record({**CRAWLED, "text": text}, clean(text))
    assert {key: record[key] for key in (*CRAWLED, "text")} == {**CRAWLED, "text": text}
    assert list(record) == [*CRAWLED, "text", *ARTICLE_FIELDS]
    assert record["cleaner_title"] == clean(text).title != CRAWLED["title"]


def test_a_record_cleaned_twice_gets_the_new_values_in_the_cleaners_fields() -> None:
    once = output_record({"id": 1, "text": "First text here."}, clean("First text here."))
    twice = output_record({**once, "cleaner_error": "old", "cleaner_note": "mine"}, clean("Second text here."))
    assert twice["cleaner_text"] == "Second text here." and ERROR_FIELD not in twice
    assert twice["cleaner_note"] == "mine"  # a field the cleaner does not write is the input's own


def test_a_failed_record_has_empty_article_fields_and_the_error() -> None:
    record = failed_record(CRAWLED, "InputError: this is a PDF file, not text or HTML")
    assert record["title"] == "Crawler title" and record["cleaner_title"] is None
    assert record["cleaner_text"] == "" and record[ERROR_FIELD].startswith("InputError")


def test_batch_jsonl_keeps_the_crawlers_fields(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    (tmp_path / "in.jsonl").write_text(json.dumps({**CRAWLED, "text": text}) + "\n", encoding="utf-8")
    for workers in (0, 1):
        out = tmp_path / f"out{workers}.jsonl"
        run_batch(tmp_path / "in.jsonl", out, options=BatchOptions(workers=workers))
        record = json.loads(out.read_text(encoding="utf-8"))
        assert record == output_record({**CRAWLED, "text": text}, clean(text))
