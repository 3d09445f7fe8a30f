"""Memory at scale: the peak RSS of ``cleaner batch`` on 10 000 documents against 1 000 (streaming stays flat).

    python benchmarks/memory.py                          # 1 000 and 10 000 documents, 2 workers, 3 kinds
    python benchmarks/memory.py --input jsonl --workers 1 --repeats 2
    python benchmarks/memory.py --check                  # exit 1 when a ratio is over the bar

**Corpus.** The text documents of ``throughput.py`` (its generator: document *i* is page *i* mod 121 of
``corpus/bench/zyte`` with varied boilerplate), written once per size under ``--workdir``
(``n1000/docs/``, ``n10000/docs/``): the small batch is the first ``--small`` documents of the large one.
For the JSONL inputs the same documents are written once as ``n1000/docs.jsonl`` and ``n10000/docs.jsonl``,
one ``{"id": relative name, "text": text}`` record a line.

**Runs.** ``cleaner batch docs/ out/`` (input ``folder``: one text file out per document), ``cleaner batch
docs.jsonl out.jsonl`` (input ``jsonl``: one JSONL stream in, one out, with its checkpoint) and ``cleaner batch
docs.jsonl out/`` (input ``jsonl-to-folder``: a file per record, named after its id, a repeated id refused),
each as a command with ``--workers N --quiet``. ``throughput.PeakMemory`` samples every 50 ms the RSS of
the main process and the sum over main, fork server and workers (shared pages count once per process: the
sum overstates, the same way at both sizes). The sizes alternate ``--repeats`` times; each keeps its median.

**Bar.** Streaming means memory does not grow with the number of documents: the peak on the large batch
at most 10 % over the peak on the small one (``--bar``), for the main process and for the total.
Results go to ``benchmarks/results/memory.md`` and ``.json`` (``--no-write`` to skip); ``--check`` exits 1
when a ratio is over the bar. The first run (2026-12-07) found ``jsonl-to-folder`` growing: the output
names of the ids were kept in a dict, about 115 bytes a record (README, "Memory").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput  # noqa: E402 -- sibling module: the corpus generator and the memory sampler

RESULTS = throughput.RESULTS
#: Input kind: (source, output).
INPUTS = {"folder": ("folder", "folder"), "jsonl": ("jsonl", "jsonl"), "jsonl-to-folder": ("jsonl", "folder")}
#: The large batch's peak may be at most this much over the small batch's.
BAR = 0.10


@dataclass
class Run:
    input: str
    documents: int
    workers: int
    seconds: float
    peak_main_mb: float
    peak_total_mb: float


def corpus(workdir: Path, documents: int, seed: int) -> tuple[Path, Path]:
    """The first ``documents`` generated documents as a folder and as a JSONL file (each written once)."""
    root = workdir / f"n{documents}"
    root.mkdir(parents=True, exist_ok=True)
    folder = throughput.generate(root, documents, seed)
    jsonl = root / "docs.jsonl"
    stamp = root / "jsonl-manifest.json"
    manifest = (root / "manifest.json").read_text(encoding="utf-8")
    if not jsonl.exists() or not stamp.exists() or stamp.read_text(encoding="utf-8") != manifest:
        with jsonl.open("w", encoding="utf-8") as stream:
            for path in throughput.text_files(folder):
                record = {"id": path.relative_to(folder).as_posix(), "text": path.read_text(encoding="utf-8")}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        stamp.write_text(manifest, encoding="utf-8")
    return folder, jsonl


def run_batch(kind: str, source: Path, workdir: Path, workers: int, documents: int) -> Run:
    """``cleaner batch SOURCE OUTPUT --workers N`` as a command, its peak memory sampled."""
    to_jsonl = INPUTS[kind][1] == "jsonl"
    output = workdir / ("out.jsonl" if to_jsonl else "out")
    shutil.rmtree(output, ignore_errors=True)
    output.unlink(missing_ok=True)
    command = [sys.executable, "-m", "cleaner.cli", "batch", str(source), str(output), "--workers", str(workers),
               "--quiet", "--timeout", "600"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    memory = throughput.PeakMemory(process.pid)
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"cleaner batch failed ({process.returncode}): {stderr.decode()[-2000:]}")
    if to_jsonl:
        with output.open("rb") as stream:
            written = sum(1 for _ in stream)
        output.unlink()
    else:
        written = sum(1 for _ in output.rglob("*.txt"))
        shutil.rmtree(output)
    if written != documents:
        raise SystemExit(f"cleaner batch wrote {written} documents of {documents}")
    return Run(kind, documents, workers, seconds, memory.main, memory.total)


def median_run(runs: list[Run]) -> Run:
    """A run with the median peaks (each peak's median: the two may come from different runs)."""
    return Run(runs[0].input, runs[0].documents, runs[0].workers, statistics.median(r.seconds for r in runs),
               statistics.median(r.peak_main_mb for r in runs), statistics.median(r.peak_total_mb for r in runs))


def table(pairs: list[tuple[Run, Run]], bar: float) -> str:
    columns = ("input", "workers", "documents", "seconds", "peak main", "peak all processes", "main ratio",
               "all ratio", "verdict")
    lines = ["| " + " | ".join(columns) + " |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for small, large in pairs:
        main, total = large.peak_main_mb / small.peak_main_mb, large.peak_total_mb / small.peak_total_mb
        verdict = "flat" if max(main, total) <= 1 + bar else "GROWS"
        for run in (small, large):
            ratios = f"{main:.3f} | {total:.3f} | {verdict}" if run is large else "| |"
            lines.append(f"| {run.input} | {run.workers} | {run.documents:,} | {run.seconds:.1f} | "
                         f"{run.peak_main_mb:.1f} MB | {run.peak_total_mb:.1f} MB | {ratios} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000, help="the large batch (default 10 000)")
    parser.add_argument("--small", type=int, default=1_000, help="the small batch (default 1 000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of both batches (default 2)")
    parser.add_argument("--input", action="append", choices=list(INPUTS), default=[],
                        help="folder (text files in, text files out), jsonl (JSONL in and out) or jsonl-to-folder "
                             "(JSONL in, text files out); repeatable, default all three")
    parser.add_argument("--repeats", type=int, default=1, help="alternate the two sizes this often; keep medians")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bar", type=float, default=BAR, help=f"the growth allowed (default {BAR})")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "cleaner-memory",
                        help="where the generated documents and outputs go")
    parser.add_argument("--no-write", action="store_true", help="print the table, write no results file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a peak grows past the bar")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    inputs = args.input or list(INPUTS)
    sources = {size: corpus(args.workdir, size, args.seed) for size in (args.small, args.documents)}

    pairs: list[tuple[Run, Run]] = []
    for kind in inputs:
        runs: dict[int, list[Run]] = {args.small: [], args.documents: []}
        for _ in range(args.repeats):
            for size in (args.small, args.documents):
                folder, jsonl = sources[size]
                source = folder if INPUTS[kind][0] == "folder" else jsonl
                run = run_batch(kind, source, args.workdir, args.workers, size)
                runs[size].append(run)
                print(f"  {kind:<15} {size:>7,} docs {run.seconds:7.1f} s  peak {run.peak_main_mb:6.1f} MB main, "
                      f"{run.peak_total_mb:6.1f} MB all", file=sys.stderr)
        pairs.append((median_run(runs[args.small]), median_run(runs[args.documents])))

    print(table(pairs, args.bar))
    grows = any(large.peak_main_mb > (1 + args.bar) * small.peak_main_mb
                or large.peak_total_mb > (1 + args.bar) * small.peak_total_mb for small, large in pairs)
    print(f"\n{args.documents:,} against {args.small:,} documents: "
          + ("a peak GROWS past" if grows else "every peak within") + f" the {args.bar:.0%} bar")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d")
        command = ("python benchmarks/memory.py " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
        (RESULTS / "memory.md").write_text(
            f"# Memory ({stamp}, `{command}`)\n\nPeak RSS of `cleaner batch` sampled every 50 ms (the median of "
            f"{args.repeats} run(s) per size, the sizes alternated); ratio: {args.documents:,} documents against "
            f"{args.small:,}, bar {1 + args.bar:.2f}.\n\n{table(pairs, args.bar)}\n", encoding="utf-8")
        (RESULTS / "memory.json").write_text(json.dumps({
            "date": stamp, "command": command, "versions": throughput.versions(), "bar": args.bar,
            "pairs": [{"small": asdict(small), "large": asdict(large),
                       "ratio_main": large.peak_main_mb / small.peak_main_mb,
                       "ratio_total": large.peak_total_mb / small.peak_total_mb} for small, large in pairs],
        }, indent=2) + "\n", encoding="utf-8")
    return 1 if args.check and grows else 0


if __name__ == "__main__":
    sys.exit(main())
