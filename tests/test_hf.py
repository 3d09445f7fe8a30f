"""cleaner.hf: Dataset.map with the batched function, one process and two, fixed columns, failing rows."""

from __future__ import annotations

import gzip
from pathlib import Path

import datasets
import pytest

from cleaner import Config, clean, clean_html
from cleaner.errors import InputError
from cleaner.hf import SCHEMA, clean_batch, clean_dataset, output_features
from cleaner.records import ARTICLE_FIELDS, ERROR_FIELD

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))[:4]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]
STORY = ("<html><head><title>Bridge reopens | Daily</title><link rel='canonical' href='/news/bridge'></head><body>"
         "<article><h1>Bridge reopens</h1><p>The old bridge over the river reopened on Monday after two years of "
         "repairs, the council said.</p><figure><img src='a.jpg'><figcaption>The bridge at dawn</figcaption>"
         "</figure><p>Cyclists crossed it first; cars follow next week once the last checks are done.</p>"
         "</article></body></html>")


def rows() -> dict[str, list[str | None]]:
    """No date and no failure in the first two rows, a failing row, HTML and text mixed."""
    pages = [gzip.decompress(path.read_bytes()).decode("utf-8") for path in PAGES]
    text = SEED.read_text(encoding="utf-8")
    values: list[str | None] = ["Just a line of words with no date in it at all.", "Another plain line.", None,
                                *pages, text, STORY]
    return {"id": [f"doc-{n}" for n in range(len(values))], "html": values,
            "url": [None] * (len(values) - 1) + ["https://example.com/news/2024/bridge?ref=home"]}


@pytest.fixture(scope="module")
def dataset() -> datasets.Dataset:
    return datasets.Dataset.from_dict(rows())


@pytest.fixture(scope="module")
def one_process(dataset: datasets.Dataset) -> datasets.Dataset:
    return clean_dataset(dataset, "html", url_column="url", batch_size=2, load_from_cache_file=False)


def test_the_cleaned_columns_follow_the_input_columns_with_fixed_types(one_process: datasets.Dataset) -> None:
    assert one_process.column_names == ["id", "html", "url", *ARTICLE_FIELDS, ERROR_FIELD]
    assert one_process.features == output_features(datasets.Dataset.from_dict(rows()).features)
    # the first batch had no date, no caption, no related headline and no removal: the types hold anyway
    assert one_process.features["cleaner_date"] == datasets.Value("string")
    assert one_process.data.schema.field("cleaner_removed").type == SCHEMA.field("cleaner_removed").type


def test_each_row_is_what_clean_html_or_clean_gives(one_process: datasets.Dataset) -> None:
    values = rows()["html"]
    for value, url, row in zip(values, rows()["url"], one_process, strict=True):
        if value is None:
            assert row["cleaner_text"] == "" and row[ERROR_FIELD] == "TypeError: expected text or bytes, got NoneType"
            continue
        article = clean_html(value, url=url) if value.lstrip().startswith("<") else clean(value)
        assert row["cleaner_text"] == article.text
        assert row["cleaner_title"] == article.title
        assert [(r["kind"], r["rule"], r["text"]) for r in row["cleaner_removed"]] == \
            [(r.kind, r.rule, r.text) for r in article.removed]
        assert row[ERROR_FIELD] is None
    story = one_process[len(values) - 1]
    assert story["cleaner_captions"] == ["The bridge at dawn"]
    assert story["cleaner_url"] == "https://example.com/news/bridge"  # the canonical link, resolved by the url
    assert story["id"] == f"doc-{len(values) - 1}" and story["html"] == STORY  # the input columns stay


def test_two_processes_give_the_same_columns_as_one(dataset: datasets.Dataset,
                                                    one_process: datasets.Dataset) -> None:
    two = clean_dataset(dataset, "html", url_column="url", batch_size=2, num_proc=2, load_from_cache_file=False)
    assert two.features == one_process.features
    assert two.to_list() == one_process.to_list()


def test_the_function_works_in_map_as_written_in_the_docs(dataset: datasets.Dataset,
                                                         one_process: datasets.Dataset) -> None:
    mapped = dataset.map(clean_batch, batched=True, batch_size=3, fn_kwargs={"column": "html", "url_column": "url"},
                         features=output_features(dataset.features), load_from_cache_file=False)
    assert mapped.to_list() == one_process.to_list()


def test_bytes_html_and_a_config(tmp_path: Path) -> None:
    pages = datasets.Dataset.from_dict({"body": [STORY.encode("utf-8"), b"\x89PNG\r\n\x1a\n" + bytes(64)]})
    cleaned = clean_dataset(pages, "body", input_format="html",
                            config=Config(disabled_rules=frozenset({"html"})))
    assert "The bridge at dawn" in cleaned[0]["cleaner_text"]  # the markup rules are off: every block stays
    assert cleaned[1][ERROR_FIELD].startswith("InputError: ") and cleaned[1]["cleaner_text"] == ""


def test_on_error_raise_raises(dataset: datasets.Dataset) -> None:
    with pytest.raises(TypeError, match="expected text or bytes"):
        clean_dataset(dataset, "html", on_error="raise", load_from_cache_file=False)
    with pytest.raises(InputError):
        clean_batch({"body": [b"%PDF-1.7 ..."]}, column="body", on_error="raise")


def test_wrong_arguments_say_what_is_expected() -> None:
    with pytest.raises(KeyError, match="no column 'text'; the dataset has html"):
        clean_batch({"html": ["x"]})
    with pytest.raises(ValueError, match="on_error"):
        clean_batch({"text": ["x"]}, on_error="ignore")
    with pytest.raises(ValueError, match="input format"):
        clean_batch({"text": ["x"]}, input_format="pdf")


def test_cleaning_a_cleaned_dataset_again_replaces_the_cleaner_columns(one_process: datasets.Dataset) -> None:
    again = clean_dataset(one_process, "cleaner_text", input_format="text", load_from_cache_file=False)
    assert again.column_names == one_process.column_names
    assert again["cleaner_text"][3:] == [clean(text).text for text in one_process["cleaner_text"][3:]]
