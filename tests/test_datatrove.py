"""cleaner.datatrove: the extractor and the formatter in a real datatrove pipeline, stats, failures, options."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import Article, Config, clean, clean_html
from cleaner.datatrove import CleanerExtractor, CleanerFormatter
from cleaner.passes.corpus import CorpusModel
from cleaner.records import article_fields

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))[:10]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
#: Small enough that the largest sample page (597 kB) fails: a failure must not stop the pipeline.
CONFIG = Config(max_input_bytes=500_000)


def read_jsonl_gz(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl.gz"))
            for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]


def total(stat: int | dict[str, float]) -> float:
    """A stat's total: datatrove writes a plain count as a number, anything else as its statistics."""
    return stat if isinstance(stat, int) else stat["total"]


def metadata_of(article: Article) -> dict[str, object]:
    return {key: value for key, value in article_fields(article).items()
            if key not in ("cleaner_text", "cleaner_paragraphs", "cleaner_removed")}


def test_a_local_pipeline_with_two_tasks_gives_clean_html_texts_and_counts_removals(tmp_path: Path) -> None:
    pages = {f"page-{n}": gzip.decompress(path.read_bytes()).decode("utf-8") for n, path in enumerate(PAGES)}
    pages["empty"] = "<html><body></body></html>"
    urls = {doc_id: f"https://example.com/news/{doc_id}" for doc_id in pages}
    (tmp_path / "in").mkdir()
    for part, ids in enumerate((list(pages)[:6], list(pages)[6:])):  # one input file per task
        with (tmp_path / "in" / f"part-{part}.jsonl").open("w", encoding="utf-8") as stream:
            for doc_id in ids:
                stream.write(json.dumps({"id": doc_id, "text": pages[doc_id], "url": urls[doc_id]}) + "\n")

    executor = LocalPipelineExecutor(pipeline=[
        JsonlReader(str(tmp_path / "in")),
        CleanerExtractor(CONFIG, exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
        JsonlWriter(str(tmp_path / "out")),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()

    expected: dict[str, Article] = {}
    failed: list[str] = []
    for doc_id, page in pages.items():
        try:
            expected[doc_id] = clean_html(page, url=urls[doc_id], config=CONFIG)
        except ValueError:
            failed.append(doc_id)
    assert len(failed) == 1  # the 597 kB page, over max_input_bytes

    output = {record["id"]: record for record in read_jsonl_gz(tmp_path / "out")}
    cleaned = {doc_id: article for doc_id, article in expected.items() if article.text}
    assert set(output) == set(cleaned)
    for doc_id, article in cleaned.items():
        record = output[doc_id]
        assert record["text"] == article.text  # byte for byte
        metadata = record["metadata"]
        assert isinstance(metadata, dict)
        assert metadata["url"] == urls[doc_id]  # the reader's metadata stays
        assert {key: metadata.get(key) for key in metadata_of(article)} == metadata_of(article)

    dropped = {record["id"]: record["metadata"] for record in read_jsonl_gz(tmp_path / "dropped")}
    assert dropped[failed[0]]["filter_reason"] == "clean_error"  # type: ignore[index]
    assert dropped[failed[0]]["cleaner_error"].startswith("InputError: page has")  # type: ignore[index]
    assert dropped["empty"]["filter_reason"] == "empty"  # type: ignore[index]

    spans: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for article in expected.values():
        for removal in article.removed:
            spans[removal.kind] += 1
            chars[removal.kind] += len(removal.text)
    assert {"navigation", "title"} <= set(spans)
    merged = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    per_task = [json.loads((tmp_path / "logs" / "stats" / f"{rank:05d}.json").read_text(encoding="utf-8"))
                for rank in (0, 1)]
    for stats in (merged, *per_task):
        assert [step["name"] for step in stats] == ["📖 - READER: 🐿 Jsonl", "🛢 - EXTRAC: 🧹 cleaner",
                                                     "💽 - WRITER: 🐿 Jsonl"]
    step = merged[1]["stats"]
    assert total(step["total"]) == len(pages)
    assert total(step["forwarded"]) == len(cleaned)
    assert total(step["dropped"]) == 2 and total(step["dropped_empty"]) == 1
    assert total(step["clean_error"]) == 1
    for kind in spans:
        assert total(step[f"removed_{kind}"]) == spans[kind]
        assert total(step[f"removed_chars_{kind}"]) == chars[kind]
    assert sum(total(task[1]["stats"]["total"]) for task in per_task) == len(pages)


def seed_documents() -> list[Document]:
    return [Document(text=path.read_text(encoding="utf-8"), id=path.stem, metadata={"source": "seeds"})
            for path in SEEDS]


@pytest.mark.parametrize("timeout", [None, 10.0])
def test_the_formatter_cleans_extracted_text_in_or_out_of_process(timeout: float | None) -> None:
    formatter = CleanerFormatter(timeout=timeout, removals=True)
    output = list(formatter.run(iter(seed_documents())))
    articles = [clean(path.read_text(encoding="utf-8")) for path in SEEDS]
    assert [doc.text for doc in output] == [article.text for article in articles]
    for doc, article in zip(output, articles, strict=True):
        assert doc.metadata["source"] == "seeds"
        assert doc.metadata["cleaner_removed"] == [removal.to_dict() for removal in article.removed]
        assert doc.metadata["cleaner_photo_credits"] == list(article.photo_credits)
    assert formatter.stats["removed_photo-credit"].total == sum(
        1 for article in articles for removal in article.removed if removal.kind == "photo-credit") > 0
    assert formatter.format(SEEDS[0].read_text(encoding="utf-8")) == articles[0].text


def test_a_document_past_the_timeout_is_dropped_or_kept_with_its_reason() -> None:
    # 15 000 paragraphs: about 15 s of cleaning, thirty times the timeout however busy the machine is
    page = "<html><body><article>" + "".join(
        f"<p>The council met again on Monday, number {n}, and agreed on the plan for the new road.</p>"
        for n in range(15_000)) + "</article></body></html>"
    quick = "<html><body><article><p>The council met on Monday and agreed on the plan.</p></article></body></html>"
    documents = [Document(text=page, id="slow"), Document(text=quick, id="quick")]
    dropping = CleanerExtractor(timeout=0.5)
    assert [doc.id for doc in dropping.run(iter(documents))] == ["quick"]  # the pipeline goes on
    assert dropping.stats["timeout"].total == 1 and dropping.stats["dropped"].total == 1
    keeping = CleanerExtractor(timeout=0.5, on_error="keep")
    kept = list(keeping.run(iter([Document(text=page, id="slow")])))
    assert [doc.text for doc in kept] == [page]  # unchanged
    assert kept[0].metadata["cleaner_error"] == "Timeout: still running after 0.5 s; stopped"


def test_a_corpus_model_file_and_a_config_reach_the_cleaning(tmp_path: Path) -> None:
    sources = SEEDS + sorted((ROOT / "corpus" / "cases").glob("*/input.txt"))[:3]
    recurring = "Our reporters checked every figure in this story with two sources."
    texts = [path.read_text(encoding="utf-8") + f"\n\n{recurring}\n" for path in sources]
    model = CorpusModel.learn(texts)
    model.save(tmp_path / "model.json")
    config = Config(disabled_rules=frozenset({"credits"}))
    formatter = CleanerFormatter(config, model=tmp_path / "model.json", timeout=None)
    assert formatter.config.model is not None and formatter.config.model.to_dict() == model.to_dict()
    assert formatter.config.disabled_rules == config.disabled_rules
    documents = [Document(text=text, id=str(n)) for n, text in enumerate(texts)]
    expected = [clean(text, config=Config(disabled_rules=config.disabled_rules, model=model)).text for text in texts]
    assert [doc.text for doc in formatter.run(iter(documents))] == expected
    assert all("checked every figure" not in text for text in expected)
    assert all("checked every figure" in clean(text).text for text in texts)  # the model took it, nothing else


def test_wrong_options_fail_when_the_pipeline_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="on_error"):
        CleanerExtractor(on_error="ignore")
    with pytest.raises(ValueError, match="timeout"):
        CleanerFormatter(timeout=0)
    with pytest.raises(ValueError, match="cannot read the corpus model"):
        CleanerExtractor(model=tmp_path / "missing.json")


def test_without_datatrove_the_import_error_says_what_to_install() -> None:
    code = "import sys; sys.modules['datatrove.data'] = None; import cleaner.datatrove"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "pip install 'cleaner[datatrove]'" in result.stderr
