"""cleaner batch: readers, order, the error report, hostile ids, crashes, timeouts, kills and resume."""

from __future__ import annotations

import fcntl
import functools
import gzip
import io
import itertools
import json
import os
import pickle
import random
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Config, clean, clean_html
from cleaner.batch import (
    BatchOptions,
    Document,
    InlinePool,
    ProcessPool,
    read_directory,
    read_documents,
    read_jsonl,
    run_batch,
    safe_file_name,
    sweep_temporaries,
)
from cleaner.cli import main
from cleaner.errors import InputError
from cleaner.html import clean_document
from cleaner.passes.corpus import CorpusModel

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASES = sorted((ROOT / "corpus" / "cases").glob("*/input.txt"))
PAGES = sorted((ROOT / "corpus" / "bench" / "zyte" / "html").glob("*.html.gz"))


# ------------------------------------------------------------------------------------------------- helpers


def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in SEEDS + CASES]


def make_tree(root: Path) -> dict[str, str]:
    """A directory of seeds (.txt), cases in a subfolder, one gzipped text and two HTML pages (one .gz)."""
    expected: dict[str, str] = {}
    for path in SEEDS:
        (root / path.name).parent.mkdir(parents=True, exist_ok=True)
        (root / path.name).write_bytes(path.read_bytes())
        expected[path.stem + ".txt"] = clean(path.read_text(encoding="utf-8")).text
    for path in CASES[:6]:
        target = root / "cases" / f"{path.parent.name}.txt.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(gzip.compress(path.read_bytes()))
        expected[f"cases/{path.parent.name}.txt"] = clean(path.read_text(encoding="utf-8")).text
    page = gzip.decompress(PAGES[0].read_bytes())
    (root / "web").mkdir()
    (root / "web" / "page.html").write_bytes(page)
    (root / "web" / "other.htm.gz").write_bytes(PAGES[1].read_bytes())
    expected["web/page.txt"] = clean_html(page).text
    expected["web/other.txt"] = clean_html(gzip.decompress(PAGES[1].read_bytes())).text
    return expected


def write_jsonl(path: Path, records: list[object]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for record in records:
            stream.write((record if isinstance(record, str) else json.dumps(record)) + "\n")


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def outputs(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative name (temporary files included: there must be none)."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def options(**fields: object) -> BatchOptions:
    return BatchOptions(**{"workers": 0, **fields})  # type: ignore[arg-type]


# Hooks run in the worker before a document (BatchOptions.before_document); module level so they pickle.


def crash_on(identifier: str, marker: Path | None, doc: Document) -> None:
    """Kill the worker on ``identifier``: every time, or once (when ``marker`` does not exist yet)."""
    if doc.id != identifier:
        return
    if marker is not None:
        if marker.exists():
            return
        marker.write_text("crashed once", encoding="utf-8")
    os._exit(13)


def hang_on(identifier: str, doc: Document) -> None:
    """A pathological document: takes far longer than the timeout."""
    if doc.id == identifier:
        time.sleep(60)


def square(context: int, item: int) -> int:
    return context * item * item


def fail_on_three(context: None, item: int) -> int:
    if item == 3:
        raise KeyError("three is a bug")
    if item == 4:
        raise InputError("four is bad input")
    return item


# -------------------------------------------------------------------------------------------------- readers


def test_directory_reader_recurses_in_sorted_order_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "sub/c.htm.gz", "sub/d.txt.gz", "notes.md", ".hidden.txt", ".git/x.txt",
                 "sub/.a.txt.XXXXXXXX.tmp", "UPPER.HTML"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    docs = list(read_directory(tmp_path))
    assert [(d.id, d.input_format, d.position) for d in docs] == [
        ("UPPER.HTML", "html", 1), ("a.html", "html", 2), ("b.txt", "text", 3),
        ("sub/c.htm.gz", "html", 4), ("sub/d.txt.gz", "text", 5)]
    assert [d.id for d in read_directory(tmp_path, start_after=3)] == ["sub/c.htm.gz", "sub/d.txt.gz"]
    assert {d.input_format for d in read_directory(tmp_path, input_format="text")} == {"text"}


def test_jsonl_reader_reports_bad_lines_with_their_numbers_and_goes_on() -> None:
    lines = [
        b'{"id": "a", "text": "First.", "url": "https://a"}',
        b"",  # blank: no record
        b"{not json",
        b"[1, 2]",
        b'{"id": "b"}',
        b'{"id": "c", "text": 7}',
        b'{"id": ["x"], "text": "Bad id."}',
        b'{"text": "No id."}',
        b'{"id": "d", "text": "caf\xe9"}',  # Latin-1 inside JSON
        b'{"id": 12, "text": "Integer id."}',
    ]
    docs = list(read_jsonl(io.BytesIO(b"\n".join(lines) + b"\n"), "in.jsonl"))
    summary = [(d.line, d.id, d.error is not None) for d in docs]
    assert summary == [(1, "a", False), (3, "line 3", True), (4, "line 4", True), (5, "b", True), (6, "c", True),
                       (7, "line 7", True), (8, "line 8", False), (9, "line 9", True), (10, "12", False)]
    assert docs[0].data == "First." and docs[0].input_record() == {"id": "a", "text": "First.", "url": "https://a"}
    assert "no field 'text'" in str(docs[3].error) and "JSON list" in str(docs[2].error)
    assert not docs[6].has_id
    assert [d.line for d in read_jsonl(io.BytesIO(b"\n".join(lines)), "x", start_after=8)] == [9, 10]


def test_jsonl_reader_skips_a_line_over_the_limit_without_losing_the_next() -> None:
    huge = b'{"id": "big", "text": "' + b"word " * 50_000 + b'"}'
    stream = io.BytesIO(huge + b'\n{"id": "next", "text": "Small."}\n')
    docs = list(read_jsonl(stream, "in.jsonl", max_record_bytes=10_000))
    assert [(d.line, d.id) for d in docs] == [(1, "line 1"), (2, "next")]
    assert "longer than 10,000 bytes" in str(docs[0].error) and docs[1].data == "Small."


class LazyJsonl(io.RawIOBase):
    """A JSONL stream of ``records`` records of about 1 kB, generated as it is read: never in memory whole."""

    def __init__(self, records: int) -> None:
        self.records, self.made, self.pending = records, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        while len(self.pending) < len(buffer) and self.made < self.records:
            self.pending += json.dumps({"id": self.made, "text": f"Story {self.made}. " + "word " * 200}).encode()
            self.pending += b"\n"
            self.made += 1
        count = min(len(buffer), len(self.pending))
        buffer[:count], self.pending = self.pending[:count], self.pending[count:]
        return count


def test_jsonl_reader_streams_in_flat_memory() -> None:
    """About 30 MB of JSONL go through the reader with a peak of traced memory of a few records."""
    import tracemalloc

    stream = io.BufferedReader(LazyJsonl(30_000))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_jsonl(stream, "big.jsonl"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 30_000
    assert peak < 1_000_000, f"peak {peak:,} bytes for 30 MB of input"


def test_read_documents_takes_gzipped_jsonl_and_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": 1, "body": "Text."}\n'))
    assert [d.data for d in read_documents(path, field="body")] == ["Text."]
    with pytest.raises(InputError):
        list(read_documents(tmp_path / "missing.jsonl"))


# ------------------------------------------------------------------------------------------------ the pools


def test_process_pool_keeps_input_order_and_reports_failures() -> None:
    pool: ProcessPool[int, int, int] = ProcessPool(square, 2, workers=2)
    try:
        assert [outcome for _, outcome in pool.map(range(50))] == [2 * n * n for n in range(50)]
    finally:
        pool.close()
    failures = [outcome for _, outcome in InlinePool(fail_on_three, None).map(range(6))]
    assert failures[:3] == [0, 1, 2] and failures[5] == 5
    assert failures[3].error == "KeyError" and "Traceback" in (failures[3].traceback or "")  # type: ignore[union-attr]
    assert failures[4].error == "InputError" and failures[4].traceback is None  # type: ignore[union-attr]


def test_process_pool_with_large_items_and_large_results_does_not_deadlock() -> None:
    """The main process sends the next item while the worker sends a result back: with both larger than a
    socket's buffer (HTML pages in JSONL records), blocking sends once waited for each other forever."""
    code = ("from cleaner.batch import ProcessPool\n"
            "if __name__ == '__main__':\n"
            "    pool = ProcessPool(bytes.__add__, b'<', 1)\n"
            "    sizes = [len(outcome) for _, outcome in pool.map(b'x' * 2_000_000 for _ in range(6))]\n"
            "    pool.close()\n"
            "    print(sizes)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([2_000_001] * 6)


@pytest.mark.parametrize("make_pool", ["inline", "process"])
def test_pools_read_a_bounded_window_ahead(make_pool: str) -> None:
    """Flat memory: however long the input, only a window of items is read ahead of what was yielded."""
    read = 0

    def endless() -> Iterator[int]:
        nonlocal read
        for n in itertools.count():
            read += 1
            yield n

    pool = InlinePool(square, 1) if make_pool == "inline" else ProcessPool(square, 1, workers=2, window=10)
    try:
        results = pool.map(endless())
        assert [outcome for _, outcome in itertools.islice(results, 100)] == [n * n for n in range(100)]
        assert read <= 100 + 10
    finally:
        pool.close()


# ------------------------------------------------------------------------------------------- output names


HOSTILE_IDS = ["../escape", "../../../../etc/passwd", "/etc/passwd", "..", ".", "", ".hidden", "a/../../b",
               "C:\\Windows\\system32", "nul\x00byte", "new\nline", "ünïcödé/ñ", "\ud800lone", "x" * 400,
               "~", "%2F", "a%2Fb", "a/b"]


def test_safe_file_names_are_one_component_distinct_and_short() -> None:
    names = [safe_file_name(identifier) for identifier in HOSTILE_IDS]
    assert len(set(names)) == len(names)
    for name in names:
        assert name and "/" not in name and "\\" not in name and "\x00" not in name and "\n" not in name
        assert not name.startswith(".") and name not in (".", "..")
        assert len(name.encode()) <= 200
        assert name.isascii() and name.isprintable()


def test_hostile_ids_never_write_outside_the_output_directory(tmp_path: Path) -> None:
    work = tmp_path / "deep" / "work"
    work.mkdir(parents=True)
    records: list[object] = [{"id": identifier, "text": f"Paragraph number {n} of the story."}
                             for n, identifier in enumerate(HOSTILE_IDS)]
    write_jsonl(work / "in.jsonl", records)
    before = {p for p in tmp_path.rglob("*")}
    report = run_batch(work / "in.jsonl", work / "out", options=options(format="json"))
    assert report.failed == 0 and report.cleaned == len(HOSTILE_IDS)
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(work / "out" in p.parents or p == work / "out" for p in created), created
    files = list((work / "out").iterdir())
    assert len(files) == len(HOSTILE_IDS) and all(f.is_file() for f in files)
    sources = {json.loads(f.read_text(encoding="utf-8"))["source"] for f in files}
    assert sources == set(HOSTILE_IDS) - {""} | {"line 6"}  # an empty id is no id: the record is named by line


def test_a_symbolic_link_in_the_output_does_not_lead_writes_out(tmp_path: Path) -> None:
    source, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    (source / "evil").mkdir(parents=True)
    (source / "evil" / "a.txt").write_text("A story that must not land elsewhere.", encoding="utf-8")
    (source / "fine.txt").write_text("A story that lands where it should.", encoding="utf-8")
    elsewhere.mkdir()
    out.mkdir()
    (out / "evil").symlink_to(elsewhere, target_is_directory=True)
    report = run_batch(source, out, options=options())
    assert report.failed == 1 and report.cleaned == 1
    assert list(elsewhere.iterdir()) == []
    error = read_lines(tmp_path / "out.errors.jsonl")[0]
    assert error["id"] == "evil/a.txt" and "outside the output directory" in str(error["message"])


def test_two_inputs_for_one_output_name_are_an_error_not_an_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "story.txt").write_text("The text version of the story.", encoding="utf-8")
    (source / "story.html").write_text("<html><body><p>The HTML version of it.</p></body></html>", encoding="utf-8")
    write_jsonl(tmp_path / "dup.jsonl", [{"id": "x", "text": "First."}, {"id": "x", "text": "Second."}])
    report = run_batch(source, tmp_path / "out", options=options())
    assert (report.cleaned, report.failed) == (1, 1)
    assert "already the output of story.html" in str(read_lines(tmp_path / "out.errors.jsonl")[0]["message"])
    report = run_batch(tmp_path / "dup.jsonl", tmp_path / "out2", options=options())
    assert (report.cleaned, report.failed) == (1, 1)
    assert (tmp_path / "out2" / "x.txt").read_text(encoding="utf-8") == "First.\n"
    assert read_lines(tmp_path / "out2.errors.jsonl")[0]["line"] == 2


def test_a_repeated_id_is_caught_however_far_apart_in_flat_memory(tmp_path: Path) -> None:
    """Every id of a JSONL input is checked against all those before it, and none is held in memory: 30 000
    records cost a peak of traced memory of a few records (a dict of their names took 3.5 MB)."""
    import tracemalloc

    from cleaner.batch.outputs import _DirectoryOutput
    from cleaner.batch.work import _Task

    output = _DirectoryOutput(tmp_path / "out", "text", options(), None)
    tracemalloc.start()
    try:
        for number in range(1, 30_001):
            doc = Document(f"record-{number}", number, "in.jsonl", number, data="Text.")
            assert output.settled(_Task(doc, output.target(doc))) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    again = Document("record-7", 30_001, "in.jsonl", 30_001, data="Text.")
    failure = output.settled(_Task(again, output.target(again)))
    output.close()
    assert failure is not None and failure.message == "its output record-7.txt is already the output of line 7"
    assert peak < 1_000_000, f"peak {peak:,} bytes for 30 000 ids"
    assert list(tmp_path.iterdir()) == [tmp_path / "out"]


# ------------------------------------------------------------------------------------------------ batches


def test_directory_in_directory_out_mirrors_names_and_cleans_html_with_clean_html(tmp_path: Path) -> None:
    expected = make_tree(tmp_path / "in")
    report = run_batch(tmp_path / "in", tmp_path / "out", options=options(workers=2))
    assert (report.cleaned, report.failed, report.errors_path) == (len(expected), 0, tmp_path / "out.errors.jsonl")
    got = {name: content.decode("utf-8") for name, content in outputs(tmp_path / "out").items()}
    assert got == {name: text + "\n" if text else "" for name, text in expected.items()}
    assert not (tmp_path / "out.errors.jsonl").exists()


def test_directory_to_jsonl_in_input_order(tmp_path: Path) -> None:
    expected = make_tree(tmp_path / "in")
    report = run_batch(tmp_path / "in", tmp_path / "out.jsonl", options=options(workers=2))
    assert report.cleaned == len(expected)
    records = read_lines(tmp_path / "out.jsonl")
    assert [r["id"] for r in records] == [d.id for d in read_directory(tmp_path / "in")]
    by_id = {str(r["id"]).replace(".gz", "").rsplit(".", 1)[0]: r["cleaner_text"] for r in records}
    assert by_id == {name.rsplit(".", 1)[0]: text for name, text in expected.items()}
    assert not (tmp_path / "out.jsonl.partial").exists() and not (tmp_path / "out.jsonl.checkpoint").exists()


def test_jsonl_to_jsonl_passes_fields_through_and_reports_errors(tmp_path: Path) -> None:
    bodies = texts()[:8]
    records: list[object] = [{"id": f"doc-{n}", "text": body, "url": f"https://example.com/{n}"}
                             for n, body in enumerate(bodies)]
    records[3:3] = ["{broken json", {"id": "no-text", "html": "<p>Wrong field.</p>"}]
    write_jsonl(tmp_path / "in.jsonl", records)
    for workers in (0, 2):
        out = tmp_path / f"out{workers}.jsonl"
        report = run_batch(tmp_path / "in.jsonl", out, options=options(workers=workers))
        assert (report.cleaned, report.failed) == (8, 2)
        got = read_lines(out)
        assert [r["id"] for r in got] == [f"doc-{n}" for n in range(8)]
        assert [r["cleaner_text"] for r in got] == [clean(body).text for body in bodies]
        assert got[5]["url"] == "https://example.com/5" and "cleaner_removed" in got[5]
        assert [r["text"] for r in got] == bodies  # the input's own field, unchanged
        errors = read_lines(tmp_path / f"out{workers}.jsonl.errors.jsonl")
        source = str(tmp_path / "in.jsonl")
        assert [(e["id"], e["path"], e["line"], e["error"]) for e in errors] == [
            (None, source, 4, "InputError"), ("no-text", source, 5, "InputError")]


def test_unexpected_exception_is_reported_with_its_traceback(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Fine text."}, {"id": "boom", "text": "Text."}])
    hook = functools.partial(crash_on, "nobody", None)
    run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", options=options(before_document=hook))
    # a bug inside the cleaning (simulated by a config whose model is not a model)
    report = run_batch(tmp_path / "in.jsonl", tmp_path / "bug.jsonl",
                       config=Config(model="not a model"),  # type: ignore[arg-type]
                       options=options())
    assert report.failed == 2
    error = read_lines(tmp_path / "bug.jsonl.errors.jsonl")[0]
    assert error["error"] == "AttributeError" and "Traceback" in str(error["traceback"])


def test_model_option_reaches_the_workers(tmp_path: Path) -> None:
    footer = "Subscribe to our newsletter for more stories like this"
    stories = [f"Story {n} begins with the council meeting on road {n}.\n\n{footer}" for n in range(12)]
    model = CorpusModel.learn(stories)
    assert pickle.loads(pickle.dumps(model)).counts == model.counts  # regression: a mappingproxy cannot pickle
    write_jsonl(tmp_path / "in.jsonl", [{"id": n, "text": story} for n, story in enumerate(stories)])
    run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", config=Config(model=model), options=options(workers=2))
    assert all(footer not in str(r["cleaner_text"]) for r in read_lines(tmp_path / "out.jsonl"))


# --------------------------------------------------------------------------------- crashes and timeouts


def crash_batch(tmp_path: Path, marker: Path | None) -> tuple[int, int, list[dict[str, object]], int]:
    bodies = texts()[:12]
    write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{n}", "text": body} for n, body in enumerate(bodies)])
    hook = functools.partial(crash_on, "d5", marker)
    report = run_batch(tmp_path / "in.jsonl", tmp_path / "out", options=options(workers=2, before_document=hook))
    errors = read_lines(tmp_path / "out.errors.jsonl") if (tmp_path / "out.errors.jsonl").exists() else []
    return report.cleaned, report.failed, errors, report.restarts


def test_a_worker_dying_once_costs_only_a_retry(tmp_path: Path) -> None:
    cleaned, failed, errors, restarts = crash_batch(tmp_path, tmp_path / "crashed-once")
    assert (cleaned, failed, errors) == (12, 0, [])
    assert restarts == 1 and (tmp_path / "crashed-once").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(f"d{n}.txt" for n in range(12))


def test_a_document_that_kills_every_worker_is_an_error_and_the_rest_is_written(tmp_path: Path) -> None:
    cleaned, failed, errors, restarts = crash_batch(tmp_path, None)
    assert (cleaned, failed, restarts) == (11, 1, 2)
    assert errors[0]["id"] == "d5" and errors[0]["error"] == "WorkerCrash"
    assert "exit code 13" in str(errors[0]["message"])
    assert len(list((tmp_path / "out").iterdir())) == 11


def test_timeout_turns_a_pathological_document_into_an_error(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{n}", "text": f"Story number {n} of the day."} for n in range(6)])
    hook = functools.partial(hang_on, "d2")
    report = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl",
                       options=options(workers=2, timeout_s=2.0, before_document=hook))
    # d2 would finish after 60 s and be cleaned: its Timeout record proves the worker was stopped, with no
    # bound on the wall clock (which a loaded machine stretches)
    assert (report.cleaned, report.failed) == (5, 1)
    assert [r["id"] for r in read_lines(tmp_path / "out.jsonl")] == ["d0", "d1", "d3", "d4", "d5"]
    error = read_lines(tmp_path / "out.jsonl.errors.jsonl")[0]
    assert (error["id"], error["error"]) == ("d2", "Timeout")


# ---------------------------------------------------------------------------------------- resume and kill


def test_resume_skips_existing_outputs_and_retries_failures(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    (tmp_path / "in" / "broken.txt").write_bytes(b"%PDF-1.4 not text")
    first = run_batch(tmp_path / "in", tmp_path / "out", options=options())
    assert first.failed == 1
    (tmp_path / "out" / "000_c1e20b072a588418.txt").unlink()
    (tmp_path / "out" / "001_79ea87fa954241d2.txt").write_text("kept as it is\n", encoding="utf-8")
    (tmp_path / "out" / ".002_85de116745b5885c.txt.abcd1234.tmp").write_text("half", encoding="utf-8")
    second = run_batch(tmp_path / "in", tmp_path / "out", options=options(resume=True))
    assert (second.cleaned, second.skipped, second.failed) == (1, first.cleaned - 1, 1)
    assert (tmp_path / "out" / "000_c1e20b072a588418.txt").exists()
    assert (tmp_path / "out" / "001_79ea87fa954241d2.txt").read_text(encoding="utf-8") == "kept as it is\n"
    assert not list((tmp_path / "out").glob(".*.tmp"))
    assert len(read_lines(tmp_path / "out.errors.jsonl")) == 1


def test_resume_of_a_finished_jsonl_output_redoes_nothing(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "One story."}, "oops"])
    run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", options=options())
    before = (tmp_path / "out.jsonl").read_bytes()
    report = run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", options=options(resume=True))
    assert (report.cleaned, report.skipped, report.failed) == (0, 2, 1)
    assert (tmp_path / "out.jsonl").read_bytes() == before


def test_a_checkpoint_of_another_batch_is_refused(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "One story."}])
    (tmp_path / "out.jsonl.partial").write_bytes(b"")
    (tmp_path / "out.jsonl.checkpoint").write_text(json.dumps(
        {"version": 1, "input": str(tmp_path / "other.jsonl"), "field": "text", "id_field": "id",
         "input_format": "auto", "position": 0, "output_bytes": 0, "errors_bytes": 0, "cleaned": 0, "failed": 0}),
        encoding="utf-8")
    with pytest.raises(InputError, match="another batch"):
        run_batch(tmp_path / "in.jsonl", tmp_path / "out.jsonl", options=options(resume=True))


def cli(*args: str, stdin: bytes | None = None, **popen: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True,
                          timeout=300, check=False, **popen)  # type: ignore[call-overload]


def kill_corpus(tmp_path: Path) -> Path:
    """About 250 documents with some that fail, as a JSONL file and as a directory."""
    bodies = texts()
    records: list[object] = []
    for n in range(250):
        records.append({"id": f"doc-{n:03d}", "text": bodies[n % len(bodies)] + f"\n\nEdition {n}."})
        if n % 60 == 7:
            records.append("{not json")
    write_jsonl(tmp_path / "in.jsonl", records)
    folder = tmp_path / "in"
    for n, body in enumerate(bodies * 4):
        (folder / f"part{n % 3}").mkdir(parents=True, exist_ok=True)
        (folder / f"part{n % 3}" / f"doc-{n:03d}.txt").write_text(body + f"\n\nEdition {n}.", encoding="utf-8")
    (folder / "part0" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    return tmp_path


def batch_progress(target: Path) -> int:
    """How far a batch writing ``target`` has got: bytes of its JSON Lines output (``.partial`` while it
    runs), or files written into its output folder."""
    if target.suffix == ".jsonl":
        partial = target.with_name(target.name + ".partial")
        for path in (partial, target):
            try:
                return path.stat().st_size
            except FileNotFoundError:
                continue
        return 0
    return sum(1 for path in target.rglob("*") if path.is_file() and not path.name.endswith(".tmp")) \
        if target.exists() else 0


@pytest.mark.slow
@pytest.mark.parametrize(("source", "target"), [("in.jsonl", "out.jsonl"), ("in", "out")])
def test_sigkill_at_random_moments_then_resume_equals_an_uninterrupted_run(tmp_path: Path, source: str,
                                                                           target: str) -> None:
    kill_corpus(tmp_path)
    reference = cli("batch", str(tmp_path / source), str(tmp_path / f"reference-{target}"), "-w", "2", "-q")
    assert reference.returncode == 1, reference.stderr  # the broken documents
    total = batch_progress(tmp_path / f"reference-{target}")
    rng = random.Random(f"{source}-kill")
    kills = 0
    for attempt in range(6):
        start = batch_progress(tmp_path / target)
        process = subprocess.Popen(
            [sys.executable, "-m", "cleaner.cli", "batch", str(tmp_path / source), str(tmp_path / target),
             "-w", "2", "-q", *(["--resume"] if attempt else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        # Moments by the work done, not by the clock (a loaded machine is slow, a quiet one fast): the kill
        # comes once the run has written a random share of what it has left to write.
        goal = start + max(1, int(rng.uniform(0.1, 0.4) * (total - start)))
        while process.poll() is None and batch_progress(tmp_path / target) < goal:
            time.sleep(0.005)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the whole batch: main process and workers
            kills += 1
        process.wait()
    assert kills >= 3, "the batch finished too fast to be killed: make the corpus bigger"
    final = cli("batch", str(tmp_path / source), str(tmp_path / target), "-w", "2", "-q", "--resume")
    assert final.returncode == 1, final.stderr
    if target.endswith(".jsonl"):
        assert (tmp_path / target).read_bytes() == (tmp_path / f"reference-{target}").read_bytes()
        assert not (tmp_path / f"{target}.partial").exists() and not (tmp_path / f"{target}.checkpoint").exists()
    else:
        assert outputs(tmp_path / target) == outputs(tmp_path / f"reference-{target}")
    assert (tmp_path / f"{target}.errors.jsonl").read_bytes() == (tmp_path / f"reference-{target}.errors.jsonl"
                                                                  ).read_bytes().replace(b"reference-", b"")


def test_sweep_removes_only_temporary_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".a.txt.k2j4_9ab.tmp").write_text("x", encoding="utf-8")
    (tmp_path / ".keep").write_text("x", encoding="utf-8")
    assert sweep_temporaries(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep", "a.txt"]


# ------------------------------------------------------------------------------------------------ the CLI


def test_cli_stdin_to_stdout_with_exit_status_and_no_progress_bar_off_a_terminal(tmp_path: Path) -> None:
    lines = b'{"id": 1, "text": "Title here\\n\\nShutterstock\\n\\nThe story."}\n{"id": 2, "text": "Second."}\nbad\n'
    result = cli("batch", "-", "-", "-w", "1", stdin=lines)
    assert result.returncode == 1
    assert [r["id"] for r in map(json.loads, result.stdout.splitlines())] == [1, 2]
    stderr = result.stderr.decode()
    assert "-:3: InputError: not a JSON object" in stderr and "cleaned 2 documents, 1 failed" in stderr
    assert "doc/s" not in stderr and "\r" not in stderr  # no tqdm bar: stderr is not a terminal
    quiet = cli("batch", "-", "-", "-w", "1", "-q", stdin=lines[:-4])
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_progress_bar_on_a_terminal_shows_rate_and_errors(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": n, "text": f"Story {n} of the day."} for n in range(5)] + ["bad"])
    for quiet in (False, True):
        controller, terminal = os.openpty()
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # rows, columns
        process = subprocess.Popen(
            [sys.executable, "-m", "cleaner.cli", "batch", str(tmp_path / "in.jsonl"), str(tmp_path / "o.jsonl"),
             "-w", "1", *(["-q"] if quiet else [])], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=terminal)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal is closed when the batch exits
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)
        assert process.wait(timeout=120) == 1
        assert b"in.jsonl:6: InputError" in shown  # the failure's line, whatever the bar does
        size = str((tmp_path / "in.jsonl").stat().st_size).encode()
        if quiet:
            assert b"B/s" not in shown and b"cleaned 5 documents" not in shown
        else:  # a JSONL file's size is known: the bar counts its bytes, to the end
            assert b"B/s" in shown and b"%s/%s" % (size, size) in shown and b"6 docs, 1 failed" in shown
            assert b"cleaned 5 documents, 1 failed" in shown


def test_cli_refuses_what_it_cannot_do_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Text.", encoding="utf-8")
    write_jsonl(tmp_path / "in.jsonl", [{"text": "Text."}])
    assert main(["batch", str(tmp_path / "in"), str(tmp_path / "in" / "out"), "-q"]) == 2
    assert main(["batch", str(tmp_path / "in.jsonl"), "-", "--resume", "-q"]) == 2
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "o.jsonl"), "-f", "text", "-q"]) == 2
    assert main(["batch", str(tmp_path / "missing"), str(tmp_path / "o"), "-q"]) == 2
    assert main(["batch", str(tmp_path / "in" / "a.txt"), str(tmp_path / "o"), "-q"]) == 2  # one document
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "o.jsonl"), "--timeout", "0", "-q"]) == 2
    assert main(["batch", str(tmp_path / "in"), str(tmp_path / "o"), "-w", "0", "-q", "-f", "markdown"]) == 0
    assert (tmp_path / "o" / "a.md").read_text(encoding="utf-8") == "Text.\n"


def test_cli_model_and_config_options(tmp_path: Path) -> None:
    footer = "Subscribe to our newsletter for more stories like this"
    stories = [f"Story {n} begins with the council meeting on road {n}.\n\n{footer}" for n in range(12)]
    write_jsonl(tmp_path / "in.jsonl", [{"id": n, "text": story} for n, story in enumerate(stories)])
    CorpusModel.learn(stories).save(tmp_path / "model.json")
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "out.jsonl"), "-w", "0", "-q",
                 "--model", str(tmp_path / "model.json")]) == 0
    assert all(footer not in str(r["cleaner_text"]) for r in read_lines(tmp_path / "out.jsonl"))


def test_learn_reads_with_the_batch_reader_in_parallel(tmp_path: Path) -> None:
    footer = "Subscribe to our newsletter for more stories like this"
    stories = [f"Story {n} begins with the council meeting on road {n}.\n\n{footer}" for n in range(12)]
    write_jsonl(tmp_path / "in.jsonl", [{"id": n, "text": story} for n, story in enumerate(stories)] + ["oops"])
    for workers in ("0", "2"):
        model_path = tmp_path / f"model{workers}.json"
        assert main(["learn", str(tmp_path / "in.jsonl"), "-o", str(model_path), "-w", workers]) == 1  # "oops"
        assert CorpusModel.load(model_path).to_dict() == CorpusModel.learn(stories).to_dict()


# ------------------------------------------------------------------------------------------- durability


def test_outputs_get_the_mode_open_would_give_and_fsync_only_when_asked(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"{n}.txt").write_text(f"Story {n} of the day.", encoding="utf-8")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    mask = os.umask(0o022)
    os.umask(mask)
    run_batch(tmp_path / "in", tmp_path / "fast", options=BatchOptions(workers=0))
    assert synced == []  # a killed batch still leaves whole files: the rename is atomic
    run_batch(tmp_path / "in", tmp_path / "durable", options=BatchOptions(workers=0, fsync=True))
    assert len(synced) == 3
    for name in ("fast", "durable"):
        files = sorted((tmp_path / name).iterdir())
        assert [f.name for f in files] == ["0.txt", "1.txt", "2.txt"]
        assert {f.stat().st_mode & 0o777 for f in files} == {0o666 & ~mask}  # not mkstemp's 0600


# ------------------------------------------------------------------------------------------------ gzip


def test_gzip_is_recognised_by_its_bytes_in_files_jsonl_and_stdin(tmp_path: Path) -> None:
    bodies = texts()[:3]
    records = [{"id": f"d{n}", "text": body} for n, body in enumerate(bodies)]
    plain = "".join(json.dumps(record) + "\n" for record in records).encode()
    (tmp_path / "docs.jsonl").write_bytes(gzip.compress(plain))  # compressed under a plain name
    report = run_batch(tmp_path / "docs.jsonl", tmp_path / "out.jsonl", options=options())
    assert (report.cleaned, report.failed) == (3, 0)
    assert [r["cleaner_text"] for r in read_lines(tmp_path / "out.jsonl")] == [clean(body).text for body in bodies]
    piped = cli("batch", "-", "-", "-w", "0", "-q", stdin=gzip.compress(plain))  # cat docs.jsonl.gz | cleaner batch
    assert piped.returncode == 0, piped.stderr
    assert [json.loads(line)["cleaner_text"] for line in piped.stdout.decode().splitlines()] == \
        [clean(body).text for body in bodies]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "story.txt").write_bytes(gzip.compress(bodies[0].encode()))
    run_batch(tmp_path / "pages", tmp_path / "clean", options=options())
    assert (tmp_path / "clean" / "story.txt").read_text(encoding="utf-8") == clean(bodies[0]).text + "\n"


def test_gzip_bytes_given_to_clean_document_are_decompressed() -> None:
    page = gzip.decompress(PAGES[0].read_bytes())
    assert clean_document(PAGES[0].read_bytes()).text == clean_html(page).text
    with pytest.raises(InputError, match="gzip bomb"):
        clean_document(gzip.compress(b"a " * 1000), config=Config(max_input_bytes=1000))


# ------------------------------------------------------------------------------------------- output kind


@pytest.mark.parametrize("name", ["out.txt", "out.json", "out.md", "out.jsonl.gz"])
def test_an_output_named_like_another_kind_of_file_is_refused_not_made_a_folder(tmp_path: Path, name: str) -> None:
    write_jsonl(tmp_path / "docs.jsonl", [{"id": "a", "text": "One story of the day."}])
    result = cli("batch", str(tmp_path / "docs.jsonl"), str(tmp_path / name), "-w", "0")
    assert result.returncode == 2 and b".jsonl" in result.stderr and b"Traceback" not in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs.jsonl"]


def test_ndjson_is_a_jsonl_output_and_a_slash_makes_a_folder(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "docs.jsonl", [{"id": "a", "text": "One story of the day."}])
    run_batch(tmp_path / "docs.jsonl", tmp_path / "out.ndjson", options=options())
    assert read_lines(tmp_path / "out.ndjson")[0]["cleaner_text"] == "One story of the day."
    run_batch(tmp_path / "docs.jsonl", f"{tmp_path / 'out.txt'}/", options=options())
    assert (tmp_path / "out.txt" / "a.txt").read_text(encoding="utf-8") == "One story of the day.\n"
    run_batch(tmp_path / "docs.jsonl", tmp_path / "out.txt", options=options())  # an existing folder is one


# ------------------------------------------------------------------------------------------- the text field


def html_records() -> list[dict[str, object]]:
    pages = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in PAGES[:2]]
    return [{"id": f"p{n}", "html": page, "url": f"https://example.com/{n}"} for n, page in enumerate(pages)]


def test_the_text_field_is_found_in_the_first_record(tmp_path: Path) -> None:
    records = html_records()
    write_jsonl(tmp_path / "pages.jsonl", ["", "{not json", *records])  # a bad line first: still found
    report = run_batch(tmp_path / "pages.jsonl", tmp_path / "out.jsonl", options=options())
    assert (report.cleaned, report.failed) == (2, 1)
    got = read_lines(tmp_path / "out.jsonl")
    assert [r["cleaner_text"] for r in got] == [clean_html(str(r["html"])).text for r in records]
    assert [r["html"] for r in got] == [r["html"] for r in records]  # the input field, unchanged
    stdin = "".join(json.dumps(record) + "\n" for record in records).encode()
    piped = cli("batch", "-", "-", "-w", "0", "-q", stdin=stdin)
    assert piped.returncode == 0, piped.stderr
    assert [json.loads(line)["cleaner_text"] for line in piped.stdout.decode().splitlines()] == \
        [r["cleaner_text"] for r in got]


@pytest.mark.parametrize("output", ["out.jsonl", "out", "-"])
def test_records_without_a_text_field_fail_before_any_work_and_leave_nothing(tmp_path: Path, output: str) -> None:
    write_jsonl(tmp_path / "docs.jsonl", [{"id": n, "body": "Story text.", "lang": "en"} for n in range(3)])
    target = output if output == "-" else str(tmp_path / output)
    result = cli("batch", str(tmp_path / "docs.jsonl"), target, "-w", "2")
    assert result.returncode == 2 and result.stdout == b"", result.stderr
    message = result.stderr.decode().splitlines()[-1]
    assert "no text field found" in message and "'body'" in message and "--field" in message
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs.jsonl"]
    piped = cli("batch", "-", "-", "-w", "0", stdin=(tmp_path / "docs.jsonl").read_bytes())
    assert piped.returncode == 2 and "no text field found" in piped.stderr.decode()
    given = cli("batch", str(tmp_path / "docs.jsonl"), str(tmp_path / "out.jsonl"), "--field", "body", "-q")
    assert given.returncode == 0 and len(read_lines(tmp_path / "out.jsonl")) == 3


def test_learn_finds_the_text_field_too(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "pages.jsonl", html_records())
    assert main(["learn", str(tmp_path / "pages.jsonl"), "-o", str(tmp_path / "model.json"), "-w", "0"]) == 0
    assert CorpusModel.load(tmp_path / "model.json").documents == 2
    write_jsonl(tmp_path / "docs.jsonl", [{"id": 1, "body": "Text."}])
    assert main(["learn", str(tmp_path / "docs.jsonl"), "-o", str(tmp_path / "other.json"), "-w", "0"]) == 2


# ------------------------------------------------------------------------------------ a script as the caller


SCRIPT = """
from cleaner.batch import BatchOptions, run_batch

{guard}report = run_batch("in.jsonl", "out.jsonl", options=BatchOptions(workers=2))
{indent}print("cleaned", report.cleaned)
"""


def test_a_script_without_the_main_guard_fails_at_once_and_says_what_to_add(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"id": n, "text": f"Story number {n} of the day."} for n in range(4)])
    (tmp_path / "unguarded.py").write_text(SCRIPT.format(guard="", indent=""), encoding="utf-8")
    result = subprocess.run([sys.executable, "unguarded.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("cleaner.batch.WorkerStartError: worker processes died")
    assert 'if __name__ == "__main__":' in result.stderr.splitlines()[-1]
    assert result.stderr.count("Traceback") <= 8  # a few workers' and the script's: no loop of restarts
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.jsonl", "unguarded.py"]  # nothing written
    (tmp_path / "guarded.py").write_text(SCRIPT.format(guard='if __name__ == "__main__":\n    ', indent="    "),
                                         encoding="utf-8")
    result = subprocess.run([sys.executable, "guarded.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, check=False)
    assert (result.returncode, result.stdout) == (0, "cleaned 4\n"), result.stderr


# ------------------------------------------------------------------------------------------ a slow source


@pytest.mark.parametrize("workers", ["0", "2"])
def test_records_trickling_in_on_stdin_come_out_one_by_one(workers: str) -> None:
    """Each record's result is written before the next record is sent: nothing waits for a full window."""
    import selectors

    process = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "batch", "-", "-", "-w", workers, "-q"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        for n, body in enumerate(texts()[:4]):
            process.stdin.write((json.dumps({"id": n, "text": body}) + "\n").encode())
            process.stdin.flush()
            # a guard against waiting forever (the bug: no output before 12 records), not a speed check
            assert selector.select(timeout=120), f"no output for record {n} while the input stays open"
            record = json.loads(process.stdout.readline())
            assert (record["id"], record["cleaner_text"]) == (n, clean(body).text)
        process.stdin.close()
        assert process.wait(timeout=120) == 0
    finally:
        process.kill()
        process.wait()
