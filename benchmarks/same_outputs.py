#!/usr/bin/env python3
"""Does a speed change keep every output? Clean every text rendering of corpus/bench and compare.

Run from the repository root::

    python benchmarks/same_outputs.py --write /tmp/before    # once, before the change
    python benchmarks/same_outputs.py --check /tmp/before    # after: lists every page whose output moved

Each page of each set (zyte, wcxb, multilingual), in both renderings (text/recall, text/full), is cleaned
with the default ``Config`` and, a second time, with the language the first run found given in the
``Config`` (the path that skips identification); the whole ``Article.to_dict()`` is kept (body, metadata,
every removal with its rule and offsets, the normalisation steps), one JSON line per page. ``--check``
compares line by line and names the field that differs. ``--jobs`` spreads the pages over processes.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchsets  # noqa: E402 -- sibling module: the sets and their pages

RENDERINGS = ("text/recall", "text/full")


def outputs_of(item: tuple[str, str, str]) -> tuple[str, str]:
    """(key, JSON line) of one page in one rendering: the article by default, and with its language given."""
    import dataclasses

    import cleaner

    set_name, rendering, page_id = item
    text = benchsets.load_text(set_name, rendering, page_id)
    config = cleaner.Config()
    try:
        article = cleaner.clean(text, config=config, allow_markup=True)
    except cleaner.CleanerError as exc:
        return f"{set_name}/{rendering}/{page_id}", json.dumps({"error": f"{type(exc).__name__}: {exc}"})
    record: dict[str, Any] = {"default": article.to_dict()}
    if article.language:
        given = cleaner.clean(text, config=dataclasses.replace(config, language=article.language),
                              allow_markup=True)
        record["given"] = given.to_dict()
    return f"{set_name}/{rendering}/{page_id}", json.dumps(record, ensure_ascii=False, sort_keys=True)


def all_outputs(jobs: int) -> dict[str, str]:
    items = [(set_name, rendering, page_id) for set_name in benchsets.SET_NAMES
             for rendering in RENDERINGS for page_id in benchsets.load_ids(set_name)]
    if jobs == 1:
        return dict(map(outputs_of, items))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return dict(pool.imap(outputs_of, items, chunksize=8))


def differing_fields(before: str, after: str) -> list[str]:
    """The top-level fields of the two records (and of their articles) that differ."""
    old, new = json.loads(before), json.loads(after)
    fields = []
    for variant in sorted(set(old) | set(new)):
        if not isinstance(old.get(variant), dict) or not isinstance(new.get(variant), dict):
            if old.get(variant) != new.get(variant):
                fields.append(variant)
            continue
        fields += [f"{variant}.{key}" for key in sorted(set(old[variant]) | set(new[variant]))
                   if old[variant].get(key) != new[variant].get(key)]
    return fields


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR", help="store the outputs in DIR/outputs.jsonl")
    mode.add_argument("--check", type=Path, metavar="DIR", help="compare with the outputs stored in DIR")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default: 2)")
    args = parser.parse_args(argv)
    outputs = all_outputs(args.jobs)
    if args.write is not None:
        return store(outputs, args.write / "outputs.jsonl")
    return compare(stored_outputs(args.check / "outputs.jsonl"), outputs)


def store(outputs: dict[str, Any], path: Path) -> int:
    """Write ``outputs`` (key -> output) to ``path``, one JSON line each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        for key, line in outputs.items():
            stream.write(json.dumps([key, line], ensure_ascii=False) + "\n")
    print(f"{len(outputs)} outputs written to {path}")
    return 0


def stored_outputs(path: Path) -> dict[str, Any]:
    """The outputs ``store`` wrote to ``path``."""
    with path.open(encoding="utf-8") as stream:
        return dict(json.loads(line) for line in stream)


def compare(stored: dict[str, Any], outputs: dict[str, Any]) -> int:
    """Print each key whose output differs (and in which fields) and the count; 1 when any differs."""
    differences = 0
    for key in sorted(set(stored) | set(outputs)):
        if stored.get(key) != outputs.get(key):
            differences += 1
            if key not in stored or key not in outputs:
                print(f"{key}: only {'after' if key in outputs else 'before'}")
            else:
                print(f"{key}: {', '.join(differing_fields(stored[key], outputs[key]))}")
    print(f"{len(outputs)} outputs, {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
