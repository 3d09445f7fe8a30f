"""Throughput at scale: ``clean()`` in one process, ``cleaner batch`` with 1 and 2 workers, the Dask path,
and jusText and trafilatura on the same documents, in the same run; peak memory of the batch.

    python benchmarks/throughput.py                     # 20 000 documents (`make bench-speed`); ~45 min on 2 cores
    python benchmarks/throughput.py --documents 2000    # a shorter run: the figures are rates, comparable
    python benchmarks/throughput.py --only batch-1 --only batch-2 --repeats 3

**Corpus.** Generated from ``corpus/bench/zyte``: document *i* is page *i* mod 121, as its text rendering
(``text/full``) and as its HTML, with boilerplate varied per document (menus, share and cookie prompts,
newsletter calls, "Read more" links, copyright lines with changing numbers) added at the top and the bottom:
as text lines, and as ``<div>`` blocks after ``<body>`` and before ``</body>``. The text documents are
written once under ``--workdir`` (``docs/NN/NNNNN.txt``) and reused while the generator's parameters are
unchanged; the HTML is generated in memory when it is needed, outside the timed calls.

**Rows.** ``clean`` -- ``cleaner.clean(text)`` on every text, one process, read before timing;
``batch-1`` / ``batch-2`` -- ``cleaner batch docs/ out/ --workers N`` as a command, wall time from start to
exit (interpreter start-up and worker start included), peak memory sampled every 50 ms over the batch's
processes (RSS of the main process, and summed over main, fork server and workers: shared pages count
once per process, so the sum overstates); ``dask`` -- the same batch through ``--dask`` on a
``LocalCluster`` of 2 single-threaded worker processes started before the clock (start-up reported
apart); ``justext`` -- jusText 3 on each text, one ``<p>`` per line (as ``quality.py`` does);
``trafilatura`` -- ``trafilatura.extract`` (default settings, as ``quality.py``) on each HTML page;
``batch-warc`` / ``batch-jsonl-html`` -- ``cleaner batch INPUT out.jsonl --workers 2`` on the same HTML pages
(``--html-documents`` of them, 2 000 by default) written once as a WARC file (``.warc.gz``, a request and a
response record per page, gzip per record, as Common Crawl writes them) and once as a JSONL file of
``{"id", "url", "text": html}`` records (``.jsonl.gz``): what reading a crawl costs against reading records.
docs/s counts documents; MB/s counts UTF-8 input bytes (text for all but trafilatura, whose input is the
HTML, about 15 times larger).

Results go to ``benchmarks/results/throughput.md`` and ``.json`` (``--no-write`` to skip). The issue's bar:
``batch-2`` at least 1.8 times ``batch-1``; the script prints the ratio, and ``--check`` makes it exit 1
below the bar; likewise the WARC row at least 0.9 times the JSONL row's throughput. The machine is shared:
run the rows you compare in the same run (``--repeats`` alternates them and keeps the median).

Whether memory stays flat as the batch grows (10 000 documents against 1 000, same generator and sampler)
is ``benchmarks/memory.py``.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZYTE = ROOT / "corpus" / "bench" / "zyte"
RESULTS = ROOT / "benchmarks" / "results"
SYSTEMS = ("clean", "batch-1", "batch-2", "dask", "justext", "trafilatura", "batch-warc", "batch-jsonl-html")
GENERATOR_VERSION = 1
RATIO_BAR = 1.8
#: The WARC input's throughput, at least this share of the same pages' as JSONL records.
WARC_BAR = 0.9

TOP = [
    "Skip to main content", "Menu", "Home | News | World | Business | Sport | Culture", "Search",
    "Sign in", "Subscribe for {n} cents a week", "Live: markets update {n}", "Accept all cookies",
    "We use cookies to improve your experience. Manage preferences", "Advertisement", "Share this article",
    "Share on Facebook", "Share on X", "Breaking: follow our live coverage", "Edition {n}",
    "Listen to this article ({m} min)", "Most read", "Trending: {n} stories", "Loading...",
]
BOTTOM = [
    "Read more: {n} things to know about the week ahead", "More from World news",
    "Sign up for our morning briefing", "Follow us on Instagram and X",
    "© {year} Example Media Group. All rights reserved.",
    "Terms of use | Privacy policy | Contact us", "Photo: Reuters", "Related: the story behind case {n}",
    "Comments ({m})", "Advertisement", "Newsletter: get the best of the week every Friday",
    "Topics: politics, economy, region {m}", "Back to top", "Download our app", "Report an error",
]
_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)


@dataclass
class Row:
    system: str
    input: str
    documents: int
    megabytes: float
    seconds: float
    peak_main_mb: float | None = None
    peak_total_mb: float | None = None
    cpu_seconds: float | None = None  # user + system, summed over the batch's processes
    note: str = ""

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------------------------------------- the corpus


def page_ids() -> list[str]:
    return sorted(path.name.removesuffix(".txt") for path in (ZYTE / "text" / "full").glob("*.txt"))


def boilerplate(n: int, seed: int) -> tuple[list[str], list[str]]:
    """The lines added at the top and at the bottom of document ``n``."""
    rng = random.Random(seed * 1_000_003 + n)
    values = {"n": n, "m": rng.randint(2, 99), "year": 2015 + rng.randint(0, 10)}
    top = [line.format(**values) for line in rng.sample(TOP, rng.randint(1, 5))]
    bottom = [line.format(**values) for line in rng.sample(BOTTOM, rng.randint(1, 6))]
    return top, bottom


def document_text(page_text: str, n: int, seed: int) -> str:
    top, bottom = boilerplate(n, seed)
    return "\n".join(top) + "\n\n" + page_text.strip("\n") + "\n\n" + "\n".join(bottom) + "\n"


def document_html(page_html: str, n: int, seed: int) -> str:
    top, bottom = boilerplate(n, seed)
    header = '<div class="site-top">' + "".join(f"<p>{html.escape(line)}</p>" for line in top) + "</div>"
    footer = '<div class="site-bottom">' + "".join(f"<p>{html.escape(line)}</p>" for line in bottom) + "</div>"
    opened = _BODY_OPEN.search(page_html)
    page = page_html[: opened.end()] + header + page_html[opened.end():] if opened else header + page_html
    closings = list(_BODY_CLOSE.finditer(page))
    closed = closings[-1] if closings else None
    return page[: closed.start()] + footer + page[closed.start():] if closed else page + footer


def generate(workdir: Path, documents: int, seed: int) -> Path:
    """Write the text documents (once per parameters); return the folder."""
    folder = workdir / "docs"
    manifest = {"generator": GENERATOR_VERSION, "documents": documents, "seed": seed}
    stamp = workdir / "manifest.json"
    if stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == manifest:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    ids = page_ids()
    texts = [(ZYTE / "text" / "full" / f"{page}.txt").read_text(encoding="utf-8") for page in ids]
    for n in range(documents):
        path = folder / f"{n // 1000:02d}" / f"{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(document_text(texts[n % len(ids)], n, seed), encoding="utf-8")
    stamp.write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def text_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"))


def html_pages(documents: int, seed: int) -> Iterator[str]:
    ids = page_ids()
    pages = [gzip.decompress((ZYTE / "html" / f"{page}.html.gz").read_bytes()).decode("utf-8", "replace")
             for page in ids]
    for n in range(documents):
        yield document_html(pages[n % len(ids)], n, seed)


def generate_html_inputs(workdir: Path, documents: int, seed: int) -> tuple[Path, Path, float]:
    """The HTML pages as a WARC file and as a JSONL file, written once per parameters; their HTML's MB."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc, jsonl = workdir / "pages.warc.gz", workdir / "pages.jsonl.gz"
    manifest = {"generator": GENERATOR_VERSION, "documents": documents, "seed": seed, "html": True}
    stamp = workdir / "html-manifest.json"
    if stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")).get("manifest") == manifest:
        return warc, jsonl, float(json.loads(stamp.read_text(encoding="utf-8"))["megabytes"])
    size = 0
    with warc.open("wb") as warc_stream, gzip.open(jsonl, "wt", encoding="utf-8") as jsonl_stream:
        writer = WARCWriter(warc_stream, gzip=True)
        for n, page in enumerate(html_pages(documents, seed)):
            body = page.encode("utf-8")
            size += len(body)
            url = f"https://example.com/news/{n:05d}"
            request = StatusAndHeaders("GET /news HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                          http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            jsonl_stream.write(json.dumps({"id": f"{n:05d}", "url": url, "text": page}) + "\n")
    stamp.write_text(json.dumps({"manifest": manifest, "megabytes": size / 1e6}), encoding="utf-8")
    return warc, jsonl, size / 1e6


# ------------------------------------------------------------------------------------------------ the rows


def time_calls(name: str, input_name: str, call: Callable[[str], object], inputs: Iterator[str],
               documents: int) -> Row:
    """Time ``call`` on each input (producing the input is not timed), after one warm-up call."""
    seconds = 0.0
    size = 0
    first = True
    for value in inputs:
        if first:
            call(value)
            first = False
        size += len(value.encode("utf-8"))
        started = time.perf_counter()
        call(value)
        seconds += time.perf_counter() - started
    return Row(name, input_name, documents, size / 1e6, seconds)


def read_texts(files: list[Path]) -> Iterator[str]:
    for path in files:
        yield path.read_text(encoding="utf-8")


class PeakMemory:
    """Samples the RSS of a process and its descendants every 50 ms; keeps the peaks (MB), and the last CPU
    times seen of each process (their sum is the CPU the batch used, less the last 50 ms)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.main = self.total = 0.0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.process.memory_info().rss
                total = main
                times = self.process.cpu_times()
                self.cpu[self.process.pid] = times.user + times.system
                for child in self.process.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                        times = child.cpu_times()
                        self.cpu[child.pid] = times.user + times.system
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.main, self.total = max(self.main, main / 1e6), max(self.total, total / 1e6)
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_batch_command(folder: Path, workdir: Path, workers: int, megabytes: float, documents: int) -> Row:
    output = workdir / f"out-{workers}"
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "cleaner.cli", "batch", str(folder), str(output), "--workers", str(workers),
               "--quiet", "--timeout", "600"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    memory = PeakMemory(process.pid)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"cleaner batch failed ({process.returncode}): {stderr.decode()[-2000:]}")
    written = sum(1 for _ in output.rglob("*.txt"))
    shutil.rmtree(output, ignore_errors=True)
    return Row(f"batch-{workers}", "text files", written, megabytes, seconds, memory.main, memory.total,
               sum(memory.cpu.values()), f"`cleaner batch --workers {workers}`, wall time of the command")


def run_batch_on_records(name: str, source: Path, workdir: Path, megabytes: float) -> Row:
    """``cleaner batch SOURCE out.jsonl --workers 2`` as a command: wall time, peak memory, CPU."""
    output = workdir / f"out-{name}.jsonl"
    command = [sys.executable, "-m", "cleaner.cli", "batch", str(source), str(output), "--workers", "2",
               "--quiet", "--timeout", "600"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    memory = PeakMemory(process.pid)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"cleaner batch failed ({process.returncode}): {stderr.decode()[-2000:]}")
    with output.open("rb") as stream:
        written = sum(1 for _ in stream)
    output.unlink()
    return Row(name, source.name, written, megabytes, seconds, memory.main, memory.total, sum(memory.cpu.values()),
               f"`cleaner batch {source.name} out.jsonl --workers 2`, wall time of the command (MB: the HTML)")


def run_dask(folder: Path, workdir: Path, megabytes: float) -> Row:
    from distributed import Client, LocalCluster

    from cleaner.batch import BatchOptions, run_batch

    output = workdir / "out-dask"
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        startup = time.perf_counter() - started
        client.run(_warm_up)
        started = time.perf_counter()
        report = run_batch(folder, output, options=BatchOptions(dask=client.scheduler.address, timeout_s=600))
        seconds = time.perf_counter() - started
        workers_mb = client.run(_rss_mb)
    shutil.rmtree(output, ignore_errors=True)
    if report.failed:
        raise SystemExit(f"the Dask batch had {report.failed} failures")
    return Row("dask", "text files", report.cleaned, megabytes, seconds,
               note=f"`cleaner batch --dask`, LocalCluster of 2 worker processes (start-up {startup:.1f} s, untimed); "
                    f"worker RSS at the end: {', '.join(f'{mb:.0f} MB' for mb in workers_mb.values())}")


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss / 1e6)


def _warm_up() -> None:
    import cleaner

    cleaner.clean("Warm-up\n\nThe council met on Monday and agreed on the plan for the new road.")


def justext_call() -> Callable[[str], object]:
    import justext

    stoplist = justext.get_stoplist("English")

    def extract(text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            return ""
        body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
        document = f"<html><head><meta charset=\"utf-8\"></head><body>\n{body}\n</body></html>"
        return "\n\n".join(p.text for p in justext.justext(document, stoplist) if not p.is_boilerplate)

    return extract


def trafilatura_call() -> Callable[[str], object]:
    import trafilatura

    def extract(page: str) -> str:
        return trafilatura.extract(page, include_comments=False, include_tables=True) or ""

    return extract


# ----------------------------------------------------------------------------------------------- reporting


def table(rows: list[Row]) -> str:
    lines = ["| system | input | documents | seconds | docs/s | MB/s | CPU s | peak memory (main / all processes) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        memory = f"{row.peak_main_mb:.0f} MB / {row.peak_total_mb:.0f} MB" if row.peak_total_mb else "–"
        cpu = f"{row.cpu_seconds:.1f}" if row.cpu_seconds else "–"
        lines.append(f"| {row.system} | {row.input} | {row.documents:,} | {row.seconds:.1f} | "
                     f"{row.docs_per_s:.1f} | {row.mb_per_s:.2f} | {cpu} | {memory} |")
    return "\n".join(lines)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version(), "cores": str(os.cpu_count())}
    for package in ("cleaner", "trafilatura", "justext", "dask", "distributed", "lxml", "warcio"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000, help="documents to generate (default 20 000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--html-documents", type=int, default=2000,
                        help="HTML pages for the WARC and JSONL rows (default 2 000)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "cleaner-throughput",
                        help="where the generated documents and outputs go")
    parser.add_argument("--only", action="append", choices=SYSTEMS, default=[], help="run these rows (repeatable)")
    parser.add_argument("--repeats", type=int, default=1, help="alternate batch-1/batch-2 this often; keep the median")
    parser.add_argument("--no-write", action="store_true", help="print the table, write no results file")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 when batch-2 < {RATIO_BAR} x batch-1, or batch-warc < {WARC_BAR} x "
                             "batch-jsonl-html")
    args = parser.parse_args(argv)
    only = set(args.only or SYSTEMS)
    args.workdir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    folder = generate(args.workdir, args.documents, args.seed)
    files = text_files(folder)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files):,} documents, {megabytes:.1f} MB of text, in {folder} "
          f"(ready in {time.perf_counter() - started:.0f} s)", file=sys.stderr)

    rows: list[Row] = []

    def add(row: Row) -> None:
        rows.append(row)
        print(f"  {row.system:<12} {row.documents:>7,} docs {row.seconds:8.1f} s {row.docs_per_s:8.1f} docs/s "
              f"{row.mb_per_s:6.2f} MB/s", file=sys.stderr)

    if "clean" in only:
        import cleaner

        add(time_calls("clean", "text", cleaner.clean, read_texts(files), len(files)))
    batch_runs: dict[int, list[Row]] = {1: [], 2: []}
    for _ in range(args.repeats):
        for workers in (1, 2):
            if f"batch-{workers}" in only:
                batch_runs[workers].append(run_batch_command(folder, args.workdir, workers, megabytes, len(files)))
                print(f"  batch-{workers}: {batch_runs[workers][-1].seconds:.1f} s", file=sys.stderr)
    for workers in (1, 2):
        if batch_runs[workers]:  # the median run (the best one too, when the machine is shared: see the JSON)
            add(sorted(batch_runs[workers], key=lambda row: row.seconds)[len(batch_runs[workers]) // 2])
    if "dask" in only:
        add(run_dask(folder, args.workdir, megabytes))
    if "justext" in only:
        add(time_calls("justext", "text", justext_call(), read_texts(files), len(files)))
    if "trafilatura" in only:
        add(time_calls("trafilatura", "HTML", trafilatura_call(), html_pages(len(files), args.seed), len(files)))
    record_runs: dict[str, list[Row]] = {"batch-warc": [], "batch-jsonl-html": []}
    if only & set(record_runs):
        warc, jsonl, html_megabytes = generate_html_inputs(args.workdir, args.html_documents, args.seed)
        for _ in range(args.repeats):
            for name, source in (("batch-warc", warc), ("batch-jsonl-html", jsonl)):
                if name in only:
                    record_runs[name].append(run_batch_on_records(name, source, args.workdir, html_megabytes))
                    print(f"  {name}: {record_runs[name][-1].seconds:.1f} s", file=sys.stderr)
        for runs in record_runs.values():
            if runs:
                add(sorted(runs, key=lambda row: row.seconds)[len(runs) // 2])
    warc_ratio = None
    if record_runs["batch-warc"] and record_runs["batch-jsonl-html"]:
        warc_ratio = (statistics.median(r.seconds for r in record_runs["batch-jsonl-html"])
                      / statistics.median(r.seconds for r in record_runs["batch-warc"]))

    print(table(rows))
    ratio = best_ratio = None
    if batch_runs[1] and batch_runs[2]:
        ratio = (statistics.median(r.seconds for r in batch_runs[1])
                 / statistics.median(r.seconds for r in batch_runs[2]))
        best_ratio = min(r.seconds for r in batch_runs[1]) / min(r.seconds for r in batch_runs[2])
        verdict = "meets" if ratio >= RATIO_BAR else "is BELOW"
        print(f"\nbatch with 2 workers: {ratio:.2f} x the throughput of 1 worker, median of {args.repeats} "
              f"alternated runs ({verdict} the {RATIO_BAR} x bar); best runs: {best_ratio:.2f} x")
    if warc_ratio is not None:
        verdict = "meets" if warc_ratio >= WARC_BAR else "is BELOW"
        print(f"batch on a WARC file: {warc_ratio:.2f} x the throughput on the same pages as JSONL records, median "
              f"of {args.repeats} alternated runs ({verdict} the {WARC_BAR} x bar)")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d")
        command = "python benchmarks/throughput.py " + " ".join(argv if argv is not None else sys.argv[1:])
        (RESULTS / "throughput.md").write_text(
            f"# Throughput ({stamp}, `{command.strip()}`)\n\n{len(files):,} generated documents, "
            f"{megabytes:.1f} MB of text.\n\n{table(rows)}\n\n"
            + (f"batch-2 / batch-1 throughput: {ratio:.2f} (medians of {args.repeats} alternated runs), "
               f"{best_ratio:.2f} (best runs)\n" if ratio and best_ratio else "")
            + (f"batch-warc / batch-jsonl-html throughput: {warc_ratio:.2f} (medians of {args.repeats} alternated "
               f"runs, {args.html_documents:,} pages)\n" if warc_ratio else ""), encoding="utf-8")
        (RESULTS / "throughput.json").write_text(json.dumps({
            "date": stamp, "command": command.strip(), "documents": len(files), "megabytes": megabytes,
            "versions": versions(), "ratio_2_to_1_workers": ratio, "ratio_2_to_1_workers_best_runs": best_ratio,
            "rows": [{**asdict(row), "docs_per_s": row.docs_per_s, "mb_per_s": row.mb_per_s} for row in rows],
            "batch_runs": {str(k): [asdict(r) for r in v] for k, v in batch_runs.items()},
            "ratio_warc_to_jsonl_html": warc_ratio,
            "record_runs": {k: [asdict(r) for r in v] for k, v in record_runs.items()},
        }, indent=2) + "\n", encoding="utf-8")
    below = ratio is not None and ratio < RATIO_BAR or warc_ratio is not None and warc_ratio < WARC_BAR
    return 1 if args.check and below else 0


if __name__ == "__main__":
    sys.exit(main())
