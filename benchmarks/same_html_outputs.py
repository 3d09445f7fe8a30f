#!/usr/bin/env python3
"""Does a speed change of ``clean_html`` keep every output? Clean every page of corpus/bench and compare.

Run from the repository root::

    python benchmarks/same_html_outputs.py --write /tmp/html-before    # once, before the change
    python benchmarks/same_html_outputs.py --check /tmp/html-before    # after: lists every page whose output moved

Each page of each set (zyte, wcxb, multilingual), read as the benchmark reads it
(``benchsets.load_page``), goes through ``cleaner.clean_html`` with the default ``Config``; the whole
``Article.to_dict()`` is kept (body, metadata, every removal with its rule and offsets, the normalisation
steps), one JSON line per page. ``--check`` compares line by line and names the fields that differ.
``--jobs`` spreads the pages over processes. The text path has its own check, ``same_outputs.py``.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- sibling module: the sets and their pages
from same_outputs import compare, store, stored_outputs  # noqa: E402 -- the same files and comparison


def output_of(item: tuple[str, str]) -> tuple[str, str]:
    """(key, JSON line) of one page: its article with the default ``Config``, or the error it raised."""
    import cleaner

    set_name, page_id = item
    page = benchsets.load_page(set_name, page_id)
    try:
        record = {"default": cleaner.clean_html(page, config=cleaner.Config()).to_dict()}
    except cleaner.CleanerError as exc:
        record = {"error": f"{type(exc).__name__}: {exc}"}
    return f"{set_name}/{page_id}", json.dumps(record, ensure_ascii=False, sort_keys=True)


def all_outputs(jobs: int, set_names: tuple[str, ...]) -> dict[str, str]:
    items = [(set_name, page_id) for set_name in set_names for page_id in benchsets.load_ids(set_name)]
    if jobs == 1:
        return dict(map(output_of, items))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return dict(pool.imap(output_of, items, chunksize=8))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR", help="store the outputs in DIR/html-outputs.jsonl")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare with the outputs stored in DIR")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default: 2)")
    parser.add_argument("--set", action="append", choices=benchsets.SET_NAMES,
                        help="only this set (repeatable; default: all three)")
    args = parser.parse_args(argv)
    set_names = tuple(args.set) if args.set else benchsets.SET_NAMES
    outputs = all_outputs(args.jobs, set_names)
    if args.write is not None:
        return store(outputs, args.write / "html-outputs.jsonl")
    stored = stored_outputs(args.check / "html-outputs.jsonl")
    return compare({key: line for key, line in stored.items() if key.split("/", 1)[0] in set_names}, outputs)


if __name__ == "__main__":
    sys.exit(main())
