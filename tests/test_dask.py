"""cleaner.dask and ``cleaner batch --dask`` against a real LocalCluster started here."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")

import cleaner.dask  # noqa: E402  (after the skips: dask is an optional extra)
from cleaner import Config, clean  # noqa: E402
from cleaner.batch import BatchOptions, Document, run_batch  # noqa: E402
from cleaner.cli import main  # noqa: E402
from cleaner.passes.corpus import CorpusModel  # noqa: E402
from cleaner.records import ARTICLE_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))] + [
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus" / "cases").glob("*/input.txt"))[:10]]


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """Two worker threads in this process: a real scheduler and workers, started in a second."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as connected:
        yield connected


def test_cleaner_dask_imports_the_real_dask() -> None:
    assert cleaner.dask.dask is dask and cleaner.dask.db is db
    assert "cleaner" not in Path(dask.__file__).parts


def test_clean_bag_gives_the_article_of_each_item_and_records_failures(client: distributed.Client) -> None:
    items: list[object] = [*TEXTS, {"id": "r1", "text": TEXTS[0], "url": "https://x"}, b"%PDF-1.4 binary", 42]
    results = cleaner.dask.clean_bag(db.from_sequence(items, npartitions=4)).compute()
    assert [r["cleaner_text"] for r in results[: len(TEXTS)]] == [clean(text).text for text in TEXTS]
    assert all(r["cleaner_error"] is None for r in results[: len(TEXTS) + 1])
    record = results[len(TEXTS)]
    assert (record["id"], record["url"], record["text"]) == ("r1", "https://x", TEXTS[0])
    assert record["cleaner_title"] == clean(TEXTS[0]).title
    assert list(record) == ["id", "text", "url", *ARTICLE_FIELDS, "cleaner_error"]
    assert results[-2]["cleaner_error"].startswith("InputError: this is a PDF")
    assert results[-2]["cleaner_text"] == ""
    assert results[-1]["cleaner_error"].startswith("TypeError")
    assert set(ARTICLE_FIELDS) <= set(results[-1])
    with pytest.raises(Exception, match="PDF"):
        cleaner.dask.clean_bag(db.from_sequence([b"%PDF-1.4"]), on_error="raise").compute()


def test_clean_column_adds_the_article_as_columns(client: distributed.Client) -> None:
    frame = dd.from_pandas(pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS}), npartitions=3)
    cleaned = cleaner.dask.clean_column(frame, "text", config=Config(disabled_rules=frozenset({"credits"}))).compute()
    assert list(cleaned.columns) == ["id", "text", *ARTICLE_FIELDS, "cleaner_error"]
    expected = [clean(text, config=Config(disabled_rules=frozenset({"credits"}))) for text in TEXTS]
    assert cleaned["cleaner_text"].tolist() == [article.text for article in expected]
    assert cleaned["cleaner_headings"].tolist() == [list(article.headings) for article in expected]
    assert cleaned["text"].tolist() == TEXTS and cleaned["cleaner_error"].isna().all()
    with pytest.raises(KeyError):
        cleaner.dask.clean_column(frame, "body")


def test_learn_model_is_a_map_reduce_equal_to_learning_at_once(client: distributed.Client) -> None:
    footer = "Subscribe to our newsletter for more stories like this"
    corpus = [f"Story {n} about road {n}.\n{footer}\n{TEXTS[n % len(TEXTS)]}" for n in range(40)]
    whole = CorpusModel.learn(corpus, min_documents=4)
    by_bag = cleaner.dask.learn_model(db.from_sequence(corpus, npartitions=7), split_every=2, min_documents=4)
    assert by_bag.to_dict() == whole.to_dict()
    series = dd.from_pandas(pd.Series(corpus), npartitions=3)
    assert cleaner.dask.learn_model(series, min_documents=4).to_dict() == whole.to_dict()
    records = db.from_sequence([{"body": text} for text in corpus] + [{"body": None}], npartitions=5)
    assert cleaner.dask.learn_model(records, field="body", min_documents=4).to_dict() == whole.to_dict()
    cleaned = clean(f"A new story.\n{footer}", config=Config(model=by_bag))
    assert footer not in cleaned.text


def write_corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for n, text in enumerate(TEXTS):
            stream.write(json.dumps({"id": f"d{n}", "text": text}) + "\n")
        stream.write("{broken\n")


def test_batch_on_a_cluster_equals_the_local_batch(client: distributed.Client, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in.jsonl")
    address = client.scheduler.address
    for output in ("out.jsonl", "out"):
        local = run_batch(tmp_path / "in.jsonl", tmp_path / f"local-{output}", options=BatchOptions(workers=0))
        remote = run_batch(tmp_path / "in.jsonl", tmp_path / f"dask-{output}",
                           options=BatchOptions(workers=0, dask=address))
        assert (remote.cleaned, remote.failed) == (local.cleaned, local.failed) == (len(TEXTS), 1)
        if output.endswith(".jsonl"):
            assert (tmp_path / f"dask-{output}").read_bytes() == (tmp_path / f"local-{output}").read_bytes()
        else:
            assert {p.name: p.read_bytes() for p in (tmp_path / f"dask-{output}").iterdir()} == \
                {p.name: p.read_bytes() for p in (tmp_path / f"local-{output}").iterdir()}


def hang_on(identifier: str, doc: Document) -> None:
    """A pathological document on Dask: longer than the timeout (a thread cannot be stopped, so not forever)."""
    if doc.id == identifier:
        time.sleep(4)


def test_a_timeout_on_dask_blames_only_the_document_that_hangs(client: distributed.Client, tmp_path: Path) -> None:
    with (tmp_path / "in.jsonl").open("w", encoding="utf-8") as stream:
        for n in range(8):
            stream.write(json.dumps({"id": f"d{n}", "text": f"Story number {n} of the day."}) + "\n")
    hook = functools.partial(hang_on, "d2")
    report = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", options=BatchOptions(
        workers=0, dask=client.scheduler.address, timeout_s=0.3, before_document=hook))
    assert (report.cleaned, report.failed) == (7, 1)
    error = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))
    assert (error["id"], error["error"]) == ("d2", "Timeout")
    assert [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()] \
        == [f"d{n}" for n in range(8) if n != 2]


@pytest.mark.slow
def test_cli_dask_local_starts_its_own_cluster(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in.jsonl")
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "--dask", "local", "-w", "1",
                 "-q"]) == 1  # the broken line
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["cleaner_text"] for r in records] == [clean(text).text for text in TEXTS]
    assert json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))["line"] == len(TEXTS) + 1


def test_clean_bag_finds_each_records_text_field(client: distributed.Client) -> None:
    items = [{"id": 1, "html": "<html><body><p>The council met on Monday to agree on the plan.</p></body></html>"},
             {"id": 2, "content": TEXTS[0]}, {"id": 3, "body": "Nothing to find."}]
    results = cleaner.dask.clean_bag(db.from_sequence(items, npartitions=2)).compute()
    assert results[0]["cleaner_text"] == "The council met on Monday to agree on the plan."
    assert results[1]["cleaner_text"] == clean(TEXTS[0]).text and results[1]["cleaner_error"] is None
    assert "no text field found" in results[2]["cleaner_error"] and "'body'" in results[2]["cleaner_error"]
