#!/usr/bin/env python3
"""clean_html's speed against trafilatura's default extraction, repeated: is it at least as fast?

Run from the repository root::

    python benchmarks/html_speed.py            # 6 runs over the 121 pages of corpus/bench/zyte
    python benchmarks/html_speed.py --runs 3 --set wcxb

One run of ``quality.py --only html --set zyte`` gives one pair of pages/s figures, and on a shared two-core machine a
single pair moves by several per cent. This script times only the two systems, with the same method
(pages gunzipped and decoded first, blocks of ``HTML_BLOCK_PAGES`` pages, the order rotated from block
to block, clean_html cross-validated as in the quality table), several times, and prints each run's
ratio (clean_html pages/s divided by trafilatura's) and the median, after one untimed pass over the
pages. Nothing is written.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- the benchmark's own pages and extractors, so both scripts time alike
import quality  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=6, help="how many timed passes over the pages")
    parser.add_argument("--set", default="zyte", choices=benchsets.SET_NAMES, help="the pages (default: zyte)")
    args = parser.parse_args(argv)
    ids = benchsets.load_ids(args.set)
    pages = {page_id: benchsets.load_page(args.set, page_id) for page_id in ids}
    try:
        cleaner_extract = quality.make_cleaner_html(args.set)
    except quality.Unavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    trafilatura_extract = quality.make_trafilatura(args.set)
    systems = {"clean_html": cleaner_extract, "trafilatura": trafilatura_extract}
    # One untimed pass over every page, not one page: the first pass over a set is about half as fast for
    # both systems (lazy imports, dateparser's locales, every library's caches of names and patterns), and
    # each timed run below repeats the same pages, so each starts from the state a second pass has.
    quality.interleaved_pass(systems, pages)
    ratios = []
    for number in range(args.runs):
        seconds = quality.interleaved_pass(systems, pages)
        ratios.append(seconds["trafilatura"] / seconds["clean_html"])
        print(f"run {number + 1}: clean_html {len(ids) / seconds['clean_html']:.1f} pages/s, "
              f"trafilatura {len(ids) / seconds['trafilatura']:.1f} pages/s, ratio {ratios[-1]:.3f}")
    print(f"median ratio {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
